"""The other routes to a title (procedures.voies), walked route by route; every date computed by hand.

Calendar facts used below (checked against a calendar): 30 Apr 2026 is a Thursday, 30 May 2026 a Saturday,
1 Jun 2026 a Monday, 9 Jun 2026 a Tuesday, 2 Feb 2026 a Monday, 2 Mar 2026 a Monday, 1 Apr 2026 a Wednesday,
9 Apr 2026 a Thursday. No public holiday falls on a date used (1 May, 8 May, 14 May, 25 May 2026 are not).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cli import main
from outils import AMIABLE, PARTICULIER, copier_exemple, dossier_de, noter, suivant, texte_docx
from procedures.dossier import charger_dossier
from procedures.erreurs import EtapeRefusee
from procedures.machine import situation, status_json
from procedures.voies import voie_json

COMMANDEMENT = {"date": "2026-04-30", "evenement": "commandement_de_payer_signifie", "commissaire": "SCP Martin"}


def voies(s) -> dict:
    return {v.voie: v for v in s.voies}


def test_commandement_offered_between_commercants_once_the_law_applies():
    """Both parties are commerçants (CPC exéc. L126-1). The notice of 31 Oct 2025, received 3 Nov, gives 8 days:
    11 Nov 2025 (Armistice, a Tuesday) → 12 Nov: the judge may be seised from 13 Nov 2025. The 2026 law is
    dated 23 Apr 2026: the route is offered from 24 Apr, not before. The claim (5 000 € principal plus
    penalties) is above 5 000 € and invoiced between commerçants: no petites créances route."""
    avant = situation(dossier_de(historique=AMIABLE), date(2026, 4, 23))
    assert "commandement" not in voies(avant)
    s = situation(dossier_de(historique=AMIABLE), date(2026, 4, 24))
    assert s.prochaine_etape.etape == "injonction_de_payer"
    assert list(voies(s)) == ["commandement", "injonction", "assignation"]
    commandement = voies(s)["commandement"]
    assert (commandement.frais, commandement.accord_debiteur, commandement.par_defaut) == ("debiteur", False, False)
    assert commandement.etape.possible_le == date(2025, 11, 13)
    assert voies(s)["injonction"].par_defaut and not voies(s)["assignation"].par_defaut
    j = status_json(s)
    assert [v["voie"] for v in j["voies"]] == ["commandement", "injonction", "assignation"]
    assert set(j["voies"][0]) == {
        "voie",
        "nom",
        "fondement",
        "frais",
        "accord_debiteur",
        "par_defaut",
        "etape",
        "possible_le",
        "motif",
    }
    assert j["voies"][0]["possible_le"] == "2025-11-13" and j["voies"][0]["fondement"].startswith("CPC exéc. L126")


def test_commandement_month_then_pv_then_title_then_execution():
    """Commandement served Thu 30 Apr 2026. One month (CPC 641): 30 May 2026, a Saturday → Mon 1 Jun 2026
    (CPC 642). PV no earlier than 8 days after: 1 Jun + 8 = Tue 9 Jun 2026 (L126-3)."""
    etat, s = _etat(AMIABLE + [COMMANDEMENT], "2026-06-05")
    assert etat == "commandement_signifie" and s.prochaine_etape.etape == "aucune"
    fin = next(d for d in s.delais if d.nom.startswith("Fin du délai pour payer ou contester"))
    pv = next(d for d in s.delais if d.nom.startswith("Procès-verbal de non-contestation"))
    assert (fin.date, fin.date_brute, pv.date) == (date(2026, 6, 1), date(2026, 5, 30), date(2026, 6, 9))
    assert any("décret d'application" in a for a in s.alertes)
    assert s.voies == []  # a route is under way: nothing else to open

    pv_ev = {"date": "2026-06-09", "evenement": "pv_non_contestation"}
    etat, s = _etat(AMIABLE + [COMMANDEMENT, pv_ev], "2026-06-10")
    assert etat == "pv_non_contestation" and not any("irrégulier" in a for a in s.alertes)
    trop_tot = {"date": "2026-06-08", "evenement": "pv_non_contestation"}
    assert any("irrégulier" in a for a in _etat(AMIABLE + [COMMANDEMENT, trop_tot], "2026-06-10")[1].alertes)

    titre = {"date": "2026-06-16", "evenement": "titre_executoire_delivre"}
    etat, s = _etat(AMIABLE + [COMMANDEMENT, pv_ev, titre], "2026-06-17")
    assert etat == "executoire"
    assert (s.prochaine_etape.etape, s.prochaine_etape.possible_le) == ("execution", date(2026, 6, 16))
    assert s.prochaine_etape.documents == ("lettre_cj_execution", "decompte")


def test_a_contest_ends_the_commandement_and_sends_the_claim_to_the_judge():
    """Contest on Tue 12 May 2026 (within the month): the procedure ends (L126-2); the judge may be seised
    from the next day, 13 May 2026, as for a disputed claim (assignation by default, injonction still open)."""
    contestation = {"date": "2026-05-12", "evenement": "contestation", "motif": "Travaux non conformes"}
    etat, s = _etat(AMIABLE + [COMMANDEMENT, contestation], "2026-05-13")
    assert etat == "contestee"
    assert (s.prochaine_etape.etape, s.prochaine_etape.possible_le) == ("assignation", date(2026, 5, 13))
    assert list(voies(s)) == ["injonction", "assignation"]
    assert voies(s)["assignation"].par_defaut and voies(s)["injonction"].etape.possible_le == date(2026, 5, 13)


ARTISAN = {
    "type": "personne_physique",
    "civilite": "M.",
    "nom": "Lefèvre",
    "prenoms": "Julien",
    "profession": "artisan plombier",
    "professionnel": True,
    "commercant": False,
    "adresse": {"ligne1": "8 rue des Olivettes", "code_postal": "44000", "ville": "Nantes"},
}
MED_2026 = {"date": "2026-03-02", "evenement": "mise_en_demeure_envoyee", "mode": "lrar"}
INVITATION = {"date": "2026-03-16", "evenement": "petites_creances_invitation", "commissaire": "SELARL Ouest"}


def _petite(historique, montant="1200.00"):
    return dossier_de(
        [("F1", "2025-09-01", "2026-02-01", montant)], historique=historique, debiteur=PARTICULIER, creancier=ARTISAN
    )


def test_petites_creances_offered_up_to_5000_euros():
    """Notice sent Mon 2 Mar 2026, not received: 8 days from sending → Tue 10 Mar, judge from 11 Mar 2026.
    1 200 € principal plus legal interest (a few euros) ≤ 5 000 € (R125-1): offered, costs on the creditor,
    the debtor's agreement needed. 5 200 € of principal alone is above: not offered."""
    s = situation(_petite([MED_2026]), date(2026, 3, 12))
    petites = voies(s)["petites_creances"]
    assert (petites.frais, petites.accord_debiteur, petites.etape.possible_le) == ("creancier", True, date(2026, 3, 11))
    assert voie_json(petites)["etape"] == "petites_creances"
    assert "petites_creances" not in voies(situation(_petite([MED_2026], "5200.00"), date(2026, 3, 12)))


