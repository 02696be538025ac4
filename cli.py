"""The `procedure` command: each command parses its arguments, calls ONE function of `procedures`, prints.

Adding a command follows one pattern::

    @main.command()
    @click.argument("dossier", type=CHEMIN)
    @OPTION_DATE
    @options_sortie(tableaux=True)           # --json everywhere; --format tableau|texte|csv|json for tables
    def macommande(dossier, date_reference, sortie):
        \"\"\"Aide en français : ce que fait la commande (première ligne), puis le détail.\"\"\"
        from procedures.module import fonction  # deferred: `procedure --help` must not load the library

        sortie.imprimer("VUE", fonction(dossier, date_reference))

- Never catch `ProcedureError` in a command: `Procedure.invoke` turns it into French lines on stderr (and
  `{"erreurs": [...]}` on stdout with --json) and exit code 1. Anything else that escapes becomes ONE French
  line naming the file, exit code 2 (`PROCEDURE_DEBUG=1` shows the traceback).
- Never print with `click.echo` in a command: `sortie.imprimer(nom, resultat)` shows the result through the view
  `procedures.affichage.<nom>` (blocks for people, JSON, CSV, warnings on stderr, exit code 1 on failure).
- Paths are `CHEMIN` (or `Chemin(...)`): an unexpected error then names the file it was working on.
- Options mean the same everywhere: --date, --taux, --force, --out, --modeles, --json, --format. Each is
  declared once below (OPTION_DATE, option_force, option_fichier…): use those rather than a new click.option.

Exit codes: 0 success; 1 invalid dossier, refused step, or errors reported (check, lot, modeles verifier);
2 wrong usage (click) or unexpected error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import gettext
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from importlib import import_module
from importlib.resources import files
from pathlib import Path

import click

from procedures.erreurs import ProcedureError


def _franciser_click() -> None:
    """click writes its own messages (Usage:, Error:, Missing argument, Did you mean…, [default: …]) through
    gettext, imported as `_` and `ngettext` in each of its modules: those get the French catalog shipped in
    procedures/locale/fr/LC_MESSAGES (click.po, compiled to click.mo), whatever the user's locale."""
    with (files("procedures") / "locale" / "fr" / "LC_MESSAGES" / "click.mo").open("rb") as flux:
        catalogue = gettext.GNUTranslations(flux)
    for nom in (
        "core",
        "decorators",
        "exceptions",
        "formatting",
        "parser",
        "shell_completion",
        "termui",
        "types",
        "utils",
        "_termui_impl",
    ):
        module = import_module(f"click.{nom}")
        if hasattr(module, "_"):
            module._ = catalogue.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = catalogue.ngettext
    # Headings are written by the formatter, not through gettext: French puts a space before the colon.
    click.Context.formatter_class = _Formateur


class _Formateur(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading} :\n")


_franciser_click()

SORTIE_OK, SORTIE_REFUS, SORTIE_ERREUR = 0, 1, 2
CLE_FORMAT = "procedure.format"
CLE_FICHIERS = "procedure.fichiers"
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# click's own "COMMAND [ARGS]..." is not a gettext message.
SOUS_COMMANDE = "COMMANDE [ARGUMENTS]..."


