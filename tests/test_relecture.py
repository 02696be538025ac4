"""Proofreading of the generated documents: French agreement, legal mentions and consistent figures.

Each test renders a shipped template with the real examples (as tests/test_contexte.py does) and reads the
text back; every expectation is the wording a lawyer would sign, written out by hand.
"""

from __future__ import annotations

import email
import email.policy
from datetime import date
from decimal import Decimal

from outils import donnees_exemple, plat, rendu, situation_de, situation_exemple
from procedures.contexte import contexte_document
from procedures.courriel import creer_courriel
from procedures.montants import format_montant


def _b2b_sans_relance() -> dict:
    """The b2b example before any reminder: the first reminder is due on 20 June 2025 (rates of 2025 S1)."""
    donnees = donnees_exemple("b2b")
    donnees["historique"] = []
    return donnees


# -- assignations -------------------------------------------------------------------------------


def test_assignation_tj_petite_creance_mentionne_le_prealable_amiable(tmp_path):
    """CPC 54 5° and 750-1: before the tribunal judiciaire, a claim of 2 176,70 € (≤ 5 000 €) must state the
    amicable attempt or the ground for exemption: a blank when the user gave neither, the text when given."""
    ctx = contexte_document(situation_exemple("consommateur"), "assignation")
    assert ctx["assignation"]["prealable_amiable_requis"] is True
    for modele in ("assignation_tj.docx", "assignation_refere_provision.docx"):
        texte = rendu(modele, ctx, tmp_path)
        assert (
            "Diligences en vue d'une résolution amiable (articles 54 et 750-1 du code de procédure civile)\n"
            "[À COMPLÉTER : tentative préalable de conciliation, de médiation ou de procédure participative, "
            "ou motif de dispense (article 750-1 du code de procédure civile)]"
        ) in texte
    ctx["prealable_amiable"] = "Un conciliateur de justice a été saisi le 2 février 2026, sans succès."
    texte = rendu("assignation_tj.docx", ctx, tmp_path)
    assert "Un conciliateur de justice a été saisi le 2 février 2026, sans succès." in texte
    assert "motif de dispense" not in texte


def test_assignation_tc_sans_prealable_amiable(tmp_path):
    """Art. 750-1 concerns the tribunal judiciaire only: nothing before the tribunal de commerce."""
    ctx = contexte_document(situation_exemple("b2b"), "assignation")
    assert ctx["assignation"]["prealable_amiable_requis"] is False
    assert "750-1" not in rendu("assignation_tc.docx", ctx, tmp_path)


def test_assignation_accorde_le_demandeur(tmp_path):
    """M. Lefèvre is « le demandeur » (contraint, il); a company is « la demanderesse » (contrainte, elle)."""
    homme = rendu("assignation_tj.docx", contexte_document(situation_exemple("consommateur"), "assignation"), tmp_path)
    assert "demanderesse" not in homme and "Lefèvre et Mme Aminata N'Diaye sont liées" not in homme
    assert (
        "Les relations entre M. Julien Lefèvre et Mme Aminata N'Diaye sont régies par les engagements suivants : "
        "Devis signé le 2 septembre 2025"
    ) in homme
    assert "En exécution de ces engagements, le demandeur a émis les factures suivantes" in homme
    assert "reçue le 8 janvier 2026 (pièce n° 3), le demandeur a mis en demeure la partie défenderesse" in homme
    assert "C'est dans ces conditions que le demandeur se voit contraint d'introduire la présente instance." in homme
    assert "Le demandeur a exécuté ses obligations" in homme
    assert "à la charge du demandeur les frais qu'il a dû exposer" in homme
    societe = rendu("assignation_tc.docx", contexte_document(situation_exemple("b2b"), "assignation"), tmp_path)
    assert "C'est dans ces conditions que la demanderesse se voit contrainte d'introduire" in societe
    assert "à la charge de la demanderesse les frais qu'elle a dû exposer" in societe
    assert "Représentée par [À COMPLÉTER : nom du représentant de la demanderesse (article 855" in societe
    assert "La demanderesse est représentée comme indiqué ci-dessus." in societe


