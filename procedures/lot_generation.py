"""`procedure lot --generer`: the step due today for every dossier below a folder, at LibreOffice speed.

Each dossier goes through `generer_etape`, the function behind `procedure next`: same documents, same
edit protection, same recorded event. What `lot` adds is deciding, under the dossier's lock, whether
there is anything to do today (a step waiting for its date, a blocked case, a step not asked for, or one
already prepared since the case last moved), and doing it for thousands of dossiers with fixed costs
paid once:
- the work runs on worker processes, each keeping one LibreOffice instance for the whole run (opened at
  its first document): while one worker renders a DOCX, the other's LibreOffice converts, so rendering
  and conversion overlap on the cores;
- a dossier another command holds is not waited for: it is reported as busy;
- one broken dossier becomes a line of the report, never the end of the run.

The unit of work, `generer_dossier` (`procedures.lot_dossier`), takes one dossier path and returns one report
line: it runs the same on a Dask cluster (`procedures.lot_dask`).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing.util
import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from procedures.erreurs import EtapeRefusee, ProcedureError
from procedures.lot import libelle_dossier, message_inattendu, trouver_dossiers
from procedures.lot_dossier import LigneGeneration, OptionsLot, generer_dossier
from procedures.lot_en_ligne import Publications, publications, sirens_des_dossiers
from procedures.machine import ETAPES
from procedures.pdf import ConvertisseurPartage, arret_sur_signal
from procedures.stockage import ecrire_atomique
from procedures.taux import charger_taux

if TYPE_CHECKING:
    from procedures.reseau import Transport

# What happened to a dossier, in the order the summary lists them.
STATUTS = {
    "genere": "générés",
    "prevu": "prévus (essai)",
    "deja_fait": "déjà préparés",
    "en_attente": "en attente",
    "bloque": "bloqués",
    "non_demande": "étape non demandée",
    "occupe": "occupés",
    "echec": "en échec",
}
STATUTS_ECHEC = frozenset({"echec", "occupe"})
PROCESSUS_ARRETE = (
    "dossier non traité : le processus qui le préparait s'est arrêté brutalement (mémoire "
    "épuisée ?) ; ses fichiers sont tels qu'avant ou complets et notés, jamais à moitié écrits"
)
# Rows of the summary that are not a step to prepare.
_ETIQUETTES = {"aucune": "aucune étape possible", "": "dossier illisible ou invalide"}
COLONNES_CSV = (
    "dossier",
    "reference",
    "etat",
    "etape",
    "statut",
    "montant_du",
    "possible_le",
    "motif",
    "fichiers",
    "erreur",
)

Progression = Callable[[int, int, int], None]


@dataclass
class RapportGeneration:
    racine: str
    date: date
    essai: bool
    lignes: list[LigneGeneration] = field(default_factory=list)
    duree: float = 0.0
    publications: Publications | None = None
    rapports: tuple[Path, ...] = ()  # the report files written

    @property
    def documents(self) -> int:
        return sum(ligne.documents for ligne in self.lignes)

    @property
    def nb_echecs(self) -> int:
        return sum(ligne.statut in STATUTS_ECHEC for ligne in self.lignes)

    def par_etape(self) -> dict[str, Counter]:
        """For each step (in the order of the procedure), how many dossiers ended in each status."""
        comptes: dict[str, Counter] = {}
        for ligne in self.lignes:
            comptes.setdefault(ligne.etape or "", Counter())[ligne.statut] += 1
        ordre = {etape: i for i, etape in enumerate(ETAPES)}
        return dict(sorted(comptes.items(), key=lambda e: ordre.get(e[0], len(ordre))))


# -- worker processes --------------------------------------------------------------------------------

_CONVERTISSEUR = None
_OPTIONS: OptionsLot | None = None


def _initialiser(options: OptionsLot) -> None:
    """In each worker process: the run's options and its converter for the whole run, closed when the worker
    exits. The options come once per worker, not with each task: with --verifier-en-ligne they carry the
    BODACC's answers for every debtor of the run."""
    global _CONVERTISSEUR, _OPTIONS
    _OPTIONS = options
    _CONVERTISSEUR = ConvertisseurPartage(instances=1, pdfa=options.pdfa)
    # multiprocessing ends its workers without running atexit: its own finalizers do run
    multiprocessing.util.Finalize(None, _CONVERTISSEUR.fermer, exitpriority=10)


def _generer_dans_travailleur(chemin: Path) -> LigneGeneration:
    return generer_dossier(chemin, _OPTIONS, _CONVERTISSEUR)


