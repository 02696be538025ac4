"""Real e-invoices for the tests: CII (Factur-X BASIC, EN 16931, EXTENDED) and UBL XML, Factur-X PDFs.

The XML follows the structure of the Factur-X 1.07 / EN 16931 samples; every CII file is checked against the
Factur-X XSD of its profile when embedded (factur-x's `generate_from_binary` refuses an invalid one).
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

PROFILS = {
    "basic": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
    "en16931": "urn:cen.eu:en16931:2017",
    "extended": "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
}

VENDEUR = {
    "nom": "Atelier Dubois & Fils",
    "siren": "123456782",
    "tva": "FR32123456782",
    "ligne1": "12 rue de la République",
    "code_postal": "69002",
    "ville": "Lyon",
    "mentions": "SARL au capital de 10 000,00 € - RCS Lyon 123 456 782",
    "email": "compta@atelier-dubois.example",
}
ACHETEUR = {
    "nom": "Boulangerie « Le Fournil » SAS",
    "siren": "987654324",
    "tva": "FR51987654324",
    "ligne1": "5 avenue Henri Barbusse",
    "code_postal": "69100",
    "ville": "Villeurbanne",
}
IBAN = "FR7630006000011234567890189"
BIC = "AGRIFRPP"
NOTE_PENALITES = (
    "En cas de retard de paiement, pénalités au taux de refinancement de la BCE majoré de "
    "10 points, et indemnité forfaitaire pour frais de recouvrement de 40 € (C. com. L441-10)."
)


def _e(texte: str) -> str:
    return escape(str(texte))


def _partie_cii(balise: str, partie: dict, profil: str, vendeur: bool) -> str:
    riche = profil != "basic"
    morceaux = [f"<ram:Name>{_e(partie['nom'])}</ram:Name>"]
    if riche and vendeur and partie.get("mentions"):
        morceaux.append(f"<ram:Description>{_e(partie['mentions'])}</ram:Description>")
    if partie.get("siren"):
        morceaux.append(
            '<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">'
            f"{_e(partie['siren'])}</ram:ID></ram:SpecifiedLegalOrganization>"
        )
    if riche and partie.get("email"):
        morceaux.append(
            "<ram:DefinedTradeContact><ram:EmailURIUniversalCommunication>"
            f"<ram:URIID>{_e(partie['email'])}</ram:URIID></ram:EmailURIUniversalCommunication>"
            "</ram:DefinedTradeContact>"
        )
    morceaux.append(
        f"<ram:PostalTradeAddress><ram:PostcodeCode>{partie['code_postal']}</ram:PostcodeCode>"
        f"<ram:LineOne>{_e(partie['ligne1'])}</ram:LineOne><ram:CityName>{_e(partie['ville'])}"
        "</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>"
    )
    if partie.get("tva"):
        morceaux.append(
            f'<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{partie["tva"]}</ram:ID>'
            "</ram:SpecifiedTaxRegistration>"
        )
    return f"<ram:{balise}>{''.join(morceaux)}</ram:{balise}>"


def cii(
    numero: str = "F2025-031",
    date: str = "20250315",
    echeances: tuple[str, ...] = ("20250414",),
    ht: str = "4000.00",
    profil: str = "en16931",
    devise: str = "EUR",
    vendeur: dict | None = None,
    acheteur: dict | None = None,
    acompte: str | None = None,
    note: str | None = NOTE_PENALITES,
    conditions: str | None = "Paiement à 30 jours",
    commande: str | None = "BC-2025-118",
    partiels: tuple[str, ...] = (),
) -> bytes:
    """A one-line invoice at 20 % VAT; `partiels` gives each due date's amount (EXTENDED only)."""
    vendeur, acheteur = vendeur or VENDEUR, acheteur or ACHETEUR
    ht_d = Decimal(ht)
    tva = (ht_d * Decimal("0.20")).quantize(Decimal("0.01"))
    ttc = ht_d + tva
    prepaye = Decimal(acompte or "0")
    note_xml = (
        (
            f"<ram:IncludedNote><ram:Content>{_e(note)}</ram:Content><ram:SubjectCode>PMD</ram:SubjectCode>"
            "</ram:IncludedNote>"
        )
        if note
        else ""
    )
    termes = []
    for rang, echeance in enumerate(echeances or ("",)):
        description = f"<ram:Description>{_e(conditions)}</ram:Description>" if conditions and rang == 0 else ""
        date_xml = (
            (
                f'<ram:DueDateDateTime><udt:DateTimeString format="102">{echeance}</udt:DateTimeString>'
                "</ram:DueDateDateTime>"
            )
            if echeance
            else ""
        )
        partiel = f"<ram:PartialPaymentAmount>{partiels[rang]}</ram:PartialPaymentAmount>" if partiels else ""
        if description or date_xml:
            termes.append(
                f"<ram:SpecifiedTradePaymentTerms>{description}{date_xml}{partiel}</ram:SpecifiedTradePaymentTerms>"
            )
    bic = (
        (
            "<ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>"
            + BIC
            + "</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>"
        )
        if profil != "basic"
        else ""
    )
    commande_xml = (
        (
            f"<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>{_e(commande)}</ram:IssuerAssignedID>"
            "</ram:BuyerOrderReferencedDocument>"
        )
        if commande
        else ""
    )
    prepaye_xml = f"<ram:TotalPrepaidAmount>{prepaye:.2f}</ram:TotalPrepaidAmount>" if acompte else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>{PROFILS[profil]}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>{_e(numero)}</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">{date}</udt:DateTimeString></ram:IssueDateTime>
    {note_xml}
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Agencement du fournil</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{ht}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{ht}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      {_partie_cii("SellerTradeParty", vendeur, profil, True)}
      {_partie_cii("BuyerTradeParty", acheteur, profil, False)}
      {commande_xml}
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>{devise}</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{IBAN}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
        {bic}
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>{tva:.2f}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>{ht}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>20.00</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      {"".join(termes)}
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>{ht}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>{ht}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="{devise}">{tva:.2f}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{ttc:.2f}</ram:GrandTotalAmount>
        {prepaye_xml}
        <ram:DuePayableAmount>{ttc - prepaye:.2f}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
