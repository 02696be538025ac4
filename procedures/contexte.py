"""From a computed ``Situation`` to what the documents print: the DOCX templates' context
(modeles/CONTEXTE.md, shape of modeles/contexte_exemple.yaml) and the injonction de payer form's values.

Nothing is computed here that another module computes: amounts come from the décompte, deadlines from
the calendar rules, the court from the machine. This module only selects, words and formats. What only a
person knows (the call's outcome, a missing legal form) is a visible ``[À COMPLÉTER : …]`` blank, never a
guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from babel import Locale

from procedures import collective
from procedures.calendrier import delai_jours
from procedures.decompte import (
    INDEMNITE_FORFAITAIRE,
    REGIME_PENALITES,
    Decompte,
    DecompteFacture,
    categorie_taux_legal,
    date_mise_en_demeure,
    exiger_complet,
    penalites_statutaires,
)
from procedures.dossier import (
    Adresse,
    Contestation,
    Dossier,
    EcheancierAccorde,
    JugementRendu,
    Mandataire,
    MiseEnDemeureEnvoyee,
    MiseEnDemeureRecue,
    OrdonnanceRendue,
    OrdonnanceSignifiee,
    Partie,
    PenalitesBcePlus,
    PenalitesFixe,
    PenalitesLegal,
    PetitesCreancesAccord,
    PetitesCreancesInvitation,
    PvNonContestation,
    RelanceEnvoyee,
    TitreExecutoireDelivre,
)
from procedures.erreurs import ProcedureError
from procedures.machine import (
    REFORME_2026,
    SEUIL_AVOCAT,
    SEUIL_TENTATIVE_AMIABLE,
    Situation,
    date_limite_lettre,
    delai_mise_en_demeure,
    delai_signification,
    delais_apres_signification,
    departement_calendrier,
    factures_dues,
    ordonnance_partielle,
)
from procedures.montants import (
    format_date,
    format_date_courte,
    format_deduction,
    format_montant,
    format_siren,
    format_taux,
    montant_en_lettres,
)
from procedures.pieces import citation
from procedures.titre import description_interets
from procedures.voies import TITRES_VOIES, prealable_amiable_voie

if TYPE_CHECKING:
    # imported where a Cerfa is filled: it brings pypdf and reportlab, which a letter never needs
    from procedures import cerfa

__all__ = ["CompteRenduAppel", "MODELES_SANS_MONTANT", "contexte_document", "valeurs_cerfa"]

# Templates that print no amount of the décompte: they can be produced while a rate is still unknown.
MODELES_SANS_MONTANT = frozenset({"bordereau"})

ZERO = Decimal("0.00")
PAIEMENTS_NON_IMPUTES = "À déduire : paiements non imputés sur le principal ou les intérêts"

FORMES_LONGUES = {
    "SA": "société anonyme",
    "SAS": "société par actions simplifiée",
    "SASU": "société par actions simplifiée unipersonnelle",
    "SARL": "société à responsabilité limitée",
    "EURL": "entreprise unipersonnelle à responsabilité limitée",
    "SNC": "société en nom collectif",
    "SCS": "société en commandite simple",
    "SCA": "société en commandite par actions",
    "SCI": "société civile immobilière",
    "SCM": "société civile de moyens",
    "SCP": "société civile professionnelle",
    "SC": "société civile",
    "SELARL": "société d'exercice libéral à responsabilité limitée",
    "SELAS": "société d'exercice libéral par actions simplifiée",
    "SELAFA": "société d'exercice libéral à forme anonyme",
    "SCOP": "société coopérative et participative",
    "GIE": "groupement d'intérêt économique",
    "EI": "entrepreneur individuel",
}

MODES_MISE_EN_DEMEURE = {
    "lrar": "lettre recommandée avec demande d'avis de réception",
    "commissaire_de_justice": "acte de commissaire de justice",
    "email": "courrier électronique",
}


_CIVILITE = re.compile(r"^(M\.|Mme|Mlle|Monsieur|Madame|Mademoiselle)\s+")


def a_completer(quoi: str) -> str:
    """The blank marker of CONTEXTE.md: searched for before signing."""
    return f"[À COMPLÉTER : {quoi}]"


@dataclass(frozen=True)
class CompteRenduAppel:
    """What the user reports of a phone call (only a person knows it)."""

    date: date
    accord: str | None = None
    interlocuteur: str | None = None
    montant_promis: Decimal | None = None
    date_paiement_promis: date | None = None


# ---------------------------------------------------------------------------------------------
# Small formatting helpers


def _euros(x: Decimal | None) -> str | None:
    return None if x is None else format_montant(x, espaces="docx")


def _date(d: date | None) -> str | None:
    return None if d is None else format_date(d)


def _majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def _siren(siren: str | None) -> str | None:
    return None if siren is None else format_siren(siren)


def _pays(code: str) -> str:
    return Locale("fr").territories.get(code, code)


def _adresse_lignes(adresse: Adresse) -> list[str]:
    """Address block lines (town in capitals, postal style); a foreign country written out."""
    lignes = adresse.lignes
    if adresse.pays != "FR":
        lignes[-1] = _pays(adresse.pays)
    return lignes


def _adresse(adresse: Adresse) -> str:
    """The address on one line, town as typed, for prose (« dont le siège social est situé … »)."""
    morceaux = [adresse.ligne1, adresse.ligne2, adresse.ligne3, f"{adresse.code_postal} {adresse.ville}"]
    if adresse.pays != "FR":
        morceaux.append(_pays(adresse.pays))
    return ", ".join(m for m in morceaux if m)


# ---------------------------------------------------------------------------------------------
# Parties


def forme_longue(forme: str) -> str:
    """« SARL » or « S.A.R.L. » written out (« société à responsabilité limitée »); an unknown form as typed."""
    return FORMES_LONGUES.get(forme.upper().replace(".", ""), forme)


def _forme_longue(partie: Partie) -> str | None:
    if partie.type != "personne_morale":
        return None
    if partie.forme is None:
        return a_completer("forme juridique")  # CPC 54 3° requires it in every act
    return forme_longue(partie.forme)


def _forme_et_capital(partie: Partie, espaces: str) -> str | None:
    capital = f"au capital de {format_montant(partie.capital, espaces)}" if partie.capital else None
    return " ".join(x for x in (partie.forme, capital) if x) or None


def _registre(partie: Partie) -> str | None:
    if partie.siren:
        return f"RCS {partie.rcs} {_siren(partie.siren)}" if partie.rcs else f"SIREN {_siren(partie.siren)}"
    return f"RCS {partie.rcs}" if partie.rcs else None


def _entrepreneur_individuel(partie: Partie) -> bool:
    """A natural person acting for a business: an « entrepreneur individuel » (C. com. L526-22)."""
    return partie.type == "personne_physique" and partie.est_professionnel


def _mentions_legales(partie: Partie) -> str | None:
    """C. com. R123-237: forme, capital, RCS and SIREN, siège for a company; for a sole trader (9°, added by
    décret 2022-725) the name followed by « EI », and the SIREN (1°); None for a private person."""
    if _entrepreneur_individuel(partie):
        nom = " ".join(x for x in (partie.prenoms, partie.nom) if x)
        siren = f"SIREN {_siren(partie.siren)}" if partie.siren else a_completer("numéro SIREN")
        return " — ".join((f"{nom} EI", siren, _adresse(partie.adresse)))
    if partie.type != "personne_morale":
        return None
    mentions = (_forme_et_capital(partie, "docx"), _registre(partie), f"siège social : {_adresse(partie.adresse)}")
    return " — ".join(x for x in mentions if x)


_SALUTATIONS = {"M.": "Monsieur", "Mme": "Madame", "Monsieur": "Monsieur", "Madame": "Madame"}


def _salutation(partie: Partie) -> str:
    """« Madame » or « Monsieur » to a named person (the debtor, or the company's named representative);
    « Madame, Monsieur » only when no one is named."""
    if partie.type == "personne_physique":
        return _SALUTATIONS.get(partie.civilite or "", "Madame, Monsieur")
    civilite = _CIVILITE.match(partie.representant or "")
    return _SALUTATIONS.get(civilite.group(1), "Madame, Monsieur") if civilite else "Madame, Monsieur"


def _feminin(partie: Partie) -> bool:
    """« la débitrice », « la défenderesse »: a company (« la société ») or a woman."""
    return partie.type == "personne_morale" or partie.civilite == "Mme"


def _partie(partie: Partie) -> dict:
    societe = partie.type == "personne_morale"
    personne = not societe
    return {
        "designation": partie.nom_complet,
        "est_societe": societe,
        "feminin": _feminin(partie),
        "salutation": _salutation(partie),
        "entrepreneur_individuel": _entrepreneur_individuel(partie),
        "forme": partie.forme if societe else None,
        "forme_longue": _forme_longue(partie),
        "denomination": partie.denomination if societe else None,
        "capital": _euros(partie.capital) if societe else None,
        "siren": _siren(partie.siren),
        "rcs": partie.rcs,
        "representant": partie.representant if societe else None,
        "civilite": partie.civilite if personne else None,
        "nom": partie.nom if personne else None,
        "prenoms": partie.prenoms if personne else None,
        "profession": partie.profession if personne else None,
        "nationalite": partie.nationalite if personne else None,
        "date_naissance": _date(partie.date_naissance) if personne else None,
        "lieu_naissance": partie.lieu_naissance if personne else None,
        "adresse": _adresse(partie.adresse),
        "adresse_lignes": _adresse_lignes(partie.adresse),
        "mentions_legales": _mentions_legales(partie),
        "email": partie.email,
        "telephone": partie.telephone,
        "professionnel": partie.est_professionnel,
        "commercant": partie.est_commercant,
    }


def _qualite_mandataire(mandataire: Mandataire) -> str:
    if mandataire.qualite == "avocat":
        return f"avocat au barreau de {mandataire.barreau}" if mandataire.barreau else "avocat"
    return {
        "commissaire_de_justice": "commissaire de justice",
        "societe_de_recouvrement": "société de recouvrement",
        "salarie": "salarié du créancier",
        "autre": "mandataire",
    }[mandataire.qualite]


def _mandataire(mandataire: Mandataire | None) -> dict | None:
    if mandataire is None:
        return None
    return {
        "qualite": mandataire.qualite,
        "nom": mandataire.nom,
        "designation": f"{mandataire.nom}, {_qualite_mandataire(mandataire)}",
        "barreau": mandataire.barreau,
        "toque": mandataire.toque,
        "adresse": _adresse(mandataire.adresse),
        "adresse_lignes": _adresse_lignes(mandataire.adresse),
        "email": mandataire.email,
        "telephone": mandataire.telephone,
    }


def _signataire(dossier: Dossier) -> dict:
    """The mandataire if any; else the company's representative (« Mme Claire Dubois, gérante » gives
    « Claire Dubois » / « Gérante »), or the creditor in person."""
    if dossier.mandataire is not None:
        return {"nom": dossier.mandataire.nom, "qualite": _majuscule(_qualite_mandataire(dossier.mandataire))}
    creancier = dossier.creancier
    if creancier.type == "personne_physique":
        return {
            "nom": " ".join(x for x in (creancier.prenoms, creancier.nom) if x),
            "qualite": _majuscule(creancier.profession or ""),
        }
    if not creancier.representant:
        return {"nom": a_completer("nom du signataire"), "qualite": a_completer("qualité du signataire")}
    nom, _, qualite = creancier.representant.partition(",")
    return {
        "nom": _CIVILITE.sub("", nom.strip()),
        "qualite": _majuscule(qualite.strip()) if qualite.strip() else "Représentant légal",
    }


def _expediteur(dossier: Dossier) -> dict:
    """Whose letterhead a letter carries: whoever writes in their own name, as the signature and « lieu » say.

    An avocat, a commissaire de justice or a recovery agency writes on their own letterhead, « pour » the
    creditor. An employee (``salarie``) writes on the company's. ``autre`` is a mandataire in their own name too
    (a consultant, a relative): the letter is signed by them, made in their town and answered to them, so a
    letterhead with the creditor's address and telephone would send the reply to the wrong person.
    """
    mandataire = dossier.mandataire
    if mandataire is None or mandataire.qualite == "salarie":
        creancier = dossier.creancier
        return {
            "designation": creancier.nom_complet,
            "qualite": None,
            "toque": None,
            "adresse": _adresse(creancier.adresse),
            "adresse_lignes": _adresse_lignes(creancier.adresse),
            "telephone": creancier.telephone,
            "email": creancier.email,
            "mentions_legales": _mentions_legales(creancier),
        }
    return {
        "designation": mandataire.nom,
        "qualite": _majuscule(_qualite_mandataire(mandataire)),
        "toque": mandataire.toque,
        "adresse": _adresse(mandataire.adresse),
        "adresse_lignes": _adresse_lignes(mandataire.adresse),
        "telephone": mandataire.telephone,
        "email": mandataire.email,
        "mentions_legales": None,
    }


def _lieu(dossier: Dossier) -> str:
    """Where documents are made: the mandataire's office, else the creditor's town."""
    return (dossier.mandataire or dossier.creancier).adresse.ville


# ---------------------------------------------------------------------------------------------
# Creance and décompte


def _contestee(dossier: Dossier) -> bool:
    return dossier.creance.contestee or dossier.dernier(Contestation) is not None


def _solidarite(dossier: Dossier) -> str | None:
    """The ground of joint liability, which is not presumed (C. civ. 1310), save between traders for a
    commercial debt (a presumption of case law, Cass. req., 20 Oct. 1920); None: the user states it."""
    if (
        len(dossier.debiteurs) > 1
        and dossier.nature == "commerciale"
        and all(d.est_commercant for d in dossier.debiteurs)
    ):
        return (
            "la solidarité se présume entre commerçants tenus d'une même dette commerciale (jurisprudence "
            "constante, Cass. req., 20 octobre 1920)"
        )
    return None


def _point_depart(situation: Situation) -> str:
    """When interest runs, in words: L441-10 II for professionals, else C. civ. 1231-6 and 1344-1."""
    dossier = situation.dossier
    if dossier.b2b:
        return "à compter du lendemain de la date d'échéance de chaque facture"
    mise_en_demeure = date_mise_en_demeure(dossier, situation.date)
    if mise_en_demeure is None:
        return "à compter de la mise en demeure"
    recue = any(e.date == mise_en_demeure for e in dossier.evenements(MiseEnDemeureRecue))
    evenement = "de réception" if recue else "d'envoi"
    texte = f"à compter du {format_date(mise_en_demeure)}, date {evenement} de la mise en demeure"
    if any(f.echeance > mise_en_demeure for f in situation.decompte.factures):
        texte += ", et du lendemain de leur échéance pour les factures échues après cette date"
    return texte


def _taux_description(dossier: Dossier) -> str:
    """The rate in words, after « au » (C. com. L441-10 II; CMF L313-2)."""
    if not dossier.b2b:
        return f"taux de l'intérêt légal applicable {categorie_taux_legal(dossier)}"
    penalites = dossier.creance.penalites
    plancher = ", sans pouvoir être inférieur à trois fois le taux de l'intérêt légal"
    if isinstance(penalites, PenalitesFixe):
        return f"taux contractuel de {format_taux(penalites.taux)} l'an{plancher}"
    if isinstance(penalites, PenalitesLegal):
        return "taux de trois fois le taux de l'intérêt légal (plancher de l'article L441-10 II du code de commerce)"
    points = penalites.points if isinstance(penalites, PenalitesBcePlus) else Decimal(10)
    nombre = f"{points.normalize():f}".replace(".", ",")
    texte = (
        f"taux de refinancement de la Banque centrale européenne en vigueur au 1er janvier ou au 1er juillet, "
        f"majoré de {nombre} points"
    )
    return texte if points == 10 else texte + plancher


def _regime(dossier: Dossier, regime: str) -> str:
    if regime != REGIME_PENALITES:
        return "interet_legal"
    penalites = dossier.creance.penalites
    defaut = penalites is None or (isinstance(penalites, PenalitesBcePlus) and penalites.points == 10)
    return REGIME_PENALITES if defaut else "taux_contractuel"


def _base(dossier: Dossier) -> str:
    if dossier.options.base_annuelle == "366_bissextile":
        return "365 jours, 366 jours pour les jours d'une année bissextile"
    return "365 jours"


def _interets_dus(facture: DecompteFacture) -> Decimal:
    """Penalties or interest accrued on one invoice and not paid yet."""
    return facture.interets - facture.paye_interets


def _principal_restant(decompte: Decompte) -> Decimal:
    return sum((f.principal_restant for f in decompte.factures), ZERO)


def _interets_restants(decompte: Decompte) -> Decimal:
    return sum((_interets_dus(f) for f in decompte.factures), ZERO)


def _decompte(situation: Situation, euros) -> dict:
    dossier, decompte = situation.dossier, situation.decompte
    chiffre = decompte.complet
    return {
        "date": format_date(decompte.date),
        "regime": _regime(dossier, decompte.regime),
        "intitule_interets": "Pénalités de retard" if dossier.b2b else "Intérêts au taux légal",
        "fondement_interets": (
            "article L441-10 II du code de commerce" if dossier.b2b else "articles 1231-6 et 1344-1 du code civil"
        ),
        "taux_description": _taux_description(dossier),
        "point_depart": _point_depart(situation),
        "base": _base(dossier),
        "principal": euros(decompte.principal),
        "principal_restant": euros(_principal_restant(decompte)),
        "interets": euros(decompte.interets),
        "interets_restants": euros(_interets_restants(decompte)),
        "indemnites_forfaitaires": euros(decompte.indemnites_forfaitaires),
        "clause_penale": euros(decompte.clause_penale) if decompte.clause_penale else None,
        "paiements": euros(decompte.paiements),
        "total": euros(decompte.total),
        "total_en_lettres": montant_en_lettres(decompte.total) if chiffre and decompte.total >= 0 else None,
        "lignes": [
            {
                "facture": l.facture,
                "du": format_date(l.premier_jour),
                "au": format_date(l.au),
                "jours": l.jours,
                "taux": format_taux(l.taux),
                "base": l.base_annuelle,
                "assiette": euros(l.base),
                "montant": euros(l.montant),
            }
            for l in decompte.lignes
        ]
        if chiffre
        else [],
        "imputations": [
            {
                "date": format_date(i.date),
                "montant": euros(i.montant),
                "facture": i.facture or "indemnités, clause pénale ou trop-perçu",
                "sur_interets": euros(i.sur_interets),
                "sur_principal": euros(i.sur_principal),
            }
            for i in decompte.imputations
        ]
        if chiffre
        else [],
        "conventions": list(decompte.conventions),
    }


def _factures(situation: Situation, euros) -> list[dict]:
    """The invoices something is still owed on, with the décompte's own per-invoice figures."""
    source = {f.numero: f for f in situation.dossier.creance.factures}
    return [
        {
            "numero": f.numero,
            "date": format_date(f.date),
            "echeance": format_date(f.echeance),
            "montant": _euros(f.principal),
            "paye": euros(f.paye),
            "paye_principal": euros(f.paye_principal),
            # C. civ. 1343-1: a payment goes to the interest due first; None when nothing did
            "paye_interets": euros(f.paye_interets) if f.paye_interets else None,
            "reste_du": euros(f.principal_restant),
            "penalites_ou_interets": euros(_interets_dus(f)),
            "indemnite": euros(f.indemnite),
            "total": euros(f.reste_du),
            "libelle": source[f.numero].libelle,
            "piece": source[f.numero].piece,
        }
        for f in factures_dues(situation.decompte)
    ]


