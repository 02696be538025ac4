"""The Jinja sandbox every template renders in, shipped or user-supplied.

A case folder may come from someone else, and its templates with it: a template must never run code, read a
file, or hang the machine. So templates render in Jinja's ImmutableSandboxedEnvironment (no internal
attribute, no unsafe call, no mutation of the context), without a loader (``include``, ``import``,
``extends`` are refused: a template is self-contained), and within bounds: sizes built inside the template
(``range``, ``*``, widths of ``format`` and filters) are capped, and a rendering longer than ``duree`` seconds
or producing more than ``TAILLE_MAX_RENDU`` characters is stopped and refused with the template's name.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
import time
from collections.abc import Iterator
from functools import lru_cache

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from procedures.erreurs import ProcedureError

DUREE_MAX_RENDU = 20.0  # seconds; the shipped templates render in a fraction of that
TAILLE_MAX_RENDU = 50_000_000  # characters of one rendered part (a décompte of a thousand invoices is ~5 MB)
TAILLE_MAX_VALEUR = 100_000  # elements of a range, a repeated string or list, a width given to a filter
_GRAND_NOMBRE = re.compile(r"\d{6,}")  # a width or precision in a format string that would build a huge text
_LIMITES = threading.local()


class RenduRefuse(ProcedureError):
    """A template that broke the sandbox's rules or bounds: named, never rendered."""


class _Depassement(Exception):
    """Raised inside the rendering (by the timer or the output counter): caught by ``bornes``."""


class _SansChargeur(jinja2.BaseLoader):
    def get_source(self, environment, template):
        raise SecurityError(
            f"« include », « import » et « extends » sont interdits ({template}) : un modèle doit être autonome"
        )


def _plage(*arguments: int) -> range:
    plage = range(*arguments)
    if len(plage) > TAILLE_MAX_VALEUR:
        raise SecurityError(f"range() de {len(plage)} éléments : au plus {TAILLE_MAX_VALEUR}")
    return plage


def _verifier_taille(valeur) -> None:
    if isinstance(valeur, int) and not isinstance(valeur, bool) and abs(valeur) > TAILLE_MAX_VALEUR:
        raise SecurityError(f"valeur {valeur} trop grande pour un filtre : au plus {TAILLE_MAX_VALEUR}")


def _verifier_format(gabarit) -> None:
    if isinstance(gabarit, str) and _GRAND_NOMBRE.search(gabarit):
        raise SecurityError("largeur ou précision trop grande dans un format")


