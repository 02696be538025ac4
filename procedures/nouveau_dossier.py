"""Writing a new case folder from imported data: every field commented with its source, checked, then placed.

Shared by the e-invoice import (`init --facture`) and the ledger import (`importer`): the data is validated in
memory, the YAML text is validated again as `procedure check` will read it, and only then is anything written.
A new folder is filled beside its final place and renamed into it, so an error never leaves half a case.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from procedures.dossier import depuis_source
from procedures.erreurs import ProcedureError
from procedures.exemple import SCHEMA, ecrire_schema
from procedures.lecture import Chemin, analyser_texte
from procedures.stockage import ecrire_atomique

NOM_DOSSIER = "dossier.yaml"
_COMMENTAIRE = re.compile(r'^(?P<avant>\s*(?:- )?\w+: (?:"(?:[^"\\]|\\.)*"|[^\s"#]+)) +(?P<commentaire># .*)$', re.S)


def _noeud(valeur, chemin: Chemin, origines: Mapping[Chemin, str]):
    """Block-style YAML (flow maps cannot carry a comment per key), each key commented with its origin."""
    if isinstance(valeur, dict):
        bloc = CommentedMap()
        for cle, sous_valeur in valeur.items():
            bloc[cle] = _noeud(sous_valeur, chemin + (cle,), origines)
            origine = origines.get(chemin + (cle,))
            if origine and not isinstance(sous_valeur, (dict, list)):
                bloc.yaml_add_eol_comment(f"# {origine}", cle)
        return bloc
    if isinstance(valeur, list):
        return CommentedSeq(_noeud(v, chemin + (i,), origines) for i, v in enumerate(valeur))
    if isinstance(valeur, Decimal):
        return DoubleQuotedScalarString(f"{valeur:.2f}")
    if isinstance(valeur, str):
        return DoubleQuotedScalarString(valeur)
    if isinstance(valeur, dt.date):
        # A fresh object each time: the dumper would turn a date used twice into an anchor and an alias.
        return dt.date(valeur.year, valeur.month, valeur.day)
    return valeur


@lru_cache(maxsize=1)
def _ecrivain() -> YAML:
    # Set up once: building the round-trip dumper costs more than dumping one case file.
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _vider(racine) -> str:
    """Lists indented under their key, as in the examples and the documentation."""
    sortie = io.StringIO()
    _ecrivain().dump(racine, sortie)
    # ruamel puts one or two spaces before an end-of-line comment depending on its neighbours: always two.
    return "".join(
        _COMMENTAIRE.sub(r"\g<avant>  \g<commentaire>", ligne) for ligne in sortie.getvalue().splitlines(keepends=True)
    )


def texte_commente(donnees: dict, origines: Mapping[Chemin, str], entete: list[str]) -> str:
    """The case file's text: a header of comment lines, then the data; `origines` maps a field to its source."""
    racine = _noeud(donnees, (), origines)
    lignes = [f"# yaml-language-server: $schema=./{SCHEMA}"] + [f"# {ligne}" for ligne in entete]
    return "\n".join(lignes) + "\n" + _vider(racine)


def verifier_texte(cible: Path, texte: str, date_reference: dt.date | None = None) -> None:
    """Raise DossierInvalide if `procedure check` would refuse this text written as `cible`."""
    depuis_source(analyser_texte(cible, texte), date_reference)


def ecrire_nouveau_dossier(repertoire: Path, texte: str, pieces: Mapping[str, Path]) -> Path:
    """Write `dossier.yaml`, its JSON Schema and the pièces (relative path → source file) into `repertoire`.

    Nothing existing is ever replaced: an existing `dossier.yaml` or a different file at a pièce's place is an
    error before any write. A folder that does not exist yet appears whole or not at all."""
    repertoire = Path(repertoire)
    cible = repertoire / NOM_DOSSIER
    if cible.exists():
        raise ProcedureError(f"{cible} existe déjà : rien n'a été modifié (choisissez un autre dossier)")
    for relatif, source in pieces.items():
        place = repertoire / relatif
        if place.exists() and place.read_bytes() != Path(source).read_bytes():
            raise ProcedureError(f"{place} existe déjà avec un autre contenu : rien n'a été modifié")
    if repertoire.exists():
        _remplir(repertoire, texte, pieces)
        return cible
    repertoire.parent.mkdir(parents=True, exist_ok=True)
    provisoire = Path(tempfile.mkdtemp(dir=repertoire.parent, prefix=f".{repertoire.name}."))
    try:
        _remplir(provisoire, texte, pieces)
        os.chmod(provisoire, 0o755)
        try:
            os.rename(provisoire, repertoire)
        except OSError:
            raise ProcedureError(f"{repertoire} est apparu pendant l'import : rien n'y a été écrit") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(provisoire)
    return cible


def _remplir(repertoire: Path, texte: str, pieces: Mapping[str, Path]) -> None:
    for relatif, source in pieces.items():
        place = repertoire / relatif
        if not place.exists():
            ecrire_atomique(place, Path(source).read_bytes())
    ecrire_schema(repertoire)
    # Last: the case file is what makes the folder a case, so a failure before it leaves no half case.
    ecrire_atomique(repertoire / NOM_DOSSIER, texte)
