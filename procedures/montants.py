"""Money and French formatting: rounding to the cent, amounts in words, amounts, dates and rates in text.

Two spacing styles, chosen by ``espaces``:
- ``"docx"``: French typography, narrow no-break space (U+202F) between thousands, no-break space
  (U+00A0) before the unit, true minus sign (U+2212);
- ``"texte"``: plain spaces and an ASCII hyphen for the minus, for PDF form fields whose standard
  fonts (WinAnsi encoding) have no U+202F nor U+2212;
- ``"pdf"``: plain spaces and the true minus, for the PDFs drawn with a TrueType font (handoff ZIP).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from num2words import num2words

Espaces = Literal["docx", "texte", "pdf"]

CENTIME = Decimal("0.01")
_MILLION = 1_000_000

_SEPARATEURS: dict[str, tuple[str, str, str]] = {
    # style: (thousands separator, space before the unit, minus sign)
    "docx": ("\u202f", "\u00a0", "\u2212"),
    "texte": (" ", " ", "-"),
    # the PDFs drawn with reportlab: their TrueType fonts have the true minus, not always U+202F
    "pdf": (" ", " ", "\u2212"),
}

_MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _decimal(x: Decimal | int) -> Decimal:
    # Money is never a float: a float has already lost the cents it claims to hold.
    if isinstance(x, bool) or not isinstance(x, (Decimal, int)):
        raise TypeError(f"montant attendu en Decimal ou int, reçu {type(x).__name__}")
    d = Decimal(x)
    if not d.is_finite():
        raise ValueError(f"montant non fini : {d}")
    return d


def arrondir(x: Decimal | int) -> Decimal:
    """Round half-up to the cent (the project's convention for every amount line)."""
    return _decimal(x).quantize(CENTIME, rounding=ROUND_HALF_UP)


def _separateurs(espaces: Espaces) -> tuple[str, str, str]:
    try:
        return _SEPARATEURS[espaces]
    except KeyError:
        raise ValueError(f"espaces doit valoir 'docx', 'texte' ou 'pdf', pas {espaces!r}") from None


def _nombre(x: Decimal, decimales: int, espaces: Espaces) -> str:
    sep, _, moins = _separateurs(espaces)
    signe = moins if x < 0 else ""
    texte = f"{abs(x):.{decimales}f}"
    entier, _, fraction = texte.partition(".")
    corps = f"{int(entier):,}".replace(",", sep)
    return f"{signe}{corps},{fraction}" if fraction else f"{signe}{corps}"


def format_montant(x: Decimal | int, espaces: Espaces = "docx") -> str:
    """'1 234,56 €', rounded half-up to the cent; separators per ``espaces`` (see module doc)."""
    montant = arrondir(x)
    if montant == 0:
        montant = abs(montant)  # no "−0,00 €"
    _, avant_unite, _ = _separateurs(espaces)
    return f"{_nombre(montant, 2, espaces)}{avant_unite}€"


def format_deduction(x: Decimal | int, espaces: Espaces = "docx") -> str:
    """An amount taken off a total, as every document prints it: '− 1 000,00 €' (minus, space, amount)."""
    _, _, moins = _separateurs(espaces)
    return f"{moins} {format_montant(x, espaces)}"


def format_siren(siren: str) -> str:
    """'123456782' → '123 456 782', the way the RCS extract writes it."""
    return " ".join(siren[i : i + 3] for i in range(0, len(siren), 3))


def format_taux(x: Decimal | int, espaces: Espaces = "docx") -> str:
    """A percentage: Decimal('12.15') → '12,15 %'; at least two decimals, more if the rate has them."""
    taux = _decimal(x)
    decimales = max(2, -taux.normalize().as_tuple().exponent)
    _, avant_unite, _ = _separateurs(espaces)
    return f"{_nombre(taux, decimales, espaces)}{avant_unite}%"


def format_date(d: date) -> str:
    """'22 novembre 2026'; the first of the month is written '1er novembre 2026'."""
    jour = "1er" if d.day == 1 else str(d.day)
    return f"{jour} {_MOIS[d.month - 1]} {d.year}"


def format_date_courte(d: date) -> str:
    """'22/11/2026'."""
    return d.strftime("%d/%m/%Y")


def montant_en_lettres(x: Decimal | int) -> str:
    """The amount in words, traditional spelling (docs/legal-reference.md §5; C. civ. 1376 where required).

    num2words (lang='fr') spells integers correctly (vingt et un, quatre-vingts, deux cents, mille
    invariable) but its currency mode does not; so euros and centimes are spelled separately:
    "un euro", "zéro euro" (singular below two), "un million d'euros" after a round million or
    milliard, "et N centime(s)" only when there are centimes.
    """
    montant = arrondir(x)
    if montant < 0:
        raise ValueError(f"montant négatif : {montant}")
    euros = int(montant)
    centimes = int((montant - euros) * 100)
    if euros >= 2 and euros % _MILLION == 0:
        unite = "d'euros"  # "un million d'euros": million and milliard are nouns
    elif euros >= 2:
        unite = "euros"
    else:
        unite = "euro"
    texte = f"{num2words(euros, lang='fr')} {unite}"
    if centimes:
        texte += f" et {num2words(centimes, lang='fr')} centime{'s' if centimes >= 2 else ''}"
    return texte
