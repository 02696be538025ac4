"""procedure: French recovery of unpaid invoices, from the first reminder to the commissaire de justice."""

from procedures.erreurs import DossierInvalide, Erreur, EtapeRefusee, ProcedureError, TauxInconnu

__version__ = "0.1.0"

__all__ = [
    "DossierInvalide",
    "Erreur",
    "EtapeRefusee",
    "ProcedureError",
    "TauxInconnu",
    "__version__",
]