def test_petites_creances_excluded_between_commercants_after_the_2026_law():
    """A 1 200 € claim invoiced between commerçants: petites créances until 23 Apr 2026, then only the
    commandement route (the 2026 law's art. 3 excludes such claims from L125-1)."""
    d = dossier_de([("F1", "2025-09-01", "2025-10-01", "1200.00")], historique=AMIABLE)
    assert "petites_creances" in voies(situation(d, date(2026, 4, 23)))
    assert "petites_creances" not in voies(situation(d, date(2026, 4, 24)))


def test_petites_creances_refused_or_silent():
    """Invitation Mon 16 Mar 2026: one month to agree → Thu 16 Apr 2026. A refusal on 20 Mar opens the judge
    from 21 Mar; silence is a refusal once the month is over: from 17 Apr."""
    refus = {"date": "2026-03-20", "evenement": "petites_creances_refus"}
    etat, s = _etat_d(_petite([MED_2026, INVITATION]), "2026-03-25")
    assert etat == "petites_creances_en_cours"
    assert next(d.date for d in s.delais if d.nom.startswith("Réponse du débiteur")) == date(2026, 4, 16)
    etat, s = _etat_d(_petite([MED_2026, INVITATION, refus]), "2026-03-25")
    assert etat == "petites_creances_echouee"
    assert (s.prochaine_etape.etape, s.prochaine_etape.possible_le) == ("injonction_de_payer", date(2026, 3, 21))
    assert "petites_creances" not in voies(s) and "assignation" in voies(s)
    etat, s = _etat_d(_petite([MED_2026, INVITATION]), "2026-04-17")
    assert etat == "petites_creances_echouee" and any("silence vaut refus" in a for a in s.alertes)
    accord = {"date": "2026-03-30", "evenement": "petites_creances_accord", "montant": "1200.00"}
    etat, s = _etat_d(_petite([MED_2026, INVITATION, accord]), "2026-04-01")
    assert (etat, s.prochaine_etape.etape, s.prochaine_etape.possible_le) == (
        "executoire",
        "execution",
        date(2026, 3, 30),
    )


