"""Reading untrusted paths: nothing outside the case folder, only regular files, never more than a bound.

A case folder may come from someone else: a pièce may be a link to /etc/shadow, a recorded file name may be
``/etc/passwd`` or ``..\\..\\evil.bat``, ``dossier.yaml`` may be a FIFO (reading it would wait forever) or
``/dev/zero`` (reading it would fill the memory). Every such path goes through here.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from procedures.erreurs import ProcedureError
from procedures.stockage import sauvegarde


class CheminRefuse(ProcedureError):
    """A path that leads outside the case folder, or a file that is not a plain file; ``motif`` is the reason
    alone, for a caller that names the file itself."""

    def __init__(self, message: str, motif: str = ""):
        super().__init__(message)
        self.motif = motif or message


def dans_le_dossier(racine: Path, relatif: str | Path, quoi: str) -> Path:
    """``racine / relatif`` with every link followed (it must exist), refused if it ends outside ``racine``."""
    chemin = Path(racine) / relatif
    try:
        reel = chemin.resolve(strict=True)
    except FileNotFoundError:
        raise CheminRefuse(f"{quoi} : {relatif} introuvable ({chemin})", "fichier introuvable") from None
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise CheminRefuse(f"{quoi} : {relatif} illisible ({exc})", f"illisible ({exc})") from None
    if not reel.is_relative_to(Path(racine).resolve()):
        motif = f"mène hors du dossier ({reel}) : refusé"
        raise CheminRefuse(f"{quoi} : {relatif} {motif}", motif)
    return reel


def fichier_ordinaire(chemin: Path, quoi: str, limite: int | None = None) -> os.stat_result:
    """The file's status if it is a regular file (links followed) of at most ``limite`` bytes; else refused:
    a FIFO would block the reader forever, a device never ends."""
    try:
        etat = os.stat(chemin)
    except FileNotFoundError:
        raise CheminRefuse(f"{quoi} introuvable : {chemin}", "fichier introuvable") from None
    except OSError as exc:
        raise CheminRefuse(
            f"{quoi} illisible : {chemin} ({exc.strerror})", f"fichier illisible ({exc.strerror})"
        ) from None
    if not stat.S_ISREG(etat.st_mode):
        genre = "un dossier" if stat.S_ISDIR(etat.st_mode) else "un tube, un périphérique ou une socket"
        motif = f"{genre}, pas un fichier ordinaire : refusé"
        raise CheminRefuse(f"{quoi} : {chemin} est {motif}", motif)
    if limite is not None and etat.st_size > limite:
        motif = f"trop volumineux ({etat.st_size} octets, au plus {limite})"
        raise CheminRefuse(f"{quoi} : {chemin} {motif}", motif)
    return etat


def lire_ordinaire(chemin: Path, quoi: str, limite: int) -> bytes:
    """The bytes of a regular file of at most ``limite`` bytes, read with that bound even if it grows."""
    fichier_ordinaire(chemin, quoi, limite)
    try:
        # O_NONBLOCK: had the path been swapped for a FIFO since the check, opening it would not wait
        descripteur = os.open(chemin, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise CheminRefuse(
            f"{quoi} illisible : {chemin} ({exc.strerror})", f"fichier illisible ({exc.strerror})"
        ) from None
    with os.fdopen(descripteur, "rb") as flux:
        if not stat.S_ISREG(os.fstat(flux.fileno()).st_mode):
            raise CheminRefuse(f"{quoi} : {chemin} n'est pas un fichier ordinaire : refusé")
        donnees = flux.read(limite + 1)
    if len(donnees) > limite:
        raise CheminRefuse(f"{quoi} : {chemin} trop volumineux (plus de {limite} octets)")
    return donnees


_LECTEUR = re.compile(r"^[A-Za-z]:")


def nom_archive_sur(nom: str) -> bool:
    """A ZIP member name that extracts inside the target folder on every system (no zip-slip)."""
    return bool(nom) and not (
        nom.startswith("/") or "\\" in nom or _LECTEUR.match(nom) or "\0" in nom or ".." in PurePosixPath(nom).parts
    )


def preparer_sortie(cible: Path, proteges: list[Path], forcer: bool) -> Path | None:
    """Make way for writing ``cible``, a path the user chose (``--out``): never the case file or a pièce
    (``proteges``), never an existing file unless ``forcer``, and then only after a backup (returned)."""
    cible = Path(cible)
    reel = cible.resolve()
    if any(reel == Path(p).resolve() for p in proteges):
        raise CheminRefuse(
            f"--out {cible} : c'est le dossier ou une de ses pièces ; choisissez un autre fichier (rien n'a été écrit)"
        )
    if cible.is_dir():
        raise CheminRefuse(f"--out {cible} est un dossier : indiquez un nom de fichier")
    if not cible.exists():
        return None
    if not forcer:
        raise CheminRefuse(
            f"--out {cible} existe déjà : rien n'a été écrit (ajoutez --force pour le remplacer ; "
            "une copie de sauvegarde est alors gardée)"
        )
    return sauvegarde(cible)