def _pieces(situation: Situation) -> list[dict]:
    return [{"numero": p.numero, "titre": p.titre, "date": _date(p.date)} for p in situation.pieces.liste]


# Letters to the debtor may name the conditions générales the debtor received; what goes before a judge or
# a commissaire de justice relies only on what it produces (CPC 1407, 56).
ETAPES_AMIABLES = frozenset({"attendre_echeance", "relance", "mise_en_demeure"})


def fondement(situation: Situation, etape: str | None) -> str:
    """The claim's ground; in an act, with a blank where it cites conditions générales that no pièce holds."""
    texte = situation.dossier.creance.fondement
    cite = situation.pieces.conditions_generales
    if cite is None or etape in ETAPES_AMIABLES:
        return texte
    return f"{texte} {a_completer(f'produire en pièce les {cite} invoquées, ou les retirer du fondement')}"


# ---------------------------------------------------------------------------------------------
# Steps


def _relances_envoyees(situation: Situation) -> list[RelanceEnvoyee]:
    """Reminders after the first due date; one sent before it is a prévenance (as machine.py counts)."""
    premiere = min(f.echeance for f in factures_dues(situation.decompte))
    return [r for r in situation.dossier.evenements(RelanceEnvoyee) if r.date > premiere]


def _relance(situation: Situation, etape: str, jour: date, canal: str | None, delai: int | None) -> dict:
    envoyees = _relances_envoyees(situation)
    precedente = envoyees[-1] if envoyees else None
    if etape != "relance":
        return {
            "numero": len(envoyees) or None,
            "canal": precedente.canal if precedente else None,
            "date_precedente": _date(precedente.date) if precedente else None,
            "delai_jours": None,
            "date_limite": None,
        }
    canal = canal or "courrier"
    delai = situation.dossier.options.delai_entre_relances_jours if delai is None else delai
    limite = None
    if delai:
        # The pay-by date is when the next reminder or the mise en demeure becomes possible; moved off a
        # non-working day like a procedural deadline (CPC 641, 642) so it never falls on a Sunday.
        limite = delai_jours("Règlement demandé", jour, delai, departement_calendrier(situation.dossier)).date
    return {
        "numero": len(envoyees) + 1,
        "canal": canal,
        "date_precedente": _date(precedente.date) if precedente else None,
        "delai_jours": delai or None,
        "date_limite": _date(limite),
    }


