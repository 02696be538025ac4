"""`procedure next`: a whole case walked with next and record, edits never lost, crashes never half-write."""

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from outils import (
    AUJOURDHUI,
    CREANCIER_A_ECHAPPER,
    DEBITEUR_A_ECHAPPER,
    RACINE,
    copier_exemple,
    exemple_a_echapper,
    noter,
    suivant,
    texte_docx,
)
from procedures.dossier import DocumentsGeneres, charger_dossier
from procedures.empreintes import Registre, lire_registre
from procedures.erreurs import EtapeRefusee, TauxInconnu
from procedures.generation import generer_etape


def test_whole_case_from_first_reminder_to_enforcement(tmp_path):
    """Dates from docs/legal-reference.md §3-4, computed by hand:

    - invoices due 14 Apr and 30 May 2025: a reminder is possible from 15 Apr 2025 (day after the due date);
    - reminder 1 on 12 Jun 2025 (after the partial payment of 10 Jun); reminder 2 possible 15 days later:
      27 Jun 2025;
    - mise en demeure possible 15 days after reminder 2: 12 Jul 2025;
    - received 15 Jul 2025, 8 days (CPC 641) → 23 Jul 2025, a Wednesday, not extended: requête possible
      24 Jul 2025;
    - ordonnance of 10 Sep 2025 (before 1 Sep 2026): served 20 Sep 2025 to the person; opposition month
      (CPC 1416, 641) ends 20 Oct 2025, a Monday → enforceable from 21 Oct 2025.
    """
    chemin = copier_exemple(tmp_path, "b2b", sans_historique=True)

    relance = suivant(chemin, dt.date(2025, 6, 12))
    assert relance.etape.etape == "relance"
    assert [p.name for p in relance.fichiers] == ["2026-0042-relance_1.docx"]
    noter(chemin, "relance_envoyee", dt.date(2025, 6, 12), canal="courrier")

    with pytest.raises(EtapeRefusee, match="27 juin 2025"):
        suivant(chemin, dt.date(2025, 6, 20))
    assert suivant(chemin, dt.date(2025, 6, 27)).fichiers[0].name == "2026-0042-relance_2.docx"
    noter(chemin, "relance_envoyee", dt.date(2025, 6, 27), canal="courrier")

    with pytest.raises(EtapeRefusee, match="12 juillet 2025"):
        suivant(chemin, dt.date(2025, 7, 11))
    mise_en_demeure = suivant(chemin, dt.date(2025, 7, 12))
    assert mise_en_demeure.etape.etape == "mise_en_demeure"
    texte = texte_docx(mise_en_demeure.fichiers[0])
    assert "Mise en demeure".upper() in texte.upper() and "Boulangerie « Le Fournil » SAS" in texte
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2025, 7, 12), mode="lrar")
    noter(chemin, "mise_en_demeure_recue", dt.date(2025, 7, 15))

    with pytest.raises(EtapeRefusee, match="24 juillet 2025"):
        suivant(chemin, dt.date(2025, 7, 23))
    requete = suivant(chemin, dt.date(2025, 7, 24))
    assert requete.etape.etape == "injonction_de_payer" and requete.etape.cerfa == "12946*02"
    noms = {p.name for p in requete.fichiers}
    assert {
        "2026-0042-requete_injonction.docx",
        "2026-0042-bordereau.docx",
        "2026-0042-decompte.docx",
        "2026-0042-cerfa-12946-02.pdf",
    } <= noms
    cerfa = PdfReader(next(p for p in requete.fichiers if p.suffix == ".pdf"))
    assert any("Boulangerie" in str(v.get("/V", "")) for v in cerfa.get_fields().values())

    noter(chemin, "requete_deposee", dt.date(2025, 7, 28), juridiction="Tribunal de commerce de Lyon")
    noter(chemin, "ordonnance_rendue", dt.date(2025, 9, 10), numero_rg="2025/1234")
    signification = suivant(chemin, dt.date(2025, 9, 15))
    assert signification.etape.etape == "signification"
    assert any(p.name == "2026-0042-lettre_cj_signification.docx" for p in signification.fichiers)
    noter(chemin, "ordonnance_signifiee", dt.date(2025, 9, 20), commissaire="Me Paul Roche", a_personne="oui")

    with pytest.raises(EtapeRefusee, match="21 octobre 2025"):
        suivant(chemin, dt.date(2025, 10, 20))
    execution = suivant(chemin, dt.date(2025, 10, 21))
    assert execution.etape.etape == "execution"
    assert any(p.name == "2026-0042-lettre_cj_execution.docx" for p in execution.fichiers)

    dossier = charger_dossier(chemin, AUJOURDHUI)
    generes = dossier.evenements(DocumentsGeneres)
    assert [e.etape for e in generes] == [
        "relance",
        "relance",
        "mise_en_demeure",
        "injonction_de_payer",
        "signification",
        "execution",
    ]
    assert all(not e.fichiers for e in generes)  # one short line each: the hashes are in the sidecar
    for nom in lire_registre(dossier):
        assert (chemin.parent / nom).exists(), nom


