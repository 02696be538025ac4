"""The `procedure` command: each command parses its arguments, calls one function of `procedures`, prints."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
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
OPTION_TAUX = click.option("--taux", "fichier_taux", type=click.Path(path_type=Path), default=None,
                           help="Fichier CSV de taux personnels (par défaut : $PROCEDURE_TAUX, sinon "
                                "~/.config/procedure/taux.csv s'il existe).")


def echouer(exc: ProcedureError, en_json: bool = False) -> None:
    """Errors go to stderr in French; with --json, also as {"erreurs": [...]} on stdout."""
    erreurs = exc.erreurs()
    for erreur in erreurs:
        click.echo(f"Erreur : {erreur}", err=True)
    if en_json:
        click.echo(json.dumps({"erreurs": [e.as_json() for e in erreurs]}, ensure_ascii=False, indent=2))
    sys.exit(1)


def afficher(calcul, en_json: bool, vers_json, rendu):
    """Run ``calcul`` (one call into ``procedures``) and print its result: ``vers_json(resultat)`` as JSON with
    --json, else the rich renderables of ``rendu(resultat)``; a ProcedureError goes through ``echouer``.
    Returns the result, for a command whose exit code depends on it."""
    from rich.console import Console

    try:
        resultat = calcul()
    except ProcedureError as exc:
        echouer(exc, en_json)
    if en_json:
        click.echo(json.dumps(vers_json(resultat), ensure_ascii=False, indent=2))
    else:
        Console().print(rendu(resultat))
    return resultat


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
@click.argument("autres_factures", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="")
@click.option("--exemple", default="b2b", show_default=True,
              type=click.Choice(["b2b", "consommateur", "ordonnance"]), help="Quel dossier d'exemple créer.")
@click.option("--facture", "factures", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FICHIER...", help="Créer le dossier depuis ces factures (Factur-X, XML CII ou UBL, PDF).")
@click.option("--siren", default=None, metavar="SIREN",
              help="Remplir le débiteur depuis l'annuaire officiel des entreprises (consultation en ligne).")
@OPTION_DATE
def init(repertoire, autres_factures, exemple, factures, date_reference, siren):
    """Crée dans REPERTOIRE un dossier d'exemple complet et valide, avec ses pièces (PDF).

    Avec --facture : crée le dossier depuis des factures électroniques (Factur-X / ZUGFeRD, CII ou UBL) d'un
    même vendeur à un même acheteur ; chaque facture PDF devient une pièce.
    """
    if autres_factures and not factures:
        raise click.UsageError("fichiers en trop : pour créer un dossier depuis des factures, utilisez --facture")
    if siren and factures:
        raise click.UsageError("--siren complète le dossier d'exemple ; avec --facture, le débiteur vient des factures "
                               "(vérifiez-le ensuite avec procedure verifier-debiteur)")
    if factures:
        from procedures.facture_electronique import creer_depuis_factures

        try:
            resultat = creer_depuis_factures(repertoire, [*factures, *autres_factures], date_reference)
        except ProcedureError as exc:
            echouer(exc)
        for avertissement in resultat.avertissements:
            click.echo(f"Attention : {avertissement}", err=True)
        if resultat.complet:
            click.echo(f"Dossier créé depuis les factures : {resultat.chemin}")
            click.echo(f"Vérifiez-le, puis : procedure status {resultat.chemin}")
        else:
            click.echo(f"Dossier à compléter créé : {resultat.chemin}")
            click.echo(f"Complétez-le, puis : procedure check {resultat.chemin}")
        return
    from procedures.exemple import creer_exemple

    try:
        chemin = creer_exemple(repertoire, exemple)
        if siren:
            from procedures.debiteur import debiteur_depuis_siren

            identite = debiteur_depuis_siren(chemin, siren.replace(" ", ""))
            click.echo(f"Débiteur repris de l'annuaire des entreprises : {identite.denomination} ({identite.etat})")
    except ProcedureError as exc:
        echouer(exc)
    click.echo(f"Dossier d'exemple créé : {chemin}")
    click.echo(f"Essayez : procedure status {chemin}")


@main.command()
@click.argument("racine", type=click.Path(file_okay=False, path_type=Path))
@click.option("--csv", "fichier_csv", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FICHIER",
              help="Export comptable ou balance âgée : une ligne par facture impayée.")
@click.option("--creancier", "fichier_creancier", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FICHIER",
              help="Profil du créancier (un bloc « partie » en YAML, saisi une fois).")
@click.option("--colonnes", "fichier_colonnes", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FICHIER",
              help="Correspondance des colonnes (YAML) ; par défaut, la présentation courante (docs/import.md).")
@OPTION_DATE
def importer(racine, fichier_csv, fichier_creancier, fichier_colonnes, date_reference):
    """Crée sous RACINE un dossier par débiteur d'un export CSV, prêt pour « procedure lot ».

    Un dossier qui existe déjà n'est jamais modifié : il est signalé.
    """
    from procedures.import_csv import importer_csv

    try:
        rapport = importer_csv(racine, fichier_csv, fichier_creancier, fichier_colonnes, date_reference)
    except ProcedureError as exc:
        echouer(exc)
    for chemin in rapport.crees:
        click.echo(f"Créé : {chemin}")
    for chemin in rapport.existants:
        absentes = rapport.nouvelles.get(chemin)
        suite = f" ; factures de l'export absentes du dossier : {', '.join(absentes)}" if absentes else ""
        click.echo(f"Existe déjà, non modifié : {chemin}{suite}")
    for ligne in rapport.ignorees:
        click.echo(f"Ignorée : {ligne}")
    for avertissement in rapport.avertissements:
        click.echo(f"Attention : {avertissement}", err=True)
    click.echo(f"{len(rapport.crees)} dossier(s) créé(s), {len(rapport.existants)} déjà présent(s). "
               f"Ensuite : procedure lot {racine}")


@main.group(invoke_without_command=True)
@OPTION_TAUX
@click.pass_context
def taux(ctx, fichier_taux):
    """Affiche les tables de taux (intérêt légal, BCE, pénalités par défaut), chaque ligne avec sa source et sa
    vérification, et jusqu'à quelle date elles sont connues. « procedure taux maj » les complète en ligne."""
    from procedures.taux import charger_taux, rendu_terminal

    if ctx.invoked_subcommand is None:
        afficher(lambda: charger_taux(fichier_taux), False, None, rendu_terminal)


