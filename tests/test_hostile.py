"""Hostile inputs and faults (issue #10): a case folder received from someone else, a machine in trouble.

Each test is one reproduction that the tool once failed; it must now refuse cleanly, in French, naming what is
wrong, without running code, reading or writing outside the case folder, losing data, or hanging.
"""

import datetime as dt
import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from outils import AUJOURDHUI, copier_exemple, modele_docx, suivant
from procedures import remise
from procedures.bordereau import assembler_bundle, pieces_du_dossier
from procedures.cerfa import lister_champs
from procedures.documents import contexte_exemple, exporter_modeles, rendre_document, rendre_texte, verifier_modeles
from procedures.dossier import charger_dossier
from procedures.empreintes import Registre, lire_registre
from procedures.erreurs import DossierInvalide, ProcedureError
from procedures.evenements import enregistrer
from procedures.exemple import creer_exemple
from procedures.generation import PREFIXE_CHANTIER, bundle_dossier, generer_etape, rendre_pdf_etape
from procedures.machine import situation
from procedures.pieces import verifier_dossier
from procedures.remise import creer_remise
from procedures.stockage import sauvegarde, sha256
from procedures.surete import preparer_sortie
from procedures.taux import charger_taux

CHARGE_UTILE = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"


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
    modele_docx(
        tmp_path / "relance_1.docx", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(ProcedureError, match=r"relance_1\.docx.*rendu refusé"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path, duree_max=0.2)


def test_email_loop_is_stopped_by_the_time_bound(tmp_path):
    (tmp_path / "courriel_relance_1.txt").write_text(
        "Objet : x\n\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", encoding="utf-8"
    )
    with pytest.raises(ProcedureError, match=r"courriel_relance_1\.txt.*rendu refusé"):
        rendre_texte("courriel_relance_1", contexte_exemple(), tmp_path, duree_max=0.2)


@pytest.mark.parametrize(
    "expression",
    [
        "'x' * 10**9",
        "'a'|center(10**9)",
        "'%.999999999d' % 1",
        "'{:999999999}'.format(1)",
        "9 ** (9 ** 9)",
        "lipsum(10**6)",
    ],
)
def test_huge_values_built_in_a_template_are_refused(tmp_path, expression):
    modele_docx(tmp_path / "relance_1.docx", "{{ " + expression + " }}")
    with pytest.raises(ProcedureError, match=r"relance_1\.docx"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path, duree_max=2)


def test_output_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr("procedures.bac_a_sable.TAILLE_MAX_RENDU", 100_000)
    modele_docx(tmp_path / "relance_1.docx", "{% for i in range(50000) %}{{ reference }}{% endfor %}")
    with pytest.raises(ProcedureError, match=r"relance_1\.docx.*caractères"):
        rendre_document("relance_1", contexte_exemple(), tmp_path / "x.docx", tmp_path)


@pytest.mark.parametrize(
    "balise", ["{% include 'x.docx' %}", "{% import 'x' as y %}", "{% extends 'x' %}", "{% from 'x' import y %}"]
)
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
    assert {
        ("relance_1.docx", "__init__"),
        ("relance_1.docx", "__globals__"),
        ("relance_1.docx", "{% include %}"),
        ("courriel_relance_1.txt", "__class__"),
    } <= dangereux


def test_verifier_refuses_a_fifo_or_a_link_out_of_the_folder_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "courriel_relance_1.txt")
    (tmp_path / "relance_1.docx").symlink_to(modele_docx(tmp_path.parent / f"{tmp_path.name}-ailleurs.docx", "x"))
    messages = {e.fichier: e.message for e in verifier_modeles(tmp_path)}
    assert "pas un fichier ordinaire" in messages["courriel_relance_1.txt"]
    assert "hors du dossier" in messages["relance_1.docx"]


def test_verifier_reads_the_document_properties(tmp_path):
    chemin = modele_docx(tmp_path / "relance_1.docx", "Bonjour")
    document = docx.Document(chemin)
    document.core_properties.title = "{{ reference.__class__ }}"
    document.save(chemin)
    assert any(e.champ == "__class__" for e in verifier_modeles(tmp_path))


