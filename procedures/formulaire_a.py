"""Form A, the application for a European order for payment (Reg. (CE) n° 1896/2006, art. 7; CPC 1424-1 ff.).

The official form is the one annexed to the Regulation (Annex I as replaced by Delegated Reg. (UE) 2017/1260,
https://eur-lex.europa.eu/eli/reg_del/2017/1260/oj). The European e-Justice portal fills it online; its
fillable PDF could not be brought into the project, so we ship a faithful French reproduction with the same
eleven sections (built by `modeles/construire_formulaire_a.py`), filled like the Cerfa through
`procedures.cerfa.remplir_formulaire` (`FORMULAIRE_A`). A user holding an official fillable PDF has it filled
instead, with a mapping file whose keys are the logical fields below (modeles/CERFA.md).

Art. 7 § 2 lists what the application states, exhaustively (CJEU C-215/11 Szyrocka): the parties, the court,
the amount of the claim (principal, interest, contractual penalty, costs), the cause of action and a
description of the evidence, the grounds for jurisdiction and the cross-border nature. Evidence is described,
not produced.
"""

from __future__ import annotations

from datetime import date

from procedures.cerfa import MODELES, Gabarit
from procedures.contexte import a_completer, valeurs_cerfa
from procedures.montants import format_date_courte, format_montant
from procedures.voies import debiteurs_europeens

FICHIER = MODELES / "formulaire_a.pdf"
TITRE_ANNEXE = "Annexe au formulaire A (injonction de payer européenne, règlement (CE) n° 1896/2006)"

# Reg. 1896/2006, Form A section 3: the grounds for the court's jurisdiction, by code.
CODES_COMPETENCE = (
    ("01", "Domicile du défendeur ou du codéfendeur"),
    ("02", "Lieu d'exécution de l'obligation en cause"),
    ("03", "Lieu où le fait dommageable s'est produit"),
    ("04", "Lieu d'exploitation d'une succursale, d'une agence ou de tout autre établissement"),
    ("05", "Domicile du trust"),
    (
        "06",
        "Lieu de la juridiction dans le ressort de laquelle le paiement d'une rémunération réclamée "
        "pour assistance ou sauvetage a été requis",
    ),
    ("07", "Domicile du consommateur"),
    ("08", "Domicile du preneur d'assurance, de l'assuré ou du bénéficiaire"),
    ("09", "Choix de la juridiction convenu par les parties"),
    ("10", "Autre (préciser)"),
)

_PARTIES = (("demandeur", "Demandeur (code 01)"), ("defendeur", "Défendeur (code 02)"))
LIBELLES_A: dict[str, str] = {
    "numero_affaire": "Numéro de l'affaire (réservé à la juridiction)",
    "juridiction": "1. Juridiction : nom et adresse",
    **{
        f"{p}_{cle}": f"2. {titre} : {libelle}"
        for p, titre in _PARTIES
        for cle, libelle in (
            ("nom", "dénomination ou nom"),
            ("prenoms", "prénoms"),
            ("identification", "numéro d'identification"),
            ("adresse", "adresse"),
            ("pays", "pays"),
            ("contact", "téléphone, courriel"),
            ("profession", "profession ou forme"),
        )
    },
    "autres_defendeurs": "2. Autres défendeurs",
    "representant_nom": "2. Représentant du demandeur (code 03) : nom",
    "representant_qualite": "2. Représentant du demandeur : qualité",
    "representant_adresse": "2. Représentant du demandeur : adresse",
    "competence_code": "3. Compétence de la juridiction : code",
    "competence_precision": "3. Compétence de la juridiction : précisions",
    "pays_demandeur": "4. Caractère transfrontalier : pays du domicile du demandeur",
    "pays_defendeur": "4. Caractère transfrontalier : pays du domicile du défendeur",
    "pays_juridiction": "4. Caractère transfrontalier : pays de la juridiction",
    "frais_paiement": "5. Paiement des frais de justice",
    "devise": "6. Devise",
    "principal_montant": "6. Principal : montant",
    "principal_cause": "6. Principal : cause de l'action",
    "principal_detail": "6. Principal : détail (factures)",
    "interets_taux": "7. Intérêts : taux",
    "interets_a_compter_du": "7. Intérêts : à compter du",
    "interets_montant": "7. Intérêts : montant à la date de la demande",
    "penalite_montant": "8. Pénalité contractuelle : montant",
    "frais_nature": "9. Frais : nature",
    "frais_montant": "9. Frais : montant",
    "total": "Total réclamé",
    "preuves": "10. Description des éléments de preuve",
    "declarations": "11. Déclarations complémentaires",
    "opposition_arret": "Appendice 2 : le demandeur s'oppose à la poursuite de la procédure en cas d'opposition",
    "lieu": "Fait à",
    "date": "Le (date)",
    "signataire": "Nom et qualité du signataire",
}
CASES_A = frozenset({"opposition_arret"})
FORMULAIRE_A = Gabarit(FICHIER, LIBELLES_A, CASES_A, TITRE_ANNEXE)


