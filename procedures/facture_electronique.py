"""A case started from the invoices themselves: Factur-X / ZUGFeRD PDFs, bare UN/CEFACT CII or UBL XML.

Fields are read by their EN 16931 business terms (BT-n), each remembering the XML element it came from, so a
bad SIREN or IBAN is reported with the invoice file, the element and its line; the written `dossier.yaml` says
beside every field which term of which file it came from. The data goes through the same model as a
hand-written case (`procedures.dossier`), then the text is checked as `procedure check` reads it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from procedures.dossier import depuis_source
from procedures.erreurs import DossierInvalide, Erreur, ProcedureError
from procedures.lecture import Chemin, Source, format_champ
from procedures.montants import format_date
from procedures.nouveau_dossier import NOM_DOSSIER, ecrire_nouveau_dossier, texte_commente, verifier_texte

TAILLE_MAX = 50 * 1024 * 1024
ORDRE_CREANCE = ("fondement", "penalites", "indemnite_forfaitaire", "factures", "paiements")
SANS_DONNEES = "facture sans données structurées : complétez dossier.yaml"

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
# Untrusted files: no entity expansion, no network, no DTD.
_ANALYSEUR = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

# Credit notes (UNTDID 1001) lower a debt; they are not an unpaid invoice.
TYPES_AVOIR = {"381", "261", "262", "296", "308", "396", "420", "458", "532"}

_CII_ACCORD = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
_CII_REGLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_CII_TOTAUX = f"{_CII_REGLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
_CII_MOYEN = f"{_CII_REGLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans"

# Field → its EN 16931 business term.
TERMES = {
    "numero": "BT-1",
    "type": "BT-3",
    "date": "BT-2",
    "devise": "BT-5",
    "echeance": "BT-9",
    "conditions": "BT-20",
    "contrat": "BT-12",
    "commande": "BT-13",
    "iban": "BT-84",
    "bic": "BT-86",
    "total_ttc": "BT-112",
    "acompte": "BT-113",
    "a_payer": "BT-115",
}
# Field → XPath from the document root, per syntax (EN 16931-3-2 for UBL, -3-3 for CII).
XPATHS = {
    "CII": {
        "numero": "rsm:ExchangedDocument/ram:ID",
        "type": "rsm:ExchangedDocument/ram:TypeCode",
        "date": "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
        "devise": f"{_CII_REGLEMENT}/ram:InvoiceCurrencyCode",
        "echeance": f"{_CII_REGLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
        "conditions": f"{_CII_REGLEMENT}/ram:SpecifiedTradePaymentTerms/ram:Description",
        "contrat": f"{_CII_ACCORD}/ram:ContractReferencedDocument/ram:IssuerAssignedID",
        "commande": f"{_CII_ACCORD}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
        "iban": f"{_CII_MOYEN}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
        "bic": f"{_CII_MOYEN}/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
        "total_ttc": f"{_CII_TOTAUX}/ram:GrandTotalAmount",
        "acompte": f"{_CII_TOTAUX}/ram:TotalPrepaidAmount",
        "a_payer": f"{_CII_TOTAUX}/ram:DuePayableAmount",
    },
    "UBL": {
        "numero": "cbc:ID",
        "type": "cbc:InvoiceTypeCode",
        "date": "cbc:IssueDate",
        "devise": "cbc:DocumentCurrencyCode",
        "echeance": "cbc:DueDate",
        "conditions": "cac:PaymentTerms/cbc:Note",
        "contrat": "cac:ContractDocumentReference/cbc:ID",
        "commande": "cac:OrderReference/cbc:ID",
        "iban": "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID",
        "bic": "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID",
        "total_ttc": "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
        "acompte": "cac:LegalMonetaryTotal/cbc:PrepaidAmount",
        "a_payer": "cac:LegalMonetaryTotal/cbc:PayableAmount",
    },
}
PARTIES = {
    "CII": {"vendeur": f"{_CII_ACCORD}/ram:SellerTradeParty", "acheteur": f"{_CII_ACCORD}/ram:BuyerTradeParty"},
    "UBL": {"vendeur": "cac:AccountingSupplierParty/cac:Party", "acheteur": "cac:AccountingCustomerParty/cac:Party"},
}
# Party field → (seller term, buyer term); the buyer has no BT-33.
TERMES_PARTIE = {
    "nom": ("BT-27", "BT-44"),
    "siren": ("BT-30", "BT-47"),
    "mentions": ("BT-33", None),
    "tva": ("BT-31", "BT-48"),
    "ligne1": ("BT-35", "BT-50"),
    "ligne2": ("BT-36", "BT-51"),
    "ligne3": ("BT-162", "BT-163"),
    "code_postal": ("BT-38", "BT-53"),
    "ville": ("BT-37", "BT-52"),
    "pays": ("BT-40", "BT-55"),
    "email": ("BT-43", "BT-58"),
    "telephone": ("BT-42", "BT-57"),
}
# Party field → XPath from the party, per syntax.
XPATHS_PARTIE = {
    "CII": {
        "nom": "ram:Name",
        "siren": "ram:SpecifiedLegalOrganization/ram:ID",
        "mentions": "ram:Description",
        "tva": "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']",
        "ligne1": "ram:PostalTradeAddress/ram:LineOne",
        "ligne2": "ram:PostalTradeAddress/ram:LineTwo",
        "ligne3": "ram:PostalTradeAddress/ram:LineThree",
        "code_postal": "ram:PostalTradeAddress/ram:PostcodeCode",
        "ville": "ram:PostalTradeAddress/ram:CityName",
        "pays": "ram:PostalTradeAddress/ram:CountryID",
        "email": "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID",
        "telephone": "ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber",
    },
    "UBL": {
        "nom": "cac:PartyLegalEntity/cbc:RegistrationName",
        "siren": "cac:PartyLegalEntity/cbc:CompanyID",
        "mentions": "cac:PartyLegalEntity/cbc:CompanyLegalForm",
        "tva": "cac:PartyTaxScheme/cbc:CompanyID",
        "ligne1": "cac:PostalAddress/cbc:StreetName",
        "ligne2": "cac:PostalAddress/cbc:AdditionalStreetName",
        "ligne3": "cac:PostalAddress/cac:AddressLine/cbc:Line",
        "code_postal": "cac:PostalAddress/cbc:PostalZone",
        "ville": "cac:PostalAddress/cbc:CityName",
        "pays": "cac:PostalAddress/cac:Country/cbc:IdentificationCode",
        "email": "cac:Contact/cbc:ElectronicMail",
        "telephone": "cac:Contact/cbc:Telephone",
    },
}
NOTES = {"CII": "rsm:ExchangedDocument/ram:IncludedNote", "UBL": "cbc:Note"}


@dataclass(frozen=True)
class Lu:
    """A value read from an invoice, with the business term and the element it came from."""

    valeur: str
    terme: str
    element: etree._Element | None
    xpath: str


@dataclass
class FactureLue:
    """One invoice's terms, read but not yet interpreted."""

    fichier: Path
    xml: str | None  # name of the XML embedded in a PDF; None for a bare XML file
    syntaxe: str
    champs: dict[str, Lu]
    echeances: list[Lu]
    parties: dict[str, dict[str, Lu]]
    notes: list[tuple[str, Lu]]  # (subject code, text)

    @property
    def nom(self) -> str:
        return self.fichier.name

    @property
    def lieu(self) -> str:
        """The file an error points at: the invoice, and the embedded XML inside a PDF."""
        return f"{self.fichier} ({self.xml})" if self.xml else str(self.fichier)

    def erreur(self, lu: Lu | None, message: str) -> Erreur:
        if lu is None:
            return Erreur(self.lieu, None, "", message)
        ligne = lu.element.sourceline if lu.element is not None else None
        return Erreur(self.lieu, ligne, f"{lu.terme} {lu.xpath}", message)