class Procedure(click.Group):
    """The root group: the one place where errors become French messages and exit codes (see the module doc)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ProcedureError as exc:
            erreurs = exc.erreurs()
            for erreur in erreurs:
                click.echo(f"Erreur : {erreur}", err=True)
            if ctx.meta.get(CLE_FORMAT) == "json":
                click.echo(
                    json.dumps(
                        {"valide": False, "erreurs": [e.as_json() for e in erreurs]}, ensure_ascii=False, indent=2
                    )
                )
            ctx.exit(SORTIE_REFUS)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("PROCEDURE_DEBUG") or (isinstance(exc, OSError) and exc.errno == errno.EPIPE):
                raise  # click's main handles a closed pipe (`procedure taux | head`)
            click.echo(erreur_inattendue(exc, ctx.meta.get(CLE_FICHIERS, [])), err=True)
            ctx.exit(SORTIE_ERREUR)


def erreur_inattendue(exc: Exception, fichiers: list[Path]) -> str:
    """One French line for a failure the library did not foresee: which file, what happened, how to see more."""
    fichier = getattr(exc, "filename", None) or (fichiers[0] if fichiers else None)
    lieu = f" sur {fichier}" if fichier else ""
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return (
        f"Erreur inattendue{lieu} ({type(exc).__name__} : {detail}). Relancez avec PROCEDURE_DEBUG=1 pour "
        "le détail, et signalez-la."
    )


class Chemin(click.Path):
    """A path parameter, remembered so that an unexpected error can name the file the command worked on."""

    def __init__(self, **options):
        super().__init__(path_type=Path, **options)

    def convert(self, value, param, ctx):
        chemin = super().convert(value, param, ctx)
        if ctx is not None:
            ctx.meta.setdefault(CLE_FICHIERS, []).append(chemin)
        return chemin


CHEMIN = Chemin()


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


def option_date(destination: str = "date_reference", aide: str = "Date de référence (par défaut : aujourd'hui)."):
    """--date: a day written AAAA-MM-JJ."""
    return click.option("--date", destination, type=DATE, help=aide)


def option_fichier(*noms: str, aide: str, **reglages):
    """An option naming a file, never a folder."""
    return click.option(*noms, type=Chemin(dir_okay=False), help=aide, **reglages)


def option_force(aide: str = "Remplacer le fichier --out s'il existe (une copie de sauvegarde est gardée)."):
    """--force: replace a file the command would otherwise keep."""
    return click.option("--force", "forcer", is_flag=True, help=aide)


OPTION_DATE = option_date()
OPTION_TAUX = click.option(
    "--taux",
    "fichier_taux",
    type=CHEMIN,
    help="Fichier CSV de taux personnels (par défaut : $PROCEDURE_TAUX, sinon "
    "~/.config/procedure/taux.csv s'il existe).",
)
OPTION_MODELES = click.option(
    "--modeles",
    type=Chemin(file_okay=False),
    help="Dossier de modèles DOCX personnels (remplacent ceux fournis, fichier par fichier).",
)
OPTION_PDFA = click.option("--pdfa", is_flag=True, help="PDF/A-2b (dépôt au greffe).")


@dataclass(frozen=True)
class Sortie:
    """Where a command's result goes: `format` None means a table fitted to the terminal, or plain text when
    stdout is a pipe or a file."""

    format: str | None

    def imprimer(self, nom_vue: str, resultat) -> None:
        # deferred: the views import the library (pydantic, holidays), which --help must not load
        from procedures import affichage

        vue = getattr(affichage, nom_vue)
        format_ = self.format or ("tableau" if sys.stdout.isatty() else "texte")
        if format_ == "json":
            click.echo(json.dumps(vue.json(resultat), ensure_ascii=False, indent=2))
        elif format_ == "csv":
            click.echo(vue.csv(resultat).csv(), nl=False)
        elif format_ == "tableau":
            blocs = (vue.blocs_terminal or vue.blocs)(resultat)
            click.echo(affichage.mettre_en_page(blocs, shutil.get_terminal_size().columns, _style), nl=False)
        else:
            click.echo(affichage.mettre_en_page(vue.blocs(resultat), None), nl=False)
        for ligne in vue.avertissements(resultat):
            click.echo(ligne, err=True)
        if vue.echec(resultat):
            click.get_current_context().exit(SORTIE_REFUS)


_STYLES = {"titre": {"bold": True}, "entete": {"bold": True}, "alerte": {"fg": "yellow"}, "discret": {"dim": True}}


def _style(texte: str, nom: str) -> str:
    return click.style(texte, **_STYLES.get(nom, {}))


def options_sortie(tableaux: bool = False, csv: bool = False):
    """--json on every command and, for a command that shows tables, --format: declared here once. The command
    receives `sortie` (a `Sortie`) and prints only through `sortie.imprimer`."""
    formats = ["tableau", "texte", *(["csv"] if csv else []), "json"]

    def noter(ctx: click.Context, param: click.Parameter, valeur):
        if valeur:
            ctx.meta[CLE_FORMAT] = "json" if param.name == "json" else valeur

    def decorer(commande):
        @functools.wraps(commande)
        def avec_sortie(*args, **kwargs):
            return commande(*args, sortie=Sortie(click.get_current_context().meta.get(CLE_FORMAT)), **kwargs)

        if tableaux:
            avec_sortie = click.option(
                "--format",
                type=click.Choice(formats),
                expose_value=False,
                callback=noter,
                is_eager=True,
                help="tableau : ajusté au terminal ; texte : sans coupure, pour un fichier ou un tube "
                "(par défaut hors terminal)"
                + (" ; csv : le tableau principal" if csv else "")
                + " ; json : comme --json.",
            )(avec_sortie)
        return click.option(
            "--json",
            is_flag=True,
            expose_value=False,
            callback=noter,
            is_eager=True,
            help="Sortie JSON, lisible par un programme.",
        )(avec_sortie)

    return decorer


@click.group(cls=Procedure, context_settings=CONTEXT_SETTINGS, subcommand_metavar=SOUS_COMMANDE)
@click.version_option(package_name="procedure", message="procedure %(version)s")
def main():
    """Recouvrement de factures impayées, de la relance amiable au commissaire de justice.

    Chaque dossier est un fichier YAML (dossier.yaml) : créancier, débiteurs, factures, paiements, pièces et
    historique. « procedure status » dit où en est le dossier ; « procedure next » prépare l'étape suivante.
    """


@main.command()
@click.argument("dossiers", nargs=-1, required=True, type=CHEMIN)
@OPTION_DATE
@options_sortie()
def check(dossiers, date_reference, sortie):
    """Vérifie un ou plusieurs dossiers et affiche chaque erreur avec fichier, ligne et champ.

    Signale aussi, sans rendre le dossier invalide, ce qu'un juge relèverait : une mise en demeure envoyée
    qu'aucune pièce ne produit, des conditions générales invoquées mais absentes des pièces.

    Code de sortie 0 si tous les dossiers sont valides, 1 sinon. Ne modifie aucun fichier.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.pieces import controler_dossier

    sortie.imprimer("CHECK", [(chemin, *controler_dossier(chemin, date_reference)) for chemin in dossiers])