def test_dispositif_ponctuation_et_point_de_depart(tmp_path):
    """No comma between the creditor and « la somme » on the merits; « , à titre de provision, » in référé; the
    start date closed by a comma before « ainsi que »."""
    ctx = contexte_document(situation_exemple("consommateur"), "assignation")
    fond = rendu("assignation_tj.docx", ctx, tmp_path)
    assert "CONDAMNER Mme Aminata N'Diaye à payer à M. Julien Lefèvre la somme de 2 150,00 € en principal ;" in fond
    assert (
        "la somme de 26,70 € au titre des intérêts au taux légal arrêtés au 30 juin 2026, courus à compter du "
        "8 janvier 2026, date de réception de la mise en demeure, ainsi que ceux à échoir"
    ) in fond
    assert (
        "la somme de 2 176,70 € (deux mille cent soixante-seize euros et soixante-dix centimes) arrêtée au "
        "30 juin 2026, outre"
    ) in fond
    refere = rendu("assignation_refere_provision.docx", ctx, tmp_path)
    assert (
        "CONDAMNER Mme Aminata N'Diaye à payer à M. Julien Lefèvre, à titre de provision, la somme de "
        "2 150,00 € en principal ;"
    ) in refere
    # CPC 489: the référé ordonnance to come, not « la présente ordonnance » (the act is a summons)
    assert (
        "RAPPELER que l'ordonnance à intervenir est exécutoire à titre provisoire (article 489 du code de "
        "procédure civile)."
    ) in refere
    assert "la présente ordonnance" not in refere
    assert "elle s'expose à ce qu'une ordonnance soit rendue contre elle" in refere
    b2b = rendu("assignation_tc.docx", contexte_document(situation_exemple("b2b"), "assignation"), tmp_path)
    assert (
        "au titre des pénalités de retard arrêtées au 30 juin 2026, courues à compter du lendemain de la date "
        "d'échéance de chaque facture, ainsi que celles à échoir"
    ) in b2b


def test_assignation_blancs_du_commissaire_de_justice(tmp_path):
    """The blanks say what to write, not « à compléter » twice."""
    texte = rendu("assignation_tj.docx", contexte_document(situation_exemple("consommateur"), "assignation"), tmp_path)
    assert "[À COMPLÉTER : à compléter" not in texte
    assert (
        "où étant et parlant à : [À COMPLÉTER : modalités de remise de l'acte, par le commissaire de justice]" in texte
    )
    assert "Coût de l'acte : [À COMPLÉTER : coût de l'acte, par le commissaire de justice]" in texte


def test_article_762_tel_qu_il_est_ecrit(tmp_path):
    """CPC 762: relatives up to the third degree only, persons « exclusivement » attached, pouvoir spécial for
    a representative who is not an avocat."""
    texte = rendu("assignation_tj.docx", contexte_document(situation_exemple("consommateur"), "assignation"), tmp_path)
    assert "parents ou alliés en ligne directe ou en ligne collatérale jusqu'au troisième degré inclus" in texte
    assert "les personnes exclusivement attachées à leur service personnel ou à leur entreprise" in texte
    assert "le représentant, s'il n'est avocat, doit justifier d'un pouvoir spécial (article 762)" in texte


def test_mandataire_elu_domicile_sans_accord_fautif(tmp_path):
    """Maître Hélène Roux: no « au cabinet duquel » (nor « lequel ») for a woman; « chez qui » fits anyone."""
    ctx = contexte_document(situation_exemple("ordonnance"), "assignation")
    for modele in ("assignation_tc.docx", "assignation_refere_provision.docx", "assignation_tj.docx"):
        texte = rendu(modele, ctx, tmp_path)
        assert "duquel" not in texte and "lequel" not in texte
        assert (
            "15 cours de l'Intendance, 33000 Bordeaux, " in texte
            and "chez qui il est fait élection de domicile ;" in texte
        )


def test_refere_sur_une_creance_contestee(tmp_path):
    """After a recorded contestation, the summons no longer says the invoices met no objection: it leaves the
    answer to the contestation to the lawyer."""
    donnees = donnees_exemple("b2b")
    donnees["historique"].append(
        {"date": date(2026, 6, 1), "evenement": "contestation", "motif": "Vitrine non conforme"}
    )
    ctx = contexte_document(situation_de(donnees), "assignation")
    assert ctx["creance"]["contestee"] is True
    refere = rendu("assignation_refere_provision.docx", ctx, tmp_path)
    assert "aucune réclamation" not in refere and "engagement non contesté" not in refere
    assert (
        "la partie défenderesse a contesté la créance, mais cette contestation n'est pas sérieuse : "
        "[À COMPLÉTER : raisons pour lesquelles la contestation n'est pas sérieuse]"
    ) in refere
    fond = rendu("assignation_tc.docx", ctx, tmp_path)
    assert (
        "La créance a été contestée : [À COMPLÉTER : date, termes de la contestation et réponse qui y est apportée]."
    ) in fond


# -- requête, commissaire de justice ------------------------------------------------------------