def test_an_edited_document_is_never_overwritten(tmp_path):
    chemin = copier_exemple(tmp_path, "b2b")
    jour = dt.date(2026, 6, 30)
    premier = suivant(chemin, jour).fichiers[0]
    assert premier.name == "2026-0042-mise_en_demeure.docx"
    document = docx.Document(premier)
    document.add_paragraph("Ajout de Maître Roux : paiement possible en deux fois.")
    document.save(premier)
    edite = premier.read_bytes()

    second = suivant(chemin, jour)
    assert premier.read_bytes() == edite
    nouvelle = premier.with_name("2026-0042-mise_en_demeure.nouvelle-version.docx")
    assert nouvelle in second.fichiers and nouvelle.exists()
    assert any("modifié depuis sa génération" in m for m in second.messages)

    force = suivant(chemin, jour, forcer=True)
    sauvegardes = list(premier.parent.glob("2026-0042-mise_en_demeure.sauvegarde-*.docx"))
    assert len(sauvegardes) == 1 and sauvegardes[0].read_bytes() == edite
    assert premier.read_bytes() != edite and premier in force.fichiers


def test_a_document_unchanged_since_generation_is_simply_replaced(tmp_path):
    chemin = copier_exemple(tmp_path, "b2b")
    suivant(chemin, dt.date(2026, 6, 30))
    second = suivant(chemin, dt.date(2026, 6, 30))
    assert second.messages == []
    assert not list(chemin.parent.glob("sortie/**/*.nouvelle-version.*"))


def test_amounts_are_never_printed_over_an_unknown_rate(tmp_path):
    """The 2026 S2 legal rate is not in the shipped table: a consumer's mise en demeure dated 1 Aug 2026,
    with legal interest to compute after 30 June 2026, must refuse."""
    chemin = copier_exemple(tmp_path, "consommateur")
    avant = chemin.read_bytes()
    with pytest.raises(TauxInconnu, match="2026 S2"):
        suivant(chemin, dt.date(2026, 8, 1))
    assert chemin.read_bytes() == avant
    assert not (chemin.parent / "sortie" / "mise_en_demeure").exists() or not any(
        (chemin.parent / "sortie" / "mise_en_demeure").iterdir()
    )


def test_future_dates_and_dry_run(tmp_path):
    chemin = copier_exemple(tmp_path, "b2b")
    avant = chemin.read_bytes()
    with pytest.raises(EtapeRefusee, match="dans le futur"):
        suivant(chemin, dt.date(2027, 1, 4))
    essai = generer_etape(chemin, dt.date(2026, 6, 30), essai=True, aujourd_hui=AUJOURDHUI)
    assert essai.essai and any(p.name.endswith("mise_en_demeure.pdf") for p in essai.fichiers)
    assert chemin.read_bytes() == avant and not (chemin.parent / "sortie").exists()


