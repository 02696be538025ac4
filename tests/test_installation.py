"""A plain (non-editable) install carries the templates, forms, rate tables and examples."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def roue(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("roue")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dossier), str(RACINE)], check=True, capture_output=True)
    return next(dossier.glob("procedure-*.whl"))


def test_wheel_carries_package_data(roue):
    noms = set(zipfile.ZipFile(roue).namelist())
    attendus = {"cli.py", "procedures/taux/taux_legal.csv", "procedures/taux/bce.csv",
                "exemples/b2b/dossier.yaml", "exemples/b2b/pieces/devis.pdf"}
    assert attendus <= noms
    assert any(n.startswith("modeles/") and n.endswith(".docx") for n in noms)
    assert any(n.startswith("modeles/cerfa") and n.endswith(".pdf") for n in noms)


def test_installed_package_finds_its_files_outside_the_repository(roue, tmp_path):
    cible = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(cible), str(roue)],
                   check=True, capture_output=True)
    script = (
        "from importlib.resources import files\n"
        "import procedures, modeles\n"
        "from pathlib import Path\n"
        f"assert Path(procedures.__file__).is_relative_to({str(cible)!r}), procedures.__file__\n"
        "assert any(p.name.endswith('.docx') for p in files('modeles').iterdir())\n"
        "from procedures.exemple import creer_exemple\n"
        "from procedures.dossier import charger_dossier\n"
        "import datetime as dt\n"
        "chemin = creer_exemple(Path('cas'))\n"
        "charger_dossier(chemin, dt.date(2026, 6, 30))\n"
        "from procedures.taux import charger_taux\n"
        "charger_taux()\n"
    )
    environnement = dict(os.environ, PYTHONPATH=str(cible))
    resultat = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environnement,
                              capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr
