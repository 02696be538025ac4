"""`procedure lot`: every dossier below a folder, in parallel, one report, one failure never stops the others.

The lot used throughout: the three shipped examples, one invalid dossier (a negative amount) and one file that
cannot be read (a symbolic link to itself), plus copies that must be skipped (in `sortie/` and in a hidden
folder). Figures at 30 June 2026, each worked out by hand in tests/test_decompte.py and tests/test_machine.py:
- b2b: 6 034,56 + 764,12 + 2 × 40 − 1 000 = 5 878,68 €; two reminders done, the last on 7 July 2025, so the
  mise en demeure is possible 15 days later (delai_entre_relances_jours), on 22 July 2025;
- consommateur: 2 150 + 26,70 = 2 176,70 €; mise en demeure received 8 Jan 2026, 15-day deadline ends Friday
  23 Jan 2026 (CPC 641, 642), injonction de payer possible from 24 Jan 2026;
- ordonnance: 8 640 + 40 + 216,59 + 642,67 = 9 539,26 €; ordonnance of 15 June 2026 to be served from that day.
Total owed: 5 878,68 + 2 176,70 + 9 539,26 = 17 594,64 €; a step is possible at the date in all three.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from outils import EXEMPLES, INVALIDES
from procedures.erreurs import DossierInvalide, ProcedureError
from procedures.lot import rapport_json, traiter_lot

JOUR = date(2026, 6, 30)


@pytest.fixture
def clients(tmp_path) -> Path:
    racine = tmp_path / "clients"
    for nom in ("b2b", "consommateur", "ordonnance"):
        shutil.copytree(EXEMPLES / nom, racine / nom)
    (racine / "invalide").mkdir()
    shutil.copy(INVALIDES / "montant_negatif.yaml", racine / "invalide" / "dossier.yaml")
    (racine / "illisible").mkdir()
    (racine / "illisible" / "dossier.yaml").symlink_to("dossier.yaml")
    for ignore in ("b2b/sortie/ancien", ".archives/b2b"):
        (racine / ignore).mkdir(parents=True)
        shutil.copy(EXEMPLES / "b2b" / "dossier.yaml", racine / ignore / "dossier.yaml")
    return racine


def empreinte(racine: Path) -> str:
    """Names, link targets and contents of everything below ``racine``: any write changes it."""
    h = hashlib.sha256()
    for repertoire, sous_repertoires, fichiers in sorted(os.walk(racine)):
        for nom in sorted(sous_repertoires + fichiers):
            chemin = Path(repertoire) / nom
            h.update(str(chemin.relative_to(racine)).encode())
            if chemin.is_symlink():
                h.update(os.readlink(chemin).encode())
            elif chemin.is_file():
                h.update(chemin.read_bytes())
    return h.hexdigest()


def par_dossier(rapport) -> dict:
    return {Path(l.chemin).parent.name: l for l in rapport.lignes}


def test_rapport_complet_erreurs_situees_totaux(clients):
    avant = empreinte(clients)
    rapport = traiter_lot(clients, JOUR, processus=2)
    assert empreinte(clients) == avant

    lignes = par_dossier(rapport)
    assert sorted(lignes) == ["b2b", "consommateur", "illisible", "invalide", "ordonnance"]
    attendu = {
        "b2b": ("2026-0042", "relance_en_cours", "5878.68", "mise_en_demeure", date(2025, 7, 22)),
        "consommateur": ("PL-2025-118", "mise_en_demeure_expiree", "2176.70", "injonction_de_payer", date(2026, 1, 24)),
        "ordonnance": ("CAB-2026-007", "ordonnance_rendue", "9539.26", "signification", date(2026, 6, 15)),
    }
    for nom, (reference, etat, montant, etape, possible_le) in attendu.items():
        ligne = lignes[nom]
        assert ligne.chemin == str(clients / nom / "dossier.yaml")
        assert (ligne.reference, ligne.etat, ligne.montant_du, ligne.complet) == (
            reference,
            etat,
            Decimal(montant),
            True,
        )
        assert (ligne.prochaine_etape.etape, ligne.prochaine_etape.possible_le) == (etape, possible_le)
        assert ligne.etape_possible and not ligne.erreurs

    invalide = lignes["invalide"]
    assert invalide.reference is None and invalide.montant_du is None
    [erreur] = invalide.erreurs
    assert (erreur.fichier, erreur.ligne, erreur.champ) == (
        str(clients / "invalide" / "dossier.yaml"),
        32,
        "creance.factures[1].montant",
    )
    assert "positif" in erreur.message
    [erreur] = lignes["illisible"].erreurs
    assert erreur.fichier == str(clients / "illisible" / "dossier.yaml") and "illisible" in erreur.message

    assert (rapport.nb_dossiers, rapport.nb_etape_possible, rapport.montant_du, rapport.nb_en_erreur) == (
        5,
        3,
        Decimal("17594.64"),
        2,
    )


def test_json_meme_style_que_status(clients):
    d = rapport_json(traiter_lot(clients, JOUR, processus=1))
    assert d["date"] == "2026-06-30"
    assert d["totaux"] == {
        "dossiers": 5,
        "etape_possible": 3,
        "montant_du": "17594.64",
        "en_erreur": 2,
        "incomplets": 0,
    }
    b2b = next(l for l in d["dossiers"] if l["reference"] == "2026-0042")
    assert b2b["montant_du"] == "5878.68" and b2b["prochaine_etape"]["possible_le"] == "2025-07-22"
    assert list(b2b["prochaine_etape"]) == ["etape", "possible_le", "motif", "article"]
    assert b2b["prochaine_etape"]["etape"] == "mise_en_demeure" and "1344" in b2b["prochaine_etape"]["article"]
    invalide = next(l for l in d["dossiers"] if "invalide" in l["chemin"])
    assert invalide["erreurs"][0]["ligne"] == 32 and invalide["etat"] is None
    assert invalide["prochaine_etape"] is None and invalide["montant_du"] is None
    json.dumps(d)


def test_un_ou_deux_processus_meme_rapport(clients):
    appels = []
    un = traiter_lot(clients, JOUR, processus=1, progression=lambda faits, total: appels.append((faits, total)))
    deux = traiter_lot(clients, JOUR, processus=2)
    assert rapport_json(un) == rapport_json(deux)
    assert appels == [(i, 5) for i in range(6)]


def test_exception_inattendue_devient_une_ligne(clients, monkeypatch):
    import procedures.lot as lot

    vraie = lot.situation_dossier

    def fragile(chemin, *args):
        if Path(chemin).parent.name == "consommateur":
            raise RuntimeError("panne simulée")
        return vraie(chemin, *args)

    monkeypatch.setattr(lot, "situation_dossier", fragile)
    lignes = par_dossier(traiter_lot(clients, JOUR, processus=1))
    [erreur] = lignes["consommateur"].erreurs
    assert erreur.fichier.endswith("dossier.yaml") and "RuntimeError" in erreur.message
    assert "panne simulée" in erreur.message
    assert lignes["ordonnance"].montant_du == Decimal("9539.26")


def test_libreoffice_cherche_une_fois_par_lot(clients, monkeypatch):
    """LibreOffice is looked for once, not per dossier; each dossier read still carries the alert."""
    import procedures.lot as lot

    recherches = []
    monkeypatch.setattr(lot, "trouver_soffice", lambda: recherches.append(1))
    lignes = par_dossier(traiter_lot(clients, JOUR, processus=1))
    assert len(recherches) == 1
    alerte = "LibreOffice est introuvable : les documents seront produits en DOCX, sans PDF."
    lus = [ligne for ligne in lignes.values() if not ligne.en_erreur]
    assert len(lus) == 3 and all(alerte in ligne.alertes for ligne in lus)


def test_libreoffice_cherche_une_fois_par_tranche(clients, monkeypatch):
    """A worker's batch (`lignes_dossiers`, what each process runs) looks LibreOffice up once too, whatever
    its number of dossiers; patched in `machine` as well, so that a per-dossier look-up would be counted."""
    import procedures.lot as lot
    import procedures.machine as machine
    from procedures.lot import lignes_dossiers, trouver_dossiers

    recherches = []
    monkeypatch.setattr(lot, "trouver_soffice", lambda: recherches.append(1))
    monkeypatch.setattr(machine, "trouver_soffice", lambda: recherches.append(1))
    chemins, _ = trouver_dossiers(clients)
    lignes = lignes_dossiers(chemins, JOUR)
    assert len(chemins) == 5 and len(recherches) == 1  # b2b, consommateur, ordonnance, invalide, illisible
    alerte = "LibreOffice est introuvable : les documents seront produits en DOCX, sans PDF."
    assert [alerte in ligne.alertes for ligne in lignes if not ligne.en_erreur] == [True] * 3


def test_taux_manquant_situe_sur_le_dossier(clients, monkeypatch):
    """A ProcedureError that names no file gets the dossier's path."""
    import procedures.lot as lot
    from procedures.erreurs import TauxInconnu

    def sans_taux(chemin, *args):
        raise TauxInconnu("Taux de 2026 S2 inconnu")

    monkeypatch.setattr(lot, "situation_dossier", sans_taux)
    rapport = traiter_lot(clients / "b2b", JOUR, processus=1)
    [ligne] = rapport.lignes
    assert ligne.erreurs[0].fichier == str(clients / "b2b" / "dossier.yaml")


