"""The commissaire de justice's package: its contents, a manifest that checks every file, identical bytes
for identical inputs, and the refusals the law imposes (no ordonnance, ordonnance non avenue, no title)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from outils import CREANCIER_A_ECHAPPER, DEBITEUR_A_ECHAPPER, EXEMPLES, exemple_a_echapper
from procedures.erreurs import EtapeRefusee
from procedures.generation import generer_etape
from procedures.remise import creer_remise
from procedures.stockage import sha256

EXEMPLE = EXEMPLES / "ordonnance"
JOUR = dt.date(2026, 6, 30)
REF = "CAB-2026-007"
# Files `procedure next` wrote at the injonction de payer step, before the ordonnance; stand-ins here.
MODELES_REQUETE = (
    "requete_injonction.docx",
    "requete_injonction.pdf",
    "decompte.pdf",
    "cerfa-12946-02.pdf",
    "bordereau.pdf",
    "pieces.pdf",
)


def remplacer(dossier: Path, avant: str, apres: str) -> None:
    texte = dossier.read_text(encoding="utf-8")
    assert texte.count(avant) == 1
    dossier.write_text(texte.replace(avant, apres), encoding="utf-8")


def etape_requete(repertoire: Path) -> None:
    """Stand-in files of the injonction_de_payer step, recorded in a documents_generes event of 12 Jan 2026."""
    sortie = repertoire / "sortie" / "injonction_de_payer"
    sortie.mkdir(parents=True)
    empreintes = {}
    for modele in MODELES_REQUETE:
        chemin = sortie / f"{REF}-{modele}"
        chemin.write_bytes(f"%PDF-1.4 stand-in {modele}\n".encode())
        empreintes[f"sortie/injonction_de_payer/{chemin.name}"] = sha256(chemin)
    fichiers = ", ".join(f"{k}: {v}" for k, v in empreintes.items())
    remplacer(
        repertoire / "dossier.yaml",
        "  - {date: 2026-01-12, evenement: requete_deposee",
        f"  - {{date: 2026-01-12, evenement: documents_generes, etape: injonction_de_payer, "
        f"fichiers: {{{fichiers}}}}}\n  - {{date: 2026-01-12, evenement: requete_deposee",
    )


def jusqu_a_la_lettre(repertoire: Path) -> Path:
    """The case in ``repertoire`` with its requête step on disk and the letter generated on 30 June 2026."""
    etape_requete(repertoire)
    generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    return repertoire / "dossier.yaml"


@pytest.fixture
def dossier(tmp_path) -> Path:
    """The ordonnance example, up to the letter to the commissaire de justice."""
    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    return jusqu_a_la_lettre(repertoire)


def contenu(chemin: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(chemin) as archive:
        return {nom: archive.read(nom) for nom in archive.namelist()}


def test_le_zip_contient_ce_que_le_commissaire_de_justice_attend(dossier, tmp_path):
    rapport = creer_remise(dossier, "signification", JOUR, tmp_path / "remise.zip")
    noms = set(contenu(rapport.chemin))
    assert noms == {
        f"01-lettre/{REF}-lettre_cj_signification.docx",
        "02-titre/ordonnance.pdf",
        f"03-requete/{REF}-requete_injonction.docx",
        f"03-requete/{REF}-requete_injonction.pdf",
        f"03-requete/{REF}-decompte.pdf",
        f"03-requete/{REF}-cerfa-12946-02.pdf",
        f"04-pieces/{REF}-bordereau.pdf",
        f"04-pieces/{REF}-pieces.pdf",
        "05-decompte/decompte.json",
        "05-decompte/decompte.pdf",
        "06-parties/creancier.json",
        "06-parties/creancier.pdf",
        "06-parties/debiteur-1.json",
        "06-parties/debiteur-1.pdf",
        "07-historique/historique.json",
        "delai.json",
        "instructions.txt",
        "manifest.json",
    }
    # generated with --no-pdf: the letter's PDF is the one thing missing, and it is said
    manifeste = json.loads(contenu(rapport.chemin)["manifest.json"])
    assert manifeste["manquants"] == ["PDF de la lettre au commissaire de justice absent (lancez « procedure pdf »)."]
    assert rapport.avertissements == [f"Remise au commissaire de justice : {manifeste['manquants'][0]}"]
    assert [e.chemin for e in rapport.entrees] == sorted(noms)


def test_le_manifeste_verifie_chaque_fichier(dossier, tmp_path):
    rapport = creer_remise(dossier, "signification", JOUR, tmp_path / "remise.zip")
    fichiers = contenu(rapport.chemin)
    manifeste = json.loads(fichiers.pop("manifest.json"))
    assert {k: manifeste[k] for k in ("reference", "date", "pour", "version")} == {
        "reference": REF,
        "date": "2026-06-30",
        "pour": "signification",
        "version": "0.1.0",
    }
    assert manifeste["fichiers"] == [
        {"chemin": nom, "taille": len(donnees), "sha256": hashlib.sha256(donnees).hexdigest()}
        for nom, donnees in sorted(fichiers.items())
    ]
    # the files taken from disk are byte for byte those `next` recorded (or the lawyer edited)
    lettre = dossier.parent / "sortie" / "signification" / f"{REF}-lettre_cj_signification.docx"
    assert fichiers[f"01-lettre/{lettre.name}"] == lettre.read_bytes()


def test_memes_donnees_meme_zip(dossier, tmp_path):
    premier = creer_remise(dossier, "signification", JOUR, tmp_path / "a.zip").chemin.read_bytes()
    second = creer_remise(dossier, "signification", JOUR, tmp_path / "b.zip").chemin.read_bytes()
    assert premier == second
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 6, 30, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_sortie_par_defaut_et_contenu_modifie(dossier):
    rapport = creer_remise(dossier, "signification", JOUR)
    assert rapport.chemin == dossier.parent / "sortie" / "signification" / f"{REF}-remise-signification-2026-06-30.zip"
    avant = rapport.chemin.read_bytes()
    lettre = dossier.parent / "sortie" / "signification" / f"{REF}-lettre_cj_signification.docx"
    lettre.write_bytes(lettre.read_bytes() + b"\n")  # the lawyer's edit goes into the package
    apres = creer_remise(dossier, "signification", JOUR).chemin.read_bytes()
    assert apres != avant
    assert contenu(rapport.chemin)[f"01-lettre/{lettre.name}"] == lettre.read_bytes()


def test_delai_et_consignes_de_signification(dossier, tmp_path):
    """Ordonnance of 15 June 2026, before 1 Sept 2026: 6 months (CPC 1411) → 15 December 2026, a Tuesday,
    not a holiday, so CPC 642 does not move it."""
    fichiers = contenu(creer_remise(dossier, "signification", JOUR, tmp_path / "r.zip").chemin)
    delai = json.loads(fichiers["delai.json"])
    assert (delai["date_titre"], delai["mois"], delai["date_limite"]) == ("2026-06-15", 6, "2026-12-15")
    assert delai["libelle"].startswith("Signification au plus tard le 15 décembre 2026")
    assert "CPC art. 1411" in delai["article"]
    instructions = fichiers["instructions.txt"].decode("utf-8")
    assert "SIGNIFIER UNIQUEMENT" in instructions and "15 décembre 2026" in instructions
    assert "Vignobles Lacoste" in instructions
    # décompte at the date: 8 640 € + 40 € + 8 640 × 15 % × 242 / 365 (31 Oct 2025 → 30 June 2026)
    #   = 8 640 + 40 + 859.26 (216.59 for 61 days of 2025 + 642.67 for 181 days of 2026) = 9 539.26 €
    decompte = json.loads(fichiers["05-decompte/decompte.json"])
    assert (decompte["reference"], decompte["total"], decompte["date"]) == (REF, "9539.26", "2026-06-30")


def test_identite_du_debiteur_et_du_creancier(dossier, tmp_path):
    fichiers = contenu(creer_remise(dossier, "signification", JOUR, tmp_path / "r.zip").chemin)
    debiteur = json.loads(fichiers["06-parties/debiteur-1.json"])
    assert debiteur["siren"] == "456789015"
    assert debiteur["denomination"] == "Vignobles Lacoste"
    assert debiteur["adresse"] == {
        "ligne1": "3 place Abel Surchamp",
        "code_postal": "33500",
        "ville": "Libourne",
        "pays": "FR",
    }
    assert debiteur["representant"] == "M. Marc Lacoste, gérant"
    creancier = json.loads(fichiers["06-parties/creancier.json"])
    assert (creancier["denomination"], creancier["forme"], creancier["siren"]) == (
        "Tonnellerie Garnier",
        "SAS",
        "345678908",
    )
    assert creancier["mandataire"]["nom"] == "Maître Hélène Roux"
    historique = json.loads(fichiers["07-historique/historique.json"])
    assert [e["evenement"] for e in historique["evenements"]][-2:] == ["ordonnance_rendue", "documents_generes"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) absent")
def test_texte_echappe_dans_les_pdf(tmp_path):
    dossier = jusqu_a_la_lettre(exemple_a_echapper(tmp_path / "affaire").parent)
    fichiers = contenu(creer_remise(dossier, "signification", JOUR, tmp_path / "r.zip").chemin)
    for nom, attendus in (
        ("06-parties/debiteur-1.pdf", (DEBITEUR_A_ECHAPPER, "456 789 015", "33500 LIBOURNE")),
        ("06-parties/creancier.pdf", (CREANCIER_A_ECHAPPER,)),
        ("05-decompte/decompte.pdf", (DEBITEUR_A_ECHAPPER, "9 539,26 €", "642,67 €")),
    ):
        pdf = tmp_path / nom.replace("/", "-")
        pdf.write_bytes(fichiers[nom])
        texte = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for attendu in attendus:
            assert attendu in texte, (nom, attendu)


def test_refus_sans_ordonnance(dossier):
    remplacer(
        dossier,
        '  - {date: 2026-06-15, evenement: ordonnance_rendue, numero_rg: "2026/00412", '
        'montant_accorde: "8640.00", fichier: pieces/ordonnance.pdf}\n',
        "",
    )
    with pytest.raises(EtapeRefusee, match="aucune ordonnance"):
        creer_remise(dossier, "signification", JOUR)


def test_refus_ordonnance_non_avenue(dossier):
    """Last day 15 December 2026 (6 months, CPC 1411): on the 16th the ordonnance is non avenue."""
    with pytest.raises(EtapeRefusee, match="non avenue") as refus:
        creer_remise(dossier, "signification", dt.date(2026, 12, 16))
    assert "15 décembre 2026" in str(refus.value)


def test_refus_execution_d_un_titre_non_executoire(dossier):
    with pytest.raises(EtapeRefusee, match="pas exécutoire"):
        creer_remise(dossier, "execution", JOUR)


def test_refus_sans_lettre(tmp_path):
    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    with pytest.raises(EtapeRefusee, match="procedure next"):
        creer_remise(repertoire / "dossier.yaml", "signification", JOUR)


def test_manquants_dits_et_pieces_jointes_une_a_une(tmp_path):
    """No requête step recorded and no file with the ordonnance: each gap is listed; the pièces still go."""
    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    remplacer(repertoire / "dossier.yaml", ", fichier: pieces/ordonnance.pdf}", "}")
    generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    rapport = creer_remise(repertoire / "dossier.yaml", "signification", JOUR, tmp_path / "r.zip")
    fichiers = contenu(rapport.chemin)
    manquants = json.loads(fichiers["manifest.json"])["manquants"]
    assert any("ordonnance du 15 juin 2026 revêtue de la formule exécutoire" in m for m in manquants)
    assert any(m.startswith("PDF de la requête en injonction de payer") for m in manquants)
    assert any(m.startswith("Cerfa") for m in manquants)
    assert any(m.startswith("Liasse des pièces absente") for m in manquants)
    assert len(rapport.avertissements) == len(manquants)
    assert not any(nom.startswith("02-titre/") for nom in fichiers)
    assert fichiers["04-pieces/piece-01-facture.pdf"] == (repertoire / "pieces" / "facture.pdf").read_bytes()


def test_sans_liasse_la_lettre_envoyee_est_jointe_avec_les_pieces(tmp_path):
    """The mise en demeure recorded with its sending is a pièce (procedures.pieces) though « pieces » does not
    list it: without a bundle, it goes into the package as pièce n° 5, after the user's 1, 2 and 4."""
    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    remplacer(
        repertoire / "dossier.yaml",
        '  - {numero: 3, titre: "Mise en demeure du 8 décembre 2025 et avis de réception", date: 2025-12-08, '
        "fichier: pieces/mise-en-demeure.pdf}\n",
        "",
    )
    remplacer(repertoire / "dossier.yaml", "mode: lrar}", "mode: lrar, fichier: pieces/mise-en-demeure.pdf}")
    generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    fichiers = contenu(creer_remise(repertoire / "dossier.yaml", "signification", JOUR, tmp_path / "r.zip").chemin)
    lettre = (repertoire / "pieces" / "mise-en-demeure.pdf").read_bytes()
    assert fichiers["04-pieces/piece-05-mise-en-demeure.pdf"] == lettre
    assert sorted(n for n in fichiers if n.startswith("04-pieces/piece-")) == [
        "04-pieces/piece-01-facture.pdf",
        "04-pieces/piece-02-bon-de-commande.pdf",
        "04-pieces/piece-04-cgv.pdf",
        "04-pieces/piece-05-mise-en-demeure.pdf",
    ]


