"""The bridge from a Situation to the templates' context and to the Cerfa's values.

Every example case at 2026-06-30 (a fixed date, so amounts stay stable) gives a context of exactly the
documented shape, renders every shipped template, and fills its Cerfa with the décompte's total.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from outils import (
    CREANCIER_A_ECHAPPER,
    DEBITEUR_A_ECHAPPER,
    donnees_exemple,
    noms_a_echapper,
    plat,
    rendu,
    situation_de,
    situation_exemple,
)
from procedures.cerfa import formulaire_pour, remplir_cerfa
from procedures.contexte import CompteRenduAppel, contexte_document, valeurs_cerfa
from procedures.documents import contexte_exemple, noms_modeles
from procedures.erreurs import TauxInconnu
from procedures.montants import format_montant

NOMS_EXEMPLES = ("b2b", "consommateur", "ordonnance")


def meme_forme(obtenu, attendu, chemin: str = "") -> list[str]:
    """Differences of shape: same keys at every level, list items shaped like the sample's first item."""
    if isinstance(attendu, dict):
        if obtenu is None and chemin == "mandataire":
            return []
        if not isinstance(obtenu, dict):
            return [f"{chemin} : objet attendu, obtenu {obtenu!r}"]
        ecarts = [f"{chemin}.{k} : clé absente" for k in attendu.keys() - obtenu.keys()]
        ecarts += [f"{chemin}.{k} : clé en trop" for k in obtenu.keys() - attendu.keys()]
        for cle in attendu.keys() & obtenu.keys():
            ecarts += meme_forme(obtenu[cle], attendu[cle], f"{chemin}.{cle}".lstrip("."))
        return ecarts
    if isinstance(attendu, list):
        if not isinstance(obtenu, list):
            return [f"{chemin} : liste attendue, obtenu {obtenu!r}"]
        modele = attendu[0] if attendu else ""
        return [e for element in obtenu for e in meme_forme(element, modele, chemin + "[]")]
    if isinstance(obtenu, (dict, list)):
        return [f"{chemin} : valeur simple attendue, obtenu {type(obtenu).__name__}"]
    return []


def test_meme_forme_detecte_les_ecarts():
    exemple = contexte_exemple()
    abime = copy.deepcopy(exemple)
    del abime["decompte"]["lignes"][0]["taux"]
    abime["paiement"]["en_trop"] = 1
    abime["pieces"] = "rien"
    assert sorted(meme_forme(abime, exemple)) == [
        "decompte.lignes[].taux : clé absente",
        "paiement.en_trop : clé en trop",
        "pieces : liste attendue, obtenu 'rien'",
    ]
    assert meme_forme(exemple, exemple) == []


# -- the three examples -------------------------------------------------------------------------


@pytest.mark.parametrize("nom", NOMS_EXEMPLES)
def test_contexte_a_exactement_la_forme_de_l_exemple(nom):
    s = situation_exemple(nom)
    assert meme_forme(contexte_document(s), contexte_exemple()) == []
    for etape in ("relance", "mise_en_demeure", "injonction_de_payer", "assignation"):
        assert meme_forme(contexte_document(s, etape), contexte_exemple()) == []


@pytest.mark.parametrize("nom", NOMS_EXEMPLES)
def test_chaque_modele_se_rend_avec_les_donnees_reelles(nom, tmp_path):
    s = situation_exemple(nom)
    ctx = contexte_document(s)
    dossier = s.dossier
    creancier = dossier.creancier.nom_complet
    debiteur = dossier.debiteurs[0].nom_complet
    total = plat(format_montant(s.decompte.total))
    for nom_modele in noms_modeles():
        texte = rendu(nom_modele, ctx, tmp_path)
        assert "{{" not in texte and "{%" not in texte, nom_modele
        if nom_modele.endswith(".docx"):
            assert creancier in texte and debiteur in texte, nom_modele
        else:  # an e-mail is signed by a person: a creditor in person is not also named « pour » himself
            assert ctx["signataire"]["nom"] in texte, nom_modele
        if nom_modele in (
            "decompte.docx",
            "requete_injonction.docx",
            "mise_en_demeure.docx",
            "relance_2.docx",
            "assignation_tc.docx",
            "assignation_tj.docx",
            "assignation_refere_provision.docx",
            "fiche_appel.docx",
            "confirmation_appel.docx",
        ):
            assert total in texte, nom_modele
        if nom_modele == "lettre_cj_execution.docx":
            # after a title, enforcement asks what the title awards, not the décompte (CPC exéc. L111-2)
            assert (total in texte) == (ctx["titre"]["nature"] is None), nom_modele
    bordereau = rendu("bordereau.docx", ctx, tmp_path)
    for piece in dossier.pieces:
        assert plat(piece.titre) in bordereau


