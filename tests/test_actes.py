"""Documents a lawyer signs without correcting (issue #12): the same facts everywhere, the title's own
amounts after judgment, every mandatory mention. Expected values are worked by hand in each docstring."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from procedures.contexte import contexte_document
from procedures.documents import rendre_document
from procedures.dossier import Dossier, charger_dossier
from procedures.evenements import enregistrer
from procedures.machine import situation
from procedures.taux import charger_taux

from outils import texte_docx

EXEMPLES = Path(__file__).resolve().parent.parent / "exemples"


def donnees(nom: str) -> dict:
    return YAML(typ="safe").load((EXEMPLES / nom / "dossier.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    """The shipped rates plus a test row for 2026 S2 (same legal rates as 2026 S1, ECB 2,15 % on 1 July)."""
    fichier = tmp_path_factory.mktemp("taux") / "taux.csv"
    fichier.write_text('annee,semestre,particulier,autres,bce,source\n2026,2,6.67,2.62,2.15,"Test"\n'
                       '2027,1,6.67,2.62,2.15,"Test"\n2027,2,6.67,2.62,2.15,"Test"\n', encoding="utf-8")
    return charger_taux(fichier)


def situation_de(donnees_dossier: dict, jour: date, table=None):
    return situation(Dossier.model_validate(donnees_dossier), jour, table)


def rendu(nom_modele: str, contexte: dict, dossier: Path) -> str:
    return texte_docx(rendre_document(nom_modele, contexte, dossier / f"{nom_modele}.docx"))


# -- 1. the mise en demeure's deadline --------------------------------------------------------------


def test_les_actes_citent_la_date_ecrite_dans_la_mise_en_demeure(tmp_path, table):
    """Letter dated and sent Tuesday 30 June 2026: 30 June + 8 days = Wednesday 8 July 2026, the date it
    prints. Received Thursday 2 July: the legal period ends 2 July + 8 = Friday 10 July 2026. The requête
    and the assignation quote the letter (8 July) and may add when the legal period ended (10 July)."""
    chemin = tmp_path / "dossier.yaml"
    shutil.copy(EXEMPLES / "b2b" / "dossier.yaml", chemin)
    enregistrer(chemin, "mise_en_demeure_envoyee", date(2026, 6, 30), {"mode": "lrar"}, aujourd_hui=date(2026, 7, 20))
    enregistrer(chemin, "mise_en_demeure_recue", date(2026, 7, 2), {}, aujourd_hui=date(2026, 7, 20))
    dossier = charger_dossier(chemin, date(2026, 7, 20))
    assert dossier.historique[-2].date_limite == date(2026, 7, 8)
    ctx = contexte_document(situation(dossier, date(2026, 7, 20), table), "injonction_de_payer",
                            documents=("requete_injonction",))
    assert ctx["mise_en_demeure"]["date_limite"] == "8 juillet 2026"
    assert ctx["mise_en_demeure"]["date_expiration"] == "10 juillet 2026"
    requete = rendu("requete_injonction", ctx, tmp_path)
    assert "mis en demeure de payer au plus tard le 8 juillet 2026 ; le délai de 8 jours" in requete
    assert "a expiré le 10 juillet 2026" in requete
    assert "au plus tard le 10 juillet" not in requete
    assignation = rendu("assignation_tc", ctx, tmp_path)
    assert "au plus tard le 8 juillet 2026" in assignation and "au plus tard le 10 juillet" not in assignation


def test_date_limite_enregistree_avec_la_lettre_prime(table):
    """A letter that gave more time (here 15 July 2026) is quoted as written."""
    d = donnees("b2b")
    d["historique"] += [{"date": date(2026, 6, 30), "evenement": "mise_en_demeure_envoyee", "mode": "lrar",
                         "date_limite": date(2026, 7, 15)}]
    ctx = contexte_document(situation_de(d, date(2026, 7, 20), table), "injonction_de_payer",
                            documents=("requete_injonction",))
    assert ctx["mise_en_demeure"]["date_limite"] == "15 juillet 2026"
    assert ctx["mise_en_demeure"]["date_expiration"] == "15 juillet 2026"
