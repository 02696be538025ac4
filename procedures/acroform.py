"""AcroForm mechanics on pypdf objects: embedded font, appearance streams, listing, flattening.

Viewers do not agree on how to draw a field value (poppler ignores NeedAppearances, Acrobat
redraws with its own fonts), so every value written here gets an appearance stream drawn with an
embedded DejaVu Sans, simple TrueType font in WinAnsi encoding: that encoding holds every French
glyph (é è à ç « » œ €) and keeps the field editable in every viewer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

POLICES = Path(__file__).resolve().parent.parent / "modeles" / "polices"
POLICE_CHAMPS = POLICES / "DejaVuSans-WinAnsi.ttf"
POLICE_GRAS = POLICES / "DejaVuSans-Bold-WinAnsi.ttf"
RESSOURCE_POLICE = "/DejaVuSans"  # name of the font in /DR and in the appearance streams

TAILLE_MAX = 9.0
TAILLE_MIN = 6.0
INTERLIGNE = 1.15
MARGE = 2.0

# Field flags, PDF 32000-1 tables 226, 228 and 229.
FF_MULTILIGNE = 1 << 12
FF_RADIO = 1 << 15
FF_BOUTON_POUSSOIR = 1 << 16
FF_PEIGNE = 1 << 24
F_CACHE = 1 << 1


@dataclass(frozen=True)
class ChampPdf:
    nom: str
    type: str  # texte, case, radio, bouton, choix, signature
    valeurs_export: tuple[str, ...]
    page: int  # 1-based; 0 when no page carries the widget
    rect: tuple[float, float, float, float]


@cache
def nom_police_reportlab(gras: bool = False) -> str:
    """Register the shipped DejaVu subset with reportlab once; return its name for drawing."""
    nom = "DejaVuSans-Bold-WinAnsi" if gras else "DejaVuSans-WinAnsi"
    pdfmetrics.registerFont(TTFont(nom, str(POLICE_GRAS if gras else POLICE_CHAMPS)))
    return nom


CAPITALE = 0.73  # DejaVu Sans cap height per em (OS/2 sCapHeight 1493/2048): centres single lines


@cache
def _ascendante() -> float:
    """Ascent of the field font per unit of font size: places the first line of a multi-line field."""
    return pdfmetrics.getFont(nom_police_reportlab()).face.ascent / 1000


def largeur_texte(texte: str, taille: float) -> float:
    return pdfmetrics.stringWidth(texte, nom_police_reportlab(), taille)


def police_formulaire(writer: PdfWriter) -> IndirectObject:
    """The DejaVu font of /AcroForm /DR, added (with its file embedded) when missing."""
    acroform = writer.root_object["/AcroForm"]
    dr = acroform.setdefault(NameObject("/DR"), DictionaryObject())
    dr = dr.get_object()
    polices = dr.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    existante = polices.get(RESSOURCE_POLICE)
    if existante is not None and existante.get_object().get("/BaseFont") == "/DejaVuSans-WinAnsi":
        return existante.indirect_reference or writer._add_object(existante.get_object())
    ref = writer._add_object(_dictionnaire_police(writer))
    polices[NameObject(RESSOURCE_POLICE)] = ref
    return ref


def _dictionnaire_police(writer: PdfWriter) -> DictionaryObject:
    face = pdfmetrics.getFont(nom_police_reportlab()).face
    fichier = DecodedStreamObject()
    donnees = POLICE_CHAMPS.read_bytes()
    fichier.set_data(donnees)
    fichier[NameObject("/Length1")] = NumberObject(len(donnees))
    fichier = fichier.flate_encode()
    largeurs = []
    for code in range(32, 256):
        try:
            largeurs.append(FloatObject(round(face.getCharWidth(ord(bytes([code]).decode("cp1252"))), 3)))
        except UnicodeDecodeError:
            largeurs.append(FloatObject(0))
    descripteur = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/DejaVuSans-WinAnsi"),
            NameObject("/Flags"): NumberObject(32),  # non-symbolic: the /Encoding is honoured
            NameObject("/FontBBox"): ArrayObject(FloatObject(round(v, 3)) for v in face.bbox),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): FloatObject(round(face.ascent, 3)),
            NameObject("/Descent"): FloatObject(round(face.descent, 3)),
            NameObject("/CapHeight"): FloatObject(round(face.capHeight, 3)),
            NameObject("/StemV"): NumberObject(face.stemV),
            NameObject("/FontFile2"): writer._add_object(fichier),
        }
    )
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/TrueType"),
            NameObject("/BaseFont"): NameObject("/DejaVuSans-WinAnsi"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/FirstChar"): NumberObject(32),
            NameObject("/LastChar"): NumberObject(255),
            NameObject("/Widths"): ArrayObject(largeurs),
            NameObject("/FontDescriptor"): writer._add_object(descripteur),
        }
    )


# Latin letters with a stroke or a bar, which Unicode does not decompose: drawn as the plain letter
# (« Wałęsa », « Łódź », « Đorđević » rather than « Wa?esa »).
_SANS_BARRE = str.maketrans("łŁđĐħĦıŧŦƀƗɨ", "lLdDhHitTbIi")


def vers_winansi(texte: str) -> str:
    """What the appearance can draw: WinAnsi characters, others without their accent or as '?'.

    The field value (/V) keeps the exact text; only its drawing is approximated."""
    sortie = []
    for car in texte:
        if _encodable(car):
            sortie.append(car)
        else:
            simple = "".join(
                c for c in unicodedata.normalize("NFKD", car.translate(_SANS_BARRE)) if not unicodedata.combining(c)
            )
            sortie.append(simple if simple and _encodable(simple) else "?")
    return "".join(sortie)


def _encodable(texte: str) -> bool:
    try:
        texte.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def chaine_pdf(texte: str) -> bytes:
    """A PDF literal string of WinAnsi text, for a content stream's Tj (PDF 32000-1 §7.3.4.2)."""
    brut = texte.encode("cp1252")
    return b"(" + brut.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def herite(objet: DictionaryObject, cle: str):
    """An inheritable field attribute (PDF 32000-1 §12.7.3.1), looked up the /Parent chain."""
    while objet is not None:
        if cle in objet:
            return objet[cle]
        parent = objet.get("/Parent")
        objet = parent.get_object() if parent is not None else None
    return None