def test_next_laisse_le_zip_et_l_enregistre(tmp_path):
    from procedures.dossier import charger_dossier
    from procedures.empreintes import lire_registre

    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    etape_requete(repertoire)
    resultat = generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    archive = repertoire / "sortie" / "signification" / f"{REF}-remise-signification.zip"
    assert archive in resultat.fichiers
    traces = lire_registre(charger_dossier(repertoire / "dossier.yaml", JOUR))
    assert traces[f"sortie/signification/{archive.name}"].empreintes == [sha256(archive)]
    assert f"01-lettre/{REF}-lettre_cj_signification.docx" in contenu(archive)
    # run again: the package nobody edited is simply regenerated, no « nouvelle version » beside it
    generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    assert not list(archive.parent.glob("*nouvelle-version*"))


def test_remise_ne_remplace_pas_le_zip_enregistre_par_next(dossier):
    """`next` recorded its package with its hash; `remise` writes beside it, so a later `next` finds the
    recorded package unchanged (no « modifié », no backup, no new version)."""
    repertoire = dossier.parent / "sortie" / "signification"
    enregistre = repertoire / f"{REF}-remise-signification.zip"
    avant = enregistre.read_bytes()
    rapport = creer_remise(dossier, "signification", JOUR)
    assert rapport.chemin.name == f"{REF}-remise-signification-2026-06-30.zip"
    assert enregistre.read_bytes() == avant
    resultat = generer_etape(dossier, JOUR, pdf=False, aujourd_hui=JOUR)
    assert not [m for m in resultat.messages if "modifié" in m]
    assert {p.name for p in repertoire.glob("*.zip")} == {enregistre.name, rapport.chemin.name}
    assert not [p for p in repertoire.iterdir() if ".nouvelle-version" in p.name or ".sauvegarde-" in p.name]


