"""A complete example case for new users (`procedure init`), with small generated pièces."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from ruamel.yaml import YAML

from procedures.dossier import schema_json
from procedures.erreurs import ProcedureError
from procedures.stockage import ecrire_atomique, ecriture, fichier_temporaire

SCHEMA = "dossier.schema.json"


def piece_pdf(chemin: Path, titre: str, lignes: list[str]) -> None:
    """A one-page PDF standing for a scanned invoice or contract; identical bytes on every run."""
    with fichier_temporaire(chemin) as temporaire:
        page = canvas.Canvas(str(temporaire), pagesize=A4, invariant=1)
        page.setTitle(titre)
        page.setFont("Helvetica-Bold", 16)
        page.drawString(25 * mm, 270 * mm, titre)
        page.setFont("Helvetica", 11)
        for rang, ligne in enumerate(lignes):
            page.drawString(25 * mm, (255 - 7 * rang) * mm, ligne)
        page.showPage()
        page.save()


@lru_cache(maxsize=1)
def _texte_schema() -> str:
    # Generating the schema costs far more than writing a case: an import of many cases does it once.
    return json.dumps(schema_json(), ensure_ascii=False, indent=2) + "\n"


def ecrire_schema(repertoire: Path) -> None:
    """The JSON Schema beside a new case file, which its first line points at for editors' autocompletion."""
    ecrire_atomique(repertoire / SCHEMA, _texte_schema())


def creer_exemple(repertoire: Path, nom: str = "b2b") -> Path:
    """Write the example case `nom` (a folder of `exemples/`) and its pièces into `repertoire`."""
    source = files("exemples").joinpath(nom, "dossier.yaml")
    if not source.is_file():
        raise ProcedureError(f"exemple inconnu : {nom}")
    if repertoire.exists() and not repertoire.is_dir():
        raise ProcedureError(f"{repertoire} est un fichier : indiquez un dossier (nouveau ou vide) pour l'exemple")
    with ecriture(repertoire):
        repertoire.mkdir(parents=True, exist_ok=True)
    cible = repertoire / "dossier.yaml"
    if cible.exists():
        raise ProcedureError(f"{cible} existe déjà : choisissez un autre dossier, rien n'a été modifié")
    # The shipped examples point at the repository's schema; a new case gets its own copy beside it.
    texte = re.sub(
        r"(?m)^# yaml-language-server: \$schema=.*$",
        f"# yaml-language-server: $schema=./{SCHEMA}",
        source.read_text(encoding="utf-8"),
        count=1,
    )
    donnees = YAML(typ="safe").load(texte)
    # pièces, and the acts the history points to (the ordonnance, a service act): the case runs as shipped
    fichiers = [(p["fichier"], p["titre"]) for p in donnees.get("pieces", [])]
    fichiers += [
        (e["fichier"], f"{e['evenement'].replace('_', ' ').capitalize()} du {e['date']}")
        for e in donnees.get("historique", [])
        if e.get("fichier")
    ]
    for fichier, titre in dict(fichiers).items():
        piece_pdf(
            repertoire / fichier,
            titre,
            [
                "Pièce générée par « procedure init » pour l'exemple.",
                "Remplacez-la par le document réel (PDF, PNG ou JPEG).",
            ],
        )
    ecrire_schema(repertoire)
    ecrire_atomique(cible, texte)
    return cible
