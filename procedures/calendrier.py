"""Deadline arithmetic: CPC 640-642, French public holidays, prescription, B2B payment terms.

Pure functions on ``datetime.date``. A department is an INSEE code as a string: "01".."95" (with
"2A"/"2B" for Corsica, never "20"), "971".."976" for the overseas departments, and the overseas
collectivities "975" (Saint-Pierre-et-Miquelon), "977" (Saint-Barthélemy), "978" (Saint-Martin),
"984" (TAAF), "986" (Wallis-et-Futuna), "987" (Polynésie française), "988" (Nouvelle-Calédonie).
``None`` means "metropolitan France outside Alsace-Moselle" (national holidays only).
"""

from __future__ import annotations

import calendar
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

import holidays

from procedures.erreurs import ProcedureError
from procedures.montants import format_date

ALERTE_PRESCRIPTION_JOURS = 60  # docs/legal-reference.md §3: warn from 60 days before prescription

# python-holidays subdivision for each department whose holidays differ from the national list.
# C. trav. L3134-13: Vendredi saint and 26 December in Moselle (57), Bas-Rhin (67), Haut-Rhin (68).
# Loi 83-550 / décret 83-1003: abolition of slavery day overseas (and other local days).
_SUBDIVISIONS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "975": "PM",
    "976": "976",
    "977": "BL",
    "978": "MF",
    "984": "TF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}
