"""French sentences for the messages of the parsers the user's files go through (YAML, Jinja).

ruamel.yaml and Jinja speak English ("expected the node content, but found '<stream end>'"); the user reads
French. Each known message becomes a sentence saying what is wrong and what to do; the caller keeps the
line (YAML) or the tag (Jinja). An unknown message is still framed in French, its English text quoted as
a technical detail rather than dropped.
"""

from __future__ import annotations

import re

_YAML = (
    (
        r"expected the node content, but found '<stream end>'",
        "le fichier se termine alors qu'une valeur était attendue (valeur manquante après « : » ou « - » ?)",
    ),
    (r"found unexpected end of stream", "le fichier se termine trop tôt : guillemet, crochet ou accolade non fermé"),
    (r"could not find expected ':'", "« : » attendu après la clé (ou guillemet non fermé à la ligne précédente)"),
    (
        r"mapping values are not allowed here",
        "« : » inattendu : une valeur qui contient « : » s'écrit entre guillemets, et une clé ne se place pas "
        "sur la ligne d'une autre",
    ),
    (
        r"expected <block end>, but found '(?:<block sequence start>|-|<block mapping start>|<scalar>|\?)'",
        "indentation incohérente : cette ligne n'est pas alignée avec celles du même bloc",
    ),
    (r"expected <block end>, but found", "indentation incohérente : cette ligne n'est pas alignée avec le bloc"),
    (r"did not find expected key", "clé attendue : indentation incohérente ou tiret « - » mal placé"),
    (r"did not find expected '-' indicator", "élément de liste attendu : chaque élément commence par « - »"),
    (r"expected ',' or '\]'", "« , » ou « ] » attendu : liste entre crochets mal fermée"),
    (r"expected ',' or '\}'", "« , » ou « } » attendu : objet entre accolades mal fermé"),
    (r"did not find expected node content", "valeur attendue"),
    (
        r"expected a comment or a line break, but found '(.*)'",
        "texte inattendu « {0} » après la valeur : mettez la valeur entre guillemets ou passez à la ligne",
    ),
    (
        r"found undefined alias '?([^']*)'?",
        "alias « *{0} » non défini (une étoile en début de valeur désigne un "
        "alias YAML : mettez la valeur entre guillemets)",
    ),
    (
        r"found character '(.)' that cannot start any token",
        "caractère « {0} » impossible en début de valeur : mettez la valeur entre guillemets",
    ),
    (
        r"found unknown escape character '(.*)'",
        "séquence d'échappement inconnue « \\{0} » entre guillemets doubles (utilisez des guillemets simples)",
    ),
    (r"expected '<document start>', but found", "contenu inattendu après la fin du document YAML"),
    (r"found unexpected ':'", "« : » inattendu : mettez la valeur entre guillemets"),
)

_JINJA = (
    (
        r"[Uu]nexpected end of template\. Jinja was looking for the following tags: (.*?)\. The innermost block "
        r"that needs to be closed is '(\w+)'\.?",
        "le bloc « {1} » n'est jamais fermé (attendu : {0})",
    ),
    (
        r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: (.*?)\. The innermost block "
        r"that needs to be closed is '(\w+)'\.?",
        "balise « {0} » inattendue : le bloc « {2} » attend {1}",
    ),
    (r"Encountered unknown tag '(\w+)'\.?", "balise inconnue « {0} »"),
    (r"[Uu]nexpected end of template, expected '(.*?)'\.?", "le modèle se termine alors que « {0} » était attendu"),
    (r"[Uu]nexpected end of template", "le modèle se termine avant la fin d'une balise"),
    (r"Expected an expression, got '(.*?)'", "expression attendue (une variable, un texte…), trouvé « {0} »"),
    (r"expected token '(.*?)', got '(.*?)'", "« {0} » attendu, trouvé « {1} »"),
    (r"unexpected char '(.*?)' at \d+", "caractère inattendu « {0} »"),
    (r"unexpected '(.*?)'", "« {0} » inattendu"),
    (r"tag name expected", "nom de balise attendu après « {{% »"),
    (r"missing end of comment tag", "commentaire « {{# » jamais fermé par « #}} »"),
    (r"unexpected end of (?:string|comment)", "texte ou commentaire jamais fermé"),
)

_MOTS_JINJA = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "fin du modèle",
    "name": "un nom",
    "end of comment": "#}",
}


def _traduire(message: str, table, detail: str) -> str:
    for motif, phrase in table:
        trouve = re.search(motif, message)
        if trouve:
            return phrase.format(*(_MOTS_JINJA.get(g, g) for g in trouve.groups()))
    return f"{detail} (détail technique : {message})"


def yaml_en_francais(probleme: str) -> str:
    """A ruamel.yaml problem as a French sentence."""
    return _traduire(probleme, _YAML, "syntaxe YAML invalide")


def jinja_en_francais(message: str) -> str:
    """A Jinja syntax error message as a French sentence."""
    return _traduire(message, _JINJA, "syntaxe de balise invalide")