def test_next_voie_refuses_a_route_not_open(tmp_path):
    chemin = copier_exemple(tmp_path, "consommateur")
    with pytest.raises(EtapeRefusee, match="commandement"):
        suivant(chemin, dt.date(2026, 2, 2), voie="commandement")


# --- whole routes through files: next --voie, record, next


def test_commandement_request_pv_title_and_execution_letter(tmp_path):
    """b2b example, reminders done; the notice is prepared and sent Wed 1 Apr 2026: 8 days → Thu 9 Apr,
    other routes from 10 Apr. On 27 Apr 2026 (after the law of 23 Apr) the request is prepared and packed;
    commandement Thu 30 Apr → PV from Tue 9 Jun (see above) → title 16 Jun → execution letter."""
    chemin = copier_exemple(tmp_path, "b2b")
    suivant(chemin, dt.date(2026, 4, 1))
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2026, 4, 1), mode="lrar")
    resultat = suivant(chemin, dt.date(2026, 4, 27), voie="commandement")
    noms = sorted(p.name for p in resultat.fichiers)
    assert noms == [
        "2026-0042-bordereau.docx",
        "2026-0042-decompte.docx",
        "2026-0042-lettre_cj_commandement.docx",
        "2026-0042-remise-commandement.zip",
    ]
    lettre = texte_docx(resultat.repertoire / "2026-0042-lettre_cj_commandement.docx")
    assert "L. 126-1" in lettre and "Boulangerie « Le Fournil » SAS" in lettre and "F2025-031" in lettre
    with zipfile.ZipFile(resultat.repertoire / "2026-0042-remise-commandement.zip") as archive:
        contenu = archive.namelist()
        manifeste = json.loads(archive.read("manifest.json"))
        assert "COMMANDEMENT DE PAYER" in archive.read("instructions.txt").decode()
    assert "01-lettre/2026-0042-lettre_cj_commandement.docx" in contenu
    assert "02-mise-en-demeure/2026-0042-mise_en_demeure.docx" in contenu
    assert {
        "04-pieces/2026-0042-bordereau.docx",
        "05-decompte/2026-0042-decompte.docx",
        "05-decompte/decompte.json",
        "06-parties/debiteur-1.json",
    } <= set(contenu)
    assert any(c.startswith("04-pieces/piece-01-") for c in contenu)
    assert manifeste["pour"] == "commandement"

    noter(chemin, "commandement_de_payer_signifie", dt.date(2026, 4, 30), commissaire="SCP Martin")
    refus = (
        r"refusé : aucun procès-verbal de non-contestation n'est enregistré \(enregistrez d'abord pv_non_contestation\)"
    )
    with pytest.raises(EtapeRefusee, match=refus):
        noter(chemin, "titre_executoire_delivre", dt.date(2026, 5, 2))
    noter(chemin, "pv_non_contestation", dt.date(2026, 6, 9))
    noter(chemin, "titre_executoire_delivre", dt.date(2026, 6, 16))
    execution = suivant(chemin, dt.date(2026, 6, 17))
    assert execution.etape.etape == "execution"
    assert (
        "Remise au commissaire de justice : Copie du titre exécutoire du 16 juin 2026 : aucun fichier enregistré "
        "(champ « fichier » de l'événement titre_executoire_delivre)." in execution.messages
    )
    texte = texte_docx(execution.repertoire / "2026-0042-lettre_cj_execution.docx")
    assert "procès-verbal de non-contestation du 9 juin 2026, rendu exécutoire le 16 juin 2026" in texte
    assert "ordonnance" not in texte.lower()


