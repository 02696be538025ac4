"""What an enforceable title awards, and the amount to recover on its terms to a date.

Enforcement is limited to the title (CPC exéc. L111-2, L111-3): once an ordonnance or a judgment fixes
the sums, the commissaire de justice recovers those, not the creditor's own décompte. The terms are
recorded item by item on `ordonnance_rendue` / `jugement_rendu`; what is not recorded stays a blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from procedures.calendrier import ajouter_mois
from procedures.decompte import interet_periode
from procedures.dossier import Dossier, JugementRendu, OrdonnanceRendue
from procedures.montants import format_date
from procedures.taux import TableTaux, fin_semestre

__all__ = ["SOMMES_FIXES", "LigneInterets", "MontantTitre", "date_majoration", "description_interets", "montant_titre"]

ZERO = Decimal("0.00")
MAJORATION = Decimal(5)  # CMF L313-3


@dataclass(frozen=True)
class LigneInterets:
    """Interest on ``base`` for the days from ``du`` (first day counted) to ``au`` included."""

    du: date
    au: date
    jours: int
    taux: Decimal
    base: Decimal
    montant: Decimal
    majore: bool


@dataclass(frozen=True)
class MontantTitre:
    """The title's sums to ``date``: ``total`` = principal + interets + sommes − paiements."""

    date: date
    principal: Decimal  # awarded
    principal_restant: Decimal  # the base interest now runs on
    interets: Decimal  # liquidated by the title plus accrued since its start date
    sommes: tuple[tuple[str, Decimal], ...]  # fixed sums awarded: indemnité, clause pénale, art. 700, dépens
    paiements: Decimal  # paid after the title
    total: Decimal
    lignes: tuple[LigneInterets, ...]
    majoration_le: date | None  # first day at the legal rate + 5 points (CMF L313-3)


SOMMES_FIXES = (
    ("indemnite", "Indemnité forfaitaire pour frais de recouvrement"),
    ("clause_penale", "Clause pénale"),
    ("article_700", "Article 700 du code de procédure civile"),
    ("depens", "Dépens"),
)


def date_majoration(executoire_le: date | None) -> date | None:
    """CMF L313-3: the legal rate rises by five points « à l'expiration d'un délai de deux mois à compter du
    jour où la décision de justice est devenue exécutoire »: from the day after those two months."""
    return None if executoire_le is None else ajouter_mois(executoire_le, 2) + timedelta(days=1)


def _segments(debut: date, fin: date, coupures: list[date]):
    """[debut, fin] cut at each half-year (the legal rate changes on 1 January and 1 July, CMF L313-2) and at
    each date of ``coupures`` (first day of a new rate)."""
    jour = debut
    while jour <= fin:
        bout = min([fin, fin_semestre(jour)] + [c - timedelta(days=1) for c in coupures if jour < c <= fin])
        yield jour, bout
        jour = bout + timedelta(days=1)


def montant_titre(
    dossier: Dossier, titre: OrdonnanceRendue | JugementRendu, jour: date, table: TableTaux, executoire_le: date | None
) -> MontantTitre | None:
    """The sums to recover on ``jour`` on the title's terms; None when its principal is not recorded.

    Interest runs on the principal still owed, from the title's start date included to ``jour`` included,
    base 365 days, each line rounded half-up to the cent: at the title's fixed rate, or at the legal rate of
    each half-year for the creditor's category (CMF L313-2), plus five points from two months after the
    title became enforceable (CMF L313-3; the fixed rate is not raised). Payments made after the title pay
    the accrued interest first (C. civ. 1343-1), then the principal, on which interest then runs.
    """
    if titre.principal is None:
        return None
    majoration = date_majoration(executoire_le) if titre.interets and titre.interets.type == "legal" else None
    termes = titre.interets
    principal = titre.principal
    courus = titre.interets_echus or ZERO
    impayes = courus
    lignes: list[LigneInterets] = []
    cours = termes.depuis if termes else None

    def courir(jusqua: date) -> None:
        nonlocal cours, courus, impayes
        if cours is None or jusqua < cours or principal <= 0:
            return
        for du, au in _segments(cours, jusqua, [majoration] if majoration else []):
            majore = majoration is not None and du >= majoration
            taux = (
                table.taux_legal(du, dossier.creancier_particulier, majore=majore).valeur
                if termes.type == "legal"
                else termes.taux
            )
            jours = (au - du).days + 1
            montant = interet_periode(principal, taux, jours, 365)
            lignes.append(LigneInterets(du, au, jours, taux, principal, montant, majore))
            courus += montant
            impayes += montant
        cours = jusqua + timedelta(days=1)

    paiements = sorted((p for p in dossier.creance.paiements if titre.date < p.date <= jour), key=lambda p: p.date)
    for paiement in paiements:
        courir(paiement.date)
        sur_interets = min(paiement.montant, impayes)
        impayes -= sur_interets
        principal -= min(paiement.montant - sur_interets, principal)
    courir(jour)
    sommes = tuple((libelle, getattr(titre, cle)) for cle, libelle in SOMMES_FIXES if getattr(titre, cle))
    paye = sum((p.montant for p in paiements), ZERO)
    total = titre.principal + courus + sum((m for _, m in sommes), ZERO) - paye
    return MontantTitre(
        date=jour,
        principal=titre.principal,
        principal_restant=principal,
        interets=courus,
        sommes=sommes,
        paiements=paye,
        total=total,
        lignes=tuple(lignes),
        majoration_le=majoration,
    )


def description_interets(titre: OrdonnanceRendue | JugementRendu) -> str | None:
    """The title's interest clause in words: « au taux légal à compter du 15 juin 2026 »."""
    termes = titre.interets
    if termes is None:
        return None
    taux = "au taux légal" if termes.type == "legal" else f"au taux de {termes.taux.normalize():f} %".replace(".", ",")
    return f"{taux} à compter du {format_date(termes.depuis)}"