def test_dossier_introuvable_et_taux_invalide(tmp_path, clients):
    with pytest.raises(DossierInvalide, match="introuvable"):
        traiter_lot(tmp_path / "absent", JOUR)
    with pytest.raises(ProcedureError, match="introuvable"):
        traiter_lot(clients, JOUR, fichier_taux=tmp_path / "absent.csv")
    vide = tmp_path / "vide"
    vide.mkdir()
    rapport = traiter_lot(vide, JOUR)
    assert (rapport.nb_dossiers, rapport.montant_du) == (0, Decimal("0.00"))


def test_commande_lot(clients):
    from cli import main

    avant = empreinte(clients)
    runner = CliRunner()
    texte = runner.invoke(
        main, ["lot", str(clients), "--date", "2026-06-30", "--processus", "1"], env={"COLUMNS": "200"}
    )
    assert texte.exit_code == 1, texte.output
    sortie = texte.stdout
    # By urgency: steps possible since the earliest date first, dossiers in error last.
    lignes = sortie.splitlines()
    positions = [
        next(i for i, ligne in enumerate(lignes) if ligne.endswith(f"  {nom}"))
        for nom in ("b2b", "consommateur", "ordonnance", "illisible", "invalide")
    ]
    assert positions == sorted(positions)
    assert "17 594,64 €" in sortie and "dossier.yaml:32 creance.factures[1].montant" in sortie

    en_json = runner.invoke(main, ["lot", str(clients), "--date", "2026-06-30", "--json"])
    assert en_json.exit_code == 1
    assert json.loads(en_json.stdout)["totaux"]["montant_du"] == "17594.64"

    seul = runner.invoke(main, ["lot", str(clients / "ordonnance"), "--date", "2026-06-30", "--json"])
    assert seul.exit_code == 0 and json.loads(seul.stdout)["totaux"]["dossiers"] == 1
    assert empreinte(clients) == avant


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patch reaches forked workers only")
def test_processus_mort_ne_fait_pas_tomber_le_lot(clients, monkeypatch):
    """A worker killed outright (as by the out-of-memory killer): its dossiers become lines in error."""
    import procedures.lot as lot

    vraie = lot.ligne_dossier

    def mortelle(chemin, *args):
        if Path(chemin).parent.name == "consommateur":
            os._exit(1)
        return vraie(chemin, *args)

    monkeypatch.setattr(lot, "ligne_dossier", mortelle)
    rapport = traiter_lot(clients, JOUR, processus=2)
    lignes = par_dossier(rapport)
    assert sorted(lignes) == ["b2b", "consommateur", "illisible", "invalide", "ordonnance"]
    assert "arrêté brutalement" in lignes["consommateur"].erreurs[0].message
    assert rapport.nb_en_erreur >= 3


def test_terminal_table_shows_the_most_urgent_rows_only():
    """On a terminal the table stops at LIGNES_TERMINAL rows, and says so; a pipe or --json gets them all."""
    from procedures.affichage import LIGNES_TERMINAL, blocs_lot, mettre_en_page
    from procedures.etapes import Etape
    from procedures.lot import LigneLot, RapportLot

    def ligne(numero: int) -> LigneLot:
        etape = Etape("mise_en_demeure", date(2026, 1, 1) + timedelta(days=numero), "", None)
        return LigneLot(
            f"/clients/{numero:04d}/dossier.yaml",
            f"R-{numero:04d}",
            "relance_en_cours",
            Decimal("10.00"),
            True,
            etape,
            True,
        )

    rapport = RapportLot("/clients", JOUR, [ligne(n) for n in range(LIGNES_TERMINAL + 50)])
    for abrege, lignes_attendues in ((True, LIGNES_TERMINAL), (False, LIGNES_TERMINAL + 50)):
        texte = mettre_en_page(blocs_lot(rapport, abrege), 200)
        assert texte.count("R-0") == lignes_attendues
        assert ("… et 50 autres dossiers" in texte) is abrege
    assert "R-0000" in texte and f"{LIGNES_TERMINAL + 50}" in texte
