"""The state machine, walked case by case; every date computed by hand from docs/legal-reference.md §3-§4.

Calendar facts used below (checked against a calendar): 11 Nov 2025 is a Tuesday (Armistice);
26 Dec 2025 a Friday (holiday only in 57/67/68); 28 Feb 2026 and 12 Dec 2026 are Saturdays.
"""

from __future__ import annotations

from datetime import date

import pytest

from outils import AMIABLE, EXEMPLES, MED, MED_RECUE, PARTICULIER, R1, R2, SOCIETE, dossier_de
from procedures.dossier import Dossier
from procedures.machine import ETAPES, ETATS, situation, status_json


def etape(d: Dossier, jour: str):
    s = situation(d, date.fromisoformat(jour))
    return s.etat, s.prochaine_etape.etape, s.prochaine_etape.possible_le, s


def delai(s, debut: str) -> date:
    return next(d.date for d in s.delais if d.nom.startswith(debut))


REQUETE = {"date": "2025-11-20", "evenement": "requete_deposee", "juridiction": "Tribunal de commerce de Lyon"}
ORDONNANCE = {"date": "2026-01-10", "evenement": "ordonnance_rendue"}
SIGNIFICATION = {
    "date": "2026-01-31",
    "evenement": "ordonnance_signifiee",
    "commissaire": "SCP Martin",
    "a_personne": True,
}
JUDICIAIRE = AMIABLE + [REQUETE, ORDONNANCE, SIGNIFICATION]


def test_walk_relances_mise_en_demeure():
    """Relance 1 from the day after the due date: 1 Oct + 1 = 2 Oct. Relance 2: 2 Oct + 15 = 17 Oct.
    Mise en demeure: 17 Oct + 15 = 1 Nov."""
    assert etape(dossier_de(), "2025-10-01")[:3] == ("impaye_non_echu", "attendre_echeance", date(2025, 10, 2))
    assert etape(dossier_de(), "2025-10-02")[:3] == ("impaye_echu", "relance", date(2025, 10, 2))
    etat, nom, le, s = etape(dossier_de(historique=[R1]), "2025-10-05")
    assert (etat, nom, le) == ("relance_en_cours", "relance", date(2025, 10, 17))
    assert s.prochaine_etape.documents == ("relance_2",)
    etat, nom, le, s = etape(dossier_de(historique=[R1, R2]), "2025-10-20")
    assert (nom, le) == ("mise_en_demeure", date(2025, 11, 1))
    assert s.prochaine_etape.documents == ("mise_en_demeure", "decompte")


def test_walk_mise_en_demeure_deadline_moved_by_holiday():
    """Received Mon 3 Nov 2025 + 8 days = Tue 11 Nov, Armistice (CPC 642) → Wed 12 Nov; requête from 13 Nov."""
    etat, nom, le, s = etape(dossier_de(historique=AMIABLE), "2025-11-12")
    assert (etat, nom, le) == ("mise_en_demeure_envoyee", "injonction_de_payer", date(2025, 11, 13))
    assert delai(s, "Fin du délai de la mise en demeure") == date(2025, 11, 12)
    etat, nom, le, s = etape(dossier_de(historique=AMIABLE), "2025-11-13")
    assert etat == "mise_en_demeure_expiree"
    assert s.prochaine_etape.cerfa == "12946*02"
    assert s.juridiction.type == "tribunal_de_commerce"
    assert "Villeurbanne" in s.juridiction.nom
    assert s.prochaine_etape.documents == ("requete_injonction", "decompte", "bordereau")


def test_mise_en_demeure_without_receipt_runs_from_sending():
    """Sent Fri 31 Oct 2025 + 8 = Sat 8 Nov → Mon 10 Nov (CPC 642); requête from 11 Nov."""
    assert etape(dossier_de(historique=[R1, R2, MED]), "2025-11-20")[2] == date(2025, 11, 11)


