"""Helpers shared by the tests: the repository's paths, a case built from plain data, an example case copied and
walked with next and record, a rendered DOCX read back as text with python-docx."""

from __future__ import annotations

import copy
import shutil
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import docx
from ruamel.yaml import YAML

from procedures.documents import rendre_document, rendre_texte
from procedures.dossier import Creance, Dossier
from procedures.evenements import enregistrer
from procedures.generation import generer_etape
from procedures.machine import situation

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "exemples"
MODELES = RACINE / "modeles"
INVALIDES = RACINE / "tests" / "dossiers_invalides"
REPONSES = RACINE / "tests" / "reponses"
DONNEES_TAUX_MAJ = RACINE / "tests" / "donnees_taux_maj"
# The example cases are read at a fixed date, so that their amounts stay stable.
JOUR = date(2026, 6, 30)
# `next` and `record` run as if today were this day (a date in the future is refused).
AUJOURDHUI = date(2026, 11, 23)

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


# The commercial case walked by test_machine and test_voies: a Lyon workshop against a Villeurbanne bakery (69),
# both commerçants, invoice F1 of 5 000 € due Wednesday 1 Oct 2025.
CREANCIER = {
    "type": "personne_morale",
    "denomination": "Atelier Dubois & Fils",
    "forme": "SARL",
    "siren": "123456782",
    "rcs": "Lyon",
    "adresse": {"ligne1": "12 rue de la République", "code_postal": "69002", "ville": "Lyon"},
    "professionnel": True,
    "commercant": True,
}
SOCIETE = {
    "type": "personne_morale",
    "denomination": "Boulangerie Le Fournil",
    "forme": "SAS",
    "siren": "987654324",
    "rcs": "Villeurbanne",
    "professionnel": True,
    "commercant": True,
    "adresse": {"ligne1": "5 avenue Henri Barbusse", "code_postal": "69100", "ville": "Villeurbanne"},
}
PARTICULIER = {
    "type": "personne_physique",
    "civilite": "Mme",
    "nom": "N'Diaye",
    "prenoms": "Aminata",
    "adresse": {"ligne1": "27 boulevard Guist'hau", "code_postal": "44000", "ville": "Nantes"},
}
FACTURE = ("F1", "2025-09-01", "2025-10-01", "5000.00")
R1 = {"date": "2025-10-02", "evenement": "relance_envoyee", "canal": "email"}
R2 = {"date": "2025-10-17", "evenement": "relance_envoyee", "canal": "courrier"}
MED = {"date": "2025-10-31", "evenement": "mise_en_demeure_envoyee", "mode": "lrar"}
MED_RECUE = {"date": "2025-11-03", "evenement": "mise_en_demeure_recue"}
AMIABLE = [R1, R2, MED, MED_RECUE]


def dossier_de(
    factures: Iterable[tuple] = (FACTURE,),
    paiements: Iterable[tuple] = (),
    *,
    historique: Iterable[dict] = (),
    creancier: dict = CREANCIER,
    debiteur: dict = SOCIETE,
    **champs,
) -> Dossier:
    """A valid case from plain data, as a case file gives it: ``factures`` as (numero, date, echeance, montant)
    tuples, ``paiements`` as (date, montant[, facture]) tuples. Any other keyword goes into the créance block
    when it is one of its fields (penalites, clause_penale, matiere, contestee…), else to the case's top level
    (options, juridiction…). The parties are copied: a test may alter its own without touching the next one's."""
    creance = {nom: champs.pop(nom) for nom in list(champs) if nom in Creance.model_fields}
    return Dossier.model_validate(
        {
            "reference": "T-1",
            "creancier": copy.deepcopy(creancier),
            "debiteurs": [copy.deepcopy(debiteur)],
            "creance": {
                "fondement": "Contrat",
                "factures": [dict(zip(("numero", "date", "echeance", "montant"), f)) for f in factures],
                "paiements": [dict(zip(("date", "montant", "facture"), p)) for p in paiements],
                **creance,
            },
            "historique": list(historique),
            **champs,
        }
    )


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


def copier_exemple(tmp_path: Path, nom: str = "b2b", sans_historique: bool = False) -> Path:
    """A copy of a shipped example (pièces included, no output) under ``tmp_path``; its dossier.yaml, its history
    cut when ``sans_historique``."""
    cible = tmp_path / nom
    shutil.copytree(EXEMPLES / nom, cible, ignore=shutil.ignore_patterns("__pycache__", "sortie"))
    chemin = cible / "dossier.yaml"
    if sans_historique:
        texte = chemin.read_text(encoding="utf-8")
        chemin.write_text(texte[: texte.index("historique:")], encoding="utf-8")
    return chemin


def suivant(chemin: Path, jour: date = JOUR, **options):
    """`procedure next --no-pdf` on ``chemin`` at ``jour``."""
    return generer_etape(chemin, jour, pdf=False, aujourd_hui=AUJOURDHUI, **options)


def noter(chemin: Path, evenement: str, jour: date, **champs):
    """`procedure record` of ``evenement`` on ``jour``."""
    return enregistrer(chemin, evenement, jour, champs, aujourd_hui=AUJOURDHUI)


def dossier_conteste(tmp_path: Path, nom: str) -> Path:
    """The example with a dispute and a mise en demeure received: the assignation step (CPC 54, 56)."""
    shutil.copytree(EXEMPLES / nom, tmp_path / nom, ignore=shutil.ignore_patterns("__pycache__", "sortie"))
    chemin = tmp_path / nom / "dossier.yaml"
    if nom == "b2b":
        enregistrer(
            chemin, "mise_en_demeure_envoyee", date(2025, 7, 25), {"mode": "lrar"}, aujourd_hui=date(2026, 6, 30)
        )
        enregistrer(chemin, "mise_en_demeure_recue", date(2025, 7, 28), {}, aujourd_hui=date(2026, 6, 30))
    enregistrer(chemin, "contestation", date(2026, 2, 1), {"motif": "qualité contestée"}, aujourd_hui=date(2026, 6, 30))
    return chemin