@main.command()
@options_sortie()
def schema(sortie):
    """Affiche le schéma JSON du format de dossier (v1), pour l'autocomplétion dans un éditeur."""
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.dossier import schema_json

    sortie.imprimer("SCHEMA", schema_json())


@main.command()
@click.argument("repertoire", type=CHEMIN)
@click.argument("autres_factures", nargs=-1, type=Chemin(dir_okay=False), metavar="")
@click.option(
    "--exemple",
    default="b2b",
    show_default=True,
    type=click.Choice(["b2b", "consommateur", "ordonnance"]),
    help="Quel dossier d'exemple créer.",
)
@option_fichier(
    "--facture",
    "factures",
    multiple=True,
    metavar="FICHIER...",
    aide="Créer le dossier depuis ces factures (Factur-X, XML CII ou UBL, PDF).",
)
@click.option(
    "--siren",
    metavar="SIREN",
    help="Remplir le débiteur depuis l'annuaire officiel des entreprises (consultation en ligne).",
)
@OPTION_DATE
@options_sortie()
def init(repertoire, autres_factures, exemple, factures, date_reference, siren, sortie):
    """Crée dans REPERTOIRE un dossier d'exemple complet et valide, avec ses pièces (PDF).

    Avec --facture : crée le dossier depuis des factures électroniques (Factur-X / ZUGFeRD, CII ou UBL) d'un
    même vendeur à un même acheteur ; chaque facture PDF devient une pièce.
    """
    if autres_factures and not factures:
        raise click.UsageError("fichiers en trop : pour créer un dossier depuis des factures, utilisez --facture")
    if siren and factures:
        raise click.UsageError(
            "--siren complète le dossier d'exemple ; avec --facture, le débiteur vient des factures "
            "(vérifiez-le ensuite avec procedure verifier-debiteur)"
        )
    if factures:
        # deferred: the library's dependencies load when the command runs, never for --help
        from procedures.facture_electronique import creer_depuis_factures

        sortie.imprimer(
            "INIT_FACTURES", creer_depuis_factures(repertoire, [*factures, *autres_factures], date_reference)
        )
        return
    if siren:
        # deferred: the library's dependencies load when the command runs, never for --help
        from procedures.debiteur import exemple_depuis_siren

        sortie.imprimer("INIT", exemple_depuis_siren(repertoire, siren, exemple))
        return
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.exemple import creer_exemple

    sortie.imprimer("INIT", (creer_exemple(repertoire, exemple), None))


@main.command()
@click.argument("racine", type=Chemin(file_okay=False))
@option_fichier(
    "--csv",
    "fichier_csv",
    required=True,
    metavar="FICHIER",
    aide="Export comptable ou balance âgée : une ligne par facture impayée.",
)
@option_fichier(
    "--creancier",
    "fichier_creancier",
    required=True,
    metavar="FICHIER",
    aide="Profil du créancier (un bloc « partie » en YAML, saisi une fois).",
)
@option_fichier(
    "--colonnes",
    "fichier_colonnes",
    metavar="FICHIER",
    aide="Correspondance des colonnes (YAML) ; par défaut, la présentation courante (docs/import.md).",
)
@OPTION_DATE
@options_sortie()
def importer(racine, fichier_csv, fichier_creancier, fichier_colonnes, date_reference, sortie):
    """Crée sous RACINE un dossier par débiteur d'un export CSV, prêt pour « procedure lot ».

    Un dossier qui existe déjà n'est jamais modifié : il est signalé.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.import_csv import importer_csv

    sortie.imprimer("IMPORTER", importer_csv(racine, fichier_csv, fichier_creancier, fichier_colonnes, date_reference))


@main.group(invoke_without_command=True, subcommand_metavar=f"[{SOUS_COMMANDE}]")
@OPTION_TAUX
@options_sortie(tableaux=True, csv=True)
@click.pass_context
def taux(ctx, fichier_taux, sortie):
    """Affiche les tables de taux (intérêt légal, BCE, pénalités par défaut), chaque ligne avec sa source et sa
    vérification, et jusqu'à quelle date elles sont connues. « procedure taux maj » les complète en ligne."""
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.taux import charger_taux

    if ctx.invoked_subcommand is None:
        sortie.imprimer("TAUX", charger_taux(fichier_taux))


