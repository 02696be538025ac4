"""Where generated files go and what they are called: the output layout every writer and reader shares.

It imports nothing from the package, so `generation`, `remise`, `empreintes` and the others can all depend
on it without depending on each other.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procedures.dossier import Dossier

REPERTOIRE_SORTIE = "sortie"
LONGUEUR_REFERENCE = 50
# The templates addressed to one `debiteur` (modeles/CONTEXTE.md): with several debtors, one copy each,
# since each is a distinct party to remind, put on notice or serve (docs/legal-sources.md §1.6, item 8).
# Court documents list every debtor and stay single.
MODELES_PAR_DEBITEUR = frozenset(
    {
        "relance_prevenance",
        "relance_1",
        "relance_2",
        "mise_en_demeure",
        "fiche_appel",
        "confirmation_appel",
        "echeancier",
        "lettre_cj_signification",
        "lettre_cj_execution",
        "lettre_cj_commandement",
        "lettre_cj_petites_creances",
    }
)


def nom_fichier(dossier: Dossier, modele: str, extension: str) -> str:
    # A file name holds 255 bytes at most (NAME_MAX): a long reference is cut, the model name never.
    reference = re.sub(r"[^\w.-]+", "-", dossier.reference).strip("-")[:LONGUEUR_REFERENCE].rstrip("-") or "dossier"
    return f"{reference}-{modele}{extension}"


def modele_du_fichier(dossier: Dossier, chemin: Path) -> str:
    """'lettre_cj_signification' for CAB-2026-007-lettre_cj_signification.docx: `nom_fichier` read back."""
    return chemin.stem.removeprefix(nom_fichier(dossier, "", ""))


def exemplaires(dossier: Dossier, modele: str) -> list[tuple[int, str]]:
    """(debtor index, name) of each copy of `modele`: `<modele>-debiteur-<n>` for a letter to several debtors."""
    if modele in MODELES_PAR_DEBITEUR and len(dossier.debiteurs) > 1:
        return [(i, f"{modele}-debiteur-{i + 1}") for i in range(len(dossier.debiteurs))]
    return [(0, modele)]


def fichiers_du_dossier(dossier: Dossier) -> list[Path]:
    """The files a person owns in the case folder: the case file and the pièces (never an output's target)."""
    return [dossier.chemin, *(dossier.repertoire / piece.fichier for piece in dossier.pieces)]