@pytest.mark.parametrize("nom", NOMS_EXEMPLES)
def test_documents_de_l_etape_sans_trou(nom, tmp_path):
    """The step's own documents print every value: no « None », no unrendered tag."""
    s = situation_exemple(nom)
    ctx = contexte_document(s)
    assert s.prochaine_etape.documents
    for nom_modele in s.prochaine_etape.documents:
        texte = rendu(nom_modele + ".docx", ctx, tmp_path)
        assert "None" not in texte, nom_modele


def test_noms_speciaux_intacts(tmp_path):
    """« », & and < > of the parties' names reach the document unchanged (escaping is the engine's)."""
    b2b = contexte_document(situation_exemple("b2b"))
    assert "Boulangerie « Le Fournil » SAS" in rendu("mise_en_demeure.docx", b2b, tmp_path)
    ordonnance = contexte_document(situation_de(noms_a_echapper(donnees_exemple("ordonnance"))))
    texte = rendu("lettre_cj_signification.docx", ordonnance, tmp_path)
    assert DEBITEUR_A_ECHAPPER in texte and CREANCIER_A_ECHAPPER in texte


def test_b2b_montants_du_decompte():
    """Example b2b at 2026-06-30, figures from the décompte's own lines:
    principal restant = (4 800,00 − 901,43) + 1 234,56 = 5 133,13 ;
    pénalités restantes = 764,12 accrued − 98,57 paid = 665,55 ; indemnities 2 × 40 = 80,00 ;
    total = 5 133,13 + 665,55 + 80,00 = 5 878,68 (= 6 034,56 + 764,12 + 80,00 − 1 000,00).
    F2025-031: pénalités restantes 600,33 − 98,57 = 501,76 ; total 3 898,57 + 501,76 + 40 = 4 440,33."""
    ctx = contexte_document(situation_exemple("b2b"))
    d = {k: plat(v) if isinstance(v, str) else v for k, v in ctx["decompte"].items()}
    assert (d["principal"], d["principal_restant"], d["interets"], d["interets_restants"]) == (
        "6 034,56 €",
        "5 133,13 €",
        "764,12 €",
        "665,55 €",
    )
    assert (d["indemnites_forfaitaires"], d["paiements"], d["total"]) == ("80,00 €", "1 000,00 €", "5 878,68 €")
    assert d["total_en_lettres"] == "cinq mille huit cent soixante-dix-huit euros et soixante-huit centimes"
    f = {k: plat(v) if isinstance(v, str) else v for k, v in ctx["factures"][0].items()}
    assert (f["reste_du"], f["penalites_ou_interets"], f["indemnite"], f["total"], f["piece"]) == (
        "3 898,57 €",
        "501,76 €",
        "40,00 €",
        "4 440,33 €",
        1,
    )
    assert ctx["decompte"]["imputations"][0]["sur_principal"] == format_montant(Decimal("901.43"))
    assert plat(ctx["creancier"]["mentions_legales"]) == (
        "SARL au capital de 10 000,00 € — RCS Lyon 123 456 782 — siège social : 12 rue de la République, 69002 Lyon"
    )
    assert ctx["signataire"] == {"nom": "Claire Dubois", "qualite": "Gérante"}
    assert ctx["paiement"]["montant_epc"] == "5878.68" and ctx["paiement"]["iban"].startswith("FR76 3000")


def test_b2b_mise_en_demeure_preparee():
    """Next step: the mise en demeure, dated 30 June 2026 (a Tuesday): 30 June + 8 days = Wednesday
    8 July 2026, a working day, so CPC 642 moves nothing. Reminders sent: 2, the last on 7 July 2025."""
    ctx = contexte_document(situation_exemple("b2b"))
    assert ctx["mise_en_demeure"]["date_limite"] == "8 juillet 2026"
    assert ctx["mise_en_demeure"]["delai_jours"] == 8 and ctx["mise_en_demeure"]["date_envoi"] is None
    assert ctx["relance"]["numero"] == 2 and ctx["relance"]["canal"] == "courrier"
    assert ctx["relance"]["date_precedente"] == "7 juillet 2025"