def _mise_en_demeure(situation: Situation, etape: str, jour: date) -> dict:
    """The notice being prepared (etape ``mise_en_demeure``), else the last one sent.

    ``date_limite`` is what the letter itself demanded (recorded with it, else recomputed from its date
    as the letter did): court documents quote the letter. ``date_expiration`` is when the legal period,
    running from receipt (C. civ. 1344; CPC 641, 642), actually ended.
    """
    dossier = situation.dossier
    jours = dossier.options.delai_mise_en_demeure_jours
    envoi = dossier.dernier(MiseEnDemeureEnvoyee)
    if etape == "mise_en_demeure":
        limite = format_date(date_limite_lettre(dossier, jour).date)
        return {
            "date_envoi": None,
            "date_reception": None,
            "delai_jours": jours,
            "date_limite": limite,
            "date_expiration": limite,
            "mode": MODES_MISE_EN_DEMEURE["lrar"],
            "numero_envoi": None,
            "pieces": None,
        }
    if envoi is None:
        return {
            "date_envoi": None,
            "date_reception": None,
            "delai_jours": jours,
            "date_limite": None,
            "date_expiration": None,
            "mode": None,
            "numero_envoi": None,
            "pieces": None,
        }
    recue, expiration = delai_mise_en_demeure(dossier, envoi, jours, departement_calendrier(dossier))
    limite = envoi.date_limite or date_limite_lettre(dossier, envoi.date).date
    return {
        "date_envoi": format_date(envoi.date),
        "date_reception": _date(recue.date) if recue and not recue.presentee else None,
        "delai_jours": jours,
        "date_limite": format_date(limite),
        "date_expiration": format_date(max(limite, expiration.date)),
        "mode": MODES_MISE_EN_DEMEURE[envoi.mode],
        "numero_envoi": envoi.numero_envoi,
        # « pièces n° 4 et 5 »: the letter and its avis de réception, as the acts cite them
        "pieces": citation(situation.pieces.mise_en_demeure),
    }