def test_second_notice_runs_from_its_own_sending():
    """The deadline follows the last mise en demeure: a receipt of the first (3 Nov) does not count for a
    second one sent Fri 14 Nov 2025 without receipt: 14 Nov + 8 = Sat 22 Nov → Mon 24 Nov (CPC 642);
    requête from Tue 25 Nov."""
    seconde = {"date": "2025-11-14", "evenement": "mise_en_demeure_envoyee", "mode": "lrar"}
    etat, nom, le, s = etape(dossier_de(historique=AMIABLE + [seconde]), "2025-11-20")
    assert (etat, nom, le) == ("mise_en_demeure_envoyee", "injonction_de_payer", date(2025, 11, 25))
    fin = next(d for d in s.delais if d.nom == "Fin du délai de la mise en demeure")
    assert (fin.date, fin.date_brute, fin.article) == (
        date(2025, 11, 24),
        date(2025, 11, 22),
        "C. civ. 1344 ; CPC art. 641 et 642",
    )


def test_walk_judicial_old_regime():
    """Requête 20 Nov 2025: TC fees by 20 Nov + 15 = Fri 5 Dec 2025 (CPC 1425).
    Ordonnance 10 Jan 2026 (before 1 Sept 2026): serve within 6 months, by Fri 10 Jul 2026 (CPC 1411).
    Served Sat 31 Jan 2026: opposition month ends 28 Feb 2026 (no 31 Feb), a Saturday → Mon 2 Mar
    (CPC 641, 642; legal-sources §6 ex. 9): enforcement from Tue 3 Mar 2026."""
    etat, nom, le, s = etape(dossier_de(historique=AMIABLE + [REQUETE]), "2025-11-25")
    assert (etat, nom, le) == ("requete_deposee", "aucune", None)
    assert delai(s, "Consignation des frais de greffe") == date(2025, 12, 5)
    assert any("1425" in a for a in s.alertes)
    assert s.juridiction.nom == "Tribunal de commerce de Lyon"

    etat, nom, le, s = etape(dossier_de(historique=AMIABLE + [REQUETE, ORDONNANCE]), "2026-01-12")
    assert (etat, nom, le) == ("ordonnance_rendue", "signification", date(2026, 1, 10))
    assert delai(s, "Signification de l'ordonnance") == date(2026, 7, 10)
    assert s.prochaine_etape.documents == ("lettre_cj_signification", "decompte")

    etat, nom, le, s = etape(dossier_de(historique=JUDICIAIRE), "2026-03-02")
    assert (etat, nom, le) == ("ordonnance_signifiee", "execution", date(2026, 3, 3))
    assert delai(s, "Fin du délai d'opposition") == date(2026, 3, 2)
    etat, nom, le, s = etape(dossier_de(historique=JUDICIAIRE), "2026-03-03")
    assert (etat, nom) == ("executoire", "execution")
    # old regime: the greffe's certificat de non-opposition is asked first (CPC 504, 505)
    assert s.prochaine_etape.documents == ("lettre_greffe_non_opposition", "lettre_cj_execution", "decompte")
    # Before enforceability the requête and signification interrupt prescription (C. civ. 2241): 31 Jan
    # 2026 + 5 years; once enforceable, the title's execution prescribes in 10 years (CPC exéc. L111-4),
    # counted from the ordonnance's date (the earliest reading): 10 Jan 2026 + 10 years = 10 Jan 2036.
    assert etape(dossier_de(historique=JUDICIAIRE), "2026-03-02")[3].prescription.date == date(2031, 1, 31)
    assert s.prescription.date == date(2036, 1, 10)


