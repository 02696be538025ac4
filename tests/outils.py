"""Helpers shared by the tests: the repository's paths, a rendered DOCX read back as text with python-docx."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import docx
from ruamel.yaml import YAML

from procedures.documents import rendre_document, rendre_texte
from procedures.dossier import Dossier
from procedures.machine import situation

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "exemples"
MODELES = RACINE / "modeles"
INVALIDES = RACINE / "tests" / "dossiers_invalides"
REPONSES = RACINE / "tests" / "reponses"
# The example cases are read at a fixed date, so that their amounts stay stable.
JOUR = date(2026, 6, 30)

# Names every document must carry intact, whatever escaping its format needs (XML, PDF, e-mail headers).
CREANCIER_A_ECHAPPER = "L'Atelier « Zoé »"
DEBITEUR_A_ECHAPPER = "Dupont & Fils <SARL>"

# The no-break spaces the typography puts in amounts, dates and before « : ; ! ? »: tests compare plain text.
ESPACES_INSECABLES = ("\u00a0", "\u202f")


def plat(texte: str) -> str:
    """No-break spaces made plain, composed characters (NFC): « 1 234,56 € » whatever the typography."""
    for espace in ESPACES_INSECABLES:
        texte = texte.replace(espace, " ")
    return unicodedata.normalize("NFC", texte)


def _paragraphes(conteneur) -> list[str]:
    """Paragraph texts of a body, header, footer or table cell, tables (nested ones too) included."""
    lignes = [p.text for p in conteneur.paragraphs]
    for table in conteneur.tables:
        for rangee in table.rows:
            for cellule in rangee.cells:
                lignes.extend(_paragraphes(cellule))
    return lignes


def textes_docx(chemin: Path) -> dict[str, str]:
    """The text of the body, of the headers and of the footers (first-page ones included), made plain."""
    document = docx.Document(chemin)
    entetes, pieds = [], []
    for section in document.sections:
        for entete in (section.header, section.first_page_header):
            entetes.extend(_paragraphes(entete))
        for pied in (section.footer, section.first_page_footer):
            pieds.extend(_paragraphes(pied))
    return {
        "corps": plat("\n".join(_paragraphes(document))),
        "entete": plat("\n".join(entetes)),
        "pied": plat("\n".join(pieds)),
    }


def texte_docx(chemin: Path) -> str:
    """The whole text of a DOCX (body, then headers, then footers), made plain."""
    textes = textes_docx(chemin)
    return "\n".join((textes["corps"], textes["entete"], textes["pied"]))


def modele_docx(chemin: Path, *runs: str) -> Path:
    """A one-paragraph DOCX template made of ``runs`` (a tag split across two runs is how Word breaks one)."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    paragraphe = document.add_paragraph()
    for texte in runs:
        paragraphe.add_run(texte)
    document.save(chemin)
    return chemin


def donnees_exemple(nom: str) -> dict:
    """The plain data of a shipped example case (exemples/<nom>/dossier.yaml)."""
    return YAML(typ="safe").load((EXEMPLES / nom / "dossier.yaml").read_text(encoding="utf-8"))


def noms_a_echapper(donnees: dict) -> dict:
    """``donnees`` (a case with a company as creditor and as first debtor) renamed with the names to escape."""
    donnees["creancier"]["denomination"] = CREANCIER_A_ECHAPPER
    donnees["debiteurs"][0]["denomination"] = DEBITEUR_A_ECHAPPER
    return donnees


def exemple_a_echapper(repertoire: Path, nom: str = "ordonnance") -> Path:
    """A copy of a shipped example, pièces included, whose parties bear the names to escape; its dossier.yaml."""
    shutil.copytree(EXEMPLES / nom, repertoire)
    chemin = repertoire / "dossier.yaml"
    yaml = YAML()  # round trip, quotes and layout kept: tests may still edit the text
    yaml.preserve_quotes, yaml.width = True, 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    donnees = yaml.load(chemin.read_text(encoding="utf-8"))
    noms_a_echapper(donnees)
    with chemin.open("w", encoding="utf-8") as fichier:
        yaml.dump(donnees, fichier)
    return chemin


def situation_de(donnees: dict, jour: date = JOUR, table=None):
    """The situation of a case given as plain data, at ``jour``, with the shipped rates unless ``table``."""
    return situation(Dossier.model_validate(donnees), jour, table)


def situation_exemple(nom: str, jour: date = JOUR):
    return situation_de(donnees_exemple(nom), jour)


def rendu(nom_modele: str, contexte: dict, dossier: Path) -> str:
    """The text of a rendered template, DOCX (opened again with python-docx) or e-mail body."""
    if nom_modele.endswith(".txt"):
        return plat(rendre_texte(nom_modele, contexte))
    return texte_docx(rendre_document(nom_modele, contexte, dossier / nom_modele))
