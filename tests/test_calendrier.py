"""Deadlines (CPC 641-642), holidays, prescription and payment terms; docs/legal-sources.md §3 and §6."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procedures.calendrier import (
    DEPARTEMENTS,
    PRESCRIPTION_COMMERCIALE,
    PRESCRIPTION_CONSOMMATEUR,
    Delai,
    HorsFrance,
    ajouter_annees,
    ajouter_jours,
    ajouter_mois,
    alerte_delai_paiement,
    alerte_prescription,
    date_prescription,
    delai_jours,
    delai_mois,
    departement_de,
    echeance_par_defaut,
    est_ouvre,
    jours_feries,
    plafonds_paiement,
    prescription_acquise,
    prolonger,
)
from procedures.erreurs import ProcedureError

# ---------------------------------------------------------------------------------------------
# CPC art. 641


def test_jours_le_jour_de_depart_ne_compte_pas():
    """8 days from Monday 2 Mar 2026: day 1 is Tue 3 Mar, day 8 is Tue 10 Mar 2026."""
    assert ajouter_jours(date(2026, 3, 2), 8) == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("depart", "n", "fin"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 February: last day of the month
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 9, 15), 3, date(2026, 12, 15)),
        (date(2026, 8, 15), 6, date(2027, 2, 15)),  # across the year end
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
    ],
)
def test_mois_meme_quantieme_sinon_dernier_jour(depart, n, fin):
    assert ajouter_mois(depart, n) == fin


def test_annees_comme_les_mois():
    """29 Feb 2024 + 1 year: no 29 Feb 2025, so 28 Feb 2025; + 4 years: 29 Feb 2028 exists."""
    assert ajouter_annees(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert ajouter_annees(date(2024, 2, 29), 4) == date(2028, 2, 29)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)), st.integers(-600, 600))
def test_ajouter_mois_ne_depasse_jamais_la_fin_du_mois(depart, n):
    fin = ajouter_mois(depart, n)
    mois_vises = depart.year * 12 + depart.month - 1 + n
    assert fin.year * 12 + fin.month - 1 == mois_vises
    assert fin.day == depart.day or (fin.day < depart.day and (fin + timedelta(days=1)).day == 1)


# ---------------------------------------------------------------------------------------------
# CPC art. 642 and holidays


def test_exemple_9_opposition_fin_de_mois_et_samedi():
    """§6 ex. 9. Signification Sat 31 Jan 2026 + 1 month → 28 Feb 2026 (no 31 Feb), a Saturday
    → extended over Sunday 1 Mar to Monday 2 Mar 2026."""
    delai = delai_mois("Délai d'opposition", date(2026, 1, 31), 1, "75", "CPC art. 1416, 641 et 642")
    assert delai == Delai(
        nom="Délai d'opposition",
        date=date(2026, 3, 2),
        article="CPC art. 1416, 641 et 642",
        date_brute=date(2026, 2, 28),
    )
    assert delai.prolonge
    assert delai.as_json() == {
        "nom": "Délai d'opposition",
        "date": "2026-03-02",
        "article": "CPC art. 1416, 641 et 642",
        "date_brute": "2026-02-28",
    }


def test_exemple_10_fin_un_jour_ferie():
    """§6 ex. 10. 1 Apr 2026 + 1 month = Fri 1 May 2026 (Fête du Travail) → Sat 2, Sun 3 → Mon 4 May."""
    assert delai_mois("Délai", date(2026, 4, 1), 1, None).date == date(2026, 5, 4)


def test_exemple_11_lendemain_de_noel_en_alsace_moselle():
    """§6 ex. 11. Fri 26 Dec 2025 is a holiday in 67 (C. trav. L3134-13): Sat 27, Sun 28 → Mon 29 Dec.
    In Lyon (69) it is an ordinary Friday and stands."""
    assert prolonger(date(2025, 12, 26), "67") == date(2025, 12, 29)
    assert prolonger(date(2025, 12, 26), "57") == date(2025, 12, 29)
    assert prolonger(date(2025, 12, 26), "69") == date(2025, 12, 26)
    assert prolonger(date(2025, 12, 26), None) == date(2025, 12, 26)


def test_vendredi_saint_en_alsace_moselle():
    """Vendredi saint 2026 is Fri 3 Apr (Easter Sunday 5 Apr). In 68: holiday, then Sat 4, Sun 5,
    Mon 6 Apr (Lundi de Pâques, national) → Tue 7 Apr 2026. In 69: Fri 3 Apr stands."""
    assert prolonger(date(2026, 4, 3), "68") == date(2026, 4, 7)
    assert prolonger(date(2026, 4, 3), "67") == date(2026, 4, 7)
    assert prolonger(date(2026, 4, 3), "69") == date(2026, 4, 3)


def test_abolition_de_l_esclavage_en_guyane():
    """10 June is a holiday in Guyane (973; loi 83-550): Wed 10 Jun 2026 → Thu 11 Jun 2026.
    In Paris and in Martinique (22 May there) it is an ordinary Wednesday."""
    assert prolonger(date(2026, 6, 10), "973") == date(2026, 6, 11)
    assert prolonger(date(2026, 6, 10), "75") == date(2026, 6, 10)
    assert prolonger(date(2026, 6, 10), "972") == date(2026, 6, 10)
    assert prolonger(date(2026, 5, 22), "972") == date(
        2026, 5, 26
    )  # Fri 22 May → Sat, Sun, Mon 25 Whit Monday → Tue 26
    assert prolonger(date(2026, 12, 18), "974") == date(2026, 12, 18)
    assert prolonger(date(2026, 12, 20), "974") == date(2026, 12, 21)  # Sunday anyway


def test_jours_feries_nationaux_et_locaux():
    """C. trav. L3133-1: 11 national days; 57/67/68 add Vendredi saint and 26 December."""
    assert len(jours_feries(2026)) == 11
    assert set(jours_feries(2026, "67")) - set(jours_feries(2026)) == {date(2026, 4, 3), date(2026, 12, 26)}
    assert jours_feries(2026, "976")[date(2026, 4, 27)] == "Abolition de l'esclavage"
    assert jours_feries(2026, "971")[date(2026, 5, 27)] == "Abolition de l'esclavage"


def test_jours_ouvres():
    assert est_ouvre(date(2026, 3, 2), "75")
    assert not est_ouvre(date(2026, 2, 28), "75")  # Saturday
    assert not est_ouvre(date(2026, 7, 14), "2A")  # Fête nationale, Tuesday
    assert not est_ouvre(date(2026, 12, 26), "57")


def test_departement_inconnu():
    with pytest.raises(ProcedureError, match="département inconnu"):
        prolonger(date(2026, 1, 1), "20")


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 24)),
    st.sampled_from(sorted(DEPARTEMENTS)),
)
def test_prolonger_donne_le_premier_jour_ouvre(jour, departement):
    fin = prolonger(jour, departement)
    assert fin >= jour
    assert fin.weekday() < 5 and est_ouvre(fin, departement)
    assert all(not est_ouvre(jour + timedelta(days=k), departement) for k in range((fin - jour).days))


def test_delai_sans_prolongation():
    """8 days from Mon 2 Mar 2026 → Tue 10 Mar 2026, a working day: no date_brute."""
    delai = delai_jours("Délai de la mise en demeure", date(2026, 3, 2), 8, "75")
    assert delai.date == date(2026, 3, 10) and delai.date_brute is None and not delai.prolonge
    assert delai.article == "CPC art. 641 et 642"
    assert "date_brute" not in delai.as_json()


def test_exemple_12_signification_nouveau_regime():
    """§6 ex. 12. Ordonnance 15 Sept 2026 + 3 months (décret 2026-96) → Tue 15 Dec 2026."""
    assert delai_mois("Signification", date(2026, 9, 15), 3, "75").date == date(2026, 12, 15)


def test_exemple_13_signification_ancien_regime():
    """§6 ex. 13. Ordonnance 15 Aug 2026 + 6 months → Mon 15 Feb 2027."""
    assert delai_mois("Signification", date(2026, 8, 15), 6, "75").date == date(2027, 2, 15)


def test_exemple_14_attente_avant_execution():
    """§6 ex. 14. Served Mon 12 Oct 2026 + 2 months = Sat 12 Dec 2026 → Mon 14 Dec 2026 with 642;
    enforcement possible from the next day, Tue 15 Dec 2026."""
    delai = delai_mois("Délai d'opposition (CPC 1422)", date(2026, 10, 12), 2, "75")
    assert delai.date_brute == date(2026, 12, 12)
    assert delai.date == date(2026, 12, 14)
    assert delai.date + timedelta(days=1) == date(2026, 12, 15)


# ---------------------------------------------------------------------------------------------
# Departments from postal codes


@pytest.mark.parametrize(
    ("code_postal", "departement"),
    [
        ("75001", "75"),
        ("67000", "67"),
        ("01000", "01"),
        ("20000", "2A"),  # Ajaccio
        ("20167", "2A"),
        ("20200", "2B"),  # Bastia
        ("20600", "2B"),
        ("97300", "973"),
        ("97100", "971"),
        ("97133", "977"),  # Saint-Barthélemy
        ("97150", "978"),  # Saint-Martin
        ("97500", "975"),
        ("97600", "976"),
        ("98800", "988"),
        (" 69 001 ", "69"),
    ],
)
def test_departement_de(code_postal, departement):
    assert departement_de(code_postal) == departement


def test_monaco_hors_de_france():
    with pytest.raises(HorsFrance, match="Monaco"):
        departement_de("98000")


@pytest.mark.parametrize("code_postal", ["6900", "ABCDE", "96000", "99000", "00100"])
def test_code_postal_invalide(code_postal):
    with pytest.raises(ProcedureError):
        departement_de(code_postal)


# ---------------------------------------------------------------------------------------------
# Prescription (C. civ. 2219 ff.)


def test_exemple_17_prescription_b2b():
    """§6 ex. 17. Due 10 Mar 2021 + 5 years (C. com. L110-4) = 10 Mar 2026, last day to act;
    a mise en demeure sent in 2025 does not interrupt (Cass. com. 18 May 2022), so the caller
    passes no interruption; prescribed from 11 Mar 2026."""
    delai = date_prescription(date(2021, 3, 10), PRESCRIPTION_COMMERCIALE, [])
    assert delai.date == date(2026, 3, 10)
    assert "L110-4" in delai.article
    assert not prescription_acquise(delai, date(2026, 3, 10))
    assert prescription_acquise(delai, date(2026, 3, 11))


def test_exemple_17_prescription_consommateur():
    """§6 ex. 17. Due 10 Mar 2025 + 2 years (C. conso. L218-2) = 10 Mar 2027."""
    delai = date_prescription(date(2025, 3, 10), PRESCRIPTION_CONSOMMATEUR)
    assert delai.date == date(2027, 3, 10)
    assert "L218-2" in delai.article


def test_interruption_repart_pour_la_duree_entiere():
    """Due 10 Mar 2021; partial payment 1 Jun 2024 (C. civ. 2240) → new 5 years: 1 Jun 2029;
    then a requête 5 Jan 2029 (2241) → 5 Jan 2034."""
    assert date_prescription(date(2021, 3, 10), 5, [date(2024, 6, 1)]).date == date(2029, 6, 1)
    delai = date_prescription(date(2021, 3, 10), 5, [date(2029, 1, 5), date(2024, 6, 1)])
    assert delai.date == date(2034, 1, 5)
    assert "2240" in delai.article


def test_interruption_trop_tardive_ou_anterieure_ignoree():
    """Due 10 Mar 2021, prescribed after 10 Mar 2026: an acknowledgement on 1 Apr 2026 cannot
    revive it; an act dated before the due date changes nothing. An act ON 10 Mar 2026 is in time
    and restarts 5 years: 10 Mar 2031."""
    assert date_prescription(date(2021, 3, 10), 5, [date(2026, 4, 1)]).date == date(2026, 3, 10)
    assert date_prescription(date(2021, 3, 10), 5, [date(2021, 1, 1)]).date == date(2026, 3, 10)
    assert date_prescription(date(2021, 3, 10), 5, [date(2026, 3, 10)]).date == date(2031, 3, 10)


def test_prescription_sans_article_642():
    """⚖ No CPC 642 on prescription: due 12 Mar 2023 + 5 years = Sunday 12 Mar 2028, and it stays
    a Sunday (not Monday 13 Mar)."""
    assert date_prescription(date(2023, 3, 12), 5).date == date(2028, 3, 12)
    assert date(2028, 3, 12).weekday() == 6


def test_alerte_prescription_60_jours():
    """Prescription 10 Mar 2026. On 9 Jan 2026: 22 days left in January + 28 + 10 = 60 → alert;
    on 8 Jan 2026: 61 days → none; on 11 Mar 2026: prescribed."""
    delai = date_prescription(date(2021, 3, 10), 5)
    assert alerte_prescription(delai, date(2026, 1, 8)) is None
    alerte = alerte_prescription(delai, date(2026, 1, 9))
    assert alerte is not None and "10 mars 2026" in alerte and "60 jours" in alerte
    assert "mise en demeure" in alerte
    assert "dernier jour" in alerte_prescription(delai, date(2026, 3, 10))
    assert "prescrite depuis le 11 mars 2026" in alerte_prescription(delai, date(2026, 3, 11))


# ---------------------------------------------------------------------------------------------
# Payment terms (C. com. L441-10 I)


def test_echeance_par_defaut_30_jours():
    """Invoice 2 Jan 2026 + 30 days: 29 days to 31 Jan, +1 → 1 Feb 2026."""
    assert echeance_par_defaut(date(2026, 1, 2)) == date(2026, 2, 1)


def test_exemple_15_plafonds():
    """§6 ex. 15. Invoice 2 Jan 2026:
    (a) end of month 31 Jan + 45 days: 28 (Feb) + 17 → 17 Mar 2026;
    (b) 2 Jan + 45 days = 16 Feb, end of month → 28 Feb 2026;
    60 days: 29 to 31 Jan, +28 to 28 Feb (57), +3 → 3 Mar 2026."""
    p = plafonds_paiement(date(2026, 1, 2))
    assert p.fin_de_mois_puis_45 == date(2026, 3, 17)
    assert p.quarante_cinq_puis_fin_de_mois == date(2026, 2, 28)
    assert p.soixante_jours == date(2026, 3, 3)
    assert p.plus_tardif == date(2026, 3, 17)


def test_alerte_delai_de_paiement():
    """Invoice 2 Jan 2026: the latest cap is 17 Mar 2026; 17 Mar is allowed, 18 Mar is not."""
    assert alerte_delai_paiement(date(2026, 1, 2), date(2026, 3, 17)) is None
    assert alerte_delai_paiement(date(2026, 1, 2), date(2026, 2, 1)) is None
    alerte = alerte_delai_paiement(date(2026, 1, 2), date(2026, 3, 18))
    assert alerte is not None
    for attendu in ("L441-10", "18 mars 2026", "3 mars 2026", "17 mars 2026", "28 février 2026"):
        assert attendu in alerte


def test_plafonds_facture_de_fin_de_mois():
    """Invoice 31 Jan 2026: (a) 31 Jan + 45 = 17 Mar; (b) 17 Mar → end of month 31 Mar;
    60 days: +28 → 28 Feb, +31 → 31 Mar (59), → 1 Apr 2026, the latest."""
    p = plafonds_paiement(date(2026, 1, 31))
    assert (p.fin_de_mois_puis_45, p.quarante_cinq_puis_fin_de_mois, p.soixante_jours) == (
        date(2026, 3, 17),
        date(2026, 3, 31),
        date(2026, 4, 1),
    )
    assert alerte_delai_paiement(date(2026, 1, 31), date(2026, 4, 1)) is None
