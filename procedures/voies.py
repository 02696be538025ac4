"""The routes to an enforcement title besides the default one, and the deadlines of each route once taken.

The state machine (`machine`) picks the default route (injonction de payer, or assignation when the claim is
disputed); this module says which other routes the facts open and how far a route already taken has gone:

- `commandement`: recouvrement des créances commerciales incontestées (CPC exéc. L126-1 to L126-5, loi du
  23 avril 2026): claims invoiced between commerçants, certain, liquid and due, no amount limit; commandement de
  payer served by a commissaire de justice, one month to pay or contest (L126-2), a procès-verbal de
  non-contestation no earlier than 8 days after that month (L126-3), made enforceable by the greffier of the
  court with commercial jurisdiction (L126-4), costs on the debtor (L126-5). Sources: Senate committee text
  (amendments COM-1 to COM-5, 19 Jan 2026, https://www.senat.fr/amendements/commissions/2025-2026/187/),
  service-public of 27 Apr 2026 (https://entreprendre.service-public.gouv.fr/actualites/A18889);
- `petites_creances`: procédure simplifiée de recouvrement des petites créances (CPC exéc. L125-1, R125-1 ff.):
  at most 5 000 € principal and interest (R125-1), a commissaire de justice of the cour d'appel of the debtor's
  domicile, one month to agree, a title only on agreement, costs on the creditor; its failure exempts from the
  amicable attempt (CPC 750-1 5°). The 2026 law's art. 3 excludes claims invoiced between commerçants (Senate
  text, amendment n° 1 rect. of 29 Jan 2026 describing it: https://www.senat.fr/amendements/2025-2026/289/Amdt_1.html);
- `injonction_europeenne`: Reg. (CE) 1896/2006 (CPC 1424-1 ff.), a debtor domiciled in another Member State
  except Denmark (art. 2 § 3); Form A (art. 7), opposition within 30 days of service (art. 16 § 2, Form F),
  declaration of enforceability (art. 18, Form G).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from procedures.calendrier import delai_jours, delai_mois
from procedures.dossier import (
    CommandementDePayerSignifie,
    Contestation,
    Dossier,
    InjonctionEuropeenneExecutoire,
    InjonctionEuropeenneSignifiee,
    PetitesCreancesAccord,
    PetitesCreancesInvitation,
    PetitesCreancesRefus,
    PvNonContestation,
    TitreExecutoireDelivre,
)
from procedures.erreurs import EtapeRefusee
from procedures.etapes import Etape
from procedures.montants import format_date, format_montant

VOIES = ("commandement", "petites_creances", "injonction", "injonction_europeenne", "assignation")
# The law's date; its publication in the Journal officiel was not confirmed: offered from the next day.
LOI_CREANCES_INCONTESTEES = date(2026, 4, 23)
SEUIL_PETITES_CREANCES = Decimal("5000")  # CPC exéc. R125-1, principal and interest, since 1 Jan 2020
DELAI_PV_JOURS = 8  # CPC exéc. L126-3
DELAI_OPPOSITION_EUROPEENNE_JOURS = 30  # Reg. 1896/2006 art. 16 § 2
# Reg. 1896/2006 art. 2 § 3: every Member State but Denmark (ISO 3166-1 codes; Greece is GR).
ETATS_UE_INJONCTION = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    }
)

TITRES_VOIES = (TitreExecutoireDelivre, PetitesCreancesAccord, InjonctionEuropeenneExecutoire)

ALERTE_DECRET_L126 = (
    "Recouvrement des créances commerciales incontestées (loi du 23 avril 2026, CPC exéc. L126-1 "
    "s.) : l'existence d'un décret d'application (mentions du commandement, tarif plafonné des "
    "commissaires de justice) n'a pas pu être confirmée ; vérifiez-la avec le commissaire de "
    "justice avant d'engager la procédure."
)


@dataclass(frozen=True)
class Voie:
    """One route open to the case: what `status` lists and `next --voie` prepares (its `etape`)."""

    voie: str
    nom: str
    fondement: str
    frais: str  # who finally bears the procedure's costs: "debiteur" or "creancier"
    accord_debiteur: bool
    par_defaut: bool
    etape: Etape


def voie_json(v: Voie) -> dict:
    """One entry of `status --json`'s `voies` (docs/architecture.md)."""
    return {
        "voie": v.voie,
        "nom": v.nom,
        "fondement": v.fondement,
        "frais": v.frais,
        "accord_debiteur": v.accord_debiteur,
        "par_defaut": v.par_defaut,
        "etape": v.etape.etape,
        "possible_le": v.etape.possible_le.isoformat() if v.etape.possible_le else None,
        "motif": v.etape.motif,
    }