def test_consommateur_mise_en_demeure_envoyee_et_interets_legaux():
    """Sent 5 January 2026 with 15 days: the letter wrote 5 + 15 = 20 January 2026 (a Tuesday). Received
    8 January: the legal period ended 23 January 2026, a Friday; the machine's own deadline agrees.
    Legal interest from the receipt (C. civ. 1231-6, 1344-1), no 40 € indemnity."""
    s = situation_exemple("consommateur")
    ctx = contexte_document(s)
    med = ctx["mise_en_demeure"]
    assert (med["date_envoi"], med["date_reception"], med["date_limite"], med["numero_envoi"]) == (
        "5 janvier 2026",
        "8 janvier 2026",
        "20 janvier 2026",
        "1A 234 567 8901 2",
    )
    assert med["date_expiration"] == "23 janvier 2026"
    assert [d.date for d in s.delais if d.nom == "Fin du délai de la mise en demeure"] == [date(2026, 1, 23)]
    assert ctx["decompte"]["point_depart"] == "à compter du 8 janvier 2026, date de réception de la mise en demeure"
    assert ctx["creance"]["b2b"] is False and ctx["factures"][0]["indemnite"] == format_montant(0)
    assert ctx["juridiction"]["designation_president"] == (
        "Madame la Présidente, Monsieur le Président du tribunal judiciaire de "
        "[À COMPLÉTER : siège compétent pour Nantes, CPC art. 1406]"
    )
    assert ctx["signataire"] == {"nom": "Julien Lefèvre", "qualite": "Artisan plombier"}
    # a sole trader: name followed by « EI », and the SIREN (C. com. R123-237 1° and 9°)
    assert (
        ctx["creancier"]["mentions_legales"]
        == "Julien Lefèvre EI — SIREN 234 567 899 — 8 rue des Olivettes, 44000 Nantes"
    )
    assert ctx["creancier"]["date_naissance"] == "14 septembre 1981"


def test_ordonnance_signification_et_mandataire():
    """Ordonnance of 15 June 2026 (before 1 September 2026): 6 months, 15 December 2026, a Tuesday."""
    ctx = contexte_document(situation_exemple("ordonnance"))
    assert ctx["ordonnance"] == {
        "date": "15 juin 2026",
        "numero_rg": "2026/00412",
        "montant_accorde": format_montant(Decimal("8640.00")),
    }
    assert ctx["signification"]["delai"] == "six mois" and ctx["signification"]["date_limite"] == "15 décembre 2026"
    assert ctx["mandataire"]["designation"] == "Maître Hélène Roux, avocat au barreau de Bordeaux"
    assert ctx["signataire"] == {"nom": "Maître Hélène Roux", "qualite": "Avocat au barreau de Bordeaux"}
    assert ctx["lieu"] == "Bordeaux"
    assert ctx["expediteur"]["designation"] == "Maître Hélène Roux"
    assert ctx["expediteur"]["qualite"] == "Avocat au barreau de Bordeaux"
    assert ctx["expediteur"]["mentions_legales"] is None
    assert ctx["juridiction"]["nom"] == "tribunal de commerce de Libourne"
    assert (
        ctx["juridiction"]["designation_president"]
        == "Madame la Présidente, Monsieur le Président du tribunal de commerce de Libourne"
    )
    assert ctx["decompte"]["regime"] == "taux_contractuel"
    assert ctx["decompte"]["taux_description"].startswith("taux contractuel de 15,00")


@pytest.mark.parametrize(
    ("qualite", "en_tete"),
    [
        ("commissaire_de_justice", "Commissaire de justice"),
        ("societe_de_recouvrement", "Société de recouvrement"),
        ("autre", "Mandataire"),
        ("salarie", None),
    ],
)
def test_expediteur_selon_la_qualite_du_mandataire(qualite, en_tete):
    """The letterhead is the mandataire's when they write in their own name; an employee's is the company's."""
    donnees = donnees_exemple("ordonnance")
    donnees["mandataire"] = {
        "qualite": qualite,
        "nom": "Recouvra Sud",
        "adresse": {"ligne1": "2 rue Sainte-Catherine", "code_postal": "33000", "ville": "Bordeaux"},
        "telephone": "05 56 00 00 00",
    }
    expediteur = contexte_document(situation_de(donnees))["expediteur"]
    if en_tete is None:
        assert expediteur["designation"] == "Tonnellerie Garnier"
        assert expediteur["adresse"] == "40 quai des Chartrons, 33000 Bordeaux"
        assert "RCS Bordeaux 345 678 908" in expediteur["mentions_legales"]
    else:
        assert (expediteur["designation"], expediteur["qualite"]) == ("Recouvra Sud", en_tete)
        assert expediteur["telephone"] == "05 56 00 00 00" and expediteur["mentions_legales"] is None


def avec_evenements(*evenements: dict) -> dict:
    donnees = donnees_exemple("ordonnance")
    donnees["historique"] += list(evenements)
    return donnees