@taux.command("maj")
@OPTION_TAUX
@options_sortie()
@click.pass_context
def taux_maj(ctx, fichier_taux, sortie):
    """Interroge le portail de données de la BCE (taux des opérations principales de refinancement) et ajoute
    au fichier de taux personnel les semestres qui manquent, chacun avec sa source et sa date de consultation.

    Ne modifie jamais la table livrée (un désaccord est signalé avec les deux valeurs) ; hors ligne ou sur une
    réponse inattendue, n'écrit rien. Le taux de l'intérêt légal n'a pas de source ouverte officielle : la
    commande dit quels semestres ajouter à la main depuis l'arrêté publié au Journal officiel.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.taux_maj import mettre_a_jour_taux

    sortie.imprimer("TAUX_MAJ", mettre_a_jour_taux(fichier_taux or ctx.parent.params["fichier_taux"]))


@main.group(subcommand_metavar=SOUS_COMMANDE)
def cerfa():
    """Formulaires de requête en injonction de payer (Cerfa 12946, 12948, 16040)."""


@cerfa.command()
@click.argument("fichier", type=CHEMIN)
@options_sortie(tableaux=True, csv=True)
def champs(fichier, sortie):
    """Liste les champs d'un formulaire PDF (nom, type, valeurs d'export, page, position).

    Sert à écrire le fichier de correspondance qui permet de remplir le PDF officiel (modeles/CERFA.md).
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.cerfa import lister_champs

    sortie.imprimer("CHAMPS", (fichier, lister_champs(fichier)))


@main.command()
@click.argument("dossier", type=CHEMIN)
@OPTION_DATE
@OPTION_TAUX
@options_sortie(tableaux=True, csv=True)
def decompte(dossier, date_reference, fichier_taux, sortie):
    """Décompte des sommes dues à la date de référence : principal, pénalités ou intérêts par période,
    indemnités, imputation des paiements, conventions de calcul.

    --json donne l'objet « decompte » de « status --json » ; --format csv, une ligne par période d'intérêts.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.decompte import decompte_dossier

    sortie.imprimer("DECOMPTE", decompte_dossier(dossier, date_reference, fichier_taux))


@main.command()
@click.argument("dossier", type=CHEMIN)
@OPTION_DATE
@OPTION_TAUX
@options_sortie(tableaux=True)
def status(dossier, date_reference, fichier_taux, sortie):
    """Où en est le dossier : état, montant dû, délais, prochaine étape et à partir de quand, alertes.

    L'état n'est pas stocké : il est déduit de l'historique et de la date de référence. Ne modifie aucun fichier.
    --json suit le contrat : etat, date, prochaine_etape, decompte, delais, prescription, juridiction, alertes.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.machine import situation_dossier

    sortie.imprimer("STATUS", situation_dossier(dossier, date_reference, fichier_taux))


def _couples(valeurs, param):
    """`nom=valeur` pairs from repeated options."""
    couples = []
    for texte in valeurs:
        nom, egal, valeur = texte.partition("=")
        if not egal or not nom.strip():
            raise click.BadParameter(f"« {texte} » : attendu nom=valeur", param_hint=param)
        couples.append((nom.strip(), valeur.strip()))
    return couples


