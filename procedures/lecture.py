"""Reading a YAML case file into plain data, keeping where each field stands.

Everything here turns a file into (data, line map) or into located French errors; it never writes.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.cyaml import CSafeLoader
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from procedures.erreurs import DossierInvalide, Erreur
from procedures.surete import CheminRefuse, lire_ordinaire
from procedures.traduction import yaml_en_francais

TAILLE_MAX = 5 * 1024 * 1024
# Aliases can make a small file expand enormously ("billion laughs"); a real case file has a few thousand nodes.
NOEUDS_MAX = 200_000
PROFONDEUR_MAX = 64

Chemin = tuple[str | int, ...]


class Source:
    """A YAML file read as plain Python data; the line of every mapping key and list item on demand."""

    def __init__(self, fichier: Path, donnees: Any, lignes: dict[Chemin, int] | None = None, noeud: Node | None = None):
        self.fichier = fichier
        self.donnees = donnees
        self._lignes = lignes
        self._noeud = noeud

    @property
    def lignes(self) -> dict[Chemin, int]:
        # Only errors and alerts need lines: they are read off the parsed nodes when one is to be located.
        if self._lignes is None:
            self._lignes = _lignes_des_noeuds(self._noeud)
        return self._lignes

    def ligne(self, chemin: Chemin) -> int | None:
        """The line of the deepest known element of `chemin` (a missing field points at its parent)."""
        for fin in range(len(chemin), -1, -1):
            ligne = self.lignes.get(tuple(chemin[:fin]))
            if ligne is not None:
                return ligne
        return None

    def erreur(self, chemin: Chemin, message: str) -> Erreur:
        return Erreur(str(self.fichier), self.ligne(chemin), format_champ(chemin), message)


def _date_en_texte(constructeur, noeud) -> str:
    # Dates stay text so that Pydantic reports "2025-02-30" as an invalid date of a located field.
    return noeud.value


class _ConstructeurLignes(RoundTripConstructor):
    pass


class _ChargeurRapide(CSafeLoader):
    """The C parser with the YAML 1.2 rules the C path of ``YAML(typ="safe")`` applies, built without its
    per-call setup (plug-in search, versioned resolver), which costs more than parsing a case file."""


_ConstructeurLignes.add_constructor("tag:yaml.org,2002:timestamp", _date_en_texte)
_ChargeurRapide.add_constructor("tag:yaml.org,2002:timestamp", _date_en_texte)


def format_champ(chemin: Chemin) -> str:
    texte = ""
    for element in chemin:
        texte += f"[{element}]" if isinstance(element, int) else (f".{element}" if texte else str(element))
    return texte


def lire_yaml(fichier: Path) -> Source:
    """Read `fichier` without modifying it; raise DossierInvalide with line and column on any problem."""
    nom = str(fichier)
    try:
        etat = fichier.stat()
    except FileNotFoundError:
        raise DossierInvalide([Erreur(nom, None, "", "fichier introuvable")]) from None
    except OSError as exc:
        raise DossierInvalide([Erreur(nom, None, "", f"fichier illisible ({exc.strerror})")]) from None
    if stat.S_ISDIR(etat.st_mode):
        raise DossierInvalide([Erreur(nom, None, "", "c'est un dossier : indiquez le fichier dossier.yaml")])
    if not stat.S_ISREG(etat.st_mode):
        # a FIFO would block the reading forever, a device (/dev/zero) never ends
        raise DossierInvalide(
            [Erreur(nom, None, "", "pas un fichier ordinaire (tube, périphérique…) : indiquez le fichier dossier.yaml")]
        )
    verifier_taille(fichier, etat.st_size)
    try:
        brut = lire_ordinaire(fichier, "Dossier", TAILLE_MAX)
    except CheminRefuse as exc:
        raise DossierInvalide([Erreur(nom, None, "", exc.motif)]) from None
    try:
        texte = brut.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne = brut.count(b"\n", 0, exc.start) + 1
        raise DossierInvalide(
            [
                Erreur(
                    nom,
                    ligne,
                    "",
                    f"octet {brut[exc.start]:#04x} invalide : le fichier doit être "
                    "encodé en UTF-8 (enregistrez-le en UTF-8 depuis votre éditeur)",
                )
            ]
        ) from None
    return analyser_texte(fichier, texte)


def verifier_taille(fichier: Path, taille: int) -> None:
    if taille > TAILLE_MAX:
        raise DossierInvalide(
            [
                Erreur(
                    str(fichier),
                    None,
                    "",
                    f"fichier trop volumineux ({taille} octets) : "
                    f"un dossier fait au plus {TAILLE_MAX // (1024 * 1024)} Mo",
                )
            ]
        )


def analyser_texte(fichier: Path, texte: str) -> Source:
    """Parse the (decoded) text of `fichier`, or a would-be content of it; errors name `fichier`."""
    nom = str(fichier)
    if not texte.strip():
        raise DossierInvalide(
            [
                Erreur(
                    nom, 1, "", "fichier vide : un dossier contient au moins reference, creancier, debiteurs et creance"
                )
            ]
        )
    _verifier_profondeur(texte, nom)
    try:
        donnees, noeud = _analyser_vite(texte, nom)
        return Source(fichier, donnees, noeud=noeud)
    except (YAMLError, DossierInvalide, ValueError):
        donnees, lignes = _analyser_avec_lignes(texte, nom)
        return Source(fichier, donnees, lignes)


def _verifier_profondeur(texte: str, nom: str) -> None:
    """Refuse a nesting deeper than PROFONDEUR_MAX before building anything: the parsers build nested data
    by recursion, and thousands of levels exhaust Python's stack or crash the C one. Reading the event
    stream is flat, so it is safe at any depth; it is read only when a cheap bound allows more levels."""
    # Each block level takes at least one column (indentation, "- ", "? ") and a sequence may sit at its key's
    # indentation, hence twice the columns; each flow level takes a bracket.
    colonnes = max((len(ligne) - len(ligne.lstrip(" -?:")) for ligne in texte.splitlines()), default=0)
    if 2 * (colonnes + 1) + texte.count("[") + texte.count("{") <= PROFONDEUR_MAX:
        return
    chargeur = _ChargeurRapide(texte)
    profondeur = 0
    try:
        while chargeur.check_event():
            evenement = chargeur.get_event()
            if isinstance(evenement, (MappingStartEvent, SequenceStartEvent)):
                profondeur += 1
                if profondeur > PROFONDEUR_MAX:
                    ligne = evenement.start_mark.line + 1 if evenement.start_mark else None
                    raise DossierInvalide(
                        [
                            Erreur(
                                nom,
                                ligne,
                                "",
                                f"imbrication trop profonde (plus de "
                                f"{PROFONDEUR_MAX} niveaux) : un dossier en compte moins de dix",
                            )
                        ]
                    )
            elif isinstance(evenement, (MappingEndEvent, SequenceEndEvent)):
                profondeur -= 1
    except YAMLError:
        return  # a syntax error: the parsers below report it with its line
    finally:
        chargeur.dispose()


def _analyser_vite(texte: str, nom: str) -> tuple[dict, Node]:
    """The C parser (YAML 1.2 resolution, as the round-trip one): ten times faster. Its nodes are kept: they
    carry the lines, read only if an error or an alert is to be located."""
    chargeur = _ChargeurRapide(texte)
    try:
        racine = chargeur.get_single_node()
        arbre = chargeur.construct_document(racine) if racine is not None else None
    finally:
        chargeur.dispose()
    if not isinstance(arbre, dict):
        raise ValueError("not a mapping")
    return _en_python(arbre, (), None, [0], nom), racine


def _lignes_des_noeuds(racine: Node | None) -> dict[Chemin, int]:
    """The line of every mapping key and list item, from the C parser's nodes: `status` locates its alerts
    on every case of a portfolio, where the comment-keeping parser would cost more than the rest."""
    lignes: dict[Chemin, int] = {(): 1}
    a_voir = [((), racine)]
    while a_voir:
        chemin, noeud = a_voir.pop()
        if isinstance(noeud, MappingNode):
            for cle, valeur in noeud.value:
                sous_chemin = (*chemin, str(cle.value))
                lignes[sous_chemin] = cle.start_mark.line + 1
                a_voir.append((sous_chemin, valeur))
        elif isinstance(noeud, SequenceNode):
            for index, valeur in enumerate(noeud.value):
                lignes[(*chemin, index)] = valeur.start_mark.line + 1
                a_voir.append(((*chemin, index), valeur))
    return lignes


def _analyser_avec_lignes(texte: str, nom: str) -> tuple[dict, dict[Chemin, int]]:
    yaml = YAML(typ="rt")
    yaml.Constructor = _ConstructeurLignes
    try:
        arbre = yaml.load(texte)
    except YAMLError as exc:
        raise DossierInvalide([_erreur_syntaxe(nom, exc)]) from None
    if not isinstance(arbre, CommentedMap):
        raise DossierInvalide(
            [
                Erreur(
                    nom,
                    1,
                    "",
                    "le dossier doit être un bloc de champs « nom: valeur » "
                    "(reference, creancier, debiteurs, creance…)",
                )
            ]
        )
    lignes: dict[Chemin, int] = {(): 1}
    return _en_python(arbre, (), lignes, [0], nom), lignes


def _erreur_syntaxe(nom: str, exc: YAMLError) -> Erreur:
    marque = getattr(exc, "problem_mark", None) if isinstance(exc, MarkedYAMLError) else None
    ligne = marque.line + 1 if marque else None
    colonne = f", colonne {marque.column + 1}" if marque else ""
    probleme = str(getattr(exc, "problem", "") or exc)
    if isinstance(exc, DuplicateKeyError):
        cle = re.search(r'duplicate key "([^"]*)"', probleme)
        message = f"clé « {cle.group(1) if cle else '?'} » en double{colonne} : chaque champ n'apparaît qu'une fois"
    elif "'\\t'" in probleme:
        message = f"tabulation interdite{colonne} : en YAML, indentez avec des espaces"
    else:
        message = yaml_en_francais(probleme) + (f" (colonne {marque.column + 1})" if marque else "")
    return Erreur(nom, ligne, "", message)


def _en_python(noeud: Any, chemin: Chemin, lignes: dict[Chemin, int] | None, compteur: list[int], nom: str) -> Any:
    """Plain data (dict, list, str, int, bool, Decimal), recording lines when the tree carries them."""
    compteur[0] += 1
    if compteur[0] > NOEUDS_MAX:
        raise DossierInvalide([Erreur(nom, None, "", "structure trop grande (alias YAML imbriqués ?)")])
    if isinstance(noeud, dict):
        resultat = {}
        for cle, valeur in noeud.items():
            sous_chemin = chemin + (str(cle),)
            if lignes is not None:
                lignes[sous_chemin] = noeud.lc.key(cle)[0] + 1
            resultat[str(cle)] = _en_python(valeur, sous_chemin, lignes, compteur, nom)
        return resultat
    if isinstance(noeud, list):
        resultat = []
        for index, valeur in enumerate(noeud):
            sous_chemin = chemin + (index,)
            if lignes is not None:
                lignes[sous_chemin] = noeud.lc.item(index)[0] + 1
            resultat.append(_en_python(valeur, sous_chemin, lignes, compteur, nom))
        return resultat
    if isinstance(noeud, float):
        # The shortest repr of a YAML decimal literal is that literal: 1234.56 stays 1234.56, never 1234.5599…
        return Decimal(repr(float(noeud)))
    if isinstance(noeud, bool) or noeud is None or isinstance(noeud, (int, dt.date)):
        return noeud
    return str(noeud)


MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (vérifiez l'orthographe ; les champs admis sont listés par « procedure schema »)",
    "string_type": "texte attendu",
    "bool_type": "attendu true ou false",
    "bool_parsing": "attendu true ou false",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "list_type": "liste attendue (éléments précédés de « - »)",
    "dict_type": "bloc attendu (champs « nom: valeur »)",
    "model_type": "bloc attendu (champs « nom: valeur »)",
    "model_attributes_type": "bloc attendu (champs « nom: valeur »)",
    "date_type": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date invalide : attendu AAAA-MM-JJ",
    "date_from_datetime_parsing": "date invalide : attendu AAAA-MM-JJ",
    "date_from_datetime_inexact": "date attendue sans heure (AAAA-MM-JJ)",
    "too_short": "liste vide : au moins un élément est requis",
    "union_tag_not_found": "champ obligatoire manquant",
    "greater_than_equal": "doit être au moins {ge}",
    "greater_than": "doit être supérieur à {gt}",
    "string_too_short": "texte vide",
    "string_too_long": "texte trop long : {max_length} caractères au plus",
}


def erreurs_pydantic(source: Source, exc: ValidationError) -> list[Erreur]:
    """Translate Pydantic's errors into located French ones."""
    erreurs = []
    for detail in exc.errors(include_url=False):
        chemin = _chemin_reel(source.donnees, detail["loc"])
        if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
            chemin += (detail["ctx"]["discriminator"].strip("'"),)
        erreurs.append(source.erreur(chemin, _message(detail)))
    return erreurs


