"""The documentation tells the truth about the tool: the command reference is the commands' own help, every
command is introduced in the README, and every link between documents leads somewhere."""

from __future__ import annotations

import re

from docs.construire_reference import reference
from outils import RACINE

DOCUMENTS = [RACINE / "README.md", *sorted((RACINE / "docs").glob("*.md")), RACINE / "modeles" / "CONTEXTE.md"]


def test_command_reference_is_up_to_date():
    ecrite = (RACINE / "docs" / "reference-cli.md").read_text(encoding="utf-8")
    assert ecrite == reference(), "docs/reference-cli.md est périmé : python -m docs.construire_reference"


def test_every_command_is_introduced_in_the_readme():
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    commandes = re.findall(r"^## `(procedure [^`]+)`$", reference(), flags=re.MULTILINE)
    assert len(commandes) > 15
    absentes = [c for c in commandes if c != "procedure" and c not in readme]
    assert absentes == []


def test_every_option_is_in_the_reference():
    """A new option shows in the reference with its help, so none is undocumented."""
    from cli import main

    texte = reference()
    for commande in main.commands.values():
        for param in commande.params:
            for nom in getattr(param, "opts", []):
                if nom.startswith("--") and not getattr(param, "hidden", False):
                    assert nom in texte, f"{commande.name} {nom}"


def test_links_between_documents_lead_somewhere():
    cassés = []
    for document in DOCUMENTS:
        for cible in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", document.read_text(encoding="utf-8")):
            if "://" in cible or cible.startswith("mailto:"):
                continue
            if not (document.parent / cible).exists():
                cassés.append(f"{document.relative_to(RACINE)} → {cible}")
    assert cassés == []


def test_no_reference_to_specs_outside_the_repository():
    """Every document a contributor needs is in docs/: nothing points to a shared folder beside the repository."""
    fautifs = []
    for chemin in [*RACINE.glob("procedures/**/*.py"), *RACINE.glob("modeles/*.py"), RACINE / "cli.py", *DOCUMENTS]:
        texte = chemin.read_text(encoding="utf-8")
        if "shared/docs" in texte:
            fautifs.append(str(chemin.relative_to(RACINE)))
    assert fautifs == []
