"""Recording what happened: one validated event appended to the case file, atomically, under its lock.

The user's comments, key order and layout are kept: only the new lines are added (stockage.ajouter_au_dossier).
The new text is validated in full before it replaces the file, so a refused event never lands.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from procedures.dossier import (
    EVENEMENTS,
    AssignationDelivree,
    Cloture,
    CommandementDePayerSignifie,
    CreanceDeclaree,
    Dossier,
    EcheancierAccorde,
    Evenement,
    FormuleExecutoireApposee,
    Historique,
    InjonctionEuropeenneDeposee,
    InjonctionEuropeenneExecutoire,
    InjonctionEuropeenneSignifiee,
    JugementRendu,
    MiseEnDemeureEnvoyee,
    MiseEnDemeureRecue,
    OppositionFormee,
    OrdonnanceRendue,
    OrdonnanceSignifiee,
    PaiementRecu,
    PetitesCreancesAccord,
    PetitesCreancesInvitation,
    PetitesCreancesRefus,
    ProcedureCollectiveOuverte,
    PvNonContestation,
    RequeteDeposee,
    RequeteRejetee,
    TitreExecutoireDelivre,
    charger_dossier,
    depuis_source,
)
from procedures.erreurs import DossierInvalide, Erreur, EtapeRefusee
from procedures.lecture import Source, analyser_texte, erreurs_pydantic, verifier_taille
from procedures.machine import date_limite_lettre
from procedures.montants import format_date
from procedures.stockage import ajouter_au_dossier, ecrire_dossier, verrou

CLASSES = {get_args(classe.model_fields["evenement"].annotation)[0]: classe for classe in EVENEMENTS}
NOMS_EVENEMENTS = tuple(CLASSES)
_ADAPTATEUR = TypeAdapter(Historique)
OUI = {"oui", "o", "vrai", "true", "yes", "1"}
NON = {"non", "n", "faux", "false", "no", "0"}


def enregistrer(
    chemin_dossier: Path | str,
    evenement: str,
    date_evenement: date | None = None,
    champs: dict[str, Any] | None = None,
    aujourd_hui: date | None = None,
) -> Evenement:
    """Append `evenement` dated `date_evenement` (today by default) with its `champs`; return it validated.

    `champs` values may be strings as typed on the command line ("oui", "1234,56", "2026-03-01") or
    Python values; `echeances` is a list of {date, montant}. A `paiement_recu` is also added to
    `creance.paiements`, in the same write. Raise EtapeRefusee when the history makes it impossible.
    """
    chemin = Path(chemin_dossier)
    aujourd_hui = aujourd_hui or date.today()
    date_evenement = date_evenement or aujourd_hui
    if date_evenement > aujourd_hui:
        raise EtapeRefusee(
            f"{evenement} daté du {format_date(date_evenement)}, après aujourd'hui "
            f"({format_date(aujourd_hui)}) : on n'enregistre que ce qui s'est déjà produit."
        )
    with verrou(chemin):
        nouveau = construire(chemin, evenement, date_evenement, champs or {})
        ajouter_evenement(chemin, nouveau, aujourd_hui)
    return nouveau


def ajouter_evenement(chemin: Path, nouveau: Evenement, aujourd_hui: date) -> None:
    """Append an already-built event; the caller holds the case's lock (`stockage.verrou`)."""
    dossier = charger_dossier(chemin, aujourd_hui)
    verifier_ordre(dossier, nouveau)
    if isinstance(nouveau, MiseEnDemeureEnvoyee) and nouveau.date_limite is None:
        # The letter's own deadline is kept with it: later court documents quote what it demanded.
        nouveau = nouveau.model_copy(update={"date_limite": date_limite_lettre(dossier, nouveau.date).date})
    entree = {
        "date": nouveau.date,
        "evenement": nouveau.evenement,
        **nouveau.model_dump(exclude_unset=True, exclude={"date", "evenement"}),
    }
    ajouts: dict[str, list[dict]] = {"historique": [entree]}
    if isinstance(nouveau, PaiementRecu):
        ajouts["paiements"] = [{"date": nouveau.date, "montant": nouveau.montant, "facture": nouveau.facture}]
    texte = ajouter_au_dossier(chemin, ajouts)
    valider_texte(chemin, texte, aujourd_hui)
    ecrire_dossier(chemin, texte)