def dimensions(widget: DictionaryObject) -> tuple[float, float]:
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    return abs(x2 - x1), abs(y2 - y1)


def _taille_da(champ: DictionaryObject) -> float:
    da = str(herite(champ, "/DA") or "")
    trouve = re.search(r"([\d.]+)\s+Tf", da)
    taille = float(trouve.group(1)) if trouve else 0.0
    return taille if taille > 0 else TAILLE_MAX


def disposer(texte: str, largeur: float, hauteur: float, multiligne: bool, taille_max: float):
    """(size, lines) of the largest size that fits the box, or None when even TAILLE_MIN overflows."""
    texte = vers_winansi(texte)
    utile_l, utile_h = largeur - 2 * MARGE, hauteur - 2 * MARGE + 1
    taille = taille_max
    while taille >= TAILLE_MIN:
        if multiligne:
            lignes = [
                ligne
                for paragraphe in texte.split("\n")
                for ligne in (simpleSplit(paragraphe, nom_police_reportlab(), taille, utile_l) or [""])
            ]
        else:
            lignes = [" ".join(texte.split())]
        if len(lignes) * taille * INTERLIGNE <= utile_h + (
            taille * (INTERLIGNE - 1) if len(lignes) == 1 else 0
        ) and all(largeur_texte(ligne, taille) <= utile_l for ligne in lignes):
            return taille, lignes
        taille -= 0.5
    return None


