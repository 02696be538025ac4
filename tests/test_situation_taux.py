"""`situation()` computes with the rate table it is given, and only that one: `status --taux FICHIER` and `lot`
must not mix the user's explicit table with the default one, nor reload a table per dossier."""

from __future__ import annotations

import os
from datetime import date

from outils import EXEMPLES, JOUR, donnees_exemple
from procedures import decompte, machine
from procedures.dossier import Dossier
from procedures.taux import charger_taux


def test_ordonnance_partielle_avec_la_table_donnee(monkeypatch):
    """The ordonnance of 15 September 2025 grants the whole principal with legal interest from 25 July 2025
    instead of the penalties asked: to the requête of 5 August, 12 d × 5 133,13 × 2,76 % / 365 = 4,66 € against
    103,39 € asked (tests/test_relecture_actes.py), a partial grant (CPC 1409 al. 2). The comparison runs on the
    table the situation is given: the default table is never loaded."""
    table = charger_taux()

    def interdit():
        raise AssertionError("table par défaut chargée alors qu'une table est fournie")

    monkeypatch.setattr(machine, "table_par_defaut", interdit)
    monkeypatch.setattr(decompte, "table_par_defaut", interdit)
    donnees = donnees_exemple("b2b")
    donnees["historique"] += [
        {"date": date(2025, 7, 22), "evenement": "mise_en_demeure_envoyee", "mode": "lrar"},
        {"date": date(2025, 7, 25), "evenement": "mise_en_demeure_recue"},
        {"date": date(2025, 8, 5), "evenement": "requete_deposee", "juridiction": "Tribunal de commerce de Lyon"},
        {
            "date": date(2025, 9, 15),
            "evenement": "ordonnance_rendue",
            "principal": "5133.13",
            "interets": {"type": "legal", "depuis": date(2025, 7, 25)},
            "indemnite": "80.00",
        },
    ]
    dossier = Dossier.model_validate(donnees)
    s = machine.situation(dossier, date(2025, 9, 20), table)
    assert s.etat == "ordonnance_rendue"
    assert any(a.startswith("Ordonnance partielle") and "CPC art. 1409 al. 2" in a for a in s.alertes)


def test_un_fichier_de_taux_explicite_lu_une_fois(tmp_path, monkeypatch):
    """`status --taux` and `lot --taux` read the rate file once per process, not once per dossier; a file
    changed on disk is read again."""
    chemin = tmp_path / "taux.csv"
    chemin.write_text("annee,semestre,particulier,autres,bce,source\n# aucun ajout\n", encoding="utf-8")
    lectures = []
    vrai = decompte.charger_taux
    monkeypatch.setattr(decompte, "charger_taux", lambda fichier=None: lectures.append(fichier) or vrai(fichier))
    for _ in range(3):
        assert machine.situation_dossier(EXEMPLES / "b2b" / "dossier.yaml", JOUR, chemin).etat
    assert lectures == [chemin]
    modifie = chemin.stat().st_mtime_ns + 1_000_000_000
    os.utime(chemin, ns=(modifie, modifie))
    machine.situation_dossier(EXEMPLES / "b2b" / "dossier.yaml", JOUR, chemin)
    assert lectures == [chemin, chemin]