# The article a court's name takes after « Président » / « Juge » (« du tribunal », « de la chambre »).
_ARTICLES = {
    "tribunal": "du ",
    "juge": "du ",
    "président": "du ",
    "conseil": "du ",
    "chambre": "de la ",
    "juridiction": "de la ",
    "cour": "de la ",
}


def _nom_courant(nom: str) -> str:
    """The court's name as running text writes it: « Tribunal de commerce de Lyon » → « tribunal de … »."""
    return nom[:1].lower() + nom[1:] if nom.split(" ", 1)[0].lower() in _ARTICLES else nom


def _designation_president(type_: str, nom: str) -> str:
    """Addressee of the requête, neutral as to the judge's sex: « Madame la Présidente, Monsieur le
    Président du tribunal de commerce de Lyon »."""
    mot = nom.split(" ", 1)[0].lower()
    article = _ARTICLES.get(mot) or ("de l'" if nom[:1].lower() in "aeiouyéèh" else "du ")
    if type_ == "juge_des_contentieux_de_la_protection":
        if mot == "juge":
            return "Madame la Juge, Monsieur le Juge " + nom.split(" ", 1)[1]
        return f"Madame la Juge, Monsieur le Juge des contentieux de la protection {article}{nom}"
    return f"Madame la Présidente, Monsieur le Président {article}{nom}"


