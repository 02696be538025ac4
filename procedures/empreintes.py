"""What the tool wrote, kept beside the outputs in ``sortie/.empreintes.json`` rather than in the case file.

Each file `procedure next` or `procedure pdf` places is listed with its step, its date and its SHA-256. A file on
disk whose hash is not listed was edited by a person: it is never overwritten. Why a sidecar (docs/empreintes.md):
the case file stays what a lawyer reads, with one short ``documents_generes`` line per step that wrote something;
and the hashes of a batch are written *before* its files are moved into place, so a run killed in between leaves
files that the next run still recognises as its own.

Case files written before the sidecar hold the hashes in long ``documents_generes`` events: they still count, and
the first run that writes the sidecar carries them into it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from procedures.dossier import DocumentsGeneres, Dossier, probleme_chemin
from procedures.erreurs import ProcedureError
from procedures.sortie import REPERTOIRE_SORTIE
from procedures.stockage import ecrire_atomique, sha256
from procedures.surete import lire_ordinaire

FORMAT = 1
TAILLE_MAX = 16 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Trace:
    """One generated file: the step that made it, on which date, and every hash that is the tool's own
    (two while a batch is being placed: the one before and the one after)."""

    etape: str
    date: dt.date
    empreintes: list[str]


def chemin_registre(dossier: Dossier) -> Path:
    """``sortie/.empreintes.json``, or ``sortie/.empreintes-<name>.json`` for a case file not called
    dossier.yaml: two case files of one folder never share it."""
    nom = dossier.chemin.name if dossier.chemin else "dossier.yaml"
    suffixe = "" if nom == "dossier.yaml" else f"-{Path(nom).stem}"
    return dossier.repertoire / REPERTOIRE_SORTIE / f".empreintes{suffixe}.json"


def lire_registre(dossier: Dossier) -> dict[str, Trace]:
    """Every generated file by path relative to the case folder: the old long events first, then the sidecar.

    The sidecar comes with the folder, so it is checked like the case file: names inside the folder only."""
    traces = {
        nom: Trace(e.etape, e.date, [empreinte])
        for e in dossier.evenements(DocumentsGeneres)
        for nom, empreinte in e.fichiers.items()
    }
    chemin = chemin_registre(dossier)
    if not (chemin.exists() or chemin.is_symlink()):
        return traces
    try:
        donnees = json.loads(lire_ordinaire(chemin, "Fichier d'empreintes", TAILLE_MAX))
        for nom, trace in donnees["fichiers"].items():
            probleme = probleme_chemin(nom) or ("barre oblique inverse" if "\\" in nom else None)
            if probleme:
                raise ValueError(f"nom refusé : {probleme}")
            empreintes = [str(e) for e in trace["sha256"]]
            if not empreintes or not all(_SHA256.fullmatch(e) for e in empreintes):
                raise ValueError(f"empreinte invalide pour {nom}")
            traces[nom] = Trace(str(trace["etape"]), dt.date.fromisoformat(trace["date"]), empreintes)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ProcedureError(
            f"{chemin} : fichier d'empreintes invalide ({exc}) ; supprimez-le si besoin : les "
            "documents déjà écrits seront alors tenus pour modifiés à la main, donc conservés"
        ) from None
    return traces


def ecrire_registre(dossier: Dossier, traces: dict[str, Trace]) -> None:
    """Replace the sidecar atomically (sorted, one file a line: it diffs well under version control)."""
    donnees = {
        "format": FORMAT,
        "dossier": dossier.chemin.name if dossier.chemin else None,
        "fichiers": {
            nom: {"etape": t.etape, "date": t.date.isoformat(), "sha256": t.empreintes}
            for nom, t in sorted(traces.items())
        },
    }
    ecrire_atomique(chemin_registre(dossier), json.dumps(donnees, ensure_ascii=False, indent=1) + "\n")


class Registre:
    """The sidecar during one run of `next` or `pdf` for step ``etape`` at ``date``: which files are the tool's
    own, which this run wrote, and the two-phase recording of each batch it places."""

    def __init__(self, dossier: Dossier, etape: str, date: dt.date, refere: bool = False):
        self.dossier = dossier
        self.etape = etape
        self.refere = refere
        self.date = date
        self.traces = lire_registre(dossier)
        self.ecrits: list[Path] = []

    def relatif(self, chemin: Path) -> str | None:
        """``chemin`` relative to the case folder, None outside it (the case names only its own files)."""
        try:
            return Path(chemin).resolve().relative_to(self.dossier.repertoire.resolve()).as_posix()
        except ValueError:
            return None

    def sien(self, chemin: Path) -> bool:
        """True if ``chemin`` holds bytes this tool wrote there (so no person edited it since)."""
        trace = self.traces.get(self.relatif(chemin) or "")
        return trace is not None and sha256(chemin) in trace.empreintes

    def annoncer(self, arrivees: list[tuple[Path, Path]]) -> None:
        """Before moving each (product, target) into place: the target's new hash is recorded beside its
        current ones, so that whatever a kill leaves there is known as the tool's own."""
        for produit, cible in arrivees:
            relatif = self.relatif(cible)
            if relatif is not None:
                anciennes = self.traces[relatif].empreintes if relatif in self.traces else []
                self.traces[relatif] = Trace(self.etape, self.date, [*anciennes, sha256(produit)])
        ecrire_registre(self.dossier, self.traces)

    def confirmer(self, places: list[Path]) -> list[str]:
        """After the run: each placed file keeps only its own hash. Returns the warnings for files placed
        outside the case folder, which it cannot record."""
        hors = []
        for chemin in places:
            relatif = self.relatif(chemin)
            if relatif is None:
                hors.append(
                    f"{chemin} est hors du dossier : il n'est pas enregistré (une retouche n'y sera pas reconnue)"
                )
            else:
                self.traces[relatif] = Trace(self.etape, self.date, [sha256(chemin)])
        ecrire_registre(self.dossier, self.traces)
        return hors

    def evenement(self) -> DocumentsGeneres | None:
        """The short history line for this run: only if it wrote or replaced a file, and once a day per step (an
        assignation turned into a référé-provision, or back, is a new line: the machine names the step from it)."""
        dernier = self.dossier.historique[-1] if self.dossier.historique else None
        if not self.ecrits or (
            isinstance(dernier, DocumentsGeneres)
            and (dernier.etape, dernier.date, dernier.refere) == (self.etape, self.date, self.refere)
        ):
            return None
        # written only when true, so that the case file's usual line stays short
        return DocumentsGeneres(
            date=self.date, evenement="documents_generes", etape=self.etape, **({"refere": True} if self.refere else {})
        )
