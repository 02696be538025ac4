"""The handoff package for the commissaire de justice: one ZIP holding what serving or enforcing needs.

Contents (docs/legal-sources.md §1.6, compiled from CPC 648 and 1410-1411):
  01-lettre/      the letter to the commissaire de justice, one per debtor (§1.6 item 8), as it is on disk
                  (the lawyer's edits kept);
  02-titre/       the ordonnance bearing the formule exécutoire, or the judgment (the file recorded with it);
                  to enforce an ordonnance, the act that served it (ordonnance_signifiee.fichier) too;
  03-requete/     the requête, its décompte and Cerfa (or, for a judgment, 03-assignation/: the summons);
  04-pieces/      the bordereau and the stamped bundle (the pièces themselves when no bundle was made);
  05-decompte/    the décompte at the reference date, as JSON and as a PDF table;
  06-parties/     the creditor's identity (CPC 648) and one identity sheet per debtor, JSON and PDF;
  07-historique/  the case's events;
  delai.json, instructions.txt, manifest.json (size and SHA-256 of every other file, and what is missing).

A request for another route (procedures.voies: a commandement de payer, CPC exéc. L126-2, or the petites
créances procedure, L125-1) goes the same way: 01-lettre/ the request, 02-mise-en-demeure/ the notice sent,
04-pieces/ (the invoices are pièces), 05-decompte/, 06-parties/, 07-historique/. To enforce a title of
such a route, 02-titre/ holds the file recorded with it.

Nothing expected is skipped silently: a missing input is a French warning and a `manquants` entry.
The same inputs give the same bytes: sorted entries, fixed dates, modes and compression, sorted JSON,
PDFs drawn with reportlab's `invariant` mode.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from procedures import __version__
from procedures.contexte import forme_longue
from procedures.decompte import REGIME_INTERET_LEGAL, REGIME_PENALITES, decompte_json, exiger_complet
from procedures.dossier import Dossier, JugementRendu, OrdonnanceRendue, OrdonnanceSignifiee, Partie, charger_dossier
from procedures.empreintes import lire_registre
from procedures.erreurs import EtapeRefusee, ProcedureError
from procedures.machine import ETATS, Situation, delai_signification, situation
from procedures.montants import (
    format_date,
    format_date_courte,
    format_deduction,
    format_montant,
    format_siren,
    format_taux,
)
from procedures.sortie import REPERTOIRE_SORTIE, fichiers_du_dossier, modele_du_fichier, nom_fichier
from procedures.stockage import ecrire_atomique, verrou
from procedures.surete import dans_le_dossier, lire_ordinaire, nom_archive_sur, preparer_sortie
from procedures.taux import charger_taux
from procedures.voies import TITRES_VOIES

__all__ = ["POURS", "EntreeRemise", "RapportRemise", "creer_remise", "remise_etape"]

POURS = ("signification", "execution")
# Requests opening another route (procedures.voies), made by `procedure next --voie`.
DEMANDES = ("commandement", "petites_creances")
# The step whose documents (request, bordereau) go with a title of another route, by the title's event.
_ETAPE_DU_TITRE = {
    "titre_executoire_delivre": "commandement",
    "petites_creances_accord": "petites_creances",
    "injonction_europeenne_executoire": "injonction_europeenne",
}
NOM_MANIFESTE = "manifest.json"
# Whatever the machine, the archive says "regular file, rw-r--r--, made on Unix".
_MODE_FICHIER = 0o100644 << 16
_SYSTEME_UNIX = 3
_NIVEAU_COMPRESSION = 9
# Files beside the generated ones that were never sent: an unsent new version, a backup, the package itself.
_ANNEXES = (".nouvelle-version", ".sauvegarde-")
TAILLE_MAX_FICHIER = 500 * 1024 * 1024


@dataclass(frozen=True)
class EntreeRemise:
    chemin: str  # inside the ZIP
    taille: int
    sha256: str


@dataclass
class RapportRemise:
    """The package written: where, each entry (manifest included), and what is missing, in French."""

    chemin: Path
    entrees: list[EntreeRemise] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Public API


def creer_remise(
    fichier: Path | str,
    pour: str,
    date_reference: dt.date | None = None,
    sortie: Path | None = None,
    fichier_taux: Path | None = None,
    forcer: bool = False,
) -> RapportRemise:
    """`procedure remise`: write the package for `pour` ("signification" or "execution") at the date.

    Refuses (EtapeRefusee) a package the law does not allow at that date, and one whose letter to the
    commissaire de justice was never generated. Default output:
    sortie/<pour>/<reference>-remise-<pour>-<AAAA-MM-JJ>.zip, dated so that it never replaces the package
    `procedure next` wrote and recorded (<reference>-remise-<pour>.zip), which would then look edited. An
    explicit `sortie` never replaces the case file or a pièce, nor an existing file unless `forcer` (a backup
    is kept).
    """
    fichier = Path(fichier)
    date_reference = date_reference or dt.date.today()
    with verrou(fichier):
        dossier = charger_dossier(fichier, date_reference)
        if sortie:
            preparer_sortie(sortie, fichiers_du_dossier(dossier), forcer)
        s = situation(dossier, date_reference, charger_taux(fichier_taux))
        donnees, entrees, manquants = _paquet(s, pour, [])
        cible = (
            Path(sortie)
            if sortie
            else (
                dossier.repertoire
                / REPERTOIRE_SORTIE
                / pour
                / nom_fichier(dossier, f"remise-{pour}-{date_reference.isoformat()}", ".zip")
            )
        )
        ecrire_atomique(cible, donnees)
    return RapportRemise(cible, entrees, _avertissements(manquants))


def remise_etape(s: Situation, etape, chantier: Path, nouveaux: list[Path], messages: list[str]) -> Path:
    """For `procedure next` at the signification or execution step, or a request of another route (`etape`,
    already allowed by the caller): the package, written in `chantier`.

    `nouveaux` are the files this run just put in place (not recorded in the case file yet).
    """
    if etape.etape in DEMANDES:
        donnees, _, manquants = _paquet_demande(s, etape, nouveaux)
    else:
        donnees, _, manquants = _paquet(s, etape.etape, nouveaux)
    cible = chantier / nom_fichier(s.dossier, f"remise-{etape.etape}", ".zip")
    cible.write_bytes(donnees)
    messages.extend(_avertissements(manquants))
    return cible


def _avertissements(manquants: list[str]) -> list[str]:
    return [f"Remise au commissaire de justice : {m}" for m in manquants]


# ---------------------------------------------------------------------------------------------
# What the law allows


def _verifier(s: Situation, pour: str) -> None:
    if pour not in POURS:
        raise EtapeRefusee(f"Remise « {pour} » inconnue : « signification » ou « execution ».")
    dossier, etape = s.dossier, s.prochaine_etape
    if pour == "signification":
        if dossier.dernier(OrdonnanceRendue) is None:
            raise EtapeRefusee(
                "Remise pour signification impossible : aucune ordonnance n'est enregistrée "
                "(procedure record DOSSIER ordonnance_rendue …)."
            )
        if s.etat == "ordonnance_non_avenue":
            _, limite = delai_signification(dossier, dossier.dernier(OrdonnanceRendue))
            raise EtapeRefusee(
                f"Remise pour signification impossible : l'ordonnance devait être signifiée au plus "
                f"tard le {format_date(limite.date)} ; elle est non avenue ({limite.article}). "
                f"{etape.motif}"
            )
    elif s.etat not in ("executoire", "jugement_rendu"):
        raise EtapeRefusee(
            f"Remise pour exécution impossible : le titre n'est pas exécutoire au "
            f"{format_date(s.date)} (état : {ETATS[s.etat]}). {etape.motif}"
        )
    if etape.etape != pour or etape.possible_le is None or etape.possible_le > s.date:
        raise EtapeRefusee(
            f"Remise pour {pour} impossible au {format_date(s.date)} (état : {ETATS[s.etat]}) : {etape.motif}"
        )


# ---------------------------------------------------------------------------------------------
# Building the package


def _paquet(s: Situation, pour: str, nouveaux: list[Path]) -> tuple[bytes, list[EntreeRemise], list[str]]:
    """The ZIP's bytes, its entries (manifest included) and what is missing."""
    _verifier(s, pour)
    exiger_complet(s.decompte)  # the commissaire de justice recovers these amounts: no estimate
    dossier = s.dossier
    titre = dossier.dernier(JugementRendu, OrdonnanceRendue, *TITRES_VOIES) if pour == "execution" else None
    jugement = titre if isinstance(titre, JugementRendu) else None
    autre = titre if isinstance(titre, TITRES_VOIES) else None
    fichiers: dict[str, bytes] = {}
    manquants: list[str] = []

    lettre = _lettre(dossier, pour, nouveaux)
    _ajouter_fichiers(fichiers, "01-lettre", lettre)
    manquants += _manquants_lettre(s, pour, lettre, nouveaux)
    if autre:
        manquants += _joindre_titre(
            fichiers, dossier, autre, f"du titre exécutoire du {format_date(autre.date)}", autre.evenement
        )
        manquants += _acte_et_pieces(fichiers, s, _ETAPE_DU_TITRE[autre.evenement])
    else:
        manquants += _titre(fichiers, dossier, pour, jugement)
        manquants += _acte_et_pieces(fichiers, s, "assignation" if jugement else "injonction_de_payer")
    fichiers["delai.json"] = _json(_delai(s, pour, jugement, autre))
    return _emballer(s, pour, fichiers, manquants, _instructions(s, pour, jugement, autre))


