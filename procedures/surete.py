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


class CheminRefuse(ProcedureError):
    """A path that leads outside the case folder, or a file that is not a plain file."""


def dans_le_dossier(racine: Path, relatif: str | Path, quoi: str) -> Path:
    """``racine / relatif`` with every link followed (it must exist), refused if it ends outside ``racine``."""
    chemin = Path(racine) / relatif
    try:
        reel = chemin.resolve(strict=True)
    except FileNotFoundError:
        raise CheminRefuse(f"{quoi} : {relatif} introuvable ({chemin})") from None
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise CheminRefuse(f"{quoi} : {relatif} illisible ({exc})") from None
    if not reel.is_relative_to(Path(racine).resolve()):
        raise CheminRefuse(f"{quoi} : {relatif} mène hors du dossier ({reel}) : refusé")
    return reel


def fichier_ordinaire(chemin: Path, quoi: str, limite: int | None = None) -> os.stat_result:
    """The file's status if it is a regular file (links followed) of at most ``limite`` bytes; else refused:
    a FIFO would block the reader forever, a device never ends."""
    try:
        etat = os.stat(chemin)
    except FileNotFoundError:
        raise CheminRefuse(f"{quoi} introuvable : {chemin}") from None
    except OSError as exc:
        raise CheminRefuse(f"{quoi} illisible : {chemin} ({exc.strerror})") from None
    if not stat.S_ISREG(etat.st_mode):
        genre = "un dossier" if stat.S_ISDIR(etat.st_mode) else "un tube, un périphérique ou une socket"
        raise CheminRefuse(f"{quoi} : {chemin} est {genre}, pas un fichier ordinaire : refusé")
    if limite is not None and etat.st_size > limite:
        raise CheminRefuse(f"{quoi} : {chemin} trop volumineux ({etat.st_size} octets, au plus {limite})")
    return etat


def lire_ordinaire(chemin: Path, quoi: str, limite: int) -> bytes:
    """The bytes of a regular file of at most ``limite`` bytes, read with that bound even if it grows."""
    fichier_ordinaire(chemin, quoi, limite)
    try:
        # O_NONBLOCK: had the path been swapped for a FIFO since the check, opening it would not wait
        descripteur = os.open(chemin, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise CheminRefuse(f"{quoi} illisible : {chemin} ({exc.strerror})") from None
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
    return bool(nom) and not (nom.startswith("/") or "\\" in nom or _LECTEUR.match(nom) or "\0" in nom
                              or ".." in PurePosixPath(nom).parts)
