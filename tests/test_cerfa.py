"""Injonction de payer forms: our reproductions rebuild identically, fill, read back, overflow to an
annex, flatten, and fill a user's "official" PDF through a mapping file."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.generic import NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from cli import main
from modeles.construire_cerfa import construire_tout
from procedures.cerfa import (
    FORMULAIRES,
    LIBELLES,
    MODELES,
    VOIR_ANNEXE,
    Interets,
    Partie,
    ValeursCerfa,
    champs_logiques,
    formulaire_pour,
    lister_champs,
    remplir_cerfa,
)
from procedures.erreurs import DossierInvalide

PDFTOTEXT = shutil.which("pdftotext")
sans_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) absent")


def valeurs(**modifs) -> ValeursCerfa:
    base = ValeursCerfa(
        tribunal="Tribunal de commerce de Lyon, 44 rue de Bonnel, 69003 Lyon",
        demandeur=Partie(
            "Société d'Études « Zoé » & Fils <Œuvres>",
            ("12 rue de l'Église", "69001 Lyon"),
            personne_morale=True,
            forme="SAS au capital de 10 000 €, RCS Lyon 123 456 789",
            representant="Mme Hélène Bœuf, présidente",
        ),
        mandataire=Partie(
            "Marchand", ("3 place Bellecour", "69002 Lyon"), prenoms="Élodie", profession="avocat au barreau de Lyon"
        ),
        debiteurs=(
            Partie(
                "Garçon",
                ("Bâtiment C, résidence Les Érables", "14 allée des Cèdres", "01000 Bourg-en-Bresse"),
                prenoms="François-Noël",
                profession="ébéniste",
                nationalite="française",
                naissance_date=date(1971, 3, 9),
                naissance_lieu="Mâcon (Saône-et-Loire)",
            ),
            Partie("Dupont & Fils", ("1 rue Neuve", "69100 Villeurbanne"), personne_morale=True, forme="SARL"),
        ),
        principal=Decimal("12500.00"),
        interets=Interets(
            Decimal("734.25"), date(2026, 1, 16), taux_legal=False, taux="taux BCE + 10 points (C. com. L441-10 II)"
        ),
        clause_penale=Decimal("1250"),
        frais_accessoires=Decimal("120"),
        lignes_libres=(("Acompte reçu le 2 février 2026", Decimal("-500")),),
        fondement="Factures de menuiserie impayées ; conditions générales de vente ; C. com. L441-10.",
        documents_justificatifs=("Facture n° F-001 du 15/12/2025", "Mise en demeure du 2 janvier 2026 et AR"),
        lieu="Lyon",
        date=date(2026, 3, 15),
        signataire="Élodie Marchand, avocat",
        renvoi_1408="Tribunal de commerce de Lyon",
    )
    return dataclasses.replace(base, **modifs)


def lus(pdf: Path) -> dict[str, str]:
    return {nom: champ.get("/V") for nom, champ in PdfReader(pdf).get_fields().items()}


def texte_pdf(pdf: Path) -> str:
    return subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def pdf_simple(chemin: Path, lignes: list[str]) -> Path:
    c = Canvas(str(chemin), pagesize=A4, invariant=1)
    for i, ligne in enumerate(lignes):
        c.drawString(60, 780 - 14 * i, ligne)
    c.save()
    return chemin


def test_reconstruction_identique_aux_pdf_livres(tmp_path):
    for chemin in construire_tout(tmp_path):
        assert chemin.read_bytes() == (MODELES / chemin.name).read_bytes(), chemin.name


@pytest.mark.parametrize("code", list(FORMULAIRES))
def test_champs_du_modele_sont_les_champs_logiques(code):
    champs = {c.nom: c for c in lister_champs(FORMULAIRES[code].chemin)}
    assert set(champs) == set(LIBELLES)
    assert champs["demandeur_personne_morale"].type == "case"
    assert champs["demandeur_personne_morale"].valeurs_export == ("Oui",)
    assert champs["fondement"].page == 2 and champs["tribunal"].page == 1


def test_modele_dit_qu_il_est_une_reproduction():
    texte = "".join(p.extract_text() for p in PdfReader(FORMULAIRES["12948*06"].chemin).pages)
    assert "Reproduction établie sur le modèle du" in texte and "12948*06" in texte
    assert "président du tribunal judiciaire" in texte
    assert "articles 1405 à 1425 du code de procédure civile" in texte
    assert "article 1408" in texte and "nouveau code" not in texte
    assert "juge des contentieux de la protection" in "".join(
        p.extract_text() for p in PdfReader(FORMULAIRES["16040*01"].chemin).pages
    )


def test_formulaire_pour_juridiction():
    assert formulaire_pour("tribunal_de_commerce").code == "12946*02"
    assert formulaire_pour("tribunal_judiciaire").code == "12948*06"
    assert formulaire_pour("juge_des_contentieux_de_la_protection").code == "16040*01"


@pytest.mark.parametrize("code", list(FORMULAIRES))
def test_remplir_puis_relire_chaque_valeur(tmp_path, code):
    v = valeurs()
    sortie = remplir_cerfa(code, v, tmp_path / "requete.pdf")
    lu = lus(sortie)
    for logique, valeur in champs_logiques(v).items():
        if isinstance(valeur, bool):
            assert lu[logique] == ("/Oui" if valeur else "/Off"), logique
        elif logique not in (
            "principal",
            "interets_montant",
            "clause_penale",
            "frais_accessoires",
            "total",
            "ligne_libre_1_montant",
            "interets_a_compter_du",
            "debiteur_naissance_date",
            "date",
        ):
            assert lu[logique] == valeur, logique
    # Amounts as written by format_montant; 12 500 + 734,25 + 1 250 + 120 − 500 = 14 104,25.
    assert lu["principal"] == "12 500,00 €"
    assert lu["ligne_libre_1_montant"] == "-500,00 €"
    assert lu["total"] == "14 104,25 €"
    # Date boxes: JJMMAAAA.
    assert lu["interets_a_compter_du"] == "16012026"
    assert lu["debiteur_naissance_date"] == "09031971"
    assert lu["date"] == "15032026"
    assert lu["autres_debiteurs"] == "SARL Dupont & Fils, 1 rue Neuve, 69100 Villeurbanne"
    assert lu["demandeur_nom"] == "Société d'Études « Zoé » & Fils <Œuvres>"
    assert lu["numero_greffe"] in (None, "")
    assert len(PdfReader(sortie).pages) == 2


def test_chaque_valeur_a_une_apparence_avec_la_police_embarquee(tmp_path):
    sortie = remplir_cerfa("12946*02", valeurs(), tmp_path / "requete.pdf")
    lecteur = PdfReader(sortie)
    for page in lecteur.pages:
        for annotation in page["/Annots"]:
            widget = annotation.get_object()
            if widget.get("/FT") == "/Tx" and widget.get("/V"):
                apparence = widget["/AP"]["/N"].get_object()
                police = apparence["/Resources"]["/Font"]["/DejaVuSans"].get_object()
                assert police["/Encoding"] == "/WinAnsiEncoding"
                assert "/FontFile2" in police["/FontDescriptor"]
                assert b"Tj" in apparence.get_data()


@sans_poppler
def test_aplatir_supprime_les_champs_et_garde_les_accents(tmp_path):
    sortie = remplir_cerfa("12948*06", valeurs(), tmp_path / "plat.pdf", aplatir=True)
    lecteur = PdfReader(sortie)
    assert "/AcroForm" not in lecteur.root_object
    assert all(not page.get("/Annots") for page in lecteur.pages)
    texte = texte_pdf(sortie)
    for attendu in (
        "Société d'Études « Zoé » & Fils <Œuvres>",
        "Mme Hélène Bœuf, présidente",
        "Garçon",
        "François-Noël",
        "Mâcon (Saône-et-Loire)",
        "Bâtiment C, résidence Les Érables",
        "SAS au capital de 10 000 €",
        "12 500,00 €",
        "14 104,25 €",
        "Élodie Marchand, avocat",
    ):
        assert attendu in texte, attendu


@sans_poppler
def test_montant_de_plus_d_un_million(tmp_path):
    sortie = remplir_cerfa("12946*02", valeurs(principal=Decimal("1234567.89")), tmp_path / "r.pdf", aplatir=True)
    texte = texte_pdf(sortie)
    # 1 234 567,89 + 734,25 + 1 250 + 120 − 500 = 1 236 172,14
    assert "1 234 567,89 €" in texte and "1 236 172,14 €" in texte
    assert VOIR_ANNEXE not in texte


@sans_poppler
def test_nom_long_et_trois_lignes_d_adresse_restent_dans_leur_case(tmp_path):
    nom = (
        "Compagnie Générale d'Équipements Électriques, Frigorifiques et Thermiques de la Région "
        "Auvergne-Rhône-Alpes « Les Artisans Réunis »"
    )
    v = valeurs(demandeur=dataclasses.replace(valeurs().demandeur, nom=nom))
    sortie = remplir_cerfa("12946*02", v, tmp_path / "r.pdf")
    lu = lus(sortie)
    assert lu["demandeur_nom"] == nom
    assert lu["debiteur_adresse"].count("\n") == 2
    plat = remplir_cerfa("12946*02", v, tmp_path / "plat.pdf", aplatir=True)
    texte = " ".join(texte_pdf(plat).split())
    assert "Compagnie Générale d'Équipements Électriques" in texte and "« Les Artisans Réunis »" in texte
    assert "01000 Bourg-en-Bresse" in texte


@sans_poppler
def test_douze_factures_en_annexe_avec_decompte_et_bordereau(tmp_path):
    factures = tuple(
        f"Facture n° F-2025-{i:03d} du {i:02d}/01/2025, échue le {i:02d}/02/2025 : "
        f"{i} 000,00 € TTC (prestations de menuiserie, bon de commande signé)"
        for i in range(1, 13)
    )
    v = valeurs(
        fondement="\n".join(factures),
        documents_justificatifs=factures + ("Conditions générales de vente", "Mise en demeure et AR"),
    )
    decompte = pdf_simple(tmp_path / "decompte.pdf", ["Decompte des interets"])
    bordereau = pdf_simple(tmp_path / "bordereau.pdf", ["Bordereau des pieces"])
    sortie = remplir_cerfa("12946*02", v, tmp_path / "r.pdf", annexes=[decompte, bordereau])
    lu = lus(sortie)
    assert lu["fondement"] == VOIR_ANNEXE and lu["documents_justificatifs"] == VOIR_ANNEXE
    lecteur = PdfReader(sortie)
    assert len(lecteur.pages) == 2 + 1 + 2  # form, overflow annex, décompte, bordereau
    texte = " ".join(texte_pdf(sortie).split())
    assert "Annexe à la demande en injonction de payer (Cerfa n° 12946*02)" in texte
    assert "Fondement de la créance" in texte and "Documents justificatifs" in texte
    for facture in factures:
        assert facture in texte
    assert (
        texte.index("Facture n° F-2025-012")
        < texte.index("Decompte des interets")
        < texte.index("Bordereau des pieces")
    )


def test_lignes_libres_limitees_et_taux_contractuel_exige():
    with pytest.raises(DossierInvalide, match="lignes libres"):
        champs_logiques(valeurs(lignes_libres=(("a", Decimal(1)),) * 3))
    with pytest.raises(DossierInvalide, match="taux contractuel"):
        champs_logiques(valeurs(interets=Interets(Decimal(1), date(2026, 1, 1), taux_legal=False)))


def test_caractere_hors_winansi_garde_sa_valeur_exacte(tmp_path):
    v = valeurs(debiteurs=(Partie("Wałęsa", ("ul. Łódzka 1", "Gdańsk")),))
    lu = lus(remplir_cerfa("12948*06", v, tmp_path / "r.pdf"))
    assert lu["debiteur_nom"] == "Wałęsa" and lu["debiteur_adresse"] == "ul. Łódzka 1\nGdańsk"


@sans_poppler
def test_caractere_hors_winansi_dessine_sans_accent_ni_barre(tmp_path):
    """The printed form draws what WinAnsi lacks as the plain letter: ń → n, ł → l, Đ → D (never « ? »);
    a backslash and an unbalanced parenthesis are escaped in the content stream."""
    v = valeurs(debiteurs=(Partie("Wałęsa \\ Đorđević (SARL", ("ul. Łódzka 1", "Gdańsk")),))
    texte = texte_pdf(remplir_cerfa("12948*06", v, tmp_path / "r.pdf", aplatir=True))
    assert "Walesa \\ Dordevic (SARL" in texte
    assert "ul. Lódzka 1" in texte and "Gdansk" in texte
    assert "?" not in texte


# --- the user's official PDF ----------------------------------------------------------------------


def pdf_officiel(chemin: Path) -> Path:
    """A stand-in for an official Cerfa: other field names, Helvetica, a radio group, an XFA packet."""
    c = Canvas(str(chemin), pagesize=A4, invariant=1)
    formulaire = c.acroForm
    formulaire.textfield(name="Zone de texte 1", x=50, y=760, width=400, height=20)
    formulaire.textfield(name="Zone de texte 2", x=50, y=700, width=400, height=40, fieldFlags="multiline")
    formulaire.textfield(name="Date1", x=50, y=660, width=100, height=18)
    formulaire.textfield(name="Montant principal", x=50, y=620, width=120, height=18)
    formulaire.checkbox(name="Case PM", x=50, y=590, size=12)
    formulaire.radio(name="Taux", value="legal", selected=False, x=50, y=560, size=12)
    formulaire.radio(name="Taux", value="contractuel", selected=False, x=80, y=560, size=12)
    c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(chemin))
    writer.root_object["/AcroForm"][NameObject("/XFA")] = TextStringObject("<xdp:xdp/>")
    with open(chemin, "wb") as f:
        writer.write(f)
    return chemin


CORRESPONDANCE = """\
formulaire: "12946*02"
champs:
  tribunal: Zone de texte 1
  demandeur_nom: Zone de texte 2
  date: Date1
  principal: Montant principal
  demandeur_personne_morale: Case PM
  interets_taux_contractuel: {champ: Taux, valeur: contractuel}