@dataclass
class ResultatFactures:
    """What `init --facture` wrote, and what the user must look at."""

    chemin: Path
    avertissements: list[str] = field(default_factory=list)
    complet: bool = True  # false when started from the template: the user must complete it


def _syntaxe(racine: etree._Element) -> str:
    if racine.tag == f"{{{NS['rsm']}}}CrossIndustryInvoice":
        return "CII"
    if racine.tag == f"{{{NS['ubl']}}}Invoice":
        return "UBL"
    if racine.tag.endswith("CreditNote"):
        raise ProcedureError("avoir (UBL CreditNote) : ce n'est pas une facture impayée")
    if racine.tag.endswith("CrossIndustryDocument"):
        raise ProcedureError(
            "ZUGFeRD 1.0 (CrossIndustryDocument) n'est pas pris en charge : demandez la facture "
            "en Factur-X / ZUGFeRD 2 ou complétez dossier.yaml"
        )
    raise ProcedureError(
        f"XML non reconnu (élément racine {etree.QName(racine).localname}) : attendu une facture CII (Factur-X) ou UBL"
    )


def _lire_champ(base: etree._Element, terme: str, xpath: str, prefixe: str = "") -> Lu | None:
    for element in base.xpath(xpath, namespaces=NS):
        texte = (element.text or "").strip()
        if texte:
            return Lu(texte, terme, element, f"{prefixe}/{xpath}" if prefixe else xpath)
    return None


