"""Money rounding and French formatting (docs/legal-reference.md §2 and §5; docs/legal-sources.md §2.5, §6 ex. 20)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procedures.montants import (
    arrondir,
    format_date,
    format_date_courte,
    format_montant,
    format_taux,
    montant_en_lettres,
)

NNBSP, NBSP, MOINS = "\u202f", "\u00a0", "\u2212"


@pytest.mark.parametrize(
    ("brut", "attendu"),
    [
        ("14.045", "14.05"),  # half-up: the 5 goes up, not to the even cent
        ("14.055", "14.06"),
        ("14.0449", "14.04"),
        ("-2.345", "-2.35"),  # half-up is away from zero for negatives
        ("0.005", "0.01"),
        ("3", "3.00"),
    ],
)
def test_arrondir_demi_superieur(brut, attendu):
    assert arrondir(Decimal(brut)) == Decimal(attendu)
    assert str(arrondir(Decimal(brut))) == attendu


def test_arrondir_refuse_les_flottants():
    with pytest.raises(TypeError):
        arrondir(0.1)


@pytest.mark.parametrize(
    ("montant", "lettres"),
    [
        # docs/legal-sources.md §6 ex. 20 and docs/legal-reference.md §5
        ("1280.05", "mille deux cent quatre-vingts euros et cinq centimes"),
        ("80", "quatre-vingts euros"),
        ("81", "quatre-vingt-un euros"),
        ("200", "deux cents euros"),
        ("201", "deux cent un euros"),
        ("71", "soixante et onze euros"),
        ("21.21", "vingt et un euros et vingt et un centimes"),
        # singular below two, no "zéro centime"
        ("0", "zéro euro"),
        ("1", "un euro"),
        ("1.01", "un euro et un centime"),
        ("0.5", "zéro euro et cinquante centimes"),
        ("1.99", "un euro et quatre-vingt-dix-neuf centimes"),
        # mille invariable, vingt/cent invariable before mille
        ("2000", "deux mille euros"),
        ("80000", "quatre-vingt mille euros"),
        ("200180", "deux cent mille cent quatre-vingts euros"),
        # million / milliard are nouns: plural, and "d'euros" after a round one
        ("1000000", "un million d'euros"),
        ("2000000.45", "deux millions d'euros et quarante-cinq centimes"),
        ("80000000", "quatre-vingts millions d'euros"),
        ("1000000000", "un milliard d'euros"),
        ("1000001", "un million un euros"),
        ("1280000", "un million deux cent quatre-vingt mille euros"),
        # rounding to the cent happens first
        ("10.005", "dix euros et un centime"),
    ],
)
def test_montant_en_lettres(montant, lettres):
    assert montant_en_lettres(Decimal(montant)) == lettres


def test_montant_en_lettres_refuse_un_negatif():
    with pytest.raises(ValueError):
        montant_en_lettres(Decimal("-1"))


@pytest.mark.parametrize(
    ("montant", "docx", "texte"),
    [
        ("1234.56", f"1{NNBSP}234,56{NBSP}€", "1 234,56 €"),
        ("0", f"0,00{NBSP}€", "0,00 €"),
        ("999.999", f"1{NNBSP}000,00{NBSP}€", "1 000,00 €"),
        ("40", f"40,00{NBSP}€", "40,00 €"),
        ("1234567.891", f"1{NNBSP}234{NNBSP}567,89{NBSP}€", "1 234 567,89 €"),
        ("-1234.5", f"{MOINS}1{NNBSP}234,50{NBSP}€", "-1 234,50 €"),
        ("-0.001", f"0,00{NBSP}€", "0,00 €"),  # no negative zero
    ],
)
def test_format_montant(montant, docx, texte):
    assert format_montant(Decimal(montant)) == docx
    assert format_montant(Decimal(montant), espaces="docx") == docx
    assert format_montant(Decimal(montant), espaces="texte") == texte


def test_format_montant_espaces_inconnus():
    with pytest.raises(ValueError):
        format_montant(Decimal("1"), espaces="html")


@pytest.mark.parametrize(
    ("taux", "docx", "texte"),
    [
        ("12.15", f"12,15{NBSP}%", "12,15 %"),
        ("10", f"10,00{NBSP}%", "10,00 %"),
        ("0.86", f"0,86{NBSP}%", "0,86 %"),
        ("7.860", f"7,86{NBSP}%", "7,86 %"),
        ("0.125", f"0,125{NBSP}%", "0,125 %"),
    ],
)
def test_format_taux(taux, docx, texte):
    assert format_taux(Decimal(taux)) == docx
    assert format_taux(Decimal(taux), espaces="texte") == texte


@pytest.mark.parametrize(
    ("jour", "long", "court"),
    [
        (date(2026, 11, 22), "22 novembre 2026", "22/11/2026"),
        (date(2026, 11, 1), "1er novembre 2026", "01/11/2026"),
        (date(2026, 2, 2), "2 février 2026", "02/02/2026"),
        (date(2025, 8, 15), "15 août 2025", "15/08/2025"),
        (date(2025, 12, 31), "31 décembre 2025", "31/12/2025"),
    ],
)
def test_format_date(jour, long, court):
    assert format_date(jour) == long
    assert format_date_courte(jour) == court


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2))
def test_format_montant_texte_relit_le_montant(montant):
    """Dropping the separators of the 'texte' form gives back the amount to the cent."""
    texte = format_montant(montant, espaces="texte")
    assert texte.endswith(" €")
    relu = Decimal(texte.removesuffix(" €").replace(" ", "").replace(",", "."))
    assert relu == montant


@given(st.decimals(min_value=Decimal(0), max_value=Decimal("1e12"), places=2))
def test_montant_en_lettres_regles_constantes(montant):
    """Whatever the amount: 'euro' singular only below two, centimes only when there are some,
    never the 1990 hyphens around 'et' nor around 'mille'."""
    lettres = montant_en_lettres(montant)
    euros = int(montant)
    assert (" euro " in f"{lettres} " or lettres.endswith(" euro")) == (euros < 2)
    assert ("centime" in lettres) == (montant != euros)
    assert "-et-" not in lettres and "-mille" not in lettres and "mille-" not in lettres
