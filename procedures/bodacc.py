"""Collective proceedings published in the BODACC: the DILA's open data (Opendatasoft Explore API v2.1, no key).

GET https://bodacc-datadila.opendatasoft.com/api/explore/v2.1/catalog/datasets/annonces-commerciales/records
with ``where=registre like "<SIREN>" and familleavis="collective"`` answers {"total_count": n, "results": [...]};
each announcement has `dateparution`, `tribunal`, `registre`, `url_complete` and `jugement`, a JSON text
{"type", "famille", "nature", "date", "complementJugement"}.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from dataclasses import dataclass

from procedures.entreprises import siren_saisi
from procedures.reseau import ServiceIndisponible, Transport, lire_json

SERVICE = "API du BODACC (bodacc-datadila.opendatasoft.com)"
URL = "https://bodacc-datadila.opendatasoft.com/api/explore/v2.1/catalog/datasets/annonces-commerciales/records"
TYPES = (
    ("liquidation judiciaire", "liquidation"),
    ("redressement judiciaire", "redressement"),
    ("sauvegarde", "sauvegarde"),
)


@dataclass(frozen=True)
class Annonce:
    """An opening or conversion judgment as published: the BODACC date starts the declaration period."""

    date_parution: dt.date
    date_jugement: dt.date
    type: str  # sauvegarde | redressement | liquidation
    conversion: bool
    tribunal: str
    nature: str
    complement: str
    url: str | None


def annonces(siren: str, transport: Transport | None = None, attendre=None) -> list[Annonce]:
    """Opening and conversion judgments published for ``siren``, oldest first (empty if none)."""
    siren = siren_saisi(siren)
    parametres = {
        "where": f'registre like "{siren}" and familleavis="collective"',
        "order_by": "dateparution asc",
        "limit": 100,
    }
    _, donnees = lire_json(f"{URL}?{urllib.parse.urlencode(parametres)}", SERVICE, transport, attendre)
    try:
        trouvees = [_annonce(r) for r in donnees["results"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ServiceIndisponible(f"{SERVICE} : réponse inattendue (format inconnu).") from None
    return sorted((a for a in trouvees if a is not None), key=lambda a: (a.date_parution, a.date_jugement))


def _annonce(resultat: dict) -> Annonce | None:
    jugement = resultat.get("jugement")
    if not jugement:
        return None
    if isinstance(jugement, str):
        jugement = json.loads(jugement)
    nature = jugement.get("nature") or ""
    texte = f"{jugement.get('famille') or ''} {nature}".lower()
    type_ = next((t for mots, t in TYPES if mots in texte), None)
    conversion = "conversion" in texte or "prononçant la liquidation" in texte
    if type_ is None or not (conversion or "ouverture" in texte):
        return None  # a plan, a closure, a sale: not an opening nor a conversion
    return Annonce(
        date_parution=dt.date.fromisoformat(resultat["dateparution"]),
        date_jugement=dt.date.fromisoformat(jugement["date"]),
        type=type_,
        conversion=conversion and "ouverture" not in texte,
        tribunal=resultat.get("tribunal") or "",
        nature=nature,
        complement=jugement.get("complementJugement") or "",
        url=resultat.get("url_complete"),
    )
