"""`importer`: a ledger export becomes one case per debtor, ready for `lot`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from stdnum import luhn

from procedures import DossierInvalide, charger_dossier, importer_csv, traiter_lot, verifier_dossier
from procedures.import_csv import lire_date, lire_montant

DATE = dt.date(2026, 1, 15)
CREANCIER = """type: personne_morale
denomination: "Atelier Dubois & Fils"
forme: SARL
siren: "123456782"
rcs: Lyon
adresse: {ligne1: "12 rue de la République", code_postal: "69002", ville: Lyon}
iban: "FR76 3000 6000 0112 3456 7890 189"
"""
ENTETE = "Client;SIREN;Adresse;Code postal;Ville;N° facture;Date facture;Échéance;Montant TTC;Réglé"


def siren(rang: int) -> str:
    base = f"{552100000 + rang * 1117:09d}"[:8]
    return base + luhn.calc_check_digit(base)


def balance(chemin, lignes: list[str], encodage: str = "utf-8-sig") -> None:
    chemin.write_bytes(("\r\n".join([ENTETE, *lignes]) + "\r\n").encode(encodage))


def cinquante_lignes() -> list[str]:
    """50 invoices over 12 debtors: debtor k has the rows k, k+12, k+24, k+36 (k < 2 also k+48)."""
    lignes = []
    for rang in range(50):
        k = rang % 12
        montant = Decimal(1000 + rang * 37) + Decimal("0.56")
        entier, decimales = f"{montant:.2f}".split(".")
        francais = f"{int(entier):,}".replace(",", " ") + "," + decimales
        date = dt.date(2025, 1 + rang % 9, 1 + rang % 27)
        paye = "100,00" if rang % 5 == 0 else ""
        lignes.append(
            f"Société n°{k} « Zoé » & Cie;{siren(k)};{k + 1} rue de la Paix;75002;Paris;"
            f"F{2025000 + rang};{date:%d/%m/%Y};{date + dt.timedelta(days=30):%d/%m/%Y};{francais};{paye}"
        )
    return lignes


def test_fifty_rows_over_twelve_debtors_make_twelve_valid_cases_read_by_lot(tmp_path):
    balance(tmp_path / "balance.csv", cinquante_lignes())
    (tmp_path / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
    rapport = importer_csv(
        tmp_path / "dossiers", tmp_path / "balance.csv", tmp_path / "creancier.yaml", date_reference=DATE
    )
    assert len(rapport.crees) == 12 and rapport.existants == []
    for chemin in rapport.crees:
        assert verifier_dossier(chemin, DATE) == []
    zero = charger_dossier(next(c for c in rapport.crees if siren(0) in str(c)), DATE)
    assert [f.numero for f in zero.creance.factures] == ["F2025000", "F2025012", "F2025024", "F2025036", "F2025048"]
    # row 0: 1000 + 0 × 37 + 0.56 = 1 000.56, dated 01/01/2025, due 30 days later; 100,00 paid
    assert zero.creance.factures[0].montant == Decimal("1000.56")
    assert zero.creance.factures[0].echeance == dt.date(2025, 1, 31)
    assert zero.creance.paiements[0].montant == Decimal("100.00")
    assert zero.debiteurs[0].denomination == "Société n°0 « Zoé » & Cie"
    assert zero.creancier.denomination == "Atelier Dubois & Fils"
    lot = traiter_lot(tmp_path / "dossiers", DATE, processus=1)
    assert len(lot.lignes) == 12 and not any(ligne.en_erreur for ligne in lot.lignes)

    again = importer_csv(
        tmp_path / "dossiers", tmp_path / "balance.csv", tmp_path / "creancier.yaml", date_reference=DATE
    )
    assert again.crees == [] and sorted(again.existants) == sorted(rapport.crees)


def test_cp1252_comma_export_with_a_mapping(tmp_path):
    (tmp_path / "balance.csv").write_bytes(
        "Raison;Rue;CP;Localité;Pièce;Le;Dû le;TTC\r\n"
        "Épicerie Zoé;3 place d'Armes;57000;Metz;A-1;2025-06-30;2025-07-30;1.234,56\r\n".encode("cp1252")
    )
    (tmp_path / "colonnes.yaml").write_text(
        "colonnes:\n  debiteur: Raison\n  adresse: Rue\n  code_postal: CP\n  ville: Localité\n"
        "  numero: Pièce\n  date: Le\n  echeance: Dû le\n  montant: TTC\n",
        encoding="utf-8",
    )
    (tmp_path / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
    rapport = importer_csv(
        tmp_path / "d", tmp_path / "balance.csv", tmp_path / "creancier.yaml", tmp_path / "colonnes.yaml", DATE
    )
    [chemin] = rapport.crees
    dossier = charger_dossier(chemin, DATE)
    assert dossier.debiteurs[0].denomination == "Épicerie Zoé"
    assert dossier.creance.factures[0].montant == Decimal("1234.56")


def test_errors_name_file_line_and_column_and_nothing_is_written(tmp_path):
    lignes = cinquante_lignes()[:3]
    lignes[1] = lignes[1].replace("F2025001;", "F2025001;31/02/2025;").replace(";;", ";")
    lignes[2] = lignes[2].replace(siren(2), "123456789")
    balance(tmp_path / "balance.csv", lignes)
    (tmp_path / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
    with pytest.raises(DossierInvalide) as exc:
        importer_csv(tmp_path / "dossiers", tmp_path / "balance.csv", tmp_path / "creancier.yaml", date_reference=DATE)
    erreurs = {(e.ligne, e.champ): e.message for e in exc.value.erreurs()}
    assert erreurs[(3, "Date facture")] == "date impossible (31/02/2025)"
    assert "clé de contrôle invalide (123456789)" in erreurs[(4, "SIREN")]
    assert all(e.fichier == str(tmp_path / "balance.csv") for e in exc.value.erreurs())
    assert not (tmp_path / "dossiers").exists()


def test_french_numbers_and_dates():
    assert lire_montant("1 234,56") == Decimal("1234.56")
    assert lire_montant("1\u202f234,56 €") == Decimal("1234.56")
    assert lire_montant("1.234,56") == Decimal("1234.56")
    assert lire_montant("1234.5") == Decimal("1234.50")
    assert lire_date("31/12/2025") == dt.date(2025, 12, 31)
    assert lire_date("2025-12-31") == dt.date(2025, 12, 31)
    with pytest.raises(ValueError):
        lire_date("31/12/25")
    with pytest.raises(ValueError):
        lire_montant("12,345")


def test_cli_rerun_reports_existing_cases_and_their_new_invoices(tmp_path):
    from click.testing import CliRunner

    import cli

    (tmp_path / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
    lignes = cinquante_lignes()
    balance(tmp_path / "balance.csv", lignes[:12])
    arguments = [
        "importer",
        str(tmp_path / "d"),
        "--csv",
        str(tmp_path / "balance.csv"),
        "--creancier",
        str(tmp_path / "creancier.yaml"),
        "--date",
        "2026-01-15",
    ]
    runner = CliRunner()
    premiere = runner.invoke(cli.main, arguments)
    assert premiere.exit_code == 0, premiere.output
    assert "12 dossier(s) créé(s)" in premiere.output
    avant = {p: p.read_bytes() for p in (tmp_path / "d").rglob("dossier.yaml")}
    balance(tmp_path / "balance.csv", lignes[:13])
    seconde = runner.invoke(cli.main, arguments)
    assert seconde.exit_code == 0, seconde.output
    assert "0 dossier(s) créé(s), 12 déjà présent(s)" in seconde.output
    assert "factures de l'export absentes du dossier : F2025012" in seconde.output
    assert {p: p.read_bytes() for p in (tmp_path / "d").rglob("dossier.yaml")} == avant


def test_missing_column_is_named(tmp_path):
    (tmp_path / "balance.csv").write_text("Client;Montant\nA;12,00\n", encoding="utf-8")
    (tmp_path / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
    with pytest.raises(DossierInvalide) as exc:
        importer_csv(tmp_path / "d", tmp_path / "balance.csv", tmp_path / "creancier.yaml", date_reference=DATE)
    champs = {e.champ for e in exc.value.erreurs()}
    assert champs == {"adresse", "code_postal", "ville", "numero", "date"}
    assert all(e.ligne == 1 for e in exc.value.erreurs())


def test_bad_profile_and_mapping_are_located(tmp_path):
    balance(tmp_path / "balance.csv", cinquante_lignes()[:1])
    (tmp_path / "creancier.yaml").write_text(CREANCIER.replace("890 189", "890 188"), encoding="utf-8")
    with pytest.raises(DossierInvalide) as exc:
        importer_csv(tmp_path / "d", tmp_path / "balance.csv", tmp_path / "creancier.yaml", date_reference=DATE)
    [erreur] = exc.value.erreurs()
    assert (erreur.fichier, erreur.ligne, erreur.champ) == (str(tmp_path / "creancier.yaml"), 7, "iban")
    (tmp_path / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
    (tmp_path / "colonnes.yaml").write_text("colonnes:\n  montnat: TTC\n", encoding="utf-8")
    with pytest.raises(DossierInvalide) as exc:
        importer_csv(
            tmp_path / "d", tmp_path / "balance.csv", tmp_path / "creancier.yaml", tmp_path / "colonnes.yaml", DATE
        )
    [erreur] = exc.value.erreurs()
    assert (erreur.ligne, erreur.champ) == (2, "colonnes.montnat") and "champ inconnu" in erreur.message
    assert not (tmp_path / "d").exists()
