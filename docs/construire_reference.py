"""Build the command-line reference ``docs/reference-cli.md`` from the click commands themselves:
``python -m docs.construire_reference``. A test checks that the committed page is up to date."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import click

ICI = Path(__file__).resolve().parent
sys.path.insert(0, str(ICI.parent))

from cli import main  # noqa: E402  (the repository root must be importable first)


def _options(commande: click.Command, ctx: click.Context) -> list[str]:
    lignes = []
    for param in commande.get_params(ctx):
        aide = param.get_help_record(ctx) if isinstance(param, click.Option) else None
        if aide is None:
            continue
        noms, texte = aide
        texte = " ".join(texte.split()).replace("|", r"\|")
        lignes.append(f"| `{noms}` | {texte} |")
    return lignes


def _section(commande: click.Command, chemin: list[str], parent: click.Context | None) -> list[str]:
    ctx = click.Context(commande, info_name=chemin[-1], parent=parent, **commande.context_settings)
    usage = " ".join(commande.collect_usage_pieces(ctx))
    titre = " ".join(chemin)
    lignes = [f"## `{titre}`", "", f"```\n{titre} {usage}\n```", ""]
    if commande.help:
        lignes += [inspect.cleandoc(commande.help), ""]
    options = _options(commande, ctx)
    if options:
        lignes += ["| option | sens |", "|---|---|", *options, ""]
    if isinstance(commande, click.Group):
        for nom in commande.list_commands(ctx):
            sous = commande.get_command(ctx, nom)
            if sous is not None and not sous.hidden:
                lignes += _section(sous, [*chemin, nom], ctx)
    return lignes


def reference() -> str:
    entete = [
        "# Référence des commandes",
        "",
        "Page générée à partir des commandes elles-mêmes (`python -m docs.construire_reference`) : "
        "chaque commande, ses arguments et ses options, avec l'aide que donne `procedure COMMANDE --help`.",
        "",
    ]
    return "\n".join(entete + _section(main, ["procedure"], None)).rstrip() + "\n"


if __name__ == "__main__":
    (ICI / "reference-cli.md").write_text(reference(), encoding="utf-8")
    print(ICI / "reference-cli.md")
