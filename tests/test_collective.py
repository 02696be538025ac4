"""The collective-proceedings branch: from the opening judgment, a déclaration de créance, never a suit.

The example case (exemples/b2b) walked with `record` and `next`: a SARL in Lyon, two invoices to a SAS in
Villeurbanne (Rhône), 4 800,00 € due 14 Apr 2025 and 1 234,56 € due 30 May 2025, 1 000,00 € paid 10 Jun 2025.
"""

import datetime as dt
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from outils import RACINE, copier_exemple, texte_docx
from procedures.dossier import charger_dossier
from procedures.erreurs import EtapeRefusee
from procedures.evenements import enregistrer
from procedures.generation import generer_etape
from procedures.machine import situation, status_json

AUJOURDHUI = dt.date(2026, 6, 1)
JUGEMENT = dt.date(2025, 9, 3)
PUBLICATION = dt.date(2025, 9, 14)
ORGANE = {
    "mandataire_judiciaire.nom": "SELARL MJ Synergie, Maître Anne Leroy",
    "mandataire_judiciaire.adresse.ligne1": "230 rue Garibaldi",
    "mandataire_judiciaire.adresse.code_postal": "69003",
    "mandataire_judiciaire.adresse.ville": "Lyon",
}
INTERDITES = {"injonction_de_payer", "assignation", "signification", "execution"}


def noter(chemin: Path, evenement: str, jour: dt.date, **champs):
    return enregistrer(chemin, evenement, jour, champs, aujourd_hui=AUJOURDHUI)


def etat(chemin: Path, jour: dt.date):
    return situation(charger_dossier(chemin, jour), jour)


def ouvrir(chemin: Path, type_: str = "redressement", jour: dt.date = dt.date(2025, 9, 10), **champs):
    noter(
        chemin,
        "procedure_collective_ouverte",
        jour,
        type=type_,
        date_jugement=JUGEMENT.isoformat(),
        tribunal="Tribunal des activités économiques de Lyon",
        date_publication=PUBLICATION.isoformat(),
        **ORGANE,
        **champs,
    )