@main.command(
    epilog="""\b
Exemples :
  procedure record dossier.yaml relance_envoyee -c canal=email
  procedure record dossier.yaml mise_en_demeure_envoyee --date 2026-01-05 -c mode=lrar -c numero_envoi="1A 234 567"
  procedure record dossier.yaml mise_en_demeure_recue --date 2026-01-08 -c fichier=pieces/avis-reception.pdf
  procedure record dossier.yaml paiement_recu -c montant=500,00 -c facture=F2025-031
  procedure record dossier.yaml echeancier_accorde --echeance 2026-04-01=500 --echeance 2026-05-01=500
  procedure record dossier.yaml requete_deposee -c juridiction="Tribunal de commerce de Lyon"
  procedure record dossier.yaml ordonnance_signifiee -c commissaire="SCP Martin" -c a_personne=oui
  procedure record dossier.yaml assignation_delivree -c date_audience=2026-03-12
  procedure record dossier.yaml procedure_collective_ouverte -c type=redressement -c date_jugement=2026-03-02
    -c date_publication=2026-03-12 -c tribunal="Tribunal des activités économiques de Lyon"
    -c mandataire_judiciaire.nom="SELARL MJ Synergie" -c mandataire_judiciaire.adresse.ligne1="230 rue Garibaldi"
    -c mandataire_judiciaire.adresse.code_postal=69003 -c mandataire_judiciaire.adresse.ville=Lyon
  procedure record dossier.yaml creance_declaree -c mode=lrar
  procedure record dossier.yaml cloture -c motif=paye"""
)
@click.argument("dossier", type=CHEMIN)
@click.argument("evenement", metavar="EVENEMENT")
@option_date("date_evenement", "Date de l'événement (par défaut : aujourd'hui).")
@click.option(
    "-c",
    "--champ",
    "champs",
    multiple=True,
    metavar="NOM=VALEUR",
    help="Un champ de l'événement (répétable) : canal, mode, montant, facture, motif, juridiction, "
    "commissaire, a_personne (oui/non), date_audience, numero_rg, montant_accorde, commentaire… ; "
    "un nom pointé remplit un objet (mandataire_judiciaire.adresse.ville=Lyon).",
)
@click.option(
    "--echeance",
    "echeances",
    multiple=True,
    metavar="AAAA-MM-JJ=MONTANT",
    help="Une échéance d'un échéancier accordé (répétable, dans l'ordre).",
)
@options_sortie()
def record(dossier, evenement, date_evenement, champs, echeances, sortie):
    """Ajoute un événement à l'historique du dossier, après l'avoir vérifié.

    EVENEMENT : relance_envoyee, mise_en_demeure_envoyee, mise_en_demeure_recue, paiement_recu (ajouté aussi
    aux paiements), contestation, echeancier_accorde, requete_deposee, ordonnance_rendue, requete_rejetee,
    ordonnance_signifiee, opposition_formee, formule_executoire_apposee, assignation_delivree, jugement_rendu,
    procedure_collective_ouverte, creance_declaree, commandement_de_payer_signifie, pv_non_contestation,
    titre_executoire_delivre, petites_creances_invitation, petites_creances_accord, petites_creances_refus,
    injonction_europeenne_deposee, injonction_europeenne_signifiee, injonction_europeenne_executoire, cloture.
    Les champs attendus sont ceux du format de dossier (« procedure schema »).

    Seules les nouvelles lignes sont ajoutées : commentaires, ordre et mise en forme du fichier sont conservés.
    L'écriture est atomique et verrouillée ; un événement impossible (ordonnance signifiée sans ordonnance,
    date antérieure au dernier événement…) est refusé avec sa raison.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.evenements import enregistrer

    valeurs = dict(_couples(champs, "--champ"))
    if echeances:
        valeurs["echeances"] = [{"date": d, "montant": m} for d, m in _couples(echeances, "--echeance")]
    sortie.imprimer("RECORD", (dossier, enregistrer(dossier, evenement, date_evenement, valeurs)))


@main.group(subcommand_metavar=SOUS_COMMANDE)
def modeles():
    """Modèles DOCX des lettres et actes : les copier pour les personnaliser, les vérifier."""


@modeles.command()
@click.argument("dossier", type=Chemin(file_okay=False))
@option_force("Remplacer les fichiers déjà présents dans DOSSIER.")
@options_sortie()
def exporter(dossier, forcer, sortie):
    """Copie les modèles livrés, le contexte d'exemple et sa documentation (CONTEXTE.md) dans DOSSIER.

    Modifiez-les dans Word ou LibreOffice, puis indiquez ce dossier dans « options.modeles » du dossier
    de recouvrement : chaque fichier remplace le modèle livré de même nom.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.documents import exporter_modeles

    sortie.imprimer("EXPORTER", (dossier, exporter_modeles(dossier, ecraser=forcer)))