def _le_president(type_: str, nom: str) -> str:
    """The judge in running text: « le président du tribunal de commerce de Lyon »."""
    mot = nom.split(" ", 1)[0].lower()
    article = _ARTICLES.get(mot) or ("de l'" if nom[:1].lower() in "aeiouyéèh" else "du ")
    if type_ == "juge_des_contentieux_de_la_protection":
        return (
            "le " + _nom_courant(nom) if mot == "juge" else f"le juge des contentieux de la protection {article}{nom}"
        )
    return f"le président {article}{nom}"


def _nom_juridiction(situation: Situation, etape: str | None = None) -> str:
    """The court as running text; a proposal ("du ressort de …") is no court's name: a blank to fill, citing
    the rule that designates it: CPC 1406 for the injonction de payer, CPC 42, 46 and 48 for a summons."""
    juridiction = situation.juridiction
    if juridiction.ressort:
        regle = "CPC art. 42, 46 et 48" if etape == "assignation" else "CPC art. 1406"
        return f"{juridiction.intitule} de {a_completer(f'siège compétent pour {juridiction.ressort}, {regle}')}"
    return _nom_courant(juridiction.nom)


def _juridiction(situation: Situation, etape: str) -> dict:
    juridiction, choisie = situation.juridiction, situation.dossier.juridiction
    adresse = choisie.adresse if choisie else None
    nom = _nom_juridiction(situation, etape)
    return {
        "type": juridiction.type,
        "nom": nom,
        "designation_president": _designation_president(juridiction.type, nom),
        "adresse": _adresse(adresse) if adresse else a_completer("adresse de la juridiction"),
        "adresse_lignes": _adresse_lignes(adresse) if adresse else [],
        "cerfa": juridiction.cerfa,
    }


def _ordonnance_et_signification(situation: Situation) -> tuple[dict, dict]:
    dossier = situation.dossier
    ordonnance = dossier.dernier(OrdonnanceRendue)
    if ordonnance is None:
        return (
            {"date": None, "numero_rg": None, "montant_accorde": None},
            {
                "delai": None,
                "date_limite": None,
                "date": None,
                "a_personne": None,
                "executoire_le": None,
                "fin_opposition": None,
                "certificat_non_opposition": None,
            },
        )
    mois, limite = delai_signification(dossier, ordonnance)
    signification = dossier.dernier(OrdonnanceSignifiee)
    if signification is not None and signification.date < ordonnance.date:
        signification = None
    etape = situation.prochaine_etape
    executoire = etape.possible_le if signification and etape.etape == "execution" else None
    # the opposition month (CPC 1416), the first of the periods after service; the certificate of
    # non-opposition asked for an old-regime ordonnance cites its end (CPC 504, 505)
    fin_opposition = delais_apres_signification(dossier, ordonnance, signification)[0].date if signification else None
    return (
        {
            "date": format_date(ordonnance.date),
            "numero_rg": ordonnance.numero_rg,
            "montant_accorde": _euros(ordonnance.montant_accorde or ordonnance.principal)
            if ordonnance.montant_accorde or ordonnance.principal
            else a_completer("montant accordé par l'ordonnance"),
        },
        {
            "delai": {3: "trois mois", 6: "six mois"}[mois],
            "date_limite": format_date(limite.date),
            "date": _date(signification.date) if signification else None,
            "a_personne": signification.a_personne if signification else None,
            "executoire_le": _date(executoire),
            "fin_opposition": _date(fin_opposition),
            "certificat_non_opposition": ordonnance.date < REFORME_2026,
        },  # CPC 504, 505 (before décret 2026-96)
    )


def _avec_article(nom: str) -> str:
    """The court after « par »: « le tribunal de commerce de Lyon », « la chambre commerciale du … »."""
    article = _ARTICLES.get(nom.split(" ", 1)[0].lower())
    if article is None:
        return ("l'" if nom[:1].lower() in "aeiouyéèh" else "le ") + nom
    return ("la " if article == "de la " else "le ") + nom


def _titre(situation: Situation, ordonnance: dict) -> dict:
    """The enforcement title: the ordonnance d'injonction de payer (context block ``ordonnance``, CPC 1422)
    or, when one came later (after an opposition, CPC 1420, or a summons), the judgment (CPC 503: served
    before it is enforced).

    The commissaire de justice enforces the title, not the invoices (CPC exéc. L111-2): ``selon_titre`` says
    the sums to recover are the title's ``montant_accorde`` and the accessories its dispositif fixes, the
    décompte being only the creditor's own statement. Always so for a judgment, whose dispositif the tool
    does not know; for an ordonnance, when it granted less principal than the décompte still claims
    (CPC 1409: « pour la somme qu'il retient »)."""
    titre = situation.dossier.dernier(JugementRendu, OrdonnanceRendue, *TITRES_VOIES)
    if titre is None:
        return {
            "nature": None,
            "date": None,
            "juridiction": None,
            "numero_rg": None,
            "montant_accorde": None,
            "selon_titre": None,
            "partielle": None,
            "designation": None,
            **_sommes_du_titre(situation, None),
        }
    juridiction = situation.juridiction
    nom = _nom_juridiction(situation)
    if isinstance(titre, TITRES_VOIES):
        return {**_titre_voie(situation, titre, nom), **_sommes_du_titre(situation, None)}
    sommes = _sommes_du_titre(situation, titre)
    if isinstance(titre, JugementRendu):
        return {
            "nature": "jugement",
            "date": format_date(titre.date),
            "juridiction": _avec_article(nom),
            "numero_rg": None,
            "montant_accorde": _euros(titre.montant_accorde),
            "selon_titre": True,
            "partielle": None,
            "designation": None,
            **sommes,
        }
    # CPC exéc. L111-2: without the ordonnance's terms recorded, the sums are « selon le titre », a blank
    return {
        "nature": "ordonnance",
        "juridiction": _le_president(juridiction.type, nom),
        **ordonnance,
        "selon_titre": not sommes["detail"],
        "partielle": ordonnance_partielle(situation.dossier, titre),
        "designation": None,
        **sommes,
    }