_METROPOLE = frozenset([f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"])
DEPARTEMENTS = _METROPOLE | frozenset(_SUBDIVISIONS)

# Postal codes of overseas collectivities sharing the 971 prefix with Guadeloupe.
_CODES_POSTAUX_971 = {"97133": "977", "97150": "978"}


class HorsFrance(ProcedureError):
    """A postal code outside France (Monaco): French deadlines and the French IP do not apply."""


@dataclass(frozen=True)
class Delai:
    """A deadline: its French label, its last day, the articles applied.

    ``date_brute`` is the end before the CPC art. 642 extension, set only when the extension moved it.
    """

    nom: str
    date: date
    article: str
    date_brute: date | None = None

    @property
    def prolonge(self) -> bool:
        return self.date_brute is not None

    def as_json(self) -> dict:
        out = {"nom": self.nom, "date": self.date.isoformat(), "article": self.article}
        if self.date_brute is not None:
            out["date_brute"] = self.date_brute.isoformat()
        return out


# ---------------------------------------------------------------------------------------------
# Departments and holidays


def departement_de(code_postal: str) -> str:
    """The department (INSEE code) of a French postal code.

    Corsica: 200xx-201xx → "2A", 202xx-206xx → "2B". Overseas: three digits ("971", "974"...),
    with 97133 → "977" (Saint-Barthélemy) and 97150 → "978" (Saint-Martin). Monaco (980xx) raises
    ``HorsFrance``; anything else that is not a French postal code raises ``ProcedureError``.
    """
    cp = code_postal.strip().replace(" ", "")
    if len(cp) != 5 or not cp.isdigit():
        raise ProcedureError(f"code postal invalide : « {code_postal} » (5 chiffres attendus)")
    if cp.startswith("980"):
        raise HorsFrance(
            f"le code postal {cp} est celui de Monaco, hors de France : ni les délais français ni "
            "l'injonction de payer française ne s'appliquent tels quels"
        )
    if cp.startswith("20"):
        return "2A" if cp[2] in "01" else "2B"
    if cp.startswith("97") or cp.startswith("98"):
        dep = _CODES_POSTAUX_971.get(cp, cp[:3])
    else:
        dep = cp[:2]
    if dep not in DEPARTEMENTS:
        raise ProcedureError(f"code postal {cp} : aucun département français ne lui correspond")
    return dep


def _subdivision(departement: str | None) -> str | None:
    if departement is None:
        return None
    if departement not in DEPARTEMENTS:
        raise ProcedureError(
            f"département inconnu : « {departement} » (codes INSEE attendus : 01 à 95, 2A, 2B, 971 à 988)"
        )
    return _SUBDIVISIONS.get(departement)


@lru_cache(maxsize=1)
def _france() -> type[holidays.HolidayBase]:
    """python-holidays' France alone. `holidays.France` imports the `holidays.countries` package, which
    imports all of its 250 countries (a quarter of a second at each start): the France module is
    loaded from its own file instead."""
    chemin = Path(holidays.__file__).with_name("countries") / "france.py"
    spec = importlib.util.spec_from_file_location("procedures._feries_france", chemin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.France


@cache
def _feries(annee: int, subdivision: str | None) -> dict[date, str]:
    # Built once per (year, subdivision): building a holidays object costs far more than a lookup.
    return dict(_france()(subdiv=subdivision, years=annee, language="fr"))


def jours_feries(annee: int, departement: str | None = None) -> dict[date, str]:
    """Public holidays of a year for a department, with their French names (C. trav. L3133-1, L3134-13)."""
    return dict(_feries(annee, _subdivision(departement)))


def est_ouvre(jour: date, departement: str | None = None) -> bool:
    """True when ``jour`` is neither a Saturday, a Sunday nor a public holiday in the department."""
    return jour.weekday() < 5 and jour not in _feries(jour.year, _subdivision(departement))


def prolonger(jour: date, departement: str | None = None) -> date:
    """CPC art. 642: a deadline ending on a Saturday, Sunday or holiday moves to the next working day.

    ⚖ Alsace-Moselle's Vendredi saint is treated as a holiday in the whole of 57/67/68, although
    L3134-13 limits it to communes with a Protestant or mixed church (docs/legal-sources.md §3.4).
    """
    subdivision = _subdivision(departement)
    while jour.weekday() >= 5 or jour in _feries(jour.year, subdivision):
        jour += timedelta(days=1)
    return jour


# ---------------------------------------------------------------------------------------------
# CPC art. 641 arithmetic


def ajouter_jours(depart: date, n: int) -> date:
    """CPC art. 641 al. 1: the day of the triggering event does not count, so the end is depart + n."""
    return depart + timedelta(days=n)


def ajouter_mois(depart: date, n: int) -> date:
    """CPC art. 641 al. 2: same day number n months later, else the last day of that month."""
    index = depart.year * 12 + depart.month - 1 + n
    annee, mois = divmod(index, 12)
    mois += 1
    return date(annee, mois, min(depart.day, calendar.monthrange(annee, mois)[1]))


def ajouter_annees(depart: date, n: int) -> date:
    """Years count like months (CPC art. 641; C. civ. 2228-2229): 29 February + 1 year → 28 February."""
    return ajouter_mois(depart, 12 * n)


def fin_de_mois(jour: date) -> date:
    return jour.replace(day=calendar.monthrange(jour.year, jour.month)[1])


def _delai(nom: str, brute: date, departement: str | None, article: str) -> Delai:
    fin = prolonger(brute, departement)
    return Delai(nom=nom, date=fin, article=article, date_brute=brute if fin != brute else None)


def delai_jours(nom: str, depart: date, n: int, departement: str | None, article: str = "CPC art. 641 et 642") -> Delai:
    """A deadline of ``n`` days from ``depart`` (CPC 641), extended to a working day (CPC 642)."""
    return _delai(nom, ajouter_jours(depart, n), departement, article)


def delai_mois(nom: str, depart: date, n: int, departement: str | None, article: str = "CPC art. 641 et 642") -> Delai:
    """A deadline of ``n`` months from ``depart`` (CPC 641), extended to a working day (CPC 642)."""
    return _delai(nom, ajouter_mois(depart, n), departement, article)


# ---------------------------------------------------------------------------------------------
# Prescription (C. civ. 2219 ff.)

PRESCRIPTION_COMMERCIALE = 5  # C. com. L110-4; C. civ. 2224 for other civil claims
PRESCRIPTION_CONSOMMATEUR = 2  # C. conso. L218-2: a professional's claim against a consumer

_ARTICLES_PRESCRIPTION = {
    PRESCRIPTION_COMMERCIALE: "C. com. L110-4 ; C. civ. 2224",
    PRESCRIPTION_CONSOMMATEUR: "C. conso. L218-2",
}


def date_prescription(
    depart: date, annees: int, interruptions: Iterable[date] = (), article: str | None = None
) -> Delai:
    """The last day before the claim is prescribed (C. civ. 2229: acquired once that day is over).

    ``depart`` is the due date. Each interruption restarts a full period of the same length
    (C. civ. 2231): the debtor's acknowledgement incl. a partial payment (2240), a judicial demand:
    requête, assignation, signification (2241), an enforcement or conservatory act (2244). The caller
    passes only such dates: a mise en demeure, even registered, does not interrupt
    (Cass. com. 18 mai 2022, n° 20-23.204), nor does a reminder. An act after the claim is already
    prescribed cannot revive it and is ignored; an act before ``depart`` changes nothing.
    ⚖ CPC art. 642 is not applied (prescription is counted under C. civ. 2228-2229).
    ⚖ A judicial demand restarts the period from the act's date, although 2242 keeps the
    interruption running until the proceedings end: the earliest possible date, so the safe side.
    """
    fin = ajouter_annees(depart, annees)
    interrompue = False
    for jour in sorted(interruptions):
        if jour > fin:
            break
        if jour > depart:
            fin = ajouter_annees(jour, annees)
            interrompue = True
    texte = article or _ARTICLES_PRESCRIPTION.get(annees, "C. civ. 2254")
    if interrompue:
        texte += " ; interruption C. civ. 2231, 2240, 2241, 2244"
    return Delai(nom="Prescription", date=fin, article=texte)


def prescription_acquise(prescription: Delai, jour: date) -> bool:
    """True once the last day of the period is over (C. civ. 2229)."""
    return jour > prescription.date


def alerte_prescription(prescription: Delai, jour: date) -> str | None:
    """A French alert when the claim is prescribed at ``jour`` or will be within 60 days."""
    if prescription_acquise(prescription, jour):
        return (
            f"Créance prescrite depuis le {format_date(prescription.date + timedelta(days=1))} "
            f"({prescription.article}) : l'outil ne prépare plus d'acte judiciaire, sauf dérogation "
            "motivée par l'utilisateur."
        )
    reste = (prescription.date - jour).days
    if reste > ALERTE_PRESCRIPTION_JOURS:
        return None
    quand = "aujourd'hui est le dernier jour" if reste == 0 else f"dans {reste} jour{'s' if reste > 1 else ''}"
    return (
        f"Prescription acquise après le {format_date(prescription.date)} ({quand} ; "
        f"{prescription.article}) : seul un acte interruptif (reconnaissance de dette, paiement "
        "partiel, requête, assignation, signification) l'empêche, pas une mise en demeure."
    )


# ---------------------------------------------------------------------------------------------
# Payment terms between professionals (C. com. L441-10 I)


def echeance_par_defaut(date_facture: date) -> date:
    """The due date when the parties agreed none: 30 days (C. com. L441-10 I al. 1).

    ⚖ The law counts from the receipt of the goods or the performance of the service; the tool
    only knows the invoice date and counts from it.
    """
    return date_facture + timedelta(days=30)


@dataclass(frozen=True)
class PlafondsPaiement:
    """The latest due dates the parties may agree (C. com. L441-10 I al. 2)."""

    soixante_jours: date  # 60 days from the invoice date
    fin_de_mois_puis_45: date  # 45 days end of month, method (a): end of invoice month + 45 days
    quarante_cinq_puis_fin_de_mois: date  # method (b): invoice date + 45 days, then end of that month

    @property
    def plus_tardif(self) -> date:
        return max(self.soixante_jours, self.fin_de_mois_puis_45, self.quarante_cinq_puis_fin_de_mois)


def plafonds_paiement(date_facture: date) -> PlafondsPaiement:
    return PlafondsPaiement(
        soixante_jours=date_facture + timedelta(days=60),
        fin_de_mois_puis_45=fin_de_mois(date_facture) + timedelta(days=45),
        quarante_cinq_puis_fin_de_mois=fin_de_mois(date_facture + timedelta(days=45)),
    )


def alerte_delai_paiement(date_facture: date, echeance: date) -> str | None:
    """A French alert when the agreed due date is later than every cap of C. com. L441-10 I.

    The law does not say how to count "45 jours fin de mois" (both methods are in use), so the
    alert fires only beyond the latest of the three caps.
    """
    p = plafonds_paiement(date_facture)
    if echeance <= p.plus_tardif:
        return None
    return (
        f"L'échéance du {format_date(echeance)} dépasse le délai de paiement maximal entre "
        f"professionnels (C. com. L441-10 I) pour une facture du {format_date(date_facture)} : "
        f"60 jours à compter de la facture ({format_date(p.soixante_jours)}) ou, si le contrat le "
        f"stipule expressément, 45 jours fin de mois ({format_date(p.fin_de_mois_puis_45)} en "
        f"comptant la fin du mois puis 45 jours, {format_date(p.quarante_cinq_puis_fin_de_mois)} en "
        "comptant 45 jours puis la fin du mois)."
    )
