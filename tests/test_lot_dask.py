"""`procedure lot --generer --dask`: the same unit of work on a Dask cluster (a local one here, two workers).

Same portfolio and dates as tests/test_lot_generation.py: at 30 June 2026 b2b's mise en demeure and
consommateur's injonction de payer are due, the mise en demeure of `envoyee` runs until 8 July 2026.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from outils import EXEMPLES, REPONSES
from procedures.dossier import DocumentsGeneres, charger_dossier
from procedures.evenements import enregistrer
from procedures.lot_generation import generer_lot
from procedures.reseau import Reponse

JOUR = date(2026, 6, 30)
AUJOURDHUI = date(2026, 11, 30)


@pytest.fixture(scope="module")
def grappe():
    # Threads rather than processes: the same scheduler and workers, started in a second, not ten.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def taches_finies(grappe: str) -> int:
    """How many dossiers the cluster's workers have finished since it started: the scheduler counts every
    task that reached memory, by the name of its function (`procedures.lot_dask._tache`, whose key prefix
    Dask strips of its underscore)."""

    def compter(dask_scheduler) -> int:
        prefixe = dask_scheduler.task_prefixes.get("tache")
        return prefixe.state_counts["memory"] if prefixe is not None else 0

    with Client(grappe) as client:
        return client.run_on_scheduler(compter)


def portefeuille(racine: Path) -> Path:
    for nom in ("b2b", "consommateur", "envoyee"):
        shutil.copytree(EXEMPLES / ("b2b" if nom == "envoyee" else nom), racine / nom)
    envoyee = racine / "envoyee" / "dossier.yaml"
    enregistrer(envoyee, "mise_en_demeure_envoyee", date(2026, 6, 29), {"mode": "lrar"})
    enregistrer(envoyee, "mise_en_demeure_recue", date(2026, 6, 30), {})
    return racine


def test_a_lot_on_two_dask_workers_gives_the_same_report_as_locally(tmp_path, grappe):
    """The same report either way, and the three dossiers were indeed run by the cluster's workers (one task
    each), not silently on this machine."""
    avant = taches_finies(grappe)
    sur_dask = generer_lot(portefeuille(tmp_path / "dask"), JOUR, pdf=False, dask=grappe, aujourd_hui=AUJOURDHUI)
    local = generer_lot(portefeuille(tmp_path / "local"), JOUR, pdf=False, processus=1, aujourd_hui=AUJOURDHUI)

    def resume(rapport):
        return [
            (Path(l.chemin).parent.name, l.statut, l.etape, l.montant_du, l.possible_le, l.fichiers)
            for l in rapport.lignes
        ]

    assert resume(sur_dask) == resume(local)
    assert taches_finies(grappe) - avant == 3
    assert [l.statut for l in sur_dask.lignes] == ["genere", "genere", "en_attente"]
    [evenement] = charger_dossier(tmp_path / "dask" / "b2b" / "dossier.yaml", JOUR).evenements(DocumentsGeneres)
    assert evenement.etape == "mise_en_demeure"

    # the recorded events tell the cluster too what was done: a second run writes nothing
    encore = generer_lot(tmp_path / "dask", JOUR, pdf=False, dask=grappe, aujourd_hui=AUJOURDHUI)
    assert [l.statut for l in encore.lignes] == ["deja_fait", "deja_fait", "en_attente"]


def test_the_bodacc_answers_asked_before_the_run_reach_the_workers(tmp_path, grappe):
    """b2b and envoyee share a debtor whose redressement judiciaire is published (tests/reponses): asked
    once, on this machine, and both are blocked on the workers (C. com. L622-21)."""
    appels = []

    def bodacc(url: str, delai: float) -> Reponse:
        appels.append(url)
        return Reponse(200, (REPONSES / "bodacc_redressement.json").read_bytes())

    rapport = generer_lot(
        portefeuille(tmp_path / "clients"),
        JOUR,
        pdf=False,
        dask=grappe,
        aujourd_hui=AUJOURDHUI,
        verifier_en_ligne=True,
        transport_bodacc=bodacc,
    )
    assert len(appels) == 1
    assert [l.statut for l in rapport.lignes] == ["bloque", "genere", "bloque"]
    assert rapport.lignes[2].motif == rapport.lignes[0].motif  # the same debtor's answer, on either worker
    assert "L622-21" in rapport.lignes[0].motif


def test_an_unreachable_scheduler_is_one_french_error(tmp_path, monkeypatch):
    from procedures import lot_dask
    from procedures.erreurs import ProcedureError

    racine = portefeuille(tmp_path / "clients")
    monkeypatch.setattr(lot_dask, "DELAI_CONNEXION", "1s")
    with pytest.raises(ProcedureError, match="Grappe Dask injoignable à tcp://127.0.0.1:9"):
        generer_lot(racine, JOUR, pdf=False, dask="tcp://127.0.0.1:9", aujourd_hui=AUJOURDHUI)
    assert not (racine / "b2b" / "sortie").exists()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_each_dask_worker_converts_with_its_own_libreoffice(tmp_path, grappe):
    racine = tmp_path / "clients"
    for numero in range(3):
        shutil.copytree(EXEMPLES / "b2b", racine / f"b2b-{numero}")
    rapport = generer_lot(racine, JOUR, dask=grappe, aujourd_hui=AUJOURDHUI)
    assert [l.statut for l in rapport.lignes] == ["genere"] * 3, [l.erreur for l in rapport.lignes]
    for ligne in rapport.lignes:
        pdfs = [nom for nom in ligne.fichiers if nom.endswith(".pdf")]
        assert len(pdfs) == 2
        assert all((Path(ligne.chemin).parent / nom).read_bytes().startswith(b"%PDF-") for nom in pdfs)