def test_mise_en_demeure_puis_redressement_puis_declaration(tmp_path):
    """Deadlines computed by hand:

    - mise en demeure sent 25 Jul 2025 (no receipt recorded): 8 days (C. civ. 1344, CPC 641) → 2 Aug 2025, a
      Saturday, extended to Monday 4 Aug 2025 (CPC 642): injonction de payer possible on 5 Aug 2025;
    - redressement opened 3 Sep 2025, published in the BODACC 14 Sep 2025: declaration due 2 months later
      (C. com. R622-24, CPC 641) → 14 Nov 2025, a Friday, not a holiday;
    - relevé de forclusion: 6 months from the publication (L622-26) → 14 Mar 2026, a Saturday → Monday 16 Mar
      2026 (CPC 642).
    """
    chemin = copier_exemple(tmp_path)
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2025, 7, 25), mode="lrar")
    avant = etat(chemin, dt.date(2025, 8, 20))
    assert avant.prochaine_etape.etape == "injonction_de_payer"
    assert avant.prochaine_etape.possible_le == dt.date(2025, 8, 5)

    ouvrir(chemin)
    s = etat(chemin, dt.date(2025, 9, 10))
    assert s.etat == "procedure_collective"
    assert s.prochaine_etape.etape == "declaration_de_creance"
    assert s.prochaine_etape.possible_le == JUGEMENT
    delais = {d.nom: d.date for d in s.delais}
    assert delais["Déclaration de créance au mandataire judiciaire"] == dt.date(2025, 11, 14)
    assert delais["Relevé de forclusion (requête au juge-commissaire)"] == dt.date(2026, 3, 16)
    assert any("aucune injonction de payer, assignation ni mesure d'exécution" in a for a in s.alertes)

    # Every day from the recording of the judgment to the deadline: a declaration, never a suit nor enforcement.
    jour = dt.date(2025, 9, 10)
    while jour <= dt.date(2025, 11, 14):
        etape = etat(chemin, jour).prochaine_etape.etape
        assert etape == "declaration_de_creance" and etape not in INTERDITES, jour
        jour += dt.timedelta(days=1)

    resultat = generer_etape(chemin, dt.date(2025, 9, 10), pdf=False, aujourd_hui=AUJOURDHUI)
    assert resultat.etape.etape == "declaration_de_creance"
    assert sorted(p.name for p in resultat.fichiers) == [
        "2026-0042-bordereau.docx",
        "2026-0042-declaration_de_creance.docx",
        "2026-0042-decompte.docx",
    ]
    lettre = texte_docx(resultat.repertoire / "2026-0042-declaration_de_creance.docx")
    assert "SELARL MJ Synergie, Maître Anne Leroy" in lettre and "Mandataire judiciaire" in lettre
    assert "Par jugement du 3 septembre 2025, le Tribunal des activités économiques de Lyon" in lettre
    assert "publié au Bulletin officiel des annonces civiles et commerciales le 14 septembre 2025" in lettre
    assert (
        "Soit une créance échue de 5 364,37 € (cinq mille trois cent soixante-quatre euros et trente-sept "
        "centimes) au jour du jugement d'ouverture" in lettre
    )
    assert "comptés jusqu'au 2 septembre 2025 inclus" in lettre
    assert "déclarée à titre chirographaire" in lettre
    assert "aucune instance en cours" in lettre
    assert "certifie sincère" in lettre
    assert "Claire Dubois" in lettre and "Gérante" in lettre
    decompte = texte_docx(resultat.repertoire / "2026-0042-decompte.docx")
    assert "arrêté au 2 septembre 2025" in decompte and "L622-28" in decompte

    noter(chemin, "creance_declaree", dt.date(2025, 9, 12), mode="lrar", numero_envoi="1A 234 567 8901 2")
    apres = etat(chemin, dt.date(2025, 9, 20))
    assert apres.etat == "creance_declaree"
    assert apres.prochaine_etape.etape == "aucune"
    assert "Créance déclarée le 12 septembre 2025" in apres.prochaine_etape.motif
    json_ = status_json(apres)
    assert json_["declaration_de_creance"] == {
        "date_limite": "2025-11-14",
        "releve_forclusion_au_plus_tard": "2026-03-16",
        "declaree_le": "2025-09-12",
        "mode": "lrar",
    }
    assert json_["procedure_collective"]["type"] == "redressement"
    assert json_["procedure_collective"]["mandataire_judiciaire"]["adresse"] == ["230 rue Garibaldi", "69003 LYON"]
    with pytest.raises(EtapeRefusee, match="Aucune étape"):
        generer_etape(chemin, dt.date(2025, 9, 20), pdf=False, aujourd_hui=AUJOURDHUI)


def test_decompte_arrete_au_jugement(tmp_path):
    """C. com. L622-28: interest stops at the judgment of 3 Sep 2025, effective at zero hour (R631-7): it runs
    up to 2 Sep inclusive. By hand (penalties = ECB rate + 10 points: 13,15 % in 2025 S1, 12,15 % in 2025 S2;
    365-day base; each line rounded half-up to the cent):

    - F2025-031, 4 800,00: 14 Apr-10 Jun, 57 days: 4 800 × 13,15 % × 57 / 365 = 98,57; the 1 000,00 paid on
      10 Jun goes to them first, then 901,43 to principal → 3 898,57; 10-30 Jun, 20 days: 3 898,57 × 13,15 %
      × 20 / 365 = 28,09; 30 Jun-2 Sep, 64 days: 3 898,57 × 12,15 % × 64 / 365 = 83,06; + 40,00 indemnity
      → 3 898,57 + 111,15 + 40,00 = 4 049,72;
    - F2025-047, 1 234,56: 30 May-30 Jun, 31 days at 13,15 % = 13,79; 30 Jun-2 Sep, 64 days at 12,15 % = 26,30;
      + 40,00 → 1 314,65;
    - total 5 364,37, the same on 10 Sep and on 5 Nov 2025; a payment made on the judgment's day is not deducted.
    """
    chemin = copier_exemple(tmp_path)
    ouvrir(chemin)
    for jour in (dt.date(2025, 9, 10), dt.date(2025, 11, 5)):
        s = etat(chemin, jour)
        assert s.decompte.date == dt.date(2025, 9, 2)
        assert s.decompte.total == Decimal("5364.37")
        assert any("L622-28" in c and "jusqu'au 2 septembre 2025 inclus" in c for c in s.decompte.conventions)
    texte = chemin.read_text(encoding="utf-8").replace(
        '    - {date: 2025-06-10, montant: "1000.00", facture: F2025-031, mode: virement}',
        '    - {date: 2025-06-10, montant: "1000.00", facture: F2025-031, mode: virement}\n'
        '    - {date: 2025-09-03, montant: "500.00", mode: virement}',
    )
    assert "2025-09-03, montant" in texte
    chemin.write_text(texte, encoding="utf-8")
    assert etat(chemin, dt.date(2025, 9, 10)).decompte.total == Decimal("5364.37")


