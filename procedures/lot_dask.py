"""`procedure lot --generer --dask tcp://host:8786`: the same unit of work on a Dask distributed cluster.

One task per dossier: `generer_dossier` with its path, one report line back. Each worker keeps its own
converter (a worker plugin: LibreOffice started at its first document, stopped with the worker). The
folders live on storage every worker mounts at the same path, and each dossier's lock still holds there.

A worker that dies mid-dossier leaves the dossier as `next` would after a crash: files are made in a
private staging folder and moved into place, the case file is replaced atomically. The scheduler gives the
task to another worker; a dossier that has killed several workers comes back as a failed line (KilledWorker).
Needs the optional `distributed` package (`pip install "procedure[dask]"`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from procedures.erreurs import ProcedureError
from procedures.lot_dossier import LigneGeneration, OptionsLot, generer_dossier
from procedures.pdf import ConvertisseurPartage

try:
    from distributed import Client, WorkerPlugin, as_completed, get_worker
except ImportError as exc:
    raise ProcedureError('--dask demande le paquet « distributed » : pip install "procedure[dask]"') from exc

NOM_PLUGIN = "procedure-convertisseur"
DELAI_CONNEXION = "20s"


class PluginConvertisseur(WorkerPlugin):
    """Worker plugin: one converter per worker for all its tasks, with an instance per worker thread."""

    name = NOM_PLUGIN

    def __init__(self, pdfa: bool):
        self.pdfa = pdfa
        self.convertisseur = None

    def setup(self, worker) -> None:
        self.convertisseur = ConvertisseurPartage(instances=max(1, worker.state.nthreads), pdfa=self.pdfa)

    def teardown(self, worker) -> None:
        if self.convertisseur is not None:
            self.convertisseur.fermer()


def _tache(chemin: str, options: OptionsLot) -> LigneGeneration:
    plugin = get_worker().plugins.get(NOM_PLUGIN)
    return generer_dossier(chemin, options, plugin.convertisseur if plugin else None)


def generer_sur_dask(
    adresse: str, chemins: list[Path], options: OptionsLot, noter: Callable[[LigneGeneration], None]
) -> None:
    """Run every dossier of `chemins` on the cluster at `adresse`; `noter` gets each line as it comes."""
    try:
        client = Client(adresse, timeout=DELAI_CONNEXION)
    except (OSError, TimeoutError) as exc:
        raise ProcedureError(f"Grappe Dask injoignable à {adresse} : {exc}") from None
    with client:
        client.register_plugin(PluginConvertisseur(options.pdfa), name=NOM_PLUGIN)
        # Sent once to every worker rather than inside each task: with --verifier-en-ligne the options carry
        # the BODACC's answers for every debtor of the run.
        [options_partagees] = client.scatter([options], broadcast=True, hash=False)
        # pure=False: a dossier is worth running each time it is asked, never served from a cache
        travaux = client.map(_tache, [str(c) for c in chemins], options=options_partagees, pure=False)
        chemin_de = {travail.key: str(chemin) for travail, chemin in zip(travaux, chemins)}
        try:
            for travail in as_completed(travaux):
                try:
                    noter(travail.result())
                except Exception as exc:  # the task itself never raises: its workers died (KilledWorker)
                    noter(
                        LigneGeneration(
                            chemin_de[travail.key],
                            "echec",
                            erreur=f"dossier non traité : {type(exc).__name__} : {exc} (les "
                            "travailleurs Dask qui le préparaient se sont arrêtés ; ses "
                            "fichiers sont tels qu'avant ou complets et notés)",
                        )
                    )
        except BaseException:
            client.cancel(travaux)
            raise