@taux.command("maj")
@OPTION_TAUX
@click.pass_context
def taux_maj(ctx, fichier_taux):
    """Interroge le portail de données de la BCE (taux des opérations principales de refinancement) et ajoute
    au fichier de taux personnel les semestres qui manquent, chacun avec sa source et sa date de consultation.

    Ne modifie jamais la table livrée (un désaccord est signalé avec les deux valeurs) ; hors ligne ou sur une
    réponse inattendue, n'écrit rien. Le taux de l'intérêt légal n'a pas de source ouverte officielle : la
    commande dit quels semestres ajouter à la main depuis l'arrêté publié au Journal officiel.
    """
    from procedures.taux_maj import mettre_a_jour_taux, rendu_terminal

    fichier = fichier_taux or ctx.parent.params["fichier_taux"]
    afficher(lambda: mettre_a_jour_taux(fichier), False, None, rendu_terminal)


@main.group()
def cerfa():
    """Formulaires de requête en injonction de payer (Cerfa 12946, 12948, 16040)."""


@cerfa.command()
@click.argument("fichier", type=click.Path(path_type=Path))
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON : liste des champs.")
def champs(fichier, en_json):
    """Liste les champs d'un formulaire PDF (nom, type, valeurs d'export, page, position).

    Sert à écrire le fichier de correspondance qui permet de remplir le PDF officiel (modeles/CERFA.md).
    """
    from procedures.cerfa import champs_json, lister_champs, rendu_champs

    afficher(lambda: lister_champs(fichier), en_json, champs_json, lambda liste: rendu_champs(fichier, liste))


