"""Know the debtor: its official identity and published collective proceedings, beside what the case file says.

Read-only unless asked: with ``appliquer`` the identity the directory gives replaces the case file's, and each
published opening or conversion judgment not yet in the history is recorded as `procedure_collective_ouverte`
(publication date from the BODACC), in one atomic, validated, comment-keeping write under the case's lock.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.util import load_yaml_guess_indent

from procedures import bodacc, entreprises
from procedures.dossier import Dossier, Partie, ProcedureCollectiveOuverte, charger_dossier
from procedures.erreurs import ProcedureError
from procedures.evenements import ajouter_evenement, valider_texte
from procedures.exemple import creer_exemple
from procedures.montants import format_date
from procedures.reseau import VARIABLE_HORS_LIGNE, Transport, hors_ligne
from procedures.stockage import ecrire_atomique, verrou

LIBELLES = {
    "denomination": "dénomination",
    "forme": "forme juridique",
    "adresse.ligne1": "adresse (voie)",
    "adresse.code_postal": "code postal",
    "adresse.ville": "ville",
}


@dataclass(frozen=True)
class Ecart:
    champ: str  # path inside the debtor block, e.g. "adresse.ville"
    dossier: str | None
    officiel: str


@dataclass
class Verification:
    """One debtor checked: what could be read, what differs, what was published, what was written."""

    rang: int
    siren: str | None
    identite: entreprises.Identite | None = None
    ecarts: list[Ecart] = field(default_factory=list)
    annonces: list[bodacc.Annonce] = field(default_factory=list)
    nouvelles: list[bodacc.Annonce] = field(default_factory=list)  # published, not yet in the history
    messages: list[str] = field(default_factory=list)
    appliques: list[str] = field(default_factory=list)


def _norme(texte: str | None) -> str:
    """Compare as a clerk would: no accents, no case, no punctuation spacing differences."""
    texte = unicodedata.normalize("NFKD", texte or "")
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower()
    return " ".join(texte.replace(",", " ").replace("'", " ").replace("’", " ").split())


def _ecarts(partie: Partie, identite: entreprises.Identite) -> list[Ecart]:
    officiels = {
        "denomination": identite.denomination,
        "adresse.ligne1": identite.ligne1,
        "adresse.code_postal": identite.code_postal,
        "adresse.ville": identite.ville,
    }
    if identite.nature_juridique in entreprises.FORMES:
        officiels["forme"] = entreprises.FORMES[identite.nature_juridique]
    dossier = {
        "denomination": partie.denomination,
        "forme": partie.forme,
        "adresse.ligne1": partie.adresse.ligne1,
        "adresse.code_postal": partie.adresse.code_postal,
        "adresse.ville": partie.adresse.ville,
    }
    return [
        Ecart(champ, dossier[champ], officiel)
        for champ, officiel in officiels.items()
        if officiel and _norme(dossier[champ]) != _norme(officiel)
    ]


def procedures_non_enregistrees(dossier: Dossier, annonces) -> list[bodacc.Annonce]:
    """The published judgments (``annonces``) the history does not record yet."""
    enregistrees = {(e.date_jugement, e.type) for e in dossier.evenements(ProcedureCollectiveOuverte)}
    return [a for a in annonces if (a.date_jugement, a.type) not in enregistrees]


def refus_procedure_publiee(annonce: bodacc.Annonce) -> str:
    """Why nothing but the claim's declaration may be prepared while ``annonce`` is missing from the history."""
    return (
        f"Procédure collective publiée au BODACC du {format_date(annonce.date_parution)} ({annonce.nature}, "
        f"jugement du {format_date(annonce.date_jugement)}) et absente de l'historique : enregistrez-la "
        "(procedure verifier-debiteur DOSSIER --appliquer), la seule étape est alors la déclaration de "
        "créance (C. com. L622-21, L622-24)."
    )