def test_new_regime_service_and_enforcement():
    """Décret 2026-96. Ordonnance 15 Sept 2026 → serve by 15 Dec 2026 (3 months; §6 ex. 12); unserved on
    16 Dec → non avenue, assignation. Ordonnance 1 Oct 2026 served 12 Oct: 2 months → Sat 12 Dec → Mon 14 Dec
    (⚖ 642) → enforce from Tue 15 Dec 2026 (§6 ex. 14). Ordonnance 15 Aug 2026: old regime, 15 Feb 2027 (ex. 13).
    """
    base = AMIABLE + [REQUETE]
    _, _, _, s = etape(
        dossier_de(historique=base + [{"date": "2026-09-15", "evenement": "ordonnance_rendue"}]), "2026-09-20"
    )
    assert delai(s, "Signification de l'ordonnance") == date(2026, 12, 15)
    etat, nom, le, s = etape(
        dossier_de(historique=base + [{"date": "2026-09-15", "evenement": "ordonnance_rendue"}]), "2026-12-16"
    )
    assert (etat, nom, le) == ("ordonnance_non_avenue", "assignation", date(2026, 12, 16))
    assert any("non avenue" in a for a in s.alertes)

    _, _, _, s = etape(
        dossier_de(historique=base + [{"date": "2026-08-15", "evenement": "ordonnance_rendue"}]), "2026-08-20"
    )
    assert delai(s, "Signification de l'ordonnance") == date(2027, 2, 15)

    signifiee = base + [
        {"date": "2026-10-01", "evenement": "ordonnance_rendue"},
        {"date": "2026-10-12", "evenement": "ordonnance_signifiee", "commissaire": "X", "a_personne": True},
    ]
    etat, nom, le, _ = etape(dossier_de(historique=signifiee), "2026-12-14")
    assert (etat, nom, le) == ("ordonnance_signifiee", "execution", date(2026, 12, 15))
    assert etape(dossier_de(historique=signifiee), "2026-12-15")[0] == "executoire"


def test_signification_not_to_the_person_alerts():
    s = etape(dossier_de(historique=JUDICIAIRE[:-1] + [{**SIGNIFICATION, "a_personne": False}]), "2026-02-05")[3]
    assert any("1416" in a for a in s.alertes)


def test_opposition_seises_the_court_without_assignation_lawyer_above_10000():
    """CPC 1417-1418: the opposition brings the claim before the court, which the greffe convenes; the creditor
    serves no assignation. CPC 853: 10 000,01 € and more before the tribunal de commerce needs an avocat (§6 ex. 18).
    """
    historique = JUDICIAIRE + [{"date": "2026-02-15", "evenement": "opposition_formee"}]
    etat, nom, le, s = etape(
        dossier_de([("F1", "2025-09-01", "2025-10-01", "12000.00")], historique=historique), "2026-02-20"
    )
    assert (etat, nom, le) == ("opposition_formee", "aucune", None)
    assert "aucune assignation" in s.prochaine_etape.motif and s.prochaine_etape.article == "CPC art. 1417, 1418"
    assert any("853" in a for a in s.alertes)
    assert not any(
        "853" in a
        for a in etape(
            dossier_de([("F1", "2025-09-01", "2025-10-01", "1000.00")], historique=historique), "2026-02-20"
        )[3].alertes
    )


def test_rejection_then_judgment():
    rejet = AMIABLE + [REQUETE, {"date": "2026-01-10", "evenement": "requete_rejetee", "motif": "pièces"}]
    assert etape(dossier_de(historique=rejet), "2026-01-12")[:3] == (
        "requete_rejetee",
        "assignation",
        date(2026, 1, 10),
    )
    jugement = rejet + [
        {"date": "2026-01-20", "evenement": "assignation_delivree", "date_audience": "2026-03-12"},
        {"date": "2026-03-12", "evenement": "jugement_rendu", "montant_accorde": "5000.00"},
    ]
    etat, nom, le, s = etape(dossier_de(historique=jugement[:-1]), "2026-02-01")
    assert (etat, nom, le) == ("assignation_delivree", "aucune", None)
    assert delai(s, "Audience") == date(2026, 3, 12)
    assert delai(s, "Remise au greffe") == date(2026, 3, 4)  # 12 Mar − 8 days, counted backwards (CPC 857)
    assert etape(dossier_de(historique=jugement), "2026-03-13")[:3] == (
        "jugement_rendu",
        "execution",
        date(2026, 3, 12),
    )


def test_disputed_claim_goes_to_assignation():
    historique = [R1, {"date": "2025-10-10", "evenement": "contestation", "motif": "malfaçons"}, R2, MED, MED_RECUE]
    etat, nom, le, s = etape(dossier_de(historique=historique), "2025-11-20")
    assert (etat, nom, le) == ("contestee", "assignation", date(2025, 11, 13))
    assert "cerfa" not in status_json(s)["prochaine_etape"]
    assert any("malfaçons" in a for a in s.alertes)
    assert etape(dossier_de(historique=AMIABLE, contestee=True), "2025-11-20")[1] == "assignation"