""".encode()


def ubl(
    numero: str = "F2025-047",
    date: str = "2025-04-30",
    echeance: str = "2025-05-30",
    ht: str = "1028.80",
    vendeur: dict | None = None,
    acheteur: dict | None = None,
) -> bytes:
    """A one-line UBL 2.1 invoice at 20 % VAT (EN 16931 UBL binding)."""
    vendeur, acheteur = vendeur or VENDEUR, acheteur or ACHETEUR
    ht_d = Decimal(ht)
    tva = (ht_d * Decimal("0.20")).quantize(Decimal("0.01"))
    ttc = ht_d + tva

    def partie(balise: str, p: dict) -> str:
        return f"""<cac:{balise}><cac:Party>
      <cac:PostalAddress><cbc:StreetName>{_e(p["ligne1"])}</cbc:StreetName><cbc:CityName>{_e(p["ville"])}</cbc:CityName>
        <cbc:PostalZone>{p["code_postal"]}</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
      <cac:PartyTaxScheme><cbc:CompanyID>{p["tva"]}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
      <cac:PartyLegalEntity><cbc:RegistrationName>{_e(p["nom"])}</cbc:RegistrationName><cbc:CompanyID schemeID="0002">{p["siren"]}</cbc:CompanyID></cac:PartyLegalEntity>
    </cac:Party></cac:{balise}>"""

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>{_e(numero)}</cbc:ID>
  <cbc:IssueDate>{date}</cbc:IssueDate>
  <cbc:DueDate>{echeance}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:Note>#PMD#Pénalités de retard : 12,5 % l'an ; indemnité forfaitaire pour frais de recouvrement : 40 €.</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  {partie("AccountingSupplierParty", vendeur)}
  {partie("AccountingCustomerParty", acheteur)}
  <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>{IBAN}</cbc:ID><cac:FinancialInstitutionBranch><cbc:ID>{BIC}</cbc:ID></cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>30 jours date de facture</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{tva:.2f}</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{ht}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">{tva:.2f}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{ht}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{ht}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{ttc:.2f}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">{ttc:.2f}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">{ht}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Vitrine réfrigérée</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">{ht}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>
""".encode()


def pdf_simple(titre: str) -> bytes:
    """A plain one-page PDF, as an invoice printed from any software."""
    tampon = io.BytesIO()
    page = canvas.Canvas(tampon, pagesize=A4, invariant=1)
    page.drawString(72, 770, titre)
    page.showPage()
    page.save()
    return tampon.getvalue()


def facturx(chemin: Path, xml: bytes, titre: str = "Facture") -> Path:
    """A Factur-X PDF: the plain PDF with `xml` embedded, checked against the XSD of its profile."""
    from facturx import generate_from_binary

    chemin.write_bytes(generate_from_binary(pdf_simple(titre), xml, check_xsd=True))
    return chemin