def apparence_texte(
    writer: PdfWriter, champ: DictionaryObject, widget: DictionaryObject, texte: str, police: IndirectObject
) -> bool:
    """Draw `texte` as the widget's normal appearance; False (nothing drawn) when it cannot fit."""
    largeur, hauteur = dimensions(widget)
    drapeaux = int(herite(champ, "/Ff") or 0)
    taille_max = min(_taille_da(champ), (hauteur - 2 * MARGE + 1) / INTERLIGNE)
    peigne = int(herite(champ, "/MaxLen") or 0) if drapeaux & FF_PEIGNE else 0
    alignement = int(herite(champ, "/Q") or 0)
    ops: list[bytes] = []
    if peigne:
        texte = vers_winansi(texte)
        if len(texte) > peigne:
            return False
        taille = max(TAILLE_MIN, min(taille_max, hauteur * 0.7))
        cellule = largeur / peigne
        base = (hauteur - taille * CAPITALE) / 2
        for i, car in enumerate(texte):
            x = i * cellule + (cellule - largeur_texte(car, taille)) / 2
            ops.append(b"1 0 0 1 %.2f %.2f Tm %s Tj" % (x, base, chaine_pdf(car)))
    else:
        disposition = disposer(texte, largeur, hauteur, bool(drapeaux & FF_MULTILIGNE), taille_max)
        if disposition is None:
            return False
        taille, lignes = disposition
        if drapeaux & FF_MULTILIGNE:
            base = hauteur - MARGE - _ascendante() * taille
        else:
            base = (hauteur - taille * CAPITALE) / 2
        for ligne in lignes:
            l = largeur_texte(ligne, taille)
            x = {1: (largeur - l) / 2, 2: largeur - MARGE - l}.get(alignement, MARGE)
            ops.append(b"1 0 0 1 %.2f %.2f Tm %s Tj" % (x, base, chaine_pdf(ligne)))
            base -= taille * INTERLIGNE
    flux = (
        _cadre(widget, largeur, hauteur)
        + b"/Tx BMC q %.2f %.2f %.2f %.2f re W n BT %s %.2f Tf 0 g "
        % (1, 1, largeur - 2, hauteur - 2, RESSOURCE_POLICE.encode(), taille)
        + b" ".join(ops)
        + b" ET Q EMC"
    )
    _poser_apparence(writer, widget, flux, largeur, hauteur, police)
    return True


def _cadre(widget: DictionaryObject, largeur: float, hauteur: float) -> bytes:
    """The widget's own background and border (/MK /BG, /BC), which a new appearance must keep."""
    mk = widget.get("/MK", {})
    ops = b""
    for cle, operation, dessin in (
        ("/BG", (b"g", b"rg", b"k"), b"0 0 %.2f %.2f re f" % (largeur, hauteur)),
        ("/BC", (b"G", b"RG", b"K"), b"1 w 0.5 0.5 %.2f %.2f re S" % (largeur - 1, hauteur - 1)),
    ):
        couleur = [float(v) for v in mk.get(cle, [])]
        if len(couleur) in (1, 3, 4):
            operateur = operation[(1, 3, 4).index(len(couleur))]
            ops += b"q %s %s %s Q " % (b" ".join(b"%.3f" % v for v in couleur), operateur, dessin)
    return ops


def ecrire_texte(
    writer: PdfWriter, champ: DictionaryObject, widgets: list[DictionaryObject], texte: str, police: IndirectObject
) -> bool:
    """Set a text field's value and draw it on every widget; False, with /V left unset, when it cannot fit."""
    if not all(apparence_texte(writer, champ, widget, texte, police) for widget in widgets):
        return False
    champ[NameObject("/V")] = TextStringObject(texte)
    # A viewer that redraws the field (while editing) must use the same font, which has the glyphs.
    da = str(herite(champ, "/DA") or "/Helv 0 Tf 0 g")
    champ[NameObject("/DA")] = TextStringObject(re.sub(r"/[^\s/]+(\s+[\d.]+\s+Tf)", RESSOURCE_POLICE + r"\1", da))
    return True


def forme_xobject(
    flux: bytes, largeur: float, hauteur: float, ressources: DictionaryObject | None = None
) -> DecodedStreamObject:
    """A form XObject drawing `flux` in a `largeur` × `hauteur` box: the appearance of a widget."""
    apparence = DecodedStreamObject()
    apparence.set_data(flux)
    apparence.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(largeur), FloatObject(hauteur)]
            ),
        }
    )
    if ressources is not None:
        apparence[NameObject("/Resources")] = ressources
    return apparence


