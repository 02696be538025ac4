"""The state machine: from a case's history and a reference date, where the case stands and what comes next.

Nothing here is stored: the state is derived each time from `historique`, the payments and the date, so a
case file edited by hand never disagrees with a cached state. Rules: docs/legal-reference.md §1, §3, §4.

States (`Situation.etat`):
- `impaye_non_echu`: no unpaid invoice is due yet;
- `impaye_echu`: due and unpaid, no reminder sent yet;
- `relance_en_cours`: reminders sent, no mise en demeure yet;
- `mise_en_demeure_envoyee`: the formal notice's deadline is running;
- `mise_en_demeure_expiree`: its deadline is over: the judicial step is open;
- `contestee`: the debtor disputes the claim (before any judicial step): assignation, not injonction;
- `echeancier_en_cours`: a payment plan is being honoured: escalation suspended;
- `requete_deposee`: the injonction de payer request awaits the judge;
- `requete_rejetee`: the judge refused it (no appeal, CPC 1409): assignation;
- `ordonnance_rendue`: granted, to be served (CPC 1411);
- `ordonnance_non_avenue`: not served in time (CPC 1411): assignation;
- `ordonnance_signifiee`: served, the opposition period (or the 2-month wait) is running;
- `executoire`: enforceable: handoff to the commissaire de justice for enforcement;
- `opposition_formee`: the debtor opposed: contentious proceedings;
- `assignation_delivree`: summons served, awaiting the hearing;
- `jugement_rendu`: judgment obtained: to be served and enforced;
- `paye`: nothing left owed (principal, penalties or interest, fees);
- `clos`: closed by a `cloture` event;
- `prescrit`: prescribed with no judicial step taken: nothing more to do in court;
- `procedure_collective`: the debtor is under a collective proceeding: the claim is to be declared
  (procedures/collective.py), no suit nor enforcement;
- `creance_declaree`: the claim is declared to the mandataire judiciaire or liquidateur.

Other routes to a title (`voies`): `commandement_signifie`, `pv_non_contestation` (CPC exéc. L126-1 ff.),
`petites_creances_en_cours`, `petites_creances_echouee` (CPC exéc. L125-1), `injonction_europeenne_deposee`,
`injonction_europeenne_signifiee` (Reg. 1896/2006); their titles lead to `executoire`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from procedures import collective
from procedures.calendrier import (
    PRESCRIPTION_COMMERCIALE,
    PRESCRIPTION_CONSOMMATEUR,
    Delai,
    ajouter_annees,
    alerte_prescription,
    date_prescription,
    delai_jours,
    delai_mois,
    departement_de,
    prescription_acquise,
)
from procedures.decompte import (
    Decompte,
    DecompteFacture,
    calculer_decompte,
    decompte_json,
    table_par_defaut,
    taux_necessaires,
)
from procedures.dossier import (
    EVENEMENTS_JUDICIAIRES,
    EVENEMENTS_VOIES,
    AssignationDelivree,
    Cloture,
    Contestation,
    DocumentsGeneres,
    Dossier,
    EcheancierAccorde,
    FormuleExecutoireApposee,
    JugementRendu,
    MiseEnDemeureEnvoyee,
    MiseEnDemeureRecue,
    OppositionFormee,
    OrdonnanceRendue,
    OrdonnanceSignifiee,
    PetitesCreancesRefus,
    RelanceEnvoyee,
    RequeteDeposee,
    RequeteRejetee,
    charger_dossier,
)
from procedures.erreurs import ProcedureError, TauxInconnu
from procedures.etapes import Etape
from procedures.juridictions import tribunal_commercial_propose
from procedures.montants import format_date, format_montant
from procedures.pdf import trouver_soffice
from procedures.pieces import Pieces, pieces_communiquees, reception
from procedures.taux import TableTaux, rappels_mise_a_jour, taux_connus_jusquau
from procedures.titre import MontantTitre, montant_titre
from procedures.voies import Voie, etat_voie, voie_json, voies_ouvertes

ETAPES = (
    "attendre_echeance",
    "relance",
    "mise_en_demeure",
    "injonction_de_payer",
    "signification",
    "execution",
    "assignation",
    "declaration_de_creance",
    "aucune",
)

ETATS = {
    "impaye_non_echu": "impayé, non échu",
    "impaye_echu": "impayé, échu",
    "relance_en_cours": "relances en cours",
    "mise_en_demeure_envoyee": "mise en demeure envoyée",
    "mise_en_demeure_expiree": "délai de la mise en demeure expiré",
    "contestee": "créance contestée",
    "echeancier_en_cours": "échéancier en cours",
    "requete_deposee": "requête déposée",
    "requete_rejetee": "requête rejetée",
    "ordonnance_rendue": "ordonnance rendue",
    "ordonnance_non_avenue": "ordonnance non avenue",
    "ordonnance_signifiee": "ordonnance signifiée",
    "executoire": "exécutoire",
    "opposition_formee": "opposition formée",
    "assignation_delivree": "assignation délivrée",
    "jugement_rendu": "jugement rendu",
    "paye": "payé",
    "clos": "clos",
    "prescrit": "prescrit",
    "procedure_collective": "procédure collective ouverte",
    "creance_declaree": "créance déclarée à la procédure collective",
    "commandement_signifie": "commandement de payer signifié",
    "pv_non_contestation": "procès-verbal de non-contestation dressé",
    "petites_creances_en_cours": "procédure des petites créances en cours",
    "petites_creances_echouee": "procédure des petites créances échouée",
    "injonction_europeenne_deposee": "injonction de payer européenne demandée",
    "injonction_europeenne_signifiee": "injonction de payer européenne signifiée",
}

# Décret 2026-96: ordonnances from this date are served within 3 months (not 6) and enforceable
# 2 months after service when no notice of opposition came (CPC 1411, 1422 new).
REFORME_2026 = date(2026, 9, 1)
SEUIL_AVOCAT = Decimal("10000")  # CPC 853 (tribunal de commerce), 761 (tribunal judiciaire)
SEUIL_TENTATIVE_AMIABLE = Decimal("5000")  # CPC 750-1
ARTICLE_DELAI_MISE_EN_DEMEURE = "C. civ. 1344 ; CPC art. 641 et 642"
ALSACE_MOSELLE = frozenset({"57", "67", "68"})
OUTRE_MER = ("97", "98")


@dataclass(frozen=True)
class Prescription:
    delai: Delai
    acquise: bool

    @property
    def date(self) -> date:
        return self.delai.date


@dataclass(frozen=True)
class Juridiction:
    """The court: `type` for the rules, `nom` as it will read (the user's choice, else a proposal)."""

    type: str
    nom: str
    cerfa: str
    commerciale: bool
    intitule: str
    # the debtor's town when the court is a blank (neither chosen, nor named in a requête, nor designated by law)
    ressort: str | None = None
    # why the law designates the proposed court, or why it no longer does: an alert for `status`
    note: str | None = None


@dataclass(frozen=True)
class Situation:
    dossier: Dossier
    date: date
    etat: str
    decompte: Decompte
    delais: list[Delai]
    prescription: Prescription
    juridiction: Juridiction
    prochaine_etape: Etape
    alertes: list[str] = field(default_factory=list)
    procedure_collective: collective.ProcedureCollective | None = None
    taux_connus: str = ""  # up to which day the rate tables are known
    titre: MontantTitre | None = None  # the sums the title awards, on its terms (CPC exéc. L111-2)
    # every route to a title open to the case (procedures.voies); `prochaine_etape` is the default one
    voies: list[Voie] = field(default_factory=list)
    # the pièces the acts list: the user's, then the mise en demeure sent and its receipt (procedures.pieces)
    pieces: Pieces = field(default_factory=Pieces)


def documents_relance(numero: int) -> tuple[str, ...]:
    """Written reminders get firmer from the second on (a phone call's script is chosen by `generation`)."""
    return (f"relance_{min(numero, 2)}",)


# ---------------------------------------------------------------------------------------------
# Where the case is heard


def departement_calendrier(dossier: Dossier) -> str | None:
    """The department whose holidays extend deadlines; None (national days only) for a debtor abroad."""
    try:
        return dossier.departement
    except ProcedureError:
        return None


def juridiction_de(dossier: Dossier, jour: date) -> Juridiction:
    """The competent judge for an injonction de payer and its form (CPC 1406; docs/legal-reference.md §1).

    The court is the user's `juridiction`, else the one named in a recorded requête, else the one the law
    designates for the debtor's town or département on `jour` (procedures.juridictions), else a blank "du
    ressort de" the debtor's town (CPC 1406, ordre public).
    """
    ville = dossier.debiteurs[0].adresse.ville
    commerciale = dossier.nature == "commerciale"
    if dossier.creance.matiere in ("bail_habitation", "credit_consommation"):
        type_, cerfa, intitule = (
            "juge_des_contentieux_de_la_protection",
            "16040*01",
            "juge des contentieux de la protection",
        )
        commerciale = False
    elif commerciale and departement_calendrier(dossier) in ALSACE_MOSELLE:
        # C. com. L731-1 (COJ): commercial matters go to the chambre commerciale of the tribunal judiciaire.
        type_, cerfa, intitule = "tribunal_judiciaire", "12946*02", "chambre commerciale du tribunal judiciaire"
    elif commerciale:
        type_, cerfa, intitule = (
            "tribunal_de_commerce",
            "12946*02",
            "tribunal de commerce (ou tribunal des activités économiques)",
        )
    else:
        type_, cerfa, intitule = "tribunal_judiciaire", "12948*06", "tribunal judiciaire"
    requete = dossier.dernier(RequeteDeposee)
    proposition = None
    # A town or postal code abroad says nothing of French courts (a Berlin code 10115 is no Aube).
    if type_ == "tribunal_de_commerce" and not (dossier.juridiction or requete or dossier.debiteur_hors_france):
        proposition = tribunal_commercial_propose(ville, departement_calendrier(dossier), jour)
    note = proposition.alerte if proposition else None
    if dossier.juridiction:
        nom, ressort = dossier.juridiction.nom, None
    elif requete:
        nom, ressort = requete.juridiction, None
    elif proposition and proposition.nom:
        nom, ressort = proposition.nom, None
    else:
        nom, ressort = f"{intitule} du ressort de {ville}", ville
    return Juridiction(
        type=type_, nom=nom, cerfa=cerfa, commerciale=commerciale, intitule=intitule, ressort=ressort, note=note
    )


def augmentation_distance(dossier: Dossier) -> tuple[int, str | None]:
    """Extra months for a debtor far from the court (CPC 643, 644): +1 overseas, +2 abroad."""
    if dossier.debiteur_hors_france:
        return 2, "CPC art. 643"
    tribunal = departement_calendrier(dossier)
    for debiteur in dossier.debiteurs:
        departement = departement_de(debiteur.adresse.code_postal)
        distants = departement.startswith(OUTRE_MER) or (tribunal or "").startswith(OUTRE_MER)
        if distants and departement != tribunal:
            return 1, "CPC art. 643" if not (tribunal or "").startswith(OUTRE_MER) else "CPC art. 644"
    return 0, None


def delai_signification(dossier: Dossier, ordonnance: OrdonnanceRendue) -> tuple[int, Delai]:
    """The months an ordonnance d'injonction de payer has to be served, and the last day, after which it is
    non avenue (CPC 1411: six months; three for one made from 1 Sept 2026, décret 2026-96)."""
    nouveau_regime = ordonnance.date >= REFORME_2026
    mois = 3 if nouveau_regime else 6
    article = "CPC art. 1411 (décret 2026-96) ; 641 et 642" if nouveau_regime else "CPC art. 1411 ; 641 et 642"
    return mois, delai_mois(
        "Signification de l'ordonnance (sinon non avenue)",
        ordonnance.date,
        mois,
        departement_calendrier(dossier),
        article,
    )


# ---------------------------------------------------------------------------------------------
# Prescription


def delais_apres_signification(
    dossier: Dossier, ordonnance: OrdonnanceRendue, signification: OrdonnanceSignifiee
) -> list[Delai]:
    """The opposition month (CPC 1416, + distance 643-644) and, for the new regime, the 2-month wait
    (CPC 1422, décret 2026-96): the ordonnance is enforceable the day after the later one."""
    departement = departement_calendrier(dossier)
    mois, article_distance = augmentation_distance(dossier)
    article = "CPC art. 1416, 641 et 642" + (f" ; {article_distance}" if article_distance else "")
    delais = [delai_mois("Fin du délai d'opposition", signification.date, 1 + mois, departement, article)]
    if ordonnance.date >= REFORME_2026:
        # ⚖ docs/legal-sources.md §6 ex. 14: art. 642 applied to the end of the 2-month wait (the safe reading).
        delais.append(
            delai_mois(
                "Fin de l'attente de 2 mois après signification",
                signification.date,
                2,
                departement,
                "CPC art. 1422 (décret 2026-96) ; 642",
            )
        )
    return delais


def titre_executoire(dossier: Dossier, jour: date) -> JugementRendu | OrdonnanceRendue | None:
    """The enforceable title the case holds on ``jour``, if any: a judgment, or an ordonnance d'injonction
    de payer served and past its opposition period without opposition (CPC 1422: the effects of a judgment)."""
    jugement = dossier.dernier(JugementRendu)
    if jugement:
        return jugement
    ordonnance = dossier.dernier(OrdonnanceRendue)
    signification = dossier.dernier(OrdonnanceSignifiee)
    if ordonnance is None or dossier.dernier(OppositionFormee):
        return None
    if dossier.dernier(FormuleExecutoireApposee):
        return ordonnance
    if (
        signification
        and signification.date >= ordonnance.date
        and jour > max(d.date for d in delais_apres_signification(dossier, ordonnance, signification))
    ):
        return ordonnance
    return None


def _interruptions_judiciaires(dossier: Dossier) -> list[date]:
    """Judicial demands (C. civ. 2241), save a requête the judge rejected: its interruption is void
    (C. civ. 2243, « définitivement rejetée »; no appeal lies against the rejection, CPC 1409)."""
    dates: list[date] = []
    requete: date | None = None
    for evenement in dossier.historique:
        if isinstance(evenement, RequeteDeposee):
            requete = evenement.date
            dates.append(requete)
        elif isinstance(evenement, RequeteRejetee) and requete is not None:
            dates.remove(requete)
            requete = None
        elif isinstance(evenement, (AssignationDelivree, OrdonnanceSignifiee)):
            dates.append(evenement.date)
    return dates


def prescription_de(dossier: Dossier, decompte: Decompte, jour: date) -> Prescription:
    """Prescription of the claim (C. com. L110-4, C. civ. 2224, C. conso. L218-2), invoice by invoice.

    Interrupted by a payment plan (acknowledgement, C. civ. 2240) and by the requête, the assignation and
    the signification (2241) for every invoice; a payment acknowledges only the invoice it is imputed to
    (2240); a rejected requête interrupts nothing (2243); never a reminder nor a mise en demeure. The
    claim's date is the earliest of the unpaid invoices'. Once an enforceable title exists, its execution
    prescribes in 10 years (CPC exéc. L111-4), counted from the title's date: the earliest reading.
    """
    titre = titre_executoire(dossier, jour)
    if titre is not None:
        fin = ajouter_annees(titre.date, 10)
        nom = "jugement" if isinstance(titre, JugementRendu) else "titre (ordonnance d'injonction de payer)"
        return Prescription(Delai(f"Prescription de l'exécution du {nom}", fin, "CPC exéc. L111-4"), jour > fin)
    if dossier.consommateur:
        annees, article = PRESCRIPTION_CONSOMMATEUR, "C. conso. L218-2"
    elif dossier.creancier.est_commercant or any(d.est_commercant for d in dossier.debiteurs):
        annees, article = PRESCRIPTION_COMMERCIALE, "C. com. L110-4"
    else:
        annees, article = PRESCRIPTION_COMMERCIALE, "C. civ. 2224"
    communes = [e.date for e in dossier.evenements(EcheancierAccorde)] + _interruptions_judiciaires(dossier)
    executions = {f.numero: f.date_execution for f in dossier.creance.factures}
    delais = []
    for facture in factures_dues(decompte):
        paiements = [i.date for i in decompte.imputations if i.facture == facture.numero]
        # Works or services for a consumer: the 2 years run from their completion (Cass. 1re civ.,
        # 19 mai 2021, n° 20-12.520); the due date only when it is not given (alerte_date_execution).
        depart = executions[facture.numero] if dossier.consommateur and executions[facture.numero] else facture.echeance
        delais.append(date_prescription(depart, annees, communes + paiements, article))
    delai = min(delais, key=lambda d: d.date)
    return Prescription(delai, prescription_acquise(delai, jour))


def alerte_date_execution(dossier: Dossier, decompte: Decompte) -> str | None:
    """Against a consumer, an invoice without ``date_execution`` has its prescription counted from its due
    date, later than the completion of the works the case law counts from (C. conso. L218-2; Cass. 1re civ.,
    19 mai 2021, n° 20-12.520): the real end may come sooner."""
    if not dossier.consommateur:
        return None
    executions = {f.numero: f.date_execution for f in dossier.creance.factures}
    sans = [f.numero for f in factures_dues(decompte) if executions[f.numero] is None]
    if not sans:
        return None
    return (
        f"Date d'exécution absente (facture{'s' if len(sans) > 1 else ''} {', '.join(sans)}) : contre un "
        "consommateur, les deux ans de l'article L218-2 du code de la consommation courent de l'achèvement "
        "des travaux ou de l'exécution de la prestation (Cass. 1re civ., 19 mai 2021, n° 20-12.520). "
        "La prescription est comptée ici depuis l'échéance et peut être acquise plus tôt : indiquez "
        "date_execution sur chaque facture."
    )


def delai_mise_en_demeure(
    dossier: Dossier, envoi: MiseEnDemeureEnvoyee, jours: int, departement: str | None
) -> tuple[MiseEnDemeureRecue | None, Delai]:
    """The receipt of ``envoi`` (None if not recorded) and the end of the payment period it gives.

    ⚖ docs/legal-reference.md §3: the period runs from receipt, failing that from sending (C. civ. 1344),
    counted and extended per CPC art. 641 and 642.
    """
    recue = reception(dossier, envoi)
    fin = delai_jours(
        "Fin du délai de la mise en demeure",
        recue.date if recue else envoi.date,
        jours,
        departement,
        ARTICLE_DELAI_MISE_EN_DEMEURE,
    )
    return recue, fin


def date_limite_lettre(dossier: Dossier, jour: date) -> Delai:
    """The pay-by date a mise en demeure dated ``jour`` prints: counted from its own date, the earliest
    possible receipt (C. civ. 1344; CPC 641, 642), so the letter never names a date before the legal one."""
    return delai_jours(
        "Fin du délai de la mise en demeure",
        jour,
        dossier.options.delai_mise_en_demeure_jours,
        departement_calendrier(dossier),
        ARTICLE_DELAI_MISE_EN_DEMEURE,
    )


def ordonnance_partielle(dossier: Dossier, ordonnance: OrdonnanceRendue, taux: TableTaux | None = None) -> bool:
    """The judge kept the requête « pour la somme qu'il retient » (CPC 1409), below what it asked, as the
    décompte stood the day it was filed. With the ordonnance's principal recorded, item by item: less
    principal, less indemnité or clause pénale, or less interest to that day on the title's terms than the
    penalties or interest asked (refused, or granted at a lower rate or from a later day); else its total,
    `montant_accorde`, against the requête's."""
    requete = dossier.dernier(RequeteDeposee)
    if requete is None or (ordonnance.principal is None and ordonnance.montant_accorde is None):
        return False
    taux = taux or table_par_defaut()
    demande = calculer_decompte(dossier, requete.date, taux)
    if ordonnance.principal is None:
        return ordonnance.montant_accorde < demande.total
    zero = Decimal(0)
    demande_et_accorde = [
        (sum((f.principal_restant for f in demande.factures), zero), ordonnance.principal),
        (demande.indemnites_forfaitaires, ordonnance.indemnite or zero),
        (demande.clause_penale, ordonnance.clause_penale or zero),
    ]
    interets_demandes = sum((f.interets - f.paye_interets for f in demande.factures), zero)
    try:
        demande_et_accorde.append(
            (interets_demandes, montant_titre(dossier, ordonnance, requete.date, taux, None).interets)
        )
    except TauxInconnu:
        pass  # a rate the tables lack: the interest is not compared, never guessed
    return any(accorde < demandee for demandee, accorde in demande_et_accorde)


def factures_dues(decompte: Decompte) -> list[DecompteFacture]:
    """Invoices on which something is still owed, per the décompte's imputation of payments (all when none)."""
    return [f for f in decompte.factures if f.reste_du > 0] or list(decompte.factures)


# ---------------------------------------------------------------------------------------------
# The machine


class _Analyse:
    """Collects the deadlines and alerts while deciding the state and the next step."""

    def __init__(
        self,
        dossier: Dossier,
        jour: date,
        decompte: Decompte,
        taux: TableTaux,
        procedure: collective.ProcedureCollective | None = None,
    ):
        self.dossier = dossier
        self.procedure = procedure
        self.jour = jour
        self.decompte = decompte
        self.taux = taux
        self.departement = departement_calendrier(dossier)
        self.juridiction = juridiction_de(dossier, jour)
        self.contestee = dossier.creance.contestee or dossier.dernier(Contestation) is not None
        self.delais: list[Delai] = []
        self.alertes: list[str] = []
        self.voies: list[Voie] = []
        self.echec_petites_creances = dossier.dernier(PetitesCreancesRefus) is not None

    def decider(self, prescription: Prescription) -> tuple[str, Etape]:
        dossier = self.dossier
        cloture = dossier.dernier(Cloture)
        if cloture:
            motifs = {"paye": "payé", "abandon": "abandonné", "irrecouvrable": "irrecouvrable", "autre": "clos"}
            return "clos", Etape(
                "aucune", None, f"Dossier clos le {format_date(cloture.date)} ({motifs[cloture.motif]}).", None
            )
        if self.decompte.total <= 0:
            return "paye", Etape(
                "aucune",
                None,
                "Tout est payé : principal, pénalités ou intérêts et "
                "indemnités. Vous pouvez clore le dossier (procedure record … cloture).",
                "C. civ. 1342",
            )
        if self.procedure is not None:
            return self._collective()
        judiciaire = dossier.dernier(*EVENEMENTS_JUDICIAIRES, *EVENEMENTS_VOIES)
        if judiciaire is not None:
            etat, etape = self._judiciaire(judiciaire)
        elif prescription.acquise and dossier.options.derogation_prescription:
            self.alertes.append(
                f"Prescription calculée comme acquise le {format_date(prescription.date)} "
                f"({prescription.delai.article}) ; l'utilisateur passe outre : "
                f"{dossier.options.derogation_prescription}"
            )
            etat, etape = self._amiable()
        elif prescription.acquise:
            return "prescrit", Etape(
                "aucune",
                None,
                f"Créance prescrite depuis le {format_date(prescription.date + timedelta(days=1))} "
                "et aucun acte interruptif : l'outil ne prépare aucune étape judiciaire (si un acte interruptif "
                "manque à l'historique, indiquez-le dans options.derogation_prescription).",
                prescription.delai.article,
            )
        else:
            etat, etape = self._amiable()
        return self._echeancier(etat, etape)

    def _collective(self) -> tuple[str, Etape]:
        decision = collective.decider(self.dossier, self.jour, self.procedure)
        self.delais += decision.delais
        self.alertes += decision.alertes
        return decision.etat, Etape(
            decision.etape, decision.possible_le, decision.motif, decision.article, documents=decision.documents
        )

    # --- amicable phase and the choice of the judicial route

    def _amiable(self) -> tuple[str, Etape]:
        dossier, options = self.dossier, self.dossier.options
        premiere = min(f.echeance for f in factures_dues(self.decompte))
        if self.contestee:
            self._alerte_contestation()
        if self.jour <= premiere:
            etape = Etape(
                "attendre_echeance",
                premiere + timedelta(days=1),
                f"Aucune facture n'est échue : première relance possible le lendemain de l'échéance "
                f"du {format_date(premiere)}. Une lettre de prévenance peut être envoyée avant.",
                "C. civ. 1305-2",
                documents=("relance_prevenance",),
            )
            return "impaye_non_echu", etape
        mise_en_demeure = dossier.dernier(MiseEnDemeureEnvoyee)
        if mise_en_demeure:
            _, fin = delai_mise_en_demeure(
                dossier, mise_en_demeure, options.delai_mise_en_demeure_jours, self.departement
            )
            self.delais.append(fin)
            etat = "mise_en_demeure_envoyee" if self.jour <= fin.date else "mise_en_demeure_expiree"
            return ("contestee" if self.contestee else etat), self._voie_judiciaire(fin.date + timedelta(days=1))
        # A reminder on or before the due date is a prévenance, not one of the `options.relances`.
        relances = [r for r in dossier.evenements(RelanceEnvoyee) if r.date > premiere]
        if relances:
            suivante = relances[-1].date + timedelta(days=options.delai_entre_relances_jours)
        else:
            suivante = premiere + timedelta(days=1)
        etat = "contestee" if self.contestee else ("relance_en_cours" if relances else "impaye_echu")
        if len(relances) < options.relances:
            numero = len(relances) + 1
            self.delais.append(Delai(f"Relance n° {numero} possible", suivante, "pratique (aucun texte)"))
            motif = f"Relance n° {numero} sur {options.relances}" + (
                f", {options.delai_entre_relances_jours} jours après la précédente."
                if relances
                else ", possible dès le lendemain de l'échéance."
            )
            return etat, Etape(
                "relance", suivante, motif, "pratique (aucun texte)", documents=documents_relance(numero)
            )
        self.delais.append(Delai("Mise en demeure possible", suivante, "C. civ. 1344"))
        motif = (
            "Les relances prévues sont faites : mise en demeure possible"
            if options.relances
            else "Mise en demeure possible dès le lendemain de l'échéance"
        )
        return etat, Etape(
            "mise_en_demeure",
            suivante,
            f"{motif} (délai de paiement donné : "
            f"{options.delai_mise_en_demeure_jours} jours à compter de sa réception).",
            "C. civ. 1344, 1344-1",
            documents=("mise_en_demeure", "decompte"),
        )

    def _alerte_contestation(self) -> None:
        contestation = self.dossier.dernier(Contestation)
        quand = f" le {format_date(contestation.date)} ({contestation.motif})" if contestation else ""
        self.alertes.append(
            f"Créance contestée{quand} : pas d'injonction de payer ; assignation au fond, ou "
            "référé-provision si la contestation n'est pas sérieuse "
            "(CPC art. 835 al. 2, 873 al. 2)."
        )

    def _voie_judiciaire(self, possible_le: date, quand: str | None = None) -> Etape:
        """After the notice's deadline (or a failed other route): the default route, and every route open."""
        quand = quand or f"le délai de la mise en demeure expire le {format_date(possible_le - timedelta(days=1))}"
        etape = self._route_par_defaut(possible_le, quand)
        self.voies = voies_ouvertes(self, possible_le, etape, quand)
        return etape

    def _route_par_defaut(self, possible_le: date, quand: str) -> Etape:
        """Injonction de payer, unless disputed (assignation) or abroad."""
        if self.contestee:
            return self._assignation(possible_le, f"Créance contestée : assignation en paiement ({quand}).")
        if self.dossier.debiteur_hors_france:
            self.alertes.append(
                "Débiteur établi hors de France : l'injonction de payer française n'est pas "
                "ouverte ; dans l'Union européenne (hors Danemark), injonction de payer "
                "européenne (Règl. (CE) n° 1896/2006, formulaire A : procedure next --voie "
                "injonction_europeenne)."
            )
            return Etape(
                "aucune",
                None,
                f"Débiteur hors de France : pas d'injonction de payer française ({quand}) ; "
                "voir l'injonction de payer européenne (Règl. 1896/2006).",
                "CPC art. 1406",
            )
        if self.juridiction.type == "tribunal_de_commerce":
            self.alertes.append(
                "Tribunal de commerce : les frais de greffe sont à consigner dans les 15 jours du "
                "dépôt de la requête, sinon elle est caduque (CPC art. 1425)."
            )
        return self.etape_injonction(possible_le, quand)

    def etape_injonction(self, possible_le: date, quand: str) -> Etape:
        cerfa = self.juridiction.cerfa
        return Etape(
            "injonction_de_payer",
            possible_le,
            f"Requête en injonction de payer au {self.juridiction.nom} (Cerfa {cerfa}) : {quand}.",
            "CPC art. 1405 à 1407",
            cerfa=cerfa,
            documents=("requete_injonction", "decompte", "bordereau"),
        )

    def voie_judiciaire(self, possible_le: date, quand: str) -> Etape:
        """For procedures.voies: back to the judge after another route ended (contested, refused)."""
        return self._voie_judiciaire(possible_le, quand)

    def _alerte_avocat(self) -> None:
        total = self.decompte.total
        if self.juridiction.commerciale and total > SEUIL_AVOCAT:
            self.alertes.append(
                f"Demande de {format_montant(total)}, supérieure à 10 000 € : avocat obligatoire "
                "devant le tribunal de commerce (CPC art. 853)."
            )
        elif (
            self.juridiction.type == "tribunal_judiciaire" and not self.juridiction.commerciale and total > SEUIL_AVOCAT
        ):
            self.alertes.append(
                f"Demande de {format_montant(total)}, supérieure à 10 000 € : avocat obligatoire "
                "devant le tribunal judiciaire (CPC art. 760, 761)."
            )

    def _assignation(self, possible_le: date | None, motif: str) -> Etape:
        total = self.decompte.total
        self._alerte_avocat()
        if not self.juridiction.commerciale and total <= SEUIL_TENTATIVE_AMIABLE:
            if self.echec_petites_creances:
                self.alertes.append(
                    "Procédure simplifiée de recouvrement des petites créances engagée en vain : "
                    "dispense de la tentative préalable de résolution amiable (CPC art. 750-1, 5°), "
                    "mentionnée dans l'assignation."
                )
            else:
                self.alertes.append(
                    f"Demande de {format_montant(total)}, au plus 5 000 € : l'assignation doit "
                    "justifier d'une tentative préalable de conciliation, de médiation ou de "
                    "procédure participative, ou d'un motif de dispense (CPC art. 750-1, 54 5°)."
                )
        return self.etape_assignation(possible_le, motif)

    def etape_assignation(self, possible_le: date | None, motif: str | None = None) -> Etape:
        modele = modele_assignation(self.juridiction)
        motif = motif or f"Assignation en paiement devant le {self.juridiction.nom}."
        etape = Etape(
            "assignation", possible_le, motif, ARTICLES_ASSIGNATION, documents=(modele, "decompte", "bordereau")
        )
        # the référé-provision once `next --refere` prepared it: the step is named as it was prepared
        preparees = [e for e in self.dossier.evenements(DocumentsGeneres) if e.etape == "assignation"]
        return assignation_en_refere(etape, self.juridiction) if preparees and preparees[-1].refere else etape

    # --- judicial phase

    def _judiciaire(self, evenement) -> tuple[str, Etape]:
        jour, dossier = self.jour, self.dossier
        if isinstance(evenement, EVENEMENTS_VOIES):
            return etat_voie(self, evenement)
        if isinstance(evenement, JugementRendu):
            return "jugement_rendu", Etape(
                "execution",
                evenement.date,
                f"Jugement du {format_date(evenement.date)} : exécutoire de droit à "
                "titre provisoire, il doit être signifié avant toute exécution forcée.",
                "CPC art. 503, 514",
                documents=("lettre_cj_execution", "decompte"),
            )
        if isinstance(evenement, AssignationDelivree):
            self.delais.append(Delai("Audience", evenement.date_audience, "CPC art. 56"))
            if self.juridiction.commerciale:
                # Counted backwards from the hearing: CPC 642 does not apply.
                self.delais.append(
                    Delai(
                        "Remise au greffe de l'assignation (au plus tard)",
                        evenement.date_audience - timedelta(days=8),
                        "CPC art. 857",
                    )
                )
            return "assignation_delivree", Etape(
                "aucune",
                None,
                f"Assignation délivrée le {format_date(evenement.date)} : audience le "
                f"{format_date(evenement.date_audience)} ; enregistrez le jugement quand il sera rendu.",
                "CPC art. 56",
            )
        if isinstance(evenement, OppositionFormee):
            # The opposition itself seises the court, which rules on the claim: no assignation (CPC 1417, 1418).
            self._alerte_avocat()
            ordonnance = dossier.dernier(OrdonnanceRendue)
            if ordonnance and ordonnance.date >= REFORME_2026:
                self.alertes.append(
                    "Opposition : si l'avocat est obligatoire, constituez-le dans les 15 jours de "
                    "l'avis du greffe, et produisez l'acte de signification de l'ordonnance à "
                    "l'audience, faute de quoi la demande est irrecevable (CPC art. 1418)."
                )
            return "opposition_formee", Etape(
                "aucune",
                None,
                f"Opposition formée le {format_date(evenement.date)} : le tribunal est saisi de la "
                "demande en paiement et le greffe convoque les parties ; aucune assignation n'est à délivrer. "
                "Enregistrez le jugement quand il sera rendu.",
                "CPC art. 1417, 1418",
            )
        if isinstance(evenement, FormuleExecutoireApposee):
            return "executoire", Etape(
                "execution",
                evenement.date,
                "Ordonnance revêtue de la formule exécutoire : remise au commissaire de justice pour exécution forcée.",
                "CPC art. 1422",
                documents=("lettre_cj_execution", "decompte"),
            )
        if isinstance(evenement, RequeteRejetee):
            return "requete_rejetee", self._assignation(
                evenement.date,
                f"Requête rejetée le {format_date(evenement.date)} ({evenement.motif}) : pas de "
                "recours, mais une assignation en paiement reste possible (CPC art. 1409).",
            )
        if isinstance(evenement, RequeteDeposee):
            if self.juridiction.type == "tribunal_de_commerce":
                frais = delai_jours(
                    "Consignation des frais de greffe (requête)",
                    evenement.date,
                    15,
                    self.departement,
                    "CPC art. 1425 ; 641 et 642",
                )
                self.delais.append(frais)
                self.alertes.append(
                    f"Frais de greffe à consigner au plus tard le {format_date(frais.date)}, faute "
                    "de quoi la requête est caduque (CPC art. 1425)."
                )
            return "requete_deposee", Etape(
                "aucune",
                None,
                f"Requête déposée le {format_date(evenement.date)} au {evenement.juridiction} : "
                "attendez la décision du juge, puis enregistrez ordonnance_rendue ou requete_rejetee.",
                "CPC art. 1409",
            )
        ordonnance = dossier.dernier(OrdonnanceRendue)
        nouveau_regime = ordonnance.date >= REFORME_2026
        if isinstance(evenement, OrdonnanceSignifiee):
            return self._apres_signification(ordonnance, evenement, nouveau_regime)
        mois, limite = delai_signification(dossier, ordonnance)
        self.delais.append(limite)
        if jour > limite.date:
            self.alertes.append(
                f"Ordonnance du {format_date(ordonnance.date)} non signifiée dans les {mois} mois : "
                "non avenue (CPC art. 1411) ; un paiement volontaire ne la sauve pas."
            )
            return "ordonnance_non_avenue", self._assignation(
                limite.date + timedelta(days=1),
                "Ordonnance non avenue faute de signification : il faut "
                "assigner en paiement (ou déposer une nouvelle requête).",
            )
        if ordonnance_partielle(dossier, ordonnance, self.taux):
            self.alertes.append(
                "Ordonnance partielle : vous pouvez ne pas la signifier et agir selon les voies de "
                "droit commun pour le tout (CPC art. 1409 al. 2) ; la signifier, c'est s'en tenir à ce "
                "qu'elle accorde."
            )
        if (limite.date - jour).days <= 30:
            self.alertes.append(
                f"Signifiez l'ordonnance au plus tard le {format_date(limite.date)} : au-delà elle "
                "est non avenue (CPC art. 1411)."
            )
        return "ordonnance_rendue", Etape(
            "signification",
            ordonnance.date,
            f"Ordonnance du {format_date(ordonnance.date)} à faire signifier par "
            f"commissaire de justice au plus tard le {format_date(limite.date)} ({mois} mois).",
            limite.article,
            documents=("lettre_cj_signification", "decompte"),
        )

    def _apres_signification(self, ordonnance, signification, nouveau_regime: bool) -> tuple[str, Etape]:
        attentes = delais_apres_signification(self.dossier, ordonnance, signification)
        self.delais.extend(attentes)
        fin = max(attentes, key=lambda d: d.date)
        article_execution = "CPC art. 1422 (décret 2026-96)" if nouveau_regime else "CPC art. 1422"
        if signification.a_personne is False:
            self.alertes.append(
                "Signification non faite à personne : le délai d'opposition court du premier acte "
                "signifié à personne ou de la première mesure d'exécution rendant les biens "
                "indisponibles (CPC art. 1416 al. 2)."
            )
        elif signification.a_personne is None:
            self.alertes.append(
                "Précisez si la signification a été faite à personne (a_personne) : sinon "
                "le délai d'opposition ne court pas de cette date (CPC art. 1416 al. 2)."
            )
        possible_le = fin.date + timedelta(days=1)
        etat = "executoire" if self.jour >= possible_le else "ordonnance_signifiee"
        if nouveau_regime:
            motif = (
                f"Ordonnance signifiée le {format_date(signification.date)} : sans avis d'opposition du greffe, "
                f"exécution possible dès le {format_date(possible_le)} (2 mois après la signification)."
            )
        else:
            motif = (
                f"Ordonnance signifiée le {format_date(signification.date)} : sans opposition, exécution "
                f"possible dès le {format_date(possible_le)}, lendemain de la fin du délai d'opposition, sur "
                "certificat de non-opposition du greffe (CPC art. 504, 505)."
            )
        # Before décret 2026-96 the creditor proves enforceability by the service and the greffe's certificate
        # that no opposition was made (CPC 504, 505): the letter asking for it comes first.
        documents = (
            ("lettre_cj_execution", "decompte")
            if nouveau_regime
            else ("lettre_greffe_non_opposition", "lettre_cj_execution", "decompte")
        )
        return etat, Etape("execution", possible_le, motif, article_execution, documents=documents)

    # --- payment plan

    def _echeancier(self, etat: str, etape: Etape) -> tuple[str, Etape]:
        """A plan honoured so far suspends escalation; a missed instalment resumes it, not before."""
        plan = self.dossier.dernier(EcheancierAccorde)
        if plan is None or etape.etape == "aucune":
            return etat, etape
        for rang, e in enumerate(plan.echeances, start=1):
            self.delais.append(
                Delai(f"Échéance n° {rang} de l'échéancier ({format_montant(e.montant)})", e.date, "échéancier accordé")
            )
        paiements = [p for p in self.dossier.creance.paiements if p.date >= plan.date]
        du = Decimal(0)
        for e in plan.echeances:
            if e.date >= self.jour:
                break
            du += e.montant
            paye = sum((p.montant for p in paiements if p.date <= e.date), Decimal(0))
            if paye < du:
                self.alertes.append(
                    f"Échéance du {format_date(e.date)} impayée ({format_montant(paye)} payés sur "
                    f"{format_montant(du)} dus) : l'échéancier n'est pas respecté, "
                    "la procédure reprend."
                )
                return etat, _au_plus_tot(etape, e.date + timedelta(days=1))
        derniere = plan.echeances[-1].date
        if self.jour > derniere:
            self.alertes.append("Échéancier respecté, mais il reste un solde dû : la procédure reprend.")
            return etat, _au_plus_tot(etape, derniere + timedelta(days=1))
        if etape.etape == "signification":
            # Cass. 2e civ., 17 Oct 2019, n° 18-18.759: payments do not save an unserved ordonnance.
            self.alertes.append(
                "Échéancier en cours : signifiez tout de même l'ordonnance dans le délai, un "
                "paiement volontaire ne l'empêche pas de devenir non avenue (CPC art. 1411)."
            )
            return etat, etape
        prochaine = next(e for e in plan.echeances if e.date >= self.jour)
        return "echeancier_en_cours", Etape(
            "attendre_echeance",
            prochaine.date + timedelta(days=1),
            f"Échéancier accordé le {format_date(plan.date)} et respecté : prochaine échéance de "
            f"{format_montant(prochaine.montant)} le {format_date(prochaine.date)}. La procédure reprend si elle "
            "n'est pas payée.",
            "C. civ. 1343-5",
            documents=("echeancier",),
        )


def _au_plus_tot(etape: Etape, jour: date) -> Etape:
    if etape.possible_le is None or etape.possible_le >= jour:
        return etape
    return Etape(etape.etape, jour, etape.motif, etape.article, etape.cerfa, etape.documents)


def situation(
    dossier: Dossier, date_reference: date | None = None, taux: TableTaux | None = None, libreoffice: bool = True
) -> Situation:
    """Where the case stands at `date_reference` (today by default) and what the law allows next.

    Pure but for one read: once a mise en demeure is sent, the record of generated files tells which PDF
    is the letter (procedures.pieces). The same dossier, date, rates and outputs give the same result.
    `libreoffice` says whether PDFs can be produced, for the alert only.
    """
    jour = date_reference or date.today()
    taux = taux or table_par_defaut()
    procedure = collective.procedure_collective(dossier, jour, departement_calendrier(dossier))
    if procedure is None:
        decompte = calculer_decompte(dossier, jour, taux)
    else:
        decompte = collective.arreter_au_jugement(calculer_decompte(dossier, procedure.veille, taux), procedure)
    analyse = _Analyse(dossier, jour, decompte, taux, procedure)
    for facture in decompte.factures:
        article = "C. com. L441-10 I" if facture.echeance_par_defaut else "C. civ. 1103"
        analyse.delais.append(Delai(f"Échéance de la facture {facture.numero}", facture.echeance, article))
    prescription = prescription_de(dossier, decompte, jour)
    analyse.delais.append(prescription.delai)
    etat, etape = analyse.decider(prescription)
    alertes = list(decompte.alertes)
    # A declared claim's prescription is interrupted until the proceeding closes (C. com. L622-25-1).
    if etat not in ("paye", "clos", "creance_declaree"):
        alertes += filter(
            None,
            (
                alerte_prescription(prescription.delai, jour),
                None if titre_executoire(dossier, jour) else alerte_date_execution(dossier, decompte),
            ),
        )
    alertes += analyse.alertes
    pieces = pieces_communiquees(dossier)
    if etat not in ("paye", "clos"):
        alertes += pieces.textes(dossier)
    # The court the law designates is proposed, not chosen: the user checks it (procedures.juridictions).
    if analyse.juridiction.note and etat not in ("paye", "clos") and procedure is None:
        alertes.append(analyse.juridiction.note)
    if not libreoffice:
        alertes.append("LibreOffice est introuvable : les documents seront produits en DOCX, sans PDF.")
    if etat not in ("paye", "clos") and procedure is None:  # a collective proceeding stops interest (L622-28)
        legal, bce = taux_necessaires(dossier)
        alertes += rappels_mise_a_jour(taux, jour, legal=legal, bce=bce)
    delais = sorted(analyse.delais, key=lambda d: d.date)
    # An ordonnance not served in time is non avenue (CPC 1411): it awards nothing any more.
    titre = None if etat == "ordonnance_non_avenue" else _montant_du_titre(dossier, jour, taux, alertes)
    return Situation(
        dossier=dossier,
        date=jour,
        etat=etat,
        decompte=decompte,
        delais=delais,
        prescription=prescription,
        juridiction=analyse.juridiction,
        prochaine_etape=etape,
        alertes=list(dict.fromkeys(alertes)),
        procedure_collective=procedure,
        taux_connus=taux_connus_jusquau(taux),
        titre=titre,
        voies=analyse.voies,
        pieces=pieces,
    )


def executoire_le(dossier: Dossier, jour: date) -> date | None:
    """The day the title became enforceable, when known: a judgment's recorded date (its service, CPC 503),
    an ordonnance's day after its opposition period (CPC 1422)."""
    titre = titre_executoire(dossier, jour)
    if isinstance(titre, JugementRendu):
        return titre.executoire_le
    if titre is None:
        return None
    signification = dossier.dernier(OrdonnanceSignifiee)
    if signification is None:
        return None
    return max(d.date for d in delais_apres_signification(dossier, titre, signification)) + timedelta(days=1)


def _montant_du_titre(dossier: Dossier, jour: date, taux: TableTaux, alertes: list[str]) -> MontantTitre | None:
    """What the last ordonnance or judgment awards, to ``jour``; an alert (never a guess) when a rate is missing."""
    titre = dossier.dernier(JugementRendu, OrdonnanceRendue)
    if titre is None:
        return None
    # An opposed ordonnance is no title: the judgment on the opposition replaces it (CPC 1420).
    if isinstance(titre, OrdonnanceRendue) and any(o.date >= titre.date for o in dossier.evenements(OppositionFormee)):
        return None
    try:
        return montant_titre(dossier, titre, jour, taux, executoire_le(dossier, jour))
    except TauxInconnu as exc:
        alertes.append(f"Sommes dues selon le titre non calculées : {exc}")
        return None


def etape_json(etape: Etape) -> dict:
    """The next step as `status --json` and `lot --json` give it (docs/architecture.md)."""
    return {
        "etape": etape.etape,
        "possible_le": etape.possible_le.isoformat() if etape.possible_le else None,
        "motif": etape.motif,
        "article": etape.article,
        # only for the référé-provision assignation (next --refere), like `cerfa` for the injonction
        **({"refere": True} if etape.refere else {}),
    }


def status_json(s: Situation) -> dict:
    """The `status --json` object: the contract of docs/architecture.md, keys and values exactly."""
    etape = s.prochaine_etape
    prochaine = etape_json(etape)
    if etape.etape == "injonction_de_payer":
        prochaine["cerfa"] = etape.cerfa
    return {
        "etat": s.etat,
        "date": s.date.isoformat(),
        "prochaine_etape": prochaine,
        "decompte": decompte_json(s.decompte),
        "delais": [{"nom": d.nom, "date": d.date.isoformat(), "article": d.article} for d in s.delais],
        "prescription": {"date": s.prescription.date.isoformat(), "acquise": s.prescription.acquise},
        "juridiction": {"type": s.juridiction.type, "nom": s.juridiction.nom},
        "alertes": s.alertes,
        **collective.status_json(s.procedure_collective),
        "voies": [voie_json(v) for v in s.voies],
    }


def situation_dossier(
    fichier: str | Path,
    date_reference: date | None = None,
    fichier_taux: Path | None = None,
    libreoffice: bool | None = None,
) -> Situation:
    """Load a case file (and an explicit rate file, if any) and tell where it stands. `libreoffice` (looked
    up when None) lets a caller handling many cases search the PATH once."""
    date_reference = date_reference or date.today()
    dossier = charger_dossier(fichier, date_reference)
    if libreoffice is None:
        libreoffice = trouver_soffice() is not None
    return situation(dossier, date_reference, table_par_defaut(fichier_taux), libreoffice=libreoffice)


ARTICLES_ASSIGNATION = "CPC art. 54, 56, 648"


def modele_assignation(juridiction: Juridiction) -> str:
    return "assignation_tc" if juridiction.commerciale else "assignation_tj"


def assignation_au_fond(etape: Etape, juridiction: Juridiction) -> Etape:
    """The assignation on the merits, before the court itself: the step unless the référé is chosen."""
    modele = modele_assignation(juridiction)
    return replace(
        etape,
        refere=False,
        motif=f"Assignation en paiement devant le {juridiction.nom}.",
        article=ARTICLES_ASSIGNATION,
        documents=tuple(modele if m.startswith("assignation_") else m for m in etape.documents),
    )


def assignation_en_refere(etape: Etape, juridiction: Juridiction) -> Etape:
    """The assignation step in référé-provision: before the court's président, for an obligation that is not
    seriously disputable (CPC 873 al. 2 at the tribunal de commerce, 835 al. 2 otherwise), on the one template
    that cites either."""
    article = "CPC art. 872, 873 al. 2" if juridiction.commerciale else "CPC art. 834, 835 al. 2"
    return replace(
        etape,
        refere=True,
        motif=f"Assignation en référé-provision devant le président du {juridiction.nom} : obligation non "
        "sérieusement contestable, provision.",
        article=article,
        documents=tuple("assignation_refere_provision" if m.startswith("assignation_") else m for m in etape.documents),
    )


def etiquette_etape(etape: Etape) -> str:
    """The step as `status`, `next` and `lot` name it: the assignation says when it is the référé-provision."""
    return "assignation en référé-provision" if etape.refere else ETIQUETTES_ETAPES[etape.etape]


ETIQUETTES_ETAPES = {
    "attendre_echeance": "attendre l'échéance",
    "relance": "relance amiable",
    "mise_en_demeure": "mise en demeure",
    "injonction_de_payer": "requête en injonction de payer",
    "signification": "signification de l'ordonnance",
    "execution": "exécution forcée",
    "assignation": "assignation en paiement",
    "declaration_de_creance": "déclaration de créance",
    "aucune": "aucune",
    "commandement": "commandement de payer (créance commerciale incontestée)",
    "petites_creances": "procédure simplifiée des petites créances",
    "injonction_europeenne": "injonction de payer européenne",
}