def test_lettre_d_execution_de_l_ordonnance(tmp_path):
    """Ordonnance of 15 April 2026 served to the person on 2 May 2026: opposition until 2 June 2026 (one month,
    CPC 1416), a Tuesday, not a holiday; enforceable from 3 June 2026 (CPC 1422)."""
    donnees = avec_evenements(
        {"date": "2026-05-02", "evenement": "ordonnance_signifiee", "commissaire": "Me Martin", "a_personne": True}
    )
    ordonnance = next(e for e in donnees["historique"] if e["evenement"] == "ordonnance_rendue")
    ordonnance["date"] = date(2026, 4, 15)
    s = situation_de(donnees)
    assert (s.etat, s.prochaine_etape.etape) == ("executoire", "execution")
    ctx = contexte_document(s)
    assert ctx["titre"] == {
        "nature": "ordonnance",
        "date": "15 avril 2026",
        "numero_rg": "2026/00412",
        "juridiction": "le président du tribunal de commerce de Libourne",
        # 8 640,00 € granted in all, against the principal plus penalties and 40 € claimed
        "montant_accorde": format_montant(Decimal("8640.00")),
        "selon_titre": True,
        "partielle": True,
        "detail": [],
        "total": None,
        "date_calcul": None,
        "majoration_le": None,
        "designation": None,
    }
    texte = rendu("lettre_cj_execution.docx", ctx, tmp_path)
    assert "Objet : Exécution forcée de l'ordonnance d'injonction de payer du 15 avril 2026" in texte
    # the ordonnance's terms are not recorded: the sums are « selon le titre », the décompte only informs
    # (CPC exéc. L111-2); its total is never asked for
    assert "la somme de 8 640,00 €, allouée par l'ordonnance, outre les intérêts, frais et dépens" in texte
    assert plat(format_montant(s.decompte.total)) not in texte
    assert (
        "L'ordonnance d'injonction de payer rendue le 15 avril 2026 par le président du tribunal de commerce de "
        "Libourne (RG n° 2026/00412), revêtue de la formule exécutoire, a été signifiée à Vignobles Lacoste "
        "le 2 mai 2026, à personne."
    ) in texte
    assert "exécutée depuis le 3 juin 2026 (article 1422" in texte
    assert "l'acte de signification du 2 mai 2026 ;" in texte
    assert "jugement du" not in texte and "expédition" not in texte


def test_lettre_d_execution_d_un_jugement(tmp_path):
    """After an opposition, the judgment of 29 June 2026 is the title (CPC 1420): served first (CPC 503), its
    expédition revêtue de la formule exécutoire enclosed (CPC 502); the ordonnance is no longer spoken of."""
    s = situation_de(
        avec_evenements(
            {"date": "2026-06-20", "evenement": "opposition_formee"},
            {"date": "2026-06-22", "evenement": "assignation_delivree", "date_audience": "2026-06-25"},
            {"date": "2026-06-29", "evenement": "jugement_rendu", "montant_accorde": "9100.00"},
        )
    )
    assert (s.etat, s.prochaine_etape.etape) == ("jugement_rendu", "execution")
    ctx = contexte_document(s)
    assert ctx["titre"] == {
        "nature": "jugement",
        "date": "29 juin 2026",
        "numero_rg": None,
        "juridiction": "le tribunal de commerce de Libourne",
        "montant_accorde": format_montant(Decimal("9100.00")),
        "selon_titre": True,
        "partielle": None,
        "detail": [],
        "total": None,
        "date_calcul": None,
        "majoration_le": None,
        "designation": None,
    }
    texte = rendu("lettre_cj_execution.docx", ctx, tmp_path)
    assert "Objet : Signification et exécution forcée du jugement du 29 juin 2026 — Vignobles Lacoste" in texte
    assert (
        "Par jugement rendu le 29 juin 2026, le tribunal de commerce de Libourne a condamné Vignobles Lacoste "
        "à payer à Tonnellerie Garnier la somme de 9 100,00 €, outre accessoires."
    ) in texte
    assert "expédition revêtue de la formule exécutoire (article 502" in texte
    assert "signifié (article 503)" in texte and "articles 514 et 514-1" in texte
    assert "l'expédition du jugement du 29 juin 2026 revêtue de la formule exécutoire ;" in texte
    assert "ordonnance" not in texte.lower() and "1422" not in texte and "None" not in texte
    assert "RG n°" not in texte


def test_lettre_d_execution_recouvre_ce_que_le_jugement_accorde(tmp_path):
    """The judgment awarded 9 000,00 € where the invoice claimed 8 640,00 € in principal and the décompte at
    30 June 2026 comes to more (9 539,26 € in the brief's example): the commissaire enforces the title
    (CPC exéc. L111-2), so the letter asks for the 9 000,00 € in principal plus what the dispositif fixes,
    left blank; the décompte goes with it for information only, its total never asked for."""
    s = situation_de(
        avec_evenements(
            {"date": "2026-06-20", "evenement": "opposition_formee"},
            {"date": "2026-06-22", "evenement": "assignation_delivree", "date_audience": "2026-06-25"},
            {"date": "2026-06-29", "evenement": "jugement_rendu", "montant_accorde": "9000.00"},
        )
    )
    total = plat(format_montant(s.decompte.total))
    assert total != "9 000,00 €"
    texte = rendu("lettre_cj_execution.docx", contexte_document(s), tmp_path)
    assert (
        "pour le recouvrement de la somme de 9 000,00 €, allouée par le jugement, outre les "
        "intérêts, frais et dépens selon le dispositif du jugement : [À COMPLÉTER : taux et point de départ "
        "des intérêts, sommes allouées au titre de l'article 700 du code de procédure civile et des dépens, "
        "tels que le jugement les fixe], ainsi que les frais d'exécution."
    ) in texte
    assert (
        "pour information, le décompte de la créance établi par le créancier sur la base de ses factures, tel "
        "que présenté avant le jugement et actualisé au 30 juin 2026 : il ne fixe pas les sommes à recouvrer, "
        "qui sont celles du jugement."
    ) in texte
    assert total not in texte and "arrêtée au" not in texte and "décompte actualisé des sommes dues" not in texte
    assert "ordonnance" not in texte.lower() and "None" not in texte


