"""Writing files without ever leaving half of one: atomic replace, a lock per case, round-trip YAML.

The case file is edited by people: appending an event keeps their comments, key order and layout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import io
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from procedures.erreurs import DossierOccupe, ProcedureError

ATTENTE_VERROU_SECONDES = 30


class EcritureImpossible(ProcedureError):
    """A write the system refused (read-only folder, full disk, name too long...): nothing was half-written."""


_CAUSES = {
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota disque dépassé",
    errno.EACCES: "permission refusée (dossier ou fichier en lecture seule ?)",
    errno.EPERM: "opération non permise (dossier ou fichier en lecture seule ?)",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EEXIST: "un fichier porte déjà ce nom là où un dossier est attendu",
    errno.EISDIR: "c'est un dossier, pas un fichier",
}


def ecriture_impossible(exc: OSError, chemin: Path) -> EcritureImpossible:
    """The French error for a failed write of ``chemin``."""
    cause = _CAUSES.get(exc.errno, exc.strerror or str(exc))
    return EcritureImpossible(f"Impossible d'écrire {chemin} : {cause} ; rien n'a été modifié à moitié")


@contextlib.contextmanager
def ecriture(chemin: Path) -> Iterator[None]:
    """Turn a system refusal inside the block into one French error naming ``chemin``."""
    try:
        yield
    except EcritureImpossible:
        raise
    except OSError as exc:
        raise ecriture_impossible(exc, Path(exc.filename) if exc.filename else chemin) from None


def ecrire_atomique(chemin: Path, contenu: str | bytes) -> None:
    """Write through a temporary file in the same folder, fsync, then rename over the target."""
    chemin = Path(chemin)
    donnees = contenu.encode("utf-8") if isinstance(contenu, str) else contenu
    with fichier_temporaire(chemin) as temporaire, ecriture(chemin), open(temporaire, "wb") as sortie:
        sortie.write(donnees)
        sortie.flush()
        os.fsync(sortie.fileno())


def _droits(chemin: Path) -> int:
    """Keep a replaced file's permissions; a new one is readable by all like any document (mkstemp gives 0600)."""
    return chemin.stat().st_mode & 0o777 if chemin.exists() else 0o644


@contextlib.contextmanager
def fichier_temporaire(chemin: Path) -> Iterator[Path]:
    """A temporary path beside `chemin` for tools that write files themselves; renamed over it on success.

    A refusal of the system (full disk, read-only folder) becomes an EcritureImpossible naming `chemin`,
    and the temporary file is removed: the target is either the old file or the new one, whole."""
    chemin = Path(chemin)
    with ecriture(chemin):
        chemin.parent.mkdir(parents=True, exist_ok=True)
        descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.stem}.", suffix=chemin.suffix)
        os.close(descripteur)
    try:
        yield Path(temporaire)
        with ecriture(chemin):
            os.chmod(temporaire, _droits(chemin))
            os.replace(temporaire, chemin)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporaire)


def dossier_modifiable(chemin: Path) -> Path:
    """The real file behind the case file ``chemin`` (its link followed), refused if its owner made it
    read-only: the tool never rewrites what a person protected."""
    reel = Path(os.path.realpath(chemin))
    try:
        droits = reel.stat().st_mode
    except OSError as exc:
        raise ecriture_impossible(exc, reel) from None
    if not droits & stat.S_IWUSR:
        raise EcritureImpossible(
            f"{chemin} est en lecture seule : rien n'a été écrit (rendez-le modifiable, "
            "par exemple « chmod u+w », pour que l'outil y note ce qu'il fait)"
        )
    return reel


def ecrire_dossier(chemin: Path, texte: str) -> None:
    """Replace the case file: through its link to the real file (atomically, in that file's folder), and
    never a read-only one."""
    ecrire_atomique(dossier_modifiable(chemin), texte)