def generer_lot(
    dossier_racine: Path | str,
    date_reference: date | None = None,
    processus: int | None = None,
    etapes: frozenset[str] | set[str] | None = None,
    essai: bool = False,
    pdf: bool = True,
    pdfa: bool = False,
    fichier_taux: Path | None = None,
    progression: Progression | None = None,
    dask: str | None = None,
    aujourd_hui: date | None = None,
    rapports: tuple[Path, ...] | list[Path] = (),
    verifier_en_ligne: bool = False,
    transport_bodacc: Transport | None = None,
) -> RapportGeneration:
    """Run the due step of every dossier below `dossier_racine` (see the module's doc).

    `processus`: worker processes, each with one LibreOffice (default: one per core; 1 works in this
    process). `dask`: a scheduler address (tcp://host:8786) to run on a Dask cluster instead. `rapports`:
    CSV or JSON files to write the report to, checked before anything runs. `verifier_en_ligne`: ask the
    BODACC about the debtors first (procedures.lot_en_ligne).
    `progression(faits, total, documents)` is called once the dossiers are found, then after each.
    Raises only when the folder itself, the rate file or the options are unusable."""
    aujourd_hui = aujourd_hui or date.today()
    jour = date_reference or aujourd_hui
    if jour > aujourd_hui and not essai:
        raise EtapeRefusee(
            f"--date {jour.isoformat()} est dans le futur : on ne prépare que ce que la loi permet "
            "aujourd'hui (utilisez --dry-run pour voir ce qui serait produit)."
        )
    inconnues = sorted(set(etapes or ()) - set(ETAPES))
    if inconnues:
        raise ProcedureError(
            f"--etapes : étape(s) inconnue(s) {', '.join(inconnues)} ; étapes possibles : "
            f"{', '.join(e for e in ETAPES if e not in ('aucune', 'attendre_echeance'))}"
        )
    if fichier_taux is not None:
        charger_taux(fichier_taux)  # a bad rate file is one error for the run, not one per dossier
    for chemin in rapports:
        _verifier_rapport(Path(chemin))
    options = OptionsLot(jour, frozenset(etapes) if etapes else None, essai, pdf, pdfa, fichier_taux, aujourd_hui)
    racine = Path(dossier_racine)
    debut = time.perf_counter()
    chemins, illisibles = trouver_dossiers(racine)
    lignes = [LigneGeneration(l.chemin, "echec", erreur=str(l.erreurs[0])) for l in illisibles]
    if verifier_en_ligne:
        sirens, sans_siren = sirens_des_dossiers(chemins, jour)
        options = replace(options, publications=publications(sirens, sans_siren, transport_bodacc))
    faits: list[LigneGeneration] = []
    documents = 0  # kept as it goes: summing every line at each dossier is quadratic on 10 000 dossiers

    def noter(ligne: LigneGeneration) -> None:
        nonlocal documents
        faits.append(ligne)
        documents += ligne.documents
        if progression:
            progression(len(faits), len(chemins), documents)

    if progression:
        progression(0, len(chemins), 0)
    with arret_sur_signal():
        if dask:
            # deferred: the network client `distributed` is needed on a cluster only
            from procedures.lot_dask import generer_sur_dask

            generer_sur_dask(dask, chemins, options, noter)
        else:
            _generer_localement(chemins, options, processus, noter)
    ordre = {str(c): i for i, c in enumerate(chemins)}
    lignes += sorted(faits, key=lambda l: ordre.get(l.chemin, -1))
    rapport = RapportGeneration(
        str(racine), jour, essai, lignes, time.perf_counter() - debut, options.publications, tuple(map(Path, rapports))
    )
    for chemin in rapport.rapports:
        ecrire_rapport(rapport, chemin)
    return rapport


def _generer_localement(
    chemins: list[Path], options: OptionsLot, processus: int | None, noter: Callable[[LigneGeneration], None]
) -> None:
    nombre = min(processus or os.cpu_count() or 1, len(chemins))
    if nombre <= 1:
        convertisseur = ConvertisseurPartage(instances=1, pdfa=options.pdfa)
        try:
            for chemin in chemins:
                noter(generer_dossier(chemin, options, convertisseur))
        finally:
            convertisseur.fermer()
        return
    restants = list(chemins)
    # A worker killed outright breaks the pool: the dossiers it had not finished go to a fresh pool once;
    # those still unfinished then are reported, never retried forever.
    for essai_pool in range(2):
        restants = _dans_un_pool(restants, options, nombre, noter, dernier=essai_pool == 1)
        if not restants:
            return