def ordonnance_signifiee(tmp_path: Path, signification: str) -> Path:
    """The ordonnance example moved to 15 April 2026, served on 2 May 2026 (``signification``: the event's
    extra fields): opposition until 2 June 2026 (CPC 1416), enforceable from 3 June; letter generated on 30 June."""
    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    etape_requete(repertoire)
    remplacer(
        repertoire / "dossier.yaml",
        "{date: 2026-06-15, evenement: ordonnance_rendue",
        "{date: 2026-04-15, evenement: ordonnance_rendue",
    )
    remplacer(
        repertoire / "dossier.yaml",
        "fichier: pieces/ordonnance.pdf}\n",
        "fichier: pieces/ordonnance.pdf}\n"
        f"  - {{date: 2026-05-02, evenement: ordonnance_signifiee, commissaire: Me Martin, a_personne: true"
        f"{signification}}}\n",
    )
    generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    return repertoire / "dossier.yaml"


def test_execution_d_une_ordonnance_avec_l_acte_de_signification(tmp_path):
    dossier = ordonnance_signifiee(tmp_path, ", fichier: pieces/signification.pdf")
    (dossier.parent / "pieces" / "signification.pdf").write_bytes(b"%PDF-1.4 acte de signification\n")
    fichiers = contenu(creer_remise(dossier, "execution", JOUR, tmp_path / "r.zip").chemin)
    assert fichiers["02-titre/signification.pdf"] == b"%PDF-1.4 acte de signification\n"
    assert fichiers["02-titre/ordonnance.pdf"] == (dossier.parent / "pieces" / "ordonnance.pdf").read_bytes()
    assert f"01-lettre/{REF}-lettre_cj_execution.docx" in fichiers
    delai = json.loads(fichiers["delai.json"])
    assert (delai["titre"], delai["executoire_depuis"]) == ("ordonnance", "2026-06-03")
    manquants = json.loads(fichiers["manifest.json"])["manquants"]
    assert not any("signification" in m for m in manquants)