def sauvegarde(chemin: Path) -> Path:
    """Copy ``chemin`` to ``<nom>.sauvegarde-<AAAAMMJJ-HHMMSS>[-n]<ext>``, a name never used before (created
    exclusively, so two backups in the same second never overwrite each other); return the copy's path."""
    chemin = Path(chemin)
    base = f"{chemin.stem}.sauvegarde-{dt.datetime.now():%Y%m%d-%H%M%S}"
    for rang in range(1, 10_000):
        copie = chemin.with_name(f"{base}{'' if rang == 1 else f'-{rang}'}{chemin.suffix}")
        with ecriture(copie):
            try:
                descripteur = os.open(copie, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            try:
                with os.fdopen(descripteur, "wb") as sortie, open(chemin, "rb") as entree:
                    shutil.copyfileobj(entree, sortie)
                    sortie.flush()
                    os.fsync(sortie.fileno())
                shutil.copystat(chemin, copie)
            except BaseException:
                os.unlink(copie)
                raise
        return copie
    raise EcritureImpossible(f"{chemin} : trop de sauvegardes dans la même seconde")


def sha256(chemin: Path) -> str:
    empreinte = hashlib.sha256()
    with open(chemin, "rb") as entree:
        for bloc in iter(lambda: entree.read(1 << 20), b""):
            empreinte.update(bloc)
    return empreinte.hexdigest()


@contextlib.contextmanager
def verrou(dossier_yaml: Path, attente: float = ATTENTE_VERROU_SECONDES) -> Iterator[None]:
    """One run at a time on a case: a second one waits, then fails cleanly instead of interleaving.

    The lock file is never followed if it is a link (it could point anywhere) nor used if it is a folder."""
    chemin_verrou = Path(dossier_yaml).with_name(f".{Path(dossier_yaml).name}.verrou")
    try:
        descripteur = os.open(chemin_verrou, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR) or chemin_verrou.is_symlink() or chemin_verrou.is_dir():
            raise ProcedureError(
                f"{chemin_verrou} : le fichier de verrou est un lien ou un dossier ; "
                "supprimez-le (l'outil le recrée), puis relancez"
            ) from None
        raise ecriture_impossible(exc, chemin_verrou) from None
    with os.fdopen(descripteur, "r+") as fichier:
        if not stat.S_ISREG(os.fstat(descripteur).st_mode):
            raise ProcedureError(
                f"{chemin_verrou} : le fichier de verrou n'est pas un fichier ordinaire ; supprimez-le, puis relancez"
            )
        limite = time.monotonic() + attente
        while True:
            try:
                fcntl.flock(fichier.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= limite:
                    raise DossierOccupe(
                        f"{dossier_yaml} : une autre commande travaille sur ce dossier ; réessayez quand elle aura fini"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fichier.fileno(), fcntl.LOCK_UN)


def _vers_yaml(valeur):
    """Plain values as a person would type them: flat events on one line, amounts as quoted strings."""
    if isinstance(valeur, dict):
        bloc = CommentedMap((cle, _vers_yaml(v)) for cle, v in valeur.items() if v is not None)
        if all(not isinstance(v, (dict, list)) for v in valeur.values()):
            bloc.fa.set_flow_style()
        return bloc
    if isinstance(valeur, (list, tuple)):
        return CommentedSeq(_vers_yaml(v) for v in valeur)
    if isinstance(valeur, Decimal):
        return DoubleQuotedScalarString(f"{valeur:.2f}")
    return valeur


def _vider(donnees) -> str:
    """Dump round-trip YAML without folding long lines (a folded address is harder to edit by hand)."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    sortie = io.StringIO()
    yaml.dump(donnees, sortie)
    return sortie.getvalue()


def _texte_elements(entrees: list[dict], colonne: int) -> str:
    texte = _vider(CommentedSeq(_vers_yaml(entree) for entree in entrees))
    return "".join(" " * colonne + ligne for ligne in texte.splitlines(keepends=True))


def ajouter_au_dossier(dossier_yaml: Path, ajouts: dict[str, list[dict]]) -> str:
    """Append entries to `historique` or `creance.paiements` as new lines, leaving every other byte as it was.

    Returns the new text; the caller validates it before `ecrire_atomique`, so a bad entry never lands.
    """
    brut = Path(dossier_yaml).read_bytes()
    texte = brut.decode("utf-8-sig").replace("\r\n", "\n")
    for cle, entrees in ajouts.items():
        if entrees:
            texte = _inserer(texte, ("creance", cle) if cle == "paiements" else (cle,), entrees)
    # A file written on Windows keeps its line endings: the new lines get them too.
    return texte.replace("\n", "\r\n") if b"\r\n" in brut else texte


def _inserer(texte: str, chemin: tuple[str, ...], entrees: list[dict]) -> str:
    arbre = YAML(typ="rt").load(texte)
    lignes = texte.splitlines(keepends=True)
    if lignes and not lignes[-1].endswith("\n"):
        lignes[-1] += "\n"
    parents = [arbre]
    for cle in chemin[:-1]:
        parents.append(parents[-1][cle])
    parent, cle = parents[-1], chemin[-1]
    liste = parent.get(cle)
    fin = _fin_du_bloc(parents, chemin, len(lignes))
    if isinstance(liste, CommentedSeq) and len(liste) and liste.fa.flow_style() is False:
        colonne = liste.lc.item(0)[1] - 2
        while fin > 0 and (not lignes[fin - 1].strip() or lignes[fin - 1].lstrip().startswith("#")):
            fin -= 1
        return "".join(lignes[:fin]) + _texte_elements(entrees, colonne) + "".join(lignes[fin:])
    if cle in parent:
        # An empty or inline list (`historique: []`): rewriting that one entry is the only way to extend it.
        parent[cle] = CommentedSeq(list(liste or []) + [_vers_yaml(e) for e in entrees])
        return _vider(arbre)
    colonne = parent.lc.key(next(iter(parent)))[1] if len(chemin) > 1 else 0
    nouveau = " " * colonne + f"{cle}:\n" + _texte_elements(entrees, colonne + 2)
    return "".join(lignes[:fin]) + nouveau + "".join(lignes[fin:])


def _fin_du_bloc(parents: list, chemin: tuple[str, ...], nombre_lignes: int) -> int:
    """The index of the first line after the block of `chemin`: the next key at its level or above."""
    for profondeur in range(len(chemin) - 1, -1, -1):
        parent, cle = parents[profondeur], chemin[profondeur]
        cles = list(parent)
        suivantes = cles[cles.index(cle) + 1 :] if cle in cles else []
        if suivantes:
            return parent.lc.key(suivantes[0])[0]
    return nombre_lignes