def lire_xml(contenu: bytes, fichier: Path, xml: str | None = None) -> FactureLue:
    """The business terms of a CII or UBL invoice."""
    lieu = f"{fichier} ({xml})" if xml else str(fichier)
    try:
        racine = etree.fromstring(contenu, _ANALYSEUR)
    except etree.XMLSyntaxError as exc:
        raise DossierInvalide([Erreur(lieu, exc.lineno, "", f"XML illisible : {exc.msg}")]) from None
    try:
        syntaxe = _syntaxe(racine)
    except ProcedureError as exc:
        raise DossierInvalide([Erreur(lieu, racine.sourceline, "", str(exc))]) from None
    champs = {}
    for nom, xpath in XPATHS[syntaxe].items():
        lu = _lire_champ(racine, TERMES[nom], xpath)
        if lu:
            champs[nom] = lu
    xpath = XPATHS[syntaxe]["echeance"]
    echeances = [
        Lu(e.text.strip(), TERMES["echeance"], e, xpath)
        for e in racine.xpath(xpath, namespaces=NS)
        if (e.text or "").strip()
    ]
    parties = {}
    for role, chemin_partie in PARTIES[syntaxe].items():
        partie = racine.xpath(chemin_partie, namespaces=NS)
        parties[role] = {}
        if not partie:
            continue
        for nom, xpath in XPATHS_PARTIE[syntaxe].items():
            terme = TERMES_PARTIE[nom][0 if role == "vendeur" else 1]
            if terme:
                lu = _lire_champ(partie[0], terme, xpath, chemin_partie)
                if lu:
                    parties[role][nom] = lu
    notes = []
    for note in racine.xpath(NOTES[syntaxe], namespaces=NS):
        if syntaxe == "CII":
            code = (note.findtext(f"{{{NS['ram']}}}SubjectCode") or "").strip()
            contenu_note = note.find(f"{{{NS['ram']}}}Content")
            texte = (contenu_note.text or "").strip() if contenu_note is not None else ""
        else:
            # The UBL binding of BT-21 puts the subject code first: "#PMD#text".
            marque = re.match(r"#(\w+)#(.*)", (note.text or "").strip(), re.S)
            code, texte = (marque.group(1), marque.group(2).strip()) if marque else ("", (note.text or "").strip())
        if texte:
            notes.append((code, Lu(texte, "BT-22", note, NOTES[syntaxe])))
    return FactureLue(fichier, xml, syntaxe, champs, echeances, parties, notes)


def lire_facture(fichier: Path) -> FactureLue | None:
    """The structured invoice in `fichier` (Factur-X PDF, CII or UBL XML), or None for a PDF without XML."""
    # deferred: facturx brings pypdf, for PDF invoices only
    from facturx import get_xml_from_pdf

    fichier = Path(fichier)
    try:
        taille = fichier.stat().st_size
        if taille > TAILLE_MAX:
            raise ProcedureError(f"{fichier} : fichier trop volumineux ({taille} octets)")
        contenu = fichier.read_bytes()
    except FileNotFoundError:
        raise ProcedureError(f"{fichier} : fichier introuvable") from None
    except IsADirectoryError:
        raise ProcedureError(f"{fichier} : c'est un dossier, pas une facture") from None
    if contenu.startswith(b"%PDF"):
        try:
            # The XSD check would skip an invoice whose structure is imperfect; the model judges its content.
            nom_xml, xml = get_xml_from_pdf(contenu, check_xsd=False)
        except Exception as exc:  # pypdf raises many types on a damaged PDF
            raise ProcedureError(f"{fichier} : PDF illisible ({exc})") from None
        return lire_xml(xml, fichier, nom_xml) if xml else None
    if contenu.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return lire_xml(contenu, fichier)
    raise ProcedureError(f"{fichier} : format non reconnu (attendu une facture Factur-X en PDF, ou un XML CII ou UBL)")


def _date(lu: Lu, facture: FactureLue) -> dt.date:
    texte = lu.valeur
    try:
        if re.fullmatch(r"\d{8}", texte):  # CII format 102
            return dt.date(int(texte[:4]), int(texte[4:6]), int(texte[6:]))
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise DossierInvalide([facture.erreur(lu, f"date invalide ({texte})")]) from None


