"""The import graph: every module imports alone, the output layout depends on nothing, `import procedures`
stays light."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import procedures

PAQUET = Path(procedures.__file__).parent
# uno_worker runs inside LibreOffice's own Python, where `uno` exists; it is never imported by the package.
MODULES = sorted(f"procedures.{p.stem}" for p in PAQUET.glob("*.py") if p.stem not in ("__init__", "uno_worker")) + [
    "procedures.taux"
]
LOURDS = ("pypdf", "reportlab", "docxtpl", "docx", "PIL", "rich", "dask", "distributed")


def _modules_charges(code: str) -> set[str]:
    sortie = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(sortie.split())


@pytest.mark.parametrize("module", MODULES)
def test_chaque_module_s_importe_seul(module):
    """A fresh interpreter imports it with nothing else first: no import cycle depends on import order."""
    resultat = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr


def test_sortie_n_importe_rien_du_paquet():
    """The output layout is shared by generation, remise and empreintes: it depends on none of them
    (a name under TYPE_CHECKING is only an annotation)."""
    arbre = ast.parse((PAQUET / "sortie.py").read_text(encoding="utf-8"))
    sous_type_checking = {
        id(n)
        for bloc in ast.walk(arbre)
        if isinstance(bloc, ast.If) and getattr(bloc.test, "id", None) == "TYPE_CHECKING"
        for n in ast.walk(bloc)
    }
    importes = [
        n.module if isinstance(n, ast.ImportFrom) else alias.name
        for n in ast.walk(arbre)
        if isinstance(n, (ast.Import, ast.ImportFrom)) and id(n) not in sous_type_checking
        for alias in n.names
    ]
    assert not [m for m in importes if m and m.split(".")[0] == "procedures"]
    charges = _modules_charges("import procedures.sortie")
    assert {m for m in charges if m.startswith("procedures.")} == {"procedures.sortie", "procedures.erreurs"}


def test_import_procedures_reste_leger():
    charges = _modules_charges("import procedures")
    assert not [m for m in LOURDS if m in charges]


@pytest.mark.parametrize("module", ["procedures.generation", "procedures.remise", "procedures.machine"])
def test_une_lettre_ne_charge_ni_pdf_ni_docx(module):
    """Status, the step machine and the generation driver load the PDF and DOCX libraries only when a file is
    actually written."""
    charges = _modules_charges(f"import {module}")
    assert not [m for m in ("pypdf", "reportlab", "docxtpl", "docx") if m in charges]
