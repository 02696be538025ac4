"""Build the fillable reproduction of Form A (application for a European order for payment).

Run `python -m modeles.construire_formulaire_a` from the repository root: it rewrites modeles/formulaire_a.pdf,
byte for byte the same on every run (see construire_cerfa). The sections and their order are those of Form A
(Annex I of Reg. (CE) n° 1896/2006 as replaced by Delegated Reg. (UE) 2017/1260): 1 court, 2 parties,
3 jurisdiction, 4 cross-border nature, 5 court fees, 6 principal, 7 interest, 8 contractual penalty, 9 costs,
10 evidence, 11 additional statements, then the declaration and signature, and appendix 2 (opposition).
"""

from __future__ import annotations

import sys
from pathlib import Path

from modeles.construire_cerfa import DROITE, GAUCHE, HAUTEUR, LARGEUR, Dessin, assembler
from procedures.formulaire_a import CODES_COMPETENCE, FICHIER, LIBELLES_A
from procedures.stockage import ecrire_atomique

L = DROITE - GAUCHE


def bloc_partie(d: Dessin, p: str, y: float, titre: str) -> float:
    y = d.bandeau(y, titre)
    d.cellule(f"{p}_nom", "Dénomination de la société ou de l'organisation, ou nom", GAUCHE, y, L * 0.5, 13)
    d.cellule(f"{p}_prenoms", "Prénom(s)", GAUCHE + L * 0.5, y, L * 0.22, 13)
    y = d.cellule(f"{p}_identification", "Numéro d'identification (le cas échéant)", GAUCHE + L * 0.72, y, L * 0.28, 13)
    d.cellule(f"{p}_adresse", "Adresse, code postal, ville", GAUCHE, y, L * 0.62, 22, multiligne=True)
    y = d.cellule(f"{p}_pays", "Pays", GAUCHE + L * 0.62, y, L * 0.38, 22)
    d.cellule(f"{p}_contact", "Téléphone, courriel (facultatif)", GAUCHE, y, L * 0.5, 11)
    return d.cellule(f"{p}_profession", "Profession ou forme juridique (facultatif)", GAUCHE + L * 0.5, y, L * 0.5, 11)


def page_1(d: Dessin) -> None:
    y = HAUTEUR - 30
    d.texte(GAUCHE, y, "Reproduction établie sur le modèle du formulaire A", 7)
    d.texte(GAUCHE, y - 9, "Règlement (CE) n° 1896/2006, article 7, paragraphe 1", 7)
    d.cellule("numero_affaire", "N° de l'affaire (réservé à la juridiction)", DROITE - 190, y + 6, 190, 11)
    y -= 32
    d.texte(LARGEUR / 2, y, "DEMANDE D'INJONCTION DE PAYER EUROPÉENNE", 13, gras=True, centre=True)
    d.texte(
        LARGEUR / 2,
        y - 13,
        "Formulaire A — à remplir dans une langue acceptée par la juridiction saisie",
        8.5,
        centre=True,
    )
    y -= 22
    y = d.bandeau(y, "1. JURIDICTION")
    y = d.cellule("juridiction", "Nom et adresse de la juridiction", GAUCHE, y, L, 22, multiligne=True) - 4
    y = (
        d.bandeau(
            y, "2. PARTIES ET LEURS REPRÉSENTANTS", "codes : 01 demandeur, 02 défendeur, 03 représentant du demandeur"
        )
        - 2
    )
    y = bloc_partie(d, "demandeur", y, "Code 01 — Demandeur") - 2
    y = bloc_partie(d, "defendeur", y, "Code 02 — Défendeur") - 2
    y = d.cellule("autres_defendeurs", "Autres défendeurs (mêmes indications)", GAUCHE, y, L, 18, multiligne=True)
    d.cellule("representant_nom", "Code 03 — Représentant du demandeur (avocat…) : nom", GAUCHE, y, L * 0.5, 11)
    y = d.cellule("representant_qualite", "Qualité", GAUCHE + L * 0.5, y, L * 0.5, 11)
    y = d.cellule("representant_adresse", "Adresse", GAUCHE, y, L, 18, multiligne=True) - 4
    y = d.bandeau(y, "3. COMPÉTENCE DE LA JURIDICTION", "indiquer le code ; règlement (UE) n° 1215/2012")
    for code, libelle in CODES_COMPETENCE:
        y = d.paragraphe(GAUCHE + 4, y - 8, L - 8, f"{code}  {libelle}", 6.5) + 6.5 * 1.25 - 8
    y -= 6
    d.cellule("competence_code", "Code", GAUCHE, y, L * 0.15, 12)
    y = (
        d.cellule(
            "competence_precision",
            "Précisions (code 10, ou faits fondant la compétence)",
            GAUCHE + L * 0.15,
            y,
            L * 0.85,
            12,
        )
        - 4
    )
    y = d.bandeau(y, "4. CARACTÈRE TRANSFRONTALIER DE L'AFFAIRE", "code pays du domicile ou de la résidence")
    d.cellule("pays_demandeur", "Demandeur", GAUCHE, y, L / 3, 11)
    d.cellule("pays_defendeur", "Défendeur", GAUCHE + L / 3, y, L / 3, 11)
    d.cellule("pays_juridiction", "Pays de la juridiction", GAUCHE + 2 * L / 3, y, L / 3, 11)
    d.pied(1, 2)