def _paquet_demande(s: Situation, etape, nouveaux: list[Path]) -> tuple[bytes, list[EntreeRemise], list[str]]:
    """The request to a commissaire de justice opening another route (CPC exéc. L126-1, L125-1), with the
    invoices and pièces, the mise en demeure sent, the décompte, the parties and the history."""
    exiger_complet(s.decompte)
    dossier, pour = s.dossier, etape.etape
    fichiers: dict[str, bytes] = {}
    lettre = _lettre(dossier, pour, nouveaux)
    _ajouter_fichiers(fichiers, "01-lettre", lettre)
    manquants = _manquants_lettre(s, pour, lettre, nouveaux)
    mise_en_demeure = [
        p
        for p in _fichiers_etape(dossier, "mise_en_demeure")
        if modele_du_fichier(dossier, p).startswith("mise_en_demeure")
    ]
    _ajouter_fichiers(fichiers, "02-mise-en-demeure", mise_en_demeure)
    if not mise_en_demeure:
        manquants.append("Mise en demeure : aucun document généré enregistré ; joignez celle qui a été envoyée.")
    produits = [p for p in _fichiers_etape(dossier, pour, nouveaux) if p not in lettre]
    _ajouter_fichiers(fichiers, "05-decompte", [p for p in produits if modele_du_fichier(dossier, p) == "decompte"])
    manquants += _pieces(
        fichiers, s, [p for p in produits if modele_du_fichier(dossier, p) in ("bordereau", "pieces")], pour
    )
    delais = [d.as_json() for d in s.delais if d.date >= s.date]
    fichiers["delai.json"] = _json(
        {
            "pour": pour,
            "fondement": etape.article,
            "possible_le": etape.possible_le.isoformat(),
            "libelle": etape.motif,
            "delais": delais,
        }
    )
    if pour == "commandement":
        consigne = (
            "SIGNIFIER UN COMMANDEMENT DE PAYER au titre de la procédure de recouvrement des créances "
            "commerciales incontestées (CPC exéc. L126-1 et L126-2) : un mois pour payer ou contester ; "
            "sans paiement ni contestation, dresser au plus tôt huit jours après ce mois le procès-verbal "
            "de non-contestation (L126-3) et en demander au greffier de la juridiction commerciale qu'il "
            "soit rendu exécutoire (L126-4). Frais à la charge du débiteur (L126-5)."
        )
    else:
        consigne = (
            "INVITER LE DÉBITEUR à la procédure simplifiée de recouvrement des petites créances (CPC exéc. "
            "L125-1, R125-1 s.) par lettre recommandée avec demande d'avis de réception ou par voie "
            "électronique ; un mois pour accepter ; délivrer le titre exécutoire en cas d'accord sur le "
            "montant et les modalités du paiement, sinon nous informer par écrit de l'échec (CPC art. "
            "750-1, 5°). Frais à la charge du créancier."
        )
    return _emballer(s, pour, fichiers, manquants, _texte_instructions(s, consigne))