# ---------------------------------------------------------------------------------------------
# Who may take which route


def entre_commercants(dossier: Dossier) -> bool:
    """Invoiced between commerçants (CPC exéc. L126-1): the creditor and every debtor."""
    return dossier.creancier.est_commercant and all(d.est_commercant for d in dossier.debiteurs)


def debiteurs_europeens(dossier: Dossier) -> list[str]:
    """Countries of the debtors domiciled in another Member State bound by Reg. 1896/2006 (not Denmark)."""
    return sorted(
        {d.adresse.pays for d in dossier.debiteurs if d.adresse.pays != "FR" and d.adresse.pays in ETATS_UE_INJONCTION}
    )


def principal_et_interets(decompte) -> Decimal:
    """What the petites créances threshold counts (CPC exéc. R125-1): principal and interest still owed."""
    return sum((f.principal_restant + f.interets - f.paye_interets for f in decompte.factures), Decimal(0))


def petites_creances_echouee(dossier: Dossier) -> PetitesCreancesRefus | None:
    """The failed attempt that exempts from CPC 750-1 (5°), if any."""
    return dossier.dernier(PetitesCreancesRefus)


def prealable_amiable_voie(dossier: Dossier) -> str | None:
    """The CPC 750-1 5° ground in words for the assignation, when a petites créances attempt failed."""
    refus = petites_creances_echouee(dossier)
    if refus is None:
        return None
    invitation = dossier.dernier(PetitesCreancesInvitation)
    depuis = f"invitation du {format_date(invitation.date)}, " if invitation else ""
    issue = {
        "refus": "refus du débiteur",
        "silence": "absence de réponse du débiteur dans le mois",
        "desaccord": "absence d'accord",
    }[refus.motif]
    return (
        f"le créancier a vainement engagé une procédure simplifiée de recouvrement des petites créances "
        f"({depuis}{issue} constaté le {format_date(refus.date)}), ce qui le dispense de la tentative "
        "préalable de résolution amiable (article 750-1, 5°, du code de procédure civile)"
    )