def _sommes_du_titre(situation: Situation, titre) -> dict:
    """The title's sums item by item to the décompte's date (procedures.titre); empty when not recorded."""
    montant = situation.titre
    if titre is None or montant is None:
        return {"detail": [], "total": None, "date_calcul": None, "majoration_le": None}
    detail = [{"libelle": "Principal", "montant": _euros(montant.principal)}]
    if titre.interets or titre.interets_echus:
        libelle = "Intérêts" + (f" {description_interets(titre)}" if titre.interets else " liquidés par le titre")
        if montant.majoration_le:
            libelle += f", majorés de cinq points à compter du {format_date(montant.majoration_le)} (CMF art. L313-3)"
        detail.append({"libelle": f"{libelle}, au {format_date(montant.date)}", "montant": _euros(montant.interets)})
    detail += [{"libelle": libelle, "montant": _euros(m)} for libelle, m in montant.sommes]
    if montant.paiements:
        detail.append(
            {"libelle": "À déduire : paiements reçus depuis le titre", "montant": format_deduction(montant.paiements)}
        )
    return {
        "detail": detail,
        "total": _euros(montant.total),
        "date_calcul": format_date(montant.date),
        "majoration_le": _date(montant.majoration_le),
    }


def _titre_voie(situation: Situation, titre, nom: str) -> dict:
    """A title obtained by another route (procedures.voies): the PV made enforceable by the greffier
    (CPC exéc. L126-4), the petites créances title (L125-1, the agreed amount is what is recovered), or the
    European order declared enforceable (Reg. 1896/2006 art. 18)."""
    dossier = situation.dossier
    date_ = format_date(titre.date)
    if isinstance(titre, TitreExecutoireDelivre):
        pv = dossier.dernier(PvNonContestation)
        return {
            "nature": "pv_non_contestation",
            "date": date_,
            "juridiction": _greffier(nom),
            "numero_rg": None,
            "montant_accorde": None,
            "selon_titre": False,
            "partielle": None,
            "designation": f"le procès-verbal de non-contestation du {format_date(pv.date)}, rendu exécutoire "
            f"le {date_} (article L. 126-4 du code des procédures civiles d'exécution)",
        }
    if isinstance(titre, PetitesCreancesAccord):
        invitation = dossier.dernier(PetitesCreancesInvitation)
        return {
            "nature": "petites_creances",
            "date": date_,
            "juridiction": f"le commissaire de justice {invitation.commissaire}",
            "numero_rg": None,
            "montant_accorde": _euros(titre.montant),
            "selon_titre": True,
            "partielle": None,
            "designation": f"le titre exécutoire délivré le {date_} par le commissaire de justice "
            f"{invitation.commissaire} sur l'accord des parties (article L. 125-1 du code des "
            "procédures civiles d'exécution)",
        }
    return {
        "nature": "injonction_europeenne",
        "date": date_,
        "juridiction": _avec_article(nom),
        "numero_rg": None,
        "montant_accorde": None,
        "selon_titre": False,
        "partielle": None,
        "designation": f"l'injonction de payer européenne déclarée exécutoire le {date_} (article 18 du "
        "règlement (CE) n° 1896/2006)",
    }


def _greffier(nom: str) -> str:
    """« le greffier du tribunal de commerce de … » (CPC exéc. L126-4)."""
    return "le greffier " + (_ARTICLES.get(nom.split(" ", 1)[0].lower()) or "de ") + nom


def _paiement(situation: Situation, etape: str, relance: dict, euros) -> dict:
    """Payment instructions; documents.py turns them into the SEPA QR code (EPC069-12)."""
    dossier, decompte = situation.dossier, situation.decompte
    creancier = dossier.creancier
    # A prévenance and the first, courteous reminder letter ask for the principal only; later letters, and the
    # phone call's sheet and confirmation, for the total.
    principal_seul = (etape == "attendre_echeance" and situation.etat == "impaye_non_echu") or (
        etape == "relance" and relance["numero"] == 1 and relance["canal"] != "telephone"
    )
    montant = _principal_restant(decompte) if principal_seul else decompte.total
    chiffre = decompte.complet and montant > 0
    return {
        "titulaire": creancier.nom_complet,
        "iban": creancier.iban,
        "bic": creancier.bic,
        "reference": dossier.reference,
        "montant": euros(montant) if chiffre else None,
        "montant_epc": str(montant) if chiffre else None,
        "lien": creancier.lien_paiement,
        "qr": None,
    }


def _echeancier(dossier: Dossier) -> dict:
    plan = dossier.dernier(EcheancierAccorde)
    if plan is None:
        return {"nombre": None, "total": None, "total_en_lettres": None, "echeances": []}
    total = sum((e.montant for e in plan.echeances), ZERO)
    return {
        "nombre": len(plan.echeances),
        "total": _euros(total),
        "total_en_lettres": montant_en_lettres(total),
        "echeances": [
            {
                "numero": rang,
                "date": format_date(e.date),
                "montant": _euros(e.montant),
                "montant_en_lettres": montant_en_lettres(e.montant),
            }
            for rang, e in enumerate(plan.echeances, start=1)
        ],
    }


def _appel(dossier: Dossier, debiteur: Partie, appel: CompteRenduAppel | None) -> dict:
    """The call: what the user reports, else the last phone reminder of the history, else blanks."""
    telephone = [r for r in dossier.evenements(RelanceEnvoyee) if r.canal == "telephone"]
    quand = appel.date if appel else telephone[-1].date if telephone else None
    return {
        "date": _date(quand) if quand else a_completer("date de l'appel"),
        "interlocuteur": appel.interlocuteur if appel else None,
        "telephone": debiteur.telephone,
        "accord": appel.accord if appel and appel.accord else a_completer("accord obtenu lors de l'appel"),
        "montant_promis": _euros(appel.montant_promis) if appel else None,
        "date_paiement_promis": _date(appel.date_paiement_promis) if appel else None,
    }