def verifier(
    dossier: Dossier,
    transport_entreprises: Transport | None = None,
    transport_bodacc: Transport | None = None,
    attendre=None,
) -> list[Verification]:
    """Check every debtor with a SIREN; a service that fails is reported in ``messages``, never raised."""
    resultats = []
    for rang, partie in enumerate(dossier.debiteurs):
        verification = Verification(rang, partie.siren)
        resultats.append(verification)
        if partie.siren is None:
            verification.messages.append(
                f"Débiteur n° {rang + 1} ({partie.nom_complet}) sans SIREN : rien à vérifier en ligne."
            )
            continue
        try:
            verification.identite = entreprises.identite(partie.siren, transport_entreprises, attendre)
            verification.ecarts = _ecarts(partie, verification.identite)
            if not verification.identite.active:
                verification.messages.append(
                    f"Entreprise {verification.identite.etat} : vérifiez sa liquidation (amiable ou judiciaire) et "
                    "qui la représente avant toute démarche."
                )
        except ProcedureError as exc:
            verification.messages.append(str(exc))
        try:
            verification.annonces = bodacc.annonces(partie.siren, transport_bodacc, attendre)
        except ProcedureError as exc:
            verification.messages.append(str(exc))
            continue
        # The events carry no debtor number: only the first debtor's proceedings are recorded here; a
        # co-debtor's is said, since no action may follow against that debtor either (C. com. L622-21).
        if rang == 0:
            verification.nouvelles = procedures_non_enregistrees(dossier, verification.annonces)
        elif verification.annonces:
            verification.messages.append(co_debiteur_en_procedure(rang, partie, verification.annonces[-1]))
    return resultats


def co_debiteur_en_procedure(rang: int, partie: Partie, annonce: bodacc.Annonce) -> str:
    """A co-debtor's published proceeding, which the case's history cannot record: what the law then forbids
    and requires against that debtor."""
    return (
        f"Débiteur n° {rang + 1} ({partie.nom_complet}) : {annonce.nature}, jugement du "
        f"{format_date(annonce.date_jugement)} publié au BODACC du {format_date(annonce.date_parution)}. Aucune "
        "action ni exécution contre ce débiteur (C. com. L622-21) : déclarez la créance à son mandataire "
        "judiciaire dans les deux mois de la publication (L622-24, R622-24) ; l'outil ne suit que les "
        "procédures du premier débiteur."
    )


def evenement_de(annonce: bodacc.Annonce, jour: dt.date) -> ProcedureCollectiveOuverte:
    """The event for a published judgment, recorded on ``jour``; the organ's name stays in the comment."""
    return ProcedureCollectiveOuverte(
        date=max(jour, annonce.date_jugement),
        evenement="procedure_collective_ouverte",
        type=annonce.type,
        date_jugement=annonce.date_jugement,
        tribunal=annonce.tribunal or "tribunal non précisé par le BODACC",
        date_publication=annonce.date_parution,
        conversion=annonce.conversion,
        commentaire=(
            f"BODACC du {format_date(annonce.date_parution)} : {annonce.nature}. {annonce.complement}"
        ).strip()[:2000],
    )


def _reecrire(chemin: Path, modifier, aujourd_hui: dt.date) -> None:
    """Load ``chemin`` keeping comments and layout, let ``modifier`` change the data, validate, write atomically."""
    texte = chemin.read_text(encoding="utf-8-sig")
    _, retrait, decalage = load_yaml_guess_indent(texte)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    # The file's own layout, not ruamel's: "  - " lists under a key give retrait 4, décalage 2, mappings by 2.
    yaml.indent(mapping=max(2, (retrait or 2) - (decalage or 0)), sequence=retrait or 2, offset=decalage or 0)
    donnees = yaml.load(texte)
    modifier(donnees)
    sortie = io.StringIO()
    yaml.dump(donnees, sortie)
    nouveau = sortie.getvalue()
    valider_texte(chemin, nouveau, aujourd_hui)
    ecrire_atomique(chemin, nouveau)