def page_2(d: Dessin) -> None:
    d.nouvelle_page()
    y = d.bandeau(HAUTEUR - 30, "5. PAIEMENT DES FRAIS DE JUSTICE")
    y = d.cellule("frais_paiement", "Mode de paiement (virement, chèque, carte…)", GAUCHE, y, L, 11) - 4
    y = d.bandeau(y, "6. PRINCIPAL")
    d.cellule("devise", "Devise", GAUCHE, y, L * 0.15, 12)
    y = d.cellule("principal_montant", "Montant du principal", GAUCHE + L * 0.15, y, L * 0.35, 12, alignement=2)
    y = d.cellule(
        "principal_cause",
        "Cause de l'action (contrat, fourniture…) et circonstances invoquées",
        GAUCHE,
        y,
        L,
        22,
        multiligne=True,
    )
    y = (
        d.cellule(
            "principal_detail", "Détail de la créance (factures, dates, montants)", GAUCHE, y, L, 40, multiligne=True
        )
        - 4
    )
    y = d.bandeau(y, "7. INTÉRÊTS")
    d.cellule("interets_taux", "Taux (légal, contractuel…)", GAUCHE, y, L * 0.5, 14, multiligne=True)
    d.c.rect(GAUCHE + L * 0.5, y - 21.5, L * 0.22, 21.5)
    d.date("interets_a_compter_du", "À compter du", GAUCHE + L * 0.5 + 4, y - 19)
    y = (
        d.cellule(
            "interets_montant", "Montant à la date de la demande", GAUCHE + L * 0.72, y, L * 0.28, 14, alignement=2
        )
        - 4
    )
    y = d.bandeau(y, "8. PÉNALITÉ CONTRACTUELLE")
    y = d.cellule("penalite_montant", "Montant", GAUCHE, y, L * 0.35, 11, alignement=2) - 4
    y = d.bandeau(y, "9. FRAIS")
    d.cellule("frais_nature", "Nature des frais", GAUCHE, y, L * 0.65, 11)
    y = d.cellule("frais_montant", "Montant", GAUCHE + L * 0.65, y, L * 0.35, 11, alignement=2)
    y = (
        d.cellule(
            "total",
            "TOTAL RÉCLAMÉ (principal, intérêts, pénalité, frais)",
            GAUCHE + L * 0.65,
            y,
            L * 0.35,
            12,
            alignement=2,
        )
        - 4
    )
    y = d.bandeau(y, "10. DESCRIPTION DES ÉLÉMENTS DE PREUVE", "décrits, non produits (article 7, § 2, e)")
    y = (
        d.cellule("preuves", "Éléments de preuve invoqués à l'appui de la créance", GAUCHE, y, L, 48, multiligne=True)
        - 4
    )
    y = d.bandeau(y, "11. DÉCLARATIONS COMPLÉMENTAIRES ET AUTRES INFORMATIONS")
    y = d.cellule("declarations", "Le cas échéant", GAUCHE, y, L, 26, multiligne=True) - 10
    y = (
        d.paragraphe(
            GAUCHE,
            y,
            L,
            "Je déclare que les informations fournies sont, à ma connaissance, exactes "
            "et je suis conscient(e) que toute fausse déclaration délibérée peut entraîner des sanctions "
            "selon le droit de l'État membre d'origine (article 7, § 3).",
            8,
        )
        - 6
    )
    y = d.fait_a(y)
    d.cellule("signataire", "Nom et qualité du signataire", GAUCHE, y, L * 0.5, 22, multiligne=True)
    d.c.rect(GAUCHE + L * 0.5, y - 50, L * 0.5, 50)
    d.texte(GAUCHE + L * 0.5 + 2, y - 5.8, "Signature", 5.8)
    y -= 62
    y = d.bandeau(y, "APPENDICE 2 — EN CAS D'OPPOSITION DU DÉFENDEUR", "article 7, § 4, et article 17")
    d.case(
        "opposition_arret",
        "Je m'oppose au passage à la procédure civile ordinaire (la procédure prend fin)",
        GAUCHE + 6,
        y - 12,
    )
    d.pied(2, 2)
    d.c.showPage()


def construire() -> bytes:
    d = Dessin(
        None,
        titre="Demande d'injonction de payer européenne (reproduction du formulaire A)",
        sujet="Établi sur le modèle du formulaire A, règlement (CE) n° 1896/2006, article 7",
        mention="Reproduction établie sur le modèle du formulaire A du règlement (CE) n° 1896/2006 — "
        "formulaire non officiel, à vérifier, dater et signer.",
        createur="modeles/construire_formulaire_a.py",
    )
    page_1(d)
    page_2(d)
    return assembler(d, LIBELLES_A)


def construire_tout(cible: Path = FICHIER) -> Path:
    ecrire_atomique(cible, construire())
    return cible


if __name__ == "__main__":
    print(construire_tout(Path(sys.argv[1]) if len(sys.argv) > 1 else FICHIER))
