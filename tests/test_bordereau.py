"""The evidence bundle: order, stamps, bookmarks, exact index page numbers, and refusals."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen import canvas

from procedures.bordereau import PieceBundle, assembler_bundle
from procedures.erreurs import DossierInvalide


def faire_pdf(chemin: Path, pages: int, format=A4, rotation: int = 0) -> Path:
    tampon = io.BytesIO()
    dessin = canvas.Canvas(tampon, pagesize=format)
    for i in range(1, pages + 1):
        dessin.drawString(72, format[1] / 2, f"{chemin.stem} contenu {i}")
        dessin.showPage()
    dessin.save()
    lecteur, writer = PdfReader(io.BytesIO(tampon.getvalue())), PdfWriter()
    for page in lecteur.pages:
        if rotation:
            page.rotate(rotation)
        writer.add_page(page)
    writer.write(chemin)
    return chemin


def faire_image(chemin: Path, taille=(600, 850), exif_orientation: int | None = None) -> Path:
    image = Image.new("RGB", taille, "lightyellow")
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(chemin, exif=exif)
    else:
        image.save(chemin)
    return chemin


def textes(chemin: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(chemin).pages]


def lignes_index(chemin: Path, page: int) -> dict[int, tuple[str, str, int]]:
    """Index rows as laid out on the page: {numero: (titre, date, page)}."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    texte = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(chemin), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lignes = {}
    for m in re.finditer(r"^\s*(\d+)\s{2,}(.+?)\s{2,}(?:(\d\d/\d\d/\d{4})\s+)?(\d+)\s*$", texte, re.MULTILINE):
        lignes[int(m[1])] = (m[2], m[3] or "", int(m[4]))
    return lignes


@pytest.fixture
def dossier(tmp_path: Path) -> dict:
    pieces = [
        PieceBundle(3, "Photo du chantier", None, faire_image(tmp_path / "chantier.png", (900, 600))),
        PieceBundle(1, "Facture Dupont & Fils <SARL>", date(2025, 3, 15), faire_pdf(tmp_path / "facture.pdf", 3)),
        PieceBundle(2, "Devis de L'Atelier « Zoé »", date(2025, 2, 3), faire_pdf(tmp_path / "devis.pdf", 2, letter)),
        PieceBundle(4, "Bon de livraison scanné", None, faire_image(tmp_path / "bon.jpg")),
    ]
    return {"pieces": pieces, "bordereau": faire_pdf(tmp_path / "bordereau.pdf", 2), "dir": tmp_path}


def test_layout_and_exact_page_numbers(dossier):
    """bordereau 2 pages (1-2), index 1 page (3), then by number: pièce 1 has 3 pages (4-6),
    pièce 2 has 2 (7-8), pièce 3 one (9), pièce 4 one (10): 10 pages in all."""
    sortie = dossier["dir"] / "bundle.pdf"
    rapport = assembler_bundle(dossier["pieces"], sortie, dossier["bordereau"], titre="Dossier Dupont")

    assert (rapport.nb_pages, rapport.pages_bordereau, rapport.pages_index) == (10, 2, 1)
    assert [(e.numero, e.premiere_page, e.nb_pages) for e in rapport.pieces] == [
        (1, 4, 3),
        (2, 7, 2),
        (3, 9, 1),
        (4, 10, 1),
    ]
    pages = textes(sortie)
    assert len(pages) == 10
    assert "bordereau contenu 1" in pages[0]
    assert "facture contenu 1" in pages[3] and "devis contenu 2" in pages[7]


def test_every_page_is_stamped(dossier):
    sortie = dossier["dir"] / "bundle.pdf"
    assembler_bundle(dossier["pieces"], sortie, dossier["bordereau"])
    pages = textes(sortie)
    for n, texte in enumerate(pages, start=1):
        assert f"{n} / 10" in texte
    attendus = {4: (1, 1, 3), 5: (1, 2, 3), 6: (1, 3, 3), 7: (2, 1, 2), 8: (2, 2, 2), 9: (3, 1, 1), 10: (4, 1, 1)}
    for n, (numero, y, z) in attendus.items():
        assert f"Pièce n° {numero} — page {y}/{z}" in pages[n - 1]
    assert not any("Pièce n°" in pages[n] for n in range(3))