def _montant(lu: Lu, facture: FactureLue) -> Decimal:
    try:
        montant = Decimal(lu.valeur)
    except InvalidOperation:
        raise DossierInvalide([facture.erreur(lu, f"montant invalide ({lu.valeur})")]) from None
    if not montant.is_finite():
        raise DossierInvalide([facture.erreur(lu, f"montant invalide ({lu.valeur})")])
    return montant


def _siren(partie: dict[str, Lu]) -> Lu | None:
    """BT-30 with scheme 0002 is the SIREN; a SIRET (0009) begins with it; else a French VAT number holds it."""
    lu = partie.get("siren")
    if lu is not None:
        schema = lu.element.get("schemeID") if lu.element is not None else None
        compact = re.sub(r"\s", "", lu.valeur)
        if schema in (None, "", "0002") or (schema == "0009" and len(compact) == 14):
            return Lu(compact[:9] if schema == "0009" else compact, lu.terme, lu.element, lu.xpath)
    tva = partie.get("tva")
    if tva is not None and re.fullmatch(r"FR[0-9A-Z]{2}\d{9}", re.sub(r"\s", "", tva.valeur)):
        return Lu(re.sub(r"\s", "", tva.valeur)[4:], tva.terme, tva.element, tva.xpath)
    return None


_FORMES = r"SARL|SASU|SAS|SA|EURL|SNC|SCI|SELARL|SELAS|SCOP|SCP|GIE|SCA"


def _mentions_legales(texte: str) -> dict[str, str]:
    """Legal form, share capital and RCS town from the seller's legal mentions (C. com. R123-237)."""
    trouve = {}
    forme = re.search(rf"\b({_FORMES})\b", texte)
    if forme:
        trouve["forme"] = forme.group(1)
    capital = re.search(r"capital(?: social)? de\s+([\d\s\u00a0\u202f.,]+?)\s*(?:€|EUR|euros)", texte, re.I)
    if capital:
        chiffres = re.sub(r"[\s\u00a0\u202f]", "", capital.group(1))
        chiffres = chiffres.replace(".", "").replace(",", ".") if "," in chiffres else chiffres.replace(".", "")
        trouve["capital"] = chiffres
    rcs = re.search(r"RCS\s+(?:de\s+)?([A-ZÀ-Ý][\w'À-ÿ -]*?)\s+(?:[AB]\s+)?\d", texte)
    if rcs:
        trouve["rcs"] = rcs.group(1).strip()
    return trouve


def _penalites(textes: list[Lu]) -> tuple[dict | None, Lu | None]:
    """The late-payment rate the invoice states (C. com. L441-9 I requires it on the invoice)."""
    for lu in textes:
        texte = lu.valeur
        if not re.search(r"p[ée]nalit|retard", texte, re.I):
            continue
        bce = re.search(
            r"(?:BCE|Banque centrale europ[ée]enne|refinancement)\D{0,60}?(?:major[ée]e?|\+|plus)\s*"
            r"(?:de\s*)?(\d+(?:[.,]\d+)?)\s*(?:points?|%)",
            texte,
            re.I,
        )
        if bce:
            return {"type": "bce_plus", "points": bce.group(1).replace(",", ".")}, lu
        if re.search(r"(?:trois|3)\s+fois\s+(?:le\s+)?taux\s+(?:de\s+l'|d'\s*)?int[ée]r[êe]t\s+l[ée]gal", texte, re.I):
            # The legal rate, raised to its floor of three times itself (C. com. L441-10 II).
            return {"type": "legal"}, lu
        fixe = re.search(r"(\d+(?:[.,]\d+)?)\s*%", texte)
        if fixe:
            return {"type": "fixe", "taux": fixe.group(1).replace(",", ".")}, lu
    return None, None


def _indemnite(textes: list[Lu]) -> Lu | None:
    """The invoice mentions the 40 € recovery indemnity (C. com. L441-10 II, D441-5)."""
    for lu in textes:
        if re.search(r"indemnit[ée]\s+forfaitaire", lu.valeur, re.I) and re.search(r"\b40\b", lu.valeur):
            return lu
    return None


@dataclass
class _Construction:
    """The case being built: plain data, the origin of each field, and the read term behind it."""

    donnees: dict = field(default_factory=dict)
    origines: dict[Chemin, str] = field(default_factory=dict)
    lus: dict[Chemin, tuple[FactureLue, Lu]] = field(default_factory=dict)
    avertissements: list[str] = field(default_factory=list)

    def poser(self, chemin: Chemin, valeur, facture: FactureLue, lu: Lu | None, origine: str | None = None):
        parent = self.donnees
        for cle in chemin[:-1]:
            parent = parent[cle]
        parent[chemin[-1]] = valeur
        self.origines[chemin] = origine or (f"{lu.terme}, {facture.nom}" if lu else facture.nom)
        if lu is not None:
            self.lus[chemin] = (facture, lu)


