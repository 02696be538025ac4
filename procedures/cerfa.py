"""The injonction de payer request forms (CPC 1405 to 1425): choosing, filling, flattening.

We ship our own fillable reproductions of Cerfa 12946*02, 12948*06 and 16040*01 (the official PDFs
are optional in law: a requête with the mentions of CPC 1407, 54 and 57 is valid), built by
`modeles/construire_cerfa.py`. A user who has the official PDF can have it filled instead, through
a mapping file from our logical field names to the PDF's own (modeles/CERFA.md).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from procedures import acroform
from procedures.acroform import ChampPdf
from procedures.erreurs import DossierInvalide, Erreur
from procedures.montants import format_date_courte, format_montant
from procedures.stockage import ecrire_atomique
from procedures.surete import CheminRefuse, lire_ordinaire

MODELES = Path(__file__).resolve().parent.parent / "modeles"
VOIR_ANNEXE = "voir annexe"
LIGNES_LIBRES = 2  # blank rows of the "sommes demandées" table
TAILLE_MAX_PDF = 100 * 1024 * 1024


@dataclass(frozen=True)
class Formulaire:
    code: str
    fichier: str
    titre: str
    juge: str  # completes "Demande en injonction de payer adressée …"
    juridiction: str  # `juridiction.type` of `status --json`
    articles: str = "1405 à 1425"

    @property
    def chemin(self) -> Path:
        return MODELES / self.fichier


# CPC 1406 and docs/legal-reference.md §1: commercial claim → tribunal de commerce; civil → tribunal
# judiciaire; residential rent and consumer credit → juge des contentieux de la protection.
FORMULAIRES: dict[str, Formulaire] = {
    f.code: f
    for f in (
        Formulaire(
            "12946*02",
            "cerfa_12946.pdf",
            "Demande en injonction de payer au président du tribunal de commerce",
            "au président du tribunal de commerce",
            "tribunal_de_commerce",
        ),
        Formulaire(
            "12948*06",
            "cerfa_12948.pdf",
            "Demande en injonction de payer au président du tribunal judiciaire",
            "au président du tribunal judiciaire",
            "tribunal_judiciaire",
        ),
        Formulaire(
            "16040*01",
            "cerfa_16040.pdf",
            "Demande en injonction de payer au juge des contentieux de la protection",
            "au juge des contentieux de la protection",
            "juge_des_contentieux_de_la_protection",
        ),
    )
}


def formulaire_pour(juridiction: str) -> Formulaire:
    """The form for a `juridiction.type` (tribunal_de_commerce, tribunal_judiciaire, …)."""
    for formulaire in FORMULAIRES.values():
        if formulaire.juridiction == juridiction:
            return formulaire
    raise DossierInvalide(
        [Erreur("", None, "juridiction", f"aucun formulaire d'injonction de payer pour « {juridiction} »")]
    )


@dataclass(frozen=True)
class Partie:
    """A party as CPC 54 and 57 describe it; a company fills `nom` with its dénomination."""

    nom: str
    adresse: tuple[str, ...] = ()  # domicile, or siège social for a company
    personne_morale: bool = False
    prenoms: str = ""
    forme: str = ""  # SAS, SARL…, with capital and RCS if wanted
    representant: str = ""  # organe qui la représente légalement
    profession: str = ""  # for a mandataire: its qualité (avocat, commissaire de justice…)
    nationalite: str = ""
    naissance_date: date | None = None
    naissance_lieu: str = ""


@dataclass(frozen=True)
class Interets:
    montant: Decimal
    a_compter_du: date | None  # None: the invoices' own start dates, written in ``taux``
    taux_legal: bool = True  # the legal interest rate (CMF L313-2)
    taux: str = ""  # the rate as written, with each invoice's start date when they differ
    contractuel: bool = True  # False: the statutory penalty rate of C. com. L441-10 II, neither box ticked


@dataclass(frozen=True)
class ValeursCerfa:
    tribunal: str
    demandeur: Partie
    debiteurs: tuple[Partie, ...]
    principal: Decimal
    fondement: str
    documents_justificatifs: tuple[str, ...]
    lieu: str
    date: date
    signataire: str
    mandataire: Partie | None = None
    renvoi_1408: str = ""  # CPC 1408: court the case goes to on opposition; empty when not asked
    interets: Interets | None = None
    clause_penale: Decimal | None = None
    frais_accessoires: Decimal | None = None  # e.g. the 40 € indemnities (C. com. D441-5)
    lignes_libres: tuple[tuple[str, Decimal], ...] = field(default=())  # (nature, amount); negative for a payment

    @property
    def total(self) -> Decimal:
        """Sum of the rows the table shows, so that the form adds up."""
        montants = [
            self.principal,
            self.clause_penale,
            self.frais_accessoires,
            self.interets.montant if self.interets else None,
            *(m for _, m in self.lignes_libres),
        ]
        return sum((m for m in montants if m is not None), Decimal(0))


# Logical fields: the names of our forms' fields, and the keys of a mapping file.
LIBELLES: dict[str, str] = {
    "numero_tribunal": "N° du tribunal (réservé au greffe)",
    "numero_greffe": "N° du greffe (réservé au greffe)",
    "tribunal": "Juridiction saisie",
    **{
        f"{p}_{cle}": f"{titre} : {libelle}"
        for p, titre in (("demandeur", "Demandeur"), ("debiteur", "Débiteur"))
        for cle, libelle in (
            ("personne_physique", "personne physique"),
            ("personne_morale", "personne morale"),
            ("nom", "nom ou dénomination"),
            ("forme", "forme juridique"),
            ("prenoms", "prénoms"),
            ("profession", "profession"),
            ("nationalite", "nationalité"),
            ("naissance_date", "date de naissance"),
            ("naissance_lieu", "lieu de naissance"),
            ("adresse", "domicile ou siège social"),
            ("representant", "organe qui la représente légalement"),
        )
    },
    "mandataire_nom": "Mandataire : nom ou dénomination",
    "mandataire_prenoms": "Mandataire : prénoms",
    "mandataire_qualite": "Mandataire : qualité",
    "mandataire_adresse": "Mandataire : domicile ou siège social",
    "autres_debiteurs": "Autres débiteurs",
    "renvoi_1408": "Juridiction de renvoi en cas d'opposition (article 1408 du code de procédure civile)",
    "principal": "Principal",
    **{
        f"ligne_libre_{i}_{cle}": f"Autre somme {i} : {libelle}"
        for i in range(1, LIGNES_LIBRES + 1)
        for cle, libelle in (("libelle", "nature"), ("montant", "montant"))
    },
    "interets_taux_legal": "Intérêts au taux légal",
    "interets_taux_contractuel": "Intérêts au taux contractuel",
    "interets_taux": "Taux des intérêts ou des pénalités",
    "interets_montant": "Intérêts : montant",
    "interets_a_compter_du": "Intérêts : à compter du",
    "clause_penale": "Clause pénale",
    "frais_accessoires": "Frais accessoires",
    "total": "Total",
    "fondement": "Fondement de la créance",
    "documents_justificatifs": "Documents justificatifs",
    "lieu": "Fait à",
    "date": "Le (date)",
    "signataire": "Nom et qualité du signataire",
}


def _partie(prefixe: str, p: Partie) -> dict[str, object]:
    return {
        f"{prefixe}_personne_physique": not p.personne_morale,
        f"{prefixe}_personne_morale": p.personne_morale,
        f"{prefixe}_nom": p.nom,
        f"{prefixe}_forme": p.forme,
        f"{prefixe}_prenoms": p.prenoms,
        f"{prefixe}_profession": p.profession,
        f"{prefixe}_nationalite": p.nationalite,
        f"{prefixe}_naissance_date": p.naissance_date,
        f"{prefixe}_naissance_lieu": p.naissance_lieu,
        f"{prefixe}_adresse": "\n".join(p.adresse),
        f"{prefixe}_representant": p.representant,
    }


def _resume(p: Partie) -> str:
    nom = " ".join(x for x in (p.forme, p.nom, p.prenoms) if x)
    return ", ".join([nom, *p.adresse])


def champs_logiques(v: ValeursCerfa) -> dict[str, object]:
    """Logical field → value: str, bool (check box), Decimal (amount) or date; None or "" stays blank."""
    erreurs = []
    if not v.debiteurs:
        erreurs.append(Erreur("", None, "debiteurs", "au moins un débiteur est nécessaire"))
    if len(v.lignes_libres) > LIGNES_LIBRES:
        erreurs.append(
            Erreur(
                "",
                None,
                "lignes_libres",
                f"le formulaire n'a que {LIGNES_LIBRES} lignes libres ({len(v.lignes_libres)} données)",
            )
        )
    if v.interets and not v.interets.taux_legal and not v.interets.taux.strip():
        erreurs.append(Erreur("", None, "interets.taux", "taux contractuel non indiqué"))
    if erreurs:
        raise DossierInvalide(erreurs)
    valeurs: dict[str, object] = {
        "tribunal": v.tribunal,
        **_partie("demandeur", v.demandeur),
        **_partie("debiteur", v.debiteurs[0]),
        "autres_debiteurs": "\n".join(_resume(p) for p in v.debiteurs[1:]),
    }
    if v.mandataire:
        m = v.mandataire
        valeurs |= {
            "mandataire_nom": m.nom,
            "mandataire_prenoms": m.prenoms,
            "mandataire_qualite": m.profession,
            "mandataire_adresse": "\n".join(m.adresse),
        }
    for i, (nature, montant) in enumerate(v.lignes_libres, start=1):
        valeurs |= {f"ligne_libre_{i}_libelle": nature, f"ligne_libre_{i}_montant": montant}
    if v.interets:
        i = v.interets
        valeurs |= {
            "interets_taux_legal": i.taux_legal,
            "interets_taux_contractuel": not i.taux_legal and i.contractuel,
            "interets_taux": "" if i.taux_legal else i.taux,
            "interets_montant": i.montant,
            "interets_a_compter_du": i.a_compter_du,
        }
    valeurs |= {
        "renvoi_1408": v.renvoi_1408,
        "principal": v.principal,
        "clause_penale": v.clause_penale,
        "frais_accessoires": v.frais_accessoires,
        "total": v.total,
        "fondement": v.fondement,
        "documents_justificatifs": "\n".join(v.documents_justificatifs),
        "lieu": v.lieu,
        "date": v.date,
        "signataire": v.signataire,
    }
    return {k: x for k, x in valeurs.items() if x is not None and x != ""}


@dataclass(frozen=True)
class Cible:
    """Where a logical field goes in the PDF: a field name, and for a radio group the value to select."""

    champ: str
    valeur: str | None = None


def _ouvrir(chemin: Path, role: str) -> PdfReader:
    """Read a PDF fully, or raise DossierInvalide naming the file: missing, corrupt or encrypted."""

    def erreur(message: str) -> DossierInvalide:
        return DossierInvalide([Erreur(str(chemin), None, "", f"{role} : {message}")])

    try:
        # only a regular file: a FIFO would block `cerfa champs` forever, a device never ends
        reader = PdfReader(io.BytesIO(lire_ordinaire(Path(chemin), role, TAILLE_MAX_PDF)))
    except CheminRefuse as exc:
        raise erreur(exc.motif) from None
    except FileNotFoundError:
        raise erreur("fichier introuvable") from None
    except OSError:
        raise erreur("fichier illisible (droits d'accès ou dossier ?)") from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise erreur(f"PDF endommagé ou invalide ({exc})") from None
    if reader.is_encrypted:
        # Official forms are often protected by an owner password only: they open without a password and
        # their permissions allow filling in. Anything else is refused rather than forced open.
        if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise erreur(
                "PDF chiffré par un mot de passe : il ne peut pas être rempli. Enregistrez-en une copie "
                "non protégée, par exemple : qpdf --decrypt --password=… entree.pdf sortie.pdf"
            )
        if not reader.user_access_permissions & UserAccessPermissions.FILL_FORM_FIELDS:
            raise erreur(
                "PDF chiffré dont les droits interdisent de remplir le formulaire : il ne peut pas être "
                "rempli. Si vous avez le droit de le modifier, enregistrez-en une copie non protégée, "
                "par exemple : qpdf --decrypt entree.pdf sortie.pdf"
            )
    try:
        for page in reader.pages:
            page.get_contents()
        acroform.champs_terminaux(reader)
    except Exception as exc:
        raise erreur(f"PDF endommagé ou invalide ({exc})") from None
    return reader


def lister_champs(pdf: Path) -> list[ChampPdf]:
    """The form fields of a PDF: name, type, export values, page and position."""
    return acroform.lister(_ouvrir(pdf, "formulaire"))


CASES_CERFA = frozenset(
    n
    for n in LIBELLES
    if n.endswith(("_personne_physique", "_personne_morale"))
    or n in ("interets_taux_legal", "interets_taux_contractuel")
)


def lire_correspondance(
    chemin: Path,
    officiel: Path,
    champs: list[ChampPdf],
    libelles: dict[str, str] = LIBELLES,
    logiques_cases: frozenset[str] = CASES_CERFA,
) -> dict[str, Cible]:
    """Read a mapping file (YAML or JSON, modeles/CERFA.md) and check it against the official PDF's fields.

    `libelles` are the form's logical fields (the Cerfa's by default), `logiques_cases` those that are boxes."""
    try:
        contenu = YAML(typ="rt").load(lire_ordinaire(Path(chemin), "Correspondance", TAILLE_MAX_PDF).decode("utf-8"))
    except CheminRefuse as exc:
        raise DossierInvalide(
            [Erreur(str(chemin), None, "", f"fichier de correspondance refusé : {exc.motif}")]
        ) from None
    except (OSError, UnicodeDecodeError, YAMLError, RecursionError) as exc:
        raise DossierInvalide([Erreur(str(chemin), None, "", f"fichier de correspondance illisible ({exc})")]) from None
    table = contenu.get("champs") if isinstance(contenu, dict) else None
    if not isinstance(table, dict):
        raise DossierInvalide(
            [Erreur(str(chemin), 1, "champs", "attendu une clé « champs » : champ logique → nom du champ du PDF")]
        )
    par_nom = {c.nom: c for c in champs}
    cibles: dict[str, Cible] = {}
    erreurs = []
    for logique, cible in table.items():
        ligne = table.lc.data[logique][0] + 1 if hasattr(table, "lc") and logique in table.lc.data else None

        def signaler(message: str, champ: str = str(logique), ligne: int | None = ligne) -> None:
            erreurs.append(Erreur(str(chemin), ligne, champ, message))

        if logique not in libelles:
            signaler("champ logique inconnu (voir la liste dans modeles/CERFA.md)")
            continue
        if isinstance(cible, dict):
            cible = Cible(str(cible.get("champ", "")), None if cible.get("valeur") is None else str(cible["valeur"]))
        elif isinstance(cible, str):
            cible = Cible(cible)
        else:
            signaler("attendu le nom d'un champ du PDF, ou {champ: …, valeur: …}")
            continue
        champ_pdf = par_nom.get(cible.champ)
        if champ_pdf is None:
            signaler(f"le champ « {cible.champ} » n'existe pas dans {officiel}")
            continue
        if logique in logiques_cases:
            if champ_pdf.type not in ("case", "radio"):
                signaler(f"« {cible.champ} » est un champ {champ_pdf.type}, une case à cocher est attendue")
                continue
            exports = champ_pdf.valeurs_export
            if cible.valeur is None and len(exports) != 1:
                signaler(f"« {cible.champ} » a plusieurs valeurs ({', '.join(exports)}) : indiquez « valeur »")
                continue
            if cible.valeur is not None and cible.valeur not in exports:
                signaler(f"« {cible.champ} » n'a pas la valeur « {cible.valeur} » ({', '.join(exports)})")
                continue
            cible = Cible(cible.champ, cible.valeur or exports[0])
        elif champ_pdf.type not in ("texte", "choix"):
            signaler(f"« {cible.champ} » est un champ {champ_pdf.type}, un champ texte est attendu")
            continue
        cibles[str(logique)] = cible
    if erreurs:
        raise DossierInvalide(erreurs)
    return cibles


def _texte(valeur: object, champ_pdf) -> str:
    if isinstance(valeur, Decimal):
        return format_montant(valeur, espaces="texte")
    if isinstance(valeur, date):
        peigne = int(acroform.herite(champ_pdf, "/MaxLen") or 0) == 8
        return valeur.strftime("%d%m%Y") if peigne else format_date_courte(valeur)  # JJMMAAAA boxes
    return str(valeur)


@dataclass(frozen=True)
class Gabarit:
    """A form to fill: our reproduction `modele`, its logical fields with the label an annex gives them, those
    that are check boxes, and the title of the annex page for values too long for their box."""

    modele: Path
    libelles: dict[str, str]
    cases: frozenset[str]
    titre_annexe: str


def gabarit_cerfa(code: str) -> Gabarit:
    """The Cerfa `code` (12946*02, 12948*06, 16040*01) as a form to fill."""
    if code not in FORMULAIRES:
        raise DossierInvalide(
            [Erreur("", None, "formulaire", f"formulaire inconnu « {code} » (connus : {', '.join(FORMULAIRES)})")]
        )
    return Gabarit(
        FORMULAIRES[code].chemin,
        LIBELLES,
        CASES_CERFA,
        f"Annexe à la demande en injonction de payer (Cerfa n° {code})",
    )


def remplir_cerfa(code: str, valeurs: ValeursCerfa, sortie: Path, **options) -> Path:
    """Fill form `code` with `valeurs` and write `sortie`; `options` are those of remplir_formulaire."""
    return remplir_formulaire(gabarit_cerfa(code), champs_logiques(valeurs), sortie, **options)


def remplir_formulaire(
    gabarit: Gabarit,
    logiques: dict[str, object],
    sortie: Path,
    annexes: Sequence[Path] = (),
    aplatir: bool = False,
    officiel: Path | None = None,
    correspondance: Path | None = None,
) -> Path:
    """Fill `gabarit` (our reproduction, or the user's `officiel` PDF through the mapping file `correspondance`)
    with `logiques` and write `sortie`.

    A value too long for its box reads "voir annexe" and is printed in full on an annex page; the
    `annexes` PDFs (décompte, bordereau) follow. Editable unless `aplatir`. Nothing is written on error.
    """
    if (officiel is None) != (correspondance is None):
        raise DossierInvalide(
            [
                Erreur(
                    str(officiel or correspondance),
                    None,
                    "",
                    "le PDF officiel et le fichier de correspondance vont ensemble",
                )
            ]
        )
    libelles = gabarit.libelles
    source = officiel or gabarit.modele
    reader = _ouvrir(source, "formulaire officiel" if officiel else "formulaire")
    champs_pdf = acroform.lister(reader)
    if not champs_pdf:
        raise DossierInvalide([Erreur(str(source), None, "", "ce PDF n'a aucun champ de formulaire")])
    if correspondance is not None:
        cibles = lire_correspondance(correspondance, source, champs_pdf, libelles, gabarit.cases)
    else:
        cibles = {
            c.nom: Cible(c.nom, c.valeurs_export[0] if c.valeurs_export else None)
            for c in champs_pdf
            if c.nom in libelles
        }
    lecteurs_annexes = [_ouvrir(a, "annexe") for a in annexes]

    writer = PdfWriter(clone_from=reader)
    acroform.retirer_xfa(writer)
    police = acroform.police_formulaire(writer)
    champs = acroform.champs_terminaux(writer)
    renvois: list[tuple[str, str]] = []
    for logique, valeur in logiques.items():
        cible = cibles.get(logique)
        if cible is None or cible.champ not in champs:
            if not isinstance(valeur, bool):
                renvois.append((libelles[logique], _texte(valeur, {})))
            continue
        champ, widgets = champs[cible.champ]
        if isinstance(valeur, bool):
            acroform.cocher(champ, widgets, cible.valeur if valeur else None)
            continue
        texte = _texte(valeur, champ)
        if not acroform.ecrire_texte(writer, champ, widgets, texte, police):
            renvois.append((libelles[logique], texte))
            acroform.ecrire_texte(writer, champ, widgets, VOIR_ANNEXE, police)
    if renvois:
        writer.append(PdfReader(io.BytesIO(_page_annexe(gabarit.titre_annexe, renvois))))
    for lecteur in lecteurs_annexes:
        writer.append(lecteur, import_outline=False)
    if aplatir:
        acroform.aplatir(writer)
    tampon = io.BytesIO()
    writer.write(tampon)
    ecrire_atomique(Path(sortie), tampon.getvalue())
    return Path(sortie)


def _page_annexe(titre: str, rubriques: list[tuple[str, str]]) -> bytes:
    """Annex pages carrying in full the values that did not fit their box."""
    tampon = io.BytesIO()
    c = Canvas(tampon, pagesize=A4, invariant=1, pageCompression=1)
    largeur, hauteur = A4
    normale, grasse = acroform.nom_police_reportlab(), acroform.nom_police_reportlab(gras=True)
    y = hauteur - 50

    def ligne(texte: str, police: str, taille: float) -> None:
        nonlocal y
        if y < 50:
            c.showPage()
            y = hauteur - 50
        c.setFont(police, taille)
        c.drawString(50, y, acroform.vers_winansi(texte))
        y -= taille * 1.3

    ligne(titre, grasse, 12)
    ligne("Rubriques du formulaire dont le texte ne tient pas dans la case (mention « voir annexe »)", normale, 8.5)
    y -= 8
    for libelle, texte in rubriques:
        ligne(libelle, grasse, 9.5)
        for paragraphe in texte.split("\n"):
            for morceau in simpleSplit(acroform.vers_winansi(paragraphe), normale, 9, largeur - 110) or [""]:
                ligne(morceau, normale, 9)
        y -= 8
    c.save()
    return tampon.getvalue()