def test_user_text_comes_out_literally(tmp_path):
    chemin = exemple_a_echapper(tmp_path / "ordonnance")
    texte_yaml = chemin.read_text(encoding="utf-8").replace(
        f'"{DEBITEUR_A_ECHAPPER}"', f'"{DEBITEUR_A_ECHAPPER} {{{{ 7*7 }}}}"'
    )
    chemin.write_text(texte_yaml, encoding="utf-8")
    resultat = suivant(chemin, dt.date(2026, 6, 30))
    lettre = next(p for p in resultat.fichiers if p.name.endswith("lettre_cj_signification.docx"))
    texte = texte_docx(lettre)
    assert CREANCIER_A_ECHAPPER in texte or CREANCIER_A_ECHAPPER.replace("'", "’") in texte
    assert f"{DEBITEUR_A_ECHAPPER} {{{{ 7*7 }}}}" in texte and "49" not in texte


def test_an_interrupted_run_leaves_a_valid_case_and_no_half_written_file(tmp_path):
    chemin = copier_exemple(tmp_path, "b2b")
    script = (
        "import datetime as dt, sys\n"
        "from procedures.generation import generer_etape\n"
        "generer_etape(sys.argv[1], dt.date(2026, 6, 30), pdf=False, forcer=True)\n"
    )
    alea = random.Random(4)
    for _ in range(6):
        processus = subprocess.Popen(
            [sys.executable, "-c", script, str(chemin)], cwd=RACINE, env=dict(os.environ, PYTHONPATH=str(RACINE))
        )
        time.sleep(alea.uniform(0.2, 1.5))
        processus.send_signal(signal.SIGKILL)
        processus.wait()
        dossier = charger_dossier(chemin, AUJOURDHUI)
        registre = Registre(dossier, "mise_en_demeure", dt.date(2026, 6, 30))
        for fichier in (chemin.parent / "sortie" / "mise_en_demeure").glob("*.docx"):
            docx.Document(fichier)
            assert registre.sien(fichier), fichier  # placed, hence recorded: never taken for an edit
    assert suivant(chemin, dt.date(2026, 6, 30), forcer=True).fichiers
    assert not list((chemin.parent / "sortie").glob(".procedure-en-cours-*"))


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_injonction_step_with_pdf_cerfa_annexes_and_bundle(tmp_path):
    chemin = copier_exemple(tmp_path, "consommateur")
    resultat = generer_etape(chemin, dt.date(2026, 6, 30), aujourd_hui=AUJOURDHUI)
    noms = {p.name for p in resultat.fichiers}
    assert {"PL-2025-118-requete_injonction.pdf", "PL-2025-118-cerfa-12948-06.pdf", "PL-2025-118-pieces.pdf"} <= noms
    cerfa = PdfReader(chemin.parent / "sortie/injonction_de_payer/PL-2025-118-cerfa-12948-06.pdf")
    requete = PdfReader(chemin.parent / "sortie/injonction_de_payer/PL-2025-118-requete_injonction.pdf")
    assert len(cerfa.pages) > 2  # the form, then the décompte and bordereau annexed
    assert "N'Diaye" in "".join(page.extract_text() for page in requete.pages).replace("’", "'")
    liasse = PdfReader(chemin.parent / "sortie/injonction_de_payer/PL-2025-118-pieces.pdf")
    assert [o.title for o in liasse.outline][-1].startswith("Pièce n° 3")


SECOND_DEBITEUR = """  - type: personne_morale
    denomination: "Pâtisserie Giraud SARL"
    forme: SARL
    siren: "552100554"
    rcs: Lyon
    adresse: {ligne1: "8 quai Saint-Antoine", code_postal: "69002", ville: Lyon}
    representant: "Mme Anne Giraud, gérante"
    professionnel: true
    commercant: true
    email: "contact@patisserie-giraud.example"
"""


def deux_debiteurs(tmp_path: Path, sans_historique: bool = False) -> Path:
    """The b2b example with a second debtor, jointly pursued."""
    chemin = copier_exemple(tmp_path, "b2b", sans_historique)
    texte = chemin.read_text(encoding="utf-8")
    chemin.write_text(texte.replace("creance:\n", SECOND_DEBITEUR + "creance:\n", 1), encoding="utf-8")
    return chemin