def test_lettre_d_execution_d_une_ordonnance_partielle(tmp_path):
    """The judge granted 8 000,00 € of the 8 640,00 € claimed (CPC 1409) and the creditor enforces it: the
    letter asks for the 8 000,00 € the ordonnance retained, not the décompte built on the whole invoice."""
    donnees = avec_evenements(
        {"date": "2026-05-02", "evenement": "ordonnance_signifiee", "commissaire": "Me Martin", "a_personne": True}
    )
    ordonnance = next(e for e in donnees["historique"] if e["evenement"] == "ordonnance_rendue")
    ordonnance["date"], ordonnance["montant_accorde"] = date(2026, 4, 15), "8000.00"
    s = situation_de(donnees)
    assert s.prochaine_etape.etape == "execution"
    ctx = contexte_document(s)
    assert ctx["titre"]["selon_titre"] is True
    texte = rendu("lettre_cj_execution.docx", ctx, tmp_path)
    assert (
        "pour le recouvrement de la somme de 8 000,00 €, allouée par l'ordonnance, outre les "
        "intérêts, frais et dépens selon le dispositif de l'ordonnance : [À COMPLÉTER : "
    ) in texte
    assert "tels que l'ordonnance les fixe], ainsi que les frais d'exécution." in texte
    assert "tel que présenté avant l'ordonnance et actualisé au 30 juin 2026" in texte
    assert plat(format_montant(s.decompte.total)) not in texte and "du jugement" not in texte


def test_titre_sans_montant_d_ordonnance_ni_titre():
    """No amount recorded for the ordonnance: nothing says it is partial, and its sums are « selon le titre »
    (CPC exéc. L111-2); before any title the flags are null like the other fields."""
    donnees = donnees_exemple("ordonnance")
    ordonnance = next(e for e in donnees["historique"] if e["evenement"] == "ordonnance_rendue")
    del ordonnance["montant_accorde"]
    titre = contexte_document(situation_de(donnees))["titre"]
    assert (titre["selon_titre"], titre["partielle"]) == (True, False)
    assert contexte_document(situation_exemple("b2b"))["titre"]["selon_titre"] is None


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        (
            "Chambre commerciale du tribunal judiciaire de Strasbourg",
            "la chambre commerciale du tribunal judiciaire de Strasbourg",
        ),
        ("Tribunal des activités économiques de Lyon", "le tribunal des activités économiques de Lyon"),
    ],
)
def test_juridiction_du_jugement_avec_son_article(nom, attendu):
    donnees = avec_evenements({"date": "2026-06-29", "evenement": "jugement_rendu", "montant_accorde": "9100.00"})
    donnees["juridiction"] = {"nom": nom}
    assert contexte_document(situation_de(donnees))["titre"]["juridiction"] == attendu


@pytest.mark.parametrize(
    ("matiere", "nom", "attendu"),
    [
        (
            "ordinaire",
            "Chambre commerciale du tribunal judiciaire de Metz",
            "Madame la Présidente, Monsieur le Président de la chambre commerciale du tribunal judiciaire de Metz",
        ),
        (
            "credit_consommation",
            None,
            "Madame la Juge, Monsieur le Juge des contentieux de la protection de "
            "[À COMPLÉTER : siège compétent pour Nantes, CPC art. 1406]",
        ),
        (
            "credit_consommation",
            "Tribunal judiciaire de Nantes",
            "Madame la Juge, Monsieur le Juge des contentieux de la protection du tribunal judiciaire de Nantes",
        ),
    ],
)
def test_destinataire_de_la_requete(matiere, nom, attendu):
    donnees = donnees_exemple("consommateur")
    donnees["creance"]["matiere"] = matiere
    if nom:
        donnees["juridiction"] = {"nom": nom}
    assert contexte_document(situation_de(donnees))["juridiction"]["designation_president"] == attendu


# -- steps drawn from the history ---------------------------------------------------------------


