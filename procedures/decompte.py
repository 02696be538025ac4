"""The décompte: what a case owes at a date, per invoice and per period (docs/legal-reference.md §2).

Pure functions over a validated ``Dossier``, ``Decimal`` throughout. Between professionals, late-payment
penalties of C. com. L441-10 II and the 40 € indemnity of D441-5; otherwise legal interest (CMF L313-2)
from the mise en demeure (C. civ. 1231-6, 1344-1). Payments are imputed interest first (C. civ. 1343-1),
oldest due invoice first (C. civ. 1342-10). Each line covers a period (du, au]: the start day excluded,
the end day included; it is rounded half-up to the cent and the totals are sums of lines.

A half-year whose rate is unknown is never guessed: the computation stops on the last day it can compute,
``complet`` is false, an alert names the half-year and how to add its rate, and ``exiger_complet`` refuses
the décompte to anything that prints amounts.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from procedures.calendrier import ajouter_annees, alerte_delai_paiement, echeance_par_defaut
from procedures.dossier import (
    Dossier,
    Facture,
    JugementRendu,
    MiseEnDemeureEnvoyee,
    MiseEnDemeureRecue,
    Paiement,
    PenalitesBcePlus,
    PenalitesFixe,
    PenalitesLegal,
    charger_dossier,
)
from procedures.erreurs import TauxInconnu
from procedures.montants import arrondir, format_date, format_montant, format_taux
from procedures.taux import (
    OFFICIELLE,
    POINTS_L441_10,
    UTILISATEUR,
    TableTaux,
    Taux,
    charger_taux,
    debut_semestre,
    fichier_utilisateur_par_defaut,
    fin_semestre,
    libelle_semestre,
    premier_jour,
    reserve,
    semestre,
)

__all__ = [
    "Decompte",
    "DecompteFacture",
    "Imputation",
    "LigneDecompte",
    "calculer_decompte",
    "categorie_taux_legal",
    "date_mise_en_demeure",
    "decompte_dossier",
    "table_par_defaut",
    "taux_necessaires",
    "decompte_json",
    "exiger_complet",
    "interet_periode",
    "penalites_statutaires",
]

REGIME_PENALITES = "penalites_l441_10"
REGIME_INTERET_LEGAL = "interet_legal"
REGIME_AUCUN = "aucun"

INDEMNITE_FORFAITAIRE = Decimal("40.00")  # C. com. D441-5
ZERO = Decimal("0.00")
UN_JOUR = timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class LigneDecompte:
    """Interest or penalties on one invoice for the period (du, au]: ``jours`` = (au − du).days.

    ``du`` is the excluded start day the arithmetic counts from; documents print ``premier_jour``, the first
    day counted, so that a line reads « du 1er juillet au 31 décembre » for 184 days."""

    facture: str
    du: date
    au: date
    jours: int
    taux: Decimal  # percent a year
    base: Decimal  # remaining principal, plus capitalised interest if any
    montant: Decimal
    base_annuelle: int  # 365 or 366
    nature: str  # "penalites" | "interets"

    @property
    def premier_jour(self) -> date:
        """The first day counted, printed in every document (the day after the excluded ``du``)."""
        return self.du + UN_JOUR


@dataclass(frozen=True)
class Imputation:
    """One payment's share on one invoice. ``facture`` None: the rest after every invoice's interest and
    principal were paid (it goes to indemnities and clause pénale, or is an overpayment)."""

    date: date
    montant: Decimal
    facture: str | None
    sur_interets: Decimal
    sur_principal: Decimal


@dataclass(frozen=True)
class DecompteFacture:
    numero: str
    date: date
    echeance: date
    echeance_par_defaut: bool  # no agreed due date: 30 days after the invoice (C. com. L441-10 I)
    depart_interets: date | None  # interest runs from the day after (None: it does not run)
    principal: Decimal
    interets: Decimal
    indemnite: Decimal
    paye: Decimal
    paye_interets: Decimal
    paye_principal: Decimal
    principal_restant: Decimal
    reste_du: Decimal  # principal + interets + indemnite − paye


@dataclass(frozen=True)
class Decompte:
    date: date
    regime: str  # "penalites_l441_10" | "interet_legal" | "aucun"
    factures: tuple[DecompteFacture, ...]
    lignes: tuple[LigneDecompte, ...]
    imputations: tuple[Imputation, ...]
    principal: Decimal
    interets: Decimal
    indemnites_forfaitaires: Decimal
    clause_penale: Decimal
    paiements: Decimal
    total: Decimal  # principal + interets + indemnites_forfaitaires + clause_penale − paiements
    calcule_jusquau: date  # the reference date, or the last day with a known rate
    complet: bool
    taux_manquant: str | None  # the TauxInconnu message when the computation stopped early
    alertes: tuple[str, ...]
    conventions: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# Rates


def categorie_taux_legal(dossier: Dossier) -> str:
    """The legal rate's category in the law's words (CMF L313-2 al. 2), after « applicable »."""
    if dossier.creancier_particulier:
        return "lorsque le créancier est une personne physique n'agissant pas pour des besoins professionnels"
    return "dans tous les autres cas"


def interet_periode(base: Decimal, taux: Decimal, jours: int, base_annuelle: int) -> Decimal:
    """One line: base × taux % × jours / base_annuelle, rounded half-up to the cent (⚖ legal-reference §2)."""
    return arrondir(base * taux * jours / (100 * base_annuelle))


@dataclass(frozen=True)
class _TauxApplique:
    periode: str  # "2025 S1"
    valeur: Decimal
    source: str
    verification: str = OFFICIELLE  # of the table rows behind the rate (procedures.taux)
    ou_verifier: str = ""
    fichier: str = ""
    contractuel_sous_plancher: Decimal | None = None  # the agreed rate the floor replaced

    @classmethod
    def de(
        cls,
        taux: Taux,
        periode: str,
        valeur: Decimal | None = None,
        source: str | None = None,
        contractuel_sous_plancher: Decimal | None = None,
    ) -> _TauxApplique:
        return cls(
            periode,
            taux.valeur if valeur is None else valeur,
            taux.source if source is None else source,
            taux.verification,
            taux.ou_verifier,
            taux.fichier,
            contractuel_sous_plancher,
        )


def _regle(dossier: Dossier) -> tuple:
    """A hashable description of how the rate is found, so rates are cached per half-year."""
    if not dossier.b2b:
        return ("interet_legal", dossier.creancier_particulier)
    penalites = dossier.creance.penalites
    if penalites is None or (isinstance(penalites, PenalitesBcePlus) and penalites.points == POINTS_L441_10):
        return ("defaut",)
    if isinstance(penalites, PenalitesBcePlus):
        return ("bce_plus", penalites.points)
    if isinstance(penalites, PenalitesFixe):
        return ("fixe", penalites.taux)
    assert isinstance(penalites, PenalitesLegal)
    return ("legal", dossier.creancier_particulier)


def penalites_statutaires(dossier: Dossier) -> bool:
    """B2B penalties at the rate the law fixes when the contract is silent: ECB rate + 10 points
    (C. com. L441-10 II), not a contractual rate."""
    return _regle(dossier) == ("defaut",)


def taux_necessaires(dossier: Dossier) -> tuple[bool, bool]:
    """Which tables the case's interest needs: (legal rate, ECB rate). The legal rate serves B2C interest
    (CMF L313-2) and the floor of any agreed B2B rate; the ECB rate the default and ECB-based B2B rates
    (C. com. L441-10 II)."""
    genre = _regle(dossier)[0]
    return genre != "defaut", genre in ("defaut", "bce_plus")


@lru_cache(maxsize=4096)
def _taux_du_semestre(table: TableTaux, regle: tuple, cle: tuple[int, int]) -> _TauxApplique:
    """The rate of a half-year; raises TauxInconnu (never cached) when the tables do not know it."""
    premier = premier_jour(cle)
    genre = regle[0]
    periode = libelle_semestre(*cle)
    if genre == "interet_legal":  # CMF L313-2: the category follows the creditor
        return _TauxApplique.de(table.taux_legal(premier, creancier_particulier=regle[1]), periode)
    if genre == "defaut":  # C. com. L441-10 II: ECB rate of 1 January / 1 July + 10 points, no floor
        return _TauxApplique.de(table.taux_penalites_defaut(premier), periode)
    if genre == "bce_plus":
        bce = table.taux_bce(premier)
        applique = _TauxApplique.de(
            bce,
            periode,
            bce.valeur + regle[1],
            (
                f"taux contractuel : taux BCE de {format_taux(bce.valeur, 'texte')} en vigueur le "
                f"{format_date(premier)} + {format_taux(regle[1], 'texte').removesuffix(' %')} points ; "
                f"BCE : {bce.source}"
            ),
        )
    elif genre == "fixe":
        applique = _TauxApplique(periode, regle[1], "taux contractuel")
    else:
        legal = table.taux_legal(premier, creancier_particulier=regle[1])
        applique = _TauxApplique.de(
            legal, periode, source=f"taux contractuel : taux de l'intérêt légal ; {legal.source}"
        )
    # C. com. L441-10 II: an agreed rate is never below 3 × the legal rate.
    plancher = table.plancher_penalites(premier)
    if applique.valeur < plancher.valeur:
        return _TauxApplique.de(plancher, periode, contractuel_sous_plancher=applique.valeur)
    return applique


def table_par_defaut(fichier: Path | None = None) -> TableTaux:
    """``charger_taux(fichier)`` once per process, reloaded only when that rate file (by default the user's)
    changes: `lot --taux FICHIER` reads it once, not once per dossier."""
    chemin = Path(fichier).expanduser().absolute() if fichier is not None else fichier_utilisateur_par_defaut()
    try:
        version = chemin.stat().st_mtime_ns
    except OSError:
        version = None
    return _table_en_cache(fichier, chemin, version)


@lru_cache(maxsize=4)
def _table_en_cache(fichier: Path | None, chemin: Path, version: int | None) -> TableTaux:
    return charger_taux(fichier)


# ---------------------------------------------------------------------------------------------
# The computation


@dataclass(eq=False)
class _Suivi:
    """The running state of one invoice while payments are imputed in date order."""

    facture: Facture
    rang: int
    echeance: date
    depart: date | None
    principal: Decimal
    courus: Decimal = ZERO  # accrued, unpaid, not capitalised
    capitalise: Decimal = ZERO  # interest added to the base (C. civ. 1343-2), still unpaid
    curseur: date | None = None  # accrued up to this day, inclusive
    anniversaires: int = 0
    en_retard: bool | None = None  # still owed after its due date (C. com. D441-5)
    lignes: list[LigneDecompte] = field(default_factory=list)
    paye_interets: Decimal = ZERO
    paye_principal: Decimal = ZERO

    @property
    def cle_anciennete(self) -> tuple:
        return self.echeance, self.facture.date, self.rang


class _Calcul:
    def __init__(self, dossier: Dossier, jour: date, table: TableTaux):
        self.dossier = dossier
        self.jour = jour
        self.table = table
        self.regle = _regle(dossier)
        self.b2b = dossier.b2b
        self.base_366 = dossier.options.base_annuelle == "366_bissextile"
        self.capitalisation = dossier.options.capitalisation
        self.nature = "penalites" if self.b2b else "interets"
        self.limite = jour
        self.taux_manquant: str | None = None
        self.taux_utilises: dict[str, _TauxApplique] = {}
        self.alertes: list[str] = []
        self.imputations: list[Imputation] = []
        self.mise_en_demeure = date_mise_en_demeure(dossier, jour)
        self.suivis = [self._suivi(rang, facture) for rang, facture in enumerate(dossier.creance.factures)]

    def _suivi(self, rang: int, facture: Facture) -> _Suivi:
        echeance = facture.echeance
        if echeance is None:
            echeance = echeance_par_defaut(facture.date)
            self.alertes.append(
                f"Facture {facture.numero} sans échéance : elle est réputée payable le {format_date(echeance)}, "
                "30 jours après sa date (C. com. L441-10 I)."
            )
        elif self.b2b:
            alerte = alerte_delai_paiement(facture.date, echeance)
            if alerte:
                self.alertes.append(f"Facture {facture.numero} : {alerte}")
        if self.b2b:
            depart = echeance  # C. com. L441-10 II: due from the day after the due date, without reminder
        elif self.mise_en_demeure is not None:
            depart = max(self.mise_en_demeure, echeance)  # C. civ. 1231-6, 1344-1
        else:
            depart = None
        return _Suivi(facture, rang, echeance, depart, facture.montant, curseur=depart)

    # -- accrual ---------------------------------------------------------------------------

    def _taux(self, lendemain: date) -> _TauxApplique | None:
        try:
            taux = _taux_du_semestre(self.table, self.regle, semestre(lendemain))
        except TauxInconnu as exc:
            # Stop every invoice on the last day of the previous half-year; never guess.
            self.limite = min(self.limite, debut_semestre(lendemain) - UN_JOUR)
            self.taux_manquant = self.taux_manquant or str(exc)
            return None
        self.taux_utilises.setdefault(taux.periode, taux)
        return taux

    def _prochain_anniversaire(self, suivi: _Suivi) -> date | None:
        if not self.capitalisation or suivi.depart is None:
            return None
        return ajouter_annees(suivi.depart, suivi.anniversaires + 1)

    def courir(self, suivi: _Suivi, jusqua: date) -> None:
        """Add the lines of ``suivi`` up to ``jusqua`` (inclusive), split at 1 Jan / 1 Jul and anniversaries."""
        if suivi.curseur is None:
            return
        while suivi.curseur < min(jusqua, self.limite):
            du = suivi.curseur
            base = suivi.principal + suivi.capitalise
            if base == 0:
                suivi.curseur = jusqua  # nothing left to bear interest, ever: principal never grows back
                return
            lendemain = du + UN_JOUR
            taux = self._taux(lendemain)
            if taux is None:
                return
            au = min(jusqua, self.limite, fin_semestre(lendemain))
            anniversaire = self._prochain_anniversaire(suivi)
            if anniversaire is not None:
                au = min(au, anniversaire)
            jours = (au - du).days
            base_annuelle = 366 if self.base_366 and calendar.isleap(lendemain.year) else 365
            montant = interet_periode(base, taux.valeur, jours, base_annuelle)
            suivi.lignes.append(
                LigneDecompte(
                    suivi.facture.numero, du, au, jours, taux.valeur, base, montant, base_annuelle, self.nature
                )
            )
            suivi.courus += montant
            suivi.curseur = au
            if au == anniversaire:  # C. civ. 1343-2: interest due for a whole year bears interest
                suivi.capitalise += suivi.courus
                suivi.courus = ZERO
                suivi.anniversaires += 1

    def constater_retards(self, jour: date) -> None:
        """Fix, once its due date has passed, whether each invoice was still owed then (C. com. D441-5)."""
        for suivi in self.suivis:
            if suivi.en_retard is None and jour > suivi.echeance:
                suivi.en_retard = suivi.principal > 0

    # -- payments ----------------------------------------------------------------------------

    def ordre_imputation(self, jour: date, sauf: _Suivi | None = None) -> list[_Suivi]:
        """C. civ. 1342-10: due invoices first, oldest due date first; then those not yet due."""
        autres = sorted((s for s in self.suivis if s is not sauf), key=lambda s: s.cle_anciennete)
        return [s for s in autres if s.echeance <= jour] + [s for s in autres if s.echeance > jour]

    def imputer(self, paiement: Paiement) -> None:
        self.constater_retards(paiement.date)
        if paiement.facture is None:
            ordre = self.ordre_imputation(paiement.date)
        else:
            designee = next(s for s in self.suivis if s.facture.numero == paiement.facture)
            ordre = [designee] + self.ordre_imputation(paiement.date, sauf=designee)
        reste = paiement.montant
        for suivi in ordre:
            if reste == 0:
                break
            self.courir(suivi, paiement.date)
            # C. civ. 1343-1: interest (accrued, then capitalised) before principal.
            sur_courus = min(reste, suivi.courus)
            sur_capitalise = min(reste - sur_courus, suivi.capitalise)
            sur_principal = min(reste - sur_courus - sur_capitalise, suivi.principal)
            part = sur_courus + sur_capitalise + sur_principal
            if part == 0:
                continue
            suivi.courus -= sur_courus
            suivi.capitalise -= sur_capitalise
            suivi.principal -= sur_principal
            suivi.paye_interets += sur_courus + sur_capitalise
            suivi.paye_principal += sur_principal
            reste -= part
            self.imputations.append(
                Imputation(paiement.date, part, suivi.facture.numero, sur_courus + sur_capitalise, sur_principal)
            )
        if reste > 0:
            self.imputations.append(Imputation(paiement.date, reste, None, ZERO, ZERO))

    # -- result ------------------------------------------------------------------------------

    def resultat(self) -> Decompte:
        paiements = sorted((p for p in self.dossier.creance.paiements if p.date <= self.jour), key=lambda p: p.date)
        for paiement in paiements:
            self.imputer(paiement)
        self.constater_retards(self.jour)
        for suivi in self.suivis:
            self.courir(suivi, self.jour)

        indemnite_due = self.dossier.indemnite_forfaitaire
        factures = []
        for suivi in self.suivis:
            interets = sum((l.montant for l in suivi.lignes), ZERO)
            indemnite = INDEMNITE_FORFAITAIRE if indemnite_due and suivi.en_retard else ZERO
            paye = suivi.paye_interets + suivi.paye_principal
            factures.append(
                DecompteFacture(
                    numero=suivi.facture.numero,
                    date=suivi.facture.date,
                    echeance=suivi.echeance,
                    echeance_par_defaut=suivi.facture.echeance is None,
                    depart_interets=suivi.depart,
                    principal=suivi.facture.montant,
                    interets=interets,
                    indemnite=indemnite,
                    paye=paye,
                    paye_interets=suivi.paye_interets,
                    paye_principal=suivi.paye_principal,
                    principal_restant=suivi.principal,
                    reste_du=suivi.facture.montant + interets + indemnite - paye,
                )
            )

        principal = sum((f.principal for f in factures), ZERO)
        interets = sum((f.interets for f in factures), ZERO)
        indemnites = sum((f.indemnite for f in factures), ZERO)
        clause_penale = self._clause_penale()
        total_paye = sum((p.montant for p in paiements), ZERO)
        total = principal + interets + indemnites + clause_penale - total_paye
        self._alertes_finales(total)
        return Decompte(
            date=self.jour,
            regime=self._regime(),
            factures=tuple(factures),
            lignes=tuple(l for s in self.suivis for l in s.lignes),
            imputations=tuple(self.imputations),
            principal=principal,
            interets=interets,
            indemnites_forfaitaires=indemnites,
            clause_penale=clause_penale,
            paiements=total_paye,
            total=total,
            calcule_jusquau=self.limite,
            complet=self.taux_manquant is None,
            taux_manquant=self.taux_manquant,
            alertes=tuple(self.alertes),
            conventions=tuple(self._conventions()),
        )

    def _regime(self) -> str:
        if self.b2b:
            return REGIME_PENALITES
        return REGIME_INTERET_LEGAL if self.mise_en_demeure is not None else REGIME_AUCUN

    def _clause_penale(self) -> Decimal:
        montant = self.dossier.creance.clause_penale
        if montant is None:
            return ZERO
        if not any(e.date <= self.jour for e in self.dossier.evenements(MiseEnDemeureEnvoyee, MiseEnDemeureRecue)):
            self.alertes.append(
                f"Clause pénale de {format_montant(montant, 'texte')} non comptée : elle ne peut être réclamée "
                "qu'après une mise en demeure (C. civ. 1231-5)."
            )
            return ZERO
        return montant

    def _alertes_finales(self, total: Decimal) -> None:
        if self.taux_manquant is not None:
            self.alertes.append(
                f"Décompte arrêté au {format_date(self.limite)}, dernier jour dont le taux est "
                f"connu ; aucun document chiffré ne peut être produit. {self.taux_manquant}"
            )
        sous_plancher = [
            f"{t.periode} : {format_taux(t.contractuel_sous_plancher, 'texte')} au lieu de "
            f"{format_taux(t.valeur, 'texte')}"
            for t in sorted(self.taux_utilises.values(), key=lambda t: t.periode)
            if t.contractuel_sous_plancher is not None
        ]
        if sous_plancher:
            self.alertes.append(
                "Taux contractuel inférieur au plancher de trois fois le taux de l'intérêt légal "
                f"(C. com. L441-10 II), le plancher est appliqué ({' ; '.join(sous_plancher)})."
            )
        self.alertes += self._alertes_verification()
        if not self.b2b and self.dossier.creance.penalites is not None:
            self.alertes.append(
                "Taux de pénalités du contrat non appliqué : un débiteur n'agit pas pour son "
                "activité professionnelle (C. com. L441-10 II) ; l'intérêt légal court à compter "
                "de la mise en demeure."
            )
        if not self.b2b and self.mise_en_demeure is None:
            self.alertes.append(
                "Aucun intérêt compté : l'intérêt au taux légal ne court qu'à compter de la mise "
                "en demeure (C. civ. 1231-6, 1344-1), et aucune n'a été reçue à cette date."
            )
        jugement = self.dossier.dernier(JugementRendu)
        if jugement is not None and jugement.date <= self.jour:
            self.alertes.append(
                f"Jugement du {format_date(jugement.date)} : les intérêts postérieurs suivent son dispositif ; "
                "la majoration de 5 points deux mois après qu'il est devenu exécutoire (C. mon. fin. L313-3) "
                "n'est pas calculée par l'outil."
            )
        if total < 0:
            self.alertes.append(
                f"Trop-perçu de {format_montant(-total, 'texte')} : les paiements dépassent "
                "tout ce qui est dû ; il est à restituer au débiteur."
            )

    def _alertes_verification(self) -> list[str]:
        """One alert per kind of unverified rate used: secondary sources, or the user's own file."""
        groupes: dict[tuple[str, str, str], list[str]] = {}
        for taux in sorted(self.taux_utilises.values(), key=lambda t: t.periode):
            if taux.verification != OFFICIELLE:
                groupes.setdefault((taux.verification, taux.ou_verifier, taux.fichier), []).append(taux.periode)
        alertes = []
        for (verification, ou_verifier, fichier), periodes in groupes.items():
            liste = " et ".join(filter(None, [", ".join(periodes[:-1]), periodes[-1]]))
            pluriel = "s" if len(periodes) > 1 else ""
            if verification == UTILISATEUR:
                alertes.append(
                    f"Taux {liste} repris du fichier de taux de l'utilisateur {fichier}, hors table "
                    f"livrée : à vérifier sur {ou_verifier}."
                )
            else:
                alertes.append(f"Taux {liste} issu{pluriel} de sources secondaires : à vérifier sur {ou_verifier}.")
        return alertes

    def _conventions(self) -> list[str]:
        conventions = [
            "Jours comptés du lendemain de la date de départ jusqu'à la date de fin incluse : "
            "une ligne « du A au B » compte les jours de A à B, l'un et l'autre inclus.",
            (
                "Base annuelle : 366 jours pour les jours d'une année bissextile, 365 sinon (choix du dossier)."
                if self.base_366
                else "Base annuelle : 365 jours, années bissextiles comprises (formule d'usage : principal × taux × "
                "jours / 365)."
            ),
            "Chaque ligne est arrondie au centime le plus proche (demi-centime arrondi au-dessus) ; les totaux "
            "sont la somme des lignes.",
            "Périodes découpées au 1er janvier et au 1er juillet (taux semestriels) et à chaque paiement"
            + (", ainsi qu'à chaque capitalisation." if self.capitalisation else "."),
            "Paiements imputés d'abord sur les intérêts ou pénalités échus à leur date, puis sur le principal "
            "(C. civ. 1343-1) ; sans facture désignée ou au-delà de celle-ci, sur les factures échues, la plus "
            "anciennement échue d'abord (C. civ. 1342-10). Les intérêts courent ensuite sur le principal restant.",
        ]
        if self.b2b:
            conventions.append(
                "Pénalités de retard entre professionnels dues dès le lendemain de l'échéance, sans rappel "
                "(C. com. L441-10 II) : taux BCE en vigueur au 1er janvier ou au 1er juillet majoré de 10 points, "
                "ou taux contractuel, jamais inférieur à trois fois le taux de l'intérêt légal."
            )
            if self.dossier.indemnite_forfaitaire:
                conventions.append(
                    "Indemnité forfaitaire pour frais de recouvrement de 40 € par facture payée en "
                    "retard (C. com. L441-10 II, D441-5), non réduite par les paiements partiels."
                )
        else:
            conventions.append(
                f"Intérêts au taux de l'intérêt légal applicable {categorie_taux_legal(self.dossier)} "
                "(C. mon. fin. L313-2), à compter de la mise en "
                "demeure (C. civ. 1231-6, 1344-1) : de la date de sa réception, à défaut de son envoi ; pour une "
                "facture échue après, de son échéance. Pas d'indemnité forfaitaire de 40 € (débiteur non "
                "professionnel)."
            )
        for taux in sorted(self.taux_utilises.values(), key=lambda t: t.periode):
            base_legale = fondement(taux.source)
            precision = reserve(taux.verification, taux.fichier)
            conventions.append(
                f"Taux du {_semestre_en_lettres(taux.periode)} : {format_taux(taux.valeur, 'texte')} "
                f"— {base_legale[:1].lower()}{base_legale[1:]}"
                + (f" ({precision}, à vérifier sur {taux.ou_verifier})." if precision else ".")
            )
        conventions.append(
            "Capitalisation annuelle des intérêts à chaque anniversaire de leur point de départ (C. civ. 1343-2, "
            "prévue par le contrat ou le juge)."
            if self.capitalisation
            else "Pas de capitalisation des intérêts (C. civ. 1343-2 : seulement si le contrat ou le juge la prévoit)."
        )
        return conventions


def _semestre_en_lettres(periode: str) -> str:
    """ "2025 S1" → "1er semestre 2025", as a document filed in court writes it."""
    annee, semestre = periode.split(" S")
    return f"{'1er' if semestre == '1' else '2e'} semestre {annee}"


def fondement(source: str) -> str:
    """A rate's legal basis without the web addresses that back it (`procedure taux` lists those)."""
    return re.split(r"\s*:?\s*https?://", source.split(" ; ")[0])[0].strip()


def date_mise_en_demeure(dossier: Dossier, jour: date) -> date | None:
    """The date legal interest starts from at ``jour`` (C. civ. 1231-6, 1344-1), None when it has not.

    ⚖ Interest starts on the receipt of the first mise en demeure, failing that on its sending.
    A receipt recorded after ``jour`` means the notice had not reached the debtor yet: no interest so far.
    """
    recues = [e.date for e in dossier.evenements(MiseEnDemeureRecue)]
    if recues:
        return min(recues) if min(recues) <= jour else None
    envoyees = [e.date for e in dossier.evenements(MiseEnDemeureEnvoyee) if e.date <= jour]
    return min(envoyees) if envoyees else None


# ---------------------------------------------------------------------------------------------
# Public API


def calculer_decompte(dossier: Dossier, date_reference: date, taux: TableTaux | None = None) -> Decompte:
    """What the case owes at ``date_reference``: lines, imputations, totals, alerts and conventions.

    ``taux`` defaults to the shipped tables merged with the user's file (``charger_taux()``), loaded once.
    A missing rate never raises here: the décompte stops early, ``complet`` is false (see ``exiger_complet``).
    """
    return _Calcul(dossier, date_reference, taux or table_par_defaut()).resultat()


def decompte_dossier(
    fichier: str | Path, date_reference: date | None = None, fichier_taux: Path | None = None
) -> Decompte:
    """Load a case file (and an explicit rate file, if any) and compute its décompte."""
    date_reference = date_reference or date.today()
    dossier = charger_dossier(fichier, date_reference)
    return calculer_decompte(dossier, date_reference, table_par_defaut(fichier_taux))


def exiger_complet(decompte: Decompte) -> Decompte:
    """For documents that print amounts: refuse a décompte stopped by an unknown rate."""
    if not decompte.complet:
        raise TauxInconnu(
            f"Montants incomplets : décompte arrêté au {format_date(decompte.calcule_jusquau)}. "
            f"{decompte.taux_manquant}"
        )
    return decompte


def _chaine_taux(taux: Decimal) -> str:
    return str(taux if taux.as_tuple().exponent <= -2 else taux.quantize(Decimal("0.01")))


def decompte_json(decompte: Decompte) -> dict:
    """The ``decompte`` object of ``status --json`` (docs/architecture.md), amounts as strings with two decimals."""
    return {
        "principal": str(decompte.principal),
        "interets": str(decompte.interets),
        "indemnites_forfaitaires": str(decompte.indemnites_forfaitaires),
        "clause_penale": str(decompte.clause_penale),
        "paiements": str(decompte.paiements),
        "total": str(decompte.total),
        "lignes": [
            {
                "facture": l.facture,
                "du": l.du.isoformat(),
                "au": l.au.isoformat(),
                "jours": l.jours,
                "taux": _chaine_taux(l.taux),
                "base": str(l.base),
                "montant": str(l.montant),
                "base_annuelle": l.base_annuelle,
                "nature": l.nature,
            }
            for l in decompte.lignes
        ],
        "imputations": [
            {
                "date": i.date.isoformat(),
                "montant": str(i.montant),
                "facture": i.facture,
                "sur_interets": str(i.sur_interets),
                "sur_principal": str(i.sur_principal),
            }
            for i in decompte.imputations
        ],
        "factures": [
            {
                "numero": f.numero,
                "echeance": f.echeance.isoformat(),
                "depart_interets": f.depart_interets.isoformat() if f.depart_interets else None,
                "principal": str(f.principal),
                "interets": str(f.interets),
                "indemnite": str(f.indemnite),
                "paye": str(f.paye),
                "reste_du": str(f.reste_du),
            }
            for f in decompte.factures
        ],
        "regime": decompte.regime,
        "date": decompte.date.isoformat(),
        "calcule_jusquau": decompte.calcule_jusquau.isoformat(),
        "complet": decompte.complet,
        "alertes": list(decompte.alertes),
        "conventions": list(decompte.conventions),
    }