def _partie(construction: _Construction, chemin: Chemin, facture: FactureLue, role: str) -> None:
    lus = facture.parties[role]
    construction.poser(chemin, {}, facture, None)
    construction.poser(
        chemin + ("type",), "personne_morale", facture, None, f"{facture.nom} : facture entre entreprises"
    )
    nom = lus.get("nom")
    construction.poser(chemin + ("denomination",), nom.valeur if nom else None, facture, nom)
    mentions = lus.get("mentions")
    if mentions is not None:
        for cle, valeur in _mentions_legales(mentions.valeur).items():
            construction.poser(chemin + (cle,), valeur, facture, mentions)
    siren = _siren(lus)
    if siren is not None:
        construction.poser(chemin + ("siren",), siren.valeur, facture, siren)
    construction.poser(chemin + ("adresse",), {}, facture, None)
    adresse = chemin + ("adresse",)
    pays = lus.get("pays")
    if pays is not None:
        construction.poser(adresse + ("pays",), pays.valeur.upper(), facture, pays)
    lignes = [lus[c] for c in ("ligne1", "ligne2", "ligne3") if c in lus]
    for rang, lu in enumerate(lignes or [None]):
        construction.poser(adresse + (f"ligne{rang + 1}",), lu.valeur if lu else None, facture, lu)
    for cle in ("code_postal", "ville"):
        construction.poser(adresse + (cle,), lus[cle].valeur if cle in lus else None, facture, lus.get(cle))
    # B2B: an e-invoice is issued by a business to a business acting for its own (C. com. L441-9).
    construction.poser(chemin + ("professionnel",), True, facture, None, f"{facture.nom} : facture entre entreprises")
    for cle in ("email", "telephone"):
        if cle in lus:
            construction.poser(chemin + (cle,), lus[cle].valeur, facture, lus[cle])


def _cle_partie(facture: FactureLue, role: str) -> tuple[str, str]:
    """Who a party is: its SIREN when known, else its name (case and spacing aside); and how to show it."""
    lus = facture.parties[role]
    siren = _siren(lus)
    nom = lus["nom"].valeur if "nom" in lus else "?"
    if siren is not None:
        return f"siren:{siren.valeur}", f"{nom} (SIREN {siren.valeur})"
    return f"nom:{' '.join(nom.lower().split())}", nom


def _facture(construction: _Construction, index: int, facture: FactureLue, piece: int | None) -> None:
    champs = facture.champs
    chemin = ("creance", "factures", index)
    construction.poser(chemin, {}, facture, None)
    construction.poser(
        chemin + ("numero",), champs["numero"].valeur if "numero" in champs else None, facture, champs.get("numero")
    )
    date = _date(champs["date"], facture) if "date" in champs else None
    construction.poser(chemin + ("date",), date, facture, champs.get("date"))
    if facture.echeances:
        dates = sorted((_date(lu, facture), lu) for lu in facture.echeances)
        derniere, lu = dates[-1]
        origine = f"{lu.terme}, {facture.nom}"
        if len(dates) > 1:
            # The model has one due date per invoice. The last one never claims interest before it is due;
            # the earlier instalments are named so the user can split the invoice by hand.
            liste = ", ".join(d.isoformat() for d, _ in dates)
            origine += f" : échéances multiples ({liste}), la dernière est retenue"
            construction.avertissements.append(
                f"{facture.nom} : facture payable en plusieurs échéances ({liste}) ; la dernière est retenue "
                "pour toute la facture (aucun intérêt réclamé avant elle) ; ajustez dossier.yaml au besoin"
            )
        construction.poser(chemin + ("echeance",), derniere, facture, lu, origine)
    elif "conditions" in champs:
        construction.avertissements.append(
            f"{facture.nom} : pas de date d'échéance (BT-9), seulement des conditions de paiement "
            f"(« {champs['conditions'].valeur} ») ; sans échéance, l'outil retient 30 jours après la facture "
            "(C. com. L441-10 I) : indiquez l'échéance convenue dans dossier.yaml"
        )
    else:
        construction.avertissements.append(
            f"{facture.nom} : ni échéance (BT-9) ni conditions de paiement (BT-20) ; l'outil retient 30 jours "
            "après la facture (C. com. L441-10 I)"
        )
    total = champs.get("total_ttc")
    montant = _montant(total, facture) if total else None
    construction.poser(chemin + ("montant",), montant, facture, total)
    if piece is not None:
        construction.poser(chemin + ("piece",), piece, facture, None, f"{facture.nom} copiée dans pieces/")
    if "conditions" in champs:
        construction.origines[chemin + ("numero",)] += f" ; conditions (BT-20) : {champs['conditions'].valeur}"