def _lettre(dossier: Dossier, pour: str, nouveaux: list[Path]) -> list[Path]:
    lettre = [
        p for p in _fichiers_etape(dossier, pour, nouveaux) if modele_du_fichier(dossier, p).startswith("lettre_cj_")
    ]
    if not lettre:
        raise EtapeRefusee(
            f"Lettre au commissaire de justice introuvable pour l'étape « {pour} » : lancez "
            f"d'abord « procedure next {dossier.chemin or 'dossier.yaml'} »."
        )
    return lettre


def _emballer(
    s: Situation, pour: str, fichiers: dict[str, bytes], manquants: list[str], instructions: str
) -> tuple[bytes, list[EntreeRemise], list[str]]:
    """Décompte, parties, history, instructions and manifest added to `fichiers`, all zipped."""
    dossier = s.dossier
    fichiers["05-decompte/decompte.json"] = _json(_decompte_json(s))
    fichiers["05-decompte/decompte.pdf"] = _decompte_pdf(s)
    manquants += _parties(fichiers, dossier)
    fichiers["07-historique/historique.json"] = _json(
        {
            "reference": dossier.reference,
            "evenements": [e.model_dump(mode="json", exclude_none=True) for e in dossier.historique],
        }
    )
    fichiers["instructions.txt"] = instructions.encode("utf-8")

    entrees = [
        EntreeRemise(nom, len(donnees), hashlib.sha256(donnees).hexdigest())
        for nom, donnees in sorted(fichiers.items())
    ]
    fichiers[NOM_MANIFESTE] = _json(
        {
            "reference": dossier.reference,
            "version": __version__,
            "date": s.date.isoformat(),
            "pour": pour,
            "instructions": instructions,
            "fichiers": [{"chemin": e.chemin, "taille": e.taille, "sha256": e.sha256} for e in entrees],
            "manquants": manquants,
        }
    )
    manifeste = fichiers[NOM_MANIFESTE]
    entrees.append(EntreeRemise(NOM_MANIFESTE, len(manifeste), hashlib.sha256(manifeste).hexdigest()))
    return _zip(fichiers, s.date), sorted(entrees, key=lambda e: e.chemin), manquants


