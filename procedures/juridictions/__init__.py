"""The commercial court the law itself designates for a debtor, where no table of communes is needed.

Two cases only (docs/legal-sources.md §1.3):
- the debtor's town is the seat of one of the twelve tribunaux des activités économiques (TAE): a court's seat
  lies in its own ressort (arrêté du 5 juillet 2024, art. 2);
- one tribunal de commerce has the debtor's whole département as its ressort (C. com. D721-1 and its annexe 7-1,
  read with the tribunaux judiciaires of COJ tableau IV): the shipped table `tribunaux_commerce.csv`.

The TAE are the tribunaux de commerce of those seats renamed for an experiment of four years from 1 January 2025
(loi 2023-1059 art. 26; arrêté du 5 juillet 2024, art. 1). Before it the seat's court is its tribunal de commerce;
after it the law is not known here, so nothing is proposed and the alert says why.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from procedures.montants import format_date

# Arrêté du 5 juillet 2024, art. 1: the experiment "débute le 1er janvier 2025, pour une durée de quatre ans".
DEBUT_TAE = date(2025, 1, 1)
FIN_TAE = date(2028, 12, 31)

# Arrêté du 5 juillet 2024 relatif à l'expérimentation du tribunal des activités économiques, art. 2 (JORF
# 6 July 2024; loi 2023-1059 art. 26): the twelve tribunaux de commerce renamed tribunaux des activités
# économiques, by seat (their ressort is the seat's tribunal judiciaire's).
SIEGES_TAE = (
    "Auxerre",
    "Avignon",
    "Le Havre",
    "Le Mans",
    "Limoges",
    "Lyon",
    "Marseille",
    "Nancy",
    "Nanterre",
    "Paris",
    "Saint-Brieuc",
    "Versailles",
)

VERIFIER = "vérifiez-la avant le dépôt, ou indiquez-la dans dossier.yaml (`juridiction`)"


@dataclass(frozen=True)
class Proposition:
    """What the law designates: `nom` is the court's name, or None when the rule no longer applies on that day;
    `alerte` says on what ground (or why nothing is proposed), for `status`."""

    nom: str | None
    alerte: str


@dataclass(frozen=True)
class TribunalDepartemental:
    """A row of tribunaux_commerce.csv: the one tribunal de commerce whose ressort is the whole département."""

    departement: str
    nom: str  # the département's name
    siege: str
    source: str


def tribunal_commercial_propose(ville: str, departement: str | None, jour: date) -> Proposition | None:
    """The commercial court for a debtor established in `ville` (`departement`) on `jour`, or None when the law
    does not designate it without a table of communes."""
    siege_tae = _siege_tae(ville)
    if siege_tae:
        return _au_siege(siege_tae, "la ville du débiteur en étant le siège", jour)
    tribunal = tribunaux_departementaux().get(departement or "")
    if tribunal is None:
        return None
    departement_entier = f"tout le département ({tribunal.nom}, {tribunal.departement})"
    return _au_siege(tribunal.siege, f"seul tribunal de commerce dont le ressort couvre {departement_entier}", jour)


def _au_siege(siege: str, motif: str, jour: date) -> Proposition:
    """The court seated at `siege` on `jour` (a court's seat lies in its own ressort: C. com. annexe 7-1)."""
    article = "C. com. D721-1 et annexe 7-1"
    if siege not in SIEGES_TAE or jour < DEBUT_TAE:
        nom = f"Tribunal de commerce {_de(siege)}"
    elif jour <= FIN_TAE:
        nom, article = (
            f"Tribunal des activités économiques {_de(siege)}",
            f"{article} ; arrêté du 5 juillet 2024, art. 2",
        )
    else:
        return Proposition(
            None,
            f"L'expérimentation des tribunaux des activités économiques a pris fin le {format_date(FIN_TAE)} "
            f"(loi 2023-1059, art. 26 ; arrêté du 5 juillet 2024, art. 1) : le tribunal {_de(siege)} n'est plus "
            "proposé, la juridiction reste à compléter ; indiquez-la dans dossier.yaml (`juridiction`).",
        )
    return Proposition(nom, f"Juridiction proposée : {nom[0].lower()}{nom[1:]} ({article}), {motif} ; {VERIFIER}.")


def _de(siege: str) -> str:
    """« du Mans », « d'Avignon », « de Paris »."""
    if siege.startswith("Le "):
        return "du " + siege[3:]
    return ("d'" if siege[0] in "AEIOUYÉÈÂÎ" else "de ") + siege


def _siege_tae(ville: str) -> str | None:
    """The TAE whose seat is ``ville`` (« Lyon 3e », « PARIS », « Saint Brieuc » included), else None."""
    cle = re.sub(r"[\s-]+", " ", re.sub(r"\s+\d+(er|e|ème)?( arrondissement)?$", "", ville.strip())).casefold()
    return next((siege for siege in SIEGES_TAE if siege.replace("-", " ").casefold() == cle), None)


@cache
def tribunaux_departementaux() -> dict[str, TribunalDepartemental]:
    """tribunaux_commerce.csv by département code ("01", "2A"...)."""
    texte = (files("procedures.juridictions") / "tribunaux_commerce.csv").read_text(encoding="utf-8")
    lignes = [ligne for ligne in texte.splitlines() if ligne.strip() and not ligne.startswith("#")]
    table = {}
    for ligne in csv.DictReader(io.StringIO("\n".join(lignes))):
        tribunal = TribunalDepartemental(ligne["departement"], ligne["nom"], ligne["siege"], ligne["source"])
        if not (tribunal.siege and tribunal.source) or tribunal.departement in table:
            raise ValueError(f"tribunaux_commerce.csv : ligne du département {tribunal.departement} invalide")
        table[tribunal.departement] = tribunal
    return table
