"""A company's official identity from its SIREN: the public "API Recherche d'entreprises" (no key).

GET https://recherche-entreprises.api.gouv.fr/search?q=<SIREN> answers {"results": [...], "total_results": n};
each result has `siren`, `nom_complet`/`nom_raison_sociale`, `nature_juridique` (INSEE code),
`etat_administratif` ("A" active, "C" ceased), `date_fermeture`, `siege` {`adresse`, `code_postal`,
`libelle_commune`, ...} and `dirigeants` [{`type_dirigeant`, `nom`, `prenoms`, `denomination`, `qualite`}].
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass

from procedures.erreurs import ProcedureError
from procedures.reseau import ServiceIndisponible, Transport, lire_json

SERVICE = "API Recherche d'entreprises (recherche-entreprises.api.gouv.fr)"
URL = "https://recherche-entreprises.api.gouv.fr/search"

# INSEE, nomenclature des catégories juridiques (niveau III): the forms a creditor meets most; other codes are
# shown as the code itself.
FORMES = {
    "1000": "entrepreneur individuel",
    "5202": "SNC",
    "5498": "EURL",
    "5499": "SARL",
    "5599": "SA",
    "5699": "SA",
    "5710": "SAS",
    "5720": "SASU",
    "6540": "SCI",
}


class SirenInconnu(ProcedureError):
    """No company has this SIREN in the public directory."""


@dataclass(frozen=True)
class Identite:
    siren: str
    denomination: str
    nature_juridique: str | None
    forme: str | None
    ligne1: str | None
    code_postal: str | None
    ville: str | None
    active: bool
    date_cessation: dt.date | None
    dirigeants: tuple[str, ...]

    @property
    def etat(self) -> str:
        if self.active:
            return "active"
        return f"cessée le {self.date_cessation:%d/%m/%Y}" if self.date_cessation else "cessée"


def siren_saisi(texte: str) -> str:
    """A SIREN as a user types it ("552 100 554"): its nine digits, or a French error before any request."""
    siren = texte.replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"\d{9}", siren):
        raise ProcedureError(f"SIREN invalide ({texte}) : 9 chiffres attendus")
    return siren


def identite(siren: str, transport: Transport | None = None, attendre=None) -> Identite:
    """The identity of ``siren``; SirenInconnu or ServiceIndisponible (French message) otherwise."""
    siren = siren_saisi(siren)
    url = f"{URL}?{urllib.parse.urlencode({'q': siren, 'page': 1, 'per_page': 5})}"
    _, donnees = lire_json(url, SERVICE, transport, attendre)
    try:
        resultats = donnees["results"]
        trouve = next((r for r in resultats if r["siren"] == siren), None)
        if trouve is None:
            raise SirenInconnu(f"SIREN {siren} introuvable dans l'annuaire des entreprises ; vérifiez le numéro.")
        return _identite(trouve)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ServiceIndisponible(f"{SERVICE} : réponse inattendue (format inconnu).") from None


def _identite(resultat: dict) -> Identite:
    siege = resultat.get("siege") or {}
    code_postal, ville = siege.get("code_postal"), siege.get("libelle_commune")
    adresse = siege.get("adresse") or ""
    # The directory's one-line address ends with "<code postal> <COMMUNE>": the rest is the street line.
    ligne1 = adresse
    if code_postal and code_postal in adresse:
        ligne1 = adresse[: adresse.rindex(code_postal)].strip(" ,")
    fermeture = resultat.get("date_fermeture")
    code = resultat.get("nature_juridique")
    return Identite(
        siren=resultat["siren"],
        denomination=resultat.get("nom_raison_sociale") or resultat["nom_complet"],
        nature_juridique=code,
        forme=FORMES.get(code, f"catégorie juridique INSEE {code}" if code else None),
        ligne1=ligne1 or None,
        code_postal=code_postal,
        ville=ville,
        active=resultat["etat_administratif"] == "A",
        date_cessation=dt.date.fromisoformat(fermeture) if fermeture else None,
        dirigeants=tuple(_dirigeant(d) for d in resultat.get("dirigeants") or []),
    )


def _dirigeant(d: dict) -> str:
    if d.get("type_dirigeant") == "personne morale":
        nom = d.get("denomination") or d.get("siren") or "?"
    else:
        nom = " ".join(x for x in (d.get("prenoms"), d.get("nom")) if x) or "?"
    return f"{nom}, {d['qualite']}" if d.get("qualite") else nom