def _zip(fichiers: dict[str, bytes], jour: dt.date) -> bytes:
    """Sorted entries with the reference date at midnight, fixed mode and compression: same input, same bytes."""
    dangereux = [nom for nom in fichiers if not nom_archive_sur(nom)]
    if dangereux:
        # an absolute name, "..", "\\" or a drive letter would extract outside the target folder (zip-slip)
        raise ProcedureError(f"Remise : nom de fichier refusé dans l'archive ({', '.join(dangereux)})")
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom in sorted(fichiers):
            info = zipfile.ZipInfo(nom, date_time=(jour.year, jour.month, jour.day, 0, 0, 0))
            info.create_system = _SYSTEME_UNIX
            info.external_attr = _MODE_FICHIER
            archive.writestr(info, fichiers[nom], compress_type=zipfile.ZIP_DEFLATED, compresslevel=_NIVEAU_COMPRESSION)
    return tampon.getvalue()


def _json(donnees) -> bytes:
    return (json.dumps(donnees, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- files generated by `procedure next`


def _absolu(dossier: Dossier, chemin: str, quoi: str = "Fichier") -> Path:
    """``chemin`` in the case folder; refused if it, or a link on its way, leads out of it (a missing file is
    the caller's to report)."""
    p = dossier.repertoire / chemin
    if p.exists() or p.is_symlink():
        dans_le_dossier(dossier.repertoire, chemin, quoi)
    return p


def _fichiers_etape(dossier: Dossier, etape: str, nouveaux: list[Path] | tuple = ()) -> list[Path]:
    """The sendable files recorded for a step, as they are on disk now (a person may have edited them)."""
    chemins = {_absolu(dossier, nom) for nom, trace in lire_registre(dossier).items() if trace.etape == etape}
    chemins.update(Path(p) for p in nouveaux)
    return sorted(
        (p for p in chemins if p.is_file() and p.suffix != ".zip" and not any(marque in p.name for marque in _ANNEXES)),
        key=lambda p: p.name,
    )


def _ajouter_fichiers(fichiers: dict[str, bytes], repertoire: str, chemins: list[Path]) -> None:
    for chemin in chemins:
        fichiers[f"{repertoire}/{chemin.name}"] = lire_ordinaire(chemin, "Fichier", TAILLE_MAX_FICHIER)


def _manquants_lettre(s: Situation, pour: str, lettre: list[Path], nouveaux: list[Path]) -> list[str]:
    dossier = s.dossier
    manquants = []
    if not any(p.suffix == ".pdf" for p in lettre):
        manquants.append("PDF de la lettre au commissaire de justice absent (lancez « procedure pdf »).")
    if not nouveaux:
        dates = {
            trace.date
            for nom, trace in lire_registre(dossier).items()
            if trace.etape == pour and _absolu(dossier, nom) in lettre
        }
        if dates and max(dates) != s.date:
            manquants.append(
                f"La lettre a été préparée le {format_date(max(dates))} ; le décompte joint est arrêté "
                f"au {format_date(s.date)} : vérifiez que la lettre annonce ce décompte."
            )
    return manquants


def _titre(fichiers: dict[str, bytes], dossier: Dossier, pour: str, jugement: JugementRendu | None) -> list[str]:
    """The enforcement title itself: the ordonnance revêtue de la formule exécutoire (CPC 1410) or judgment;
    to enforce an ordonnance, the act that served it too (enforceable only once served, CPC 1411, 1422)."""
    evenement = jugement or dossier.dernier(OrdonnanceRendue)
    quoi = (
        f"du jugement du {format_date(evenement.date)}"
        if jugement
        else f"de l'ordonnance du {format_date(evenement.date)} revêtue de la formule exécutoire"
    )
    manquants = _joindre_titre(
        fichiers, dossier, evenement, quoi, "jugement_rendu" if jugement else "ordonnance_rendue"
    )
    if pour == "execution" and not jugement:
        signification = dossier.dernier(OrdonnanceSignifiee)
        if signification is None:
            manquants.append("Acte de signification de l'ordonnance : aucun événement ordonnance_signifiee.")
        else:
            manquants += _joindre_titre(
                fichiers,
                dossier,
                signification,
                f"de l'acte de signification du {format_date(signification.date)}",
                "ordonnance_signifiee",
            )
    return manquants


def _joindre_titre(
    fichiers: dict[str, bytes],
    dossier: Dossier,
    evenement: JugementRendu | OrdonnanceRendue | OrdonnanceSignifiee,
    quoi: str,
    champ: str,
) -> list[str]:
    """Put the file recorded with the event in 02-titre/, or say why it cannot be. ``quoi`` is the French
    complement of « Copie » with its preposition (« du jugement du … », « de l'acte … »)."""
    if not evenement.fichier:
        return [f"Copie {quoi} : aucun fichier enregistré (champ « fichier » de l'événement {champ})."]
    chemin = _absolu(dossier, evenement.fichier, f"Fichier de l'événement {champ}")
    if not chemin.is_file():
        return [f"Copie {quoi} introuvable : {evenement.fichier}."]
    _ajouter_fichiers(fichiers, "02-titre", [chemin])
    return []


def _acte_et_pieces(fichiers: dict[str, bytes], s: Situation, etape: str) -> list[str]:
    """The requête (or summons) with its Cerfa and décompte, then the bordereau and the bundle (CPC 1411)."""
    dossier = s.dossier
    produits = _fichiers_etape(dossier, etape)
    pdfs = {modele_du_fichier(dossier, p) for p in produits if p.suffix == ".pdf"}
    pieces = [p for p in produits if modele_du_fichier(dossier, p) in ("bordereau", "pieces")]
    repertoire = {"injonction_de_payer": "03-requete", "assignation": "03-assignation"}.get(etape, "03-demande")
    _ajouter_fichiers(fichiers, repertoire, [p for p in produits if p not in pieces])

    attendus = {
        "injonction_de_payer": [
            ("requete_injonction", "PDF de la requête en injonction de payer"),
            ("cerfa-", "Cerfa de la requête en injonction de payer"),
        ],
        "assignation": [("assignation", "PDF de l'assignation")],
    }.get(etape, [])
    manquants = [
        f"{libelle} : aucun fichier généré enregistré pour l'étape « {etape} »."
        for prefixe, libelle in attendus
        if not any(m.startswith(prefixe) for m in pdfs)
    ]
    return manquants + _pieces(fichiers, s, pieces, etape)


def _pieces(fichiers: dict[str, bytes], s: Situation, pieces: list[Path], etape: str) -> list[str]:
    """The bordereau and the stamped bundle in 04-pieces/, or each pièce when no bundle was made (the
    mise en demeure sent and its avis de réception among them, procedures.pieces)."""
    dossier = s.dossier
    _ajouter_fichiers(fichiers, "04-pieces", pieces)
    pdfs = {modele_du_fichier(dossier, p) for p in pieces if p.suffix == ".pdf"}
    manquants = (
        []
        if "bordereau" in pdfs
        else [f"PDF du bordereau des pièces : aucun fichier généré enregistré pour l'étape « {etape} »."]
    )
    if "pieces" not in pdfs:
        manquants.append("Liasse des pièces absente (procedure bundle) : les pièces sont jointes une à une.")
        for piece in s.pieces.liste:
            chemin = _absolu(dossier, piece.fichier, f"Pièce n° {piece.numero}")
            if chemin.is_file():
                fichiers[f"04-pieces/piece-{piece.numero:02d}-{chemin.name}"] = lire_ordinaire(
                    chemin, f"Pièce n° {piece.numero}", TAILLE_MAX_FICHIER
                )
            else:
                manquants.append(f"Pièce n° {piece.numero} introuvable : {piece.fichier}.")
    return manquants


# --- files written here


def _decompte_json(s: Situation) -> dict:
    return {"reference": s.dossier.reference, **decompte_json(s.decompte)}


def _identite(partie: Partie) -> dict:
    """Who is served or who asks (CPC 648): everything the case file holds on the person, addresses included."""
    donnees = partie.model_dump(mode="json", exclude_none=True, exclude={"professionnel", "commercant"})
    donnees["designation"] = partie.nom_complet
    donnees["adresse_lignes"] = partie.adresse.lignes
    return donnees


def _manquants_identite(partie: Partie, qui: str, exiges: tuple[tuple[str, str], ...]) -> list[str]:
    absents = [libelle for champ, libelle in exiges if not getattr(partie, champ)]
    return [f"Identité {qui} incomplète : {', '.join(absents)}."] if absents else []


def _parties(fichiers: dict[str, bytes], dossier: Dossier) -> list[str]:
    creancier = dossier.creancier
    identite = _identite(creancier)
    if dossier.mandataire:
        identite["mandataire"] = dossier.mandataire.model_dump(mode="json", exclude_none=True)
    fichiers["06-parties/creancier.json"] = _json(identite)
    fichiers["06-parties/creancier.pdf"] = _fiche_pdf(dossier, creancier, "Créancier (CPC art. 648)", creancier=True)
    # CPC 648: a company's forme, dénomination, siège and legal representative; a person's full civil status.
    if creancier.type == "personne_morale":
        exiges = (("forme", "forme"), ("representant", "organe qui la représente"))
    else:
        exiges = (
            ("prenoms", "prénoms"),
            ("profession", "profession"),
            ("nationalite", "nationalité"),
            ("date_naissance", "date de naissance"),
            ("lieu_naissance", "lieu de naissance"),
        )
    manquants = _manquants_identite(creancier, "du créancier (CPC art. 648)", exiges)
    for numero, debiteur in enumerate(dossier.debiteurs, start=1):
        fichiers[f"06-parties/debiteur-{numero}.json"] = _json({"numero": numero, **_identite(debiteur)})
        fichiers[f"06-parties/debiteur-{numero}.pdf"] = _fiche_pdf(dossier, debiteur, f"Débiteur n° {numero}")
        # docs/legal-sources.md §1.6: a company is identified by its SIREN, a person by name and first names.
        exiges = (
            (("siren", "SIREN"), ("forme", "forme"))
            if debiteur.type == "personne_morale"
            else (("prenoms", "prénoms"),)
        )
        manquants += _manquants_identite(debiteur, f"du débiteur n° {numero} ({debiteur.nom_complet})", exiges)
    return manquants


def _delai(s: Situation, pour: str, jugement: JugementRendu | None, autre=None) -> dict:
    """The deadline that governs the commissaire de justice's act (CPC 1411) or since when enforcement is open."""
    etape = s.prochaine_etape
    delais = [d.as_json() for d in s.delais if d.date >= s.date]
    if pour == "signification":
        ordonnance = s.dossier.dernier(OrdonnanceRendue)
        mois, limite = delai_signification(s.dossier, ordonnance)
        return {
            "pour": pour,
            "titre": "ordonnance",
            "date_titre": ordonnance.date.isoformat(),
            "numero_rg": ordonnance.numero_rg,
            "mois": mois,
            "date_limite": limite.date.isoformat(),
            "article": limite.article,
            "libelle": f"Signification au plus tard le {format_date(limite.date)} ({mois} mois à compter de "
            f"l'ordonnance du {format_date(ordonnance.date)}), faute de quoi elle est non avenue.",
            "delais": delais,
        }
    titre = jugement or autre or s.dossier.dernier(OrdonnanceRendue)
    nature = "jugement" if jugement else (autre.evenement if autre else "ordonnance")
    return {
        "pour": pour,
        "titre": nature,
        "date_titre": titre.date.isoformat(),
        "executoire_depuis": etape.possible_le.isoformat(),
        "article": etape.article,
        "libelle": f"Exécutoire depuis le {format_date(etape.possible_le)}. {etape.motif}",
        "delais": delais,
    }


def _instructions(s: Situation, pour: str, jugement: JugementRendu | None, autre=None) -> str:
    """The creditor's instructions (docs/legal-sources.md §1.6, 7): serve only, or serve and enforce."""
    if autre:
        consigne = (
            f"EXÉCUTER le titre exécutoire du {format_date(autre.date)} ({s.prochaine_etape.article}), par "
            "toutes voies de droit."
        )
    elif pour == "signification":
        _, limite = delai_signification(s.dossier, s.dossier.dernier(OrdonnanceRendue))
        consigne = (
            "SIGNIFIER UNIQUEMENT l'ordonnance d'injonction de payer, avec la requête, le bordereau et les "
            f"pièces (CPC art. 1411), au plus tard le {format_date(limite.date)}. Ne pas engager "
            "d'exécution forcée : elle fera l'objet d'une remise distincte après le délai d'opposition. "
            "Privilégier la signification à personne (CPC art. 1416)."
        )
    elif jugement:
        consigne = (
            f"SIGNIFIER PUIS EXÉCUTER le jugement du {format_date(jugement.date)} : signification préalable "
            "à toute exécution forcée (CPC art. 503), puis exécution par toutes voies de droit."
        )
    else:
        consigne = (
            "EXÉCUTER l'ordonnance d'injonction de payer, déjà signifiée et exécutoire depuis le "
            f"{format_date(s.prochaine_etape.possible_le)} ({s.prochaine_etape.article}), par toutes voies "
            "de droit."
        )
    return _texte_instructions(s, consigne, _sommes_du_titre(s))


def _sommes_du_titre(s: Situation) -> str:
    """A title fixes what is served and recovered (CPC 1413; CPC exéc. L111-2): its sums when its terms are
    recorded, else a pointer to it; the creditor's décompte only informs."""
    pour_information = (
        "Le décompte du créancier (05-decompte) est joint pour information : il ne fixe pas les sommes à "
        "recouvrer (CPC exéc. L111-2)."
    )
    if s.titre is None:
        return f"Sommes à recouvrer : celles que fixe le titre. {pour_information}"
    return (
        f"Sommes dues selon le titre au {format_date(s.titre.date)} : {format_montant(s.titre.total, 'texte')} "
        f"(détail dans la lettre, 01-lettre). {pour_information}"
    )


def _texte_instructions(s: Situation, consigne: str, sommes: str | None = None) -> str:
    """``sommes``: what is to be recovered; by default the décompte's total (a request before any title)."""
    dossier = s.dossier
    debiteurs = "\n".join(f"  - {d.nom_complet}" for d in dossier.debiteurs)
    sommes = sommes or (
        f"Montant dû au {format_date(s.date)} : {format_montant(s.decompte.total, 'texte')} (détail dans 05-decompte)."
    )
    return (
        f"Dossier {dossier.reference} — remise au commissaire de justice du {format_date(s.date)}\n\n"
        f"{consigne}\n\nDébiteur(s) :\n{debiteurs}\n\n{sommes}\n"
        "Chaque fichier de ce dossier peut être vérifié par sa taille et son empreinte SHA-256 "
        f"listées dans {NOM_MANIFESTE}.\n"
    )


# --- PDFs (reportlab, invariant: no timestamp, no random id)


def _styles():
    # deferred: reportlab loads only when the ZIP's PDFs are drawn
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    # deferred: bordereau brings pypdf, reportlab and PIL (heavy)
    from procedures.bordereau import polices_pdf

    police, gras = polices_pdf()
    texte = ParagraphStyle("texte", fontName=police, fontSize=9.5, leading=12)
    return {
        "texte": texte,
        "gras": ParagraphStyle("gras", parent=texte, fontName=gras),
        "titre": ParagraphStyle("titre", parent=texte, fontName=gras, fontSize=14, leading=18, spaceAfter=3 * mm),
        "sous_titre": ParagraphStyle(
            "sous_titre", parent=texte, fontName=gras, fontSize=11, leading=14, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        "droite": ParagraphStyle("droite", parent=texte, alignment=2),
        "gras_droite": ParagraphStyle("gras_droite", parent=texte, fontName=gras, alignment=2),
    }


def _tableau(lignes: list[list], largeurs: list, entete: bool = True, fusions: tuple = ()):
    # deferred: reportlab loads only when the ZIP's PDFs are drawn
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    tableau = Table(lignes, colWidths=largeurs, repeatRows=1 if entete else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey), *fusions]
    if entete:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)))
    tableau.setStyle(TableStyle(style))
    return tableau