def sans_champs_invalides(donnees: Any, exc: ValidationError) -> Any:
    """A copy of ``donnees`` without the fields ``exc`` reports (those inside a mapping; a list element stays,
    so the indexes of the rest do not move)."""
    copie = copy.deepcopy(donnees)
    for detail in exc.errors(include_url=False):
        *parents, dernier = _chemin_reel(copie, detail["loc"]) or (None,)
        noeud = copie
        for element in parents:
            try:
                noeud = noeud[element]
            except (KeyError, IndexError, TypeError):
                noeud = None
                break
        if isinstance(noeud, dict):
            noeud.pop(dernier, None)
    return copie


def _chemin_reel(donnees: Any, loc: tuple) -> Chemin:
    """Pydantic's location, without the union tags it inserts (`historique.2.relance_envoyee.canal`)."""
    chemin: list[str | int] = []
    noeud = donnees
    for position, element in enumerate(loc):
        dernier = position == len(loc) - 1
        if isinstance(noeud, dict):
            if element not in noeud and not dernier:
                continue
            noeud = noeud.get(element)
        elif isinstance(noeud, list) and isinstance(element, int) and element < len(noeud):
            noeud = noeud[element]
        else:
            noeud = None
        chemin.append(element)
    return tuple(chemin)


def _message(detail: dict) -> str:
    type_ = detail["type"]
    ctx = detail.get("ctx") or {}
    if type_ in ("literal_error", "enum"):
        attendus = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"valeur invalide ({_court(detail.get('input'))}) : attendu {attendus}"
    if type_ == "union_tag_invalid":
        attendus = ctx.get("expected_tags", "").replace("'", "")
        return f"valeur inconnue ({_court(ctx.get('tag'))}) : attendu l'une de {attendus}"
    if type_ in MESSAGES:
        return MESSAGES[type_].format(**ctx)
    # Our own validators raise PydanticCustomError with a French message already.
    return detail["msg"]


def _court(valeur: Any) -> str:
    texte = str(valeur)
    return texte if len(texte) <= 60 else texte[:57] + "…"
