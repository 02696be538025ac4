"""`procedure taux maj`: fetch the ECB main refinancing rate from the ECB Data Portal (official open data,
no key) and add what the tables lack to the user's rate file.

The one online part of the rate tables. It never changes a shipped row: a disagreement between the
official series and a shipped (or user) row is reported with both values. Offline, on an HTTP error or
on an answer of an unexpected shape it stops with a French message and writes nothing; the file is
written atomically, and only after the new text has been read back as a valid rate file.

The ECB series is FM.B.U2.EUR.4F.KR.MRR_FR.LEV (main refinancing operations, fixed rate, one
observation per change date, since 15 October 2008), read as SDMX CSV (``format=csvdata``,
``detail=dataonly``): a header ``KEY,FREQ,…,TIME_PERIOD,OBS_VALUE`` then one line per change. Only the
rate in force on 1 January / 1 July matters to the law (C. com. L441-10 II), so a half-year is added
once its first day has passed (the series then shows the rate in force that day).

The taux de l'intérêt légal is not fetched: no official source serves it as open data without a key
(the « taux de l'intérêt légal depuis 2011 » dataset of data.economie.gouv.fr answers with no record;
the Banque de France Webstat API needs an account key). The report says which half-years are missing,
to be copied from the arrêté (Légifrance) into the user's file.
"""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from procedures.erreurs import DossierInvalide, ProcedureError, TauxInconnu
from procedures.montants import format_date, format_taux
from procedures.stockage import ecrire_atomique
from procedures.taux import (
    COLONNES_UTILISATEUR,
    DEBUT_REGLE_SEMESTRIELLE,
    UTILISATEUR,
    TableTaux,
    charger_taux,
    fichier_utilisateur_par_defaut,
    libelle_semestre,
    premier_jour,
    semestre,
    semestre_suivant,
    table_livree,
    verifier_fichier_utilisateur,
)

__all__ = ["MiseAJourImpossible", "MiseAJourTaux", "SERIE_BCE", "URL_BCE", "mettre_a_jour_taux", "telecharger"]

SERIE_BCE = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"
URL_BCE = (
    f"https://data-api.ecb.europa.eu/service/data/FM/{SERIE_BCE.removeprefix('FM.')}?format=csvdata&detail=dataonly"
)
DELAI_SECONDES = 30
TAILLE_MAX = 5_000_000  # the whole series is a few kilobytes: anything bigger is not it

Telecharger = Callable[[str], bytes]


class MiseAJourImpossible(ProcedureError):
    """Offline, an HTTP error or an unexpected answer: nothing was written."""


@dataclass
class MiseAJourTaux:
    """What `procedure taux maj` found, added and flagged."""

    fichier: Path
    consulte_le: date
    ajouts: list[str] = field(default_factory=list)  # the CSV lines written
    alertes: list[str] = field(default_factory=list)  # disagreements, rows the tool cannot fill
    manquants: list[str] = field(default_factory=list)  # what must still be added by hand

    @property
    def ecrit(self) -> bool:
        return bool(self.ajouts)


