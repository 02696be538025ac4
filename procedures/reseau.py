"""The one way the tool asks a public web service for JSON: a short timeout, a patient retry on HTTP 429,
and a French message for every failure. Nothing here ever changes a case file.

The transport is injectable (tests replay saved answers and never touch the network), and
``PROCEDURE_HORS_LIGNE=1`` forbids any real request: the caller says it could not check and goes on.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from procedures.erreurs import ProcedureError

DELAI_SECONDES = 10.0
ATTENTE_MAX_429 = 30.0  # a longer Retry-After is reported rather than waited for
ESSAIS_429 = 2
VARIABLE_HORS_LIGNE = "PROCEDURE_HORS_LIGNE"


class ServiceIndisponible(ProcedureError):
    """A public service could not answer usefully: offline, too slow, refusing, or answering nonsense."""


@dataclass(frozen=True)
class Reponse:
    statut: int
    corps: bytes
    entetes: dict[str, str] = field(default_factory=dict)


Transport = Callable[[str, float], Reponse]


# The system's own words for a failed connection are English (« Name or service not known »).
CAUSES = (
    (socket.gaierror, "nom du serveur introuvable"),
    (ConnectionRefusedError, "connexion refusée"),
    (ConnectionResetError, "connexion interrompue"),
    (ssl.SSLError, "connexion sécurisée refusée (certificat ?)"),
)


def _en_francais(raison: object) -> str:
    return next((texte for type_, texte in CAUSES if isinstance(raison, type_)), str(raison))


def transport_urllib(url: str, delai: float) -> Reponse:
    """GET ``url`` with the standard library: an HTTP error is an answer, a network failure raises OSError."""
    requete = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "procedure (recouvrement de créances)"}
    )
    try:
        with urllib.request.urlopen(requete, timeout=delai) as reponse:
            return Reponse(reponse.status, reponse.read(), dict(reponse.headers))
    except urllib.error.HTTPError as exc:
        return Reponse(exc.code, exc.read() or b"", dict(exc.headers or {}))


def hors_ligne() -> bool:
    return os.environ.get(VARIABLE_HORS_LIGNE, "").strip().lower() in ("1", "oui", "true", "yes")


def lire_json(
    url: str, service: str, transport: Transport | None = None, attendre: Callable[[float], None] | None = None
) -> tuple[int, object]:
    """(HTTP status, decoded JSON) of a GET; ServiceIndisponible with a French message otherwise.

    A 404 is returned to the caller (some services answer it for an unknown identifier); 429 waits for
    ``Retry-After`` (at most ATTENTE_MAX_429 seconds) and tries again, ESSAIS_429 times in all.
    """
    if transport is None and hors_ligne():
        raise ServiceIndisponible(
            f"{service} : consultation désactivée ({VARIABLE_HORS_LIGNE}=1), rien n'a été vérifié."
        )
    transport = transport or transport_urllib
    attendre = attendre or time.sleep
    essai = 1
    while True:
        try:
            reponse = transport(url, DELAI_SECONDES)
        except OSError as exc:
            raison = getattr(exc, "reason", exc)  # urllib wraps connection failures in URLError
            if isinstance(exc, TimeoutError) or isinstance(raison, TimeoutError):
                raise ServiceIndisponible(
                    f"{service} : pas de réponse en {DELAI_SECONDES:g} secondes ; réessayez plus tard."
                ) from None
            raise ServiceIndisponible(f"{service} injoignable (pas de connexion ?) : {_en_francais(raison)}.") from None
        if reponse.statut == 429:
            attente = _attente(reponse.entetes)
            if essai == ESSAIS_429 or attente > ATTENTE_MAX_429:
                raise ServiceIndisponible(
                    f"{service} : trop de requêtes (HTTP 429) ; réessayez dans {attente:g} secondes."
                )
            attendre(attente)
            essai += 1
            continue
        if reponse.statut != 404 and not 200 <= reponse.statut < 300:
            raise ServiceIndisponible(f"{service} : erreur HTTP {reponse.statut} ; réessayez plus tard.")
        try:
            return reponse.statut, json.loads(reponse.corps.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ServiceIndisponible(f"{service} : réponse illisible (JSON attendu).") from None


def _attente(entetes: dict[str, str]) -> float:
    """Seconds to wait from a Retry-After header in seconds (1 s when absent or given as a date)."""
    valeur = next((v for k, v in entetes.items() if k.lower() == "retry-after"), "")
    try:
        return max(0.0, float(valeur))
    except ValueError:
        return 1.0