# -- 2. nothing read or written outside the case folder ------------------------------------------


def ajouter_historique(chemin: Path, ligne: str) -> None:
    with chemin.open("a", encoding="utf-8") as flux:
        flux.write(f"  - {ligne}\n")


def test_piece_linked_outside_is_refused_by_the_bundle(tmp_path):
    chemin = copier_exemple(tmp_path)
    secret = tmp_path / "secret.pdf"
    shutil.copy(chemin.parent / "pieces" / "devis.pdf", secret)
    (chemin.parent / "pieces" / "F2025-031.pdf").unlink()
    (chemin.parent / "pieces" / "F2025-031.pdf").symlink_to(secret)
    with pytest.raises(DossierInvalide, match=r"Pièce n° 1 .*F2025-031\.pdf.*hors du dossier"):
        assembler_bundle(pieces_du_dossier(charger_dossier(chemin, AUJOURDHUI)), tmp_path / "liasse.pdf")
    assert not (tmp_path / "liasse.pdf").exists()


def test_piece_linked_outside_is_refused_by_the_handoff_package(tmp_path):
    chemin = copier_exemple(tmp_path)
    (chemin.parent / "pieces" / "F2025-031.pdf").unlink()
    (chemin.parent / "pieces" / "F2025-031.pdf").symlink_to("/etc/passwd")
    with pytest.raises(ProcedureError, match=r"Pièce n° 1.*hors du dossier"):
        remise._acte_et_pieces({}, situation(charger_dossier(chemin, AUJOURDHUI), AUJOURDHUI), "injonction_de_payer")


@pytest.mark.parametrize(
    "nom", ["/etc/passwd", "../../ailleurs/x.docx", "sortie/relance/..\\..\\Startup\\evil.bat", "C:/Windows/x.docx"]
)
def test_forged_recorded_file_names_are_refused(tmp_path, nom):
    chemin = copier_exemple(tmp_path)
    ajouter_historique(
        chemin,
        f"{{date: 2026-06-30, evenement: documents_generes, etape: relance, "
        f'fichiers: {{"{nom}": "{"0" * 64}"}}}}'.replace("\\", "\\\\"),
    )
    with pytest.raises(DossierInvalide, match=r"historique\[\d+\]\.fichiers.*refusé"):
        charger_dossier(chemin, AUJOURDHUI)


@pytest.mark.parametrize(
    "nom", ["..\\..\\Startup\\evil.bat", "/etc/passwd", "C:evil.bat", "01-lettre/../../x", "a\\b.pdf"]
)
def test_zip_builder_refuses_unsafe_member_names(nom):
    with pytest.raises(ProcedureError, match="nom de fichier refusé"):
        remise._zip({"instructions.txt": b"x", nom: b"x"}, dt.date(2026, 6, 30))


def test_pdf_does_not_follow_a_step_folder_linked_outside(tmp_path):
    chemin = copier_exemple(tmp_path)
    ailleurs = tmp_path / "ailleurs"
    modele_docx(ailleurs / "a.docx", "x")
    (chemin.parent / "sortie").mkdir()
    (chemin.parent / "sortie" / "relance").symlink_to(ailleurs)
    ajouter_historique(
        chemin,
        f"{{date: 2026-06-30, evenement: documents_generes, etape: relance, "
        f'fichiers: {{"sortie/relance/a.docx": "{"0" * 64}"}}}}',
    )
    with pytest.raises(ProcedureError, match="hors du dossier"):
        rendre_pdf_etape(chemin, dt.date(2026, 6, 30), aujourd_hui=AUJOURDHUI)


