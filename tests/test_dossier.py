"""The case-file model: the examples validate; every kind of bad input gets a located French error."""

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from outils import EXEMPLES, INVALIDES, RACINE
from procedures.dossier import charger_dossier, schema_json
from procedures.erreurs import DossierInvalide
from procedures.lecture import _analyser_avec_lignes, analyser_texte
from procedures.pieces import verifier_dossier

DOSSIERS_EXEMPLES = sorted(EXEMPLES.glob("*/dossier.yaml"))
DATE = dt.date(2026, 6, 30)

# file → (line, field, part of the message): each computed by reading the file, not the code.
ATTENDU = {
    "yaml_malforme.yaml": (6, "", "« , » ou « ] » attendu : liste entre crochets mal fermée (colonne 10)"),
    "tabulation.yaml": (5, "", "tabulation interdite"),
    "champ_inconnu.yaml": (11, "creancier.represantant", "champ inconnu"),
    "mauvais_type.yaml": (11, "creancier.professionnel", "attendu true ou false"),
    "montant_negatif.yaml": (32, "creance.factures[1].montant", "doit être positif"),
    "montant_trois_decimales.yaml": (31, "creance.factures[0].montant", "au plus deux décimales (4800.005)"),
    "montant_texte.yaml": (34, "creance.paiements[0].montant", "montant invalide (mille euros)"),
    "siren_invalide.yaml": (21, "debiteurs[0].siren", "clé de contrôle invalide (987654321)"),
    "siren_longueur.yaml": (7, "creancier.siren", "9 chiffres attendus"),
    "iban_invalide.yaml": (15, "creancier.iban", "IBAN invalide"),
    "echeance_avant_facture.yaml": (32, "creance.factures[1].echeance", "antérieure à la date de la facture"),
    "evenement_futur.yaml": (41, "historique[1].date", "après la date de référence (2026-06-30)"),
    "historique_desordre.yaml": (41, "historique[1].date", "historique dans le désordre"),
    "piece_inconnue.yaml": (32, "creance.factures[1].piece", "pièce n° 7 absente"),
    "chemin_sortant.yaml": (38, "pieces[2].fichier", "chemin sortant du dossier"),
    "chemin_absolu.yaml": (38, "pieces[2].fichier", "chemin absolu interdit"),
    "vide.yaml": (1, "", "fichier vide"),
    "code_postal_invalide.yaml": (23, "debiteurs[0].adresse.code_postal", "code postal français invalide (6910)"),
    "date_invalide.yaml": (32, "creance.factures[1].date", "date invalide"),
    "evenement_inconnu.yaml": (41, "historique[1].evenement", "valeur inconnue (relance_expediee)"),
    "champ_obligatoire_manquant.yaml": (28, "creance.fondement", "champ obligatoire manquant"),
    "cle_en_double.yaml": (21, "", "clé « forme » en double"),
    "piece_en_double.yaml": (38, "pieces[2].numero", "numéro de pièce en double (2)"),
    "facture_paiement_inconnue.yaml": (34, "creance.paiements[0].facture", "facture inconnue (F2024-999)"),
    "nature_contradictoire.yaml": (29, "creance.nature", "contredit les parties"),
    "iban_debiteur.yaml": (28, "debiteurs[0].iban", "réservé au créancier"),
    "liste_attendue.yaml": (35, "pieces", "liste attendue"),
    "pas_un_bloc.yaml": (1, "", "bloc de champs"),
    "non_utf8.yaml": (9, "", "octet 0xe9 invalide"),
}


def empreinte(chemin: Path) -> str:
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


@pytest.mark.parametrize("chemin", DOSSIERS_EXEMPLES, ids=lambda p: p.parent.name)
def test_examples_are_valid(chemin):
    assert verifier_dossier(chemin, DATE) == []


def test_corpus_covers_every_file():
    assert sorted(ATTENDU) == sorted(p.name for p in INVALIDES.glob("*.yaml"))
    assert len(ATTENDU) >= 20


@pytest.mark.parametrize("nom", sorted(ATTENDU))
def test_bad_input_is_located_and_file_untouched(nom):
    chemin = INVALIDES / nom
    avant = empreinte(chemin)
    ligne, champ, fragment = ATTENDU[nom]
    erreurs = verifier_dossier(chemin, DATE)
    assert erreurs, nom
    premiere = erreurs[0]
    assert (premiere.fichier, premiere.ligne, premiere.champ) == (str(chemin), ligne, champ)
    assert fragment in premiere.message
    assert str(premiere).startswith(f"{chemin}:{ligne} ")
    assert empreinte(chemin) == avant


def test_huge_file_is_refused_without_reading(tmp_path):
    chemin = tmp_path / "enorme.yaml"
    with open(chemin, "wb") as sortie:
        sortie.truncate(50 * 1024 * 1024)
    erreurs = verifier_dossier(chemin, DATE)
    assert "fichier trop volumineux (52428800 octets)" in erreurs[0].message
    assert chemin.stat().st_size == 50 * 1024 * 1024


def test_all_errors_of_a_file_at_once(tmp_path):
    texte = (RACINE / "exemples/b2b/dossier.yaml").read_text()
    texte = texte.replace('siren: "987654324"', 'siren: "987654321"').replace('montant: "1234.56"', 'montant: "-3"')
    texte = texte.replace('representant: "M. Paul Martin, président"', "represent: x")
    chemin = tmp_path / "dossier.yaml"
    chemin.write_text(texte)
    champs = {e.champ for e in verifier_dossier(chemin, DATE)}
    assert {"debiteurs[0].siren", "creance.factures[1].montant", "debiteurs[0].represent"} <= champs