def test_one_letter_per_debtor_and_one_decompte(tmp_path):
    """Legal-sources.md §1.6 item 8: each debtor gets its own mise en demeure; the décompte stays single."""
    chemin = deux_debiteurs(tmp_path)
    resultat = suivant(chemin, dt.date(2026, 6, 30))
    assert resultat.etape.etape == "mise_en_demeure"
    assert [p.name for p in resultat.fichiers] == [
        "2026-0042-mise_en_demeure-debiteur-1.docx",
        "2026-0042-mise_en_demeure-debiteur-2.docx",
        "2026-0042-decompte.docx",
    ]
    premiere, seconde = (texte_docx(p) for p in resultat.fichiers[:2])
    assert "Boulangerie « Le Fournil » SAS" in premiere and "Pâtisserie Giraud SARL" not in premiere
    assert "Pâtisserie Giraud SARL" in seconde and "Boulangerie « Le Fournil » SAS" not in seconde
    traces = lire_registre(charger_dossier(chemin, AUJOURDHUI))
    assert sorted(nom for nom, trace in traces.items() if trace.etape == "mise_en_demeure") == sorted(
        f"sortie/mise_en_demeure/{p.name}" for p in resultat.fichiers
    )
    essai = generer_etape(chemin, dt.date(2026, 6, 30), essai=True, aujourd_hui=AUJOURDHUI)
    assert "2026-0042-mise_en_demeure-debiteur-2.pdf" in {p.name for p in essai.fichiers}