def _procedure_collective(situation: Situation, euros) -> dict:
    """The proceeding and what the déclaration de créance states (C. com. L622-25, R622-23); every field
    null outside a collective proceeding."""
    procedure = situation.procedure_collective
    if procedure is None:
        return {
            "type": None,
            "intitule": None,
            "date_jugement": None,
            "tribunal": None,
            "date_publication": None,
            "date_limite": None,
            "conversion": {"intitule": None, "date_jugement": None, "tribunal": None},
            "organe": {"qualite": None, "nom": None, "adresse": None, "adresse_lignes": [], "email": None},
            "montant_echu": None,
            "montant_echu_en_lettres": None,
            "echues": [],
            "a_echoir": [],
            "total_a_echoir": None,
            "a_echoir_exigibles": False,
            "surete": None,
            "instance": {"acte": None, "date": None, "juridiction": None},
            "titre_executoire": False,
            "pouvoir_joint": False,
        }
    dossier, decompte = situation.dossier, situation.decompte
    ouverture, actuelle = procedure.ouverture, procedure.actuelle
    organe = actuelle.mandataire_judiciaire
    echues, a_echoir = collective.lignes_declaration(decompte, procedure.date_jugement)
    echu = collective.montant_echu(decompte, procedure.date_jugement)
    instance = collective.instance_en_cours(dossier, procedure.date_jugement)
    converti = actuelle is not ouverture
    return {
        "type": actuelle.type,
        "intitule": collective.TYPES[ouverture.type],
        "date_jugement": format_date(ouverture.date_jugement),
        "tribunal": ouverture.tribunal,
        "date_publication": _date(ouverture.date_publication),
        "date_limite": _date(procedure.delai.date) if procedure.delai else None,
        "conversion": {
            "intitule": collective.TYPES[actuelle.type] if converti else None,
            "date_jugement": format_date(actuelle.date_jugement) if converti else None,
            "tribunal": actuelle.tribunal if converti else None,
        },
        "organe": (
            {
                "qualite": procedure.qualite_organe,
                "nom": organe.nom,
                "adresse": _adresse(organe.adresse),
                "adresse_lignes": _adresse_lignes(organe.adresse),
                "email": organe.email,
            }
            if organe
            else {
                "qualite": procedure.qualite_organe,
                "nom": a_completer(procedure.qualite_organe),
                "adresse": a_completer("adresse"),
                "adresse_lignes": [a_completer("adresse")],
                "email": None,
            }
        ),
        "montant_echu": euros(echu),
        "montant_echu_en_lettres": montant_en_lettres(echu) if decompte.complet and echu > 0 else None,
        "echues": [
            {
                "numero": f.numero,
                "echeance": format_date(f.echeance),
                "principal": euros(f.principal_restant),
                "interets": euros(_interets_dus(f)),
                "indemnite": euros(f.indemnite),
                "total": euros(f.reste_du),
            }
            for f in echues
        ],
        "a_echoir": [
            {"numero": f.numero, "echeance": format_date(f.echeance), "montant": euros(f.reste_du)} for f in a_echoir
        ],
        "total_a_echoir": euros(sum((f.reste_du for f in a_echoir), ZERO)),
        # C. com. L643-1: the liquidation makes the sums not yet due payable at once.
        "a_echoir_exigibles": actuelle.type == "liquidation",
        "surete": dossier.creance.surete,
        "instance": {
            "acte": instance[0] if instance else None,
            "date": format_date(instance[1]) if instance else None,
            "juridiction": situation.juridiction.nom if instance else None,
        },
        "titre_executoire": collective.titre_executoire(dossier, procedure.date_jugement),
        # An avocat needs no written power (CPC 416); another agent or employee shows one, or the creditor
        # ratifies the declaration before the judge rules on it (C. com. L622-24 al. 2).
        "pouvoir_joint": dossier.mandataire is not None and dossier.mandataire.qualite != "avocat",
    }


# ---------------------------------------------------------------------------------------------
# Public API


def contexte_document(
    situation: Situation,
    etape: str | None = None,
    *,
    debiteur: int = 0,
    date_document: date | None = None,
    lieu: str | None = None,
    documents: tuple[str, ...] | None = None,
    canal: str | None = None,
    delai_relance_jours: int | None = None,
    article_700: Decimal | None = None,
    prealable_amiable: str | None = None,
    renvoi: str | None = None,
    appel: CompteRenduAppel | None = None,
) -> dict:
    """The context of modeles/CONTEXTE.md for the documents of ``etape`` (default: the next step).

    ``debiteur``: index of the debtor the letters are addressed to (letters go one per debtor).
    ``documents``: the templates to be rendered (default: the step's); unless every one of them is in
    ``MODELES_SANS_MONTANT``, a décompte stopped by an unknown rate raises ``TauxInconnu``; otherwise its
    amounts are left null. ``canal`` and ``delai_relance_jours`` shape a reminder (default: from the step,
    and ``options.delai_entre_relances_jours``); ``article_700``, ``prealable_amiable`` (CPC 750-1),
    ``renvoi`` (CPC 1408) and ``appel`` are what only the user knows.
    """
    dossier, decompte = situation.dossier, situation.decompte
    if not 0 <= debiteur < len(dossier.debiteurs):
        raise ProcedureError(f"Débiteur n° {debiteur + 1} inexistant : le dossier en compte {len(dossier.debiteurs)}")
    suivante = situation.prochaine_etape
    etape = etape or suivante.etape
    if documents is None and etape == suivante.etape:
        documents = suivante.documents
    if documents is None or not set(documents) <= MODELES_SANS_MONTANT:
        exiger_complet(decompte)
    euros = _euros if decompte.complet else (lambda x: None)
    jour = date_document or situation.date
    relance = _relance(situation, etape, jour, canal, delai_relance_jours)
    ordonnance, signification = _ordonnance_et_signification(situation)
    return {
        "reference": dossier.reference,
        "date_document": format_date(jour),
        "lieu": lieu or _lieu(dossier),
        "creancier": _partie(dossier.creancier),
        "debiteur": _partie(dossier.debiteurs[debiteur]),
        "debiteurs": [_partie(d) for d in dossier.debiteurs],
        "mandataire": _mandataire(dossier.mandataire),
        "signataire": _signataire(dossier),
        "expediteur": _expediteur(dossier),
        "prealable_amiable": prealable_amiable or prealable_amiable_voie(dossier),
        "creance": {
            "nature": dossier.nature,
            "fondement": fondement(situation, etape),
            "b2b": dossier.b2b,
            "contestee": _contestee(dossier),
            "solidarite": _solidarite(dossier),
        },
        "factures": _factures(situation, euros),
        "decompte": _decompte(situation, euros),
        "pieces": _pieces(situation),
        "relance": relance,
        "mise_en_demeure": _mise_en_demeure(situation, etape, jour),
        "juridiction": _juridiction(situation, etape),
        "requete": {"renvoi": renvoi},
        "ordonnance": ordonnance,
        "signification": signification,
        "titre": _titre(situation, ordonnance),
        "assignation": {
            # CPC 853 (tribunal de commerce), 760-761 (tribunal judiciaire; not before the JCP)
            "avocat_obligatoire": (
                situation.juridiction.type != "juge_des_contentieux_de_la_protection" and decompte.total > SEUIL_AVOCAT
            ),
            "article_700": _euros(article_700),
            # CPC 750-1, 54 5°: before the tribunal judiciaire, a claim of at most 5 000 €
            "prealable_amiable_requis": (
                not situation.juridiction.commerciale and decompte.total <= SEUIL_TENTATIVE_AMIABLE
            ),
        },
        "paiement": _paiement(situation, etape, relance, euros),
        "echeancier": _echeancier(dossier),
        "appel": _appel(dossier, dossier.debiteurs[debiteur], appel),
        "procedure_collective": _procedure_collective(situation, euros),
    }


