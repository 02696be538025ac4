"""The commercial court the law itself designates for a debtor, where no table of communes is needed.

Two cases only (docs/legal-sources.md §1.3), both read in C. com. D721-1 and its annexe 7-1 (siège et ressort des
tribunaux de commerce), shipped as `tribunaux_commerce.csv`, one row per metropolitan tribunal de commerce:
- the debtor's town is the seat of a tribunal de commerce in the debtor's département: a court's seat lies in its
  own ressort;
- one tribunal de commerce has the debtor's whole département as its ressort (annexe 7-1 read with the tribunaux
  judiciaires of COJ tableau IV).

Twelve of those courts are renamed tribunaux des activités économiques (TAE) for an experiment of four years from
1 January 2025 (loi 2023-1059 art. 26; arrêté du 5 juillet 2024, art. 1 and 2; the table's `tae` column). Before it
the seat's court is its tribunal de commerce; after it the law is not known here, so nothing is proposed and the
alert says why.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from procedures.montants import format_date

# Arrêté du 5 juillet 2024, art. 1: the experiment "débute le 1er janvier 2025, pour une durée de quatre ans".
DEBUT_TAE = date(2025, 1, 1)
FIN_TAE = date(2028, 12, 31)

VERIFIER = "vérifiez-la avant le dépôt, ou indiquez-la dans dossier.yaml (`juridiction`)"


@dataclass(frozen=True)
class Proposition:
    """What the law designates: `nom` is the court's name, or None when the rule no longer applies on that day;
    `alerte` says on what ground (or why nothing is proposed), for `status`."""

    nom: str | None
    alerte: str


@dataclass(frozen=True)
class TribunalDeCommerce:
    """A row of tribunaux_commerce.csv: a tribunal de commerce of C. com. annexe 7-1, by seat."""

    departement: str
    nom: str  # the département's name
    siege: str
    ressort: str  # as annexe 7-1 words it
    tout_le_departement: bool  # the one tribunal de commerce of the whole département
    tae: bool  # a tribunal des activités économiques during the experiment (arrêté du 5 juillet 2024, art. 2)
    source: str
    appellation: str | None  # the court's name when it is not its seat's (Lille Métropole, seated at Tourcoing)
    commune_nouvelle: str | None  # the commune that absorbed the seat the annexe names (Évry-Courcouronnes)


def tribunal_commercial_propose(ville: str, departement: str | None, jour: date) -> Proposition | None:
    """The commercial court for a debtor established in `ville` (`departement`) on `jour`, or None when the law
    does not designate it without a table of communes."""
    # C. com. D721-1 and annexe 7-1: the seat is in its court's ressort. Matched within the département only, so
    # that a homonym elsewhere (a Castres in the Aisne) is not taken for the seat.
    tribunal = _sieges().get((departement or "", _cle(ville)))
    if tribunal:
        return _au_siege(tribunal, "la ville du débiteur en étant le siège", jour)
    tribunal = tribunaux_departementaux().get(departement or "")
    if tribunal is None:
        return None
    departement_entier = f"tout le département ({tribunal.nom}, {tribunal.departement})"
    return _au_siege(tribunal, f"seul tribunal de commerce dont le ressort couvre {departement_entier}", jour)


def _au_siege(tribunal: TribunalDeCommerce, motif: str, jour: date) -> Proposition:
    """The name of `tribunal` on `jour`, a TAE during the experiment (arrêté du 5 juillet 2024, art. 1 and 2)."""
    article, siege = "C. com. D721-1 et annexe 7-1", tribunal.appellation or tribunal.siege
    if not tribunal.tae or jour < DEBUT_TAE:
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


def _cle(ville: str) -> str:
    """A town's name as compared with the seats: « Lyon 3e », « LYON 3ème arrondissement », « Saint Brieuc »,
    « St-Étienne Cedex 2 » and « saint-etienne » give « lyon », « saint brieuc », « saint etienne »."""
    ville = re.sub(r"\s+cedex(\s+\d+)?$", "", ville.strip(), flags=re.IGNORECASE)
    ville = re.sub(r"\s+\d+(er|e|[eè]me)?(\s+arrondissement)?$", "", ville, flags=re.IGNORECASE)
    # Accents are ignored: annexe 7-1 itself drops them on capitals (« Saint-Etienne », « Evreux »), and no two
    # seats of a département differ by an accent only (`_sieges` checks it).
    ville = "".join(c for c in unicodedata.normalize("NFD", ville) if not unicodedata.combining(c))
    mots = re.split(r"[\s-]+", ville.casefold())
    return " ".join({"st": "saint", "ste": "sainte"}.get(mot, mot) for mot in mots)


@cache
def tribunaux_commerce() -> tuple[TribunalDeCommerce, ...]:
    """tribunaux_commerce.csv, in the order of annexe 7-1."""
    texte = (files("procedures.juridictions") / "tribunaux_commerce.csv").read_text(encoding="utf-8")
    lignes = texte.splitlines()
    commentaires = next(n for n, ligne in enumerate(lignes) if not ligne.startswith("#"))  # the heading block
    lecteur = csv.DictReader(lignes[commentaires:])
    table = []
    for ligne in lecteur:
        invalides = [champ for champ in ("departement", "siege", "ressort", "source") if not ligne[champ]] + [
            champ for champ in ("tout_le_departement", "tae") if ligne[champ] not in ("oui", "non")
        ]
        if invalides:
            raise ValueError(
                f"tribunaux_commerce.csv, ligne {commentaires + lecteur.line_num} : champ « {invalides[0]} » "
                "vide ou invalide"
            )
        table.append(
            TribunalDeCommerce(
                departement=ligne["departement"],
                nom=ligne["nom"],
                siege=ligne["siege"],
                ressort=ligne["ressort"],
                tout_le_departement=ligne["tout_le_departement"] == "oui",
                tae=ligne["tae"] == "oui",
                source=ligne["source"],
                appellation=ligne["appellation"] or None,
                commune_nouvelle=ligne["commune_nouvelle"] or None,
            )
        )
    return tuple(table)


@cache
def _sieges() -> dict[tuple[str, str], TribunalDeCommerce]:
    """The tribunaux de commerce by département and seat's name (`_cle`), the annexe's and, where a commune
    nouvelle absorbed it, today's."""
    sieges = {}
    for tribunal in tribunaux_commerce():
        for nom in filter(None, (tribunal.siege, tribunal.commune_nouvelle)):
            cle = (tribunal.departement, _cle(nom))
            if cle in sieges:
                raise ValueError(
                    f"tribunaux_commerce.csv : deux tribunaux ont le siège « {nom} » ({tribunal.departement})"
                )
            sieges[cle] = tribunal
    return sieges


@cache
def tribunaux_departementaux() -> dict[str, TribunalDeCommerce]:
    """The tribunal de commerce whose ressort is the whole département, by département code ("01", "2A"...)."""
    par_departement = Counter(t.departement for t in tribunaux_commerce())
    table = {t.departement: t for t in tribunaux_commerce() if t.tout_le_departement}
    # Its ressort is the whole département: no other tribunal de commerce may sit there.
    for code in table:
        if par_departement[code] > 1:
            raise ValueError(f"tribunaux_commerce.csv : le département {code} a plusieurs tribunaux de commerce")
    return table