@modeles.command()
@click.argument("dossier", type=Chemin(file_okay=False))
@options_sortie()
def verifier(dossier, sortie):
    """Vérifie les modèles de DOSSIER : syntaxe Jinja, balises coupées par Word, variables inconnues.

    Code de sortie 0 si tous les modèles sont valides, 1 sinon.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.documents import verifier_modeles

    sortie.imprimer("VERIFIER", (dossier, verifier_modeles(dossier)))


@contextlib.contextmanager
def progression_terminal(libelle: str):
    """A progress bar on stderr, transient, when stderr is a terminal; nothing in a pipe. Yields the
    `progression(faits, total, documents=0)` callback to hand to the library (None when there is no bar)."""
    # deferred: rich loads only to draw a progress bar
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    # No refresh thread (auto_refresh off, redrawn on each update): `lot` may fork its workers, and fork with
    # a running thread can deadlock.
    barre = Progress(
        TextColumn(libelle),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[debit]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        auto_refresh=False,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    # Drawn from the first step only: a refused step or a missing folder shows its error, not an empty bar.
    with contextlib.ExitStack() as pile:
        tache = barre.add_task(libelle, total=None, debit="")
        debut = time.monotonic()

        dessine = [0.0]

        def avancer(faits: int, total: int, documents: int = 0) -> None:
            if not barre.live.is_started:
                pile.enter_context(barre)
            duree = time.monotonic() - debut
            debit = f"{documents / duree:.1f} documents/s" if documents and duree else ""
            barre.update(tache, completed=faits, total=total, debit=debit)
            # Redrawn at most ten times a second: redrawing after each of 10 000 dossiers took longer than them.
            if faits == total or time.monotonic() - dessine[0] >= 0.1:
                dessine[0] = time.monotonic()
                barre.refresh()

        yield avancer


@main.command(
    "next",
    epilog="""\b
Exemples :
  procedure next dossier.yaml
  procedure next dossier.yaml --date 2026-06-30 --no-pdf
  procedure next dossier.yaml --canal telephone
  procedure next dossier.yaml --refere
  procedure next dossier.yaml --voie commandement""",
)
@click.argument("dossier", type=CHEMIN)
@OPTION_DATE
@click.option(
    "--out",
    "destination",
    type=Chemin(file_okay=False),
    help="Dossier de sortie (par défaut : sortie/<étape> à côté du dossier).",
)
@click.option("--no-pdf", "sans_pdf", is_flag=True, help="Ne pas convertir en PDF (le Cerfa est tout de même rempli).")
@click.option("--dry-run", "essai", is_flag=True, help="Dire ce qui serait produit, sans rien écrire.")
@option_force("Remplacer un document modifié à la main (une copie de sauvegarde est gardée).")
@click.option(
    "--canal",
    type=click.Choice(["courrier", "email", "telephone"]),
    help="Pour une relance : lettre, courriel prêt à envoyer (.eml) ou fiche d'appel.",
)
@click.option(
    "--refere",
    is_flag=True,
    help="À l'étape d'assignation (ou avec --voie assignation) : assignation en référé-provision "
    "(obligation non sérieusement contestable, CPC art. 835 al. 2 ou 873 al. 2) au lieu de "
    "l'assignation au fond.",
)
@OPTION_MODELES
@OPTION_TAUX
@OPTION_PDFA
@click.option("--aplatir", is_flag=True, help="Cerfa non modifiable (champs fondus dans la page).")
@option_fichier(
    "--cerfa-officiel", "officiel", aide="Remplir ce PDF officiel du Cerfa plutôt que la reproduction fournie."
)
@option_fichier(
    "--correspondance", aide="Fichier de correspondance des champs du PDF officiel (voir modeles/CERFA.md)."
)
@click.option(
    "--hors-ligne",
    "sans_reseau",
    is_flag=True,
    help="Ne pas vérifier d'abord le débiteur en ligne (annuaire des entreprises, BODACC).",
)
@click.option(
    "--voie",
    type=click.Choice(["commandement", "petites_creances", "injonction", "injonction_europeenne", "assignation"]),
    help="Préparer cette voie vers un titre exécutoire plutôt que l'étape par défaut (voir « voies » "
    "dans procedure status).",
)
@options_sortie()
def next_(dossier, date_reference, destination, sans_pdf, essai, sans_reseau, sortie, **reglages):
    """Prépare les documents de l'étape que la loi permet maintenant, et les note dans l'historique.

    Refuse, avec la raison et la date, une étape qui n'est pas encore possible. Un document modifié à la main
    depuis sa génération n'est jamais écrasé : la nouvelle version est écrite à côté.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.debiteur import controle_en_ligne
    from procedures.generation import Reglages, generer_etape

    if not sans_reseau:
        for message in controle_en_ligne(dossier):
            click.echo(message, err=True)
    with progression_terminal("Conversion en PDF") as progression:
        resultat = generer_etape(
            dossier,
            date_reference,
            Reglages(sortie=destination, pdf=not sans_pdf, essai=essai, progression=progression, **reglages),
        )
    sortie.imprimer("ETAPE", resultat)