def _adresse(adresse) -> str:
    """Street, postcode and town: the country has its own box."""
    lignes = adresse.lignes
    return "\n".join(lignes[:-1] if adresse.pays != "FR" else lignes)


def valeurs_formulaire_a(situation, date_document: date | None = None) -> dict[str, object]:
    """Form A's logical fields from the case: the same amounts as the Cerfa (the décompte's), the parties,
    the cross-border facts. What only the creditor knows (the ground of jurisdiction, how court fees are paid)
    stays blank, and `status` says so in an alert."""
    dossier = situation.dossier
    v = valeurs_cerfa(situation, date_document=date_document)
    premier = dossier.debiteurs[0]
    valeurs: dict[str, object] = {
        # Reg. 1896/2006 art. 6: jurisdiction under Reg. (UE) 1215/2012, not CPC 1406.
        "juridiction": a_completer("juridiction compétente, règlement (UE) n° 1215/2012")
        if situation.juridiction.ressort
        else v.tribunal,
        "demandeur_nom": v.demandeur.nom,
        "demandeur_prenoms": v.demandeur.prenoms,
        "demandeur_identification": f"SIREN {dossier.creancier.siren}" if dossier.creancier.siren else "",
        "demandeur_adresse": _adresse(dossier.creancier.adresse),
        "demandeur_pays": dossier.creancier.adresse.pays,
        "demandeur_contact": ", ".join(x for x in (dossier.creancier.telephone, dossier.creancier.email) if x),
        "demandeur_profession": v.demandeur.forme or v.demandeur.profession,
        "defendeur_nom": v.debiteurs[0].nom,
        "defendeur_prenoms": v.debiteurs[0].prenoms,
        "defendeur_identification": premier.siren or "",
        "defendeur_adresse": _adresse(premier.adresse),
        "defendeur_pays": premier.adresse.pays,
        "defendeur_contact": ", ".join(x for x in (premier.telephone, premier.email) if x),
        "defendeur_profession": v.debiteurs[0].forme or v.debiteurs[0].profession,
        "autres_defendeurs": "\n".join(f"{p.nom}, {', '.join(p.adresse)}" for p in v.debiteurs[1:]),
        "pays_demandeur": dossier.creancier.adresse.pays,
        "pays_defendeur": ", ".join(debiteurs_europeens(dossier)),
        "pays_juridiction": "FR",
        "devise": "EUR",
        "principal_montant": v.principal,
        "principal_cause": v.fondement,
        "principal_detail": "\n".join(
            f"Facture {f.numero} du {format_date_courte(f.date)} : {format_montant(f.reste_du, espaces='texte')} "
            f"restant dus (échéance {format_date_courte(f.echeance)})"
            for f in situation.decompte.factures
            if f.reste_du > 0
        ),
        "penalite_montant": v.clause_penale,
        "total": v.total,
        "preuves": "\n".join(v.documents_justificatifs),
        "declarations": "Les intérêts sont décomptés jusqu'à la date de la demande et continuent de courir "
        "jusqu'au paiement."
        if v.interets
        else "",
        "lieu": v.lieu,
        "date": v.date,
        "signataire": v.signataire,
    }
    if v.mandataire:
        valeurs |= {
            "representant_nom": v.mandataire.nom,
            "representant_qualite": v.mandataire.profession,
            "representant_adresse": "\n".join(v.mandataire.adresse),
        }
    if v.interets:
        valeurs |= {
            "interets_taux": "taux légal" if v.interets.taux_legal else v.interets.taux,
            "interets_a_compter_du": v.interets.a_compter_du,
            "interets_montant": v.interets.montant,
        }
    if v.frais_accessoires:
        valeurs |= {
            "frais_nature": "Indemnité forfaitaire pour frais de recouvrement (C. com. L441-10, D441-5)",
            "frais_montant": v.frais_accessoires,
        }
    for nature, montant in v.lignes_libres:
        valeurs["declarations"] = "\n".join(
            x for x in (valeurs["declarations"], f"{nature} : {format_montant(montant, espaces='texte')}") if x
        )
    return {k: x for k, x in valeurs.items() if x is not None and x != ""}