def construire(chemin: Path, evenement: str, date_evenement: date, champs: dict[str, Any]) -> Evenement:
    """The event validated by the model of format v1; errors name the field as the user typed it."""
    if evenement not in NOMS_EVENEMENTS:
        raise DossierInvalide(
            [
                Erreur(
                    str(chemin),
                    None,
                    "evenement",
                    f"événement inconnu ({evenement}) : attendu l'un de {', '.join(NOMS_EVENEMENTS)}",
                )
            ]
        )
    modele = CLASSES[evenement].model_fields
    donnees = {"date": date_evenement, "evenement": evenement}
    for nom, valeur in champs.items():
        # A dotted name fills a nested object: -c mandataire_judiciaire.adresse.ville=Lyon
        *parents, feuille = nom.split(".")
        cible = donnees
        for parent in parents:
            cible = cible.setdefault(parent, {})
            if not isinstance(cible, dict):
                raise DossierInvalide([Erreur(str(chemin), None, nom, f"« {parent} » n'est pas un objet")])
        cible[feuille] = (
            _valeur(valeur) if not parents and nom in modele and _booleen(modele[nom].annotation) else valeur
        )
    try:
        return _ADAPTATEUR.validate_python(donnees)
    except ValidationError as exc:
        source = Source(chemin, donnees, {})
        raise DossierInvalide(
            [Erreur(e.fichier, e.ligne, e.champ or evenement, e.message) for e in erreurs_pydantic(source, exc)]
        ) from None


def _booleen(annotation: Any) -> bool:
    return annotation is bool or bool in get_args(annotation)


def _valeur(valeur: Any) -> Any:
    """Command-line words for a boolean field ("oui"/"non"): a montant or numéro typed "1" stays text."""
    if isinstance(valeur, str) and valeur.strip().lower() in OUI | NON:
        return valeur.strip().lower() in OUI
    return valeur


