"""Build the fillable reproductions of the injonction de payer request forms (Cerfa 12946, 12948, 16040).

Run `python -m modeles.construire_cerfa` from the repository root: it rewrites
modeles/cerfa_12946.pdf, cerfa_12948.pdf and cerfa_16040.pdf, byte for byte the same on every run
(reportlab `invariant`, fixed document ID, objects written in a fixed order).

The layout follows the boxes of Cerfa 12946*01 in order (docs/legal-sources.md §1.4) with the wording of
today's law (code de procédure civile, commissaire de justice, tribunal judiciaire). Every form says
that it is a reproduction, not the official form: the forms are optional (a requête carrying the
mentions of CPC 1407, 54 and 57 is valid).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from procedures.acroform import (
    FF_MULTILIGNE,
    FF_PEIGNE,
    RESSOURCE_POLICE,
    forme_xobject,
    nom_police_reportlab,
    police_formulaire,
)
from procedures.cerfa import FORMULAIRES, LIBELLES, Formulaire
from procedures.stockage import ecrire_atomique

DOSSIER = Path(__file__).resolve().parent
LARGEUR, HAUTEUR = A4
GAUCHE = 30.0
DROITE = LARGEUR - 30.0
LEGENDE = 7.5  # height of the caption band above each field
GRIS = (0.93, 0.93, 0.93)


@dataclass
class Champ:
    nom: str
    rect: tuple[float, float, float, float]
    multiligne: bool = False
    peigne: int = 0
    alignement: int = 0
    case: bool = False


@dataclass
class Page:
    champs: list[Champ] = field(default_factory=list)


class Dessin:
    """Draws the static page with reportlab and records where the fields go."""

    def __init__(
        self,
        formulaire: Formulaire | None,
        titre: str | None = None,
        sujet: str | None = None,
        mention: str | None = None,
        createur: str = "modeles/construire_cerfa.py",
    ):
        """A Cerfa's reproduction (`formulaire`), or another form's given its `titre`, `sujet` and footer
        `mention`."""
        self.formulaire = formulaire
        if formulaire is not None:
            titre = f"{formulaire.titre} (reproduction du Cerfa n° {formulaire.code})"
            sujet = (
                f"Établi sur le modèle du Cerfa n° {formulaire.code}, articles {formulaire.articles} "
                "du code de procédure civile"
            )
            mention = (
                f"Reproduction établie sur le modèle du Cerfa n° {formulaire.code} — formulaire non "
                "officiel, à vérifier, dater et signer."
            )
        self.mention = mention
        self.tampon = io.BytesIO()
        self.c = Canvas(self.tampon, pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle(titre)
        self.c.setAuthor("procedure")
        self.c.setSubject(sujet)
        self.c.setCreator(f"procedure — {createur}")
        self.pages: list[Page] = [Page()]

    def police(self, taille: float, gras: bool = False) -> None:
        self.c.setFont(nom_police_reportlab(gras), taille)

    def texte(
        self,
        x: float,
        y: float,
        texte: str,
        taille: float = 8,
        gras: bool = False,
        centre: bool = False,
        droite: bool = False,
    ) -> None:
        self.police(taille, gras)
        if centre:
            self.c.drawCentredString(x, y, texte)
        elif droite:
            self.c.drawRightString(x, y, texte)
        else:
            self.c.drawString(x, y, texte)

    def paragraphe(
        self, x: float, y: float, largeur: float, texte: str, taille: float = 8, gras: bool = False
    ) -> float:
        """Draw wrapped text from baseline y down; return the y below it."""
        for ligne in simpleSplit(texte, nom_police_reportlab(gras), taille, largeur):
            self.texte(x, y, ligne, taille, gras)
            y -= taille * 1.25
        return y

    def bandeau(self, y: float, titre: str, precision: str = "") -> float:
        """A grey title band across the page; return the y below it."""
        self.c.setFillColorRGB(*GRIS)
        self.c.rect(GAUCHE, y - 14, DROITE - GAUCHE, 14, stroke=1, fill=1)
        self.c.setFillColorRGB(0, 0, 0)
        self.texte(GAUCHE + 4, y - 10, titre, 9, gras=True)
        if precision:
            self.police(6.5)
            self.texte(GAUCHE + 8 + self.c.stringWidth(titre, nom_police_reportlab(True), 9), y - 10, precision, 6.5)
        return y - 14

    def cellule(
        self,
        nom: str,
        libelle: str,
        x: float,
        y: float,
        largeur: float,
        hauteur: float,
        multiligne: bool = False,
        peigne: int = 0,
        alignement: int = 0,
    ) -> float:
        """A framed cell: caption at the top, field below; return the y of its bottom."""
        self.c.rect(x, y - hauteur - LEGENDE, largeur, hauteur + LEGENDE)
        self.texte(x + 2, y - 5.8, libelle, 5.8)
        rect = (x + 1.5, y - LEGENDE - hauteur + 1, x + largeur - 1.5, y - LEGENDE)
        self.champ(nom, rect, multiligne, peigne, alignement)
        return y - hauteur - LEGENDE

    def champ(
        self,
        nom: str,
        rect: tuple[float, float, float, float],
        multiligne: bool = False,
        peigne: int = 0,
        alignement: int = 0,
    ) -> None:
        if peigne:
            cellule = (rect[2] - rect[0]) / peigne
            self.c.setStrokeColorRGB(0.6, 0.6, 0.6)
            for i in range(1, peigne):
                x = rect[0] + i * cellule
                self.c.line(x, rect[1], x, rect[1] + (rect[3] - rect[1]) * (0.6 if i % 2 or i > 4 else 1))
            self.c.setStrokeColorRGB(0, 0, 0)
        self.pages[-1].champs.append(Champ(nom, rect, multiligne, peigne, alignement))

    def case(self, nom: str, libelle: str, x: float, y: float) -> float:
        """A check box at (x, y) followed by its label; return the x after the label."""
        self.c.rect(x, y, 8, 8)
        self.pages[-1].champs.append(Champ(nom, (x, y, x + 8, y + 8), case=True))
        self.texte(x + 11, y + 1.2, libelle, 7.5)
        return x + 11 + self.c.stringWidth(libelle, nom_police_reportlab(), 7.5) + 10

    def date(self, nom: str, libelle: str, x: float, y: float) -> float:
        """A JJMMAAAA comb box with its caption; return the x after it."""
        self.texte(x, y + 14.5, f"{libelle} (JJMMAAAA)", 5.8)
        self.c.rect(x, y, 88, 13)
        self.champ(nom, (x, y, x + 88, y + 13), peigne=8, alignement=1)
        return x + 88

    def fait_a(self, y: float) -> float:
        """The « Fait à … le … » row (fields `lieu` and `date`); return the y below it."""
        self.texte(GAUCHE, y - 9, "Fait à", 8.5)
        self.c.rect(GAUCHE + 30, y - 14, 200, 16)
        self.champ("lieu", (GAUCHE + 31.5, y - 13, GAUCHE + 228.5, y + 1))
        self.texte(GAUCHE + 240, y - 9, "le", 8.5)
        self.date("date", "Date", GAUCHE + 255, y - 14)
        return y - 24

    def pied(self, numero: int, total: int) -> None:
        self.texte(GAUCHE, 20, self.mention, 6.5)
        self.texte(DROITE, 20, f"Page {numero}/{total}", 6.5, droite=True)

    def nouvelle_page(self) -> None:
        self.c.showPage()
        self.pages.append(Page())


def bloc_partie(d: Dessin, prefixe: str, y: float, titre: str, precision: str) -> float:
    """Identity box of a party (CPC 54 and 57): persons and companies share it."""
    y = d.bandeau(y, titre, precision)
    x = d.case(f"{prefixe}_personne_physique", "Personne physique", GAUCHE + 6, y - 12)
    d.case(f"{prefixe}_personne_morale", "Personne morale", x, y - 12)
    y -= 16
    l = DROITE - GAUCHE
    d.cellule(
        f"{prefixe}_nom",
        "Nom (personne physique) ou dénomination (personne morale)",
        GAUCHE,
        y,
        l * 0.62,
        20,
        multiligne=True,
    )
    y = d.cellule(
        f"{prefixe}_forme", "Forme juridique (personne morale)", GAUCHE + l * 0.62, y, l * 0.38, 20, multiligne=True
    )
    d.cellule(f"{prefixe}_prenoms", "Prénoms", GAUCHE, y, l * 0.36, 13)
    d.cellule(f"{prefixe}_profession", "Profession", GAUCHE + l * 0.36, y, l * 0.34, 13)
    y = d.cellule(f"{prefixe}_nationalite", "Nationalité", GAUCHE + l * 0.70, y, l * 0.30, 13)
    d.c.rect(GAUCHE, y - 22, l * 0.36, 22)
    d.date(f"{prefixe}_naissance_date", "Date de naissance", GAUCHE + 4, y - 20)
    y = d.cellule(f"{prefixe}_naissance_lieu", "Lieu de naissance", GAUCHE + l * 0.36, y, l * 0.64, 14.5)
    d.cellule(
        f"{prefixe}_adresse",
        "Domicile (personne physique) ou siège social (personne morale)",
        GAUCHE,
        y,
        l * 0.62,
        30,
        multiligne=True,
    )
    return d.cellule(
        f"{prefixe}_representant",
        "Organe qui la représente légalement (personne morale)",
        GAUCHE + l * 0.62,
        y,
        l * 0.38,
        30,
        multiligne=True,
    )


def page_1(d: Dessin) -> None:
    f = d.formulaire
    y = HAUTEUR - 30
    d.texte(GAUCHE, y, "Reproduction établie sur le modèle du", 7)
    d.texte(GAUCHE, y - 9, f"Cerfa n° {f.code}", 9, gras=True)
    d.texte(GAUCHE, y - 18, "(formulaire non officiel ; son usage est facultatif)", 6.5)
    d.c.rect(DROITE - 190, y - 26, 190, 34)
    d.texte(DROITE - 186, y + 1, "Cadre réservé au greffe", 6, gras=True)
    d.cellule("numero_tribunal", "N° du tribunal", DROITE - 188, y - 2, 90, 11)
    d.cellule("numero_greffe", "N° du greffe", DROITE - 96, y - 2, 94, 11)
    y -= 44
    d.texte(LARGEUR / 2, y, "DEMANDE EN INJONCTION DE PAYER", 14, gras=True, centre=True)
    d.texte(LARGEUR / 2, y - 15, f"adressée {f.juge}", 10, centre=True)
    d.texte(LARGEUR / 2, y - 27, f"(articles {f.articles} du code de procédure civile)", 8, centre=True)
    y -= 34
    y = (
        d.cellule("tribunal", "Juridiction saisie (nom et adresse)", GAUCHE, y, DROITE - GAUCHE, 20, multiligne=True)
        - 6
    )
    y = (
        bloc_partie(
            d,
            "demandeur",
            y,
            "DEMANDEUR",
            "mentions des articles 54 et 57 du code de procédure "
            "civile, selon qu'il s'agit d'une personne physique ou morale",
        )
        - 6
    )
    y = d.bandeau(y, "MANDATAIRE", "le cas échéant (un mandataire autre qu'un avocat justifie d'un pouvoir spécial)")
    l = DROITE - GAUCHE
    d.cellule("mandataire_nom", "Nom ou dénomination", GAUCHE, y, l * 0.40, 13)
    d.cellule("mandataire_prenoms", "Prénoms", GAUCHE + l * 0.40, y, l * 0.28, 13)
    y = d.cellule("mandataire_qualite", "Qualité (avocat, commissaire de justice…)", GAUCHE + l * 0.68, y, l * 0.32, 13)
    y = d.cellule("mandataire_adresse", "Domicile ou siège social", GAUCHE, y, l, 20, multiligne=True) - 6
    y = bloc_partie(
        d,
        "debiteur",
        y,
        "DÉBITEUR(S)",
        "personne physique : nom, prénoms, domicile ; personne morale : forme, dénomination, siège social",
    )
    y = d.cellule("autres_debiteurs", "Autres débiteurs (mêmes indications)", GAUCHE, y, l, 20, multiligne=True) - 14
    y = (
        d.paragraphe(
            GAUCHE,
            y,
            l,
            "Le demandeur, ou son mandataire, expose que le ou les débiteurs désignés ci-dessus lui "
            "doivent les sommes indiquées au verso, dont le montant, le fondement et les documents "
            "justificatifs sont précisés, et demande qu'une ordonnance portant injonction de payer "
            "soit rendue en application des articles 1405 et suivants du code de procédure civile.",
            8.5,
        )
        - 4
    )
    y = d.paragraphe(
        GAUCHE,
        y,
        l,
        "En application de l'article 1408 du code de procédure civile, je demande qu'en cas "
        "d'opposition l'affaire soit immédiatement renvoyée devant la juridiction suivante, "
        "compétente pour connaître du litige (facultatif ; laisser vide sinon) :",
        8.5,
    )
    d.c.rect(GAUCHE, y - 16, l, 20)
    d.champ("renvoi_1408", (GAUCHE + 1.5, y - 15, DROITE - 1.5, y + 3))
    d.pied(1, 2)


def page_2(d: Dessin) -> None:
    d.nouvelle_page()
    y = d.bandeau(HAUTEUR - 30, "SOMMES DEMANDÉES", "en euros ; le décompte détaillé est annexé")
    colonnes = [GAUCHE, GAUCHE + 205, GAUCHE + 290, GAUCHE + 412.5, DROITE]
    entetes = ["NATURE DE LA SOMME", "MONTANT", "FONDEMENT DE LA CRÉANCE", "DOCUMENTS JUSTIFICATIFS"]
    d.c.setFillColorRGB(*GRIS)
    d.c.rect(GAUCHE, y - 14, DROITE - GAUCHE, 14, fill=1)
    d.c.setFillColorRGB(0, 0, 0)
    for x1, x2, entete in zip(colonnes, colonnes[1:], entetes):
        d.texte((x1 + x2) / 2, y - 9.5, entete, 7, gras=True, centre=True)
    y -= 14
    haut = y
    lignes = [
        ("principal", 26, "Principal"),
        ("ligne_libre_1", 26, None),
        ("interets", 44, "intérêts"),
        ("interets_a_compter_du", 26, "date"),
        ("clause_penale", 26, "Clause pénale"),
        ("frais_accessoires", 26, "Frais accessoires"),
        ("ligne_libre_2", 26, None),
        ("total", 26, "TOTAL"),
    ]
    for nom, hauteur, libelle in lignes:
        bas = y - hauteur
        d.c.line(colonnes[0], bas, colonnes[2], bas)
        if libelle is None:
            d.champ(f"{nom}_libelle", (colonnes[0] + 1.5, bas + 2, colonnes[1] - 1.5, y - 2))
        elif libelle == "intérêts":
            d.case("interets_taux_legal", "Intérêts au taux légal", colonnes[0] + 4, y - 12)
            d.case("interets_taux_contractuel", "ou au taux contractuel de :", colonnes[0] + 4, y - 25)
            d.champ("interets_taux", (colonnes[0] + 18, bas + 2, colonnes[1] - 1.5, y - 27), multiligne=True)
        elif libelle == "date":
            d.texte(colonnes[0] + 18, bas + hauteur / 2 - 2.7, "à compter du", 7.5)
            d.date("interets_a_compter_du", "Point de départ des intérêts", colonnes[0] + 80, bas + 4)
        else:
            d.texte(colonnes[0] + 4, bas + hauteur / 2 - 2.9, libelle, 8, gras=nom == "total")
        if nom != "interets_a_compter_du":
            d.champ(
                f"{nom}_montant" if libelle is None else ("interets_montant" if nom == "interets" else nom),
                (colonnes[1] + 1.5, bas + 2, colonnes[2] - 1.5, y - 2),
                alignement=2,
            )
        else:
            d.c.setFillColorRGB(*GRIS)
            d.c.rect(colonnes[1], bas, colonnes[2] - colonnes[1], hauteur, stroke=0, fill=1)
            d.c.setFillColorRGB(0, 0, 0)
        y = bas
    d.c.rect(GAUCHE, y, DROITE - GAUCHE, haut - y)
    for x in colonnes[1:-1]:
        d.c.line(x, y, x, haut)
    d.champ("fondement", (colonnes[2] + 1.5, y + 1.5, colonnes[3] - 1.5, haut - 1.5), multiligne=True)
    d.champ("documents_justificatifs", (colonnes[3] + 1.5, y + 1.5, colonnes[4] - 1.5, haut - 1.5), multiligne=True)
    y = (
        d.paragraphe(
            GAUCHE,
            y - 12,
            DROITE - GAUCHE,
            "Sont joints à la présente requête le décompte des différents éléments de la créance et "
            "le bordereau des documents justificatifs, ainsi que ces documents (article 1407 du code "
            "de procédure civile).",
            8,
        )
        - 10
    )
    y = d.fait_a(y)
    l = DROITE - GAUCHE
    d.cellule("signataire", "Nom et qualité du signataire", GAUCHE, y, l * 0.5, 26, multiligne=True)
    d.c.rect(GAUCHE + l * 0.5, y - 90, l * 0.5, 90)
    d.texte(GAUCHE + l * 0.5 + 2, y - 5.8, "Signature du demandeur ou de son mandataire", 5.8)
    d.pied(2, 2)
    d.c.showPage()


def _case(writer: PdfWriter, rect) -> DictionaryObject:
    """Normal appearances of a check box: /Oui draws a cross, /Off draws nothing (the frame is on the page)."""
    largeur, hauteur = rect[2] - rect[0], rect[3] - rect[1]
    etats = DictionaryObject()
    for etat, flux in (
        (
            "/Oui",
            b"q 0 g 1.2 w 1.6 1.6 m %.2f %.2f l S %.2f 1.6 m 1.6 %.2f l S Q"
            % (largeur - 1.6, hauteur - 1.6, largeur - 1.6, hauteur - 1.6),
        ),
        ("/Off", b""),
    ):
        etats[NameObject(etat)] = writer._add_object(forme_xobject(flux, largeur, hauteur))
    return DictionaryObject({NameObject("/N"): etats})


def construire(formulaire: Formulaire) -> bytes:
    d = Dessin(formulaire)
    page_1(d)
    page_2(d)
    return assembler(d, LIBELLES)


def assembler(d: Dessin, libelles: dict[str, str]) -> bytes:
    """The drawn pages with their AcroForm fields (named by `libelles`' keys, tooltips its values)."""
    d.c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(d.tampon.getvalue())))
    da = TextStringObject(f"{RESSOURCE_POLICE} 0 Tf 0 g")
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(),
                NameObject("/DA"): da,
            }
        )
    )
    police_formulaire(writer)
    champs = writer.root_object["/AcroForm"]["/Fields"]
    for page, description in zip(writer.pages, d.pages):
        annotations = ArrayObject()
        for c in description.champs:
            widget = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Widget"),
                    NameObject("/T"): TextStringObject(c.nom),
                    NameObject("/TU"): TextStringObject(libelles[c.nom]),
                    NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in c.rect),
                    NameObject("/F"): NumberObject(4),
                    NameObject("/P"): page.indirect_reference,
                }
            )
            if c.case:
                widget.update(
                    {
                        NameObject("/FT"): NameObject("/Btn"),
                        NameObject("/V"): NameObject("/Off"),
                        NameObject("/AS"): NameObject("/Off"),
                        NameObject("/AP"): _case(writer, c.rect),
                    }
                )
            else:
                drapeaux = (FF_MULTILIGNE if c.multiligne else 0) | (FF_PEIGNE if c.peigne else 0)
                widget.update(
                    {
                        NameObject("/FT"): NameObject("/Tx"),
                        NameObject("/DA"): da,
                        NameObject("/Ff"): NumberObject(drapeaux),
                        NameObject("/Q"): NumberObject(c.alignement),
                    }
                )
                if c.peigne:
                    widget[NameObject("/MaxLen")] = NumberObject(c.peigne)
            ref = writer._add_object(widget)
            annotations.append(ref)
            champs.append(ref)
        page[NameObject("/Annots")] = annotations
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def construire_tout(dossier: Path = DOSSIER) -> list[Path]:
    ecrits = []
    for formulaire in FORMULAIRES.values():
        cible = dossier / formulaire.fichier
        ecrire_atomique(cible, construire(formulaire))
        ecrits.append(cible)
    return ecrits


if __name__ == "__main__":
    for chemin in construire_tout(Path(sys.argv[1]) if len(sys.argv) > 1 else DOSSIER):
        print(chemin)