def _dans_un_pool(
    chemins: list[Path], options: OptionsLot, nombre: int, noter: Callable[[LigneGeneration], None], dernier: bool
) -> list[Path]:
    """Run `chemins` on a pool of `nombre` workers; returns those a broken pool left undone (none if
    `dernier`: they are reported instead)."""
    pool = ProcessPoolExecutor(nombre, initializer=_initialiser, initargs=(options,))
    # A few tasks ahead per worker, not all: Ctrl-C or a broken pool then leaves little queued.
    a_soumettre = list(reversed(chemins))
    travaux: dict[Future, Path] = {}
    casses: list[Path] = []
    try:
        while a_soumettre or travaux:
            while a_soumettre and not casses and len(travaux) < 2 * nombre:
                chemin = a_soumettre.pop()
                try:
                    travaux[pool.submit(_generer_dans_travailleur, chemin)] = chemin
                except BrokenProcessPool:
                    casses.append(chemin)
            if casses and not travaux:
                break
            finis, _ = wait(travaux, return_when=FIRST_COMPLETED)
            for travail in finis:
                chemin = travaux.pop(travail)
                try:
                    noter(travail.result())
                except BrokenProcessPool:
                    casses.append(chemin)
                except Exception as exc:  # a result that could not come back (pickling…)
                    noter(LigneGeneration(str(chemin), "echec", erreur=message_inattendu(exc)))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    restants = casses + list(reversed(a_soumettre))
    if dernier:
        for chemin in restants:
            noter(LigneGeneration(str(chemin), "echec", erreur=PROCESSUS_ARRETE))
        return []
    return restants


# -- the report ----------------------------------------------------------------------------------------


def _ligne_json(ligne: LigneGeneration) -> dict:
    d = asdict(ligne)
    d["montant_du"] = str(ligne.montant_du) if ligne.montant_du is not None else None
    d["possible_le"] = ligne.possible_le.isoformat() if ligne.possible_le else None
    d["fichiers"], d["messages"] = list(ligne.fichiers), list(ligne.messages)
    return d


def rapport_generation_json(rapport: RapportGeneration) -> dict:
    """The `lot --generer --json` object and the JSON report: one row per dossier, then the totals."""
    return {
        "racine": rapport.racine,
        "date": rapport.date.isoformat(),
        "essai": rapport.essai,
        "dossiers": [_ligne_json(ligne) for ligne in rapport.lignes],
        "par_etape": {etape or "": dict(comptes) for etape, comptes in rapport.par_etape().items()},
        "verification_en_ligne": rapport.publications.resume_json() if rapport.publications else None,
        "totaux": {
            "dossiers": len(rapport.lignes),
            "documents": rapport.documents,
            **{statut: n for statut, n in Counter(l.statut for l in rapport.lignes).items()},
            "duree_s": round(rapport.duree, 2),
        },
    }


def rapport_generation_csv(rapport: RapportGeneration) -> str:
    """One row per dossier, `;`-separated with decimal commas and a BOM: a French spreadsheet opens it
    as it is."""
    sortie = io.StringIO()
    sortie.write("\ufeff")
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(COLONNES_CSV)
    for ligne in rapport.lignes:
        ecrivain.writerow(
            [
                libelle_dossier(ligne.chemin, rapport.racine),
                ligne.reference or "",
                ligne.etat or "",
                ligne.etape or "",
                ligne.statut,
                f"{ligne.montant_du:.2f}".replace(".", ",") if ligne.montant_du is not None else "",
                ligne.possible_le.isoformat() if ligne.possible_le else "",
                ligne.motif,
                " | ".join(ligne.fichiers),
                ligne.erreur or "",
            ]
        )
    return sortie.getvalue()


def _est_un_rapport(chemin: Path) -> bool:
    try:
        with chemin.open(encoding="utf-8-sig") as flux:
            debut = flux.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    # A JSON report: this one's (« essai ») or the reading of the same portfolio by `lot --json` (« dossiers »).
    json_de_lot = '"racine"' in debut and ('"essai"' in debut or '"dossiers"' in debut)
    return debut.startswith(";".join(COLONNES_CSV)) or json_de_lot


def _verifier_rapport(chemin: Path) -> None:
    if chemin.suffix.lower() not in (".csv", ".json"):
        raise ProcedureError(f"{chemin} : le rapport s'écrit en .csv ou en .json")
    if chemin.exists() and not (chemin.is_file() and _est_un_rapport(chemin)):
        raise ProcedureError(f"{chemin} existe et n'est pas un rapport de lot : choisissez un autre nom")


def ecrire_rapport(rapport: RapportGeneration, chemin: Path | str) -> Path:
    """Write the report as CSV (`.csv`) or JSON (`.json`), atomically. Only an earlier report is replaced:
    any other existing file (a case file, a pièce) is refused."""
    chemin = Path(chemin)
    _verifier_rapport(chemin)
    contenu = (
        json.dumps(rapport_generation_json(rapport), ensure_ascii=False, indent=2) + "\n"
        if chemin.suffix.lower() == ".json"
        else rapport_generation_csv(rapport)
    )
    ecrire_atomique(chemin, contenu)
    return chemin