def test_pdf_without_a_docx_to_convert_is_a_french_error(tmp_path):
    chemin = copier_exemple(tmp_path)
    ajouter_historique(
        chemin,
        f"{{date: 2026-06-30, evenement: documents_generes, etape: relance, fichiers: "
        f'{{"sortie/relance/a.nouvelle-version.docx": "{"0" * 64}"}}}}',
    )
    with pytest.raises(ProcedureError, match="aucun DOCX"):
        rendre_pdf_etape(chemin, dt.date(2026, 6, 30), aujourd_hui=AUJOURDHUI)


# -- 3. no data loss -----------------------------------------------------------------------------


@pytest.mark.parametrize("cible", ["dossier.yaml", "pieces/F2025-031.pdf"])
def test_bundle_out_never_replaces_the_case_file_or_a_piece(tmp_path, cible):
    chemin = copier_exemple(tmp_path)
    avant = (chemin.parent / cible).read_bytes()
    with pytest.raises(ProcedureError, match="dossier ou une de ses pièces"):
        bundle_dossier(chemin, dt.date(2026, 6, 30), sortie=chemin.parent / cible, forcer=True)
    assert (chemin.parent / cible).read_bytes() == avant


def test_remise_out_never_replaces_the_case_file(tmp_path):
    chemin = copier_exemple(tmp_path, "ordonnance")
    avant = chemin.read_bytes()
    with pytest.raises(ProcedureError, match="dossier ou une de ses pièces"):
        creer_remise(chemin, "signification", dt.date(2026, 6, 30), sortie=chemin)
    assert chemin.read_bytes() == avant


def test_out_over_an_existing_file_needs_force_and_keeps_a_backup(tmp_path):
    existant = tmp_path / "liasse.pdf"
    existant.write_bytes(b"signee")
    with pytest.raises(ProcedureError, match="existe déjà.*--force"):
        preparer_sortie(existant, [], forcer=False)
    copie = preparer_sortie(existant, [], forcer=True)
    assert copie.read_bytes() == b"signee" and copie != existant


def test_backups_in_the_same_second_never_reuse_a_name(tmp_path):
    chemin = tmp_path / "lettre.docx"
    copies = []
    for version in (b"v1", b"v2", b"v3"):
        chemin.write_bytes(version)
        copies.append(sauvegarde(chemin))
    assert len(set(copies)) == 3
    assert [c.read_bytes() for c in copies] == [b"v1", b"v2", b"v3"]


def test_a_linked_case_file_is_written_through_to_its_target(tmp_path):
    chemin = copier_exemple(tmp_path)
    reel = tmp_path / "coffre" / "vrai.yaml"
    reel.parent.mkdir()
    shutil.move(chemin, reel)
    chemin.symlink_to(reel)
    enregistrer(chemin, "contestation", dt.date(2026, 6, 30), {"motif": "qualité"}, aujourd_hui=AUJOURDHUI)
    assert chemin.is_symlink() and "contestation" in reel.read_text(encoding="utf-8")
    assert sorted(p.name for p in reel.parent.iterdir()) == ["vrai.yaml"]


def test_a_read_only_case_file_is_never_rewritten(tmp_path):
    chemin = copier_exemple(tmp_path)
    avant = chemin.read_bytes()
    chemin.chmod(0o444)
    with pytest.raises(ProcedureError, match="lecture seule"):
        enregistrer(chemin, "contestation", dt.date(2026, 6, 30), {"motif": "x"}, aujourd_hui=AUJOURDHUI)
    with pytest.raises(ProcedureError, match="lecture seule"):
        suivant(chemin)
    assert chemin.read_bytes() == avant
    assert not (chemin.parent / "sortie").exists()  # nothing placed that could not be recorded


def test_staging_folders_of_a_live_run_are_left_alone(tmp_path):
    chemin = copier_exemple(tmp_path)
    sortie = chemin.parent / "sortie"
    vivant = sortie / f"{PREFIXE_CHANTIER}{os.getpid()}-autre"
    mort = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    reste = sortie / f"{PREFIXE_CHANTIER}{mort.stdout.strip()}-ancien"
    vivant.mkdir(parents=True)
    reste.mkdir()
    suivant(chemin)
    assert vivant.is_dir() and not reste.exists()