def voies_ouvertes(analyse, possible_le: date, defaut, quand: str) -> list[Voie]:
    """Every route open once the notice's deadline is over (`possible_le`), the machine's `defaut` step flagged.

    `analyse` is the machine's analysis of the case (dossier, date, décompte, court, disputed or not).
    """
    dossier, jour = analyse.dossier, analyse.jour
    voies: list[Voie] = []
    en_france = not dossier.debiteur_hors_france
    loi_en_vigueur = jour > LOI_CREANCES_INCONTESTEES
    tentative = dossier.dernier(CommandementDePayerSignifie)

    if en_france and entre_commercants(dossier) and loi_en_vigueur and not analyse.contestee and tentative is None:
        voies.append(
            Voie(
                "commandement",
                "Recouvrement des créances commerciales incontestées",
                "CPC exéc. L126-1 à L126-5",
                "debiteur",
                False,
                False,
                Etape(
                    "commandement",
                    possible_le,
                    "Demande au commissaire de justice de signifier un commandement de "
                    "payer : un mois pour payer ou contester, puis procès-verbal de non-contestation rendu exécutoire "
                    "par le greffier du tribunal de commerce ; frais à la charge du débiteur (L126-5).",
                    "CPC exéc. L126-1 à L126-5",
                    documents=("lettre_cj_commandement", "decompte", "bordereau"),
                ),
            )
        )
    montant = principal_et_interets(analyse.decompte)
    exclue = loi_en_vigueur and entre_commercants(dossier)
    if (
        en_france
        and montant <= SEUIL_PETITES_CREANCES
        and not exclue
        and dossier.dernier(PetitesCreancesInvitation) is None
    ):
        voies.append(
            Voie(
                "petites_creances",
                "Procédure simplifiée de recouvrement des petites créances",
                "CPC exéc. L125-1, R125-1 s.",
                "creancier",
                True,
                False,
                Etape(
                    "petites_creances",
                    possible_le,
                    f"Principal et intérêts : {format_montant(montant)}, au plus "
                    "5 000 € : un commissaire de justice du ressort de la cour d'appel du débiteur l'invite à un "
                    "accord (un mois) ; titre exécutoire seulement s'il accepte ; frais à la charge du créancier.",
                    "CPC exéc. L125-1, R125-1",
                    documents=("lettre_cj_petites_creances", "decompte", "bordereau"),
                ),
            )
        )
    if en_france:
        etape = defaut if defaut.etape == "injonction_de_payer" else analyse.etape_injonction(possible_le, quand)
        voies.append(
            Voie(
                "injonction",
                "Injonction de payer",
                "CPC art. 1405 à 1425",
                "debiteur",
                False,
                defaut.etape == "injonction_de_payer",
                etape,
            )
        )
    pays = debiteurs_europeens(dossier)
    if pays:
        # Reg. 1896/2006 art. 6 and 7 § 2 f: the court's jurisdiction follows Reg. (UE) 1215/2012; France's
        # declaration (e-Justice portal, art. 29): commercial court for commercial claims, tribunal judiciaire
        # (or juge des contentieux de la protection) for civil ones, within their subject-matter competence.
        analyse.alertes.append(
            "Injonction de payer européenne : une juridiction française n'est compétente que si le règlement (UE) "
            "n° 1215/2012 la désigne (lieu d'exécution de l'obligation, clause attributive) ; sinon, déposez le "
            "formulaire A dans l'État du débiteur, dans une langue qu'il accepte. Débiteur consommateur : seules "
            "les juridictions de son domicile (règl. 1896/2006, art. 6 § 2). En France : tribunal de commerce en "
            "matière commerciale, tribunal judiciaire en matière civile. Complétez les rubriques 1 (juridiction), "
            "3 (code de compétence) et 5 (frais) du formulaire A."
        )
        voies.append(
            Voie(
                "injonction_europeenne",
                "Injonction de payer européenne",
                "Règl. (CE) n° 1896/2006 ; CPC art. 1424-1 s.",
                "debiteur",
                False,
                False,
                Etape(
                    "injonction_europeenne",
                    possible_le,
                    f"Débiteur établi dans un autre État membre ({', '.join(pays)}) : "
                    "demande au moyen du formulaire A ; opposition possible dans les 30 jours de la signification "
                    "(formulaire F), puis déclaration de force exécutoire (formulaire G).",
                    "Règl. (CE) n° 1896/2006, art. 7",
                    documents=("decompte", "bordereau"),
                ),
            )
        )
    voies.append(
        Voie(
            "assignation",
            "Assignation en paiement",
            "CPC art. 54, 56, 648",
            "debiteur",
            False,
            defaut.etape == "assignation",
            defaut if defaut.etape == "assignation" else analyse.etape_assignation(possible_le),
        )
    )
    return voies


def etape_voie(situation, voie: str):
    """The step `next --voie VOIE` prepares, or EtapeRefusee saying why not (and when)."""
    if voie not in VOIES:
        raise EtapeRefusee(f"Voie « {voie} » inconnue : attendu l'une de {', '.join(VOIES)}.")
    trouvee = next((v for v in situation.voies if v.voie == voie), None)
    if trouvee is None:
        ouvertes = ", ".join(v.voie for v in situation.voies) or "aucune"
        raise EtapeRefusee(
            f"Voie « {voie} » non ouverte à ce dossier au {format_date(situation.date)} "
            f"(voies ouvertes : {ouvertes}). {situation.prochaine_etape.motif}"
        )
    etape = trouvee.etape
    if etape.possible_le is None or etape.possible_le > situation.date:
        quand = f"possible à partir du {format_date(etape.possible_le)}" if etape.possible_le else "pas encore possible"
        raise EtapeRefusee(f"Voie « {voie} » {quand} ({etape.article}) : {etape.motif}")
    return etape


