"""The référé-provision named as such (issue #12): once `next --refere` prepared it, `next`, `status` and `lot`
call the step « assignation en référé-provision », before the court's président (CPC 872-873 at the
tribunal de commerce, 834-835 otherwise), and its assignation quotes no provision of the tribunal's own
procedure (CPC 855, 861-2)."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from cli import main
from outils import dossier_conteste, plat, texte_docx
from procedures.affichage import blocs_etape, json_etape
from procedures.contexte import contexte_document
from procedures.documents import rendre_document
from procedures.generation import generer_etape
from procedures.machine import situation_dossier, status_json

JOUR = date(2026, 6, 30)


def test_next_refere_nomme_le_refere_puis_status_aussi(tmp_path):
    chemin = dossier_conteste(tmp_path, "b2b")
    avant = situation_dossier(chemin, JOUR)
    assert avant.prochaine_etape.etape == "assignation" and not avant.prochaine_etape.refere
    assert "refere" not in status_json(avant)["prochaine_etape"]

    resultat = generer_etape(chemin, JOUR, pdf=False, refere=True, aujourd_hui=JOUR)
    assert resultat.etape.refere and resultat.etape.documents[0] == "assignation_refere_provision"
    assert resultat.etape.article == "CPC art. 872, 873 al. 2"
    (ligne,) = [b.texte for b in blocs_etape(resultat) if b.texte.startswith("Étape")]
    assert ligne.startswith("Étape : assignation en référé-provision — Assignation en référé-provision devant le ")
    assert json_etape(resultat)["etape"]["etape"] == "assignation"  # the contract's value stays
    assert json_etape(resultat)["etape"]["refere"] is True
    assert "refere: true" in chemin.read_text(encoding="utf-8")

    apres = situation_dossier(chemin, JOUR)
    assert apres.prochaine_etape.refere
    sortie = CliRunner().invoke(main, ["status", str(chemin), "--date", JOUR.isoformat()], env={"COLUMNS": "200"})
    assert "assignation en référé-provision" in plat(sortie.output)
    prochaine = status_json(apres)["prochaine_etape"]
    assert (prochaine["etape"], prochaine["refere"]) == ("assignation", True)
    assert prochaine["motif"].startswith("Assignation en référé-provision devant le président du ")

    # the same day, the assignation on the merits after all: the step is named so again
    resultat = generer_etape(chemin, JOUR, pdf=False, aujourd_hui=JOUR)
    assert not resultat.etape.refere and resultat.etape.documents[0] == "assignation_tc"
    assert "refere" not in status_json(situation_dossier(chemin, JOUR))["prochaine_etape"]


def test_refere_devant_le_tribunal_judiciaire(tmp_path):
    chemin = dossier_conteste(tmp_path, "consommateur")
    resultat = generer_etape(chemin, JOUR, pdf=False, refere=True, aujourd_hui=JOUR)
    assert resultat.etape.article == "CPC art. 834, 835 al. 2"
    assert "président du tribunal judiciaire" in resultat.etape.motif


def test_refere_au_tribunal_de_commerce_sans_les_articles_855_et_861_2(tmp_path):
    """CPC 855 (and the 861-2 it requires) governs the assignation before the tribunal de commerce; the référé
    before its président follows the common rules (CPC 484-492, 872-873; Cass. 2e civ., 22 mai 2025,
    n° 23-14.133). Quoting 861-2 there would tell the defendant he may stay away from the hearing."""
    chemin = dossier_conteste(tmp_path, "b2b")
    situation = situation_dossier(chemin, JOUR)
    refere = rendre_document(
        "assignation_refere_provision",
        contexte_document(situation, "assignation", documents=("assignation_refere_provision",)),
        tmp_path / "refere.docx",
    )
    texte = " ".join(texte_docx(refere).split())
    assert "président du tribunal de commerce" in texte and "873 alinéa 2" in texte
    assert (
        "861-2" not in texte and "855" not in texte and "Sans préjudice des dispositions de l'article 68" not in texte
    )
    assert "modalités de comparution (article 56 du code de procédure civile)" in texte
    fond = rendre_document(
        "assignation_tc",
        contexte_document(situation, "assignation", documents=("assignation_tc",)),
        tmp_path / "fond.docx",
    )
    texte = " ".join(texte_docx(fond).split())
    assert "il est reproduit ci-après l'article 861-2 du même code" in texte
    assert "modalités de comparution (articles 56 et 855 du code de procédure civile)" in texte
