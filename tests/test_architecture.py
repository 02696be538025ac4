"""The import graph: every module imports alone, no import cycle (imports inside functions included), an import
inside a function only defers a heavy library and says so, the output layout depends on nothing, `import procedures`
stays light."""

import ast
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

import procedures
from outils import RACINE

PAQUET = Path(procedures.__file__).parent
# uno_worker runs inside LibreOffice's own Python, where `uno` exists; it is never imported by the package.
MODULES = sorted(f"procedures.{p.stem}" for p in PAQUET.glob("*.py") if p.stem not in ("__init__", "uno_worker")) + [
    "procedures.taux"
]
SOURCES = {
    "cli": RACINE / "cli.py",
    "procedures": PAQUET / "__init__.py",
    "procedures.taux": PAQUET / "taux" / "__init__.py",
    **{
        module: PAQUET / f"{module.removeprefix('procedures.')}.py" for module in MODULES if module != "procedures.taux"
    },
}
# What an import inside a function may keep off the start-up path (docs/architecture.md, "Imports").
LOURDS = (
    "pypdf",
    "reportlab",
    "docxtpl",
    "docx",
    "lxml",
    "PIL",
    "rich",
    "dask",
    "distributed",
    "holidays",
    "babel",
    "facturx",
    "pydantic",
    "ruamel.yaml",
)


@functools.cache
def _import_seul(module: str) -> subprocess.CompletedProcess:
    """`import module` in a fresh interpreter, which then prints every module it loaded."""
    code = f"import {module}\nimport sys\nprint('\\n'.join(sys.modules))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE)


def _modules_charges(module: str) -> set[str]:
    resultat = _import_seul(module)
    assert resultat.returncode == 0, resultat.stderr
    return set(resultat.stdout.split())


def _lourds_charges(module: str) -> set[str]:
    if module.split(".")[0] not in ("procedures", "cli"):
        return {lourd for lourd in LOURDS if module == lourd or module.startswith(f"{lourd}.")}
    return set(LOURDS) & _modules_charges(module)


def _sous_type_checking(arbre: ast.AST) -> set[int]:
    """Nodes under `if TYPE_CHECKING:`: annotations only, never imported at run time."""
    return {
        id(n)
        for bloc in ast.walk(arbre)
        if isinstance(bloc, ast.If) and getattr(bloc.test, "id", None) == "TYPE_CHECKING"
        for n in ast.walk(bloc)
    }