@main.command()
@click.argument("siren")
@options_sortie()
def entreprise(siren, sortie):
    """Identité officielle d'une entreprise (annuaire des entreprises) et procédures collectives publiées au
    BODACC. Consultation en ligne, sans clé ; rien n'est écrit.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.debiteur import fiche_entreprise

    sortie.imprimer("ENTREPRISE", fiche_entreprise(siren))


@main.command("verifier-debiteur")
@click.argument("dossier", type=CHEMIN)
@click.option(
    "--appliquer",
    is_flag=True,
    help="Reporter dans le dossier l'identité officielle et les procédures collectives publiées.",
)
@options_sortie()
def verifier_debiteur(dossier, appliquer, sortie):
    """Compare les débiteurs du dossier à l'annuaire des entreprises et au BODACC (en ligne).

    Sans --appliquer, rien n'est modifié. Avec --appliquer, les écarts d'identité sont corrigés et chaque
    jugement d'ouverture ou de conversion publié est enregistré (procedure_collective_ouverte, avec sa date
    de publication), en une écriture atomique qui garde les commentaires.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.debiteur import verifier_debiteur as verifier

    sortie.imprimer("VERIFIER_DEBITEUR", (verifier(dossier, appliquer), appliquer))


@main.command()
@click.argument("dossier", type=CHEMIN)
@OPTION_DATE
@OPTION_PDFA
@option_force("Remplacer un PDF modifié à la main, signé par exemple (une copie de sauvegarde est gardée).")
@options_sortie()
def pdf(dossier, date_reference, pdfa, forcer, sortie):
    """Refait les PDF de la dernière étape à partir des DOCX tels qu'ils sont sur le disque (après une retouche).

    Un PDF modifié depuis sa génération (signé, annoté) n'est jamais écrasé : le nouveau est écrit à côté.
    """
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.generation import rendre_pdf_etape

    sortie.imprimer("PDF", rendre_pdf_etape(dossier, date_reference, pdfa, forcer))


@main.command()
@click.argument("dossier", type=CHEMIN)
@OPTION_DATE
@option_fichier("--out", "destination", aide="Fichier PDF à écrire (par défaut : sortie/<référence>-pieces.pdf).")
@OPTION_MODELES
@option_force()
@options_sortie()
def bundle(dossier, date_reference, destination, modeles, forcer, sortie):
    """Liasse des pièces : bordereau, index, puis chaque pièce tamponnée « Pièce n° X — page y/z », avec signets."""
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.generation import bundle_dossier

    with progression_terminal("Pièces") as progression:
        rapport = bundle_dossier(dossier, date_reference, destination, modeles, forcer, progression)
    sortie.imprimer("BUNDLE", rapport)


@main.command(
    epilog="""\b
Exemples :
  procedure remise dossier.yaml --pour signification
  procedure remise dossier.yaml --pour execution --date 2026-09-15 --out remise.zip"""
)
@click.argument("dossier", type=CHEMIN)
@click.option(
    "--pour",
    type=click.Choice(["signification", "execution"]),
    required=True,
    help="Signifier l'ordonnance, ou exécuter le titre exécutoire.",
)
@OPTION_DATE
@option_fichier(
    "--out",
    "destination",
    aide="Fichier ZIP à écrire (par défaut : sortie/<pour>/<référence>-remise-<pour>-<AAAA-MM-JJ>.zip, "
    "à la date de référence).",
)
@OPTION_TAUX
@option_force()
@options_sortie()
def remise(dossier, pour, date_reference, destination, fichier_taux, forcer, sortie):
    """Dossier à remettre au commissaire de justice (ZIP) : lettre, titre, requête et Cerfa, bordereau et pièces,
    décompte à la date, identité des parties, historique, délai, consignes et manifest.json (taille et SHA-256
    de chaque fichier). Les mêmes données donnent un ZIP identique octet pour octet."""
    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.remise import creer_remise

    sortie.imprimer("REMISE", creer_remise(dossier, pour, date_reference, destination, fichier_taux, forcer))