@pytest.mark.parametrize(
    ("champ", "manquant"),
    [
        (
            "",
            "Copie de l'acte de signification du 2 mai 2026 : aucun fichier enregistré (champ « fichier » de "
            "l'événement ordonnance_signifiee).",
        ),
        (
            ", fichier: pieces/absent.pdf",
            "Copie de l'acte de signification du 2 mai 2026 introuvable : pieces/absent.pdf.",
        ),
    ],
)
def test_acte_de_signification_manquant_dit(tmp_path, champ, manquant):
    dossier = ordonnance_signifiee(tmp_path, champ)
    rapport = creer_remise(dossier, "execution", JOUR, tmp_path / "r.zip")
    fichiers = contenu(rapport.chemin)
    assert manquant in json.loads(fichiers["manifest.json"])["manquants"]
    assert f"Remise au commissaire de justice : {manquant}" in rapport.avertissements
    assert [n for n in fichiers if n.startswith("02-titre/")] == ["02-titre/ordonnance.pdf"]


def test_execution_d_un_jugement(tmp_path):
    """Opposition, summons, judgment of 29 June 2026: enforceable at once (CPC 514), to be served first (503)."""
    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    (repertoire / "pieces" / "jugement.pdf").write_bytes(b"%PDF-1.4 jugement\n")
    remplacer(
        repertoire / "dossier.yaml",
        "fichier: pieces/ordonnance.pdf}\n",
        "fichier: pieces/ordonnance.pdf}\n"
        "  - {date: 2026-06-20, evenement: opposition_formee}\n"
        "  - {date: 2026-06-22, evenement: assignation_delivree, date_audience: 2026-06-25}\n"
        '  - {date: 2026-06-29, evenement: jugement_rendu, montant_accorde: "8640.00", '
        "fichier: pieces/jugement.pdf}\n",
    )
    generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    with pytest.raises(EtapeRefusee):
        creer_remise(repertoire / "dossier.yaml", "signification", JOUR)
    fichiers = contenu(creer_remise(repertoire / "dossier.yaml", "execution", JOUR, tmp_path / "r.zip").chemin)
    assert fichiers["02-titre/jugement.pdf"] == b"%PDF-1.4 jugement\n"
    assert f"01-lettre/{REF}-lettre_cj_execution.docx" in fichiers
    delai = json.loads(fichiers["delai.json"])
    assert (delai["titre"], delai["executoire_depuis"]) == ("jugement", "2026-06-29")
    assert "SIGNIFIER PUIS EXÉCUTER" in fichiers["instructions.txt"].decode("utf-8")
    manquants = json.loads(fichiers["manifest.json"])["manquants"]
    assert any(m.startswith("PDF de l'assignation") for m in manquants)