def test_enjoindre_a_quelqu_un(tmp_path):
    """« enjoindre à quelqu'un de payer »; the judge named in running text in lower case, not « Monsieur le … »."""
    requete = rendu(
        "requete_injonction.docx", contexte_document(situation_exemple("b2b"), "injonction_de_payer"), tmp_path
    )
    assert "de rendre une ordonnance enjoignant à la société Boulangerie « Le Fournil » SAS de lui payer :" in requete
    assert "article D441-5 du code de commerce" in requete and "Article D441-5" not in requete
    lettre = rendu("lettre_cj_signification.docx", contexte_document(situation_exemple("ordonnance")), tmp_path)
    assert (
        "Par ordonnance du 15 juin 2026 (RG n° 2026/00412), le président du tribunal de commerce de Libourne a "
        "enjoint à Vignobles Lacoste de payer à Tonnellerie Garnier la somme de 8 640,00 €"
    ) in lettre


def test_requete_plusieurs_debiteurs(tmp_path):
    """Two debtors: one heading « Les débiteurs »; solidarity is not presumed (C. civ. 1310), so its ground is a
    blank; each debtor after « à »."""
    donnees = donnees_exemple("b2b")
    second = {
        "type": "personne_physique",
        "civilite": "M.",
        "nom": "Martin",
        "prenoms": "Paul",
        "adresse": {"ligne1": "2 rue Neuve", "code_postal": "69100", "ville": "Villeurbanne"},
    }
    donnees["debiteurs"].append(second)
    texte = rendu("requete_injonction.docx", contexte_document(situation_de(donnees), "injonction_de_payer"), tmp_path)
    assert "\nLes débiteurs\n" in texte and "Le débiteur — les débiteurs" not in texte
    assert (
        "Les débiteurs sont tenus solidairement : [À COMPLÉTER : fondement de la solidarité, qui ne se présume "
        "pas (article 1310 du code civil) : clause du contrat, cautionnement solidaire…]."
    ) in texte
    assert (
        "enjoignant solidairement à la société Boulangerie « Le Fournil » SAS et à M. Paul Martin de lui payer :"
    ) in texte


def test_lettre_au_commissaire_sans_parentheses_vides(tmp_path):
    """A mandataire with neither telephone nor e-mail: no « () »."""
    donnees = donnees_exemple("ordonnance")
    del donnees["mandataire"]["email"]
    texte = rendu("lettre_cj_signification.docx", contexte_document(situation_de(donnees)), tmp_path)
    assert "()" not in texte and "Pour tout échange" not in texte
    avec = rendu("lettre_cj_signification.docx", contexte_document(situation_exemple("ordonnance")), tmp_path)
    assert "Pour tout échange sur ce dossier : h.roux@avocats.example." in avec


# -- letters ------------------------------------------------------------------------------------


def test_signature_du_creancier_en_personne(tmp_path):
    """M. Lefèvre signs his own letters: no « pour M. Julien Lefèvre »; a company's manager signs « pour » it."""
    texte = rendu(
        "mise_en_demeure.docx", contexte_document(situation_exemple("consommateur"), "mise_en_demeure"), tmp_path
    )
    # the signatory's lines sit at a tab stop, under the closing line of the same paragraph
    assert "\tJulien Lefèvre\n\tArtisan plombier" in texte and "pour M. Julien Lefèvre" not in texte
    b2b = rendu("mise_en_demeure.docx", contexte_document(situation_exemple("b2b")), tmp_path)
    assert "\tClaire Dubois\n\tGérante\n\tpour Atelier Dubois & Fils" in b2b


def test_virement_sans_elision_manquee(tmp_path):
    """« au bénéfice de Atelier … » is wrong French: the holder comes after a colon."""
    texte = rendu("mise_en_demeure.docx", contexte_document(situation_exemple("b2b")), tmp_path)
    assert "de Atelier" not in texte
    assert (
        "Par virement — titulaire du compte : Atelier Dubois & Fils — IBAN : FR76 3000 6000 0112 3456 7890 189 — "
        "BIC : AGRIFRPP — en indiquant la référence 2026-0042."
    ) in texte


def test_mise_en_demeure_ponctuation_et_objet(tmp_path):
    texte = rendu("mise_en_demeure.docx", contexte_document(situation_exemple("b2b")), tmp_path)
    assert "Objet : Mise en demeure de payer — factures F2025-031 et F2025-047" in texte
    assert "majoré de 10 points, jusqu'au complet paiement (article L441-10 du code de commerce)" in texte


def test_seconde_relance_sans_date_limite(tmp_path):
    """« sans délai » cannot be followed by « dans ce délai »."""
    ctx = contexte_document(situation_exemple("b2b"), "relance", delai_relance_jours=0)
    assert ctx["relance"]["date_limite"] is None
    texte = rendu("relance_2.docx", ctx, tmp_path)
    assert "sans délai." in texte and "dans ce délai" not in texte
    assert "À défaut de règlement rapide, nous vous adresserons une mise en demeure" in texte


