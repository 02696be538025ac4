"""Page breaks: no heading or lead-in line alone at the foot of a page, no table whose last row opens a page
alone, no page holding only the signature (issue #12, item 15). Checked on the built templates and on
rendered documents with python-docx, then on PDFs rendered by LibreOffice for cases of 1 to 11 invoices."""

from __future__ import annotations

import copy
import shutil
from datetime import date, timedelta
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn

from modeles.construire_modeles import MODELES as FABRIQUES
from outils import MODELES, donnees_exemple, plat, situation_de
from procedures.contexte import contexte_document
from procedures.documents import contexte_exemple, rendre_document

GABARITS = sorted(FABRIQUES)
TITRES = ("Heading 1", "Heading 2", "Titre acte", "Sous-titre acte", "Cellule titre")


def _style(style, propriete: str) -> bool:
    """A paragraph property as the style chain resolves it (the first style that sets it)."""
    while style is not None:
        valeur = getattr(style.paragraph_format, propriete)
        if valeur is not None:
            return valeur
        style = style.base_style
    return False


def _garde_avec_suivant(paragraphe) -> bool:
    """keep-with-next, set on the paragraph or inherited from its style chain."""
    direct = paragraphe.paragraph_format.keep_with_next
    return direct if direct is not None else _style(paragraphe.style, "keep_with_next")


def _rangee_liee(rangee) -> bool:
    paragraphes = rangee._tr.findall(f".//{qn('w:p')}")
    return bool(paragraphes) and all(p.pPr is not None and p.pPr.keepNext_val for p in paragraphes)