def test_record_keeps_crlf_line_endings(tmp_path):
    chemin = copier_exemple(tmp_path)
    chemin.write_bytes(chemin.read_bytes().replace(b"\n", b"\r\n"))
    enregistrer(chemin, "contestation", dt.date(2026, 6, 30), {"motif": "x"}, aujourd_hui=AUJOURDHUI)
    brut = chemin.read_bytes()
    assert b"contestation" in brut and brut.count(b"\n") == brut.count(b"\r\n")


# -- 4. no hang: only regular files are read, with a bound --------------------------------------


def test_fifo_as_case_file_is_refused_at_once(tmp_path):
    tube = tmp_path / "dossier.yaml"
    os.mkfifo(tube)
    assert "pas un fichier ordinaire" in verifier_dossier(tube, AUJOURDHUI)[0].message


def test_device_as_case_file_or_rates_file_is_refused():
    assert "pas un fichier ordinaire" in verifier_dossier(Path("/dev/zero"), AUJOURDHUI)[0].message
    with pytest.raises(DossierInvalide, match="fichier de taux refusé"):
        charger_taux(Path("/dev/zero"))


def test_fifo_as_piece_or_template_is_refused(tmp_path):
    chemin = copier_exemple(tmp_path)
    (chemin.parent / "pieces" / "devis.pdf").unlink()
    os.mkfifo(chemin.parent / "pieces" / "devis.pdf")
    with pytest.raises(DossierInvalide, match=r"Pièce n° 3 .*pas un fichier ordinaire"):
        assembler_bundle(pieces_du_dossier(charger_dossier(chemin, AUJOURDHUI)), tmp_path / "liasse.pdf")
    os.mkfifo(tmp_path / "courriel_relance_1.txt")
    with pytest.raises(ProcedureError, match="courriel_relance_1.txt.*pas un fichier ordinaire"):
        rendre_texte("courriel_relance_1", contexte_exemple(), tmp_path)


# -- 5. every error in French, located ----------------------------------------------------------


@pytest.mark.parametrize("profondeur", [1_000, 50_000])
def test_deep_nesting_is_refused_without_crash(tmp_path, profondeur):
    chemin = tmp_path / "dossier.yaml"
    chemin.write_text("reference: " + "[" * profondeur + "]" * profondeur + "\n", encoding="utf-8")
    assert "imbrication trop profonde" in verifier_dossier(chemin, AUJOURDHUI)[0].message


@pytest.mark.parametrize("montant", ['"1e400"', "1000000000000000000000000000000", '"1000000000000000000000000"'])
def test_absurd_amounts_are_located_errors(tmp_path, montant):
    chemin = copier_exemple(tmp_path)
    chemin.write_text(
        chemin.read_text(encoding="utf-8").replace('montant: "4800.00"', f"montant: {montant}"), encoding="utf-8"
    )
    erreurs = verifier_dossier(chemin, AUJOURDHUI)
    assert [(e.ligne, e.champ) for e in erreurs] == [(33, "creance.factures[0].montant")]
    assert "hors limites" in erreurs[0].message


def test_dates_out_of_a_sane_range_are_located_errors(tmp_path):
    chemin = copier_exemple(tmp_path)
    chemin.write_text(
        chemin.read_text(encoding="utf-8").replace("date: 2025-03-15", "date: 0001-01-01", 1), encoding="utf-8"
    )
    erreurs = verifier_dossier(chemin, AUJOURDHUI)
    assert [(e.champ, e.message) for e in erreurs] == [
        ("creance.factures[0].date", "date hors limites (0001-01-01) : entre 1900 et 2200")
    ]