def test_index_lists_the_start_pages(dossier):
    sortie = dossier["dir"] / "bundle.pdf"
    assembler_bundle(dossier["pieces"], sortie, dossier["bordereau"], titre="Dupont & Fils <SARL> c/ L'Atelier « Zoé »")
    assert "Dupont & Fils <SARL> c/ L'Atelier « Zoé »" in textes(sortie)[2]
    assert lignes_index(sortie, 3) == {
        1: ("Facture Dupont & Fils <SARL>", "15/03/2025", 4),
        2: ("Devis de L'Atelier « Zoé »", "03/02/2025", 7),
        3: ("Photo du chantier", "", 9),
        4: ("Bon de livraison scanné", "", 10),
    }


def test_bookmarks_point_to_each_part(dossier):
    sortie = dossier["dir"] / "bundle.pdf"
    assembler_bundle(dossier["pieces"], sortie, dossier["bordereau"])
    lecteur = PdfReader(sortie)
    signets = [(o.title, lecteur.get_destination_page_number(o) + 1) for o in lecteur.outline]
    assert signets == [
        ("Bordereau de pièces", 1),
        ("Index des pièces", 3),
        ("Pièce n° 1 — Facture Dupont & Fils <SARL>", 4),
        ("Pièce n° 2 — Devis de L'Atelier « Zoé »", 7),
        ("Pièce n° 3 — Photo du chantier", 9),
        ("Pièce n° 4 — Bon de livraison scanné", 10),
    ]


def test_index_over_two_pages_shifts_every_start(tmp_path):
    """60 one-page pièces and no bordereau: the index needs 2 pages, so pièce 1 starts at page 3
    and pièce k at page k + 2; the last page is 62."""
    pieces = [
        PieceBundle(
            k, f"Courrier numéro {k} adressé au débiteur", date(2025, 1, 1), faire_pdf(tmp_path / f"p{k}.pdf", 1)
        )
        for k in range(1, 61)
    ]
    sortie = tmp_path / "bundle.pdf"
    rapport = assembler_bundle(pieces, sortie)
    assert rapport.pages_index == 2
    assert [e.premiere_page for e in rapport.pieces] == [k + 2 for k in range(1, 61)]
    pages = textes(sortie)
    assert len(pages) == 62
    assert "Pièce n° 1 — page 1/1" in pages[2] and "Pièce n° 60 — page 1/1" in pages[61]
    premiere, seconde = lignes_index(sortie, 1), lignes_index(sortie, 2)
    assert sorted([*premiere, *seconde]) == list(range(1, 61))
    assert {**premiere, **seconde}[60] == ("Courrier numéro 60 adressé au débiteur", "01/01/2025", 62)


def test_scans_become_a4_pages(dossier):
    """No bordereau: index page 1, pièce 1 pages 2-4, pièce 2 pages 5-6, so the 900×600 PNG (pièce 3)
    is page 7 on landscape A4 (842×595 pt) and the 600×850 JPEG (pièce 4) page 8 on portrait A4."""
    sortie = dossier["dir"] / "bundle.pdf"
    assembler_bundle(dossier["pieces"], sortie)
    lecteur = PdfReader(sortie)
    paysage, portrait = lecteur.pages[6].mediabox, lecteur.pages[7].mediabox
    assert (round(float(paysage.width)), round(float(paysage.height))) == (842, 595)
    assert (round(float(portrait.width)), round(float(portrait.height))) == (595, 842)


def test_exif_rotated_photo_is_upright(tmp_path):
    """1200×800 pixels with EXIF orientation 6 (turn 90° clockwise) shows 800×1200: portrait."""
    photo = faire_image(tmp_path / "photo.jpg", (1200, 800), exif_orientation=6)
    sortie = tmp_path / "bundle.pdf"
    assembler_bundle([PieceBundle(1, "Photo", None, photo)], sortie)
    boite = PdfReader(sortie).pages[1].mediabox
    assert float(boite.height) > float(boite.width)


def test_rotated_pages_keep_their_rotation_and_stamps(tmp_path):
    piece = PieceBundle(1, "Plan", None, faire_pdf(tmp_path / "plan.pdf", 2, rotation=90))
    sortie = tmp_path / "bundle.pdf"
    assembler_bundle([piece], sortie)
    lecteur = PdfReader(sortie)
    assert [p.rotation for p in lecteur.pages] == [0, 90, 90]
    assert "Pièce n° 1 — page 2/2" in lecteur.pages[2].extract_text()


def _refus(pieces, sortie: Path) -> str:
    with pytest.raises(DossierInvalide) as exc:
        assembler_bundle(pieces, sortie)
    assert not sortie.exists()
    assert list(sortie.parent.glob(".*tmp")) == []
    return str(exc.value)


def test_missing_corrupt_encrypted_and_empty_pieces_are_all_named(tmp_path):
    bon = faire_pdf(tmp_path / "bon.pdf", 1)
    corrompu = tmp_path / "corrompu.pdf"
    corrompu.write_bytes(b"%PDF-1.7\n garbage without any object\n")
    chiffre = tmp_path / "chiffre.pdf"
    writer = PdfWriter(clone_from=bon)
    writer.encrypt("secret")
    writer.write(chiffre)
    vide = tmp_path / "vide.pdf"
    vide.write_bytes(b"")
    sans_page = tmp_path / "sans_page.pdf"
    PdfWriter().write(sans_page)
    image = tmp_path / "tronquee.jpg"
    image.write_bytes(faire_image(tmp_path / "entiere.jpg", (800, 800)).read_bytes()[:400])
    texte = tmp_path / "notes.txt"
    texte.write_text("pas une pièce")
    pieces = [
        PieceBundle(1, "Bon", None, bon),
        PieceBundle(2, "Absente", None, tmp_path / "absente.pdf"),
        PieceBundle(3, "Corrompue", None, corrompu),
        PieceBundle(4, "Chiffrée", None, chiffre),
        PieceBundle(5, "Vide", None, vide),
        PieceBundle(6, "Sans page", None, sans_page),
        PieceBundle(7, "Tronquée", None, image),
        PieceBundle(8, "Texte", None, texte),
    ]
    message = _refus(pieces, tmp_path / "bundle.pdf")
    lignes = message.splitlines()
    assert len(lignes) == 7
    for numero, fichier, probleme in [
        (2, "absente.pdf", "introuvable"),
        (3, "corrompu.pdf", "endommagé"),
        (4, "chiffre.pdf", "protégé"),
        (5, "vide.pdf", "vide"),
        (6, "sans_page.pdf", "sans aucune page"),
        (7, "tronquee.jpg", "image endommagée"),
        (8, "notes.txt", "format non pris en charge"),
    ]:
        ligne = next(li for li in lignes if f"Pièce n° {numero} (" in li)
        assert str(tmp_path / fichier) in ligne and probleme in ligne


def test_duplicate_number_is_refused(tmp_path):
    a, b = faire_pdf(tmp_path / "a.pdf", 1), faire_pdf(tmp_path / "b.pdf", 1)
    message = _refus([PieceBundle(1, "A", None, a), PieceBundle(1, "B", None, b)], tmp_path / "bundle.pdf")
    assert "Pièce n° 1" in message and "déjà utilisé" in message


def test_no_piece_is_refused(tmp_path):
    assert "aucune pièce" in _refus([], tmp_path / "bundle.pdf")


def test_existing_bundle_is_replaced_only_when_complete(tmp_path):
    sortie = tmp_path / "bundle.pdf"
    sortie.write_bytes(b"ancien")
    _refus([PieceBundle(1, "Absente", None, tmp_path / "absente.pdf")], tmp_path / "autre.pdf")
    assembler_bundle([PieceBundle(1, "A", None, faire_pdf(tmp_path / "a.pdf", 1))], sortie)
    assert len(PdfReader(sortie).pages) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "bundle.pdf"]


def test_memes_pieces_meme_liasse(dossier):
    """The same pièces give the same bytes: no random resource name, date or ID in the bundle."""
    premiere, seconde = dossier["dir"] / "a.pdf", dossier["dir"] / "b.pdf"
    assembler_bundle(dossier["pieces"], premiere, dossier["bordereau"])
    assembler_bundle(dossier["pieces"], seconde, dossier["bordereau"])
    assert premiere.read_bytes() == seconde.read_bytes()


def test_le_tampon_ne_remplace_pas_une_police_de_la_piece(tmp_path):
    """A pièce whose page already names a font /ProcedureTampon keeps it: the stamp takes another name."""
    source = faire_pdf(tmp_path / "source.pdf", 1)
    writer = PdfWriter(clone_from=source)
    polices = writer.pages[0]["/Resources"]["/Font"]
    (ancien,) = list(polices)
    polices[NameObject("/ProcedureTampon")] = polices[ancien]
    piece = tmp_path / "piece.pdf"
    writer.write(piece)
    sortie = tmp_path / "bundle.pdf"
    assembler_bundle([PieceBundle(1, "Facture", None, piece)], sortie)
    polices = PdfReader(sortie).pages[1]["/Resources"]["/Font"]
    assert polices["/ProcedureTampon"].get_object()["/BaseFont"] != "/Helvetica-Bold"
    assert polices["/ProcedureTampon2"].get_object()["/BaseFont"] == "/Helvetica-Bold"
    assert "Pièce n° 1 — page 1/1" in PdfReader(sortie).pages[1].extract_text()