"""


def test_lister_les_champs_d_un_pdf_officiel(tmp_path):
    champs = {c.nom: c for c in lister_champs(pdf_officiel(tmp_path / "officiel.pdf"))}
    assert champs["Zone de texte 1"].type == "texte" and champs["Zone de texte 1"].page == 1
    assert champs["Zone de texte 1"].rect == (50.0, 760.0, 450.0, 780.0)
    assert champs["Case PM"].type == "case" and champs["Case PM"].valeurs_export == ("Yes",)
    assert champs["Taux"].type == "radio" and set(champs["Taux"].valeurs_export) == {"legal", "contractuel"}


def test_cli_cerfa_champs(tmp_path):
    officiel = pdf_officiel(tmp_path / "officiel.pdf")
    resultat = CliRunner().invoke(main, ["cerfa", "champs", str(officiel), "--json"])
    assert resultat.exit_code == 0, resultat.output
    noms = {c["nom"]: c for c in json.loads(resultat.output)}
    assert noms["Case PM"]["valeurs_export"] == ["Yes"]
    resultat = CliRunner().invoke(main, ["cerfa", "champs", str(officiel)])
    assert resultat.exit_code == 0 and "Zone de texte 1" in resultat.output


def test_remplir_le_pdf_officiel_par_correspondance(tmp_path):
    officiel = pdf_officiel(tmp_path / "officiel.pdf")
    correspondance = tmp_path / "correspondance.yaml"
    correspondance.write_text(CORRESPONDANCE, encoding="utf-8")
    sortie = remplir_cerfa(
        "12946*02", valeurs(), tmp_path / "rempli.pdf", officiel=officiel, correspondance=correspondance
    )
    lecteur = PdfReader(sortie)
    assert "/XFA" not in lecteur.root_object["/AcroForm"]
    lu = lus(sortie)
    assert lu["Zone de texte 1"] == valeurs().tribunal
    assert lu["Zone de texte 2"] == "Société d'Études « Zoé » & Fils <Œuvres>"
    assert lu["Date1"] == "15/03/2026"  # not a JJMMAAAA comb box: written as a date
    assert lu["Montant principal"] == "12 500,00 €"
    assert lu["Case PM"] == "/Yes" and lu["Taux"] == "/contractuel"
    # Unmapped values are not lost: an annex page carries them.
    assert len(lecteur.pages) > 1
    annexe = "".join(p.extract_text() for p in lecteur.pages[1:])
    assert "Fondement de la créance" in annexe and "Garçon" in annexe


def test_correspondance_en_json(tmp_path):
    officiel = pdf_officiel(tmp_path / "officiel.pdf")
    correspondance = tmp_path / "correspondance.json"
    correspondance.write_text(json.dumps({"champs": {"tribunal": "Zone de texte 1"}}), encoding="utf-8")
    sortie = remplir_cerfa(
        "12946*02", valeurs(), tmp_path / "rempli.pdf", officiel=officiel, correspondance=correspondance
    )
    assert lus(sortie)["Zone de texte 1"] == valeurs().tribunal


def test_correspondance_vers_un_champ_absent(tmp_path):
    officiel = pdf_officiel(tmp_path / "officiel.pdf")
    correspondance = tmp_path / "correspondance.yaml"
    correspondance.write_text(CORRESPONDANCE + "  fondement: Zone fantôme\n  inconnu: Date1\n", encoding="utf-8")
    sortie = tmp_path / "rempli.pdf"
    with pytest.raises(DossierInvalide) as exc:
        remplir_cerfa("12946*02", valeurs(), sortie, officiel=officiel, correspondance=correspondance)
    erreurs = {e.champ: e for e in exc.value.erreurs()}
    assert "« Zone fantôme » n'existe pas" in erreurs["fondement"].message
    assert str(officiel) in erreurs["fondement"].message
    assert erreurs["fondement"].fichier == str(correspondance) and erreurs["fondement"].ligne == 9
    assert "champ logique inconnu" in erreurs["inconnu"].message
    assert not sortie.exists() and list(tmp_path.iterdir()) == [officiel, correspondance]


def test_pdf_officiel_endommage(tmp_path):
    officiel = tmp_path / "officiel.pdf"
    officiel.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF garbage")
    correspondance = tmp_path / "c.yaml"
    correspondance.write_text(CORRESPONDANCE, encoding="utf-8")
    sortie = tmp_path / "rempli.pdf"
    with pytest.raises(DossierInvalide, match="endommagé ou invalide") as exc:
        remplir_cerfa("12946*02", valeurs(), sortie, officiel=officiel, correspondance=correspondance)
    assert exc.value.erreurs()[0].fichier == str(officiel)
    assert not sortie.exists()


def officiel_chiffre(tmp_path, **chiffrement) -> Path:
    source = pdf_officiel(tmp_path / "source.pdf")
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(**chiffrement)
    officiel = tmp_path / "officiel.pdf"
    with open(officiel, "wb") as f:
        writer.write(f)
    return officiel


@pytest.mark.parametrize(
    "chiffrement, motif",
    [
        ({"user_password": "secret", "owner_password": "secret"}, "mot de passe"),
        (
            {"user_password": "", "owner_password": "secret", "permissions_flag": UserAccessPermissions.PRINT},
            "interdisent de remplir",
        ),
    ],
)
def test_pdf_officiel_chiffre(tmp_path, chiffrement, motif):
    officiel = officiel_chiffre(tmp_path, **chiffrement)
    correspondance = tmp_path / "c.yaml"
    correspondance.write_text(CORRESPONDANCE, encoding="utf-8")
    sortie = tmp_path / "rempli.pdf"
    with pytest.raises(DossierInvalide, match=motif) as exc:
        remplir_cerfa("12946*02", valeurs(), sortie, officiel=officiel, correspondance=correspondance)
    assert exc.value.erreurs()[0].fichier == str(officiel)
    assert not sortie.exists()


def test_pdf_officiel_protege_mais_remplissable(tmp_path):
    """Owner password only, form filling allowed: what official downloads usually are; it gets filled."""
    officiel = officiel_chiffre(
        tmp_path,
        user_password="",
        owner_password="secret",
        permissions_flag=UserAccessPermissions.PRINT | UserAccessPermissions.FILL_FORM_FIELDS,
    )
    correspondance = tmp_path / "c.yaml"
    correspondance.write_text(CORRESPONDANCE, encoding="utf-8")
    sortie = remplir_cerfa(
        "12946*02", valeurs(), tmp_path / "rempli.pdf", officiel=officiel, correspondance=correspondance
    )
    assert PdfReader(sortie).get_fields()


def test_annexe_endommagee_rien_n_est_ecrit(tmp_path):
    annexe = tmp_path / "decompte.pdf"
    annexe.write_bytes(b"pas un pdf")
    sortie = tmp_path / "r.pdf"
    with pytest.raises(DossierInvalide, match="annexe"):
        remplir_cerfa("12946*02", valeurs(), sortie, annexes=[annexe])
    assert not sortie.exists()


def test_sortie_existante_remplacee_d_un_bloc(tmp_path):
    sortie = tmp_path / "r.pdf"
    sortie.write_bytes(b"ancien")
    remplir_cerfa("16040*01", valeurs(), sortie)
    assert PdfReader(io.BytesIO(sortie.read_bytes())).get_fields()["tribunal"]["/V"] == valeurs().tribunal
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]