@pytest.mark.parametrize(
    "avant, apres, champ",
    [
        ('reference: "2026-0042"', 'reference: "2026-0042\\r\\nBcc: x@y.z"', "reference"),
        ('"Agencement du fournil"', '"Agence\\0ment"', "creance.factures[0].libelle"),
        ('"Agencement du fournil"', '"Agence\\x1bment"', "creance.factures[0].libelle"),
    ],
)
def test_control_characters_are_refused_naming_the_field(tmp_path, avant, apres, champ):
    chemin = copier_exemple(tmp_path)
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte
    chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
    erreurs = verifier_dossier(chemin, AUJOURDHUI)
    assert [e.champ for e in erreurs] == [champ] and "caractère de contrôle" in erreurs[0].message


def test_encrypted_piece_is_refused_by_name(tmp_path):
    chemin = copier_exemple(tmp_path)
    piece = chemin.parent / "pieces" / "devis.pdf"
    ecrivain = PdfWriter(clone_from=piece)
    ecrivain.encrypt("secret", algorithm="AES-256")
    ecrivain.write(piece)
    with pytest.raises(DossierInvalide, match=r"Pièce n° 3 .*devis\.pdf.*chiffré"):
        assembler_bundle(pieces_du_dossier(charger_dossier(chemin, AUJOURDHUI)), tmp_path / "liasse.pdf")


def test_output_folder_that_is_a_file_is_a_french_error(tmp_path):
    chemin = copier_exemple(tmp_path)
    (chemin.parent / "sortie").write_text("pas un dossier")
    with pytest.raises(ProcedureError, match="Impossible d'écrire .*sortie"):
        suivant(chemin)


@pytest.mark.parametrize(
    "code, cause",
    [(errno.EACCES, "permission refusée"), (errno.ENOSPC, "disque plein"), (errno.EROFS, "lecture seule")],
)
def test_refused_writes_are_french_errors_and_leave_nothing_half_written(tmp_path, monkeypatch, code, cause):
    chemin = copier_exemple(tmp_path)
    avant = chemin.read_bytes()

    def refus(*args, **options):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("procedures.stockage.os.fsync", refus)
    with pytest.raises(ProcedureError, match=cause):
        enregistrer(chemin, "contestation", dt.date(2026, 6, 30), {"motif": "x"}, aujourd_hui=AUJOURDHUI)
    assert chemin.read_bytes() == avant
    assert sorted(p.name for p in chemin.parent.iterdir()) == [".dossier.yaml.verrou", "dossier.yaml", "pieces"]


def test_dry_run_writes_nothing_not_even_the_lock(tmp_path):
    chemin = copier_exemple(tmp_path)
    resultat = generer_etape(chemin, dt.date(2026, 6, 30), essai=True, aujourd_hui=AUJOURDHUI)
    assert resultat.fichiers and sorted(p.name for p in chemin.parent.iterdir()) == ["dossier.yaml", "pieces"]


def test_init_or_export_onto_a_file_is_a_french_error(tmp_path):
    fichier = tmp_path / "occupe"
    fichier.write_text("x")
    with pytest.raises(ProcedureError, match="est un fichier"):
        creer_exemple(fichier)
    with pytest.raises(ProcedureError, match="Impossible d'écrire .*occupe"):
        exporter_modeles(fichier)


def test_a_very_long_reference_still_gives_valid_file_names(tmp_path):
    chemin = copier_exemple(tmp_path)
    chemin.write_text(
        chemin.read_text(encoding="utf-8").replace('reference: "2026-0042"', f'reference: "{"R" * 300}"'),
        encoding="utf-8",
    )
    resultat = suivant(chemin)
    assert resultat.fichiers and all(len(p.name.encode()) < 255 and p.exists() for p in resultat.fichiers)


@pytest.mark.parametrize("genre", ["dossier", "lien"])
def test_a_lock_file_that_is_a_folder_or_a_link_is_refused(tmp_path, genre):
    chemin = copier_exemple(tmp_path)
    verrou_ = chemin.parent / ".dossier.yaml.verrou"
    cible = tmp_path / "ailleurs.txt"
    if genre == "dossier":
        verrou_.mkdir()
    else:
        verrou_.symlink_to(cible)
    with pytest.raises(ProcedureError, match="verrou est un lien ou un dossier"):
        enregistrer(chemin, "contestation", dt.date(2026, 6, 30), {"motif": "x"}, aujourd_hui=AUJOURDHUI)
    assert not cible.exists()