def _verifier_facture(facture: FactureLue) -> list[Erreur]:
    """What makes an invoice unusable for recovery, before the model sees it."""
    champs = facture.champs
    erreurs = []
    devise = champs.get("devise")
    if devise is not None and devise.valeur.upper() != "EUR":
        erreurs.append(
            facture.erreur(
                devise, f"facture en {devise.valeur} : seules les factures en euros (EUR) sont prises en charge"
            )
        )
    type_ = champs.get("type")
    if type_ is not None and type_.valeur in TYPES_AVOIR:
        erreurs.append(facture.erreur(type_, f"avoir (type {type_.valeur}) : ce n'est pas une facture impayée"))
    for cle in ("numero", "date", "total_ttc"):
        if cle not in champs:
            champ = f"{TERMES[cle]} {XPATHS[facture.syntaxe][cle]}"
            erreurs.append(Erreur(facture.lieu, None, champ, "terme obligatoire absent de la facture"))
    for role, terme in (("vendeur", "BG-4"), ("acheteur", "BG-7")):
        if not facture.parties[role]:
            erreurs.append(
                Erreur(facture.lieu, None, f"{terme} {PARTIES[facture.syntaxe][role]}", f"{role} absent de la facture")
            )
    a_payer = champs.get("a_payer")
    if a_payer is not None and not erreurs and _montant(a_payer, facture) <= 0:
        erreurs.append(facture.erreur(a_payer, f"montant à payer nul ({a_payer.valeur}) : facture déjà réglée"))
    return erreurs


class _SourceFactures(Source):
    """The built data seen as a case file whose fields are located in the invoices they came from."""

    def __init__(self, cible: Path, construction: _Construction):
        super().__init__(cible, construction.donnees, {})
        self.construction = construction

    def erreur(self, chemin: Chemin, message: str) -> Erreur:
        for fin in range(len(chemin), 0, -1):
            trouve = self.construction.lus.get(tuple(chemin[:fin]))
            if trouve:
                facture, lu = trouve
                return facture.erreur(lu, f"{message} (champ {format_champ(chemin)} du dossier)")
        premiere = next(iter(self.construction.lus.values()))[0]
        return Erreur(
            premiere.lieu, None, format_champ(chemin), f"{message} (champ du dossier que la facture ne renseigne pas)"
        )


def _nom_piece(fichier: Path, pris: set[str]) -> str:
    base = re.sub(r"[^\w.-]+", "_", fichier.stem).strip("_") or "facture"
    nom, rang = f"pieces/{base}.pdf", 2
    while nom in pris:
        nom, rang = f"pieces/{base}-{rang}.pdf", rang + 1
    pris.add(nom)
    return nom


