"""`init --facture`: cases started from Factur-X PDFs, CII and UBL XML, and plain PDFs."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from factures import ACHETEUR, VENDEUR, cii, facturx, pdf_simple, ubl
from ruamel.yaml import YAML

import cli
from procedures import DossierInvalide, ProcedureError, charger_dossier, creer_depuis_factures, verifier_dossier
from procedures.facture_electronique import SANS_DONNEES, lire_facture

DATE = dt.date(2026, 1, 15)


def texte(dossier: Path) -> str:
    return (dossier / "dossier.yaml").read_text(encoding="utf-8")


def test_facturx_en16931_gives_a_valid_case_with_every_field_sourced(tmp_path):
    facture = facturx(tmp_path / "F2025-031.pdf", cii())
    resultat = creer_depuis_factures(tmp_path / "dossier", [facture], DATE)
    assert verifier_dossier(resultat.chemin, DATE) == []
    dossier = charger_dossier(resultat.chemin, DATE)
    assert dossier.creancier.denomination == "Atelier Dubois & Fils"
    assert (dossier.creancier.siren, dossier.creancier.forme, dossier.creancier.rcs) == ("123456782", "SARL", "Lyon")
    assert dossier.creancier.capital == Decimal("10000.00")
    assert dossier.creancier.iban == "FR76 3000 6000 0112 3456 7890 189" and dossier.creancier.bic == "AGRIFRPP"
    debiteur = dossier.debiteurs[0]
    assert (debiteur.denomination, debiteur.siren) == ("Boulangerie « Le Fournil » SAS", "987654324")
    assert debiteur.adresse.lignes == ["5 avenue Henri Barbusse", "69100 VILLEURBANNE"]
    assert debiteur.est_professionnel and dossier.b2b
    facture_lue = dossier.creance.factures[0]
    # 4 000.00 HT + 20 % VAT = 4 800.00 TTC (BT-112)
    assert (facture_lue.numero, facture_lue.date, facture_lue.echeance, facture_lue.montant) == (
        "F2025-031",
        dt.date(2025, 3, 15),
        dt.date(2025, 4, 14),
        Decimal("4800.00"),
    )
    assert dossier.creance.penalites.type == "bce_plus" and dossier.creance.penalites.points == 10
    assert dossier.creance.indemnite_forfaitaire is True
    assert "BC-2025-118" in dossier.creance.fondement
    assert dossier.pieces[0].titre == "Facture n° F2025-031 du 15 mars 2025"
    assert (tmp_path / "dossier" / dossier.pieces[0].fichier).read_bytes() == facture.read_bytes()
    assert facture_lue.piece == 1
    contenu = texte(tmp_path / "dossier")
    assert re.search(r'numero: "F2025-031" +# BT-1, F2025-031.pdf', contenu)
    assert re.search(r'siren: "123456782" +# BT-30, F2025-031.pdf', contenu)
    assert "# BT-84, F2025-031.pdf" in contenu and "# BT-112, F2025-031.pdf" in contenu
    donnees = YAML(typ="safe").load(contenu)
    assert set(donnees) == {"reference", "creancier", "debiteurs", "creance", "pieces"}


def test_basic_profile_and_ubl_of_the_same_parties_make_one_case(tmp_path):
    basic = facturx(tmp_path / "F2025-031.pdf", cii(profil="basic"))
    xml = tmp_path / "F2025-047.xml"
    xml.write_bytes(ubl())
    resultat = creer_depuis_factures(tmp_path / "d", [basic, xml], DATE)
    dossier = charger_dossier(resultat.chemin, DATE)
    assert [f.numero for f in dossier.creance.factures] == ["F2025-031", "F2025-047"]
    # UBL: 1 028.80 HT + 205.76 VAT = 1 234.56 TTC
    assert dossier.creance.factures[1].montant == Decimal("1234.56")
    assert dossier.creance.factures[1].echeance == dt.date(2025, 5, 30)
    assert dossier.creancier.bic == "AGRIFRPP"  # BASIC has no BIC: taken from the UBL invoice
    assert [p.fichier for p in dossier.pieces] == ["pieces/F2025-031.pdf"]
    assert any("F2025-047.xml : facture XML sans PDF" in a for a in resultat.avertissements)
    # BCE + 10 points on one, 12.5 % on the other: no rate is chosen for the user.
    assert dossier.creance.penalites is None
    assert any("même taux de pénalités" in a for a in resultat.avertissements)


def test_ubl_alone_reads_a_fixed_rate(tmp_path):
    xml = tmp_path / "F2025-047.xml"
    xml.write_bytes(ubl())
    dossier = charger_dossier(creer_depuis_factures(tmp_path / "d", [xml], DATE).chemin, DATE)
    assert dossier.creance.penalites.type == "fixe" and dossier.creance.penalites.taux == Decimal("12.5")
    assert dossier.creancier.siren == "123456782" and dossier.debiteurs[0].siren == "987654324"


def test_two_due_dates_keep_the_last_one_and_warn(tmp_path):
    """EN 16931 has one due date (BT-9); Factur-X EXTENDED allows instalments. The model has one due date per
    invoice: the last one is kept (no interest before the whole amount is due) and the user is told."""
    facture = facturx(
        tmp_path / "F2025-050.pdf",
        cii(numero="F2025-050", profil="extended", echeances=("20250414", "20250514"), partiels=("2400.00", "2400.00")),
    )
    resultat = creer_depuis_factures(tmp_path / "d", [facture], DATE)
    dossier = charger_dossier(resultat.chemin, DATE)
    assert dossier.creance.factures[0].echeance == dt.date(2025, 5, 14)
    assert any("2025-04-14, 2025-05-14" in a for a in resultat.avertissements)
    assert "échéances multiples (2025-04-14, 2025-05-14)" in texte(tmp_path / "d")


def test_invalid_siren_is_reported_with_the_invoice_and_the_element(tmp_path):
    facture = facturx(tmp_path / "F-bad.pdf", cii(acheteur=dict(ACHETEUR, siren="987654321", tva=None)))
    with pytest.raises(DossierInvalide) as exc:
        creer_depuis_factures(tmp_path / "d", [facture], DATE)
    [erreur] = exc.value.erreurs()
    assert erreur.fichier == f"{facture} (factur-x.xml)"
    assert erreur.champ == (
        "BT-47 rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
        "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"
    )
    assert "clé de contrôle invalide (987654321)" in erreur.message
    assert erreur.ligne and erreur.ligne > 1
    assert not (tmp_path / "d").exists()


def test_invalid_iban_is_reported_with_its_element(tmp_path):
    xml = tmp_path / "F.xml"
    xml.write_bytes(cii().replace(b"FR7630006000011234567890189", b"FR7630006000011234567890180"))
    with pytest.raises(DossierInvalide) as exc:
        creer_depuis_factures(tmp_path / "d", [xml], DATE)
    [erreur] = exc.value.erreurs()
    assert erreur.fichier == str(xml) and erreur.champ.startswith("BT-84 ")
    assert erreur.champ.endswith("ram:PayeePartyCreditorFinancialAccount/ram:IBANID")
    assert "IBAN invalide" in erreur.message


def test_usd_invoice_is_refused_in_french(tmp_path):
    facture = facturx(tmp_path / "F-usd.pdf", cii(devise="USD"))
    with pytest.raises(DossierInvalide) as exc:
        creer_depuis_factures(tmp_path / "d", [facture], DATE)
    [erreur] = exc.value.erreurs()
    assert erreur.champ.startswith("BT-5 ") and "facture en USD" in erreur.message and "euros" in erreur.message
    assert not (tmp_path / "d").exists()


def test_other_buyer_is_an_error_naming_the_file(tmp_path):
    premiere = facturx(tmp_path / "A.pdf", cii(numero="A1"))
    autre = facturx(
        tmp_path / "B.pdf", cii(numero="B1", acheteur=dict(ACHETEUR, nom="Autre SAS", siren="732829320", tva=None))
    )
    with pytest.raises(ProcedureError, match=r"B\.pdf : acheteur \(débiteur\) Autre SAS \(SIREN 732829320\)"):
        creer_depuis_factures(tmp_path / "d", [premiere, autre], DATE)
    assert not (tmp_path / "d").exists()


def test_prepaid_amount_becomes_a_payment(tmp_path):
    xml = tmp_path / "F.xml"
    xml.write_bytes(cii(acompte="1000.00"))
    dossier = charger_dossier(creer_depuis_factures(tmp_path / "d", [xml], DATE).chemin, DATE)
    [paiement] = dossier.creance.paiements
    assert (paiement.date, paiement.montant, paiement.facture) == (
        dt.date(2025, 3, 15),
        Decimal("1000.00"),
        "F2025-031",
    )


def test_plain_pdf_starts_a_template_with_the_pdf_as_piece(tmp_path):
    plain = tmp_path / "scan.pdf"
    plain.write_bytes(pdf_simple("Facture 12"))
    assert lire_facture(plain) is None
    resultat = creer_depuis_factures(tmp_path / "d", [plain], DATE)
    assert not resultat.complet and resultat.avertissements == [f"scan.pdf : {SANS_DONNEES}"]
    assert (tmp_path / "d" / "pieces" / "scan.pdf").read_bytes() == plain.read_bytes()
    contenu = texte(tmp_path / "d")
    assert SANS_DONNEES in contenu and "# à compléter" in contenu
    champs = {e.champ for e in verifier_dossier(resultat.chemin, DATE)}
    assert {"creance.fondement", "debiteurs[0].adresse.ligne1", "creance.factures[0].montant"} <= champs


def test_existing_case_is_never_overwritten(tmp_path):
    xml = tmp_path / "F.xml"
    xml.write_bytes(cii())
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "dossier.yaml").write_text("reference: x\n", encoding="utf-8")
    with pytest.raises(ProcedureError, match="existe déjà"):
        creer_depuis_factures(tmp_path / "d", [xml], DATE)
    assert (tmp_path / "d" / "dossier.yaml").read_text(encoding="utf-8") == "reference: x\n"


def test_cli_init_facture_then_status(tmp_path):
    facture = facturx(tmp_path / "F2025-031.pdf", cii())
    runner = CliRunner()
    sortie = runner.invoke(cli.main, ["init", str(tmp_path / "d"), "--facture", str(facture), "--date", "2026-01-15"])
    assert sortie.exit_code == 0, sortie.output
    assert "Dossier créé depuis les factures" in sortie.output
    statut = runner.invoke(cli.main, ["status", str(tmp_path / "d" / "dossier.yaml"), "--date", "2026-01-15", "--json"])
    assert statut.exit_code == 0, statut.output
    etat = json.loads(statut.output)
    assert etat["etat"] == "impaye_echu" and etat["prochaine_etape"]["etape"] == "relance"
    assert "commercant" in sortie.output  # the debtor's RCS registration is not on the invoice: the user is told


def test_credit_note_is_refused(tmp_path):
    xml = tmp_path / "A.xml"
    xml.write_bytes(cii().replace(b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypeCode>381</ram:TypeCode>"))
    with pytest.raises(DossierInvalide, match="avoir"):
        creer_depuis_factures(tmp_path / "d", [xml], DATE)


def test_seller_identity_from_vat_number_when_no_siren(tmp_path):
    xml = tmp_path / "F.xml"
    xml.write_bytes(cii(vendeur=dict(VENDEUR, siren=None)))
    dossier = charger_dossier(creer_depuis_factures(tmp_path / "d", [xml], DATE).chemin, DATE)
    assert dossier.creancier.siren == "123456782"
    assert re.search(r'siren: "123456782" +# BT-31', texte(tmp_path / "d"))


def test_three_times_legal_rate_and_siret(tmp_path):
    xml = tmp_path / "F.xml"
    note = (
        "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais de "
        "recouvrement : 40 euros."
    )
    contenu = cii(note=note).replace(
        b'<ram:ID schemeID="0002">123456782</ram:ID>', b'<ram:ID schemeID="0009">12345678200017</ram:ID>'
    )
    xml.write_bytes(contenu)
    dossier = charger_dossier(creer_depuis_factures(tmp_path / "d", [xml], DATE).chemin, DATE)
    assert dossier.creance.penalites.type == "legal"
    assert dossier.creance.indemnite_forfaitaire is True
    assert dossier.creancier.siren == "123456782"


def test_plain_pdf_beside_an_e_invoice_is_a_piece_to_complete(tmp_path):
    facture = facturx(tmp_path / "F2025-031.pdf", cii())
    plain = tmp_path / "F2025-040.pdf"
    plain.write_bytes(pdf_simple("Facture F2025-040"))
    resultat = creer_depuis_factures(tmp_path / "d", [facture, plain], DATE)
    dossier = charger_dossier(resultat.chemin, DATE)
    assert [(p.numero, p.titre) for p in dossier.pieces] == [
        (1, "Facture n° F2025-031 du 15 mars 2025"),
        (2, "Facture (F2025-040.pdf)"),
    ]
    assert len(dossier.creance.factures) == 1
    assert any(SANS_DONNEES in a and "pièce 2" in a for a in resultat.avertissements)


def test_xml_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    xml = tmp_path / "F.xml"
    contenu = (
        cii()
        .replace(
            b'<?xml version="1.0" encoding="UTF-8"?>',
            f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'.encode(),
        )
        .replace(b"Agencement du fournil", b"&e;")
    )
    contenu = contenu.replace(b"<ram:ID>F2025-031</ram:ID>", b"<ram:ID>F2025-031&e;</ram:ID>")
    xml.write_bytes(contenu)
    resultat = creer_depuis_factures(tmp_path / "d", [xml], DATE)
    assert "SECRET" not in texte(tmp_path / "d")
    assert charger_dossier(resultat.chemin, DATE).creance.factures[0].numero == "F2025-031"


def test_future_invoice_date_points_at_bt_2(tmp_path):
    xml = tmp_path / "F.xml"
    xml.write_bytes(cii(date="20260301", echeances=("20260331",)))
    with pytest.raises(DossierInvalide) as exc:
        creer_depuis_factures(tmp_path / "d", [xml], DATE)
    [erreur] = exc.value.erreurs()
    assert erreur.champ.startswith("BT-2 ") and "postérieure à la date de référence" in erreur.message
