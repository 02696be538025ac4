"""French typography for text that reaches a document.

French sets a no-break space before the "high" punctuation marks ; : ! ? and inside « » so that a line
never starts with one of them (Lexique des règles typographiques de l'Imprimerie nationale). Only
existing spaces are replaced, except inside guillemets where the space is always due: inserting a space
before ``:`` or ``?`` would break URLs, e-mail addresses and references such as ``F2025:031``.
Numbers are bound too: the space grouping thousands (``1 234,56``), the one before a unit (``56 €``,
``12,15 %``) and the one after ``n°`` become no-break spaces, so an amount never breaks across lines.
U+00A0 is used rather than the narrow U+202F because every font Word and LibreOffice ship has it.
"""

from __future__ import annotations

import re

ESPACE_INSECABLE = "\u00a0"

_AVANT_PONCTUATION = re.compile(r"[ \t]+([;:!?»])")  # an existing U+202F is kept
_APRES_GUILLEMET = re.compile(r"«[ \t]*(?![\u00a0\u202f])")
_GUILLEMET_COLLE = re.compile(r"(?<=[^\s\u00a0\u202f])»")
_DANS_NOMBRE = re.compile(r"(?<=\d)[ \t](?=\d{3}(?!\d))|(?<=\d)[ \t](?=[€%])|(?<=n°)[ \t]")


def typographie(texte: str) -> str:
    """Return ``texte`` with French no-break spaces (before ; : ! ? », after «, inside numbers)."""
    texte = _AVANT_PONCTUATION.sub(lambda m: ESPACE_INSECABLE + m.group(1), texte)
    texte = _APRES_GUILLEMET.sub("«" + ESPACE_INSECABLE, texte)
    texte = _DANS_NOMBRE.sub(ESPACE_INSECABLE, texte)
    return _GUILLEMET_COLLE.sub(ESPACE_INSECABLE + "»", texte)