def _filtre_borne(filtre):
    # Context or environment first when Jinja passes one, then the filtered value, then the arguments.
    debut = 2 if getattr(filtre, "jinja_pass_arg", None) else 1

    @functools.wraps(filtre)  # keeps Jinja's pass_context/pass_environment mark
    def borne(*arguments, **options):
        for valeur in (*arguments[debut:], *options.values()):
            _verifier_taille(valeur)
        if filtre.__name__ == "do_format" and len(arguments) >= debut:
            _verifier_format(arguments[debut - 1])
        return filtre(*arguments, **options)

    return borne


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja sandbox with bounded sizes and French refusals; keeps compiled templates, since docxtpl hands it
    the same XML source for every document made from one template and compiling is most of the time."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options):
        super().__init__(loader=_SansChargeur(), **options)
        self.globals["range"] = _plage
        self.globals.pop("lipsum", None)  # placeholder text has no place in a legal document
        self.filters = {nom: _filtre_borne(filtre) for nom, filtre in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError(f"puissance {right} trop grande")
        if operator == "*":
            for sequence, fois in ((left, right), (right, left)):
                if (
                    isinstance(sequence, (str, list, tuple))
                    and isinstance(fois, int)
                    and len(sequence) * fois > TAILLE_MAX_VALEUR
                ):
                    raise SecurityError(f"répétition de {fois} fois : résultat trop grand")
        if operator == "%":
            _verifier_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"appel interdit ({type(__obj).__name__})")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        if getattr(value, "__name__", "") in ("format", "format_map"):
            _verifier_format(getattr(value, "__self__", None))
        return super().wrap_str_format(value)

    def unsafe_undefined(self, obj, attribute):
        return self.undefined(
            f"accès interdit à l'attribut « {attribute} » ({type(obj).__name__})",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def concat(self, morceaux) -> str:  # type: ignore[override]
        limite = getattr(_LIMITES, "fin", None)
        if limite is None:
            return "".join(morceaux)
        resultat, taille = [], 0
        for morceau in morceaux:
            taille += len(morceau)
            if taille > TAILLE_MAX_RENDU:
                raise _Depassement(f"plus de {TAILLE_MAX_RENDU} caractères produits")
            if time.monotonic() > limite:
                raise _Depassement("rendu trop long")
            resultat.append(morceau)
        return "".join(resultat)

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's signature)
        if globals is None and template_class is None and isinstance(source, str):
            return self._compile_en_cache(source)
        return super().from_string(source, globals, template_class)

    @lru_cache(maxsize=128)  # noqa: B019 (two environments for the whole process)
    def _compile_en_cache(self, source: str) -> jinja2.Template:
        return super().from_string(source)


ENVIRONNEMENTS = {
    echappe: Sandbox(autoescape=echappe, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    for echappe in (True, False)
}


@contextlib.contextmanager
def bornes(nom: str, duree: float | None = None) -> Iterator[None]:
    """Render template ``nom`` within ``duree`` seconds (``DUREE_MAX_RENDU`` by default) and the size bound;
    raise RenduRefuse naming it otherwise. The timer (SIGALRM) stops even a loop that prints nothing; where
    it cannot be set (another thread, an outer timer), the output counter still checks the time."""
    duree = DUREE_MAX_RENDU if duree is None else duree
    _LIMITES.fin = time.monotonic() + duree
    minuteur = threading.current_thread() is threading.main_thread() and signal.getitimer(signal.ITIMER_REAL)[0] == 0

    def alarme(signum, frame):
        raise _Depassement("rendu trop long")

    ancien = signal.signal(signal.SIGALRM, alarme) if minuteur else None
    try:
        if minuteur:
            signal.setitimer(signal.ITIMER_REAL, duree)
        yield
    except _Depassement as exc:
        detail = f"plus de {duree:g} s" if "long" in str(exc) else str(exc)
        raise RenduRefuse(f"Modèle {nom} : rendu refusé ({detail}) ; vérifiez ses boucles et répétitions") from None
    except (OverflowError, MemoryError, RecursionError) as exc:
        raise RenduRefuse(
            f"Modèle {nom} : rendu refusé (taille ou récursion excessive : {type(exc).__name__})"
        ) from None
    finally:
        if minuteur:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, ancien)
        _LIMITES.fin = None


# -- what `modeles verifier` reports as unsafe --------------------------------------------------

_NOEUDS_INTERDITS = {
    jinja2.nodes.Include: "include",
    jinja2.nodes.Import: "import",
    jinja2.nodes.FromImport: "import",
    jinja2.nodes.Extends: "extends",
}


def constructions_interdites(arbre: jinja2.nodes.Template) -> Iterator[tuple[str, str]]:
    """(construct, French reason) for each construct the sandbox refuses: inclusions, internal attributes."""
    for noeud in arbre.find_all(jinja2.nodes.Node):
        mot = next((m for classe, m in _NOEUDS_INTERDITS.items() if isinstance(noeud, classe)), None)
        if mot:
            yield (
                f"{{% {mot} %}}",
                "construction interdite : un modèle doit être autonome (ni include, ni import, ni extends)",
            )
        attribut = (
            noeud.attr
            if isinstance(noeud, jinja2.nodes.Getattr)
            else (
                noeud.arg.value
                if isinstance(noeud, jinja2.nodes.Getitem)
                and isinstance(noeud.arg, jinja2.nodes.Const)
                and isinstance(noeud.arg.value, str)
                else None
            )
        )
        if attribut is not None and attribut.startswith("_"):
            yield attribut, "accès à un attribut interne : construction dangereuse, refusée au rendu"