def test_commande_remise(dossier, tmp_path):
    from cli import main

    sortie = tmp_path / "remise.zip"
    resultat = CliRunner().invoke(
        main, ["remise", str(dossier), "--pour", "signification", "--date", "2026-06-30", "--out", str(sortie)]
    )
    assert resultat.exit_code == 0, resultat.output
    assert f"Remise écrite : {sortie}" in resultat.output
    refus = CliRunner().invoke(main, ["remise", str(dossier), "--pour", "execution", "--date", "2026-06-30"])
    assert refus.exit_code == 1
    assert "pas exécutoire" in refus.output


def test_une_lettre_par_debiteur_dans_la_remise(tmp_path):
    """Legal-sources.md §1.6 item 8: one letter per debtor, each in the package, none reported missing."""
    repertoire = tmp_path / "affaire"
    shutil.copytree(EXEMPLE, repertoire)
    etape_requete(repertoire)
    remplacer(
        repertoire / "dossier.yaml",
        "creance:\n",
        '  - {type: personne_morale, denomination: "Pâtisserie Giraud SARL", forme: SARL, siren: "552100554", '
        'rcs: Lyon, adresse: {ligne1: "8 quai Saint-Antoine", code_postal: "69002", ville: Lyon}, '
        'representant: "Mme Anne Giraud, gérante", professionnel: true, commercant: true}\ncreance:\n',
    )
    generer_etape(repertoire / "dossier.yaml", JOUR, pdf=False, aujourd_hui=JOUR)
    rapport = creer_remise(repertoire / "dossier.yaml", "signification", JOUR, tmp_path / "r.zip")
    fichiers = contenu(rapport.chemin)
    assert [nom for nom in fichiers if nom.startswith("01-lettre/")] == [
        f"01-lettre/{REF}-lettre_cj_signification-debiteur-1.docx",
        f"01-lettre/{REF}-lettre_cj_signification-debiteur-2.docx",
    ]
    assert {"06-parties/debiteur-1.json", "06-parties/debiteur-2.json"} <= set(fichiers)
    assert not any("débiteur" in m for m in rapport.avertissements)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) absent")
