"""One dossier of `procedure lot --generer`: the unit of work, the same on a worker process and on a Dask worker.

`generer_dossier` decides under the dossier's lock whether its due step is to be written today, runs it
through `generer_etape` (the function behind `procedure next`) and returns one report line; it never raises,
so that one dossier never stops the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from procedures.dossier import DocumentsGeneres
from procedures.erreurs import DossierOccupe, ProcedureError
from procedures.generation import generer_etape
from procedures.lot import message_inattendu
from procedures.machine import Situation
from procedures.montants import format_date

if TYPE_CHECKING:
    from procedures.lot_en_ligne import Publications


@dataclass(frozen=True)
class OptionsLot:
    """What to do for each dossier (picklable: it travels to worker processes and Dask workers)."""

    date: date
    etapes: frozenset[str] | None = None
    essai: bool = False
    pdf: bool = True
    pdfa: bool = False
    fichier_taux: Path | None = None
    aujourd_hui: date | None = None
    publications: Publications | None = None  # what the BODACC said (--verifier-en-ligne), asked before the run


@dataclass(frozen=True)
class LigneGeneration:
    """One dossier of the run: what was done or why not, the files written, the error if any."""

    chemin: str
    statut: str
    reference: str | None = None
    etat: str | None = None
    etape: str | None = None
    montant_du: Decimal | None = None
    possible_le: date | None = None
    motif: str = ""
    fichiers: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    erreur: str | None = None

    @property
    def documents(self) -> int:
        """The documents rendered for this dossier (each DOCX, converted to PDF unless --no-pdf)."""
        return sum(nom.endswith(".docx") for nom in self.fichiers) if self.statut == "genere" else 0


class _Passe(Exception):
    """Nothing to write for this dossier today: raised under its lock, before anything is written."""

    def __init__(self, statut: str, motif: str, possible_le: date | None = None):
        super().__init__(motif)
        self.statut, self.motif, self.possible_le = statut, motif, possible_le


def deja_prepare(s: Situation, etape: str) -> date | None:
    """The date this step's documents were prepared, if nothing happened in the case since (then doing
    it again would only write the same letters twice). Later `documents_generes` events (a `pdf` re-run)
    are not news about the case."""
    for evenement in reversed(s.dossier.historique):
        if not isinstance(evenement, DocumentsGeneres):
            return None
        if evenement.etape == etape:
            return evenement.date
    return None


def _decider(s: Situation, options: OptionsLot) -> None:
    """Raise _Passe unless the due step is to be written today (same rules as `next`, plus lot's own)."""
    etape = s.prochaine_etape
    if etape.etape == "aucune" or etape.possible_le is None:
        raise _Passe("bloque", etape.motif)
    refus = options.publications.refus(s.dossier) if options.publications else None
    if refus:
        raise _Passe("bloque", refus)
    if etape.etape == "attendre_echeance" or etape.possible_le > s.date:
        raise _Passe("en_attente", etape.motif, etape.possible_le)
    if options.etapes is not None and etape.etape not in options.etapes:
        raise _Passe("non_demande", f"étape « {etape.etape} » non demandée (--etapes)", etape.possible_le)
    prepare = deja_prepare(s, etape.etape)
    if prepare is not None:
        raise _Passe(
            "deja_fait",
            f"documents préparés le {format_date(prepare)} ; rien de nouveau depuis "
            "dans le dossier (notez l'envoi avec « procedure record »)",
            etape.possible_le,
        )


def generer_dossier(chemin: Path | str, options: OptionsLot, convertisseur=None) -> LigneGeneration:
    """One dossier: run its due step through `generer_etape` and say what happened. Never raises (but for
    KeyboardInterrupt and SystemExit): runs in workers, where one dossier must not stop the others."""
    chemin = Path(chemin)
    vu: dict[str, Situation] = {}

    def avant(s: Situation) -> None:
        vu["s"] = s
        _decider(s, options)

    def ligne(statut: str, **autres) -> LigneGeneration:
        s = vu.get("s")
        if s is not None:
            autres = {
                "reference": s.dossier.reference,
                "etat": s.etat,
                "etape": s.prochaine_etape.etape,
                "montant_du": s.decompte.total,
                **autres,
            }
        return LigneGeneration(str(chemin), statut, **autres)

    try:
        resultat = generer_etape(
            chemin,
            options.date,
            pdf=options.pdf,
            essai=options.essai,
            fichier_taux=options.fichier_taux,
            pdfa=options.pdfa,
            aujourd_hui=options.aujourd_hui,
            convertisseur=convertisseur,
            attente_verrou=0,
            avant=avant,
        )
    except _Passe as passe:
        return ligne(passe.statut, motif=passe.motif, possible_le=passe.possible_le)
    except DossierOccupe as exc:
        return ligne("occupe", erreur=str(exc))
    except ProcedureError as exc:
        return ligne("echec", erreur="\n".join(str(e) for e in exc.erreurs()))
    except Exception as exc:  # one dossier's bug must not stop the others
        return ligne("echec", erreur=message_inattendu(exc))
    fichiers = tuple(os.path.relpath(p, chemin.parent) for p in resultat.fichiers)
    return ligne(
        "prevu" if options.essai else "genere",
        possible_le=resultat.etape.possible_le,
        fichiers=fichiers,
        messages=tuple(resultat.messages),
    )