def telecharger(url: str) -> bytes:
    """GET ``url``; any failure becomes a French MiseAJourImpossible (nothing is written by the caller)."""
    requete = urllib.request.Request(url, headers={"User-Agent": "procedure (taux maj)", "Accept": "text/csv"})
    try:
        with urllib.request.urlopen(requete, timeout=DELAI_SECONDES) as reponse:
            contenu = reponse.read(TAILLE_MAX + 1)
    except urllib.error.HTTPError as exc:
        raise MiseAJourImpossible(
            f"Le portail de données de la BCE a répondu par une erreur HTTP {exc.code} "
            f"({url}) : aucun taux n'a été écrit."
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise MiseAJourImpossible(
            f"Impossible de joindre le portail de données de la BCE ({url}) : {exc}. "
            "Vérifiez la connexion ; aucun taux n'a été écrit."
        ) from None
    if len(contenu) > TAILLE_MAX:
        raise MiseAJourImpossible(
            f"Réponse anormalement longue du portail de données de la BCE ({url}) : aucun taux n'a été écrit."
        )
    return contenu


def lire_serie_bce(contenu: bytes) -> list[tuple[date, Decimal]]:
    """The change dates and rates of the SDMX CSV answer, oldest first; refuse anything else."""

    def refuser(detail: str) -> MiseAJourImpossible:
        return MiseAJourImpossible(
            f"Réponse inattendue du portail de données de la BCE ({detail}) : aucun taux n'a été écrit."
        )

    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuser("texte illisible") from None
    lignes = list(csv.reader(io.StringIO(texte)))
    if not lignes or not {"KEY", "TIME_PERIOD", "OBS_VALUE"} <= set(lignes[0]):
        raise refuser("en-tête KEY, TIME_PERIOD, OBS_VALUE absent")
    en_tete = lignes[0]
    serie: dict[date, Decimal] = {}
    for numero, cellules in enumerate(lignes[1:], start=2):
        if not cellules:
            continue
        if len(cellules) != len(en_tete):
            raise refuser(f"ligne {numero} : {len(cellules)} colonnes au lieu de {len(en_tete)}")
        valeurs = dict(zip(en_tete, cellules))
        if valeurs["KEY"] != SERIE_BCE:
            raise refuser(f"ligne {numero} : série « {valeurs['KEY']} » au lieu de {SERIE_BCE}")
        try:
            jour = date.fromisoformat(valeurs["TIME_PERIOD"])
            taux = Decimal(valeurs["OBS_VALUE"])
        except (ValueError, InvalidOperation):
            raise refuser(f"ligne {numero} : date ou taux illisible") from None
        if not taux.is_finite() or not Decimal(-10) <= taux < 100 or jour in serie:
            raise refuser(
                f"ligne {numero} : taux {valeurs['OBS_VALUE']} du {valeurs['TIME_PERIOD']} invalide ou en double"
            )
        serie[jour] = taux
    if not serie:
        raise refuser("aucune observation")
    return sorted(serie.items())


def _en_vigueur(serie: list[tuple[date, Decimal]], jour: date) -> tuple[date, Decimal] | None:
    avant = [(d, t) for d, t in serie if d <= jour]
    return avant[-1] if avant else None


def _comparer_a_la_table(table: TableTaux, serie: list[tuple[date, Decimal]]) -> list[str]:
    """Every date the table and the official series both cover, where they disagree: both values shown."""
    alertes = []
    jours = sorted({d for d, _ in serie} | {c.date for c in table.changements_bce() if c.date >= serie[0][0]})
    for jour in jours:
        if jour > table.bce_confirme_jusquau:
            break
        livre = table.taux_bce(jour)
        officiel = _en_vigueur(serie, jour)
        if officiel is not None and officiel[1] != livre.valeur:
            alertes.append(
                f"Désaccord le {format_date(jour)} : table livrée {format_taux(livre.valeur, 'texte')}, "
                f"portail de la BCE {format_taux(officiel[1], 'texte')}. La table livrée n'est pas "
                "modifiée : vérifiez sur le site de la BCE et signalez l'erreur."
            )
    return alertes


def _source(premier: date, depuis: date, aujourd_hui: date) -> str:
    return (
        f"BCE, portail de données, série {SERIE_BCE} (taux en vigueur le {format_date(premier)}, depuis le "
        f"{format_date(depuis)}) : {URL_BCE} (consulté le {aujourd_hui.isoformat()})"
    )


def _ligne_csv(valeurs: list[str], separateur: str) -> str:
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=separateur, lineterminator="\n").writerow(valeurs)
    return tampon.getvalue()