def test_model_reads_money_as_decimal_and_derives_facts():
    dossier = charger_dossier(RACINE / "exemples/b2b/dossier.yaml", DATE)
    assert dossier.creance.factures[1].montant == Decimal("1234.56")
    assert isinstance(dossier.creance.paiements[0].montant, Decimal)
    assert dossier.b2b and dossier.nature == "commerciale" and dossier.indemnite_forfaitaire
    assert dossier.departement == "69"
    consommateur = charger_dossier(RACINE / "exemples/consommateur/dossier.yaml", DATE)
    assert consommateur.consommateur and not consommateur.b2b and consommateur.nature == "civile"
    assert not consommateur.indemnite_forfaitaire and not consommateur.creancier_particulier


def test_numbers_typed_without_quotes_keep_leading_zeros(tmp_path):
    texte = (RACINE / "exemples/b2b/dossier.yaml").read_text().replace('code_postal: "69100"', "code_postal: 01000")
    texte = texte.replace("ville: Villeurbanne}", "ville: Bourg-en-Bresse}").replace(
        'montant: "4800.00"', "montant: 4800.00"
    )
    chemin = tmp_path / "dossier.yaml"
    chemin.write_text(texte)
    dossier = charger_dossier(chemin, DATE)
    assert dossier.debiteurs[0].adresse.code_postal == "01000"
    assert dossier.creance.factures[0].montant == Decimal("4800.00")


def test_check_cli_exit_codes_and_json():
    runner = CliRunner()
    valide = runner.invoke(main, ["check", "--date", "2026-06-30", *map(str, DOSSIERS_EXEMPLES)])
    assert valide.exit_code == 0, valide.output
    invalide = runner.invoke(main, ["check", "--json", "--date", "2026-06-30", str(INVALIDES / "siren_invalide.yaml")])
    assert invalide.exit_code == 1
    donnees = json.loads(invalide.stdout)
    assert donnees["erreurs"][0] == {
        "fichier": str(INVALIDES / "siren_invalide.yaml"),
        "ligne": 21,
        "champ": "debiteurs[0].siren",
        "message": "clé de contrôle invalide (987654321)",
    }


def test_schema_command_matches_shipped_schema():
    sortie = CliRunner().invoke(main, ["schema"])
    assert sortie.exit_code == 0
    assert json.loads(sortie.output) == schema_json()
    assert json.loads((RACINE / "schema/dossier.schema.json").read_text()) == schema_json()
    assert "creancier" in schema_json()["properties"]


def test_init_creates_a_valid_case_and_never_overwrites(tmp_path):
    runner = CliRunner()
    resultat = runner.invoke(main, ["init", str(tmp_path / "cas")])
    assert resultat.exit_code == 0, resultat.output
    dossier = charger_dossier(tmp_path / "cas/dossier.yaml", DATE)
    for piece in dossier.pieces:
        assert (tmp_path / "cas" / piece.fichier).read_bytes().startswith(b"%PDF")
    ecrits = {str(p.relative_to(tmp_path / "cas")) for p in (tmp_path / "cas").rglob("*") if p.is_file()}
    assert ecrits == {"dossier.yaml", "dossier.schema.json", *(piece.fichier for piece in dossier.pieces)}
    assert (
        (tmp_path / "cas/dossier.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=./dossier.schema.json\n")
    )
    assert json.loads((tmp_path / "cas/dossier.schema.json").read_text()) == schema_json()
    avant = empreinte(tmp_path / "cas/dossier.yaml")
    encore = runner.invoke(main, ["init", str(tmp_path / "cas")])
    assert encore.exit_code == 1 and "existe déjà" in encore.output
    assert empreinte(tmp_path / "cas/dossier.yaml") == avant


def test_loading_error_lists_every_error_in_the_exception():
    with pytest.raises(DossierInvalide) as exc:
        charger_dossier(INVALIDES / "siren_invalide.yaml", DATE)
    assert "debiteurs[0].siren" in str(exc.value)


def test_unreadable_paths_get_a_french_error(tmp_path, monkeypatch):
    assert "fichier introuvable" in verifier_dossier(tmp_path / "absent.yaml", DATE)[0].message
    assert "c'est un dossier" in verifier_dossier(tmp_path, DATE)[0].message
    chemin = tmp_path / "dossier.yaml"
    chemin.write_text("reference: x\n")

    def refuser(*args):
        raise PermissionError(13, "Permission non accordée")

    monkeypatch.setattr("procedures.surete.os.open", refuser)
    assert verifier_dossier(chemin, DATE)[0].message == "fichier illisible (Permission non accordée)"


@pytest.mark.parametrize("fichier", sorted(EXEMPLES.glob("*/dossier.yaml")), ids=lambda f: f.parent.name)
def test_les_lignes_des_alertes_sont_celles_du_lecteur_qui_garde_les_commentaires(fichier):
    """Alerts are located on every case of a portfolio by the fast parser's lines: they must be the very
    lines the comment-keeping parser (used for errors) gives, key by key and item by item."""
    texte = fichier.read_text(encoding="utf-8")
    assert analyser_texte(fichier, texte).lignes == _analyser_avec_lignes(texte, str(fichier))[1]