def test_full_payment_means_nothing_left_to_do():
    """Paid on the due date: no penalty, no 40 € (D441-5) → paye. Paid late: penalties and 40 € remain."""
    a_temps = dossier_de(paiements=[("2025-10-01", "5000.00")])
    assert etape(a_temps, "2025-10-20")[:3] == ("paye", "aucune", None)
    en_retard = dossier_de(historique=[R1], paiements=[("2025-10-10", "5000.00")])
    etat, nom, _, s = etape(en_retard, "2025-10-20")
    assert etat != "paye" and s.decompte.total > 40
    cloture = dossier_de(historique=[R1, {"date": "2025-10-20", "evenement": "cloture", "motif": "abandon"}])
    assert etape(cloture, "2025-10-21")[:2] == ("clos", "aucune")


PLAN = {
    "date": "2025-11-20",
    "evenement": "echeancier_accorde",
    "echeances": [{"date": "2025-12-15", "montant": "2500.00"}, {"date": "2026-01-15", "montant": "2500.00"}],
}


def test_payment_plan_honoured_suspends_escalation():
    """First instalment paid on 15 Dec 2025: on 20 Dec the next step waits for 15 Jan 2026 (+1 day)."""
    d = dossier_de(historique=AMIABLE + [PLAN], paiements=[("2025-12-15", "2500.00")])
    etat, nom, le, s = etape(d, "2025-12-20")
    assert (etat, nom, le) == ("echeancier_en_cours", "attendre_echeance", date(2026, 1, 16))
    assert s.prochaine_etape.documents == ("echeancier",)
    # The plan is an acknowledgement (C. civ. 2240): prescription restarts on 15 Dec 2025 (the payment).
    assert s.prescription.date == date(2030, 12, 15)


def test_payment_plan_defaulted_resumes_escalation():
    """Nothing paid on 15 Dec 2025: escalation resumes the next day with an alert (requête from 16 Dec)."""
    etat, nom, le, s = etape(dossier_de(historique=AMIABLE + [PLAN]), "2025-12-20")
    assert (etat, nom, le) == ("mise_en_demeure_expiree", "injonction_de_payer", date(2025, 12, 16))
    assert any("15 décembre 2025 impayée" in a for a in s.alertes)


def test_prescribed_consumer_claim_has_no_judicial_step():
    """Professional against a consumer: 2 years (C. conso. L218-2) from the due date 10 Mar 2023 → 10 Mar 2025
    (§6 ex. 17); a mise en demeure does not interrupt it (Cass. com. 18 May 2022)."""
    historique = [{"date": "2024-06-01", "evenement": "mise_en_demeure_envoyee", "mode": "lrar"}]
    d = dossier_de([("F1", "2025-09-01", "2023-03-10", "800.00")], historique=historique, debiteur=PARTICULIER)
    etat, nom, le, s = etape(d, "2025-03-10")
    assert not s.prescription.acquise and s.prescription.date == date(2025, 3, 10)
    assert any("dernier jour" in a for a in s.alertes)
    etat, nom, le, s = etape(d, "2025-03-11")
    assert (etat, nom, le) == ("prescrit", "aucune", None)
    assert status_json(s)["prescription"] == {"date": "2025-03-10", "acquise": True}


def test_alsace_moselle_holiday_moves_the_deadline():
    """Received Thu 18 Dec 2025 + 8 = Fri 26 Dec 2025: a holiday in Strasbourg (67, C. trav. L3134-13) →
    Mon 29 Dec, requête from Tue 30 Dec; in Villeurbanne the 26th stands, requête from Sat 27 Dec (§6 ex. 11)."""
    historique = [R1, R2, {**MED, "date": "2025-12-16"}, {"date": "2025-12-18", "evenement": "mise_en_demeure_recue"}]
    strasbourg = {**SOCIETE, "adresse": {"ligne1": "1 place Kléber", "code_postal": "67000", "ville": "Strasbourg"}}
    _, nom, le, s = etape(dossier_de(historique=historique, debiteur=strasbourg), "2026-01-05")
    assert (nom, le) == ("injonction_de_payer", date(2025, 12, 30))
    assert s.juridiction.type == "tribunal_judiciaire" and s.prochaine_etape.cerfa == "12946*02"
    assert s.juridiction.nom.startswith("chambre commerciale du tribunal judiciaire")
    assert etape(dossier_de(historique=historique), "2026-01-05")[2] == date(2025, 12, 27)