# ---------------------------------------------------------------------------------------------
# A route under way


def delais_commandement(commandement: CommandementDePayerSignifie, departement: str | None):
    """The end of the month to pay or contest (L126-2) and the earliest date of the PV (L126-3).

    ⚖ Both counted per CPC 641 and 642; the 8 days run from the month's last day (after its extension), and
    the earliest PV date is itself put off to a working day (the safe reading: never too early)."""
    fin = delai_mois(
        "Fin du délai pour payer ou contester le commandement",
        commandement.date,
        1,
        departement,
        "CPC exéc. L126-2 ; CPC art. 641 et 642",
    )
    pv = delai_jours(
        "Procès-verbal de non-contestation possible (au plus tôt)",
        fin.date,
        DELAI_PV_JOURS,
        departement,
        "CPC exéc. L126-3 ; CPC art. 641 et 642",
    )
    return fin, pv


def etat_voie(analyse, evenement) -> tuple[str, Etape]:
    """State and next step once a route of this module is under way (`evenement` is its latest event)."""
    dossier, jour = analyse.dossier, analyse.jour
    execution = ("lettre_cj_execution", "decompte")

    if isinstance(evenement, TITRES_VOIES):
        if isinstance(evenement, TitreExecutoireDelivre):
            motif, article = (
                "Procès-verbal de non-contestation rendu exécutoire par le greffier : remise au "
                "commissaire de justice pour exécution forcée (frais à la charge du débiteur, L126-5).",
                "CPC exéc. L126-4, L111-3",
            )
        elif isinstance(evenement, PetitesCreancesAccord):
            motif, article = (
                f"Accord du {format_date(evenement.date)} sur {format_montant(evenement.montant)} : le "
                "commissaire de justice a délivré un titre exécutoire ; exécution forcée si l'accord "
                "n'est pas respecté.",
                "CPC exéc. L125-1, L111-3",
            )
            analyse.alertes.append(
                "Petites créances : l'exécution forcée est confiée à un autre commissaire de "
                "justice que celui qui a délivré le titre (rapport du Sénat n° 288, 2025-2026, "
                "amendement COM-3)."
            )
        else:
            motif, article = (
                "Injonction de payer européenne déclarée exécutoire (formulaire G) : exécutoire dans "
                "les autres États membres sans exequatur, selon le droit de l'État d'exécution.",
                "Règl. (CE) n° 1896/2006, art. 18, 19 et 21",
            )
        return "executoire", Etape("execution", evenement.date, motif, article, documents=execution)

    if isinstance(evenement, (CommandementDePayerSignifie, PvNonContestation)):
        commandement = dossier.dernier(CommandementDePayerSignifie)
        fin, pv = delais_commandement(commandement, analyse.departement)
        analyse.delais += [fin, pv]
        analyse.alertes.append(ALERTE_DECRET_L126)
        contestation = next((c for c in dossier.evenements(Contestation) if c.date >= commandement.date), None)
        if contestation is not None:
            # L126-2: any contest ends the procedure; the claim goes to the judge as a disputed one.
            analyse.contestee = True
            analyse.alertes.append(
                f"Commandement du {format_date(commandement.date)} contesté le "
                f"{format_date(contestation.date)} : la procédure de recouvrement des créances "
                "incontestées prend fin (CPC exéc. L126-2) ; saisissez le juge."
            )
            return "contestee", analyse.voie_judiciaire(
                contestation.date + timedelta(days=1), f"commandement contesté le {format_date(contestation.date)}"
            )
        if isinstance(evenement, PvNonContestation):
            if evenement.date < pv.date:
                analyse.alertes.append(
                    f"Procès-verbal de non-contestation dressé le {format_date(evenement.date)}, "
                    f"avant le {format_date(pv.date)} : irrégulier (CPC exéc. L126-3)."
                )
            return "pv_non_contestation", Etape(
                "aucune",
                None,
                f"Procès-verbal de non-contestation du {format_date(evenement.date)} : le commissaire "
                "de justice demande au greffier du tribunal de commerce de le rendre exécutoire ; enregistrez "
                "titre_executoire_delivre quand c'est fait.",
                "CPC exéc. L126-4",
            )
        quand = (
            f"possible depuis le {format_date(pv.date)}"
            if jour >= pv.date
            else f"possible le {format_date(pv.date)} au plus tôt"
        )
        return "commandement_signifie", Etape(
            "aucune",
            None,
            f"Commandement de payer signifié le {format_date(commandement.date)} : le débiteur a "
            f"jusqu'au {format_date(fin.date)} pour payer ou contester ; procès-verbal de non-contestation {quand}. "
            "Enregistrez pv_non_contestation (ou contestation).",
            "CPC exéc. L126-2, L126-3",
        )

    if isinstance(evenement, (PetitesCreancesInvitation, PetitesCreancesRefus)):
        invitation = dossier.dernier(PetitesCreancesInvitation)
        reponse = delai_mois(
            "Réponse du débiteur (petites créances)",
            invitation.date,
            1,
            analyse.departement,
            "CPC exéc. L125-1 ; CPC art. 641 et 642",
        )
        analyse.delais.append(reponse)
        if isinstance(evenement, PetitesCreancesRefus) or jour > reponse.date:
            analyse.echec_petites_creances = True
            if not isinstance(evenement, PetitesCreancesRefus):
                analyse.alertes.append(
                    f"Aucune réponse du débiteur au {format_date(reponse.date)} : son silence vaut "
                    "refus ; enregistrez petites_creances_refus (motif silence) pour la dispense "
                    "de l'article 750-1 du code de procédure civile."
                )
            depuis = evenement.date if isinstance(evenement, PetitesCreancesRefus) else reponse.date
            return "petites_creances_echouee", analyse.voie_judiciaire(
                depuis + timedelta(days=1), f"procédure des petites créances échouée le {format_date(depuis)}"
            )
        return "petites_creances_en_cours", Etape(
            "aucune",
            None,
            f"Invitation du {format_date(invitation.date)} par {invitation.commissaire} : le débiteur a "
            f"jusqu'au {format_date(reponse.date)} pour accepter ; enregistrez petites_creances_accord ou "
            "petites_creances_refus.",
            "CPC exéc. L125-1",
        )

    if isinstance(evenement, InjonctionEuropeenneSignifiee):
        opposition = delai_jours(
            "Fin du délai d'opposition (formulaire F)",
            evenement.date,
            DELAI_OPPOSITION_EUROPEENNE_JOURS,
            analyse.departement,
            "Règl. (CE) n° 1896/2006, art. 16 § 2 ; Règl. 1182/71, art. 3",
        )
        analyse.delais.append(opposition)
        if jour > opposition.date:
            motif = (
                f"Délai d'opposition expiré le {format_date(opposition.date)} : demandez à la juridiction la "
                "déclaration de force exécutoire (formulaire G), puis enregistrez injonction_europeenne_executoire."
            )
        else:
            motif = (
                f"Injonction européenne signifiée le {format_date(evenement.date)} : opposition possible jusqu'au "
                f"{format_date(opposition.date)} (formulaire F) ; une opposition renvoie à la procédure civile "
                "ordinaire (art. 17)."
            )
        return "injonction_europeenne_signifiee", Etape("aucune", None, motif, "Règl. (CE) n° 1896/2006, art. 16 à 18")

    return "injonction_europeenne_deposee", Etape(
        "aucune",
        None,
        f"Demande d'injonction de payer européenne déposée le {format_date(evenement.date)} au "
        f"{evenement.juridiction} : la juridiction statue en principe dans les 30 jours (formulaire E) ; enregistrez "
        "injonction_europeenne_signifiee après la signification.",
        "Règl. (CE) n° 1896/2006, art. 12",
    )