def _partie_cerfa(partie: Partie) -> cerfa.Partie:
    # deferred: cerfa brings pypdf and reportlab, which only a Cerfa needs
    from procedures import cerfa

    societe = partie.type == "personne_morale"
    # PDF form fields use the standard WinAnsi fonts: plain spaces in amounts.
    forme = ", ".join(x for x in (_forme_et_capital(partie, "texte"), _registre(partie)) if x) if societe else ""
    return cerfa.Partie(
        nom=partie.denomination if societe else partie.nom,
        adresse=tuple(_adresse_lignes(partie.adresse)),
        personne_morale=societe,
        prenoms="" if societe else partie.prenoms or "",
        forme=forme,
        representant=(partie.representant or "") if societe else "",
        profession="" if societe else partie.profession or "",
        nationalite="" if societe else partie.nationalite or "",
        naissance_date=None if societe else partie.date_naissance,
        naissance_lieu="" if societe else partie.lieu_naissance or "",
    )


def _interets_cerfa(situation: Situation, montant: Decimal) -> cerfa.Interets | None:
    """B2B: penalties from the day after each invoice's due date (C. com. L441-10 II), their statutory rate
    labelled as such (no "taux contractuel" box) unless the contract fixes one; otherwise legal interest
    from the mise en demeure (C. civ. 1231-6, 1344-1)."""
    # deferred: cerfa brings pypdf and reportlab, which only a Cerfa needs
    from procedures import cerfa

    decompte = situation.decompte
    factures = [
        f
        for f in decompte.factures
        if f.depart_interets is not None and any(l.facture == f.numero for l in decompte.lignes)
    ]
    if not factures:
        return None
    if not situation.dossier.b2b:
        return cerfa.Interets(montant=montant, a_compter_du=min(f.depart_interets for f in factures), taux_legal=True)
    taux = " puis ".join(
        dict.fromkeys(format_taux(l.taux, "texte") for l in sorted(decompte.lignes, key=lambda l: l.du))
    )
    contractuel = not penalites_statutaires(situation.dossier)
    libelle = (
        f"pénalités de retard au taux contractuel de {taux} (C. com. L441-10 II)"
        if contractuel
        else f"taux légal des pénalités de retard, taux BCE majoré de 10 points (C. com. L441-10 II) : {taux}"
    )
    departs = {f.numero: f.depart_interets + timedelta(days=1) for f in factures}
    if len(set(departs.values())) == 1:
        return cerfa.Interets(
            montant=montant,
            a_compter_du=next(iter(departs.values())),
            taux_legal=False,
            taux=libelle,
            contractuel=contractuel,
        )
    points = ", ".join(f"facture {numero} à compter du {format_date_courte(jour)}" for numero, jour in departs.items())
    return cerfa.Interets(
        montant=montant, a_compter_du=None, taux_legal=False, contractuel=contractuel, taux=f"{libelle} ; {points}"
    )


def valeurs_cerfa(
    situation: Situation, *, date_document: date | None = None, lieu: str | None = None
) -> cerfa.ValeursCerfa:
    """The injonction de payer form's values; its total equals the décompte's total.

    The table claims what is still owed: remaining principal, penalties or interest not yet paid, the
    40 € indemnities (C. com. D441-5) as frais accessoires, the clause pénale. A payment the décompte
    could not impute on an invoice is shown as a negative row, so that the form adds up.
    """
    # deferred: cerfa brings pypdf and reportlab, which only a Cerfa needs
    from procedures import cerfa

    dossier = situation.dossier
    decompte = exiger_complet(situation.decompte)
    principal, interets = _principal_restant(decompte), _interets_restants(decompte)
    non_impute = decompte.total - (principal + interets + decompte.indemnites_forfaitaires + decompte.clause_penale)
    signataire = _signataire(dossier)
    return cerfa.ValeursCerfa(
        # A proposed court ("du ressort de …") is a visible blank for the creditor to fill in.
        tribunal=a_completer("juridiction compétente, CPC art. 1406")
        if situation.juridiction.ressort
        else ", ".join(
            [situation.juridiction.nom]
            + ([_adresse(dossier.juridiction.adresse)] if dossier.juridiction and dossier.juridiction.adresse else [])
        ),
        demandeur=_partie_cerfa(dossier.creancier),
        debiteurs=tuple(_partie_cerfa(d) for d in dossier.debiteurs),
        principal=principal,
        fondement=fondement(situation, "injonction_de_payer")
        + (
            f" ; frais accessoires : indemnité forfaitaire pour frais de recouvrement de "
            f"{format_montant(INDEMNITE_FORFAITAIRE, 'texte')} par facture payée en retard (C. com. L441-10 II "
            f"et D441-5)"
            if decompte.indemnites_forfaitaires
            else ""
        ),
        documents_justificatifs=tuple(f"Pièce n° {p.numero} : {p.titre}" for p in situation.pieces.liste),
        lieu=lieu or _lieu(dossier),
        date=date_document or situation.date,
        signataire=", ".join(x for x in (signataire["nom"], signataire["qualite"]) if x),
        mandataire=(
            cerfa.Partie(
                nom=dossier.mandataire.nom,
                adresse=tuple(_adresse_lignes(dossier.mandataire.adresse)),
                profession=_qualite_mandataire(dossier.mandataire),
            )
            if dossier.mandataire
            else None
        ),
        interets=_interets_cerfa(situation, interets),
        clause_penale=decompte.clause_penale or None,
        frais_accessoires=decompte.indemnites_forfaitaires or None,
        lignes_libres=((PAIEMENTS_NON_IMPUTES, non_impute),) if non_impute else (),
    )