def creer_depuis_factures(
    repertoire: Path, fichiers: list[Path], date_reference: dt.date | None = None
) -> ResultatFactures:
    """Start the case `repertoire/dossier.yaml` from invoices: Factur-X PDFs, CII or UBL XML, plain PDFs.

    Every invoice must have the same seller and buyer. A plain PDF is kept as a pièce; when no invoice holds
    structured data, the case is started from a template to complete by hand."""
    repertoire = Path(repertoire)
    if not fichiers:
        raise ProcedureError("indiquez au moins une facture (--facture FICHIER)")
    lues: list[tuple[Path, FactureLue | None]] = [(Path(f), lire_facture(Path(f))) for f in fichiers]
    erreurs = [e for _, lue in lues if lue for e in _verifier_facture(lue)]
    if erreurs:
        raise DossierInvalide(erreurs)
    structurees = [lue for _, lue in lues if lue]
    if not structurees:
        return _depuis_modele(repertoire, [f for f, _ in lues])
    premiere = structurees[0]
    for role, quoi in (("vendeur", "vendeur (créancier)"), ("acheteur", "acheteur (débiteur)")):
        cle, nom = _cle_partie(premiere, role)
        for autre in structurees[1:]:
            cle_autre, nom_autre = _cle_partie(autre, role)
            if cle_autre != cle:
                raise ProcedureError(
                    f"{autre.fichier} : {quoi} {nom_autre} différent de celui de {premiere.nom} "
                    f"({nom}) ; un dossier réunit les factures d'un même créancier à un même "
                    "débiteur : créez un dossier par débiteur"
                )

    construction = _Construction()
    reference = repertoire.resolve().name
    construction.poser(
        ("reference",), reference, premiere, None, "nom du dossier : remplacez-le par votre référence au besoin"
    )
    _partie(construction, ("creancier",), premiere, "vendeur")
    for cle in ("iban", "bic"):
        source = next((lue for lue in structurees if cle in lue.champs), None)
        if source is not None:
            construction.poser(("creancier", cle), source.champs[cle].valeur, source, source.champs[cle])
    construction.poser(("debiteurs",), [{}], premiere, None)
    _partie(construction, ("debiteurs", 0), premiere, "acheteur")
    if "rcs" not in construction.donnees["debiteurs"][0]:
        # The claim is commercial only when both sides are traders (C. com. L721-3); it decides the court.
        construction.avertissements.append(
            "la facture ne dit pas si le débiteur est inscrit au RCS : s'il est commerçant, indiquez "
            "« rcs » ou « commercant: true » (la créance est alors commerciale, tribunal de commerce)"
        )
    construction.poser(("creance",), {}, premiere, None)

    pieces: dict[str, Path] = {}
    liste_pieces: list[dict] = []
    pris: set[str] = set()
    numeros_pieces: dict[int, int] = {}  # invoice index → pièce number
    for fichier, lue in lues:
        if not fichier.read_bytes().startswith(b"%PDF"):
            construction.avertissements.append(
                f"{fichier.name} : facture XML sans PDF ; joignez sa version lisible (PDF) aux pièces"
            )
            continue
        relatif = _nom_piece(fichier, pris)
        pieces[relatif] = fichier
        numero = len(liste_pieces) + 1
        if lue is None:
            construction.avertissements.append(
                f"{fichier.name} : {SANS_DONNEES} (ajoutez la facture n° et les "
                f"montants de la pièce {numero} dans « creance.factures »)"
            )
            liste_pieces.append({"numero": numero, "titre": f"Facture ({fichier.name})", "fichier": relatif})
        else:
            numeros_pieces[structurees.index(lue)] = numero
            liste_pieces.append({"numero": numero, "titre": None, "date": None, "fichier": relatif})

    fondement = []
    construction.poser(("creance", "factures"), [{} for _ in structurees], premiere, None)
    for index, lue in enumerate(structurees):
        _facture(construction, index, lue, numeros_pieces.get(index))
        for cle, mot in (("contrat", "contrat"), ("commande", "commande")):
            if cle in lue.champs:
                fondement.append(f"{mot} n° {lue.champs[cle].valeur}")
    numeros = [lue.champs["numero"].valeur for lue in structurees]
    texte_fondement = f"Facture{'s' if len(numeros) > 1 else ''} n° {', '.join(numeros)}" + (
        f" ({', '.join(dict.fromkeys(fondement))})" if fondement else ""
    )
    construction.poser(
        ("creance", "fondement"),
        texte_fondement,
        premiere,
        None,
        "BT-1, BT-12, BT-13 : précisez le contrat, le devis ou les conditions générales",
    )
    _conditions_de_retard(construction, structurees)
    _acomptes(construction, structurees)

    facture_de_piece = {numero: index for index, numero in numeros_pieces.items()}
    for piece in liste_pieces:
        if piece["titre"] is None:
            facture = construction.donnees["creance"]["factures"][facture_de_piece[piece["numero"]]]
            date = facture["date"]
            piece["titre"] = f"Facture n° {facture['numero']}" + (f" du {format_date(date)}" if date else "")
            piece["date"] = date
    if liste_pieces:
        construction.poser(("pieces",), liste_pieces, premiere, None)
    creance = construction.donnees["creance"]
    construction.donnees["creance"] = {cle: creance[cle] for cle in ORDRE_CREANCE if cle in creance}

    cible = repertoire / NOM_DOSSIER
    depuis_source(_SourceFactures(cible, construction), date_reference)
    entete = [
        f"Dossier créé par « procedure init --facture » depuis : {', '.join(f.name for f, _ in lues)}.",
        "En commentaire, la source de chaque champ : BT-n est le terme métier de la norme EN 16931.",
        "Vérifiez-le, complétez le fondement, puis : procedure check dossier.yaml",
    ]
    texte = texte_commente(construction.donnees, construction.origines, entete)
    verifier_texte(cible, texte, date_reference)
    chemin = ecrire_nouveau_dossier(repertoire, texte, pieces)
    return ResultatFactures(chemin, construction.avertissements)