def test_relances_numerotees_depuis_l_historique(tmp_path):
    """b2b before its reminders. On 16 June 2025 nothing was sent: reminder 1, pay by 16 June + 15 days =
    1 July 2025 (Tuesday), for the principal only: 3 898,57 + 1 234,56 = 5 133,13. On 1 July 2025, after
    the e-mail of 20 June: reminder 2, pay by 16 July 2025 (Wednesday), for the total."""
    donnees = donnees_exemple("b2b")
    donnees["historique"] = []
    premiere = contexte_document(situation_de(donnees, date(2025, 6, 16)))
    assert (premiere["relance"]["numero"], premiere["relance"]["date_precedente"]) == (1, None)
    assert premiere["relance"]["date_limite"] == "1er juillet 2025"
    assert plat(premiere["paiement"]["montant"]) == "5 133,13 €"
    assert "None" not in rendu("relance_1.docx", premiere, tmp_path)

    donnees["historique"] = [{"date": date(2025, 6, 20), "evenement": "relance_envoyee", "canal": "email"}]
    s = situation_de(donnees, date(2025, 7, 1))
    seconde = contexte_document(s)
    assert (seconde["relance"]["numero"], seconde["relance"]["date_precedente"]) == (2, "20 juin 2025")
    assert seconde["relance"]["date_limite"] == "16 juillet 2025"
    assert seconde["paiement"]["montant"] == format_montant(s.decompte.total)
    texte = rendu("relance_2.docx", seconde, tmp_path)
    assert "None" not in texte and "20 juin 2025" in texte


def test_echeancier_depuis_le_dernier_evenement(tmp_path):
    donnees = donnees_exemple("consommateur")
    donnees["historique"].append(
        {
            "date": date(2026, 6, 1),
            "evenement": "echeancier_accorde",
            "echeances": [
                {"date": date(2026, 7, 15), "montant": "1000.00"},
                {"date": date(2026, 8, 15), "montant": "1176.70"},
            ],
        }
    )
    s = situation_de(donnees)
    assert s.prochaine_etape.documents == ("echeancier",)
    ctx = contexte_document(s)
    e = ctx["echeancier"]
    assert e["nombre"] == 2 and plat(e["total"]) == "2 176,70 €"
    assert e["total_en_lettres"] == "deux mille cent soixante-seize euros et soixante-dix centimes"
    assert [x["montant_en_lettres"] for x in e["echeances"]] == [
        "mille euros",
        "mille cent soixante-seize euros et soixante-dix centimes",
    ]
    texte = rendu("echeancier.docx", ctx, tmp_path)
    assert "None" not in texte and "mille cent soixante-seize euros et soixante-dix centimes" in texte


def test_compte_rendu_d_appel_et_blanc_sinon(tmp_path):
    s = situation_exemple("b2b")
    sans = contexte_document(s, "relance")
    assert sans["appel"]["accord"].startswith("[À COMPLÉTER")
    appel = CompteRenduAppel(
        date(2026, 6, 29),
        "Règlement de F2025-047 sous huitaine.",
        "M. Paul Martin",
        Decimal("1438.35"),
        date(2026, 7, 7),
    )
    ctx = contexte_document(s, "relance", appel=appel)
    texte = rendu("confirmation_appel.docx", ctx, tmp_path)
    assert "29 juin 2026" in texte and "1 438,35 €" in texte and "7 juillet 2026" in texte


# -- unknown rates ------------------------------------------------------------------------------


def test_taux_inconnu_refuse_les_documents_chiffres(tmp_path):
    """On 1 February 2027 the 2027 S1 ECB rate is unknown: the décompte stops on 31 December 2026."""
    s = situation_exemple("b2b", date(2027, 2, 1))
    assert not s.decompte.complet
    with pytest.raises(TauxInconnu, match="Montants incomplets"):
        contexte_document(s)
    with pytest.raises(TauxInconnu):
        contexte_document(s, documents=("mise_en_demeure", "bordereau"))
    with pytest.raises(TauxInconnu):
        valeurs_cerfa(s)
    ctx = contexte_document(s, documents=("bordereau",))
    assert ctx["decompte"]["total"] is None and ctx["paiement"]["montant_epc"] is None
    assert meme_forme(ctx, contexte_exemple()) == []
    assert "Devis accepté du 3 février 2025" in rendu("bordereau.docx", ctx, tmp_path)


# -- Cerfa --------------------------------------------------------------------------------------


@pytest.mark.parametrize("nom", NOMS_EXEMPLES)
def test_cerfa_total_egal_au_decompte_et_relu(nom, tmp_path):
    s = situation_exemple(nom)
    valeurs = valeurs_cerfa(s)
    assert valeurs.total == s.decompte.total
    formulaire = formulaire_pour(s.juridiction.type)
    assert formulaire.code == s.juridiction.cerfa
    sortie = remplir_cerfa(formulaire.code, valeurs, tmp_path / "cerfa.pdf")
    champs = {n: c.get("/V") for n, c in PdfReader(sortie).get_fields().items()}
    assert champs["total"] == format_montant(s.decompte.total, "texte")
    assert champs["debiteur_nom"] == (s.dossier.debiteurs[0].denomination or s.dossier.debiteurs[0].nom)
    assert champs["fondement"] in (valeurs.fondement, "voir annexe")
    assert valeurs.fondement.startswith(s.dossier.creance.fondement)
    assert "Pièce n° 1 : " in champs["documents_justificatifs"] or champs["documents_justificatifs"] == "voir annexe"


