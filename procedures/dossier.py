"""The case file, format v1 (docs/format-dossier.md): a strict Pydantic model and its loading."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from stdnum import iban as stdnum_iban
from stdnum import luhn

from procedures.erreurs import DossierInvalide, Erreur
from procedures.lecture import Chemin, Source, erreurs_pydantic, format_champ, lire_yaml, sans_champs_invalides


def _montant(valeur: Any) -> Decimal:
    if isinstance(valeur, bool) or not isinstance(valeur, (str, int, Decimal)):
        raise PydanticCustomError("montant", 'montant attendu (ex. "1234.56")')
    texte = str(valeur).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in texte and "." not in texte:
        texte = texte.replace(",", ".")
    try:
        montant = Decimal(texte)
    except InvalidOperation:
        raise PydanticCustomError(
            "montant", "montant invalide ({v}) : attendu un nombre comme 1234.56", {"v": valeur}
        ) from None
    if not montant.is_finite():
        raise PydanticCustomError("montant", "montant invalide ({v})", {"v": valeur})
    if montant <= 0:
        raise PydanticCustomError("montant", "le montant doit être positif ({v})", {"v": valeur})
    if montant >= MONTANT_MAX:
        # far above any invoice; beyond, the décompte's arithmetic and the SEPA QR code would fail later
        raise PydanticCustomError(
            "montant", "montant hors limites ({v}) : moins de mille milliards d'euros attendu", {"v": valeur}
        )
    if montant != montant.quantize(Decimal("0.01")):
        raise PydanticCustomError("montant", "au plus deux décimales ({v})", {"v": valeur})
    return montant.quantize(Decimal("0.01"))


MONTANT_MAX = Decimal(10) ** 12
# Sane dates for a case: beyond, day counts and legal deadlines leave the calendar (and Python's date range).
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
# Control characters break e-mail headers (\r), XML (\0) and file names; tab and line feed are plain text.
_CONTROLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _controles(valeur: Any) -> None:
    textes = (
        [valeur]
        if isinstance(valeur, str)
        else (
            [t for cle_valeur in valeur.items() for t in cle_valeur if isinstance(t, str)]
            if isinstance(valeur, dict)
            else []
        )
    )
    for texte in textes:
        trouve = _CONTROLE.search(texte)
        if trouve:
            raise PydanticCustomError(
                "controle",
                "caractère de contrôle interdit (U+{c}) : retirez-le du texte",
                {"c": f"{ord(trouve.group()):04X}"},
            )


def _taux(valeur: Any) -> Decimal:
    if isinstance(valeur, bool) or not isinstance(valeur, (str, int, Decimal)):
        raise PydanticCustomError("taux", 'taux attendu en pourcentage annuel (ex. "12.5")')
    try:
        taux = Decimal(str(valeur).strip().replace(",", "."))
    except InvalidOperation:
        raise PydanticCustomError("taux", "taux invalide ({v})", {"v": valeur}) from None
    if not taux.is_finite() or taux < 0 or taux > 100:
        raise PydanticCustomError("taux", "taux invalide ({v}) : un pourcentage entre 0 et 100", {"v": valeur})
    return taux


def _code(longueur: int, nom: str):
    """Identifiers typed as YAML numbers lose their leading zeros: give them back."""

    def valider(valeur: Any) -> str:
        if isinstance(valeur, bool) or not isinstance(valeur, (str, int)):
            raise PydanticCustomError("code", "{nom} attendu", {"nom": nom})
        texte = str(valeur).replace(" ", "").replace("\u00a0", "")
        return texte.zfill(longueur) if isinstance(valeur, int) else texte

    return valider


def _siren(valeur: str) -> str:
    if not re.fullmatch(r"\d{9}", valeur):
        raise PydanticCustomError("siren", "SIREN invalide ({v}) : 9 chiffres attendus", {"v": valeur})
    if not luhn.is_valid(valeur):
        raise PydanticCustomError("siren", "clé de contrôle invalide ({v})", {"v": valeur})
    return valeur


def _iban(valeur: Any) -> str:
    if not isinstance(valeur, str):
        raise PydanticCustomError("iban", "IBAN attendu sous forme de texte")
    compact = stdnum_iban.compact(valeur)
    if not stdnum_iban.is_valid(compact):
        raise PydanticCustomError("iban", "IBAN invalide ({v}) : clé de contrôle ou longueur incorrecte", {"v": valeur})
    return stdnum_iban.format(compact)


def _bic(valeur: Any) -> str:
    texte = str(valeur).replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?", texte):
        raise PydanticCustomError("bic", "BIC invalide ({v}) : 8 ou 11 caractères", {"v": valeur})
    return texte


def _texte_numero(valeur: Any) -> str:
    if isinstance(valeur, bool) or not isinstance(valeur, (str, int)):
        raise PydanticCustomError("numero", "numéro attendu")
    return str(valeur)


def _url(valeur: Any) -> str:
    if not isinstance(valeur, str) or not re.fullmatch(r"https://\S+", valeur):
        raise PydanticCustomError("url", "adresse web attendue, commençant par https://")
    return valeur


# Metropolitan départements 01-95 (Corsica is 20xxx), overseas 971-978, New Caledonia and Polynesia 986-988.
CODE_POSTAL_FR = re.compile(r"(0[1-9]|[1-8]\d|9[0-5])\d{3}|97[1-8]\d{2}|98[6-8]\d{2}")

Montant = Annotated[Decimal, BeforeValidator(_montant)]
Taux = Annotated[Decimal, BeforeValidator(_taux)]
Siren = Annotated[str, BeforeValidator(_siren), BeforeValidator(_code(9, "SIREN"))]
CodePostal = Annotated[str, BeforeValidator(_code(5, "code postal"))]
Iban = Annotated[str, BeforeValidator(_iban)]
Bic = Annotated[str, BeforeValidator(_bic)]
NumeroTexte = Annotated[str, BeforeValidator(_texte_numero)]
Url = Annotated[str, BeforeValidator(_url)]
# A name, an address line, a comment: a page at most. A megabyte-long name used to pass, then cost minutes of
# rendering and of LibreOffice's layout, stuck on one paragraph, for a letter nobody could send.
TEXTE_MAX = 5000
Texte = Annotated[str, Field(min_length=1, max_length=TEXTE_MAX)]


class Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _valeurs_saines(cls, valeur: Any) -> Any:
        """Every text without control characters, every date in a sane range, whatever the field."""
        _controles(valeur)
        if isinstance(valeur, dt.date) and not DATE_MIN <= valeur <= DATE_MAX:
            raise PydanticCustomError(
                "date",
                "date hors limites ({v}) : entre {a} et {b}",
                {"v": valeur.isoformat(), "a": DATE_MIN.year, "b": DATE_MAX.year},
            )
        return valeur


class Adresse(Modele):
    # `pays` comes first so that the postal code's validator knows which country's rules apply.
    pays: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="code ISO 3166-1 alpha-2")] = "FR"
    ligne1: Texte
    ligne2: Texte | None = None
    ligne3: Texte | None = None
    code_postal: CodePostal
    ville: Texte

    @field_validator("code_postal")
    @classmethod
    def _code_postal_francais(cls, valeur: str, info: ValidationInfo) -> str:
        if info.data.get("pays", "FR") == "FR" and not CODE_POSTAL_FR.fullmatch(valeur):
            raise PydanticCustomError(
                "code_postal",
                "code postal français invalide ({v}) : 5 chiffres d'un département existant",
                {"v": valeur},
            )
        return valeur

    @property
    def lignes(self) -> list[str]:
        lignes = [self.ligne1, self.ligne2, self.ligne3]
        ville = f"{self.code_postal} {self.ville.upper()}"
        pays = [] if self.pays == "FR" else [self.pays]
        return [ligne for ligne in lignes if ligne] + [ville] + pays


class Partie(Modele):
    type: Literal["personne_morale", "personne_physique"]
    denomination: Texte | None = None
    forme: Texte | None = None
    capital: Montant | None = None
    siren: Siren | None = None
    rcs: Texte | None = Field(None, description="ville du greffe d'immatriculation")
    civilite: Literal["M.", "Mme"] | None = None
    nom: Texte | None = None
    prenoms: Texte | None = None
    date_naissance: dt.date | None = None
    lieu_naissance: Texte | None = None
    nationalite: Texte | None = None
    profession: Texte | None = None
    adresse: Adresse
    representant: Texte | None = Field(None, description="ex. « Mme Claire Dubois, gérante »")
    professionnel: bool | None = Field(
        None,
        description="agit pour son activité professionnelle "
        "(par défaut : oui pour une personne morale, non pour une personne physique)",
    )
    commercant: bool | None = Field(
        None,
        description="commerçant ou société inscrite au RCS (par défaut : oui pour une personne morale ayant un RCS)",
    )
    email: Texte | None = None
    telephone: Texte | None = None
    iban: Iban | None = None
    bic: Bic | None = None
    lien_paiement: Url | None = Field(None, description="lien de paiement en ligne du créancier")

    @model_validator(mode="after")
    def _identite(self) -> Partie:
        if self.type == "personne_morale" and not self.denomination:
            raise PydanticCustomError("partie", "une personne morale doit avoir une « denomination »")
        if self.type == "personne_physique" and not self.nom:
            raise PydanticCustomError("partie", "une personne physique doit avoir un « nom »")
        return self

    @property
    def est_professionnel(self) -> bool:
        return self.professionnel if self.professionnel is not None else self.type == "personne_morale"

    @property
    def est_commercant(self) -> bool:
        if self.commercant is not None:
            return self.commercant
        return self.type == "personne_morale" and self.rcs is not None

    @property
    def nom_complet(self) -> str:
        if self.type == "personne_morale":
            return self.denomination or ""
        return " ".join(x for x in (self.civilite, self.prenoms, self.nom) if x)


class Mandataire(Modele):
    qualite: Literal["avocat", "commissaire_de_justice", "societe_de_recouvrement", "salarie", "autre"]
    nom: Texte
    adresse: Adresse
    barreau: Texte | None = None
    toque: Texte | None = None
    email: Texte | None = None
    telephone: Texte | None = None


class PenalitesBcePlus(Modele):
    type: Literal["bce_plus"]
    points: Taux = Decimal("10")


class PenalitesFixe(Modele):
    type: Literal["fixe"]
    taux: Taux


class PenalitesLegal(Modele):
    type: Literal["legal"]


Penalites = Annotated[PenalitesBcePlus | PenalitesFixe | PenalitesLegal, Field(discriminator="type")]


class Facture(Modele):
    numero: NumeroTexte
    date: dt.date
    echeance: dt.date | None = Field(
        None, description="date d'échéance ; à défaut, 30 jours après la facture (C. com. L441-10 I)"
    )
    montant: Montant = Field(description="montant TTC")
    piece: int | None = None
    libelle: Texte | None = None
    date_execution: dt.date | None = Field(
        None,
        description="achèvement des travaux ou exécution de la "
        "prestation : contre un consommateur, point de départ de la "
        "prescription de deux ans (C. conso. L218-2)",
    )


class Paiement(Modele):
    date: dt.date
    montant: Montant
    facture: NumeroTexte | None = None
    mode: Texte | None = None


class Creance(Modele):
    nature: Literal["commerciale", "civile"] | None = None
    matiere: Literal["ordinaire", "bail_habitation", "credit_consommation"] = Field(
        "ordinaire",
        description="bail d'habitation et crédit à la consommation relèvent du juge des contentieux de la protection",
    )
    fondement: Texte
    penalites: Penalites | None = None
    indemnite_forfaitaire: bool | None = None
    clause_penale: Montant | None = None
    factures: Annotated[list[Facture], Field(min_length=1)]
    paiements: list[Paiement] = []
    contestee: bool = False
    surete: Texte | None = Field(
        None,
        description="sûreté ou privilège garantissant la créance : nature, "
        "assiette et date, repris dans la déclaration de créance (C. com. L622-25, "
        "R622-23 4°)",
    )


class Piece(Modele):
    numero: Annotated[int, Field(ge=1)]
    titre: Texte
    date: dt.date | None = None
    fichier: Texte


class Evenement(Modele):
    date: dt.date
    commentaire: Texte | None = None


class RelanceEnvoyee(Evenement):
    evenement: Literal["relance_envoyee"]
    canal: Literal["email", "courrier", "telephone"]
    numero: NumeroTexte | None = None


class MiseEnDemeureEnvoyee(Evenement):
    evenement: Literal["mise_en_demeure_envoyee"]
    mode: Literal["lrar", "commissaire_de_justice", "email"]
    numero_envoi: NumeroTexte | None = None
    date_limite: dt.date | None = Field(
        None,
        description="date limite de paiement écrite dans la lettre ; "
        "à défaut, celle que la lettre datée du jour de l'envoi indique",
    )
    fichier: Texte | None = Field(
        None,
        description="la lettre envoyée (PDF signé), relatif au dossier ; à défaut, le PDF écrit "
        "par « procedure next » : elle figure aux pièces des actes",
    )


class MiseEnDemeureRecue(Evenement):
    evenement: Literal["mise_en_demeure_recue"]
    presentee: bool = False
    fichier: Texte | None = Field(
        None,
        description="le scan de l'avis de réception (PDF, PNG ou JPEG), relatif au dossier : il figure aux "
        "pièces des actes",
    )


class PaiementRecu(Evenement):
    evenement: Literal["paiement_recu"]
    montant: Montant
    facture: NumeroTexte | None = None


class Contestation(Evenement):
    evenement: Literal["contestation"]
    motif: Texte


class Echeance(Modele):
    date: dt.date
    montant: Montant


class EcheancierAccorde(Evenement):
    evenement: Literal["echeancier_accorde"]
    echeances: Annotated[list[Echeance], Field(min_length=1)]


class RequeteDeposee(Evenement):
    evenement: Literal["requete_deposee"]
    juridiction: Texte


class InteretsTitre(Modele):
    type: Literal["legal", "fixe"] = Field(
        description="« legal » : taux de l'intérêt légal (majoré de 5 points "
        "deux mois après que la décision est exécutoire, CMF L313-3) ; "
        "« fixe » : le taux que fixe le titre"
    )
    taux: Taux | None = Field(None, description="taux annuel en %, pour « fixe »")
    depuis: dt.date = Field(description="point de départ des intérêts fixé par le titre")

    @model_validator(mode="after")
    def _taux_fixe(self) -> InteretsTitre:
        if self.type == "fixe" and self.taux is None:
            raise PydanticCustomError("interets", "un taux « fixe » demande le champ « taux »")
        return self


class TermesTitre(Modele):
    """What the title awards, item by item: enforcement recovers these (CPC exéc. L111-2)."""

    principal: Montant | None = Field(None, description="principal accordé par le titre")
    interets: InteretsTitre | None = Field(None, description="intérêts que le titre fait courir sur le principal")
    interets_echus: Montant | None = Field(None, description="intérêts ou pénalités liquidés par le titre")
    indemnite: Montant | None = Field(None, description="indemnité forfaitaire pour frais de recouvrement accordée")
    clause_penale: Montant | None = None
    article_700: Montant | None = Field(None, description="somme allouée au titre de l'article 700 du CPC")
    depens: Montant | None = Field(None, description="dépens liquidés")


class OrdonnanceRendue(TermesTitre, Evenement):
    evenement: Literal["ordonnance_rendue"]
    numero_rg: NumeroTexte | None = None
    montant_accorde: Montant | None = None
    fichier: Texte | None = None


class RequeteRejetee(Evenement):
    evenement: Literal["requete_rejetee"]
    motif: Texte


class OrdonnanceSignifiee(Evenement):
    evenement: Literal["ordonnance_signifiee"]
    commissaire: Texte
    a_personne: bool | None = None
    fichier: Texte | None = Field(None, description="l'acte de signification (PDF), relatif au dossier")


class OppositionFormee(Evenement):
    evenement: Literal["opposition_formee"]


class FormuleExecutoireApposee(Evenement):
    evenement: Literal["formule_executoire_apposee"]


class AssignationDelivree(Evenement):
    evenement: Literal["assignation_delivree"]
    date_audience: dt.date


class JugementRendu(TermesTitre, Evenement):
    evenement: Literal["jugement_rendu"]
    montant_accorde: Montant
    fichier: Texte | None = None
    executoire_le: dt.date | None = Field(
        None,
        description="jour où le jugement est devenu exécutoire (en "
        "pratique sa signification, CPC 503) : point de départ de la majoration "
        "du taux légal (CMF L313-3)",
    )


class OrganeProcedure(Modele):
    """The mandataire judiciaire (sauvegarde, redressement) or the liquidateur the claim is declared to."""

    nom: Texte = Field(description="ex. « SELARL MJ Synergie, Maître Anne Leroy »")
    adresse: Adresse
    email: Texte | None = None


class ProcedureCollectiveOuverte(Evenement):
    """A judgment opening (or converting) a collective proceeding against the debtor; `date` is the day
    the creditor recorded it, which may be long after the judgment."""

    evenement: Literal["procedure_collective_ouverte"]
    type: Literal["sauvegarde", "redressement", "liquidation"]
    date_jugement: dt.date
    tribunal: Texte
    date_publication: dt.date | None = Field(
        None,
        description="publication du jugement au BODACC : le délai de déclaration de créance en court (C. com. R622-24)",
    )
    mandataire_judiciaire: OrganeProcedure | None = Field(
        None, description="à qui déclarer : à défaut, la déclaration porte un blanc à compléter"
    )
    conversion: bool = Field(
        False,
        description="jugement convertissant la procédure déjà ouverte (en "
        "liquidation judiciaire) : la même procédure se poursuit",
    )


class CreanceDeclaree(Evenement):
    evenement: Literal["creance_declaree"]
    mode: Literal["lrar", "lettre_recommandee_electronique", "portail", "courrier", "remise_en_main_propre"]
    numero_envoi: NumeroTexte | None = None


class CommandementDePayerSignifie(Evenement):
    """CPC exéc. L126-2 (loi du 23 avril 2026): served by the commissaire de justice, one month to pay or contest."""

    evenement: Literal["commandement_de_payer_signifie"]
    commissaire: Texte
    fichier: Texte | None = Field(None, description="l'acte signifié (PDF), relatif au dossier")


class PvNonContestation(Evenement):
    """CPC exéc. L126-3: drawn up by the commissaire de justice no earlier than 8 days after the month."""

    evenement: Literal["pv_non_contestation"]
    fichier: Texte | None = None


class TitreExecutoireDelivre(Evenement):
    """CPC exéc. L126-4: the PV declared enforceable by the greffier of the commercial court."""

    evenement: Literal["titre_executoire_delivre"]
    fichier: Texte | None = Field(None, description="le procès-verbal revêtu de la formule exécutoire (PDF)")


class PetitesCreancesInvitation(Evenement):
    """CPC exéc. L125-1, R125-1 ff.: the commissaire de justice invites the debtor (LRAR or e-mail)."""

    evenement: Literal["petites_creances_invitation"]
    commissaire: Texte


class PetitesCreancesAccord(Evenement):
    """CPC exéc. L125-1: agreement on amount and terms; the commissaire de justice issues a title."""

    evenement: Literal["petites_creances_accord"]
    montant: Montant = Field(description="montant convenu")
    fichier: Texte | None = Field(None, description="le titre exécutoire délivré (PDF), relatif au dossier")


class PetitesCreancesRefus(Evenement):
    """The debtor refused, or did not answer within the month (silence is a refusal)."""

    evenement: Literal["petites_creances_refus"]
    motif: Literal["refus", "silence", "desaccord"] = "refus"


class InjonctionEuropeenneDeposee(Evenement):
    """Reg. (CE) 1896/2006 art. 7: Form A lodged with the court."""

    evenement: Literal["injonction_europeenne_deposee"]
    juridiction: Texte


class InjonctionEuropeenneSignifiee(Evenement):
    """Reg. 1896/2006 art. 12-14: the order (Form E) served on the defendant; 30 days to oppose (art. 16)."""

    evenement: Literal["injonction_europeenne_signifiee"]
    fichier: Texte | None = None


class InjonctionEuropeenneExecutoire(Evenement):
    """Reg. 1896/2006 art. 18: the court declares the order enforceable (Form G)."""

    evenement: Literal["injonction_europeenne_executoire"]
    fichier: Texte | None = Field(None, description="l'injonction déclarée exécutoire, formulaire G (PDF)")


class DocumentsGeneres(Evenement):
    evenement: Literal["documents_generes"]
    etape: Texte
    refere: bool = Field(False, description="l'assignation préparée est en référé-provision (procedure next --refere)")
    # Files and their SHA-256 as recorded before the sidecar sortie/.empreintes.json (procedures.empreintes):
    # still read; a new event is one short line.
    fichiers: dict[str, Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = {}

    @field_validator("fichiers")
    @classmethod
    def _noms_dans_le_dossier(cls, fichiers: dict[str, str]) -> dict[str, str]:
        """Recorded names are read back to find, zip and re-render files: never a path out of the case folder."""
        for nom in fichiers:
            probleme = probleme_chemin(nom) or (f"barre oblique inverse interdite ({nom})" if "\\" in nom else None)
            if probleme:
                raise PydanticCustomError("fichier", "nom de fichier refusé : {p}", {"p": probleme})
        return fichiers


class Cloture(Evenement):
    evenement: Literal["cloture"]
    motif: Literal["paye", "abandon", "irrecouvrable", "autre"]


# The court's acts on an injonction de payer or an assignation, and the other routes' acts (procedures.voies).
EVENEMENTS_JUDICIAIRES = (
    RequeteDeposee,
    OrdonnanceRendue,
    RequeteRejetee,
    OrdonnanceSignifiee,
    OppositionFormee,
    FormuleExecutoireApposee,
    AssignationDelivree,
    JugementRendu,
)
EVENEMENTS_VOIES = (
    CommandementDePayerSignifie,
    PvNonContestation,
    TitreExecutoireDelivre,
    PetitesCreancesInvitation,
    PetitesCreancesAccord,
    PetitesCreancesRefus,
    InjonctionEuropeenneDeposee,
    InjonctionEuropeenneSignifiee,
    InjonctionEuropeenneExecutoire,
)
EVENEMENTS = (
    RelanceEnvoyee,
    MiseEnDemeureEnvoyee,
    MiseEnDemeureRecue,
    PaiementRecu,
    Contestation,
    EcheancierAccorde,
    *EVENEMENTS_JUDICIAIRES,
    ProcedureCollectiveOuverte,
    CreanceDeclaree,
    *EVENEMENTS_VOIES,
    DocumentsGeneres,
    Cloture,
)
Historique = Annotated[Union[EVENEMENTS], Field(discriminator="evenement")]  # noqa: UP007  (a tuple of classes)


class Juridiction(Modele):
    nom: Texte
    adresse: Adresse | None = None


class Options(Modele):
    relances: Annotated[int, Field(ge=0, le=10)] = 2
    delai_entre_relances_jours: Annotated[int, Field(ge=1, le=365)] = 15
    delai_mise_en_demeure_jours: Annotated[int, Field(ge=1, le=365)] = 8
    departement_calendrier: Annotated[str, BeforeValidator(_code(2, "département"))] | None = None
    modeles: Texte | None = Field(None, description="dossier de modèles DOCX personnels, relatif au dossier")
    base_annuelle: Literal["365", "366_bissextile"] = Field(
        "365", description="base de calcul des intérêts : 365 jours, ou 366 pour les jours d'une année bissextile"
    )
    derogation_prescription: Texte | None = Field(
        None,
        description="motif pour lequel la créance n'est pas prescrite malgré le calcul de l'outil "
        "(acte interruptif ou reconnaissance hors historique) : les étapes judiciaires restent "
        "possibles et le motif est rappelé dans les alertes",
    )
    capitalisation: bool = Field(
        False,
        description="capitalisation annuelle des intérêts (C. civ. 1343-2), "
        "seulement si le contrat ou le juge la prévoit",
    )

    @field_validator("departement_calendrier")
    @classmethod
    def _departement_connu(cls, valeur: str | None) -> str | None:
        if valeur is not None and not re.fullmatch(r"0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-8]|98[46-8]", valeur):
            raise PydanticCustomError("departement", "département inconnu ({v})", {"v": valeur})
        return valeur


class Dossier(Modele):
    """A case: who is owed, who owes, what, the evidence and what has happened so far."""

    model_config = ConfigDict(title="Dossier de recouvrement (procedure, format v1)")  # merged with Modele's

    reference: NumeroTexte
    creancier: Partie
    mandataire: Mandataire | None = None
    debiteurs: Annotated[list[Partie], Field(min_length=1)]
    creance: Creance
    pieces: list[Piece] = []
    historique: list[Historique] = []  # type: ignore[valid-type]
    juridiction: Juridiction | None = None
    options: Options = Options()

    _chemin: Path | None = PrivateAttr(None)
    _source: Source | None = PrivateAttr(None)

    @property
    def chemin(self) -> Path | None:
        """The file this case was read from."""
        return self._chemin

    @property
    def repertoire(self) -> Path:
        """The folder pièces and outputs are relative to."""
        return self._chemin.parent if self._chemin else Path.cwd()

    @property
    def b2b(self) -> bool:
        """Between professionals on both sides: L441-10 penalties and the 40 € indemnity apply (C. com. L441-10 II)."""
        return self.creancier.est_professionnel and all(debiteur.est_professionnel for debiteur in self.debiteurs)

    @property
    def consommateur(self) -> bool:
        """A professional creditor against a consumer: 2-year prescription (C. conso. L218-2)."""
        return self.creancier.est_professionnel and any(
            debiteur.type == "personne_physique" and not debiteur.est_professionnel for debiteur in self.debiteurs
        )

    @property
    def creancier_particulier(self) -> bool:
        """Decides the legal-rate category (CMF L313-2): a private person gets the higher rate."""
        return self.creancier.type == "personne_physique" and not self.creancier.est_professionnel

    @property
    def nature_derivee(self) -> str:
        """Commercial when both sides are traders (C. com. L721-3), civil otherwise."""
        commercants = self.creancier.est_commercant and all(d.est_commercant for d in self.debiteurs)
        return "commerciale" if commercants else "civile"

    @property
    def nature(self) -> str:
        return self.creance.nature or self.nature_derivee

    @property
    def departement(self) -> str:
        """Whose holidays extend deadlines (CPC 642): the debtor's, which is also the court's (CPC 1406)."""
        # deferred: calendrier loads `holidays` (~90 ms), which only deadlines need
        from procedures.calendrier import HorsFrance, departement_de

        if self.options.departement_calendrier:
            return self.options.departement_calendrier
        adresse = self.debiteurs[0].adresse
        if adresse.pays != "FR":
            # A foreign postcode is no French one: Berlin's 10115 is not the Aube, nor Karlsruhe's 76131 the
            # Seine-Maritime; only national holidays then extend the deadlines.
            raise HorsFrance(f"le débiteur est établi hors de France ({adresse.pays}) : aucun département français")
        return departement_de(adresse.code_postal)

    @property
    def debiteur_hors_france(self) -> bool:
        """A debtor lives abroad: deadlines run longer (CPC 643) and the European order opens (Reg. 1896/2006)."""
        return any(debiteur.adresse.pays != "FR" for debiteur in self.debiteurs)

    @property
    def indemnite_forfaitaire(self) -> bool:
        """40 € per invoice, between professionals only (C. com. D441-5)."""
        if self.creance.indemnite_forfaitaire is not None:
            return self.creance.indemnite_forfaitaire and self.b2b
        return self.b2b

    def erreur(self, chemin: Chemin, message: str) -> Erreur:
        """``message`` located at the field ``chemin``: file, line (when the file was read) and field."""
        if self._source is not None:
            return self._source.erreur(chemin, message)
        return Erreur(str(self._chemin or ""), None, format_champ(chemin), message)

    def evenements(self, *types: type[Evenement]) -> list[Evenement]:
        return [e for e in self.historique if isinstance(e, types)]

    def dernier(self, *types: type[Evenement]) -> Evenement | None:
        trouves = self.evenements(*types)
        return trouves[-1] if trouves else None


def coherence(dossier: Dossier, date_reference: dt.date) -> list[tuple[Chemin, str]]:
    """Rules spanning several fields, each located by its path; all of them, not only the first."""
    problemes: list[tuple[Chemin, str]] = []
    creance = dossier.creance

    if creance.nature and creance.nature != dossier.nature_derivee:
        problemes.append(
            (
                ("creance", "nature"),
                f"« {creance.nature} » contredit les parties : la créance est {dossier.nature_derivee} "
                "(commerciale seulement si créancier et débiteurs sont commerçants)",
            )
        )
    for index, debiteur in enumerate(dossier.debiteurs):
        for champ in ("iban", "bic", "lien_paiement"):
            if getattr(debiteur, champ):
                problemes.append((("debiteurs", index, champ), "réservé au créancier"))

    numeros_factures: set[str] = set()
    for index, facture in enumerate(creance.factures):
        chemin = ("creance", "factures", index)
        if facture.numero in numeros_factures:
            problemes.append((chemin + ("numero",), f"numéro de facture en double ({facture.numero})"))
        numeros_factures.add(facture.numero)
        if facture.echeance and facture.echeance < facture.date:
            problemes.append(
                (
                    chemin + ("echeance",),
                    f"échéance ({facture.echeance}) antérieure à la date de la facture ({facture.date})",
                )
            )
        if facture.date > date_reference:
            problemes.append((chemin + ("date",), f"date postérieure à la date de référence ({date_reference})"))

    for index, paiement in enumerate(creance.paiements):
        chemin = ("creance", "paiements", index)
        if paiement.facture is not None and paiement.facture not in numeros_factures:
            problemes.append((chemin + ("facture",), f"facture inconnue ({paiement.facture})"))
        if paiement.date > date_reference:
            problemes.append((chemin + ("date",), f"paiement daté après la date de référence ({date_reference})"))

    numeros_pieces: set[int] = set()
    for index, piece in enumerate(dossier.pieces):
        if piece.numero in numeros_pieces:
            problemes.append((("pieces", index, "numero"), f"numéro de pièce en double ({piece.numero})"))
        numeros_pieces.add(piece.numero)
        message = probleme_chemin(piece.fichier)
        if message:
            problemes.append((("pieces", index, "fichier"), message))
    if dossier.options.modeles and probleme_chemin(dossier.options.modeles):
        problemes.append((("options", "modeles"), probleme_chemin(dossier.options.modeles)))
    for index, facture in enumerate(creance.factures):
        if facture.piece is not None and facture.piece not in numeros_pieces:
            problemes.append(
                (("creance", "factures", index, "piece"), f"pièce n° {facture.piece} absente de « pieces »")
            )

    precedente: dt.date | None = None
    for index, evenement in enumerate(dossier.historique):
        chemin = ("historique", index)
        if evenement.date > date_reference:
            problemes.append(
                (
                    chemin + ("date",),
                    f"événement daté du {evenement.date}, après la date de référence ({date_reference})",
                )
            )
        if precedente and evenement.date < precedente:
            problemes.append(
                (
                    chemin + ("date",),
                    f"historique dans le désordre : {evenement.date} après "
                    f"{precedente} (du plus ancien au plus récent)",
                )
            )
        precedente = evenement.date
        if isinstance(evenement, PaiementRecu) and evenement.facture and evenement.facture not in numeros_factures:
            problemes.append((chemin + ("facture",), f"facture inconnue ({evenement.facture})"))
        if isinstance(evenement, ProcedureCollectiveOuverte):
            if evenement.date_jugement > evenement.date:
                problemes.append(
                    (
                        chemin + ("date_jugement",),
                        f"jugement du {evenement.date_jugement}, après la date de l'événement ({evenement.date})",
                    )
                )
            if evenement.date_publication and evenement.date_publication < evenement.date_jugement:
                problemes.append(
                    (
                        chemin + ("date_publication",),
                        f"publication au BODACC "
                        f"({evenement.date_publication}) antérieure au "
                        f"jugement ({evenement.date_jugement})",
                    )
                )
        if getattr(evenement, "fichier", None):
            message = probleme_chemin(evenement.fichier)
            if message:
                problemes.append((chemin + ("fichier",), message))
    return problemes


def probleme_chemin(fichier: str) -> str | None:
    """Evidence stays inside the case folder, so the folder can be moved or archived whole."""
    chemin = PurePosixPath(fichier.replace("\\", "/"))
    if chemin.is_absolute() or re.match(r"^[A-Za-z]:", fichier):
        return f"chemin absolu interdit ({fichier}) : indiquez un chemin relatif au dossier"
    if ".." in chemin.parts:
        return f"chemin sortant du dossier interdit ({fichier})"
    return None


def depuis_source(source: Source, date_reference: dt.date | None = None) -> Dossier:
    """Validate already-read data; raise DossierInvalide with every error located."""
    date_reference = date_reference or dt.date.today()
    try:
        dossier = Dossier.model_validate(source.donnees)
    except ValidationError as exc:
        raise DossierInvalide(
            erreurs_pydantic(source, exc) + _coherence_du_reste(source, exc, date_reference)
        ) from None
    dossier._chemin, dossier._source = source.fichier, source
    problemes = coherence(dossier, date_reference)
    if problemes:
        raise DossierInvalide([source.erreur(chemin, message) for chemin, message in problemes])
    return dossier


def _coherence_du_reste(source: Source, exc: ValidationError, date_reference: dt.date) -> list[Erreur]:
    """The cross-field rules run on the fields that passed their own checks, so that one `check` reports
    everything: a bad SIREN and an échéance before its invoice give both lines."""
    reste = dossier_partiel(source, exc)
    return [] if reste is None else [source.erreur(c, m) for c, m in coherence(reste, date_reference)]


def dossier_partiel(source: Source, exc: ValidationError) -> Dossier | None:
    """The case without its invalid fields (set aside twice at most: setting one aside may reveal another);
    None when a required one is among them and the rest cannot be assembled."""
    donnees = source.donnees
    for _ in range(2):
        donnees = sans_champs_invalides(donnees, exc)
        try:
            reste = Dossier.model_validate(donnees)
        except ValidationError as suivante:
            exc = suivante
            continue
        reste._chemin = source.fichier
        return reste
    return None


def charger_dossier(fichier: str | Path, date_reference: dt.date | None = None) -> Dossier:
    """Read and validate a case file. Never writes. Raise DossierInvalide listing every error."""
    return depuis_source(lire_yaml(Path(fichier)), date_reference)


def schema_json() -> dict:
    """The JSON Schema of format v1, for editors' autocompletion."""
    schema = Dossier.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
