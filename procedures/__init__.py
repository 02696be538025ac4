"""procedure: French recovery of unpaid invoices, from the first reminder to the commissaire de justice.

Everything the `procedure` command does is one call here, e.g.
``from procedures import situation_dossier; situation_dossier("dossier.yaml")``. The entry points are imported
on first use: `import procedures` stays as cheap as the errors module, so the command starts fast.
"""

from importlib import import_module

from procedures.erreurs import DossierInvalide, Erreur, EtapeRefusee, ProcedureError, TauxInconnu

__version__ = "0.1.0"

# Public name → the module defining it (imported lazily, PEP 562).
_POINTS_D_ENTREE = {
    "Dossier": "dossier",
    "charger_dossier": "dossier",
    "verifier_dossier": "pieces",
    "controler_dossier": "pieces",
    "schema_json": "dossier",
    "creer_exemple": "exemple",
    "creer_depuis_factures": "facture_electronique",
    "lire_facture": "facture_electronique",
    "importer_csv": "import_csv",
    "enregistrer": "evenements",
    "charger_taux": "taux",
    "decompte_dossier": "decompte",
    "decompte_json": "decompte",
    "situation_dossier": "machine",
    "status_json": "machine",
    "generer_etape": "generation",
    "rendre_pdf_etape": "generation",
    "bundle_dossier": "generation",
    "creer_remise": "remise",
    "traiter_lot": "lot",
    "rapport_json": "lot",
    "generer_lot": "lot_generation",
    "generer_dossier": "lot_dossier",
    "rapport_generation_json": "lot_generation",
    "ecrire_rapport": "lot_generation",
    "Convertisseur": "pdf",
    "docx_vers_pdf": "pdf",
    "exporter_modeles": "documents",
    "verifier_modeles": "documents",
    "lister_champs": "cerfa",
    "verifier_debiteur": "debiteur",
    "fiche_entreprise": "debiteur",
    "exemple_depuis_siren": "debiteur",
}

__all__ = [
    "DossierInvalide",
    "Erreur",
    "EtapeRefusee",
    "ProcedureError",
    "TauxInconnu",
    "__version__",
    *_POINTS_D_ENTREE,
]


def __getattr__(nom: str):
    module = _POINTS_D_ENTREE.get(nom)
    if module is None:
        raise AttributeError(f"module 'procedures' has no attribute {nom!r}")
    valeur = getattr(import_module(f"procedures.{module}"), nom)
    globals()[nom] = valeur
    return valeur


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_POINTS_D_ENTREE))