def test_cerfa_b2b_sommes():
    """665,55 of penalties still owed; 2 × 40 € as frais accessoires; 5 133,13 + 665,55 + 80 = 5 878,68."""
    v = valeurs_cerfa(situation_exemple("b2b"))
    assert v.principal == Decimal("5133.13") and v.frais_accessoires == Decimal("80.00")
    assert v.interets.montant == Decimal("665.55") and v.total == Decimal("5878.68")
    assert v.demandeur.forme == "SARL au capital de 10 000,00 €, RCS Lyon 123 456 782"
    assert v.documents_justificatifs[2] == "Pièce n° 3 : Devis accepté du 3 février 2025"
    assert v.signataire == "Claire Dubois, Gérante" and v.lignes_libres == ()


def test_cerfa_consommateur_interet_legal_depuis_la_mise_en_demeure():
    v = valeurs_cerfa(situation_exemple("consommateur"))
    assert v.interets.taux_legal and v.interets.a_compter_du == date(2026, 1, 8)
    assert v.frais_accessoires is None and v.demandeur.naissance_date == date(1981, 9, 14)


def test_cerfa_paiement_non_impute_en_ligne_negative():
    """Invoice 1 000,00 due 31 January 2025, 1 020,00 paid on 2 March 2025 (30 days late, 2025 S1 rate
    13,15 %): penalties 1 000 × 13,15 % × 30 / 365 = 10,808… → 10,81 ; the payment covers them and the
    principal, 9,19 are left unimputed. Total = 1 000 + 10,81 + 40 − 1 020 = 30,81; the form shows
    principal 0, penalties 0, 40 € and a row of −9,19, which add up to 30,81."""
    donnees = donnees_exemple("b2b")
    donnees["creance"]["factures"] = [
        {"numero": "F1", "date": date(2025, 1, 1), "echeance": date(2025, 1, 31), "montant": "1000.00", "piece": 1}
    ]
    donnees["creance"]["paiements"] = [{"date": date(2025, 3, 2), "montant": "1020.00"}]
    s = situation_de(donnees)
    assert s.decompte.total == Decimal("30.81")
    v = valeurs_cerfa(s)
    assert v.lignes_libres == (
        ("À déduire : paiements non imputés sur le principal ou les intérêts", Decimal("-9.19")),
    )
    assert v.total == Decimal("30.81")


def test_periodes_du_decompte_au_premier_jour_compte():
    """Example b2b, F2025-031 due 14 April 2025: penalties run from the next day (C. com. L441-10 II).
    Periods (start excluded, end included): (14/04, 10/06] 30 − 14 + 31 + 10 = 57 days, split by the payment
    of 10 June; (10/06, 30/06] 20 days; (30/06, 31/12] 184 days; (31/12/2025, 30/06/2026] 181 days.
    Each period prints its first day counted: 15 avril, 11 juin, 1er juillet 2025, 1er janvier 2026 — in the
    DOCX context, the terminal table and the handoff ZIP's PDF alike."""
    from procedures.affichage import blocs_decompte

    s = situation_exemple("b2b")
    lignes = [l for l in contexte_document(s)["decompte"]["lignes"] if l["facture"] == "F2025-031"]
    assert [(l["du"], l["au"], l["jours"]) for l in lignes] == [
        ("15 avril 2025", "10 juin 2025", 57),
        ("11 juin 2025", "30 juin 2025", 20),
        ("1er juillet 2025", "31 décembre 2025", 184),
        ("1er janvier 2026", "30 juin 2026", 181),
    ]
    table = next(b for b in blocs_decompte(s.decompte) if getattr(b, "titre", "").startswith("Facture F2025-031"))
    assert [c.titre for c in table.colonnes[:2]] == ["du", "au"]
    assert [ligne[:3] for ligne in table.lignes[:4]] == [
        ("15/04/2025", "10/06/2025", "57"),
        ("11/06/2025", "30/06/2025", "20"),
        ("01/07/2025", "31/12/2025", "184"),
        ("01/01/2026", "30/06/2026", "181"),
    ]