def _pdf(titre: str, elements: list) -> bytes:
    # deferred: reportlab loads only when the ZIP's PDFs are drawn
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    sortie = io.BytesIO()
    document = SimpleDocTemplate(
        sortie,
        pagesize=A4,
        title=titre,
        invariant=1,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    document.build(elements)
    return sortie.getvalue()


def _p(texte: str, style) -> object:
    # deferred: reportlab loads only when the ZIP's PDFs are drawn
    from reportlab.platypus import Paragraph

    return Paragraph(escape(texte).replace("\n", "<br/>"), style)


def _fiche_pdf(dossier: Dossier, partie: Partie, qualite: str, creancier: bool = False) -> bytes:
    """One page per party: identity, addresses, representative, contact; for the creditor, where to pay and
    who follows the case."""
    # deferred: reportlab loads only when the ZIP's PDFs are drawn
    from reportlab.lib.units import mm

    st = _styles()
    if partie.type == "personne_morale":
        forme = partie.forme and forme_longue(partie.forme)
        champs = [
            ("Dénomination", partie.denomination),
            ("Forme", f"{partie.forme} ({forme})" if forme and forme != partie.forme else partie.forme),
            ("Capital", format_montant(partie.capital, "texte") if partie.capital else None),
            ("SIREN", format_siren(partie.siren) if partie.siren else None),
            ("RCS", partie.rcs),
            ("Représentant légal", partie.representant),
        ]
    else:
        champs = [
            ("Civilité", partie.civilite),
            ("Nom", partie.nom),
            ("Prénoms", partie.prenoms),
            ("Date de naissance", format_date(partie.date_naissance) if partie.date_naissance else None),
            ("Lieu de naissance", partie.lieu_naissance),
            ("Nationalité", partie.nationalite),
            ("Profession", partie.profession),
        ]
    champs += [
        ("Adresse" if partie.type == "personne_physique" else "Siège social", "\n".join(partie.adresse.lignes)),
        ("Courriel", partie.email),
        ("Téléphone", partie.telephone),
    ]
    if creancier:
        champs += [("IBAN", partie.iban), ("BIC", partie.bic)]
        if dossier.mandataire:
            m = dossier.mandataire
            champs.append(
                ("Mandataire", "\n".join([m.nom, *m.adresse.lignes, m.email or "", m.telephone or ""]).strip())
            )
    lignes = [[_p(nom, st["gras"]), _p(valeur, st["texte"])] for nom, valeur in champs if valeur]
    elements = [
        _p(f"{qualite} — {partie.nom_complet}", st["titre"]),
        _p(f"Dossier {dossier.reference}", st["texte"]),
        _p("Identité", st["sous_titre"]),
        _tableau(lignes, [45 * mm, None], entete=False),
    ]
    return _pdf(f"{qualite} — {partie.nom_complet}", elements)


def _decompte_pdf(s: Situation) -> bytes:
    """The décompte as tables: per invoice and period (rate, base, amount), imputations, totals, conventions."""
    # deferred: reportlab loads only when the ZIP's PDFs are drawn
    from reportlab.lib.units import mm

    st = _styles()
    d = s.decompte

    def euros(x: Decimal) -> object:
        # a payment is a deduction, printed as the DOCX décompte prints it
        return _p(format_deduction(-x, "pdf") if x < 0 else format_montant(x, "pdf"), st["droite"])

    regime = {
        REGIME_PENALITES: "pénalités de retard (C. com. L441-10 II)",
        REGIME_INTERET_LEGAL: "intérêts au taux légal (C. civ. 1231-6)",
    }.get(d.regime, "aucun intérêt (pas de mise en demeure)")
    elements = [
        _p(f"Décompte au {format_date(d.date)} — dossier {s.dossier.reference}", st["titre"]),
        _p(
            f"Créancier : {s.dossier.creancier.nom_complet}. Débiteur(s) : "
            f"{', '.join(x.nom_complet for x in s.dossier.debiteurs)}. Régime : {regime}.",
            st["texte"],
        ),
    ]
    for f in d.factures:
        elements.append(
            _p(
                f"Facture {f.numero} du {format_date_courte(f.date)}, "
                f"échéance {format_date_courte(f.echeance)}"
                f"{' (par défaut, C. com. L441-10 I)' if f.echeance_par_defaut else ''}",
                st["sous_titre"],
            )
        )
        lignes = [[_p(t, st["gras"]) for t in ("Du", "Au", "Jours", "Taux", "Base", "Jours / an", "Montant")]]
        for l in (l for l in d.lignes if l.facture == f.numero):
            lignes.append(
                [
                    _p(format_date_courte(l.premier_jour), st["texte"]),
                    _p(format_date_courte(l.au), st["texte"]),
                    _p(str(l.jours), st["droite"]),
                    _p(format_taux(l.taux, "texte"), st["droite"]),
                    euros(l.base),
                    _p(str(l.base_annuelle), st["droite"]),
                    euros(l.montant),
                ]
            )
        premiere_somme = len(lignes)
        for libelle, montant in (
            ("Principal", f.principal),
            ("Pénalités ou intérêts", f.interets),
            ("Indemnité forfaitaire (C. com. D441-5)", f.indemnite),
            ("Payé", -f.paye),
            ("Reste dû", f.reste_du),
        ):
            if montant or libelle in ("Principal", "Reste dû"):
                lignes.append([_p(libelle, st["gras_droite"]), "", "", "", "", "", euros(montant)])
        fusions = tuple(("SPAN", (0, r), (5, r)) for r in range(premiere_somme, len(lignes)))
        elements.append(_tableau(lignes, [25 * mm, 25 * mm, 14 * mm, 20 * mm, 30 * mm, 22 * mm, None], fusions=fusions))
    if d.imputations:
        elements.append(_p("Imputation des paiements (C. civ. 1342-10, 1343-1)", st["sous_titre"]))
        lignes = [[_p(t, st["gras"]) for t in ("Date", "Montant", "Facture", "Sur intérêts", "Sur principal")]]
        lignes += [
            [
                _p(format_date_courte(i.date), st["texte"]),
                euros(i.montant),
                _p(i.facture or "—", st["texte"]),
                euros(i.sur_interets),
                euros(i.sur_principal),
            ]
            for i in d.imputations
        ]
        elements.append(_tableau(lignes, [26 * mm, 32 * mm, None, 32 * mm, 32 * mm]))
    elements.append(_p("Totaux", st["sous_titre"]))
    totaux = [
        ("Principal", d.principal),
        ("Pénalités ou intérêts", d.interets),
        ("Indemnités forfaitaires", d.indemnites_forfaitaires),
        ("Clause pénale", d.clause_penale),
        ("Paiements reçus", -d.paiements),
    ]
    lignes = [[_p(libelle, st["texte"]), euros(montant)] for libelle, montant in totaux if montant]
    lignes.append(
        [_p(f"Total dû au {format_date(d.date)}", st["gras"]), _p(format_montant(d.total, "pdf"), st["gras_droite"])]
    )
    elements.append(_tableau(lignes, [None, 40 * mm], entete=False))
    if d.conventions:
        elements.append(_p("Conventions de calcul", st["sous_titre"]))
        elements += [_p(f"• {c}", st["texte"]) for c in d.conventions]
    if d.alertes:
        elements.append(_p("Alertes", st["sous_titre"]))
        elements += [_p(f"• {a}", st["texte"]) for a in d.alertes]
    return _pdf(f"Décompte au {format_date(d.date)} — {s.dossier.reference}", elements)