def _conditions_de_retard(construction: _Construction, factures: list[FactureLue]) -> None:
    """Late-payment terms stated on the invoices; the same for all, else the model's defaults apply."""
    trouvees = []
    for lue in factures:
        textes = [lu for code, lu in lue.notes if code in ("PMD", "PMT", "AAB", "")]
        if "conditions" in lue.champs:
            textes.append(lue.champs["conditions"])
        penalites, source = _penalites(textes)
        trouvees.append((lue, penalites, source, _indemnite(textes)))
    taux = {repr(p) for _, p, _, _ in trouvees}
    lue, penalites, source, _ = trouvees[0]
    if len(taux) > 1:
        construction.avertissements.append(
            "les factures n'indiquent pas le même taux de pénalités de retard : "
            "indiquez celui qui s'applique dans « creance.penalites »"
        )
    elif penalites is not None:
        construction.poser(("creance", "penalites"), penalites, lue, source)
        for cle in penalites:
            construction.poser(
                ("creance", "penalites", cle),
                penalites[cle],
                lue,
                source,
                f"{source.terme}, {lue.nom} : « {_court(source.valeur)} »",
            )
    indemnites = [(l, i) for l, _, _, i in trouvees if i is not None]
    if indemnites and len(indemnites) == len(trouvees):
        lue, lu = indemnites[0]
        construction.poser(
            ("creance", "indemnite_forfaitaire"), True, lue, lu, f"{lu.terme}, {lue.nom} : « {_court(lu.valeur)} »"
        )


def _acomptes(construction: _Construction, factures: list[FactureLue]) -> None:
    """An amount prepaid on an invoice (BT-113) is a payment; dated the invoice day, the latest it can be."""
    paiements = []
    for index, lue in enumerate(factures):
        lu = lue.champs.get("acompte")
        if lu is None or _montant(lu, lue) <= 0:
            continue
        rang = len(paiements)
        paiements.append({})
        chemin = ("creance", "paiements", rang)
        if rang == 0:
            construction.poser(("creance", "paiements"), paiements, lue, None)
        construction.poser(
            chemin + ("date",),
            construction.donnees["creance"]["factures"][index]["date"],
            lue,
            None,
            f"{lue.nom} : acompte versé au plus tard à la date de la facture",
        )
        construction.poser(chemin + ("montant",), _montant(lu, lue), lue, lu)
        construction.poser(chemin + ("facture",), lue.champs["numero"].valeur, lue, lue.champs["numero"])
        construction.poser(chemin + ("mode",), "acompte déduit sur la facture", lue, lu)


def _court(texte: str) -> str:
    texte = " ".join(texte.split())
    return texte if len(texte) <= 80 else texte[:77] + "…"


def _depuis_modele(repertoire: Path, fichiers: list[Path]) -> ResultatFactures:
    """No structured invoice: a case to complete by hand, the PDFs as pièces; `check` lists what is missing."""
    pris: set[str] = set()
    pieces = {_nom_piece(f, pris): f for f in fichiers}
    a_completer = "à compléter"
    partie = {
        "type": "personne_morale",
        "denomination": None,
        "siren": None,
        "adresse": {"ligne1": None, "code_postal": None, "ville": None},
        "professionnel": True,
    }
    donnees = {
        "reference": repertoire.resolve().name,
        "creancier": dict(partie, adresse=dict(partie["adresse"]), iban=None),
        "debiteurs": [dict(partie, adresse=dict(partie["adresse"]))],
        "creance": {
            "fondement": None,
            "factures": [
                {"numero": None, "date": None, "echeance": None, "montant": None, "piece": numero}
                for numero in range(1, len(fichiers) + 1)
            ],
        },
        "pieces": [
            {"numero": numero, "titre": f"Facture ({fichier.name})", "fichier": relatif}
            for numero, (relatif, fichier) in enumerate(pieces.items(), start=1)
        ],
    }
    origines: dict[Chemin, str] = {}

    def marquer(valeur, chemin: Chemin) -> None:
        if isinstance(valeur, dict):
            for cle, sous in valeur.items():
                marquer(sous, chemin + (cle,))
        elif isinstance(valeur, list):
            for index, sous in enumerate(valeur):
                marquer(sous, chemin + (index,))
        elif valeur is None:
            origines[chemin] = a_completer

    marquer(donnees, ())
    entete = [
        f"{SANS_DONNEES}.",
        f"Factures jointes en pièces : {', '.join(f.name for f in fichiers)}.",
        "« procedure check dossier.yaml » liste les champs qui restent à remplir.",
    ]
    texte = texte_commente(donnees, origines, entete)
    chemin = ecrire_nouveau_dossier(repertoire, texte, pieces)
    return ResultatFactures(chemin, [f"{f.name} : {SANS_DONNEES}" for f in fichiers], complet=False)