def verifier_ordre(dossier: Dossier, nouveau: Evenement) -> None:
    """Refuse what cannot follow the recorded history, with the reason in French."""

    def refuser(raison: str) -> None:
        raise EtapeRefusee(f"{nouveau.evenement} refusé : {raison}")

    historique = dossier.historique
    if historique and nouveau.date < historique[-1].date:
        refuser(
            f"il est daté du {format_date(nouveau.date)}, avant le dernier événement enregistré "
            f"({historique[-1].evenement} du {format_date(historique[-1].date)}) ; l'historique va du plus "
            "ancien au plus récent."
        )
    if dossier.dernier(Cloture) and not isinstance(nouveau, PaiementRecu):
        refuser("le dossier est clos ; seul un paiement reçu peut encore être enregistré.")
    dernier_judiciaire = dossier.dernier(RequeteDeposee, OrdonnanceRendue, RequeteRejetee)
    requete_en_attente = isinstance(dernier_judiciaire, RequeteDeposee)
    if isinstance(nouveau, MiseEnDemeureRecue) and not dossier.dernier(MiseEnDemeureEnvoyee):
        refuser("aucune mise en demeure n'a été envoyée (enregistrez d'abord mise_en_demeure_envoyee).")
    if isinstance(nouveau, RequeteDeposee) and requete_en_attente:
        refuser(f"une requête déposée le {format_date(dernier_judiciaire.date)} attend encore la décision du juge.")
    # The judge rules on a requête (CPC 1409): accepted (ordonnance) or rejected, once per requête.
    if isinstance(nouveau, (OrdonnanceRendue, RequeteRejetee)) and not requete_en_attente:
        refuser("aucune requête en injonction de payer n'attend de décision (enregistrez d'abord requete_deposee).")
    ordonnance = dossier.dernier(OrdonnanceRendue)
    # Service and opposition both bear on an ordonnance (CPC 1411, 1412).
    if isinstance(nouveau, (OrdonnanceSignifiee, OppositionFormee)) and not ordonnance:
        refuser("aucune ordonnance d'injonction de payer n'a été rendue (enregistrez d'abord ordonnance_rendue).")
    if isinstance(nouveau, FormuleExecutoireApposee):
        # Only a served ordonnance without opposition becomes enforceable (CPC 1422).
        signifiee = dossier.dernier(OrdonnanceSignifiee)
        if not signifiee or (ordonnance and signifiee.date < ordonnance.date):
            refuser("l'ordonnance n'a pas été signifiée (enregistrez d'abord ordonnance_signifiee).")
        if dossier.dernier(OppositionFormee):
            refuser("une opposition a été formée : l'affaire se poursuit devant le tribunal.")
    # A court is seised by an assignation (CPC 54, 750) or, after an injonction, by the opposition (CPC 1417).
    if isinstance(nouveau, JugementRendu) and not dossier.dernier(AssignationDelivree, OppositionFormee):
        refuser("ni assignation délivrée ni opposition formée : aucun procès n'est en cours.")
    if isinstance(nouveau, AssignationDelivree) and nouveau.date_audience < nouveau.date:
        refuser(f"l'audience ({format_date(nouveau.date_audience)}) précède l'assignation.")
    ouverture = dossier.dernier(ProcedureCollectiveOuverte)
    if isinstance(nouveau, CreanceDeclaree) and not ouverture:
        refuser("aucune procédure collective n'est enregistrée (enregistrez d'abord procedure_collective_ouverte).")
    # From the opening judgment, no action for a claim born before it (C. com. L622-21, L631-14, L641-3).
    poursuites = (
        RequeteDeposee,
        AssignationDelivree,
        FormuleExecutoireApposee,
        CommandementDePayerSignifie,
        PetitesCreancesInvitation,
        InjonctionEuropeenneDeposee,
    )
    if isinstance(nouveau, poursuites) and ouverture and nouveau.date >= ouverture.date_jugement:
        refuser(
            f"le débiteur est en procédure collective depuis le {format_date(ouverture.date_jugement)} : "
            "aucune action ni exécution pour une créance antérieure (C. com. L622-21) ; déclarez la créance."
        )
    if isinstance(nouveau, ProcedureCollectiveOuverte) and nouveau.conversion and not ouverture:
        refuser("une conversion suppose une procédure déjà ouverte (enregistrez d'abord son jugement d'ouverture).")
    # Each route's acts follow its opening act (CPC exéc. L126-2 to L126-4, L125-1; Reg. 1896/2006 art. 12-18).
    for suite, prealable, quoi in _SUITES_VOIES:
        if isinstance(nouveau, suite) and not dossier.dernier(prealable):
            refuser(f"{quoi} (enregistrez d'abord {_NOMS[prealable]}).")
    if isinstance(nouveau, EcheancierAccorde):
        dates = [e.date for e in nouveau.echeances]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            refuser("les échéances doivent être à des dates différentes, dans l'ordre chronologique.")
        if dates[0] < nouveau.date:
            refuser(f"la première échéance ({format_date(dates[0])}) précède l'accord.")


_NOMS = {classe: nom for nom, classe in CLASSES.items()}
_SUITES_VOIES = (
    (PvNonContestation, CommandementDePayerSignifie, "aucun commandement de payer n'est enregistré"),
    (TitreExecutoireDelivre, PvNonContestation, "aucun procès-verbal de non-contestation n'est enregistré"),
    (PetitesCreancesAccord, PetitesCreancesInvitation, "aucune invitation (petites créances) n'est enregistrée"),
    (PetitesCreancesRefus, PetitesCreancesInvitation, "aucune invitation (petites créances) n'est enregistrée"),
    (
        InjonctionEuropeenneSignifiee,
        InjonctionEuropeenneDeposee,
        "aucune demande d'injonction européenne n'est enregistrée",
    ),
    (
        InjonctionEuropeenneExecutoire,
        InjonctionEuropeenneSignifiee,
        "aucune signification d'injonction européenne n'est enregistrée",
    ),
)


def valider_texte(chemin: Path, texte: str, date_reference: date) -> None:
    """Validate a would-be content of `chemin` as loading would, in memory: `chemin` is not touched."""
    verifier_taille(chemin, len(texte.encode("utf-8")))
    depuis_source(analyser_texte(chemin, texte), date_reference)