@main.command()
@click.argument("dossier", type=click.Path(path_type=Path))
@OPTION_DATE
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON (l'objet « decompte » de « status --json »).")
@OPTION_TAUX
def decompte(dossier, date_reference, en_json, fichier_taux):
    """Décompte des sommes dues à la date de référence : principal, pénalités ou intérêts par période,
    indemnités, imputation des paiements, conventions de calcul."""
    from procedures.decompte import decompte_dossier, decompte_json, rendu_terminal

    afficher(lambda: decompte_dossier(dossier, date_reference, fichier_taux), en_json, decompte_json, rendu_terminal)


@main.command()
@click.argument("dossier", type=click.Path(path_type=Path))
@OPTION_DATE
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON (contrat : etat, date, prochaine_etape, decompte, "
              "delais, prescription, juridiction, alertes).")
@OPTION_TAUX
def status(dossier, date_reference, en_json, fichier_taux):
    """Où en est le dossier : état, montant dû, délais, prochaine étape et à partir de quand, alertes.

    L'état n'est pas stocké : il est déduit de l'historique et de la date de référence. Ne modifie aucun fichier.
    """
    from procedures.machine import rendu_terminal, situation_dossier, status_json

    afficher(lambda: situation_dossier(dossier, date_reference, fichier_taux), en_json, status_json, rendu_terminal)


def _couples(valeurs, param):
    """`nom=valeur` pairs from repeated options."""
    couples = []
    for texte in valeurs:
        nom, egal, valeur = texte.partition("=")
        if not egal or not nom.strip():
            raise click.BadParameter(f"« {texte} » : attendu nom=valeur", param_hint=param)
        couples.append((nom.strip(), valeur.strip()))
    return couples


@main.command(epilog="""\b
Exemples :
  procedure record dossier.yaml relance_envoyee -c canal=email
  procedure record dossier.yaml mise_en_demeure_envoyee --date 2026-01-05 -c mode=lrar -c numero_envoi="1A 234 567"
  procedure record dossier.yaml mise_en_demeure_recue --date 2026-01-08
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
  procedure record dossier.yaml cloture -c motif=paye""")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.argument("evenement", metavar="EVENEMENT")
@click.option("--date", "date_evenement", type=DATE, default=None,
              help="Date de l'événement (par défaut : aujourd'hui).")
@click.option("-c", "--champ", "champs", multiple=True, metavar="NOM=VALEUR",
              help="Un champ de l'événement (répétable) : canal, mode, montant, facture, motif, juridiction, "
                   "commissaire, a_personne (oui/non), date_audience, numero_rg, montant_accorde, commentaire… ; "
                   "un nom pointé remplit un objet (mandataire_judiciaire.adresse.ville=Lyon).")
@click.option("--echeance", "echeances", multiple=True, metavar="AAAA-MM-JJ=MONTANT",
              help="Une échéance d'un échéancier accordé (répétable, dans l'ordre).")
def record(dossier, evenement, date_evenement, champs, echeances):
    """Ajoute un événement à l'historique du dossier, après l'avoir vérifié.

    EVENEMENT : relance_envoyee, mise_en_demeure_envoyee, mise_en_demeure_recue, paiement_recu (ajouté aussi
    aux paiements), contestation, echeancier_accorde, requete_deposee, ordonnance_rendue, requete_rejetee,
    ordonnance_signifiee, opposition_formee, formule_executoire_apposee, assignation_delivree, jugement_rendu,
    procedure_collective_ouverte, creance_declaree, cloture. Les champs attendus sont ceux du format de dossier (« procedure schema »).

    Seules les nouvelles lignes sont ajoutées : commentaires, ordre et mise en forme du fichier sont conservés.
    L'écriture est atomique et verrouillée ; un événement impossible (ordonnance signifiée sans ordonnance,
    date antérieure au dernier événement…) est refusé avec sa raison.
    """
    from procedures.evenements import enregistrer
    from procedures.montants import format_date

    valeurs = dict(_couples(champs, "--champ"))
    if echeances:
        valeurs["echeances"] = [{"date": d, "montant": m} for d, m in _couples(echeances, "--echeance")]
    try:
        nouveau = enregistrer(dossier, evenement, date_evenement, valeurs)
    except ProcedureError as exc:
        echouer(exc)
    click.echo(f"{dossier} : {nouveau.evenement} du {format_date(nouveau.date)} enregistré.")


@main.group()
def modeles():
    """Modèles DOCX des lettres et actes : les copier pour les personnaliser, les vérifier."""


@modeles.command()
@click.argument("dossier", type=click.Path(file_okay=False, path_type=Path))
@click.option("--ecraser", is_flag=True, help="Remplacer les fichiers déjà présents dans DOSSIER.")
def exporter(dossier, ecraser):
    """Copie les modèles livrés, le contexte d'exemple et sa documentation (CONTEXTE.md) dans DOSSIER.

    Modifiez-les dans Word ou LibreOffice, puis indiquez ce dossier dans « options.modeles » du dossier
    de recouvrement : chaque fichier remplace le modèle livré de même nom.
    """
    from procedures.documents import exporter_modeles

    try:
        copies = exporter_modeles(dossier, ecraser=ecraser)
    except ProcedureError as exc:
        echouer(exc)
    click.echo(f"{len(copies)} fichier(s) copié(s) dans {dossier}")


@modeles.command()
@click.argument("dossier", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON : {\"erreurs\": [...]}.")
def verifier(dossier, en_json):
    """Vérifie les modèles de DOSSIER : syntaxe Jinja, balises coupées par Word, variables inconnues."""
    from procedures.documents import verifier_modeles

    try:
        erreurs = verifier_modeles(dossier)
    except ProcedureError as exc:
        echouer(exc, en_json)
    if en_json:
        click.echo(json.dumps({"erreurs": [e.as_json() for e in erreurs]}, ensure_ascii=False, indent=2))
    else:
        for erreur in erreurs:
            click.echo(f"Erreur : {erreur}", err=True)
        if not erreurs:
            click.echo(f"Modèles de {dossier} : aucune erreur.")
    if erreurs:
        sys.exit(1)


@main.command("next", epilog="""\b
Exemples :
  procedure next dossier.yaml
  procedure next dossier.yaml --date 2026-06-30 --no-pdf
  procedure next dossier.yaml --canal telephone""")
@click.argument("dossier", type=click.Path(path_type=Path))
@OPTION_DATE
@click.option("--out", "sortie", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dossier de sortie (par défaut : sortie/<étape> à côté du dossier).")
@click.option("--no-pdf", "sans_pdf", is_flag=True, help="Ne pas convertir en PDF (le Cerfa est tout de même rempli).")
@click.option("--dry-run", "essai", is_flag=True, help="Dire ce qui serait produit, sans rien écrire.")
@click.option("--force", "forcer", is_flag=True,
              help="Remplacer un document modifié à la main (une copie de sauvegarde est gardée).")
@click.option("--canal", type=click.Choice(["courrier", "email", "telephone"]), default=None,
              help="Pour une relance : lettre, courriel prêt à envoyer (.eml) ou fiche d'appel.")
@click.option("--modeles", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dossier de modèles DOCX personnels (remplacent ceux fournis, fichier par fichier).")
@OPTION_TAUX
@click.option("--pdfa", is_flag=True, help="PDF/A-2b (dépôt au greffe).")
@click.option("--aplatir", is_flag=True, help="Cerfa non modifiable (champs fondus dans la page).")
@click.option("--cerfa-officiel", "officiel", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Remplir ce PDF officiel du Cerfa plutôt que la reproduction fournie.")
@click.option("--correspondance", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier de correspondance des champs du PDF officiel (voir modeles/CERFA.md).")
@click.option("--hors-ligne", "sans_reseau", is_flag=True,
              help="Ne pas vérifier d'abord le débiteur en ligne (annuaire des entreprises, BODACC).")
def next_(dossier, date_reference, sortie, sans_pdf, essai, forcer, canal, modeles, fichier_taux, pdfa, aplatir,
          officiel, correspondance, sans_reseau):
    """Prépare les documents de l'étape que la loi permet maintenant, et les note dans l'historique.

    Refuse, avec la raison et la date, une étape qui n'est pas encore possible. Un document modifié à la main
    depuis sa génération n'est jamais écrasé : la nouvelle version est écrite à côté.
    """
    from procedures.debiteur import controle_en_ligne
    from procedures.generation import generer_etape

    try:
        if not sans_reseau:
            for message in controle_en_ligne(dossier):
                click.echo(f"Vérification en ligne : {message}", err=True)
        resultat = generer_etape(dossier, date_reference, sortie, pdf=not sans_pdf, essai=essai, forcer=forcer,
                                 modeles=modeles, fichier_taux=fichier_taux, canal=canal, pdfa=pdfa,
                                 aplatir=aplatir, officiel=officiel, correspondance=correspondance)
    except ProcedureError as exc:
        echouer(exc)
    verbe = "serait écrit" if resultat.essai else "écrit"
    click.echo(f"Étape : {resultat.etape.etape} — {resultat.etape.motif}")
    for chemin in resultat.fichiers:
        click.echo(f"  {verbe} : {chemin}")
    for message in resultat.messages:
        click.echo(f"Attention : {message}", err=True)


@main.command()
@click.argument("siren")
def entreprise(siren):
    """Identité officielle d'une entreprise (annuaire des entreprises) et procédures collectives publiées au
    BODACC. Consultation en ligne, sans clé ; rien n'est écrit.
    """
    from procedures.debiteur import fiche_entreprise

    try:
        lignes = fiche_entreprise(siren.replace(" ", ""))
    except ProcedureError as exc:
        echouer(exc)
    click.echo("\n".join(lignes))


@main.command("verifier-debiteur")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--appliquer", is_flag=True,
              help="Reporter dans le dossier l'identité officielle et les procédures collectives publiées.")
def verifier_debiteur(dossier, appliquer):
    """Compare les débiteurs du dossier à l'annuaire des entreprises et au BODACC (en ligne).

    Sans --appliquer, rien n'est modifié. Avec --appliquer, les écarts d'identité sont corrigés et chaque
    jugement d'ouverture ou de conversion publié est enregistré (procedure_collective_ouverte, avec sa date
    de publication), en une écriture atomique qui garde les commentaires.
    """
    from procedures.debiteur import rendu_verification, verifier_debiteur as verifier

    try:
        resultats = verifier(dossier, appliquer)
    except ProcedureError as exc:
        echouer(exc)
    click.echo("\n".join(rendu_verification(resultats, appliquer)))


@main.command()
@click.argument("dossier", type=click.Path(path_type=Path))
@OPTION_DATE
@click.option("--pdfa", is_flag=True, help="PDF/A-2b (dépôt au greffe).")
@click.option("--force", "forcer", is_flag=True,
              help="Remplacer un PDF modifié à la main, signé par exemple (une copie de sauvegarde est gardée).")
def pdf(dossier, date_reference, pdfa, forcer):
    """Refait les PDF de la dernière étape à partir des DOCX tels qu'ils sont sur le disque (après une retouche).

    Un PDF modifié depuis sa génération (signé, annoté) n'est jamais écrasé : le nouveau est écrit à côté.
    """
    from procedures.generation import rendre_pdf_etape

    try:
        resultat = rendre_pdf_etape(dossier, date_reference, pdfa, forcer)
    except ProcedureError as exc:
        echouer(exc)
    for chemin in resultat.fichiers:
        click.echo(f"  écrit : {chemin}")
    for message in resultat.messages:
        click.echo(f"Attention : {message}", err=True)


@main.command()
@click.argument("dossier", type=click.Path(path_type=Path))
@OPTION_DATE
@click.option("--out", "sortie", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier PDF à écrire (par défaut : sortie/<référence>-pieces.pdf).")
@click.option("--modeles", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dossier de modèles DOCX personnels.")
@click.option("--force", "forcer", is_flag=True,
              help="Remplacer le fichier --out s'il existe (une copie de sauvegarde est gardée).")
def bundle(dossier, date_reference, sortie, modeles, forcer):
    """Liasse des pièces : bordereau, index, puis chaque pièce tamponnée « Pièce n° X — page y/z », avec signets."""
    from procedures.generation import bundle_dossier

    try:
        rapport = bundle_dossier(dossier, date_reference, sortie, modeles, forcer)
    except ProcedureError as exc:
        echouer(exc)
    click.echo(f"Liasse écrite : {rapport.sortie} ({rapport.nb_pages} pages, {len(rapport.pieces)} pièces)")


@main.command(epilog="""\b
Exemples :
  procedure remise dossier.yaml --pour signification
  procedure remise dossier.yaml --pour execution --date 2026-09-15 --out remise.zip""")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--pour", type=click.Choice(["signification", "execution"]), required=True,
              help="Signifier l'ordonnance, ou exécuter le titre exécutoire.")
@OPTION_DATE
@click.option("--out", "sortie", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier ZIP à écrire (par défaut : sortie/<pour>/<référence>-remise-<pour>-<AAAA-MM-JJ>.zip, "
              "à la date de référence).")
@OPTION_TAUX
@click.option("--force", "forcer", is_flag=True,
              help="Remplacer le fichier --out s'il existe (une copie de sauvegarde est gardée).")
def remise(dossier, pour, date_reference, sortie, fichier_taux, forcer):
    """Dossier à remettre au commissaire de justice (ZIP) : lettre, titre, requête et Cerfa, bordereau et pièces,
    décompte à la date, identité des parties, historique, délai, consignes et manifest.json (taille et SHA-256
    de chaque fichier). Les mêmes données donnent un ZIP identique octet pour octet."""
    from procedures.remise import creer_remise

    try:
        rapport = creer_remise(dossier, pour, date_reference, sortie, fichier_taux, forcer)
    except ProcedureError as exc:
        echouer(exc)
    click.echo(f"Remise écrite : {rapport.chemin} ({len(rapport.entrees)} fichiers)")
    for message in rapport.avertissements:
        click.echo(f"Attention : {message}", err=True)


@main.command(epilog="""\b
Exemples :
  procedure lot clients/
  procedure lot clients/ --date 2026-06-30 --json > rapport.json
  procedure lot clients/ --generer --rapport rapport.csv --rapport rapport.json
  procedure lot clients/ --generer --etapes relance,mise_en_demeure --dry-run
  procedure lot /partage/clients/ --generer --dask tcp://ordonnanceur:8786""")
@click.argument("dossier", type=click.Path(path_type=Path))
@OPTION_DATE
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON : {racine, date, dossiers: [...], totaux}.")
@click.option("--processus", type=click.IntRange(min=1), default=None,
              help="Nombre de processus de calcul (par défaut : un par cœur ; avec --generer, chacun garde "
                   "un LibreOffice pour tout le lot).")
@OPTION_TAUX
@click.option("--generer", is_flag=True,
              help="Préparer pour chaque dossier l'étape possible à la date, comme « procedure next ».")
@click.option("--etapes", default=None, metavar="ETAPE,ETAPE",
              help="Avec --generer : seulement ces étapes (ex. relance,mise_en_demeure).")
@click.option("--dry-run", "essai", is_flag=True,
              help="Avec --generer : dire ce qui serait produit, sans rien écrire.")
@click.option("--rapport", "rapports", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Avec --generer : écrire le rapport (une ligne par dossier) en .csv ou .json (répétable).")
@click.option("--no-pdf", "sans_pdf", is_flag=True, help="Avec --generer : DOCX seulement, sans PDF.")
@click.option("--pdfa", is_flag=True, help="Avec --generer : PDF/A-2b (dépôt au greffe).")
@click.option("--dask", "adresse_dask", default=None, metavar="tcp://HOTE:8786",
              help="Avec --generer : répartir les dossiers sur une grappe Dask (voir docs/lot-dask.md).")
def lot(dossier, date_reference, en_json, processus, fichier_taux, generer, etapes, essai, rapports, sans_pdf, pdfa,
        adresse_dask):
    """Tous les dossiers (fichiers dossier.yaml) sous DOSSIER : état, montant dû, prochaine étape, alertes,
    du plus urgent au moins urgent, puis les totaux.

    Les sous-dossiers cachés et « sortie » sont ignorés. Un dossier illisible ou invalide est signalé avec ses
    erreurs sans arrêter les autres. Code de sortie 0 si tous les dossiers ont été lus, 1 sinon. Sans
    --generer, ne modifie aucun fichier.

    Avec --generer, prépare pour chaque dossier l'étape due à la date, exactement comme « procedure next »
    (mêmes documents, mêmes protections des fichiers retouchés, même événement noté), puis affiche le bilan
    par étape : générés, en attente (avec la date), bloqués (avec la raison), en échec. Relancé le même jour,
    il ne refait rien : un dossier déjà préparé où rien ne s'est passé depuis est laissé tel quel. Un dossier
    ouvert par une autre commande est signalé « occupé », sans attendre. Code de sortie 1 si un dossier est
    en échec ou occupé.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    options_generer = {"--etapes": etapes, "--dry-run": essai, "--rapport": rapports, "--no-pdf": sans_pdf,
                       "--pdfa": pdfa, "--dask": adresse_dask}
    if not generer and any(options_generer.values()):
        raise click.UsageError(f"{', '.join(o for o, v in options_generer.items() if v)} : seulement avec --generer")
    # On stderr, on a terminal only, transient: never mixed with the report or --json. No refresh thread
    # (auto_refresh off, redrawn on each update): the workers may be forked, and fork with a running thread
    # can deadlock.
    console = Console(stderr=True)
    barre = Progress(BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[debit]}"), TimeRemainingColumn(),
                     console=console, transient=True, auto_refresh=False, redirect_stdout=False,
                     redirect_stderr=False, disable=not console.is_terminal)
    tache = barre.add_task("Dossiers", total=None, debit="")
    dessine = [0.0]

    def montrer(faits, total, debit=""):
        # Redrawn at most ten times a second: redrawing after each of 10 000 dossiers took longer than them.
        barre.update(tache, completed=faits, total=total, debit=debit)
        if faits == total or time.monotonic() - dessine[0] >= 0.1:
            dessine[0] = time.monotonic()
            barre.refresh()

    if not generer:
        from procedures.lot import rapport_json, rendu_terminal, traiter_lot

        def calcul():
            with barre:
                return traiter_lot(dossier, date_reference, processus, fichier_taux, montrer)

        rapport = afficher(calcul, en_json, rapport_json,
                           lambda r: rendu_terminal(r, Console().is_terminal and not en_json))
        sys.exit(1 if rapport.nb_en_erreur else 0)

    from procedures.lot_generation import generer_lot, rapport_generation_json, rendu_generation

    debut = time.monotonic()

    def avancer(faits, total, documents):
        duree = time.monotonic() - debut
        montrer(faits, total, f"{documents / duree:.1f} documents/s" if documents and duree else "")

    def calcul_generation():
        with barre:
            return generer_lot(dossier, date_reference, processus,
                               {e.strip() for e in etapes.split(",") if e.strip()} if etapes else None,
                               essai, not sans_pdf, pdfa, fichier_taux, avancer, adresse_dask, rapports=rapports)

    rapport = afficher(calcul_generation, en_json, rapport_generation_json, rendu_generation)
    for chemin in rapports:
        click.echo(f"Rapport écrit : {chemin}", err=True)
    sys.exit(1 if rapport.nb_echecs else 0)


if __name__ == "__main__":
    main()