def _appliquer_identite(chemin: Path, verification: Verification, aujourd_hui: dt.date) -> None:
    """Replace the differing debtor fields in place: comments and the rest of the file are kept."""

    def modifier(donnees) -> None:
        bloc = donnees["debiteurs"][verification.rang]
        for ecart in verification.ecarts:
            cible = bloc
            *parents, feuille = ecart.champ.split(".")
            for parent in parents:
                cible = cible[parent]
            cible[feuille] = ecart.officiel

    _reecrire(chemin, modifier, aujourd_hui)
    verification.appliques += [
        f"{LIBELLES[e.champ]} : « {e.dossier or ''} » → « {e.officiel} »" for e in verification.ecarts
    ]


def exemple_depuis_siren(
    repertoire: str | Path,
    siren: str,
    exemple: str = "b2b",
    aujourd_hui: dt.date | None = None,
    transport: Transport | None = None,
    attendre=None,
) -> tuple[Path, entreprises.Identite]:
    """`procedure init --siren`: the example case, its first debtor taken from the directory (name, form, SIREN,
    registered office, legal representative); the user completes the rest (e-mail, RCS town…). The directory is
    asked first: when it cannot answer, no case is created."""
    try:
        identite = entreprises.identite(siren, transport, attendre)
        bloc = _bloc_debiteur(identite)
    except ProcedureError as exc:
        raise type(exc)(f"{exc} Aucun dossier n'a été créé.") from None
    chemin = creer_exemple(Path(repertoire), exemple)

    def modifier(donnees) -> None:
        donnees["debiteurs"][0] = bloc

    with verrou(chemin):
        _reecrire(chemin, modifier, aujourd_hui or dt.date.today())
    return chemin, identite


def _bloc_debiteur(identite: entreprises.Identite) -> dict:
    """The debtor's block of a case file, from the directory's identity."""
    if not (identite.ligne1 and identite.code_postal and identite.ville):
        raise ProcedureError(
            f"SIREN {identite.siren} : adresse du siège incomplète dans l'annuaire ; complétez le débiteur à la main."
        )
    bloc = {"type": "personne_physique" if identite.nature_juridique == "1000" else "personne_morale"}
    bloc["nom" if bloc["type"] == "personne_physique" else "denomination"] = identite.denomination
    if identite.nature_juridique in entreprises.FORMES and bloc["type"] == "personne_morale":
        bloc["forme"] = entreprises.FORMES[identite.nature_juridique]
    bloc["siren"] = identite.siren
    bloc["adresse"] = {"ligne1": identite.ligne1, "code_postal": identite.code_postal, "ville": identite.ville}
    if identite.dirigeants and bloc["type"] == "personne_morale":
        bloc["representant"] = identite.dirigeants[0]
    bloc["professionnel"] = True
    return bloc


def verifier_debiteur(
    fichier: str | Path,
    appliquer: bool = False,
    aujourd_hui: dt.date | None = None,
    transport_entreprises: Transport | None = None,
    transport_bodacc: Transport | None = None,
    attendre=None,
) -> list[Verification]:
    """`procedure verifier-debiteur`: check the case's debtors; with ``appliquer``, write what was found."""
    chemin = Path(fichier)
    aujourd_hui = aujourd_hui or dt.date.today()
    dossier = charger_dossier(chemin, aujourd_hui)
    resultats = verifier(dossier, transport_entreprises, transport_bodacc, attendre)
    if not appliquer:
        return resultats
    with verrou(chemin):
        for verification in resultats:
            if verification.ecarts:
                _appliquer_identite(chemin, verification, aujourd_hui)
        for verification in resultats:
            for annonce in verification.nouvelles:
                ajouter_evenement(chemin, evenement_de(annonce, aujourd_hui), aujourd_hui)
                verification.appliques.append(
                    f"procedure_collective_ouverte enregistrée : {annonce.nature} du "
                    f"{format_date(annonce.date_jugement)} (BODACC du {format_date(annonce.date_parution)})"
                )
    return resultats