def test_commandement_contested_then_injonction(tmp_path):
    """Contest on Tue 12 May 2026 after the commandement of 30 Apr: `next --voie injonction` from 13 May."""
    chemin = copier_exemple(tmp_path, "b2b")
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2026, 4, 1), mode="lrar")
    noter(chemin, "commandement_de_payer_signifie", dt.date(2026, 4, 30), commissaire="SCP Martin")
    noter(chemin, "contestation", dt.date(2026, 5, 12), motif="Vitrine défectueuse")
    with pytest.raises(EtapeRefusee, match="13 mai 2026"):
        suivant(chemin, dt.date(2026, 5, 12), voie="injonction")
    resultat = suivant(chemin, dt.date(2026, 5, 13), voie="injonction")
    assert resultat.etape.etape == "injonction_de_payer"
    assert {p.name for p in resultat.fichiers} >= {"2026-0042-requete_injonction.docx", "2026-0042-cerfa-12946-02.pdf"}


def test_petites_creances_refused_then_assignation_with_750_1_exemption(tmp_path):
    """Consumer example: notice received 8 Jan 2026, 15 days → Fri 23 Jan. Invitation Mon 2 Feb 2026, refusal
    10 Feb: the assignation (tribunal judiciaire, 2 150 € ≤ 5 000 €) states the CPC 750-1 5° exemption."""
    chemin = copier_exemple(tmp_path, "consommateur")
    demande = suivant(chemin, dt.date(2026, 2, 2), voie="petites_creances")
    lettre = texte_docx(demande.repertoire / "PL-2025-118-lettre_cj_petites_creances.docx")
    assert "L. 125-1" in lettre and "créancier de" in lettre and "5 000 euros" in lettre
    noter(chemin, "petites_creances_invitation", dt.date(2026, 2, 2), commissaire="SELARL Ouest")
    noter(chemin, "petites_creances_refus", dt.date(2026, 2, 10))
    resultat = suivant(chemin, dt.date(2026, 2, 11), voie="assignation")
    texte = texte_docx(resultat.repertoire / "PL-2025-118-assignation_tj.docx")
    assert "vainement engagé une procédure simplifiée de recouvrement des petites créances" in texte
    assert "article 750-1, 5°, du code de procédure civile" in texte
    assert "invitation du 2 février 2026" in texte


def test_european_debtor_gets_form_a_filled(tmp_path):
    """A debtor in Berlin (DE): no French injonction; notice sent Wed 1 Apr 2026, 8 days → Thu 9 Apr (national
    holidays only for a debtor abroad), so the European route is open from 10 Apr 2026."""
    chemin = copier_exemple(tmp_path, "b2b")
    texte = chemin.read_text(encoding="utf-8").replace(
        'adresse: {ligne1: "5 avenue Henri Barbusse", code_postal: "69100", ville: Villeurbanne}',
        'adresse: {pays: DE, ligne1: "Hauptstraße 5", code_postal: "10115", ville: Berlin}',
    )
    chemin.write_text(texte, encoding="utf-8")
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2026, 4, 1), mode="lrar")
    s = situation(charger_dossier(chemin, dt.date(2026, 4, 10)), dt.date(2026, 4, 10))
    assert s.prochaine_etape.etape == "aucune"
    assert list(voies(s)) == ["injonction_europeenne", "assignation"]
    assert voies(s)["injonction_europeenne"].etape.possible_le == date(2026, 4, 10)
    assert any("1215/2012" in a for a in s.alertes)
    resultat = suivant(chemin, dt.date(2026, 4, 10), voie="injonction_europeenne")
    formulaire = resultat.repertoire / "2026-0042-formulaire-A.pdf"
    assert formulaire in resultat.fichiers
    champs = {k: v.get("/V") for k, v in PdfReader(formulaire).get_fields().items()}
    assert champs["defendeur_nom"] == "Boulangerie « Le Fournil » SAS"
    assert (champs["defendeur_pays"], champs["pays_defendeur"], champs["pays_demandeur"]) == ("DE", "DE", "FR")
    assert champs["demandeur_identification"] == "SIREN 123456782"
    assert champs["defendeur_adresse"] == "Hauptstraße 5\n10115 BERLIN"
    # The 1 000 € paid on 10 Jun 2025 go first to the penalties then due (C. civ. 1343-1): F2025-031, 4 800 €
    # due 14 Apr 2025, at ECB 3,15 % + 10 = 13,15 % from 15 Apr to 10 Jun (16 + 31 + 10 = 57 days):
    # 4 800 × 13,15 % × 57 / 365 = 98,57 €; so 901,43 € to principal: 4 800 − 901,43 + 1 234,56 = 5 133,13 €.
    assert champs["principal_montant"] == "5 133,13 €" and champs["devise"] == "EUR"
    assert "F2025-031" in champs["principal_detail"] and "Pièce n° 1" in champs["preuves"]
    total = Decimal(champs["total"].replace(" €", "").replace(" ", "").replace(",", "."))
    assert total == s.decompte.total
    assert "1215/2012" in champs["juridiction"] and not champs.get("competence_code")