def _cibles(noeud: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement loads: `from procedures import cerfa` loads procedures.cerfa."""
    if isinstance(noeud, ast.Import):
        return [alias.name for alias in noeud.names]
    if noeud.module == "procedures":
        return [f"procedures.{a.name}" if f"procedures.{a.name}" in SOURCES else "procedures" for a in noeud.names]
    return [noeud.module]


@functools.cache
def _imports(module: str) -> tuple[tuple[int, str, bool], ...]:
    """(line, imported module, inside a function?) for each import `module` runs (TYPE_CHECKING ones left out)."""
    arbre = ast.parse(SOURCES[module].read_text(encoding="utf-8"))
    exclus = _sous_type_checking(arbre)
    trouves = []

    def visiter(noeud: ast.AST, dans_une_fonction: bool) -> None:
        for enfant in ast.iter_child_nodes(noeud):
            if id(enfant) in exclus:
                continue
            if isinstance(enfant, (ast.Import, ast.ImportFrom)):
                trouves.extend((enfant.lineno, cible, dans_une_fonction) for cible in _cibles(enfant))
            visiter(enfant, dans_une_fonction or isinstance(enfant, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visiter(arbre, False)
    return tuple(trouves)


def _cycles() -> list[list[str]]:
    """The cycles of the graph of the package's imports (cli.py included), each as the path that closes it."""
    graphe = {m: sorted({c for _, c, _ in _imports(m) if c in SOURCES and c != m}) for m in SOURCES}
    cycles: list[list[str]] = []
    etat: dict[str, str] = {}
    chemin: list[str] = []

    def parcourir(module: str) -> None:
        etat[module] = "en cours"
        chemin.append(module)
        for suivant in graphe[module]:
            if etat.get(suivant) == "en cours":
                cycles.append(chemin[chemin.index(suivant) :] + [suivant])
            elif suivant not in etat:
                parcourir(suivant)
        chemin.pop()
        etat[module] = "fait"

    for module in sorted(graphe):
        if module not in etat:
            parcourir(module)
    return cycles


def _dit_differe(module: str, ligne: int) -> bool:
    """A `deferred` comment on the import's line, or above it over the imports and comments that lead to it."""
    lignes = SOURCES[module].read_text(encoding="utf-8").splitlines()
    if "deferred" in lignes[ligne - 1].partition("#")[2].lower():
        return True
    for precedente in reversed(lignes[: ligne - 1]):
        texte = precedente.strip()
        if texte.startswith("#") and "deferred" in texte.lower():
            return True
        if texte and not re.match(r"#|from |import ", texte):
            return False
    return False


IMPORTS_DIFFERES = [(m, ligne, cible) for m in sorted(SOURCES) for ligne, cible, dedans in _imports(m) if dedans]


def test_le_graphe_voit_les_imports_differes():
    """The parsing above finds what it checks: voies imports Etape at its top, generation defers documents."""
    assert (False, "procedures.etapes") in {(d, c) for _, c, d in _imports("procedures.voies")}
    assert "procedures.documents" in {c for m, _, c in IMPORTS_DIFFERES if m == "procedures.generation"}


def test_aucun_cycle_d_import():
    """No module reaches itself through imports, at the top of a file or inside a function (an import hidden in
    a function to dodge a cycle is how a cycle hides)."""
    assert not [" → ".join(cycle) for cycle in _cycles()]


@pytest.mark.parametrize(
    ("module", "ligne", "cible"), IMPORTS_DIFFERES, ids=[f"{m}:{n}:{c}" for m, n, c in IMPORTS_DIFFERES]
)
def test_un_import_dans_une_fonction_differe_une_bibliotheque_lourde(module, ligne, cible):
    """An import inside a function only keeps a heavy library off the start-up path: `cible` loads one that
    `module` does not load by itself, and a `# deferred: …` comment says so."""
    assert _lourds_charges(cible) - _lourds_charges(module), f"{cible} : rien de lourd à différer, à importer en tête"
    assert _dit_differe(module, ligne), "commentaire « deferred: … » manquant"


@pytest.mark.parametrize("module", MODULES)
def test_chaque_module_s_importe_seul(module):
    """A fresh interpreter imports it with nothing else first: no import cycle depends on import order."""
    resultat = _import_seul(module)
    assert resultat.returncode == 0, resultat.stderr


def test_sortie_n_importe_rien_du_paquet():
    """The output layout is shared by generation, remise and empreintes: it depends on none of them
    (a name under TYPE_CHECKING is only an annotation)."""
    assert not [c for _, c, _ in _imports("procedures.sortie") if c.split(".")[0] == "procedures"]
    charges = _modules_charges("procedures.sortie")
    assert {m for m in charges if m.startswith("procedures.")} == {"procedures.sortie", "procedures.erreurs"}


def test_import_procedures_reste_leger():
    charges = _modules_charges("procedures")
    assert not [m for m in LOURDS if m in charges]


@pytest.mark.parametrize("module", ["procedures.generation", "procedures.remise", "procedures.machine"])
def test_une_lettre_ne_charge_ni_pdf_ni_docx(module):
    """Status, the step machine and the generation driver load the PDF and DOCX libraries only when a file is
    actually written."""
    charges = _modules_charges(module)
    assert not [m for m in ("pypdf", "reportlab", "docxtpl", "docx") if m in charges]


def test_les_tests_partagent_leurs_aides_par_outils():
    """Helpers and paths shared by tests live in tests/outils.py: no test module imports another, and only
    outils.py works out the repository's paths from its own location."""
    fautes = []
    for fichier in sorted((RACINE / "tests").glob("*.py")):
        texte = fichier.read_text(encoding="utf-8")
        for noeud in ast.walk(ast.parse(texte)):
            if isinstance(noeud, (ast.Import, ast.ImportFrom)):
                for cible in _cibles(noeud):
                    if cible.split(".")[0] == "tests" or cible.startswith(("test_", "conftest")):
                        fautes.append(f"{fichier.name}:{noeud.lineno} importe {cible}")
        if fichier.name != "outils.py" and re.search(r"\(__file__\)", texte):
            fautes.append(f"{fichier.name} calcule un chemin du dépôt (outils.RACINE)")
    assert not fautes