# -- the case file stays readable; files placed are always recorded (sidecar sortie/.empreintes.json) ----------


def test_files_placed_by_a_killed_run_are_recognised_as_the_tools_own(tmp_path, monkeypatch):
    chemin = copier_exemple(tmp_path)

    def coupure(self, places):
        raise KeyboardInterrupt  # killed after the files were moved into place, before the run ended

    with monkeypatch.context() as m:
        m.setattr(Registre, "confirmer", coupure)
        with pytest.raises(KeyboardInterrupt):
            suivant(chemin)
    places = sorted((chemin.parent / "sortie" / "mise_en_demeure").glob("*.docx"))
    assert places
    reprise = suivant(chemin)
    assert reprise.messages == [] and sorted(reprise.fichiers) == places
    assert not list(chemin.parent.rglob("*.nouvelle-version.*"))


def test_the_history_gets_one_short_line_per_step_and_only_when_a_file_was_written(tmp_path):
    chemin = copier_exemple(tmp_path)
    avant = chemin.read_text(encoding="utf-8")
    suivant(chemin)
    lettre = chemin.parent / "sortie" / "mise_en_demeure" / "2026-0042-mise_en_demeure.docx"
    date_lettre = lettre.stat().st_mtime_ns
    suivant(chemin)  # the same documents again: nothing written, nothing noted
    ajout = chemin.read_text(encoding="utf-8").removeprefix(avant)
    assert ajout == "  - {date: 2026-06-30, evenement: documents_generes, etape: mise_en_demeure}\n"
    assert lettre.stat().st_mtime_ns == date_lettre


def test_hashes_of_old_long_events_still_protect_edits_and_move_to_the_sidecar(tmp_path):
    chemin = copier_exemple(tmp_path)
    lettre = chemin.parent / "sortie" / "mise_en_demeure" / "2026-0042-mise_en_demeure.docx"
    modele_docx(lettre, "version générée")
    ajouter_historique(
        chemin,
        f"{{date: 2026-06-29, evenement: documents_generes, etape: mise_en_demeure, "
        f"fichiers: {{sortie/mise_en_demeure/{lettre.name}: {sha256(lettre)}}}}}",
    )
    modele_docx(lettre, "version retouchée par l'avocat")
    retouche = lettre.read_bytes()
    resultat = suivant(chemin)
    assert lettre.read_bytes() == retouche
    assert lettre.with_name("2026-0042-mise_en_demeure.nouvelle-version.docx") in resultat.fichiers
    traces = lire_registre(charger_dossier(chemin, AUJOURDHUI))
    assert set(traces) >= {
        f"sortie/mise_en_demeure/{lettre.name}",
        "sortie/mise_en_demeure/2026-0042-mise_en_demeure.nouvelle-version.docx",
    }


@pytest.mark.parametrize("nom", ["/etc/passwd", "../x.docx", "sortie\\x.docx"])
def test_a_forged_sidecar_is_refused(tmp_path, nom):
    chemin = copier_exemple(tmp_path)
    (chemin.parent / "sortie").mkdir()
    empreintes = {"format": 1, "fichiers": {nom: {"etape": "relance", "date": "2026-06-30", "sha256": ["0" * 64]}}}
    (chemin.parent / "sortie" / ".empreintes.json").write_text(json.dumps(empreintes), encoding="utf-8")
    with pytest.raises(ProcedureError, match="empreintes.json.*refusé"):
        suivant(chemin)


def test_fifo_given_to_cerfa_champs_is_refused_at_once(tmp_path):
    tube = tmp_path / "formulaire.pdf"
    os.mkfifo(tube)
    with pytest.raises(DossierInvalide, match="pas un fichier ordinaire"):
        lister_champs(tube)