def test_a_single_debtor_keeps_the_plain_names(tmp_path):
    resultat = suivant(copier_exemple(tmp_path, "b2b"), dt.date(2026, 6, 30))
    assert [p.name for p in resultat.fichiers] == ["2026-0042-mise_en_demeure.docx", "2026-0042-decompte.docx"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_each_debtor_gets_an_email_with_its_own_letter(tmp_path):
    import email
    import email.policy

    chemin = deux_debiteurs(tmp_path, sans_historique=True)
    resultat = generer_etape(chemin, dt.date(2025, 6, 12), canal="email", aujourd_hui=AUJOURDHUI)
    courriels = sorted(p for p in resultat.fichiers if p.suffix == ".eml")
    assert [p.name for p in courriels] == ["2026-0042-relance_1-debiteur-1.eml", "2026-0042-relance_1-debiteur-2.eml"]
    for numero, (courriel, adresse) in enumerate(
        zip(courriels, ("contact@le-fournil.example", "contact@patisserie-giraud.example")), start=1
    ):
        message = email.message_from_bytes(courriel.read_bytes(), policy=email.policy.default)
        assert adresse in message["To"]
        assert [p.get_filename() for p in message.iter_attachments()] == [f"2026-0042-relance_1-debiteur-{numero}.pdf"]


def test_an_edited_new_version_is_saved_before_being_replaced(tmp_path):
    """The lawyer edits the document, then its new version: a third run keeps both edits."""
    chemin = copier_exemple(tmp_path, "b2b")
    jour = dt.date(2026, 6, 30)
    premier = suivant(chemin, jour).fichiers[0]
    document = docx.Document(premier)
    document.add_paragraph("Ajout de Maître Roux.")
    document.save(premier)
    suivant(chemin, jour)
    nouvelle = premier.with_name("2026-0042-mise_en_demeure.nouvelle-version.docx")
    document = docx.Document(nouvelle)
    document.add_paragraph("Second ajout, sur la nouvelle version.")
    document.save(nouvelle)
    edite = nouvelle.read_bytes()

    troisieme = suivant(chemin, jour)
    sauvegardes = list(premier.parent.glob("2026-0042-mise_en_demeure.nouvelle-version.sauvegarde-*.docx"))
    assert len(sauvegardes) == 1 and sauvegardes[0].read_bytes() == edite
    assert nouvelle in troisieme.fichiers and nouvelle.read_bytes() != edite
    assert any(sauvegardes[0].name in m for m in troisieme.messages)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_the_bundle_needs_no_rate(tmp_path):
    """On 1 February 2027 the 2027 S1 rate is unknown: the bordereau prints no amount, the bundle is made."""
    from procedures.generation import bundle_dossier

    chemin = copier_exemple(tmp_path, "b2b")
    bundle_dossier(chemin, dt.date(2027, 2, 1), sortie=tmp_path / "liasse.pdf")
    liasse = PdfReader(tmp_path / "liasse.pdf")
    assert "Devis accepté du 3 février 2025" in liasse.pages[0].extract_text()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_the_email_attaches_the_kept_edited_pdf(tmp_path):
    """A PDF the lawyer changed (here: signed) is the one to send: the e-mail attaches it, not its new version."""
    import email
    import email.policy

    chemin = copier_exemple(tmp_path, "b2b", sans_historique=True)
    premier = generer_etape(chemin, dt.date(2025, 6, 12), canal="email", aujourd_hui=AUJOURDHUI)
    lettre = next(p for p in premier.fichiers if p.name == "2026-0042-relance_1.pdf")
    signee = lettre.read_bytes() + b"%signature\n"
    lettre.write_bytes(signee)

    second = generer_etape(chemin, dt.date(2025, 6, 12), canal="email", aujourd_hui=AUJOURDHUI)
    assert lettre.read_bytes() == signee and lettre.with_name("2026-0042-relance_1.nouvelle-version.pdf").exists()
    courriel = next(p for p in second.fichiers if p.suffix == ".eml")
    message = email.message_from_bytes(courriel.read_bytes(), policy=email.policy.default)
    (piece,) = message.iter_attachments()
    assert piece.get_filename() == "2026-0042-relance_1.pdf" and piece.get_content() == signee


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_pdf_rerenders_an_edited_docx_and_keeps_a_signed_pdf(tmp_path):
    """`procedure pdf` after a lawyer edits the DOCX: the PDF carries the edit and is recorded as the tool's own;
    a PDF changed by hand since (signed) is never overwritten: the new one goes beside it."""
    from procedures.generation import rendre_pdf_etape

    chemin = copier_exemple(tmp_path, "b2b")
    jour = dt.date(2026, 6, 30)
    generer_etape(chemin, jour, aujourd_hui=AUJOURDHUI)
    lettre = chemin.parent / "sortie/mise_en_demeure/2026-0042-mise_en_demeure.docx"
    document = docx.Document(lettre)
    document.add_paragraph("Clause ajoutée par Maître Roux.")
    document.save(lettre)

    premier = rendre_pdf_etape(chemin, jour, aujourd_hui=AUJOURDHUI)
    pdf = lettre.with_suffix(".pdf")
    assert pdf in premier.fichiers and premier.messages == []
    assert "Clause ajoutée par Maître Roux." in "".join(p.extract_text() for p in PdfReader(pdf).pages)
    traces = lire_registre(charger_dossier(chemin, AUJOURDHUI))
    assert traces["sortie/mise_en_demeure/2026-0042-mise_en_demeure.pdf"].empreintes == [
        __import__("hashlib").sha256(pdf.read_bytes()).hexdigest()
    ]

    signe = pdf.read_bytes() + b"\n% signature\n"
    pdf.write_bytes(signe)
    second = rendre_pdf_etape(chemin, jour, aujourd_hui=AUJOURDHUI)
    assert pdf.read_bytes() == signe
    assert pdf.with_name("2026-0042-mise_en_demeure.nouvelle-version.pdf") in second.fichiers
    assert any("modifié depuis sa génération" in m for m in second.messages)


@pytest.mark.parametrize(
    "nom, attendus_en_plus",
    [
        ("consommateur", {"PL-2025-118-cerfa-12948-06.pdf"}),
        ("ordonnance", {"CAB-2026-007-remise-signification.zip"}),
    ],
)
def test_dry_run_names_exactly_what_a_run_writes(tmp_path, nom, attendus_en_plus):
    """Without PDF conversion a run is fully offline: its files must be the dry run's list, name for name."""
    chemin = copier_exemple(tmp_path, nom)
    prevus = generer_etape(chemin, dt.date(2026, 6, 30), pdf=False, essai=True, aujourd_hui=AUJOURDHUI)
    ecrits = suivant(chemin, dt.date(2026, 6, 30))
    assert [p.name for p in prevus.fichiers] == [p.name for p in ecrits.fichiers]
    assert attendus_en_plus <= {p.name for p in ecrits.fichiers}
    avec_pdf = generer_etape(chemin, dt.date(2026, 6, 30), essai=True, aujourd_hui=AUJOURDHUI)
    assert {p.name for p in avec_pdf.fichiers} > {p.name for p in prevus.fichiers}