def test_alertes_delai_proche_puis_releve_de_forclusion(tmp_path):
    chemin = copier_exemple(tmp_path)
    ouvrir(chemin)
    assert not any("forclusion" in a for a in etat(chemin, dt.date(2025, 10, 1)).alertes)
    proche = etat(chemin, dt.date(2025, 11, 5))
    assert any("au plus tard le 14 novembre 2025" in a and "relevé de forclusion" in a for a in proche.alertes)
    expire = etat(chemin, dt.date(2025, 11, 20))
    assert expire.prochaine_etape.etape == "declaration_de_creance"
    assert any("relevé de forclusion au plus tard le 16 mars 2026" in a and "L622-26" in a for a in expire.alertes)
    forclos = etat(chemin, dt.date(2026, 3, 17))
    assert forclos.prochaine_etape.etape == "aucune"
    assert any("expiré le 16 mars 2026" in a for a in forclos.alertes)


def test_creancier_etabli_hors_de_france_metropolitaine(tmp_path):
    """R622-24 al. 2: + 2 months. 14 Sep 2025 + 4 months = 14 Jan 2026, a Wednesday."""
    chemin = copier_exemple(tmp_path)
    texte = chemin.read_text(encoding="utf-8").replace(
        'adresse: {ligne1: "12 rue de la République", code_postal: "69002", ville: Lyon}',
        'adresse: {pays: BE, ligne1: "Rue Neuve 12", code_postal: "1000", ville: Bruxelles}',
        1,
    )
    chemin.write_text(texte, encoding="utf-8")
    ouvrir(chemin)
    s = etat(chemin, dt.date(2025, 9, 10))
    assert {d.nom: d.date for d in s.delais}["Déclaration de créance au mandataire judiciaire"] == dt.date(2026, 1, 14)
    assert "+ 4 mois" in s.prochaine_etape.motif


def test_conversion_en_liquidation_garde_la_declaration(tmp_path):
    chemin = copier_exemple(tmp_path)
    ouvrir(chemin)
    noter(chemin, "creance_declaree", dt.date(2025, 9, 12), mode="portail")
    noter(
        chemin,
        "procedure_collective_ouverte",
        dt.date(2025, 10, 20),
        type="liquidation",
        date_jugement="2025-10-15",
        tribunal="Tribunal des activités économiques de Lyon",
        conversion="oui",
        **{**ORGANE, "mandataire_judiciaire.nom": "SELARL MJ Synergie, Maître Anne Leroy, liquidateur"},
    )
    s = etat(chemin, dt.date(2025, 10, 20))
    assert s.etat == "creance_declaree"
    assert "poursuit la même procédure : la déclaration faite vaut" in s.prochaine_etape.motif
    assert s.decompte.date == dt.date(2025, 9, 2)
    pc = status_json(s)["procedure_collective"]
    assert pc["type"] == "liquidation" and pc["date_jugement"] == "2025-09-03"
    assert pc["conversion"] == {"type": "liquidation", "date_jugement": "2025-10-15"}
    assert pc["mandataire_judiciaire"]["qualite"] == "liquidateur"