def _etat(historique, jour: str):
    return _etat_d(dossier_de(historique=historique), jour)


def _etat_d(d, jour: str):
    s = situation(d, date.fromisoformat(jour))
    return s.etat, s


def test_shipped_form_a_is_the_built_one():
    """modeles/formulaire_a.pdf is generated (modeles/construire_formulaire_a.py), byte for byte, with one
    field per logical field of Form A."""
    from modeles.construire_formulaire_a import construire
    from procedures.formulaire_a import FICHIER, LIBELLES_A

    assert construire() == FICHIER.read_bytes()
    assert set(PdfReader(FICHIER).get_fields()) == set(LIBELLES_A)


def test_cli_status_lists_the_routes_and_next_voie_prepares_one(tmp_path):
    """The same b2b case as above on 27 Apr 2026, through the command line: status shows the routes (table and
    --json), `next --voie commandement` prepares the request and its ZIP."""
    chemin = copier_exemple(tmp_path, "b2b")
    suivant(chemin, dt.date(2026, 4, 1))
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2026, 4, 1), mode="lrar")

    def lancer(*args):
        return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "120"})

    tableau = lancer("status", chemin, "--date", "2026-04-27")
    assert tableau.exit_code == 0, tableau.output
    assert "Voies vers un titre exécutoire" in tableau.stdout
    assert "commandement" in tableau.stdout and "injonction (par défaut)" in tableau.stdout
    etat = lancer("status", chemin, "--date", "2026-04-27", "--json")
    assert [v["voie"] for v in json.loads(etat.stdout)["voies"]] == ["commandement", "injonction", "assignation"]
    etape = lancer(
        "next", chemin, "--voie", "commandement", "--date", "2026-04-27", "--no-pdf", "--hors-ligne", "--json"
    )
    assert etape.exit_code == 0, etape.output
    donnees = json.loads(etape.stdout)
    assert donnees["etape"]["etape"] == "commandement"
    assert any(f.endswith("2026-0042-remise-commandement.zip") for f in donnees["fichiers"])
    inconnue = lancer("next", chemin, "--voie", "saisie", "--date", "2026-04-27", "--hors-ligne")
    assert inconnue.exit_code == 2 and "saisie" in inconnue.output


def test_voie_assignation_in_refere(tmp_path):
    """`next --voie assignation --refere`: the route chosen, then the référé-provision summons (CPC 873 al. 2,
    the b2b case being before a tribunal de commerce); --refere on another route is refused."""
    chemin = copier_exemple(tmp_path, "b2b")
    suivant(chemin, dt.date(2026, 4, 1))
    noter(chemin, "mise_en_demeure_envoyee", dt.date(2026, 4, 1), mode="lrar")
    with pytest.raises(EtapeRefusee, match="--refere"):
        suivant(chemin, dt.date(2026, 4, 27), voie="commandement", refere=True, essai=True)
    resultat = suivant(chemin, dt.date(2026, 4, 27), voie="assignation", refere=True, essai=True)
    assert resultat.etape.etape == "assignation"
    assert "2026-0042-assignation_refere_provision.docx" in [p.name for p in resultat.fichiers]
