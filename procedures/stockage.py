"""Writing files without ever leaving half of one: atomic replace, a lock per case, round-trip YAML.

The case file is edited by people: appending an event keeps their comments, key order and layout.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import os
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from procedures.erreurs import DossierOccupe

ATTENTE_VERROU_SECONDES = 30


def ecrire_atomique(chemin: Path, contenu: str | bytes) -> None:
    """Write through a temporary file in the same folder, fsync, then rename over the target."""
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    donnees = contenu.encode("utf-8") if isinstance(contenu, str) else contenu
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.name}.", suffix=".tmp")
    try:
        with os.fdopen(descripteur, "wb") as sortie:
            sortie.write(donnees)
            sortie.flush()
            os.fsync(sortie.fileno())
        os.chmod(temporaire, _droits(chemin))
        os.replace(temporaire, chemin)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporaire)
        raise


def _droits(chemin: Path) -> int:
    """Keep a replaced file's permissions; a new one is readable by all like any document (mkstemp gives 0600)."""
    return chemin.stat().st_mode & 0o777 if chemin.exists() else 0o644


@contextlib.contextmanager
def fichier_temporaire(chemin: Path) -> Iterator[Path]:
    """A temporary path beside `chemin` for tools that write files themselves; renamed over it on success."""
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.stem}.", suffix=chemin.suffix)
    os.close(descripteur)
    try:
        yield Path(temporaire)
        os.chmod(temporaire, _droits(chemin))
        os.replace(temporaire, chemin)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporaire)


def sha256(chemin: Path) -> str:
    empreinte = hashlib.sha256()
    with open(chemin, "rb") as entree:
        for bloc in iter(lambda: entree.read(1 << 20), b""):
            empreinte.update(bloc)
    return empreinte.hexdigest()


@contextlib.contextmanager
def verrou(dossier_yaml: Path, attente: float = ATTENTE_VERROU_SECONDES) -> Iterator[None]:
    """One run at a time on a case: a second one waits, then fails cleanly instead of interleaving."""
    chemin_verrou = Path(dossier_yaml).with_name(f".{Path(dossier_yaml).name}.verrou")
    with open(chemin_verrou, "a+") as fichier:
        limite = time.monotonic() + attente
        while True:
            try:
                fcntl.flock(fichier.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= limite:
                    raise DossierOccupe(f"{dossier_yaml} : une autre commande travaille sur ce dossier ; "
                                        "réessayez quand elle aura fini") from None
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
    texte = Path(dossier_yaml).read_text(encoding="utf-8-sig")
    for cle, entrees in ajouts.items():
        if entrees:
            texte = _inserer(texte, ("creance", cle) if cle == "paiements" else (cle,), entrees)
    return texte


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
        suivantes = cles[cles.index(cle) + 1:] if cle in cles else []
        if suivantes:
            return parent.lc.key(suivantes[0])[0]
    return nombre_lignes