def controle_en_ligne(
    fichier: str | Path,
    aujourd_hui: dt.date | None = None,
    transport_entreprises: Transport | None = None,
    transport_bodacc: Transport | None = None,
) -> list[str]:
    """What `next` checks first: messages to print, each saying it comes from the online check; ProcedureError
    when a published proceeding is missing from the history (no suit nor enforcement may follow it, C. com.
    L622-21)."""
    if transport_entreprises is None and transport_bodacc is None and hors_ligne():
        return [
            f"Vérification en ligne désactivée ({VARIABLE_HORS_LIGNE}) : identité du débiteur et procédures "
            "collectives non vérifiées."
        ]
    resultats = verifier_debiteur(fichier, False, aujourd_hui, transport_entreprises, transport_bodacc)
    messages = []
    for verification in resultats:
        messages += verification.messages
        for ecart in verification.ecarts:
            messages.append(
                f"Débiteur n° {verification.rang + 1} : {LIBELLES[ecart.champ]} « {ecart.dossier or ''} » "
                f"dans le dossier, « {ecart.officiel} » selon l'annuaire des entreprises."
            )
        if verification.nouvelles:
            raise ProcedureError(refus_procedure_publiee(verification.nouvelles[-1]))
    return [f"Vérification en ligne : {message}" for message in messages]


def fiche_entreprise(
    siren: str, transport_entreprises: Transport | None = None, transport_bodacc: Transport | None = None, attendre=None
) -> list[str]:
    """`procedure entreprise SIREN`: the identity and the published proceedings, as lines to print."""
    identite = entreprises.identite(siren, transport_entreprises, attendre)
    lignes = [
        f"SIREN {identite.siren} : {identite.denomination}",
        f"  Forme juridique : {identite.forme or 'inconnue'}",
        f"  Siège : {', '.join(x for x in (identite.ligne1, identite.code_postal, identite.ville) if x)}",
        f"  État administratif : {identite.etat}",
    ]
    lignes += [f"  Dirigeant : {d}" for d in identite.dirigeants]
    lignes += _lignes_annonces(bodacc.annonces(siren, transport_bodacc, attendre))
    return lignes


def _lignes_annonces(annonces: list[bodacc.Annonce]) -> list[str]:
    if not annonces:
        return ["  BODACC : aucun jugement d'ouverture ni de conversion publié."]
    return [
        f"  BODACC du {format_date(a.date_parution)} : {a.nature}, jugement du {format_date(a.date_jugement)}, "
        f"{a.tribunal}" + (f" — {a.url}" if a.url else "")
        for a in annonces
    ]


def rendu_verification(resultats: list[Verification], appliquer: bool) -> list[str]:
    """`procedure verifier-debiteur`: the case file beside the official data, differences flagged."""
    lignes = []
    for v in resultats:
        lignes.append(f"Débiteur n° {v.rang + 1}" + (f" (SIREN {v.siren})" if v.siren else ""))
        if v.identite:
            lignes.append(f"  État administratif : {v.identite.etat}")
            lignes += [f"  Dirigeant : {d}" for d in v.identite.dirigeants]
            lignes += [
                f"  ≠ {LIBELLES[e.champ]} : dossier « {e.dossier or ''} », annuaire « {e.officiel} »" for e in v.ecarts
            ]
            if not v.ecarts:
                lignes.append("  = identité conforme à l'annuaire des entreprises")
        if v.annonces or v.siren and not any(m.startswith(bodacc.SERVICE) for m in v.messages):
            lignes += _lignes_annonces(v.annonces)
        lignes += [f"  ! {m}" for m in v.messages]
        lignes += [f"  ✓ {a}" for a in v.appliques]
        if not appliquer and (v.ecarts or v.nouvelles):
            lignes.append("  Rien n'a été modifié : relancez avec --appliquer pour reporter ces informations.")
    return lignes
