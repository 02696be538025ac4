"""A plain (non-editable) install carries the templates, forms, rate tables and examples."""

import importlib
import os
import subprocess
import sys
import zipfile

import pytest

from outils import RACINE


@pytest.fixture(scope="module")
def roue(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("roue")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dossier),
            str(RACINE),
        ],
        check=True,
        capture_output=True,
    )
    return next(dossier.glob("procedure-*.whl"))


def test_wheel_carries_package_data(roue):
    noms = set(zipfile.ZipFile(roue).namelist())
    attendus = {
        "cli.py",
        "procedures/taux/taux_legal.csv",
        "procedures/taux/bce.csv",
        "exemples/b2b/dossier.yaml",
        "exemples/b2b/pieces/devis.pdf",
    }
    assert attendus <= noms
    assert any(n.startswith("modeles/") and n.endswith(".docx") for n in noms)
    assert any(n.startswith("modeles/cerfa") and n.endswith(".pdf") for n in noms)


def test_installed_package_finds_its_files_outside_the_repository(roue, tmp_path):
    cible = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(cible), str(roue)],
        check=True,
        capture_output=True,
    )
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
        "from procedures import charger_dossier as public\n"
        "assert public is charger_dossier\n"
    )
    environnement = dict(os.environ, PYTHONPATH=str(cible))
    resultat = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=environnement, capture_output=True, text=True
    )
    assert resultat.returncode == 0, resultat.stderr


def test_package_exports_every_entry_point_of_the_command():
    """`from procedures import X` gives the very function the CLI calls, for each command."""
    import procedures

    for nom, module in procedures._POINTS_D_ENTREE.items():
        assert getattr(procedures, nom) is getattr(importlib.import_module(f"procedures.{module}"), nom), nom
    assert {
        "charger_dossier",
        "verifier_dossier",
        "situation_dossier",
        "generer_etape",
        "enregistrer",
        "decompte_dossier",
        "creer_remise",
        "traiter_lot",
        "bundle_dossier",
        "creer_exemple",
    } <= set(procedures.__all__)
    with pytest.raises(AttributeError):
        procedures.inexistant  # noqa: B018


def test_importing_the_package_loads_no_heavy_dependency():
    """The command starts fast: entry points are imported on first use, not by `import procedures`."""
    script = (
        "import sys, procedures\n"
        "lourds = {'pydantic', 'ruamel.yaml', 'docxtpl', 'reportlab', 'pypdf', 'holidays'} & set(sys.modules)\n"
        "assert not lourds, lourds\n"
    )
    resultat = subprocess.run([sys.executable, "-c", script], cwd=RACINE, capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr
