"""The evidence bundle: bordereau, index, then every pièce in number order, each page stamped.

Layout of the bundle:
  1. the bordereau de pièces (its PDF, rendered from the DOCX by procedures.pdf), when given;
  2. an index listing each pièce with the bundle page where it starts;
  3. the pièces in number order: PDF pages kept as they are, JPEG/PNG scans on A4 pages.
Every pièce page is stamped "Pièce n° X — page y/z", every bundle page "n / N", and each part has a
bookmark. The numbers are the dossier's own pièce numbers, never renumbered, so the bordereau, the
requête, the assignation and the bundle all agree.

Page numbers are exact: every page is counted before anything is drawn, the index is laid out until its
own length is stable, and only then are the pages stamped.

Each stamp is a few drawing operators in a content stream appended after the page's own content, with
a font of its own under a unique resource name: the pièces' content streams are never decoded or
rewritten, which keeps the bundle fast, faithful to the originals and light in memory. The pièces are
parsed once, when they are checked.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    RectangleObject,
)
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from procedures.acroform import chaine_pdf
from procedures.erreurs import DossierInvalide, Erreur
from procedures.montants import format_date_courte
from procedures.stockage import fichier_temporaire
from procedures.surete import CheminRefuse, dans_le_dossier, fichier_ordinaire

_POLICES = (
    # DejaVu covers far more scripts (debtors' names); Vera ships with reportlab, so it is always there
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("Vera.ttf", "VeraBd.ttf"),
)
_POLICE, _POLICE_GRAS = "ProcedureSans", "ProcedureSans-Bold"
_MARGE_IMAGE = 15 * mm
# room kept free of scan content at the top and bottom, where the stamps go
_BANDEAU = 12 * mm
# a standard font needs no embedding, and WinAnsi holds every character of a stamp ("è", "°", "—")
_POLICE_TAMPON = "Helvetica-Bold"
# resource name of the stamp font on every page; suffixed in the unlikely case a pièce already uses it
_RESSOURCE_TAMPON = "/ProcedureTampon"
_TAILLE_TAMPON = 8.5


@dataclass(frozen=True)
class PieceBundle:
    numero: int
    titre: str
    date: date | None
    chemin: Path
    # the case folder: a pièce (or a link on its way) may not lead out of it
    racine: Path | None = None


def pieces_du_dossier(dossier, liste=None) -> list[PieceBundle]:
    """The case's pièces with their own numbers (never renumbered: the bordereau, requête and bundle agree);
    ``liste``: the pièces to assemble instead, in number order (`Situation.pieces.liste`: the mise en demeure
    sent and its avis de réception after the user's, procedures.pieces)."""
    liste = sorted(dossier.pieces, key=lambda p: p.numero) if liste is None else liste
    return [PieceBundle(p.numero, p.titre, p.date, dossier.repertoire / p.fichier, dossier.repertoire) for p in liste]


@dataclass(frozen=True)
class EntreeIndex:
    numero: int
    titre: str
    premiere_page: int
    nb_pages: int


@dataclass(frozen=True)
class RapportBundle:
    sortie: Path
    nb_pages: int
    pages_bordereau: int
    pages_index: int
    pieces: tuple[EntreeIndex, ...]


@dataclass(frozen=True)
class _Source:
    piece: PieceBundle
    # None for a JPEG/PNG scan, which becomes one page when the bundle is written
    lecteur: PdfReader | None
    nb_pages: int


def assembler_bundle(
    pieces: Sequence[PieceBundle],
    sortie: Path,
    bordereau_pdf: Path | None = None,
    titre: str = "Pièces communiquées",
    progression: Callable[[int, int], None] | None = None,
) -> RapportBundle:
    """Write the bundle to `sortie` (atomically) and describe it; `progression(faits, total)` as pièces are added.

    Every pièce is checked first; any problem raises DossierInvalide naming each faulty pièce by its
    number and path, and nothing is written.
    """
    with _sans_ramasse_miettes():
        sources = _verifier(pieces)
        bordereau = _lire_bordereau(Path(bordereau_pdf)) if bordereau_pdf else None
        pages_bordereau = len(bordereau.pages) if bordereau else 0
        entrees, index = _index_stable(titre, sources, pages_bordereau)

        writer = PdfWriter()
        if bordereau:
            _ajouter_pdf(writer, bordereau)
            writer.add_outline_item(title="Bordereau de pièces", page_number=0)
        _ajouter_pdf(writer, index)
        writer.add_outline_item(title="Index des pièces", page_number=pages_bordereau)
        for faits, (source, entree) in enumerate(zip(sources, entrees), 1):
            _ajouter_pdf(writer, source.lecteur or PdfReader(io.BytesIO(_image_en_pdf(source.piece.chemin))))
            writer.add_outline_item(
                title=f"Pièce n° {entree.numero} — {entree.titre}", page_number=entree.premiere_page - 1
            )
            if progression:
                progression(faits, len(sources))

        _tamponner(writer, sources, pages_bordereau + len(index.pages))
        writer.page_mode = "/UseOutlines"
        writer.add_metadata({"/Title": titre, "/Producer": "procedure"})
        with fichier_temporaire(Path(sortie)) as temporaire:
            writer.write(temporaire)
    return RapportBundle(
        sortie=sortie,
        nb_pages=len(writer.pages),
        pages_bordereau=pages_bordereau,
        pages_index=len(index.pages),
        pieces=tuple(entrees),
    )


@contextmanager
def _sans_ramasse_miettes() -> Iterator[None]:
    """Pause the cyclic garbage collector while the bundle is built.

    pypdf allocates a few hundred small objects per page, all alive until the bundle is written: the
    collector would traverse them again and again for nothing (a fifth of the time at 500 pages). Cycles
    left behind are collected as usual once it resumes.
    """
    actif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if actif:
            gc.enable()


class _PieceIllisible(Exception):
    pass


def _verifier(pieces: Sequence[PieceBundle]) -> list[_Source]:
    if not pieces:
        raise DossierInvalide([Erreur(fichier="", ligne=None, champ="pieces", message="aucune pièce à assembler")])
    erreurs: list[Erreur] = []
    sources: list[_Source] = []
    vus: set[int] = set()
    for piece in sorted(pieces, key=lambda p: p.numero):
        if piece.numero in vus:
            erreurs.append(_erreur(piece, "numéro déjà utilisé par une autre pièce"))
            continue
        vus.add(piece.numero)
        try:
            sources.append(_lire_source(piece))
        except _PieceIllisible as probleme:
            erreurs.append(_erreur(piece, str(probleme)))
    if erreurs:
        raise DossierInvalide(erreurs)
    return sources


def verifier_pieces(pieces: Sequence[PieceBundle]) -> list[tuple[int, str]]:
    """(number, problem) of every pièce `assembler_bundle` would refuse: missing, unreadable, encrypted,
    neither a PDF nor an image. Nothing is written."""
    problemes = []
    for piece in pieces:
        try:
            _lire_source(piece)
        except _PieceIllisible as probleme:
            problemes.append((piece.numero, f"pièce n° {piece.numero} ({piece.chemin.name}) : {probleme}"))
    return problemes


def _erreur(piece: PieceBundle, probleme: str) -> Erreur:
    return Erreur(
        fichier=str(piece.chemin),
        ligne=None,
        champ=f"pieces[{piece.numero}]",
        message=f"Pièce n° {piece.numero} ({piece.chemin}) : {probleme}",
    )


def _lire_source(piece: PieceBundle) -> _Source:
    chemin = Path(piece.chemin)
    try:
        if piece.racine is not None:
            # Absolute: `racine / chemin` with a relative case path would name the case folder twice.
            dans_le_dossier(piece.racine, chemin.absolute(), "lien")
        fichier_ordinaire(chemin, "fichier")
    except CheminRefuse as exc:
        raise _PieceIllisible(exc.motif) from None
    try:
        with chemin.open("rb") as f:
            entete = f.read(1024)
    except OSError as exc:
        raise _PieceIllisible(f"fichier illisible ({exc.strerror})") from None
    if not entete:
        raise _PieceIllisible("fichier vide")
    if b"%PDF-" in entete:
        lecteur = _lire_pdf(chemin)
        return _Source(piece, lecteur, len(lecteur.pages))
    if entete.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        _verifier_image(chemin)
        return _Source(piece, None, 1)
    raise _PieceIllisible("format non pris en charge (PDF, PNG ou JPEG attendu)")


_CHIFFRE = (
    "PDF protégé (chiffré) : enregistrez-en une copie sans protection, "
    "par exemple `qpdf --decrypt entree.pdf sortie.pdf`"
)


def _lire_pdf(chemin: Path) -> PdfReader:
    try:
        lecteur = PdfReader(chemin)
        if lecteur.is_encrypted:
            raise _PieceIllisible(_CHIFFRE)
        pages = lecteur.pages
        if len(pages) == 0:
            raise _PieceIllisible("PDF sans aucune page")
        for page in pages:
            if page.cropbox.width == 0 or page.cropbox.height == 0:
                raise _PieceIllisible("page de dimensions nulles")
            if page.rotation % 90:
                raise _PieceIllisible(f"rotation de page invalide ({page.rotation}°)")
    except _PieceIllisible:
        raise
    except DependencyError:
        raise _PieceIllisible(_CHIFFRE) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _PieceIllisible(f"PDF endommagé ou illisible ({exc})") from None
    return lecteur


def _lire_bordereau(chemin: Path) -> PdfReader:
    try:
        if not chemin.is_file():
            raise _PieceIllisible("fichier introuvable")
        return _lire_pdf(chemin)
    except _PieceIllisible as probleme:
        message = f"Bordereau de pièces ({chemin}) : {probleme}"
        raise DossierInvalide([Erreur(fichier=str(chemin), ligne=None, champ="bordereau", message=message)]) from None


def _orientation(image: Image.Image) -> int:
    return image.getexif().get(0x0112, 1)


def _verifier_image(chemin: Path) -> None:
    try:
        with Image.open(chemin) as image:
            # load() decodes every pixel: a truncated scan fails here, not halfway through the bundle
            image.load()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        raise _PieceIllisible(f"image endommagée ou illisible ({exc})") from None


def _image_en_pdf(chemin: Path) -> bytes:
    """One A4 page (landscape for a landscape scan), the image fitted inside the margins."""
    with Image.open(chemin) as image:
        if image.format == "JPEG" and _orientation(image) == 1:
            # the JPEG bytes go into the PDF untouched: no re-encoding, no loss
            source = ImageReader(str(chemin))
        else:
            source = ImageReader(_image_opaque(ImageOps.exif_transpose(image)))
        largeur_image, hauteur_image = source.getSize()
        largeur, hauteur = landscape(A4) if largeur_image > hauteur_image else A4
        dispo_l = largeur - 2 * _MARGE_IMAGE
        dispo_h = hauteur - 2 * (_MARGE_IMAGE + _BANDEAU)
        echelle = min(dispo_l / largeur_image, dispo_h / hauteur_image)
        l, h = largeur_image * echelle, hauteur_image * echelle
        tampon = io.BytesIO()
        dessin = canvas.Canvas(tampon, pagesize=(largeur, hauteur))
        dessin.drawImage(source, (largeur - l) / 2, (hauteur - h) / 2, l, h)
        dessin.showPage()
        dessin.save()
    return tampon.getvalue()


def _image_opaque(image: Image.Image) -> Image.Image:
    """A mode every PDF viewer shows the same way: transparency flattened on white paper."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        fond = Image.new("RGB", image.size, "white")
        fond.paste(rgba, mask=rgba.getchannel("A"))
        return fond
    return image if image.mode in ("L", "RGB", "CMYK") else image.convert("RGB")


def polices_pdf() -> tuple[str, str]:
    """Register the text font of the PDFs drawn with reportlab (DejaVu Sans, else the Vera that ships with
    reportlab) once; return the reportlab names of its regular and bold faces."""
    if _POLICE in pdfmetrics.getRegisteredFontNames():
        return _POLICE, _POLICE_GRAS
    for normale, grasse in _POLICES:
        try:
            pdfmetrics.registerFont(TTFont(_POLICE, normale))
            pdfmetrics.registerFont(TTFont(_POLICE_GRAS, grasse))
            break
        except Exception:
            # reportlab raises a bare TTFError/IOError subclass mix for a missing file: try the next
            continue
    return _POLICE, _POLICE_GRAS


def _entrees(sources: list[_Source], premiere_page: int) -> list[EntreeIndex]:
    entrees = []
    for source in sources:
        piece = source.piece
        entrees.append(EntreeIndex(piece.numero, piece.titre, premiere_page, source.nb_pages))
        premiere_page += source.nb_pages
    return entrees


def _index_stable(titre: str, sources: list[_Source], pages_bordereau: int) -> tuple[list[EntreeIndex], PdfReader]:
    """Lay the index out with the page numbers its own length implies, until that length is stable.

    The page column has a fixed width and numbers never wrap, so the second layout always matches.
    """
    pages_index = 1
    while True:
        entrees = _entrees(sources, pages_bordereau + pages_index + 1)
        index = PdfReader(io.BytesIO(_rendre_index(titre, entrees, {s.piece.numero: s.piece.date for s in sources})))
        if len(index.pages) == pages_index:
            return entrees, index
        pages_index = len(index.pages)


def _rendre_index(titre: str, entrees: list[EntreeIndex], dates: dict[int, date | None]) -> bytes:
    police, gras = polices_pdf()
    texte = ParagraphStyle("texte", fontName=police, fontSize=10, leading=12.5)
    tete = ParagraphStyle("tete", parent=texte, fontName=gras)
    titre_style = ParagraphStyle("titre", parent=tete, fontSize=15, leading=19, spaceAfter=4 * mm)
    lignes = [[Paragraph(t, tete) for t in ("N°", "Pièce", "Date", "Page")]]
    for e in entrees:
        jour = dates[e.numero]
        lignes.append(
            [
                Paragraph(str(e.numero), texte),
                Paragraph(escape(e.titre), texte),
                Paragraph(format_date_courte(jour) if jour else "", texte),
                Paragraph(str(e.premiere_page), texte),
            ]
        )
    tableau = Table(lignes, colWidths=[14 * mm, None, 27 * mm, 16 * mm], repeatRows=1)
    tableau.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
            ]
        )
    )
    sortie = io.BytesIO()
    document = SimpleDocTemplate(
        sortie,
        pagesize=A4,
        title=titre,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
    )
    document.build([Paragraph(escape(titre), titre_style), Paragraph("Index des pièces", tete), tableau])
    return sortie.getvalue()


def _ajouter_pdf(writer: PdfWriter, lecteur: PdfReader) -> None:
    for page in lecteur.pages:
        writer.add_page(page)


def _tamponner(writer: PdfWriter, sources: list[_Source], pages_avant: int) -> None:
    """Stamp every bundle page, drawn after the page's own content."""
    marques: list[str | None] = [None] * pages_avant
    for source in sources:
        z = source.nb_pages
        marques.extend(f"Pièce n° {source.piece.numero} — page {y}/{z}" for y in range(1, z + 1))
    police = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/" + _POLICE_TAMPON),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    nom = _nom_libre(writer)
    # the original content is wrapped in q … Q so its graphics state cannot leak into the stamp
    avant = writer._add_object(_flux(b"q\n"))
    total = len(writer.pages)
    for n, (page, marque) in enumerate(zip(writer.pages, marques), start=1):
        boite, rotation = page.cropbox, page.rotation % 360
        largeur, hauteur = _format_affiche(boite, rotation)
        dessin = _cartouche(nom, f"{n} / {total}", largeur / 2, 4 * mm, centre=True)
        if marque:
            dessin += _cartouche(nom, marque, largeur - 8 * mm, hauteur - 10 * mm)
        tampon = writer._add_object(_flux(b"\nQ\nq " + _matrice(boite, rotation) + b" cm\n" + dessin + b"Q\n"))
        ressources = _copie_dictionnaire(page.get("/Resources"))
        polices = _copie_dictionnaire(ressources.get("/Font"))
        polices[nom] = police
        ressources[NameObject("/Font")] = polices
        page[NameObject("/Resources")] = ressources
        page[NameObject("/Contents")] = ArrayObject([avant, *_flux_de(page), tampon])


def _nom_libre(writer: PdfWriter) -> NameObject:
    """A font resource name no page uses yet: the stamp must not replace a font of a pièce."""
    pris = set()
    for page in writer.pages:
        ressources = page.get("/Resources")
        polices = ressources.get_object().get("/Font") if ressources is not None else None
        if polices is not None:
            pris.update(polices.get_object().keys())
    nom, n = _RESSOURCE_TAMPON, 1
    while nom in pris:
        n += 1
        nom = f"{_RESSOURCE_TAMPON}{n}"
    return NameObject(nom)


def _copie_dictionnaire(valeur) -> DictionaryObject:
    """A shallow copy of a page dictionary that may be stored directly or by reference (LibreOffice does)."""
    return DictionaryObject(dict.items(valeur.get_object())) if valeur is not None else DictionaryObject()


def _format_affiche(boite: RectangleObject, rotation: int) -> tuple[float, float]:
    largeur, hauteur = abs(float(boite.width)), abs(float(boite.height))
    return (hauteur, largeur) if rotation % 180 else (largeur, hauteur)


def _cartouche(police: NameObject, texte: str, x: float, y: float, centre: bool = False) -> bytes:
    """Drawing operators for a white box with a thin frame: legible on any page, whatever lies beneath."""
    largeur = pdfmetrics.stringWidth(texte, _POLICE_TAMPON, _TAILLE_TAMPON)
    gauche = max(x - largeur / 2 if centre else x - largeur, 2.5 * mm)
    marge = 1.5 * mm
    cadre = f"{gauche - marge:.2f} {y - marge / 2:.2f} {largeur + 2 * marge:.2f} {_TAILLE_TAMPON + marge:.2f} re"
    return (
        (
            f"q 1 g 0 G 0.5 w {cadre} B Q\nBT 0 g {police} {_TAILLE_TAMPON} Tf {gauche:.2f} {y + 0.2 * mm:.2f} Td "
        ).encode()
        + chaine_pdf(texte)
        + b" Tj ET\n"
    )


def _flux(donnees: bytes) -> DecodedStreamObject:
    flux = DecodedStreamObject()
    flux.set_data(donnees)
    return flux


def _flux_de(page) -> list:
    contenu = page.raw_get("/Contents") if "/Contents" in page else None
    if contenu is None:
        return []
    objet = contenu.get_object()
    return list(objet) if isinstance(objet, ArrayObject) else [contenu]


def _matrice(boite: RectangleObject, rotation: int) -> bytes:
    """The `cm` operands from the page as displayed (origin bottom-left) to the page's user space.

    /Rotate turns the displayed page clockwise; the crop box may not start at the origin.
    """
    x0, y0 = float(boite.left), float(boite.bottom)
    l, h = float(boite.width), float(boite.height)
    a, b, c, d, e, f = {
        0: (1, 0, 0, 1, x0, y0),
        90: (0, 1, -1, 0, x0 + l, y0),
        180: (-1, 0, 0, -1, x0 + l, y0 + h),
        270: (0, -1, 1, 0, x0, y0 + h),
    }[rotation]
    return " ".join(f"{v:.4f}" for v in (a, b, c, d, e, f)).encode()