def _poser_apparence(
    writer: PdfWriter, widget: DictionaryObject, flux: bytes, largeur: float, hauteur: float, police: IndirectObject
) -> None:
    polices = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject(RESSOURCE_POLICE): police})})
    apparence = forme_xobject(flux, round(largeur, 3), round(hauteur, 3), polices)
    widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(apparence.flate_encode())})


def etats_actifs(widget: DictionaryObject) -> list[str]:
    """Export values of a check box or radio widget: its /AP /N states other than /Off."""
    normal = widget.get("/AP", {}).get("/N")
    normal = normal.get_object() if normal is not None else None
    if not isinstance(normal, DictionaryObject) or isinstance(normal, StreamObject):
        return []
    return [str(k)[1:] for k in normal if k != "/Off"]


def cocher(champ: DictionaryObject, widgets: list[DictionaryObject], export: str | None) -> None:
    """Select `export` (a state name without '/') on a check box or radio, or clear it (None)."""
    valeur = NameObject("/" + export) if export else NameObject("/Off")
    champ[NameObject("/V")] = valeur
    for widget in widgets:
        widget[NameObject("/AS")] = valeur if export and export in etats_actifs(widget) else NameObject("/Off")


def type_champ(champ: DictionaryObject) -> str:
    genre = herite(champ, "/FT")
    drapeaux = int(herite(champ, "/Ff") or 0)
    if genre == "/Tx":
        return "texte"
    if genre == "/Btn":
        if drapeaux & FF_BOUTON_POUSSOIR:
            return "bouton"
        return "radio" if drapeaux & FF_RADIO else "case"
    if genre == "/Ch":
        return "choix"
    if genre == "/Sig":
        return "signature"
    return "inconnu"


def champs_terminaux(
    writer_ou_reader: PdfWriter | PdfReader,
) -> dict[str, tuple[DictionaryObject, list[DictionaryObject]]]:
    """Every terminal field by fully qualified name, with its widgets (PDF 32000-1 §12.7.3.2)."""
    racine = writer_ou_reader.root_object
    acroform = racine.get("/AcroForm")
    trouves: dict[str, tuple[DictionaryObject, list[DictionaryObject]]] = {}
    if acroform is None:
        return trouves

    def parcourir(objet: DictionaryObject, prefixe: str) -> None:
        nom = prefixe
        if "/T" in objet:
            nom = f"{prefixe}.{objet['/T']}" if prefixe else str(objet["/T"])
        enfants = [k.get_object() for k in objet.get("/Kids", [])]
        sous_champs = [k for k in enfants if "/T" in k]
        if sous_champs:
            for enfant in sous_champs:
                parcourir(enfant, nom)
            return
        widgets = enfants or ([objet] if objet.get("/Subtype") == "/Widget" or "/Rect" in objet else [])
        trouves[nom] = (objet, widgets)

    for champ in acroform.get_object().get("/Fields", []):
        parcourir(champ.get_object(), "")
    return trouves


def lister(reader: PdfReader) -> list[ChampPdf]:
    pages = {}
    for numero, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []) or []:
            if isinstance(annotation, IndirectObject):
                pages[annotation.idnum] = numero
    liste = []
    for nom, (champ, widgets) in champs_terminaux(reader).items():
        genre = type_champ(champ)
        exports: list[str] = []
        if genre in ("case", "radio"):
            for widget in widgets:
                exports += [e for e in etats_actifs(widget) if e not in exports]
        elif genre == "choix":
            for option in herite(champ, "/Opt") or []:
                option = option.get_object()
                exports.append(str(option[0] if isinstance(option, ArrayObject) else option))
        premier = widgets[0] if widgets else champ
        ref = premier.indirect_reference
        rect = tuple(round(float(v), 2) for v in premier.get("/Rect", [0, 0, 0, 0]))
        liste.append(ChampPdf(nom, genre, tuple(exports), pages.get(ref.idnum, 0) if ref else 0, rect))
    return liste