@main.command(
    epilog="""\b
Exemples :
  procedure lot clients/
  procedure lot clients/ --date 2026-06-30 --format csv > dossiers.csv
  procedure lot clients/ --generer --rapport rapport.csv --rapport rapport.json
  procedure lot clients/ --generer --etapes relance,mise_en_demeure --dry-run
  procedure lot clients/ --generer --verifier-en-ligne
  procedure lot /partage/clients/ --generer --dask tcp://ordonnanceur:8786"""
)
@click.argument("dossier", type=CHEMIN)
@OPTION_DATE
@click.option(
    "--processus",
    type=click.IntRange(min=1),
    metavar="N",
    help="Nombre de processus de calcul (par défaut : un par cœur ; avec --generer, chacun garde "
    "un LibreOffice pour tout le lot).",
)
@OPTION_TAUX
@click.option(
    "--generer", is_flag=True, help="Préparer pour chaque dossier l'étape possible à la date, comme « procedure next »."
)
@click.option(
    "--etapes",
    metavar="ETAPE,ETAPE",
    help="Avec --generer : seulement ces étapes (ex. relance,mise_en_demeure).",
)
@click.option("--dry-run", "essai", is_flag=True, help="Avec --generer : dire ce qui serait produit, sans rien écrire.")
@option_fichier(
    "--rapport",
    "rapports",
    multiple=True,
    aide="Avec --generer : écrire le rapport (une ligne par dossier) en .csv ou .json (répétable).",
)
@click.option("--no-pdf", "sans_pdf", is_flag=True, help="Avec --generer : DOCX seulement, sans PDF.")
@click.option("--pdfa", is_flag=True, help="Avec --generer : PDF/A-2b (dépôt au greffe).")
@click.option(
    "--dask",
    "adresse_dask",
    metavar="tcp://HOTE:8786",
    help="Avec --generer : répartir les dossiers sur une grappe Dask (voir docs/lot-dask.md).",
)
@click.option(
    "--verifier-en-ligne",
    is_flag=True,
    help="Avec --generer : consulter d'abord le BODACC, une fois par débiteur (SIREN), et bloquer les dossiers "
    "dont une procédure collective publiée manque à l'historique.",
)
@options_sortie(tableaux=True, csv=True)
def lot(
    dossier,
    date_reference,
    processus,
    fichier_taux,
    generer,
    etapes,
    essai,
    rapports,
    sans_pdf,
    pdfa,
    adresse_dask,
    verifier_en_ligne,
    sortie,
):
    """Tous les dossiers (fichiers dossier.yaml) sous DOSSIER : état, montant dû, prochaine étape, alertes,
    du plus urgent au moins urgent, puis les totaux.

    Les sous-dossiers cachés et « sortie » sont ignorés. Un dossier illisible ou invalide est signalé avec ses
    erreurs sans arrêter les autres. Code de sortie 0 si tous les dossiers ont été lus, 1 sinon. Sans
    --generer, ne modifie aucun fichier. --json donne {racine, date, dossiers: [...], totaux}.

    Avec --generer, prépare pour chaque dossier l'étape due à la date, exactement comme « procedure next »
    (mêmes documents, mêmes protections des fichiers retouchés, même événement noté), puis affiche le bilan
    par étape : générés, en attente (avec la date), bloqués (avec la raison), en échec. Relancé le même jour,
    il ne refait rien : un dossier déjà préparé où rien ne s'est passé depuis est laissé tel quel. Un dossier
    ouvert par une autre commande est signalé « occupé », sans attendre. Code de sortie 1 si un dossier est
    en échec ou occupé. Rien n'est consulté en ligne sans --verifier-en-ligne : avec elle, le BODACC est
    interrogé avant le lot, une fois par débiteur, et cesse de l'être à la première panne du service ou après
    5 minutes ; le bilan dit combien de débiteurs n'ont pas été vérifiés.
    """
    options_generer = {
        "--etapes": etapes,
        "--dry-run": essai,
        "--rapport": rapports,
        "--no-pdf": sans_pdf,
        "--pdfa": pdfa,
        "--dask": adresse_dask,
        "--verifier-en-ligne": verifier_en_ligne,
    }
    if not generer and any(options_generer.values()):
        raise click.UsageError(f"{', '.join(o for o, v in options_generer.items() if v)} : seulement avec --generer")
    if not generer:
        # deferred: the library's dependencies load when the command runs, never for --help
        from procedures.lot import traiter_lot

        with progression_terminal("Dossiers") as progression:
            rapport = traiter_lot(dossier, date_reference, processus, fichier_taux, progression)
        sortie.imprimer("LOT", rapport)
        return

    # deferred: the library's dependencies load when the command runs, never for --help
    from procedures.lot_generation import generer_lot

    with progression_terminal("Dossiers") as progression:
        rapport = generer_lot(
            dossier,
            date_reference,
            processus,
            {e.strip() for e in etapes.split(",") if e.strip()} if etapes else None,
            essai,
            not sans_pdf,
            pdfa,
            fichier_taux,
            progression,
            adresse_dask,
            rapports=rapports,
            verifier_en_ligne=verifier_en_ligne,
        )
    sortie.imprimer("LOT_GENERATION", rapport)


if __name__ == "__main__":
    main()