def mettre_a_jour_taux(
    fichier: Path | None = None, aujourd_hui: date | None = None, telecharger: Telecharger = telecharger
) -> MiseAJourTaux:
    """Fetch the official ECB series and append the half-years the tables lack to the user's rate file.

    ``fichier`` defaults to the user's rate file (``--taux``, ``$PROCEDURE_TAUX``, else
    ``~/.config/procedure/taux.csv``), created when absent. ``telecharger`` is the HTTP GET (tests pass
    saved answers). Raises MiseAJourImpossible (nothing written) offline or on an unexpected answer,
    DossierInvalide when the existing user file is itself invalid.
    """
    aujourd_hui = aujourd_hui or date.today()
    chemin = Path(fichier).expanduser() if fichier is not None else fichier_utilisateur_par_defaut()
    table = charger_taux(chemin) if chemin.exists() else table_livree(chemin)
    serie = lire_serie_bce(telecharger(URL_BCE))
    resultat = MiseAJourTaux(chemin, aujourd_hui, alertes=_comparer_a_la_table(table, serie))

    existant = chemin.read_text(encoding="utf-8-sig") if chemin.exists() else ""
    utiles = [l for l in existant.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    separateur = ";" if utiles and utiles[0].count(";") > utiles[0].count(",") else ","
    if utiles and "bce" not in [c.strip().lower() for c in next(csv.reader([utiles[0]], delimiter=separateur))]:
        raise MiseAJourImpossible(
            f"{chemin} n'a pas de colonne « bce » : ajoutez-la à l'en-tête "
            f"({','.join(COLONNES_UTILISATEUR)}) ; aucun taux n'a été écrit."
        )
    nouvelles = []
    cle = semestre(DEBUT_REGLE_SEMESTRIELLE)
    while premier_jour(cle) <= aujourd_hui:
        premier = premier_jour(cle)
        officiel = _en_vigueur(serie, premier)
        try:
            connu = table.taux_bce(premier)
        except TauxInconnu:
            connu = None
        if connu is not None:
            if connu.verification == UTILISATEUR and officiel is not None and officiel[1] != connu.valeur:
                resultat.alertes.append(
                    f"{libelle_semestre(*cle)} : votre fichier {chemin} donne un taux BCE de "
                    f"{format_taux(connu.valeur, 'texte')} le {format_date(premier)}, le portail de la BCE "
                    f"{format_taux(officiel[1], 'texte')}. Votre ligne n'est pas modifiée : corrigez-la."
                )
        elif officiel is not None:
            if table.ligne_utilisateur(cle):
                resultat.alertes.append(
                    f"{libelle_semestre(*cle)} figure déjà dans {chemin} sans taux BCE : ajoutez-y "
                    f"bce = {officiel[1]} ({_source(premier, officiel[0], aujourd_hui)})."
                )
            else:
                nouvelles.append(
                    _ligne_csv(
                        [
                            str(cle[0]),
                            str(cle[1]),
                            "",
                            "",
                            str(officiel[1]),
                            _source(premier, officiel[0], aujourd_hui),
                        ],
                        separateur,
                    )
                )
        cle = semestre_suivant(cle)

    fin_legal = table.fin_connue().taux_legal
    cle_legal = semestre(fin_legal)
    while premier_jour(semestre_suivant(cle_legal)) <= aujourd_hui:
        cle_legal = semestre_suivant(cle_legal)
        resultat.manquants.append(
            f"Taux de l'intérêt légal du semestre {libelle_semestre(*cle_legal)} : pas de source ouverte officielle "
            f"sans clé ; copiez les deux taux de l'arrêté publié au Journal officiel (Légifrance) dans {chemin}."
        )

    if not nouvelles:
        return resultat
    if not existant:
        texte = (
            "# Taux personnels de « procedure » (voir « procedure taux »). Lignes ajoutées par « procedure taux "
            "maj » : taux BCE du portail de données de la BCE.\n" + ",".join(COLONNES_UTILISATEUR) + "\n"
        )
    else:
        texte = existant if existant.endswith("\n") else existant + "\n"
    texte += "".join(nouvelles)
    try:
        verifier_fichier_utilisateur(texte, chemin)
    except DossierInvalide as exc:
        raise MiseAJourImpossible(
            f"Les taux reçus ne forment pas un fichier valide ({exc}) : aucun taux n'a été écrit."
        ) from None
    ecrire_atomique(chemin, texte)
    resultat.ajouts = [l.rstrip("\n") for l in nouvelles]
    return resultat