def retirer_xfa(writer: PdfWriter) -> None:
    """Drop XFA so that viewers show the AcroForm values (an XFA form would hide them)."""
    racine = writer.root_object
    racine.pop(NameObject("/NeedsRendering"), None)
    acroform = racine.get("/AcroForm")
    if acroform is not None:
        acroform = acroform.get_object()
        acroform.pop(NameObject("/XFA"), None)
        acroform.pop(NameObject("/NeedAppearances"), None)


def aplatir(writer: PdfWriter) -> None:
    """Draw every visible widget's appearance into its page, then remove widgets and /AcroForm."""
    for page in writer.pages:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        restantes = ArrayObject()
        dessins = []
        for ref in annotations.get_object():
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Widget":
                restantes.append(ref)
                continue
            apparence = annotation.get("/AP", {}).get("/N")
            if apparence is None or int(annotation.get("/F", 0)) & F_CACHE:
                continue
            apparence = apparence.get_object()
            if not isinstance(apparence, StreamObject):
                etat = annotation.get("/AS")
                if etat is None or etat == "/Off" or etat not in apparence:
                    continue
                apparence = apparence[etat].get_object()
            nom = f"/Aplat{len(dessins)}"
            dessins.append(
                (
                    nom,
                    apparence.indirect_reference or writer._add_object(apparence),
                    _placement(apparence, annotation["/Rect"]),
                )
            )
        if not dessins:
            page[NameObject("/Annots")] = restantes
            continue
        ressources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        xobjets = ressources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
        ops = []
        for nom, ref, matrice in dessins:
            xobjets[NameObject(nom)] = ref
            ops.append(b"q %s cm %s Do Q" % (b" ".join(b"%.4f" % v for v in matrice), nom.encode()))
        contenu = DecodedStreamObject()
        contenu.set_data(b"\n".join(ops))
        # The page's own content may leave the graphics state changed: isolate it first.
        avant = DecodedStreamObject()
        avant.set_data(b"q")
        anciens = page.raw_get("/Contents") if "/Contents" in page else ArrayObject()
        if isinstance(anciens.get_object(), ArrayObject):
            anciens = list(anciens.get_object())
        else:
            anciens = [anciens if isinstance(anciens, IndirectObject) else writer._add_object(anciens)]
        fin = DecodedStreamObject()
        fin.set_data(b"Q\n" + contenu.get_data())
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(avant), *anciens, writer._add_object(fin)])
        if restantes:
            page[NameObject("/Annots")] = restantes
        else:
            del page["/Annots"]
    writer.root_object.pop(NameObject("/AcroForm"), None)


def _placement(apparence: StreamObject, rect) -> tuple[float, ...]:
    """Matrix mapping the appearance's (transformed) /BBox onto the widget /Rect (PDF 32000-1 §12.5.5)."""
    x1, y1, x2, y2 = (float(v) for v in apparence["/BBox"])
    a, b, c, d, e, f = (float(v) for v in apparence.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    coins = [(a * x + c * y + e, b * x + d * y + f) for x, y in ((x1, y1), (x2, y1), (x1, y2), (x2, y2))]
    bx1, by1 = min(p[0] for p in coins), min(p[1] for p in coins)
    bx2, by2 = max(p[0] for p in coins), max(p[1] for p in coins)
    rx1, ry1, rx2, ry2 = (float(v) for v in rect)
    rx1, rx2 = min(rx1, rx2), max(rx1, rx2)
    ry1, ry2 = min(ry1, ry2), max(ry1, ry2)
    sx = (rx2 - rx1) / (bx2 - bx1) if bx2 > bx1 else 1.0
    sy = (ry2 - ry1) / (by2 - by1) if by2 > by1 else 1.0
    # Matrix A of the spec maps the bbox to the rect; the form's own /Matrix is applied by Do.
    return (sx, 0.0, 0.0, sy, rx1 - sx * bx1, ry1 - sy * by1)