def test_relance_chaque_ligne_s_additionne(tmp_path):
    """b2b on 16 June 2025, first reminder. F2025-031: penalties (14/04, 10/06] at 13,15 % =
    4 800 × 13,15 % × 57 / 365 = 631,20 × 57 / 365 = 98,5709… → 98,57 €. The payment of 1 000 € of 10 June
    goes to them first (C. civ. 1343-1): 98,57 € on penalties, 1 000 − 98,57 = 901,43 € on the principal.
    The row reads 4 800,00 − 901,43 = 3 898,57 €, and the letter says where the 98,57 € went."""
    donnees = donnees_exemple("b2b")
    donnees["historique"] = []
    ctx = contexte_document(situation_de(donnees, date(2025, 6, 16)))
    f = ctx["factures"][0]
    assert [plat(f[k]) for k in ("montant", "paye", "paye_principal", "paye_interets", "reste_du")] == [
        "4 800,00 €",
        "1 000,00 €",
        "901,43 €",
        "98,57 €",
        "3 898,57 €",
    ]
    assert ctx["factures"][1]["paye_interets"] is None
    for modele in ("relance_1.docx", "relance_prevenance.docx", "decompte.docx"):
        texte = plat(rendu(modele, ctx, tmp_path))
        assert "4 800,00 €\n901,43 €\n3 898,57 €" in texte, modele  # one cell a line
        assert (
            "Facture F2025-031 : sur 1 000,00 € réglés, 98,57 € ont été imputés d'abord sur les pénalités de "
            "retard échues (article 1343-1 du code civil) et 901,43 € sur le principal."
        ) in texte, modele


def test_cerfa_b2b_taux_legal_des_penalites_et_depart_par_facture(tmp_path):
    """b2b example, no rate in the contract: the statutory L441-10 II rate, ECB + 10 points = 3,15 + 10 =
    13,15 % (2025 S1) then 2,15 + 10 = 12,15 % (2025 S2), is the legal penalty rate, not a contractual one:
    the « taux contractuel » box stays empty. Each invoice from the day after its own due date: F2025-031 due
    14/04/2025 → 15/04/2025; F2025-047 due 30/05/2025 → 31/05/2025. Frais accessoires 2 × 40 = 80 € under
    C. com. D441-5."""
    from procedures.cerfa import champs_logiques

    v = valeurs_cerfa(situation_exemple("b2b"))
    assert v.interets.a_compter_du is None and not v.interets.taux_legal and not v.interets.contractuel
    assert v.interets.taux == (
        "taux légal des pénalités de retard, taux BCE majoré de 10 points (C. com. L441-10 II) : 13,15 % puis "
        "12,15 % ; facture F2025-031 à compter du 15/04/2025, facture F2025-047 à compter du 31/05/2025"
    )
    champs = champs_logiques(v)
    assert champs["interets_taux_contractuel"] is False and champs["interets_taux_legal"] is False
    assert "interets_a_compter_du" not in champs
    assert v.frais_accessoires == Decimal("80.00") and v.fondement.endswith(
        "; frais accessoires : indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture payée en "
        "retard (C. com. L441-10 II et D441-5)"
    )
    s = situation_exemple("b2b")
    pdf = remplir_cerfa(formulaire_pour(s.juridiction.type).code, v, tmp_path / "cerfa.pdf")
    texte = plat(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "F2025-047 à compter du 31/05/2025" in " ".join(texte.split())


def test_cerfa_penalites_contractuelles_cochees_au_taux_contractuel():
    """A contract at 12 % a year: that rate is contractual (C. com. L441-10 II, first sentence), box ticked."""
    donnees = donnees_exemple("b2b")
    donnees["creance"]["penalites"] = {"type": "fixe", "taux": "12"}
    v = valeurs_cerfa(situation_de(donnees))
    assert v.interets.contractuel and v.interets.taux.startswith("pénalités de retard au taux contractuel de 12,00 %")


def test_prescription_consommateur_depuis_l_execution_des_travaux():
    """Consumer example (a plumber against a private person): invoice of 30/09/2025 due 30/10/2025, water
    heater replaced on 26/09/2025. C. conso. L218-2, from completion (Cass. 1re civ., 19 mai 2021,
    n° 20-12.520): 26/09/2025 + 2 years = 26/09/2027; no interruption (a mise en demeure interrupts nothing).
    Without date_execution: from the due date, 30/10/2025 + 2 = 30/10/2027, with an alert."""
    donnees = donnees_exemple("consommateur")
    sans = situation_de(donnees)
    assert sans.prescription.delai.date == date(2027, 10, 30)
    assert any(a.startswith("Date d'exécution absente (facture 2025-0931)") for a in sans.alertes)
    donnees["creance"]["factures"][0]["date_execution"] = date(2025, 9, 26)
    avec = situation_de(donnees)
    assert avec.prescription.delai.date == date(2027, 9, 26) and "L218-2" in avec.prescription.delai.article
    assert not any("Date d'exécution absente" in a for a in avec.alertes)


def test_date_execution_sans_effet_entre_professionnels():
    """b2b: C. com. L110-4's 5 years run from the due date: F2025-031 due 14/04/2025, paid in part on
    10/06/2025 (C. civ. 2240) → 10/06/2030; F2025-047 due 30/05/2025 → 30/05/2030, the earlier. A
    date_execution changes nothing and no alert is given."""
    donnees = donnees_exemple("b2b")
    donnees["creance"]["factures"][1]["date_execution"] = date(2025, 4, 1)
    s = situation_de(donnees)
    assert s.prescription.delai.date == date(2030, 5, 30)
    assert not any("Date d'exécution" in a for a in s.alertes)
