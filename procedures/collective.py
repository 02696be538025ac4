"""The debtor under a collective proceeding: sauvegarde, redressement or liquidation judiciaire (C. com. L620-1 ff.).

From the opening judgment the creditor may no longer sue nor enforce for a claim born before it
(L622-21; L631-14 for redressement, L641-3 for liquidation) and a pending instance is interrupted (L622-22):
the only step is the déclaration de créance to the mandataire judiciaire or the liquidateur, within two
months of the judgment's publication in the BODACC (L622-24, R622-24), on pain of forclusion (L622-26).
Interest and penalties stop at the judgment (L622-28), so the décompte is arrêté at that date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from procedures.calendrier import Delai, delai_mois, departement_de
from procedures.decompte import Decompte
from procedures.dossier import (
    AssignationDelivree,
    CreanceDeclaree,
    Dossier,
    FormuleExecutoireApposee,
    JugementRendu,
    OppositionFormee,
    OrdonnanceRendue,
    ProcedureCollectiveOuverte,
    RequeteDeposee,
    RequeteRejetee,
)
from procedures.montants import format_date

TYPES = {
    "sauvegarde": "procédure de sauvegarde",
    "redressement": "redressement judiciaire",
    "liquidation": "liquidation judiciaire",
}
# The article that makes the sauvegarde's rules apply to each proceeding.
ARTICLES_RENVOI = {
    "sauvegarde": "C. com. L622-21",
    "redressement": "C. com. L622-21, L631-14",
    "liquidation": "C. com. L622-21, L641-3",
}
ARTICLE_DELAI = "C. com. L622-24, R622-24 ; CPC art. 640 à 642"
ARTICLE_RELEVE = "C. com. L622-26 ; CPC art. 642"
ALERTE_JOURS = 15
MODES = {
    "lrar": "lettre recommandée avec demande d'avis de réception",
    "lettre_recommandee_electronique": "lettre recommandée électronique",
    "portail": "le portail des mandataires",
    "courrier": "courrier simple",
    "remise_en_main_propre": "remise en main propre",
}
DOCUMENTS = ("declaration_de_creance", "decompte", "bordereau")


@dataclass(frozen=True)
class ProcedureCollective:
    """One proceeding: the judgment that opened it, the last one (a conversion) and the declaration made."""

    ouverture: ProcedureCollectiveOuverte
    actuelle: ProcedureCollectiveOuverte
    declaration: CreanceDeclaree | None
    delai: Delai | None  # None while the BODACC publication date is unknown
    releve: Delai | None

    @property
    def date_jugement(self) -> date:
        return self.ouverture.date_jugement

    @property
    def veille(self) -> date:
        """The last day interest runs: the judgment takes effect at zero hour of its date (C. com. R621-4,
        R631-7, R641-1), so whatever happens that day (a payment too) comes after it."""
        return self.ouverture.date_jugement - timedelta(days=1)

    @property
    def qualite_organe(self) -> str:
        return "liquidateur" if self.actuelle.type == "liquidation" else "mandataire judiciaire"


@dataclass(frozen=True)
class Decision:
    etat: str
    etape: str
    possible_le: date | None
    motif: str
    article: str
    documents: tuple[str, ...]
    delais: list[Delai]
    alertes: list[str]


def creancier_eloigne(dossier: Dossier) -> bool:
    """R622-24 al. 2 and 3: + 2 months for a creditor not living where the court sits (metropolitan France, or
    the overseas department or collectivity of the court)."""
    creancier = dossier.creancier.adresse
    if creancier.pays != "FR":
        return True
    debiteur = dossier.debiteurs[0].adresse
    tribunal = departement_de(debiteur.code_postal) if debiteur.pays == "FR" else ""
    lieu = departement_de(creancier.code_postal)
    if tribunal.startswith(("97", "98")):
        return lieu != tribunal
    return lieu.startswith(("97", "98"))


def procedure_collective(dossier: Dossier, jour: date, departement: str | None) -> ProcedureCollective | None:
    """The proceeding opened against the debtor by ``jour``, if any.

    A conversion (into liquidation) continues the same proceeding: the declaration made stands and no new
    period opens (C. com. L631-15 II, L641-1); any other later opening judgment starts a new proceeding.
    """
    jugements = [e for e in dossier.evenements(ProcedureCollectiveOuverte) if e.date_jugement <= jour]
    if not jugements:
        return None
    debut = max((i for i, e in enumerate(jugements) if not e.conversion), default=0)
    ouverture, actuelle = jugements[debut], jugements[-1]
    declaration = next(
        (e for e in reversed(dossier.evenements(CreanceDeclaree)) if ouverture.date_jugement <= e.date <= jour), None
    )
    delai = releve = None
    if ouverture.date_publication is not None:
        mois = 4 if creancier_eloigne(dossier) else 2
        delai = delai_mois(
            "Déclaration de créance au mandataire judiciaire",
            ouverture.date_publication,
            mois,
            departement,
            ARTICLE_DELAI,
        )
        releve = delai_mois(
            "Relevé de forclusion (requête au juge-commissaire)",
            ouverture.date_publication,
            6,
            departement,
            ARTICLE_RELEVE,
        )
    return ProcedureCollective(ouverture, actuelle, declaration, delai, releve)


def instance_en_cours(dossier: Dossier, jugement: date) -> tuple[str, date] | None:
    """(what, since when) for an action begun before the judgment and not ended by a
    decision: interrupted by the judgment (L622-22), named in the declaration (R622-23 3°)."""
    avant = [e for e in dossier.historique if e.date <= jugement]
    fin = next(
        (e for e in reversed(avant) if isinstance(e, (JugementRendu, RequeteRejetee, FormuleExecutoireApposee))), None
    )
    for evenement in reversed(avant):
        if evenement is fin:
            return None
        if isinstance(evenement, OppositionFormee):
            return "opposition à injonction de payer", evenement.date
        if isinstance(evenement, AssignationDelivree):
            return "assignation en paiement", evenement.date
        if isinstance(evenement, (RequeteDeposee, OrdonnanceRendue)):
            return "requête en injonction de payer", evenement.date
    return None


def titre_executoire(dossier: Dossier, jugement: date) -> bool:
    """A claim established by an enforceable title need not be certified sincere (L622-25 al. 3)."""
    return any(e.date <= jugement for e in dossier.evenements(JugementRendu, FormuleExecutoireApposee))


def arreter_au_jugement(decompte: Decompte, procedure: ProcedureCollective) -> Decompte:
    """The décompte computed up to the opening judgment, with the rule that stops it stated (L622-28)."""
    jugement = format_date(procedure.date_jugement)
    regle = (
        f"Décompte arrêté au jugement d'ouverture du {jugement} ({TYPES[procedure.ouverture.type]}) : ce "
        "jugement arrête le cours des intérêts légaux et conventionnels, des intérêts de retard et des "
        "majorations (C. com. L622-28 al. 1, rendu applicable par L631-14 au redressement et par L641-3 à la "
        "liquidation) ; l'exception des prêts d'un an ou plus et des contrats à paiement différé d'un an ou "
        "plus ne s'applique pas à une créance de factures. Le jugement prenant effet à zéro heure du jour où "
        f"il est rendu (C. com. R621-4, R631-7, R641-1), les intérêts sont comptés jusqu'au "
        f"{format_date(procedure.veille)} inclus et les paiements reçus à partir du {jugement} ne sont pas "
        "déduits ; l'indemnité forfaitaire de 40 € n'est comptée que pour les factures échues avant le "
        "jugement (C. com. L441-10 II)."
    )
    return dataclasses.replace(decompte, conventions=decompte.conventions + (regle,))


def decider(dossier: Dossier, jour: date, procedure: ProcedureCollective) -> Decision:
    """State and next step once the proceeding is open: the declaration, never a suit nor enforcement."""
    ouverture, actuelle = procedure.ouverture, procedure.actuelle
    delais = [
        Delai(
            f"Jugement d'ouverture ({TYPES[ouverture.type]})", ouverture.date_jugement, ARTICLES_RENVOI[ouverture.type]
        )
    ]
    if ouverture.date_publication:
        delais.append(Delai("Publication du jugement au BODACC", ouverture.date_publication, "C. com. R621-8"))
    if actuelle is not ouverture:
        delais.append(
            Delai(f"Jugement de conversion ({TYPES[actuelle.type]})", actuelle.date_jugement, "C. com. L631-15 II")
        )
    delais += [d for d in (procedure.delai, procedure.releve) if d is not None]
    alertes = [
        f"{TYPES[actuelle.type].capitalize()} de {dossier.debiteurs[0].nom_complet} (jugement du "
        f"{format_date(actuelle.date_jugement)}, {actuelle.tribunal}) : aucune injonction de payer, "
        "assignation ni mesure d'exécution pour une créance antérieure au jugement d'ouverture "
        f"({ARTICLES_RENVOI[actuelle.type]})."
    ]
    if len(dossier.debiteurs) > 1:
        alertes.append(
            "Dossier à plusieurs débiteurs : la procédure collective ne protège que le débiteur qui en "
            "fait l'objet ; les poursuites contre les autres (sauf cautions personnes physiques, "
            "suspendues : C. com. L622-28 al. 2) se mènent dans un dossier distinct."
        )
    instance = instance_en_cours(dossier, ouverture.date_jugement)
    if instance:
        acte, depuis = instance
        alertes.append(
            f"Instance en cours ({acte} du {format_date(depuis)}) interrompue par le jugement "
            "d'ouverture : après la déclaration, elle ne reprend que pour constater la créance et en "
            "fixer le montant, le mandataire judiciaire appelé (C. com. L622-22)."
        )
    article = ARTICLES_RENVOI[actuelle.type] + " ; L622-24"
    organe = procedure.qualite_organe
    if actuelle.mandataire_judiciaire is not None:
        organe += f" ({actuelle.mandataire_judiciaire.nom})"
    else:
        alertes.append(
            f"Nom et adresse du {procedure.qualite_organe} non renseignés (mandataire_judiciaire de "
            "l'événement procedure_collective_ouverte) : ils figurent dans l'annonce du BODACC ; la "
            "déclaration porte un blanc à compléter."
        )

    if procedure.declaration is not None:
        declaration = procedure.declaration
        conversion = ""
        if actuelle is not ouverture and actuelle.date_jugement >= declaration.date:
            conversion = (
                f" La conversion en {TYPES[actuelle.type]} du {format_date(actuelle.date_jugement)} "
                "poursuit la même procédure : la déclaration faite vaut, rien à redéclarer."
            )
        if procedure.delai and declaration.date > procedure.delai.date:
            alertes.append(
                f"Déclaration du {format_date(declaration.date)} faite après le délai expiré le "
                f"{format_date(procedure.delai.date)} : sans relevé de forclusion par le juge-commissaire "
                "(au plus tard le " + format_date(procedure.releve.date) + "), la créance n'est pas admise "
                "aux répartitions (C. com. L622-26)."
            )
        return Decision(
            "creance_declaree",
            "aucune",
            None,
            f"Créance déclarée le {format_date(declaration.date)} ({MODES[declaration.mode]}) au {organe}.{conversion} "
            "Le mandataire vérifie les créances ; s'il en discute une, répondez dans les 30 jours de son avis, "
            "sinon toute contestation ultérieure est interdite (C. com. L622-27).",
            "C. com. L622-24, L622-27",
            (),
            delais,
            alertes,
        )

    possible_le = ouverture.date_jugement
    motif = (
        f"Déclarez la créance au {organe}, au plus tard le {format_date(procedure.delai.date)} "
        f"(publication au BODACC du {format_date(ouverture.date_publication)} + "
        f"{4 if creancier_eloigne(dossier) else 2} mois)."
        if procedure.delai
        else f"Déclarez la créance au {organe} : le délai de deux mois court de la publication du jugement au BODACC, "
        "dont la date n'est pas renseignée."
    )
    if procedure.delai is None:
        alertes.append(
            "Date de publication au BODACC inconnue : le délai de déclaration (deux mois, quatre pour un "
            "créancier éloigné) court de cette publication (C. com. R622-24) ; renseignez date_publication "
            "dans l'événement procedure_collective_ouverte, et déclarez sans attendre."
        )
    elif jour > procedure.releve.date:
        alertes.append(
            f"Délai de déclaration expiré le {format_date(procedure.delai.date)} et délai de six mois pour "
            f"demander un relevé de forclusion expiré le {format_date(procedure.releve.date)} : la créance "
            "n'est pas admise aux répartitions et dividendes (C. com. L622-26) ; le délai n'est porté à "
            "un an que pour un créancier qui ne pouvait connaître sa créance."
        )
        return Decision(
            "procedure_collective",
            "aucune",
            None,
            f"Créance non déclarée dans le délai expiré le {format_date(procedure.delai.date)} : "
            "forclusion, relevé de forclusion hors délai.",
            ARTICLE_RELEVE,
            (),
            delais,
            alertes,
        )
    elif jour > procedure.delai.date:
        alertes.append(
            f"Délai de déclaration expiré le {format_date(procedure.delai.date)} : la créance n'est pas "
            "admise aux répartitions et dividendes. Demandez au juge-commissaire un relevé de forclusion "
            f"au plus tard le {format_date(procedure.releve.date)}, en établissant que la défaillance "
            "n'est pas de votre fait ou qu'elle est due à une omission du débiteur sur la liste de ses "
            "créanciers, et joignez la déclaration (C. com. L622-26, L622-6)."
        )
        motif = (
            f"Délai de déclaration expiré le {format_date(procedure.delai.date)} : déclaration à joindre à une "
            "requête en relevé de forclusion au juge-commissaire, au plus tard le "
            f"{format_date(procedure.releve.date)}."
        )
        article = ARTICLE_RELEVE
    elif (procedure.delai.date - jour).days <= ALERTE_JOURS:
        alertes.append(
            f"Déclaration de créance à faire parvenir au plus tard le {format_date(procedure.delai.date)} : "
            "au-delà, forclusion, et seul un relevé de forclusion demandé au juge-commissaire dans les "
            f"six mois de la publication (au plus tard le {format_date(procedure.releve.date)}) peut la "
            "lever (C. com. L622-26)."
        )
    return Decision(
        "procedure_collective", "declaration_de_creance", possible_le, motif, article, DOCUMENTS, delais, alertes
    )


def lignes_declaration(decompte: Decompte, jugement: date) -> tuple[list, list]:
    """(invoices due at the judgment, invoices falling due after it) from the décompte arrêté at the judgment:
    the declaration states the amount due at the judgment and the sums to fall due with their dates (L622-25)."""
    echues = [f for f in decompte.factures if f.echeance < jugement and f.reste_du > 0]
    a_echoir = [f for f in decompte.factures if f.echeance >= jugement and f.reste_du > 0]
    return echues, a_echoir


def montant_echu(decompte: Decompte, jugement: date) -> Decimal:
    """Everything owed at the judgment (principal, interest, indemnities, clause pénale) less the sums to fall due."""
    _, a_echoir = lignes_declaration(decompte, jugement)
    return decompte.total - sum((f.reste_du for f in a_echoir), Decimal("0.00"))


def _iso(jour: date | None) -> str | None:
    return jour.isoformat() if jour else None


def status_json(procedure: ProcedureCollective | None) -> dict:
    """The `procedure_collective` and `declaration_de_creance` keys of `status --json` (null outside one)."""
    if procedure is None:
        return {"procedure_collective": None, "declaration_de_creance": None}
    ouverture, actuelle, declaration = procedure.ouverture, procedure.actuelle, procedure.declaration
    organe = actuelle.mandataire_judiciaire
    return {
        "procedure_collective": {
            "type": actuelle.type,
            "date_jugement": ouverture.date_jugement.isoformat(),
            "tribunal": actuelle.tribunal,
            "date_publication": _iso(ouverture.date_publication),
            "conversion": (
                {"type": actuelle.type, "date_jugement": actuelle.date_jugement.isoformat()}
                if actuelle is not ouverture
                else None
            ),
            "mandataire_judiciaire": {
                "qualite": procedure.qualite_organe.replace(" ", "_"),
                "nom": organe.nom if organe else None,
                "adresse": organe.adresse.lignes if organe else None,
            },
        },
        "declaration_de_creance": {
            "date_limite": _iso(procedure.delai.date if procedure.delai else None),
            "releve_forclusion_au_plus_tard": _iso(procedure.releve.date if procedure.releve else None),
            "declaree_le": _iso(declaration.date if declaration else None),
            "mode": declaration.mode if declaration else None,
        },
    }
