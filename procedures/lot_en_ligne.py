"""`lot --generer --verifier-en-ligne`: the debtors' collective proceedings published in the BODACC, asked
once per SIREN for the whole run, before any dossier is prepared, within a bounded time.

`next` asks the directory and the BODACC about its one dossier each time. A portfolio run does not by
default: asked that way, 1 000 dossiers each morning would be 2 000 requests to free public services, and
offline 10 s of timeout each. With --verifier-en-ligne, `lot`
- asks the BODACC only: a published opening judgment is what changes what may be done (no suit nor
  enforcement after it, C. com. L622-21; the claim is declared instead, L622-24); identity differences
  are `verifier-debiteur`'s business, dossier by dossier;
- asks about the first debtor, the one whose proceedings the history records (see debiteur.verifier);
- asks each SIREN once, whatever the number of its dossiers, one request at a time;
- stops asking at the first failure of the service (offline, too slow, HTTP 429 beyond its wait, an answer
  it cannot read) and once DUREE_MAX_SECONDES have gone (the request under way may add its own timeout):
  the dossiers left unchecked are prepared as `next` prepares them offline, and the summary says how many.
The answers travel to the workers (processes or Dask) with the run's options: workers never touch the
network. A dossier whose debtor has a published judgment missing from its history is blocked, with the
message `next` gives.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from procedures import bodacc
from procedures.debiteur import procedures_non_enregistrees, refus_procedure_publiee
from procedures.dossier import Dossier, charger_dossier
from procedures.erreurs import ProcedureError
from procedures.reseau import ServiceIndisponible, Transport

DUREE_MAX_SECONDES = 300.0


@dataclass(frozen=True)
class Publications:
    """What the BODACC said for each SIREN asked, and why the others were not asked."""

    annonces: Mapping[str, tuple[bodacc.Annonce, ...]] = field(default_factory=dict, hash=False)
    non_verifies: int = 0  # SIRENs left unasked
    sans_siren: int = 0  # dossiers whose first debtor has no SIREN (a consumer, a foreign company)
    raison: str | None = None  # why SIRENs were left unasked

    def refus(self, dossier: Dossier) -> str | None:
        """`next`'s refusal when the first debtor has a published judgment the history lacks, else None."""
        siren = dossier.debiteurs[0].siren
        manquantes = procedures_non_enregistrees(dossier, self.annonces.get(siren, ())) if siren else []
        return refus_procedure_publiee(manquantes[-1]) if manquantes else None

    def resume_json(self) -> dict:
        return {
            "service": bodacc.SERVICE,
            "siren_verifies": len(self.annonces),
            "siren_non_verifies": self.non_verifies,
            "dossiers_sans_siren": self.sans_siren,
            "raison": self.raison,
        }

    def resume(self) -> str:
        """One line for the run's summary."""
        texte = f"BODACC consulté pour {len(self.annonces)} débiteur(s)"
        if self.sans_siren:
            texte += f" ; {self.sans_siren} dossier(s) sans SIREN, non vérifiable(s)"
        if self.non_verifies:
            texte += f" ; {self.non_verifies} débiteur(s) non vérifié(s) : {self.raison}"
        return texte if texte.endswith(".") else texte + "."  # a service's reason may end its own sentence


def sirens_des_dossiers(chemins: Iterable[Path], jour: date) -> tuple[list[str], int]:
    """The distinct SIRENs of the dossiers' first debtors, in order, and how many dossiers have none. An
    unreadable dossier is skipped here: its own worker reports it."""
    sirens: dict[str, None] = {}
    sans_siren = 0
    for chemin in chemins:
        try:
            siren = charger_dossier(chemin, jour).debiteurs[0].siren
        except ProcedureError:
            continue
        if siren:
            sirens[siren] = None
        else:
            sans_siren += 1
    return list(sirens), sans_siren


def publications(
    sirens: list[str],
    sans_siren: int = 0,
    transport: Transport | None = None,
    attendre=None,
    duree_max: float = DUREE_MAX_SECONDES,
    horloge: Callable[[], float] = time.monotonic,
) -> Publications:
    """Ask the BODACC about each SIREN in turn, until the service fails or `duree_max` seconds have gone."""
    annonces: dict[str, tuple[bodacc.Annonce, ...]] = {}
    raison = None
    fin = horloge() + duree_max
    for siren in sirens:
        if horloge() > fin:
            raison = f"temps imparti de {duree_max:g} s écoulé"
            break
        try:
            annonces[siren] = tuple(bodacc.annonces(siren, transport, attendre))
        except ServiceIndisponible as exc:
            raison = str(exc)
            break
    return Publications(annonces, len(sirens) - len(annonces), sans_siren, raison)
