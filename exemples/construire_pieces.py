"""Build the examples' conditions générales de vente: ``python -m exemples.construire_pieces``.

Both the b2b and the ordonnance examples found the claim on conditions générales: a court document may rely
on them only if they are a pièce (procedures.pieces). Their terms match each case file: payment at 30 days
(C. com. L441-10 I), the penalty rate the case applies, the 40 € indemnity (C. com. L441-10 II, D441-5).
tests/test_pieces.py checks that the committed PDFs are what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from procedures.exemple import piece_pdf

ICI = Path(__file__).resolve().parent

CONDITIONS = {
    "b2b": (
        "Conditions générales de vente",
        [
            "Atelier Dubois & Fils, SARL au capital de 10 000 €, RCS Lyon 123 456 782",
            "Version du 2 janvier 2025, remise avec chaque devis.",
            "",
            "1. Objet. Les présentes conditions régissent les travaux d'agencement et les ventes",
            "   de l'Atelier à ses clients professionnels. L'acceptation du devis vaut adhésion.",
            "2. Prix. Le prix est celui du devis accepté, en euros hors taxes, TVA en sus.",
            "3. Paiement. Les factures sont payables par virement à 30 jours de leur date.",
            "   Aucun escompte n'est accordé pour paiement anticipé.",
            "4. Retard de paiement. Toute somme impayée à l'échéance porte de plein droit, dès le",
            "   jour suivant la date de règlement figurant sur la facture, des pénalités au taux",
            "   de la Banque centrale européenne majoré de 10 points (C. com. L441-10 II), ainsi",
            "   qu'une indemnité forfaitaire pour frais de recouvrement de 40 € (C. com. D441-5).",
            "5. Réserve de propriété. Les biens livrés restent la propriété de l'Atelier jusqu'au",
            "   paiement intégral du prix (C. civ. 2367).",
            "",
            "Pièce d'exemple générée pour « procedure ». Dossier 2026-0042.",
        ],
    ),
    "ordonnance": (
        "Conditions générales de vente",
        [
            "L'Atelier « Zoé », SAS au capital de 50 000 €, RCS Bordeaux 732 829 320",
            "Version du 1er juillet 2025, reproduites au verso de chaque bon de commande.",
            "",
            "1. Commande. La commande est ferme dès la signature du bon de commande, qui vaut",
            "   acceptation des présentes conditions.",
            "2. Paiement. Les factures sont payables à 30 jours de leur date, par virement.",
            "3. Retard de paiement. Toute somme impayée à l'échéance porte de plein droit, dès le",
            "   jour suivant la date de règlement figurant sur la facture, des pénalités au taux",
            "   annuel de 15 % (C. com. L441-10 II), ainsi qu'une indemnité forfaitaire pour frais",
            "   de recouvrement de 40 € (C. com. D441-5).",
            "",
            "Pièce d'exemple générée pour « procedure ». Dossier CAB-2026-007.",
        ],
    ),
}


def construire(racine: Path = ICI) -> list[Path]:
    """Write each example's conditions générales into ``racine/<example>/pieces/cgv.pdf``."""
    ecrits = []
    for exemple, (titre, lignes) in CONDITIONS.items():
        chemin = racine / exemple / "pieces" / "cgv.pdf"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        piece_pdf(chemin, titre, lignes)
        ecrits.append(chemin)
    return ecrits


if __name__ == "__main__":
    for chemin in construire(Path(sys.argv[1]) if len(sys.argv) > 1 else ICI):
        print(chemin)