def test_instance_en_cours_interrompue(tmp_path):
    chemin = copier_exemple(tmp_path)
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2025, 7, 25), mode="lrar")
    noter(chemin, "assignation_delivree", dt.date(2025, 8, 20), date_audience="2025-10-02")
    ouvrir(chemin)
    s = etat(chemin, dt.date(2025, 9, 10))
    assert s.prochaine_etape.etape == "declaration_de_creance"
    assert any("L622-22" in a and "assignation en paiement du 20 août 2025" in a for a in s.alertes)
    resultat = generer_etape(chemin, dt.date(2025, 9, 10), pdf=False, aujourd_hui=AUJOURDHUI)
    lettre = texte_docx(resultat.repertoire / "2026-0042-declaration_de_creance.docx")
    assert "instance en cours devant le" in lettre and "assignation en paiement du 20 août 2025" in lettre


def test_record_refuse_ce_que_la_loi_interdit(tmp_path):
    chemin = copier_exemple(tmp_path)
    with pytest.raises(EtapeRefusee, match="aucune procédure collective"):
        noter(chemin, "creance_declaree", dt.date(2025, 9, 12), mode="lrar")
    ouvrir(chemin)
    with pytest.raises(EtapeRefusee, match="L622-21"):
        noter(chemin, "requete_deposee", dt.date(2025, 9, 12), juridiction="Tribunal de commerce de Lyon")


def test_status_json_sans_procedure(tmp_path):
    chemin = copier_exemple(tmp_path)
    json_ = status_json(etat(chemin, dt.date(2025, 9, 10)))
    assert json_["procedure_collective"] is None and json_["declaration_de_creance"] is None


def test_cli_record_et_status(tmp_path):
    chemin = copier_exemple(tmp_path)
    commande = [str(RACINE / ".venv" / "bin" / "python"), str(RACINE / "cli.py")]
    champs = [x for cle, valeur in ORGANE.items() for x in ("-c", f"{cle}={valeur}")]
    subprocess.run(
        commande
        + [
            "record",
            str(chemin),
            "procedure_collective_ouverte",
            "--date",
            "2025-09-10",
            "-c",
            "type=redressement",
            "-c",
            "date_jugement=2025-09-03",
            "-c",
            "tribunal=Tribunal des activités économiques de Lyon",
            "-c",
            "date_publication=2025-09-14",
            *champs,
        ],
        check=True,
        capture_output=True,
    )
    assert "# Exemple" in chemin.read_text(encoding="utf-8")  # comments kept
    sortie = subprocess.run(
        commande + ["status", str(chemin), "--date", "2025-09-10", "--json"], check=True, capture_output=True, text=True
    ).stdout
    donnees = json.loads(sortie)
    assert donnees["prochaine_etape"]["etape"] == "declaration_de_creance"
    assert donnees["declaration_de_creance"]["date_limite"] == "2025-11-14"


@pytest.mark.libreoffice
def test_declaration_en_pdf_avec_la_liasse(tmp_path):
    from pypdf import PdfReader

    chemin = copier_exemple(tmp_path)
    ouvrir(chemin)
    resultat = generer_etape(chemin, dt.date(2025, 9, 10), aujourd_hui=AUJOURDHUI)
    noms = {p.name for p in resultat.fichiers}
    assert {
        "2026-0042-declaration_de_creance.pdf",
        "2026-0042-decompte.pdf",
        "2026-0042-bordereau.pdf",
        "2026-0042-pieces.pdf",
    } <= noms
    lettre = PdfReader(resultat.repertoire / "2026-0042-declaration_de_creance.pdf")
    texte = " ".join(" ".join((page.extract_text() or "").split()) for page in lettre.pages)
    for attendu in (
        "DÉCLARATION DE CRÉANCE",
        "SELARL MJ Synergie",
        "5 364,37",
        "L622-28",
        "chirographaire",
        "certifie sincère",
        "Claire Dubois",
    ):
        assert attendu in texte.replace("\u202f", " ").replace("\u00a0", " "), attendu