def test_decompte_et_fiche_du_zip_ecrits_comme_les_documents(dossier, tmp_path):
    """The ZIP's décompte prints a payment as the DOCX does, « − 1 000,00 € », and each period from its first
    day counted: Z-2025-210 due 31 October 2025, penalties from 1 November 2025 (C. com. L441-10 II), next
    half-year from 1 January 2026. The identity sheet writes the SIREN 456789015 as « 456 789 015 »."""
    remplacer(
        dossier,
        '    - {numero: "Z-2025-210", date: 2025-10-01, echeance: 2025-10-31, montant: "8640.00", piece: 1}\n',
        '    - {numero: "Z-2025-210", date: 2025-10-01, echeance: 2025-10-31, montant: "8640.00", piece: 1}\n'
        '  paiements:\n    - {date: 2026-02-02, montant: "1000.00", facture: "Z-2025-210"}\n',
    )
    fichiers = contenu(creer_remise(dossier, "signification", JOUR, tmp_path / "r.zip").chemin)
    textes = {}
    for nom in ("05-decompte/decompte.pdf", "06-parties/debiteur-1.pdf"):
        pdf = tmp_path / nom.replace("/", "-")
        pdf.write_bytes(fichiers[nom])
        textes[nom] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    decompte = textes["05-decompte/decompte.pdf"]
    assert "\u2212 1 000,00 €" in decompte and "-1 000,00" not in decompte
    assert "01/11/2025" in decompte and "01/01/2026" in decompte and "31/10/2025\n" not in decompte.split("Jours")[1]
    assert "456 789 015" in textes["06-parties/debiteur-1.pdf"]