def test_decompte_sans_paiement_ni_ligne_a_zero(tmp_path):
    """No payment recorded: no « À déduire : paiements reçus − 0,00 € » line; with one, the line is there."""
    assert "paiements reçus" not in rendu(
        "decompte.docx", contexte_document(situation_exemple("consommateur")), tmp_path
    )
    assert "À déduire : paiements reçus\n− 1 000,00 €" in rendu(
        "decompte.docx", contexte_document(situation_exemple("b2b")), tmp_path
    )


def test_echeancier_reconnait_la_dette_du_decompte(tmp_path):
    """Plan of 500 + 1 000 + 676,70 = 2 176,70 € agreed on 2 March 2026; on 10 March 2026 the décompte is
    2 150,00 + 2 150,00 × 2,62 % × 61 / 365 (8 January → 10 March) = 2 150,00 + 9,41 = 2 159,41 €: the debt
    acknowledged « arrêtée au 10 mars 2026 et détaillée au décompte annexé » is that one, and the plan's own
    total is given as such."""
    donnees = donnees_exemple("consommateur")
    donnees["historique"].append(
        {
            "date": date(2026, 3, 2),
            "evenement": "echeancier_accorde",
            "echeances": [
                {"date": date(2026, 4, 1), "montant": "500"},
                {"date": date(2026, 5, 1), "montant": "1000"},
                {"date": date(2026, 6, 1), "montant": "676.70"},
            ],
        }
    )
    s = situation_de(donnees, date(2026, 3, 10))
    assert s.decompte.total == Decimal("2159.41")
    texte = rendu("echeancier.docx", contexte_document(s), tmp_path)
    assert (
        "Le débiteur reconnaît devoir au créancier la somme de 2 159,41 € (deux mille cent cinquante-neuf euros "
        "et quarante et un centimes), arrêtée au 10 mars 2026 et détaillée au décompte annexé"
    ) in texte
    assert (
        "Le débiteur s'engage à verser au créancier la somme totale de 2 176,70 € (deux mille cent "
        "soixante-seize euros et soixante-dix centimes) en 3 versements"
    ) in texte


def test_appel_telephonique_accord_et_montant(tmp_path):
    """A phone reminder asks for the total (fiche: « Règlement immédiat du total »): the confirmation's QR code
    pre-fills that same total, 5 236,52 € on 20 June 2025; « elles font »; « F2025-031 et F2025-047 »."""
    s = situation_de(_b2b_sans_relance(), date(2025, 6, 20))
    ctx = contexte_document(s, "relance", canal="telephone")
    assert ctx["paiement"]["montant"] == ctx["decompte"]["total"] == format_montant(Decimal("5236.52"), espaces="docx")
    fiche = rendu("fiche_appel.docx", ctx, tmp_path)
    assert "si elles font l'objet d'une contestation" in fiche
    confirmation = rendu("confirmation_appel.docx", ctx, tmp_path)
    assert "au sujet des factures F2025-031 et F2025-047, dont le solde s'élève à 5 236,52 €" in confirmation
    assert "pré-remplit le virement de 5 236,52 €" in confirmation
    courrier = contexte_document(s, "relance", canal="courrier")
    assert courrier["paiement"]["montant"] == courrier["decompte"]["principal_restant"]
    ctx_promesse = dict(ctx, appel=dict(ctx["appel"], montant_promis="1 000,00 €"))
    assert "Vous avez ainsi pris l'engagement de nous régler la somme de 1 000,00 €" in rendu(
        "confirmation_appel.docx", ctx_promesse, tmp_path
    )


# -- e-mails ------------------------------------------------------------------------------------


def test_courriels_objet_et_signature(tmp_path):
    """Subject « factures F2025-031 et F2025-047 »; a creditor in person signs with his trade only; a company's
    manager with the company's name."""
    s = situation_de(_b2b_sans_relance(), date(2025, 6, 20))
    eml = creer_courriel("courriel_relance_1", contexte_document(s, "relance", canal="email"), [], tmp_path / "b2b.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Relance — factures F2025-031 et F2025-047 (2026-0042)"
    assert (
        plat(message.get_body().get_content())
        .replace("\r\n", "\n")
        .rstrip()
        .endswith("Claire Dubois\nGérante, Atelier Dubois & Fils")
    )
    conso = rendu("courriel_relance_2.txt", contexte_document(situation_exemple("consommateur"), "relance"), tmp_path)
    assert conso.rstrip().endswith("Julien Lefèvre\nArtisan plombier")
    assert "Objet : Seconde relance — facture 2025-0931 (PL-2025-118)" in conso
