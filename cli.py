"""The `procedure` command: each command parses its arguments, calls one function of `procedures`, prints."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from procedures.erreurs import Erreur, ProcedureError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DateParam(click.ParamType):
    name = "AAAA-MM-JJ"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"date invalide « {value} » : attendu AAAA-MM-JJ", param, ctx)


DATE = DateParam()
OPTION_DATE = click.option("--date", "date_reference", type=DATE, default=None,
                           help="Date de référence (par défaut : aujourd'hui).")


def echouer(exc: ProcedureError, en_json: bool = False) -> None:
    """Errors go to stderr in French; with --json, also as {"erreurs": [...]} on stdout."""
    erreurs = exc.erreurs()
    for erreur in erreurs:
        click.echo(f"Erreur : {erreur}", err=True)
    if en_json:
        click.echo(json.dumps({"erreurs": [e.as_json() for e in erreurs]}, ensure_ascii=False, indent=2))
    sys.exit(1)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="procedure", message="procedure %(version)s")
def main():
    """Recouvrement de factures impayées, de la relance amiable au commissaire de justice.

    Chaque dossier est un fichier YAML (dossier.yaml) : créancier, débiteurs, factures, paiements, pièces et
    historique. « procedure status » dit où en est le dossier ; « procedure next » prépare l'étape suivante.
    """


@main.command()
@click.argument("dossiers", nargs=-1, required=True, type=click.Path(path_type=Path))
@OPTION_DATE
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON : {\"erreurs\": [...]}.")
def check(dossiers, date_reference, en_json):
    """Vérifie un ou plusieurs dossiers et affiche chaque erreur avec fichier, ligne et champ.

    Code de sortie 0 si tous les dossiers sont valides, 1 sinon. Ne modifie aucun fichier.
    """
    from procedures.dossier import verifier_dossier

    erreurs: list[Erreur] = []
    for chemin in dossiers:
        erreurs_dossier = verifier_dossier(chemin, date_reference)
        erreurs.extend(erreurs_dossier)
        if not en_json:
            if erreurs_dossier:
                for erreur in erreurs_dossier:
                    click.echo(str(erreur), err=True)
            else:
                click.echo(f"{chemin} : dossier valide")
    if en_json:
        click.echo(json.dumps({"valide": not erreurs, "erreurs": [e.as_json() for e in erreurs]},
                              ensure_ascii=False, indent=2))
    sys.exit(1 if erreurs else 0)


@main.command()
def schema():
    """Affiche le schéma JSON du format de dossier (v1), pour l'autocomplétion dans un éditeur."""
    from procedures.dossier import schema_json

    click.echo(json.dumps(schema_json(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("repertoire", type=click.Path(path_type=Path))
@click.option("--exemple", default="b2b", show_default=True,
              type=click.Choice(["b2b", "consommateur", "ordonnance"]), help="Quel dossier d'exemple créer.")
def init(repertoire, exemple):
    """Crée dans REPERTOIRE un dossier d'exemple complet et valide, avec ses pièces (PDF)."""
    from procedures.exemple import creer_exemple

    try:
        chemin = creer_exemple(repertoire, exemple)
    except ProcedureError as exc:
        echouer(exc)
    click.echo(f"Dossier d'exemple créé : {chemin}")
    click.echo(f"Essayez : procedure status {chemin} --date 2026-06-30")


@main.command()
@click.option("--taux", "fichier", type=click.Path(path_type=Path), default=None,
              help="Fichier CSV de taux personnels (par défaut : $PROCEDURE_TAUX, sinon "
                   "~/.config/procedure/taux.csv s'il existe).")
def taux(fichier):
    """Affiche les tables de taux (intérêt légal, BCE, pénalités par défaut), chaque ligne avec sa source."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from procedures.montants import format_date, format_taux
    from procedures.taux import charger_taux

    try:
        table = charger_taux(fichier)
    except ProcedureError as exc:
        echouer(exc)

    def pct(valeur):
        return "inconnu" if valeur is None else format_taux(valeur, "texte")

    console = Console()
    semestres = Table(title="Taux par semestre", show_lines=True,
                      caption="Légal particulier : créancier personne physique hors besoins professionnels ; "
                              "légal autres : tous les autres cas (C. mon. fin. L313-2). Pénalités par défaut : "
                              "taux BCE au 1er janvier / 1er juillet + 10 points (C. com. L441-10 II).")
    for colonne in ("Semestre", "Légal particulier", "Légal autres", "BCE", "Pénalités"):
        semestres.add_column(colonne, no_wrap=True)
    semestres.add_column("Source", overflow="fold", ratio=1)
    semestres.add_column("Origine", overflow="fold")
    for ligne in table.lignes():
        semestres.add_row(ligne.periode, pct(ligne.particulier), pct(ligne.autres), pct(ligne.bce),
                          pct(ligne.penalites), Text(ligne.source or "—"), Text(ligne.origine))
    console.print(semestres)
    bce = Table(title="Taux des opérations principales de refinancement de la BCE", show_lines=True)
    for colonne in ("À compter du", "Taux", "Nature", "Source"):
        bce.add_column(colonne, overflow="fold")
    for changement in table.changements_bce():
        bce.add_row(format_date(changement.date), pct(changement.taux), changement.nature, Text(changement.source))
    console.print(bce)
    fin = table.fin_connue()
    presence = "" if table.fichier_utilisateur.exists() else " (absent)"
    console.print(f"Taux légal connu jusqu'au {format_date(fin.taux_legal)} ; BCE confirmée jusqu'au "
                  f"{format_date(fin.bce)} ; pénalités par défaut connues jusqu'au {format_date(fin.penalites)}. "
                  f"Au-delà, aucun taux n'est deviné : ajoutez-le dans {table.fichier_utilisateur}{presence}.",
                  markup=False)


if __name__ == "__main__":
    main()