def _texte_xml(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _texte(rangee) -> str:
    return _texte_xml(rangee._tr)


# -- the templates as built --------------------------------------------------------------------


@pytest.mark.parametrize("nom", GABARITS)
def test_titres_gardes_avec_la_suite_et_veuves_controlees(nom):
    document = docx.Document(MODELES / f"{nom}.docx")
    for paragraphe in document.paragraphs:
        assert _style(paragraphe.style, "widow_control"), f"{nom} : {paragraphe.style.name} sans contrôle des veuves"
        if paragraphe.style.name in TITRES and paragraphe.text.strip():
            assert _garde_avec_suivant(paragraphe), f"{nom} : titre seul possible en bas de page : {paragraphe.text}"
        # a sentence that goes on below: « … de payer : », « Maître, »
        if paragraphe.text.rstrip().endswith((":", ",")) and not paragraphe.text.startswith("{%"):
            assert _garde_avec_suivant(paragraphe), f"{nom} : « {paragraphe.text[-60:]} » seul en bas de page"


@pytest.mark.parametrize("nom", GABARITS)
def test_rangees_insecables_et_entete_repete(nom):
    for table in docx.Document(MODELES / f"{nom}.docx").tables:
        for rangee in table.rows:
            if _texte(rangee).startswith("{%tr"):
                continue  # docxtpl removes the row
            assert rangee._tr.trPr is not None and rangee._tr.trPr.find(qn("w:cantSplit")) is not None, nom
        entete = table.rows[0]
        if "Facture" in _texte(entete) or "N°" in _texte(entete):
            assert entete._tr.trPr.find(qn("w:tblHeader")) is not None, nom
            assert _rangee_liee(entete), f"{nom} : en-tête de tableau seul en bas de page"


@pytest.mark.parametrize("nom", GABARITS)
def test_fin_d_acte_dans_une_rangee_insecable(nom):
    """The closing block (« Fait à … », « Établi à … », « Coût de l'acte », the closing line and signature) ends
    the document inside one borderless table row that cannot split, with the text before it: LibreOffice
    drops keep-with-next before the last paragraphs of many layouts, but never splits such a row."""
    document = docx.Document(MODELES / f"{nom}.docx")
    corps = document.element.body
    derniers = [e for e in corps if e.tag != qn("w:sectPr")]
    fin, table = derniers[-1], derniers[-2]
    fins = ("Fait à", "Établi à", "Coût de l'acte", "Nous vous prions d'agréer")
    textes = [_texte_xml(p) for p in table.iter(qn("w:p"))]
    if not any(t.startswith(fins) for t in textes):
        assert not any(p.style.name == "Signature" for p in document.paragraphs)
        assert not any(_texte_xml(p).startswith(fins) for p in corps.iter(qn("w:p"))), f"{nom} : bloc final hors rangée"
        return  # a form without a closing block (fiche d'appel)
    assert table.tag == qn("w:tbl") and len(table.findall(qn("w:tr"))) == 1, nom
    assert table.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, nom
    assert fin.tag == qn("w:p") and not _texte_xml(fin), nom
    # the text before the closing block is in the row too, or else a table whose last row keeps with it
    avant = next(i for i, t in enumerate(textes) if t.startswith(fins))
    if not any(t.strip() and not t.startswith("{%") for t in textes[:avant]):
        precedente = table.getprevious()
        assert precedente.tag == qn("w:tbl"), f"{nom} : bloc final seul"
        derniere = [r for r in precedente.findall(qn("w:tr")) if not _texte_xml(r).startswith("{%tr")][-1]
        assert all(p.pPr is not None and p.pPr.keepNext_val for p in derniere.iter(qn("w:p"))), nom
    signatures = [
        p
        for p in table.iter(qn("w:p"))
        if p.pPr is not None
        and p.pPr.find(qn("w:pStyle")) is not None
        and p.pPr.find(qn("w:pStyle")).get(qn("w:val")) == "Signature"
    ]
    for signature in signatures:
        assert "{{ signataire.nom }}" in _texte_xml(signature) and "{{ signataire.qualite }}" in _texte_xml(signature)


@pytest.mark.parametrize("nom", ["mise_en_demeure", "relance_1", "relance_2", "relance_prevenance"])
def test_code_qr_avec_le_texte_qui_l_annonce(nom, tmp_path):
    """The payment QR code never opens a page away from « Modalités de règlement » and the transfer line
    that announce it: rendered, the paragraph before the image keeps with it, as the heading before that."""
    document = docx.Document(rendre_document(nom, contexte_exemple(), tmp_path / f"{nom}.docx"))
    paragraphes = document.paragraphs
    images = [i for i, p in enumerate(paragraphes) if p.style.name == "Image"]
    assert images, f"{nom} : pas de code QR rendu"
    for i in images:
        assert "IBAN" in paragraphes[i - 1].text and _garde_avec_suivant(paragraphes[i - 1]), nom
        assert paragraphes[i - 2].text == "Modalités de règlement" and _garde_avec_suivant(paragraphes[i - 2]), nom


# -- rendered with long lists --------------------------------------------------------------------


def _contexte_long(n: int) -> dict:
    """The documented example context with ``n`` invoices, interest lines, payments and pièces."""
    ctx = contexte_exemple()
    for cle, liste in (("factures", ctx["factures"]), ("pieces", ctx["pieces"])):
        ctx[cle] = [copy.deepcopy(liste[i % len(liste)]) for i in range(n)]
    ctx["decompte"]["lignes"] = [copy.deepcopy(ctx["decompte"]["lignes"][0]) for _ in range(n)]
    ctx["decompte"]["imputations"] = [copy.deepcopy(ctx["decompte"]["imputations"][0]) for _ in range(n)]
    return ctx


@pytest.mark.parametrize("nom", GABARITS)
def test_derniere_rangee_jamais_seule(nom, tmp_path):
    """Every rendered table: header and every row but the last two may break; the last two rows (a total
    and the row above it, or the last two lines) keep together."""
    document = docx.Document(rendre_document(nom, _contexte_long(7), tmp_path / f"{nom}.docx"))
    for table in document.tables:
        rangees = table.rows
        if len(rangees) < 3:
            continue
        assert _rangee_liee(rangees[-2]), f"{nom} : dernière rangée « {_texte(rangees[-1])[:40]} » seule possible"
        if len(rangees) > 6 and "Signature" not in _texte(table.rows[-2]):
            milieu = rangees[len(rangees) // 2]
            assert not _rangee_liee(milieu), f"{nom} : un long tableau ne doit pas être tenu d'un bloc"


# -- through LibreOffice ---------------------------------------------------------------------------


def _donnees_longues(n: int) -> dict:
    """The b2b example with ``n`` invoices due a month apart, each with its pièce, and three debtors."""
    donnees = donnees_exemple("b2b")
    debut = date(2025, 1, 10)
    factures, pieces = [], []
    for i in range(n):
        jour = debut + timedelta(days=30 * i)
        factures.append(
            {
                "numero": f"F2025-{100 + i}",
                "date": jour,
                "echeance": jour + timedelta(days=30),
                "montant": str(Decimal("1234.56") + 517 * i),
                "piece": i + 1,
                "libelle": f"Maintenance, lot {i + 1}",
            }
        )
        pieces.append({"numero": i + 1, "titre": f"Facture F2025-{100 + i}", "date": jour, "fichier": f"f{i}.pdf"})
    donnees["creance"]["factures"] = factures
    donnees["creance"]["paiements"] = [{"date": date(2025, 6, 10), "montant": "1000.00", "facture": "F2025-100"}]
    donnees["pieces"] = pieces
    autre = copy.deepcopy(donnees["debiteurs"][0])
    autre.update(denomination="Pâtisserie Martin SARL", forme="SARL", siren="552100554")
    donnees["debiteurs"].append(autre)
    donnees["historique"] += [
        {"date": date(2026, 1, 8), "evenement": "mise_en_demeure_envoyee", "mode": "lrar"},
        {"date": date(2026, 1, 10), "evenement": "mise_en_demeure_recue"},
    ]
    return donnees


SIGNATAIRE = ("Claire Dubois", "Gérante", "pour Atelier Dubois & Fils")


def _pages(pdf) -> list[list[str]]:
    """Each page's lines without the running header (first line) and the footer (« page x / y »)."""
    from pypdf import PdfReader  # deferred: heavy, and only this test needs it

    pages = []
    for page in PdfReader(pdf).pages:
        lignes = [plat(ligne).strip() for ligne in page.extract_text().splitlines() if ligne.strip()]
        pages.append([ligne for ligne in lignes[1:] if "— page " not in ligne and "page " not in ligne[-12:]])
    return pages


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_pdf_ni_total_seul_ni_signature_seule(tmp_path):
    """For 1 to 11 invoices, as LibreOffice lays them out: a table continued on a new page brings at least
    two invoice rows with its total; the last page holds more than « Fait à … » or the closing line and the
    signature."""
    from procedures.pdf import docx_vers_pdf

    docxs = []
    for n in range(1, 12):
        situation = situation_de(_donnees_longues(n), date(2026, 6, 30))
        for nom in ("requete_injonction", "relance_1", "mise_en_demeure", "lettre_cj_commandement"):
            ctx = contexte_document(situation, documents=(nom,))
            docxs.append(rendre_document(nom, ctx, tmp_path / f"{nom}-{n:02d}.docx"))
    defauts = []
    for pdf in docx_vers_pdf(docxs):
        pages = _pages(pdf)
        for numero, lignes in enumerate(pages[1:], start=2):
            if not lignes:
                defauts.append(f"{pdf.name} p. {numero} : vide")
                continue
            if lignes[0].startswith(("Total", "Facture Échéance", "Facture Date")):
                rangees = [ligne for ligne in lignes[:8] if ligne.startswith("F2025-")]
                total = next((i for i, ligne in enumerate(lignes) if ligne.startswith("Total")), None)
                if total is not None and total < 6 and len(rangees) < 2:
                    defauts.append(f"{pdf.name} p. {numero} : total avec {len(rangees)} rangée : {lignes[:4]}")
        derniere = pages[-1]
        corps = [
            ligne
            for ligne in derniere
            if not ligne.startswith(("Fait à", "Nous vous prions d'agréer", "l'expression de", "distinguées."))
            and ligne not in SIGNATAIRE
        ]
        if len(pages) > 1 and not corps:
            defauts.append(f"{pdf.name} : dernière page réduite à la formule et à la signature : {derniere}")
    assert defauts == []
