"""Many dossiers at once: every `dossier.yaml` below a folder, read in parallel, one report.

Read-only, like `status`: nothing is written. One dossier that cannot be read, does not validate, or makes
the code fail becomes a line of the report with its errors; the others are computed all the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from procedures.erreurs import DossierInvalide, Erreur, ProcedureError
from procedures.etapes import Etape
from procedures.machine import etape_json, situation_dossier
from procedures.montants import arrondir
from procedures.pdf import trouver_soffice
from procedures.taux import charger_taux

NOM_DOSSIER = "dossier.yaml"
# Generated documents live in `sortie/` (docs/architecture.md): never case files, and possibly large trees.
REPERTOIRES_IGNORES = frozenset({"sortie"})

TAILLE_TRANCHE_MAX = 50
PROCESSUS_ARRETE = (
    "dossier non traité : un processus de calcul s'est arrêté brutalement (mémoire épuisée ?) ; "
    "« procedure status » sur ce dossier en dira plus"
)

Progression = Callable[[int, int], None]


@dataclass(frozen=True)
class LigneLot:
    """One dossier of the lot: its situation in short, or the errors that kept it from being read."""

    chemin: str
    reference: str | None = None
    etat: str | None = None
    montant_du: Decimal | None = None
    complet: bool | None = None
    prochaine_etape: Etape | None = None
    etape_possible: bool = False
    alertes: tuple[str, ...] = ()
    erreurs: tuple[Erreur, ...] = ()

    @property
    def en_erreur(self) -> bool:
        return bool(self.erreurs)


@dataclass(frozen=True)
class RapportLot:
    """Every dossier found below `racine` (in path order) at `date`, and the totals."""

    racine: str
    date: date
    lignes: list[LigneLot] = field(default_factory=list)

    @property
    def nb_dossiers(self) -> int:
        return len(self.lignes)

    @property
    def nb_etape_possible(self) -> int:
        return sum(ligne.etape_possible for ligne in self.lignes)

    @property
    def nb_en_erreur(self) -> int:
        return sum(ligne.en_erreur for ligne in self.lignes)

    @property
    def nb_incomplets(self) -> int:
        return sum(ligne.complet is False for ligne in self.lignes)

    @property
    def montant_du(self) -> Decimal:
        return arrondir(sum((l.montant_du for l in self.lignes if l.montant_du is not None), Decimal("0")))

    def par_urgence(self) -> list[LigneLot]:
        """Steps possible now first, then by the date a step becomes possible; dossiers in error last."""

        def cle(ligne: LigneLot):
            etape = ligne.prochaine_etape
            quand = etape.possible_le if etape and etape.possible_le else date.max
            return ligne.en_erreur, not ligne.etape_possible, quand, ligne.chemin

        return sorted(self.lignes, key=cle)


def trouver_dossiers(racine: Path) -> tuple[list[Path], list[LigneLot]]:
    """Every `dossier.yaml` below `racine` (itself, if it is a file), sorted; hidden and `sortie/` folders
    skipped. Folders that cannot be listed come back as lines in error, since they may hide dossiers."""
    if racine.is_file():
        return [racine], []
    if not racine.is_dir():
        raise DossierInvalide([Erreur(str(racine), None, "", "dossier introuvable")])
    illisibles: list[LigneLot] = []

    def signaler(exc: OSError) -> None:
        nom = str(exc.filename or racine)
        illisibles.append(LigneLot(nom, erreurs=(Erreur(nom, None, "", f"dossier illisible ({exc.strerror})"),)))

    trouves = []
    for repertoire, sous_repertoires, fichiers in os.walk(racine, onerror=signaler):
        sous_repertoires[:] = [d for d in sous_repertoires if not d.startswith(".") and d not in REPERTOIRES_IGNORES]
        if NOM_DOSSIER in fichiers:
            trouves.append(Path(repertoire) / NOM_DOSSIER)
    return sorted(trouves), illisibles


def ligne_dossier(
    chemin: Path, date_reference: date, fichier_taux: Path | None = None, libreoffice: bool | None = None
) -> LigneLot:
    """The line of one dossier; never raises (but for KeyboardInterrupt): runs in a worker process."""
    nom = str(chemin)
    try:
        s = situation_dossier(chemin, date_reference, fichier_taux, libreoffice)
    except ProcedureError as exc:
        # Errors that are not about the file itself (a missing rate…) still say which dossier they hit.
        return LigneLot(
            nom, erreurs=tuple(e if e.fichier else Erreur(nom, e.ligne, e.champ, e.message) for e in exc.erreurs())
        )
    except Exception as exc:  # one dossier's bug must not stop the others
        return LigneLot(nom, erreurs=(_erreur_inattendue(nom, exc),))
    etape = s.prochaine_etape
    # A step one can act on today; waiting for a due date is not one, even when a notice can be written.
    possible = (
        etape.etape not in ("aucune", "attendre_echeance")
        and etape.possible_le is not None
        and etape.possible_le <= s.date
    )
    return LigneLot(
        nom,
        reference=s.dossier.reference,
        etat=s.etat,
        montant_du=s.decompte.total,
        complet=s.decompte.complet,
        prochaine_etape=etape,
        etape_possible=possible,
        alertes=tuple(s.alertes),
    )


def lignes_dossiers(chemins: list[Path], date_reference: date, fichier_taux: Path | None = None) -> list[LigneLot]:
    """The lines of a batch of dossiers: one task per batch, since a task per dossier costs more in
    inter-process traffic than computing the dossier itself. LibreOffice is looked for once per batch."""
    libreoffice = trouver_soffice() is not None
    return [ligne_dossier(chemin, date_reference, fichier_taux, libreoffice) for chemin in chemins]


def message_inattendu(exc: BaseException) -> str:
    """What a report line says of a failure the library did not foresee, in `lot` and `lot --generer`."""
    return f"erreur inattendue ({type(exc).__name__}) : {exc}"


def _erreur_inattendue(nom: str, exc: BaseException) -> Erreur:
    return Erreur(nom, None, "", message_inattendu(exc))


def traiter_lot(
    dossier_racine: Path,
    date_reference: date | None = None,
    processus: int | None = None,
    fichier_taux: Path | None = None,
    progression: Progression | None = None,
) -> RapportLot:
    """The situation of every dossier below `dossier_racine` at `date_reference` (today by default), computed
    on `processus` worker processes (default: one per core; 1 computes in this process).
    `progression(faits, total)` is called once the dossiers are found, then as they are done.
    Raises only when the folder itself or the rate file is unusable.

    Workers are started the platform's default way (fork on Linux, spawn on Windows and macOS): with spawn,
    a script calling this needs the usual ``if __name__ == "__main__":`` guard; with fork, the caller should
    run no other thread meanwhile (the CLI's progress bar refreshes on each update, without a thread)."""
    racine = Path(dossier_racine)
    jour = date_reference or date.today()
    if fichier_taux is not None:
        charger_taux(fichier_taux)  # a bad rate file is one error for the lot, not one per dossier
    chemins, lignes = trouver_dossiers(racine)
    total = len(chemins)
    faits: list[LigneLot] = []

    def noter(nouvelles: list[LigneLot]) -> None:
        faits.extend(nouvelles)
        if progression:
            progression(len(faits), total)

    if progression:
        progression(0, total)
    nombre = min(processus or os.cpu_count() or 1, total)
    if nombre <= 1:
        libreoffice = trouver_soffice() is not None
        for chemin in chemins:
            noter([ligne_dossier(chemin, jour, fichier_taux, libreoffice)])
    else:
        # About eight batches per worker: even load, and a progress bar that still moves.
        taille = max(1, min(TAILLE_TRANCHE_MAX, -(-total // (nombre * 8))))
        with ProcessPoolExecutor(nombre) as pool:
            travaux: dict[Future, list[Path]] = {}
            for debut in range(0, total, taille):
                tranche = chemins[debut : debut + taille]
                travaux[pool.submit(lignes_dossiers, tranche, jour, fichier_taux)] = tranche
            for travail in as_completed(travaux):
                try:
                    noter(travail.result())
                except BrokenProcessPool:
                    noter(
                        [
                            LigneLot(str(c), erreurs=(Erreur(str(c), None, "", PROCESSUS_ARRETE),))
                            for c in travaux[travail]
                        ]
                    )
                except Exception as exc:  # a result that could not come back (pickling…)
                    noter([LigneLot(str(c), erreurs=(_erreur_inattendue(str(c), exc),)) for c in travaux[travail]])
    return RapportLot(str(racine), jour, sorted(lignes + faits, key=lambda l: l.chemin))


def _ligne_json(ligne: LigneLot) -> dict:
    return {
        "chemin": ligne.chemin,
        "reference": ligne.reference,
        "etat": ligne.etat,
        "montant_du": str(ligne.montant_du) if ligne.montant_du is not None else None,
        "complet": ligne.complet,
        "prochaine_etape": etape_json(ligne.prochaine_etape) if ligne.prochaine_etape else None,
        "etape_possible": ligne.etape_possible,
        "alertes": list(ligne.alertes),
        "erreurs": [e.as_json() for e in ligne.erreurs],
    }


def rapport_json(rapport: RapportLot) -> dict:
    """The `lot --json` object: keys in the style of `status --json` (amounts as strings, ISO dates)."""
    return {
        "racine": rapport.racine,
        "date": rapport.date.isoformat(),
        "dossiers": [_ligne_json(ligne) for ligne in rapport.lignes],
        "totaux": {
            "dossiers": rapport.nb_dossiers,
            "etape_possible": rapport.nb_etape_possible,
            "montant_du": str(rapport.montant_du),
            "en_erreur": rapport.nb_en_erreur,
            "incomplets": rapport.nb_incomplets,
        },
    }


def libelle_dossier(chemin: str, racine: str) -> str:
    """The dossier's folder relative to the root: every file is named dossier.yaml, the folder tells them apart."""
    dossier = Path(chemin).parent if Path(chemin).name == NOM_DOSSIER else Path(chemin)
    try:
        return str(dossier.relative_to(racine))
    except ValueError:
        return str(dossier)