def test_court_and_form_by_claim():
    """§6 ex. 16: consumer debtor → tribunal judiciaire, 12948*06; residential rent → JCP, 16040*01."""
    s = etape(dossier_de(historique=AMIABLE, debiteur=PARTICULIER), "2025-11-20")[3]
    assert (s.juridiction.type, s.prochaine_etape.cerfa) == ("tribunal_judiciaire", "12948*06")
    s = etape(dossier_de(historique=AMIABLE, debiteur=PARTICULIER, matiere="bail_habitation"), "2025-11-20")[3]
    assert (s.juridiction.type, s.prochaine_etape.cerfa) == ("juge_des_contentieux_de_la_protection", "16040*01")


def test_small_civil_claim_assignation_needs_amicable_attempt():
    historique = AMIABLE + [{"date": "2025-11-20", "evenement": "contestation", "motif": "non conforme"}]
    s = etape(
        dossier_de([("F1", "2025-09-01", "2025-10-01", "800.00")], historique=historique, debiteur=PARTICULIER),
        "2025-11-21",
    )[3]
    assert s.prochaine_etape.documents[0] == "assignation_tj"
    assert any("750-1" in a for a in s.alertes)


def test_debtor_abroad_gets_no_french_injonction():
    belge = {**SOCIETE, "adresse": {"pays": "BE", "ligne1": "Rue Neuve 1", "code_postal": "1000", "ville": "Bruxelles"}}
    etat, nom, le, s = etape(dossier_de(historique=AMIABLE, debiteur=belge), "2025-11-20")
    assert (nom, le) == ("aucune", None)
    assert any("1896/2006" in a for a in s.alertes)


def test_status_json_contract():
    s = situation(dossier_de(historique=JUDICIAIRE), date(2026, 3, 3))
    j = status_json(s)
    assert list(j) == [
        "etat",
        "date",
        "prochaine_etape",
        "decompte",
        "delais",
        "prescription",
        "juridiction",
        "alertes",
        "procedure_collective",
        "declaration_de_creance",
        "voies",
    ]
    assert j["procedure_collective"] is None and j["declaration_de_creance"] is None
    assert j["etat"] in ETATS and j["date"] == "2026-03-03"
    assert set(j["prochaine_etape"]) == {"etape", "possible_le", "motif", "article"}
    assert j["prochaine_etape"]["etape"] in ETAPES and j["prochaine_etape"]["possible_le"] == "2026-03-03"
    assert (j["etat"], j["prochaine_etape"]["etape"], j["prochaine_etape"]["article"]) == (
        "executoire",
        "execution",
        "CPC art. 1422",
    )
    assert {"principal", "interets", "indemnites_forfaitaires", "clause_penale", "paiements", "total", "lignes"} <= set(
        j["decompte"]
    )
    assert all(set(d) == {"nom", "date", "article"} for d in j["delais"])
    assert set(j["prescription"]) == {"date", "acquise"} and j["prescription"]["acquise"] is False
    assert j["juridiction"]["type"] == "tribunal_de_commerce" and j["juridiction"]["nom"]
    assert all(isinstance(a, str) for a in j["alertes"])
    ip = status_json(situation(dossier_de(historique=AMIABLE), date(2025, 11, 20)))["prochaine_etape"]
    assert ip["etape"] == "injonction_de_payer" and ip["cerfa"] == "12946*02"


@pytest.mark.parametrize(
    "exemple,jour,etat",
    [
        ("b2b", "2025-07-30", "relance_en_cours"),
        ("consommateur", "2026-01-30", "mise_en_demeure_expiree"),
        ("ordonnance", "2026-06-30", "ordonnance_rendue"),
    ],
)
def test_shipped_examples(exemple, jour, etat):
    from procedures.dossier import charger_dossier
    from procedures.machine import situation_dossier

    chemin = EXEMPLES / exemple / "dossier.yaml"
    charger_dossier(chemin, date.fromisoformat(jour))
    assert situation_dossier(chemin, date.fromisoformat(jour)).etat == etat
