"""Hostile inputs and faults (issue #10): a case folder received from someone else, a machine in trouble.

Each test is one reproduction that the tool once failed; it must now refuse cleanly, in French, naming what is
wrong, without running code, reading or writing outside the case folder, losing data, or hanging.
"""

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest

from procedures.documents import contexte_exemple, rendre_document, rendre_texte, verifier_modeles
from procedures.erreurs import ProcedureError
from procedures.generation import generer_etape

from outils import modele_docx

RACINE = Path(__file__).resolve().parent.parent
AUJOURDHUI = dt.date(2026, 11, 23)
CHARGE_UTILE = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"


def copier_exemple(tmp_path: Path, nom: str = "b2b") -> Path:
    cible = tmp_path / nom
    shutil.copytree(RACINE / "exemples" / nom, cible, ignore=shutil.ignore_patterns("__pycache__", "sortie"))
    return cible / "dossier.yaml"


def suivant(chemin: Path, jour=dt.date(2026, 6, 30), **options):
    return generer_etape(chemin, jour, pdf=False, aujourd_hui=AUJOURDHUI, **options)


# -- 1. templates: no code execution, bounded, self-contained ------------------------------------


def test_docx_template_cannot_run_a_shell_command(tmp_path):
    temoin = tmp_path / "pirate"
    modele_docx(tmp_path / "m" / "relance_1.docx", CHARGE_UTILE % temoin)
    with pytest.raises(ProcedureError, match=r"relance_1\.docx.*(interdit|construction)"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path / "m")
    assert not temoin.exists() and not (tmp_path / "x.docx").exists()


def test_email_template_cannot_run_a_shell_command(tmp_path):
    temoin = tmp_path / "pirate"
    (tmp_path / "courriel_relance_1.txt").write_text("Objet : x\n\n" + CHARGE_UTILE % temoin, encoding="utf-8")
    with pytest.raises(ProcedureError, match=r"courriel_relance_1\.txt"):
        rendre_texte("courriel_relance_1", contexte_exemple(), tmp_path)
    assert not temoin.exists()


def test_case_folder_templates_cannot_run_code_on_next(tmp_path):
    chemin = copier_exemple(tmp_path)
    temoin = tmp_path / "pirate"
    modele_docx(chemin.parent / "modeles" / "mise_en_demeure.docx", CHARGE_UTILE % temoin)
    with chemin.open("a", encoding="utf-8") as flux:
        flux.write("options:\n  modeles: modeles\n")
    with pytest.raises(ProcedureError, match="mise_en_demeure.docx"):
        suivant(chemin)
    assert not temoin.exists()


@pytest.mark.parametrize("lien", [False, True])
def test_templates_folder_outside_the_case_folder_is_refused(tmp_path, lien):
    chemin = copier_exemple(tmp_path)
    modele_docx(tmp_path / "ailleurs" / "mise_en_demeure.docx", "Bonjour")
    if lien:
        (chemin.parent / "modeles").symlink_to(tmp_path / "ailleurs")
    with chemin.open("a", encoding="utf-8") as flux:
        flux.write(f"options:\n  modeles: {'modeles' if lien else '../ailleurs'}\n")
    with pytest.raises(ProcedureError, match="options.modeles"):
        suivant(chemin)


def test_explicit_templates_folder_may_be_anywhere(tmp_path):
    chemin = copier_exemple(tmp_path)
    modele_docx(tmp_path / "cabinet" / "mise_en_demeure.docx", "Mise en demeure {{ reference }}")
    resultat = suivant(chemin, modeles=tmp_path / "cabinet")
    assert any(p.name.endswith("mise_en_demeure.docx") for p in resultat.fichiers)


def test_huge_range_is_refused_with_the_template_name(tmp_path):
    modele_docx(tmp_path / "relance_1.docx", "{% for i in range(10**12) %}x{% endfor %}")
    with pytest.raises(ProcedureError, match=r"relance_1\.docx"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path)


def test_nested_loops_are_stopped_by_the_time_bound(tmp_path):
    modele_docx(tmp_path / "relance_1.docx",
                "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")
    with pytest.raises(ProcedureError, match=r"relance_1\.docx.*rendu refusé"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path, duree_max=0.2)


def test_email_loop_is_stopped_by_the_time_bound(tmp_path):
    (tmp_path / "courriel_relance_1.txt").write_text(
        "Objet : x\n\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        encoding="utf-8")
    with pytest.raises(ProcedureError, match=r"courriel_relance_1\.txt.*rendu refusé"):
        rendre_texte("courriel_relance_1", contexte_exemple(), tmp_path, duree_max=0.2)


@pytest.mark.parametrize("expression", ["'x' * 10**9", "'a'|center(10**9)", "'%.999999999d' % 1",
                                        "'{:999999999}'.format(1)", "9 ** (9 ** 9)", "lipsum(10**6)"])
def test_huge_values_built_in_a_template_are_refused(tmp_path, expression):
    modele_docx(tmp_path / "relance_1.docx", "{{ " + expression + " }}")
    with pytest.raises(ProcedureError, match=r"relance_1\.docx"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path, duree_max=2)


def test_output_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr("procedures.bac_a_sable.TAILLE_MAX_RENDU", 100_000)
    modele_docx(tmp_path / "relance_1.docx", "{% for i in range(50000) %}{{ reference }}{% endfor %}")
    with pytest.raises(ProcedureError, match=r"relance_1\.docx.*caractères"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path)


@pytest.mark.parametrize("balise", ["{% include 'x.docx' %}", "{% import 'x' as y %}", "{% extends 'x' %}",
                                    "{% from 'x' import y %}"])
def test_include_import_extends_give_a_french_error(tmp_path, balise):
    modele_docx(tmp_path / "relance_1.docx", balise)
    with pytest.raises(ProcedureError, match=r"relance_1\.docx.*autonome"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path)


def test_recursive_macro_is_refused(tmp_path):
    modele_docx(tmp_path / "relance_1.docx", "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}")
    with pytest.raises(ProcedureError, match=r"relance_1\.docx"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path)


def test_verifier_reports_unsafe_constructs(tmp_path):
    modele_docx(tmp_path / "relance_1.docx", CHARGE_UTILE % "x", "{% include 'y' %}")
    (tmp_path / "courriel_relance_1.txt").write_text("Objet : {{ reference.__class__ }}\n", encoding="utf-8")
    erreurs = verifier_modeles(tmp_path)
    dangereux = {(e.fichier, e.champ) for e in erreurs if "interdit" in e.message or "interne" in e.message}
    assert {("relance_1.docx", "__init__"), ("relance_1.docx", "__globals__"), ("relance_1.docx", "{% include %}"),
            ("courriel_relance_1.txt", "__class__")} <= dangereux


def test_verifier_reads_the_document_properties(tmp_path):
    chemin = modele_docx(tmp_path / "relance_1.docx", "Bonjour")
    document = docx.Document(chemin)
    document.core_properties.title = "{{ reference.__class__ }}"
    document.save(chemin)
    assert any(e.champ == "__class__" for e in verifier_modeles(tmp_path))
