"""Build the shipped DOCX templates: ``python -m modeles.construire_modeles [DOSSIER]``.

The templates are generated, not hand-edited, so that every one uses the same styles and every Jinja
tag sits in one run. The variables are those of ``contexte_exemple.yaml`` (documented in CONTEXTE.md).
Wording follows docs/legal-reference.md §1-4: "commissaire de justice", "tribunal judiciaire", CPC 54, 56,
57, 648, 853, 855, 1407; no court fee is written down (it changes, docs/legal-sources.md §1.3).
"""

from __future__ import annotations

import sys
from pathlib import Path

from modeles.mise_en_page import Gabarit, lier_au_precedent

ICI = Path(__file__).resolve().parent
# parties as named in a dispositif: « la société X » for a company, « M. Jean Durand » for a person
DEBITEURS = (
    "{% for d in debiteurs %}{% if d.est_societe %}la société {% endif %}{{ d.designation }}"
    "{% if not loop.last %} et {% endif %}{% endfor %}"
)
DEBITEURS_A = (
    "{% for d in debiteurs %}à {% if d.est_societe %}la société {% endif %}{{ d.designation }}"
    "{% if not loop.last %} et {% endif %}{% endfor %}"
)
CREANCIER = "{% if creancier.est_societe %}la société {% endif %}{{ creancier.designation }}"


def selon(condition: str, alors: str, sinon: str | None = None) -> str:
    """The Jinja words that agree with ``condition``: ``alors`` when it holds, else ``sinon`` (or nothing)."""
    autrement = "" if sinon is None else "{% else %}" + sinon
    return "{% if " + condition + " %}" + alors + autrement + "{% endif %}"


# the claimant as the act names it: a company or a woman (`feminin`, computed once in the context) is
# « la demanderesse », a man « le demandeur »
_FEMININ = "creancier.feminin"
LA_DEMANDERESSE = selon(_FEMININ, "la demanderesse", "le demandeur")
LA_DEMANDERESSE_MAJ = selon(_FEMININ, "La demanderesse", "Le demandeur")
DE_LA_DEMANDERESSE = selon(_FEMININ, "de la demanderesse", "du demandeur")
LA_REQUERANTE = selon(_FEMININ, "la requérante", "le requérant")
LA_REQUERANTE_MAJ = selon(_FEMININ, "La requérante", "Le requérant")
ELLE = selon(_FEMININ, "elle", "il")
# the debtor's role after their identity: « débitrice » for a company or a woman
DEBITRICE = selon("debiteur.feminin", "débitrice", "débiteur")
E_FEMININ = selon(_FEMININ, "e")
# the letter's own deadline is quoted; the legal period, running from receipt (C. civ. 1344), may end later
EXPIRATION = (
    "{% if mise_en_demeure.date_expiration != mise_en_demeure.date_limite %} ; le délai de "
    "{{ mise_en_demeure.delai_jours }} jours courant de sa réception a expiré le "
    "{{ mise_en_demeure.date_expiration }}{% endif %}"
)
# « Par lettre recommandée … du …, reçue le … (pièces n° 4 et 5), »: the letter, its receipt and its pièces
PAR_LA_MISE_EN_DEMEURE = (
    "Par {{ mise_en_demeure.mode }} du {{ mise_en_demeure.date_envoi }}"
    "{% if mise_en_demeure.date_reception %}, reçue le {{ mise_en_demeure.date_reception }}{% endif %}"
    "{% if mise_en_demeure.pieces %} ({{ mise_en_demeure.pieces }}){% endif %}, "
)
# what runs on the principal: « pénalités » between professionals (C. com. L441-10), else « intérêts » (C. civ.
# 1231-6), and the words that agree with it
PENALITES_POSTERIEURES = selon("creance.b2b", "pénalités postérieures", "intérêts postérieurs")
ES_PENALITES = selon("creance.b2b", "es", "s")
CELLES = selon("creance.b2b", "celles", "ceux")
# invoice numbers in prose: « F1, F2 et F3 »
NUMEROS = (
    "{% for f in factures %}{{ f.numero }}{% if loop.revindex == 2 %} et {% elif not loop.last %}, "
    "{% endif %}{% endfor %}"
)
# a table column holding a date written out: « 30 septembre 2025 » on one line
DATE_LONGUE = 3.2
# the words that agree with the number of invoices
PLUSIEURS_FACTURES = "factures|length > 1"
# « de la facture F1 » or « des factures F1 et F2 »
DES_FACTURES = selon(PLUSIEURS_FACTURES, "des factures", "de la facture") + " " + NUMEROS
# the letter goes out on a mandataire's letterhead (avocat, commissaire de justice, agency): it names the
# creditor, where the creditor's own letter says « nous »
PAPIER_DU_MANDATAIRE = "expediteur.qualite"
# a recovery agency (CPC exéc. L124-1, R124-1 to R124-7), as opposed to an avocat or a commissaire de justice
AGENCE = "mandataire and mandataire.qualite == 'societe_de_recouvrement'"
SALUTATIONS = "Nous vous prions d'agréer, {{ debiteur.salutation }}, l'expression de nos salutations distinguées."

# -- shared blocks ------------------------------------------------------------------------------


def bloc_destinataire(g: Gabarit, partie: str = "debiteur") -> None:
    g.p("{{ %s.designation }}" % partie, "Destinataire")
    g.tag(f"if {partie}.est_societe and {partie}.representant")
    g.p("À l'attention de {{ %s.representant }}" % partie, "Destinataire")
    g.tag("endif")
    adresse_et_date(g, f"{partie}.adresse_lignes")


def adresse_et_date(g: Gabarit, lignes: str) -> None:
    """The addressee's address, one paragraph per line of the list `lignes`, then « Lyon, le … »."""
    g.tag(f"for ligne in {lignes}")
    g.p("{{ ligne }}", "Destinataire")
    g.tag("endfor")
    g.p("{{ lieu }}, le {{ date_document }}", "Date lettre")


def objet_et_appel(g: Gabarit, objet: str, appel: str, rg: str | None = None) -> None:
    """« Objet : … », « Réf. : … » (with the court's RG number when `rg` names one) and the salutation."""
    g.p(f"Objet : {objet}", "Objet")
    numero_rg = selon(rg, " — RG n° {{ " + rg + " }}") if rg else ""
    g.p("Réf. : {{ reference }}" + numero_rg, "Objet")
    g.p("")
    g.p(f"{appel},")


def bloc_objet(g: Gabarit, objet: str) -> None:
    objet_et_appel(g, objet, "{{ debiteur.salutation }}")
    # on a mandataire's letterhead, the creditor is named at once: « nous » is the mandataire acting for them
    g.tag("if " + PAPIER_DU_MANDATAIRE)
    g.p(
        "Nous vous écrivons pour le compte de **{{ creancier.designation }}**, {{ creancier.adresse }}"
        # CPC exéc. R124-4 1°: the agency says it carries on an amicable debt recovery business
        + selon(AGENCE, ", dans le cadre de notre activité de recouvrement amiable de créances")
        + "."
    )
    g.tag("endif")


def bloc_signature(g: Gabarit, formule: str, pour: bool = True) -> None:
    """The closing line (« Nous vous prions d'agréer… », « Fait à … ») and, under it, name, capacity and « pour
    X » (unless the creditor, a natural person, signs in person), as one paragraph kept whole and with the
    paragraph before it: a page never holds the signature alone. One paragraph, because LibreOffice drops a
    keep-with-next chain across several short paragraphs (seen with 7.4)."""
    pour_x = "{% if mandataire or creancier.est_societe %}\n\tpour {{ creancier.designation }}{% endif %}"
    g.bloc_final(
        g.p(formule + "\n\n\t{{ signataire.nom }}\n\t{{ signataire.qualite }}" + (pour_x if pour else ""), "Signature")
    )


def fin_lettre_au_debiteur(g: Gabarit, formule: str = SALUTATIONS) -> None:
    """The end of a letter to the debtor. A recovery agency's letter reproduces the second and third paragraphs of
    CPC exéc. L111-8 (in force since 19 March 2014): recovery costs without a title stay with the creditor
    (CPC exéc. R124-4 5°). Avocats and commissaires de justice recover under their own professions' rules."""
    g.tag("if " + AGENCE)
    g.p(
        "Conformément à l'article R124-4 du code des procédures civiles d'exécution, nous reproduisons ci-après les "
        "deuxième et troisième alinéas de l'article L111-8 du même code :"
    )
    g.p(
        "« Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, sauf s'ils "
        "concernent un acte dont l'accomplissement est prescrit par la loi au créancier. Toute stipulation contraire "
        "est réputée non écrite, sauf disposition législative contraire.",
        "Citation",
    )
    g.p(
        "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour recouvrer sa "
        "créance peut demander au juge de l'exécution de laisser tout ou partie des frais ainsi exposés à la charge "
        "du débiteur de mauvaise foi. »",
        "Citation",
    )
    g.tag("endif")
    bloc_signature(g, formule)


def identite(g: Gabarit, x: str, role: str) -> None:
    """Identity of a party as CPC 54 3° / 57 / 648 require it (company or natural person)."""
    g.tag(f"if {x}.est_societe")
    g.p(
        "**{{ %(x)s.denomination }}**, {{ %(x)s.forme_longue }}"
        "{%% if %(x)s.capital %%} au capital de {{ %(x)s.capital }}{%% endif %%}"
        "{%% if %(x)s.rcs %%}, immatriculée au registre du commerce et des sociétés de {{ %(x)s.rcs }}{%% endif %%}"
        "{%% if %(x)s.siren %%} sous le numéro {{ %(x)s.siren }}{%% endif %%}"
        ", dont le siège social est situé {{ %(x)s.adresse }}, prise en la personne de "
        "{%% if %(x)s.representant %%}{{ %(x)s.representant }}, {%% endif %%}"
        "son représentant légal domicilié en cette qualité audit siège, %(role)s ;" % {"x": x, "role": role},
        "Partie",
    )
    g.tag("else")
    g.p(
        "**{{ %(x)s.civilite }} {{ %(x)s.prenoms }} {{ %(x)s.nom }}**"
        "{%% if %(x)s.entrepreneur_individuel %%}, entrepreneur individuel (EI){%% if %(x)s.siren %%}, SIREN "
        "{{ %(x)s.siren }}{%% endif %%}{%% endif %%}"
        "{%% if %(x)s.profession %%}, {{ %(x)s.profession }}{%% endif %%}"
        "{%% if %(x)s.date_naissance %%}, {%% if %(x)s.feminin %%}née{%% else %%}né{%% endif %%}"
        " le {{ %(x)s.date_naissance }}{%% if %(x)s.lieu_naissance %%} à {{ %(x)s.lieu_naissance }}{%% endif %%}{%% endif %%}"
        "{%% if %(x)s.nationalite %%}, de nationalité {{ %(x)s.nationalite }}{%% endif %%}"
        ", demeurant {{ %(x)s.adresse }}, %(role)s ;" % {"x": x, "role": role},
        "Partie",
    )
    g.tag("endif")


def identite_debiteurs(g: Gabarit, role: str) -> None:
    g.tag("for debiteur in debiteurs")
    identite(g, "debiteur", role)
    g.tag("endfor")


def tableau_factures_simple(g: Gabarit) -> None:
    g.tableau(
        [
            ("Facture", "{{ f.numero }}{% if f.libelle %} — {{ f.libelle }}{% endif %}", 2.8, False),
            ("Date", "{{ f.date }}", DATE_LONGUE, False),
            ("Échéance", "{{ f.echeance }}", DATE_LONGUE, False),
            ("Montant TTC", "{{ f.montant }}", 2.4, True),
            ("Réglé sur le principal", "{{ f.paye_principal }}", 2.2, True),
            ("Reste dû", "{{ f.reste_du }}", 2.4, True),
        ],
        boucle="f in factures",
        totaux=[("Total restant dû", "", "", "", "", "{{ decompte.principal_restant }}")],
    )
    imputation_paiements(g)


def imputation_paiements(g: Gabarit) -> None:
    """Each invoice row adds up (montant − réglé sur le principal = reste dû): what a payment paid on the
    penalties or interest first (C. civ. 1343-1) is said under the table."""
    g.tag("for f in factures")
    g.tag("if f.paye_interets")
    g.p(
        "Facture {{ f.numero }} : sur {{ f.paye }} réglés, {{ f.paye_interets }} ont été imputés d'abord sur les "
        "{% if creance.b2b %}pénalités de retard échues{% else %}intérêts échus{% endif %} (article 1343-1 du "
        "code civil) et {{ f.paye_principal }} sur le principal."
    )
    g.tag("endif")
    g.tag("endfor")


def tableau_factures_detail(g: Gabarit) -> None:
    """Per invoice: principal still owed, penalties or interest to date, 40 € (B2B only)."""
    g.tag("if creance.b2b")
    g.tableau(
        [
            ("Facture", "{{ f.numero }}", 2.2, False),
            ("Échéance", "{{ f.echeance }}", DATE_LONGUE, False),
            ("Principal restant dû", "{{ f.reste_du }}", 2.7, True),
            ("{{ decompte.intitule_interets }} au {{ decompte.date }}", "{{ f.penalites_ou_interets }}", 3.3, True),
            ("Indemnité forfaitaire", "{{ f.indemnite }}", 2.3, True),
            ("Total", "{{ f.total }}", 2.6, True),
        ],
        boucle="f in factures",
        totaux=[
            (
                "Total",
                "",
                "{{ decompte.principal_restant }}",
                "{{ decompte.interets_restants }}",
                "{{ decompte.indemnites_forfaitaires }}",
                "{{ decompte.total }}",
            )
        ],
    )
    g.tag("else")
    g.tableau(
        [
            ("Facture", "{{ f.numero }}", 2.8, False),
            ("Échéance", "{{ f.echeance }}", DATE_LONGUE, False),
            ("Principal restant dû", "{{ f.reste_du }}", 3.2, True),
            ("{{ decompte.intitule_interets }} au {{ decompte.date }}", "{{ f.penalites_ou_interets }}", 4.0, True),
            ("Total", "{{ f.total }}", 3.0, True),
        ],
        boucle="f in factures",
        totaux=[
            (
                "Total",
                "",
                "{{ decompte.principal_restant }}",
                "{{ decompte.interets_restants }}",
                "{{ decompte.total }}",
            )
        ],
    )
    g.tag("endif")
    g.tag("if decompte.clause_penale")
    g.p("S'y ajoute la somme de {{ decompte.clause_penale }} due au titre de la clause pénale stipulée au contrat.")
    g.tag("endif")


def bloc_paiement(g: Gabarit) -> None:
    """Payment instructions: bank transfer (with a SEPA QR code, EPC069-12) and/or the payment link."""
    g.tag("if paiement.iban or paiement.lien")
    g.h2("Modalités de règlement")
    g.tag("if paiement.iban")
    g.p(
        "Par virement — titulaire du compte : {{ paiement.titulaire }} — IBAN : {{ paiement.iban }}"
        "{% if paiement.bic %} — BIC : {{ paiement.bic }}{% endif %}"
        " — en indiquant la référence **{{ paiement.reference }}**."
    )
    g.tag("if paiement.qr")
    g.p("{{ paiement.qr }}", "Image")
    g.p(
        "Ce code QR, lu par l'application de votre banque, pré-remplit le virement de {{ paiement.montant }}.",
        "Légende",
    )
    g.tag("endif")
    g.tag("endif")
    g.tag("if paiement.lien")
    g.p("En ligne, par carte bancaire : {{ paiement.lien }}")
    g.tag("endif")
    g.tag("endif")


def rappel_penalites(g: Gabarit) -> None:
    g.tag("if creance.b2b")
    g.p(
        "Nous vous rappelons que, conformément à l'article L441-10 du code de commerce, des pénalités de "
        "retard sont exigibles de plein droit à compter du lendemain de la date d'échéance, sans qu'un rappel "
        "soit nécessaire, et que tout retard de paiement rend débiteur d'une indemnité forfaitaire pour frais "
        "de recouvrement de 40 € par facture (article D441-5 du même code)."
    )
    g.tag("endif")


# -- reminders ----------------------------------------------------------------------------------


def relance_prevenance() -> Gabarit:
    g = Gabarit("Rappel d'échéance", "lettre")
    bloc_destinataire(g)
    # « de la facture F1 », not « notre facture »: the letter may go out on a mandataire's letterhead
    bloc_objet(g, "Rappel de l'échéance prochaine " + DES_FACTURES)
    g.p(
        "Nous nous permettons de vous rappeler que {% if factures|length > 1 %}les factures suivantes "
        "arrivent{% else %}la facture suivante arrive{% endif %} prochainement à échéance :"
    )
    tableau_factures_simple(g)
    g.p(
        "Si votre règlement est déjà programmé, nous vous en remercions et vous prions de ne pas tenir compte "
        "de ce message. Dans le cas contraire, nous vous serions reconnaissants de bien vouloir faire le "
        "nécessaire pour que le paiement "
        + selon(PAPIER_DU_MANDATAIRE, "parvienne à {{ creancier.designation }}", "nous parvienne")
        + " à la date prévue."
    )
    bloc_paiement(g)
    g.p("Nous restons à votre disposition pour toute question relative à cette facturation.")
    fin_lettre_au_debiteur(
        g,
        "Nous vous remercions" + selon("not " + PAPIER_DU_MANDATAIRE, " de votre confiance") + " et vous prions "
        "d'agréer, {{ debiteur.salutation }}, l'expression de nos salutations distinguées.",
    )
    return g


def relance_1() -> Gabarit:
    g = Gabarit("Relance", "lettre")
    bloc_destinataire(g)
    bloc_objet(
        g, "Relance — {% if factures|length > 1 %}factures échues impayées{% else %}facture échue impayée{% endif %}"
    )
    g.p(
        "Sauf erreur ou omission de notre part, {% if factures|length > 1 %}les factures suivantes, "
        "arrivées à échéance, demeurent{% else %}la facture suivante, arrivée à échéance, demeure{% endif %} "
        "impayée{% if factures|length > 1 %}s{% endif %} à ce jour :"
    )
    tableau_factures_simple(g)
    g.p(
        "Il s'agit sans doute d'un simple oubli. Nous vous remercions de bien vouloir procéder au règlement "
        "de la somme de **{{ decompte.principal_restant }}**"
        "{% if relance.date_limite %} au plus tard le {{ relance.date_limite }}{% else %} dans les meilleurs délais{% endif %}."
    )
    rappel_penalites(g)
    bloc_paiement(g)
    g.p(
        "Si votre règlement nous est parvenu entre-temps, nous vous prions de ne pas tenir compte de la présente. "
        "Si une difficulté vous empêche de régler cette somme, n'hésitez pas à nous contacter afin que nous "
        "examinions ensemble une solution."
    )
    fin_lettre_au_debiteur(g)
    return g


def relance_2() -> Gabarit:
    g = Gabarit("Seconde relance", "lettre")
    bloc_destinataire(g)
    bloc_objet(g, "Seconde relance — " + selon(PLUSIEURS_FACTURES, "factures impayées", "facture impayée"))
    g.p(
        # the first reminder may have gone out on the creditor's own letterhead: a mandataire says « la »
        "Malgré " + selon(PAPIER_DU_MANDATAIRE, "la", "notre") + " précédente relance"
        "{% if relance.date_precedente %} du {{ relance.date_precedente }}{% endif %}, nous constatons que "
        + selon(
            PLUSIEURS_FACTURES,
            "les factures suivantes demeurent impayées",
            "la facture suivante demeure impayée",
        )
        + " :"
    )
    tableau_factures_detail(g)
    g.p(
        "Nous vous demandons de régler la somme de **{{ decompte.total }}**"
        "{% if relance.date_limite %} au plus tard le **{{ relance.date_limite }}**{% else %} sans délai{% endif %}."
    )
    rappel_penalites(g)
    g.p(
        "À défaut de règlement {% if relance.date_limite %}dans ce délai{% else %}rapide{% endif %}, nous vous adresserons une mise en demeure, préalable à "
        "l'engagement d'une procédure judiciaire de recouvrement."
    )
    bloc_paiement(g)
    g.p("Si votre règlement a été effectué entre-temps, nous vous prions de ne pas tenir compte de la présente.")
    fin_lettre_au_debiteur(g)
    return g


# -- mise en demeure ----------------------------------------------------------------------------


def mise_en_demeure() -> Gabarit:
    """C. civ. 1344: explicit title, amounts per invoice, deadline as a date, consequences, LRAR."""
    g = Gabarit("Mise en demeure", "lettre")
    bloc_destinataire(g)
    g.p(
        "Par {{ mise_en_demeure.mode }}{% if mise_en_demeure.numero_envoi %} n° {{ mise_en_demeure.numero_envoi }}{% endif %}",
        "Mention envoi",
    )
    g.titre("Mise en demeure")
    bloc_objet(g, "Mise en demeure de payer — " + selon(PLUSIEURS_FACTURES, "factures", "facture") + " " + NUMEROS)
    g.p(
        selon(
            PAPIER_DU_MANDATAIRE,
            "En exécution de ses relations contractuelles avec vous ({{ creance.fondement }}), "
            "{{ creancier.designation }} vous a adressé",
            "En exécution de nos relations contractuelles ({{ creance.fondement }}), nous vous avons adressé",
        )
        + " "
        + selon(
            PLUSIEURS_FACTURES,
            "les factures suivantes, qui demeurent impayées",
            "la facture suivante, qui demeure impayée",
        )
        + " malgré "
        + selon(PAPIER_DU_MANDATAIRE, "ses", "nos")
        + " relances. Les sommes dues s'établissent comme suit au {{ decompte.date }} :"
    )
    tableau_factures_detail(g)
    g.tag("if decompte.imputations")
    g.p("Les paiements déjà reçus, soit {{ decompte.paiements }}, ont été imputés conformément au décompte joint.")
    g.tag("endif")
    g.p(
        "Par la présente, nous vous **mettons en demeure**, au sens de l'article 1344 du code civil, de "
        + selon(PAPIER_DU_MANDATAIRE, "régler à {{ creancier.designation }}", "nous régler")
        + " la somme totale de **{{ decompte.total }}** ({{ decompte.total_en_lettres }}) au plus tard le "
        "**{{ mise_en_demeure.date_limite }}**."
    )
    g.tag("if creance.b2b")
    g.p(
        "Les pénalités de retard continuent de courir au {{ decompte.taux_description }}, jusqu'au complet "
        "paiement (article L441-10 du code de commerce). L'indemnité forfaitaire pour frais de recouvrement de "
        "40 € est due pour chaque facture payée en retard (article D441-5 du même code)."
    )
    g.tag("else")
    g.p(
        "La présente mise en demeure fait courir les intérêts au taux légal sur les sommes dues jusqu'à leur "
        "complet paiement (articles 1231-6 et 1344-1 du code civil)."
    )
    g.tag("endif")
    g.p(
        "À défaut de règlement intégral à cette date, nous saisirons sans autre avis la juridiction compétente, "
        "par voie de requête en injonction de payer ou d'assignation en paiement, afin d'obtenir votre "
        "condamnation au paiement de ces sommes, augmentées des {% if creance.b2b %}pénalités courues{% else %}intérêts"
        " courus{% endif %} jusqu'au complet paiement, d'une indemnité au titre de l'article 700 du code de "
        "procédure civile et des dépens. Les frais d'exécution forcée seraient également à votre charge."
    )
    bloc_paiement(g)
    g.p(
        "Si vous estimez ne pas être redevable de tout ou partie de ces sommes, nous vous invitons à nous en "
        "faire connaître les motifs par écrit avant cette date."
    )
    # a mandataire's own letterhead already says who follows the case
    g.tag("if mandataire and not " + PAPIER_DU_MANDATAIRE)
    g.p("Le dossier est suivi par {{ mandataire.designation }}, {{ mandataire.adresse }}.")
    g.tag("endif")
    fin_lettre_au_debiteur(g)
    return g


# -- décompte, bordereau ------------------------------------------------------------------------


def tableau_recapitulatif(g: Gabarit) -> None:
    g.tableau(
        [("Poste", "", 11.0, False), ("Montant", "", 5.0, True)],
        lignes_fixes=[
            ("Principal facturé", "{{ decompte.principal }}"),
            ("{{ decompte.intitule_interets }} au {{ decompte.date }}", "{{ decompte.interets }}"),
            ("{%tr if creance.b2b %}",),
            (
                "Indemnités forfaitaires pour frais de recouvrement (C. com. art. D441-5)",
                "{{ decompte.indemnites_forfaitaires }}",
            ),
            ("{%tr endif %}",),
            ("{%tr if decompte.clause_penale %}",),
            ("Clause pénale (C. civ. art. 1231-5)", "{{ decompte.clause_penale }}"),
            ("{%tr endif %}",),
            ("{%tr if decompte.imputations %}",),
            ("À déduire : paiements reçus", "− {{ decompte.paiements }}"),
            ("{%tr endif %}",),
        ],
        totaux=[("Total dû au {{ decompte.date }}", "{{ decompte.total }}")],
    )


def decompte() -> Gabarit:
    g = Gabarit("Décompte", "acte")
    g.titre("Décompte des sommes dues", "arrêté au {{ decompte.date }}")
    g.p("**Créancier :** {{ creancier.designation }}, {{ creancier.adresse }}")
    g.p(
        "**Débiteur{% if debiteurs|length > 1 %}s{% endif %} :** {% for d in debiteurs %}{{ d.designation }}, "
        "{{ d.adresse }}{% if not loop.last %} ; {% endif %}{% endfor %}"
    )
    g.p("**Fondement de la créance :** {{ creance.fondement }}")
    # After a title, the décompte only informs: the title fixes what is recovered (CPC exéc. L111-2).
    g.tag("if titre.detail or titre.selon_titre")
    g.p(
        "Décompte établi par le créancier sur la base de ses factures : il ne fixe pas les sommes à recouvrer, qui "
        "sont celles {% if titre.nature == 'jugement' %}du jugement{% elif titre.nature == 'ordonnance' %}de "
        "l'ordonnance{% else %}du titre{% endif %} du {{ titre.date }} (article L111-2 du code des procédures "
        "civiles d'exécution)."
    )
    g.tag("endif")
    g.h1("Récapitulatif")
    tableau_recapitulatif(g)
    g.p("Soit la somme de {{ decompte.total_en_lettres }}.")
    g.h1("Factures")
    g.tableau(
        [
            ("Facture", "{{ f.numero }}", 2.2, False),
            ("Date", "{{ f.date }}", DATE_LONGUE, False),
            ("Échéance", "{{ f.echeance }}", DATE_LONGUE, False),
            ("Montant", "{{ f.montant }}", 2.4, True),
            ("Réglé sur le principal", "{{ f.paye_principal }}", 2.3, True),
            ("Principal restant dû", "{{ f.reste_du }}", 2.7, True),
        ],
        boucle="f in factures",
    )
    imputation_paiements(g)
    g.h1("{{ decompte.intitule_interets }}")
    g.p(
        "Fondement : {{ decompte.fondement_interets }}. Taux : {{ decompte.taux_description }}, "
        "{{ decompte.point_depart }}. Base de calcul : {{ decompte.base }} ; montant = assiette × taux × "
        "nombre de jours ÷ base."
    )
    g.tableau(
        [
            ("Facture", "{{ l.facture }}", 2.0, False),
            ("Du", "{{ l.du }}", DATE_LONGUE, False),
            ("Au", "{{ l.au }}", DATE_LONGUE, False),
            ("Jours", "{{ l.jours }}", 1.4, True),
            ("Taux", "{{ l.taux }}", 1.6, True),
            ("Assiette", "{{ l.assiette }}", 2.4, True),
            ("Montant", "{{ l.montant }}", 2.2, True),
        ],
        boucle="l in decompte.lignes",
        totaux=[("Total", "", "", "", "", "", "{{ decompte.interets }}")],
    )
    g.tag("if decompte.imputations")
    g.h1("Imputation des paiements")
    g.tableau(
        [
            ("Date", "{{ i.date }}", DATE_LONGUE, False),
            ("Montant", "{{ i.montant }}", 2.6, True),
            ("Facture", "{{ i.facture }}", 2.2, False),
            ("Sur intérêts ou pénalités", "{{ i.sur_interets }}", 4.0, True),
            ("Sur principal", "{{ i.sur_principal }}", 3.0, True),
        ],
        boucle="i in decompte.imputations",
    )
    g.tag("endif")
    g.h1("Conventions de calcul")
    g.tag("for c in decompte.conventions")
    g.p("{{ c }}", "List Bullet")
    g.tag("endfor")
    g.bloc_final(g.p("Établi à {{ lieu }}, le {{ date_document }}."))
    return g


def tableau_pieces(g: Gabarit) -> None:
    g.tableau(
        [
            ("N°", "{{ piece.numero }}", 1.3, False),
            ("Désignation de la pièce", "{{ piece.titre }}", 11.2, False),
            ("Date", "{% if piece.date %}{{ piece.date }}{% endif %}", 3.5, False),
        ],
        boucle="piece in pieces",
    )


def bordereau() -> Gabarit:
    g = Gabarit("Bordereau de pièces", "acte")
    g.titre("Bordereau des pièces communiquées")
    g.p("**Pour :** {{ creancier.designation }}, {{ creancier.adresse }}")
    g.p(
        "**Contre :** {% for d in debiteurs %}{{ d.designation }}, {{ d.adresse }}{% if not loop.last %} ; {% endif %}{% endfor %}"
    )
    tableau_pieces(g)
    g.bloc_final(g.p("Fait à {{ lieu }}, le {{ date_document }}."))
    return g


# -- déclaration de créance ---------------------------------------------------------------------


def declaration_de_creance() -> Gabarit:
    """C. com. L622-24 to L622-25, R622-23: the claim declared to the mandataire judiciaire or liquidateur."""
    pc = "procedure_collective"
    g = Gabarit("Déclaration de créance", "lettre")
    g.p("{{ %s.organe.nom }}" % pc, "Destinataire")
    g.p("{{ %s.organe.qualite|capitalize }}" % pc, "Destinataire")
    adresse_et_date(g, f"{pc}.organe.adresse_lignes")
    g.p("Par lettre recommandée avec demande d'avis de réception", "Mention envoi")
    g.titre("Déclaration de créance")
    objet_et_appel(g, "Déclaration de créance — {{ debiteur.designation }} — {{ %s.intitule }}" % pc, "Maître")
    g.p(
        "Par jugement du {{ %(pc)s.date_jugement }}, le {{ %(pc)s.tribunal }} a ouvert une procédure de "
        "{{ %(pc)s.intitule }} à l'égard de {%% if debiteur.est_societe %%}la société {%% endif %%}"
        "{{ debiteur.designation }}{%% if debiteur.siren %%} (SIREN {{ debiteur.siren }}){%% endif %%}, "
        "{{ debiteur.adresse }}{%% if %(pc)s.date_publication %%} ; ce jugement a été publié au Bulletin officiel "
        "des annonces civiles et commerciales le {{ %(pc)s.date_publication }}{%% endif %%}."
        "{%% if %(pc)s.conversion.date_jugement %%} La procédure a été convertie en {{ %(pc)s.conversion.intitule }} par "
        "jugement du {{ %(pc)s.conversion.date_jugement }}.{%% endif %%}" % {"pc": pc}
    )
    g.p(
        "Conformément aux articles L622-24 et L622-25 du code de commerce, {{ creancier.designation }}"
        "{% if creancier.mentions_legales %} ({{ creancier.mentions_legales }}){% endif %} déclare entre vos mains "
        "sa créance, née antérieurement au jugement d'ouverture, au titre de : {{ creance.fondement }}."
    )
    g.h2("Montant de la créance due au jour du jugement d'ouverture")
    # The 40 € indemnity column only between professionals (C. com. L441-10 II, D441-5).
    colonnes = [
        ("Facture", "{{ f.numero }}", 2.2, False),
        ("Échéance", "{{ f.echeance }}", DATE_LONGUE, False),
        ("Principal", "{{ f.principal }}", 2.7, True),
        ("{{ decompte.intitule_interets }}", "{{ f.interets }}", 3.0, True),
    ]
    g.tag("if creance.b2b")
    g.tableau(
        colonnes + [("Indemnité forfaitaire", "{{ f.indemnite }}", 2.4, True), ("Total", "{{ f.total }}", 2.5, True)],
        boucle="f in %s.echues" % pc,
    )
    g.tag("else")
    g.tableau(colonnes + [("Total", "{{ f.total }}", 4.9, True)], boucle="f in %s.echues" % pc)
    g.tag("endif")
    g.tag("if decompte.clause_penale")
    g.p("S'y ajoute la somme de {{ decompte.clause_penale }} due au titre de la clause pénale stipulée au contrat.")
    g.tag("endif")
    g.tag("if decompte.imputations")
    g.p(
        "Les paiements reçus avant le jugement, soit {{ decompte.paiements }}, ont été déduits conformément au "
        "décompte joint."
    )
    g.tag("endif")
    g.p(
        "Soit une créance échue de **{{ %(pc)s.montant_echu }}**{%% if %(pc)s.montant_echu_en_lettres %%} "
        "({{ %(pc)s.montant_echu_en_lettres }}){%% endif %%} au jour du jugement d'ouverture." % {"pc": pc}
    )
    g.tag("if %s.a_echoir" % pc)
    g.h2("Sommes à échoir")
    g.tableau(
        [
            ("Facture", "{{ f.numero }}", 5.0, False),
            ("Date d'échéance", "{{ f.echeance }}", 5.0, False),
            ("Montant", "{{ f.montant }}", 4.0, True),
        ],
        boucle="f in %s.a_echoir" % pc,
        totaux=[("Total à échoir", "", "{{ %s.total_a_echoir }}" % pc)],
    )
    g.tag("if %s.a_echoir_exigibles" % pc)
    g.p(
        "Ces sommes sont devenues exigibles par l'effet du jugement prononçant la liquidation judiciaire "
        "(article L643-1 du code de commerce)."
    )
    g.tag("endif")
    g.tag("endif")
    g.h2("Sûretés et privilèges")
    g.tag("if %s.surete" % pc)
    g.p(
        "La créance est garantie par : {{ procedure_collective.surete }} ; elle est déclarée à titre privilégié à hauteur de "
        "cette garantie, à titre chirographaire pour le surplus."
    )
    g.tag("else")
    g.p("La créance n'est assortie d'aucune sûreté ni d'aucun privilège : elle est déclarée à titre chirographaire.")
    g.tag("endif")
    g.h2("Intérêts")
    g.p(
        "Le jugement d'ouverture a arrêté le cours des intérêts et pénalités de retard (article L622-28 du code "
        "de commerce) : le jugement prenant effet à zéro heure, ils sont comptés jusqu'au {{ decompte.date }} "
        "inclus, selon les modalités exposées au décompte joint, et aucun intérêt à échoir n'est déclaré."
    )
    g.h2("Litige")
    g.tag("if %s.instance.acte" % pc)
    g.p(
        "La créance fait l'objet d'une instance en cours devant le {{ %(pc)s.instance.juridiction }} "
        "({{ %(pc)s.instance.acte }} du {{ %(pc)s.instance.date }}), interrompue par le jugement d'ouverture "
        "(articles L622-22 et R622-23 3° du code de commerce)." % {"pc": pc}
    )
    g.tag("else")
    g.p("La créance ne fait l'objet d'aucune instance en cours devant une juridiction.")
    g.tag("endif")
    g.h2("Pièces justificatives")
    g.p(
        "Les documents justifiant l'existence et le montant de la créance sont joints sous bordereau, en copie "
        "(article R622-23 du code de commerce), ainsi que le décompte des sommes dues arrêté au jour du jugement "
        "d'ouverture."
    )
    g.tag("if not %s.titre_executoire" % pc)
    g.p(
        "{{ creancier.designation }} certifie sincère la créance ainsi déclarée (article L622-25 alinéa 3 du code "
        "de commerce)."
    )
    g.tag("endif")
    g.tag("if mandataire")
    g.p(
        "La présente déclaration est faite pour le compte du créancier par {{ mandataire.designation }}, "
        "{{ mandataire.adresse }}{% if procedure_collective.pouvoir_joint %}, dont le pouvoir est joint{% endif %} "
        "(article L622-24 alinéa 2 du code de commerce)."
    )
    g.tag("endif")
    g.p(
        "Nous vous remercions de bien vouloir nous accuser réception de la présente déclaration et nous tenir "
        "informés de la vérification de la créance."
    )
    bloc_signature(g, "Nous vous prions d'agréer, Maître, l'expression de nos salutations distinguées.")
    return g


# -- injonction de payer ------------------------------------------------------------------------


def mandataire_bloc(g: Gabarit, verbe: str) -> None:
    g.tag("if mandataire")
    g.p(
        f"{verbe} {{{{ mandataire.designation }}}}, {{{{ mandataire.adresse }}}}"
        "{% if mandataire.toque %}, toque {{ mandataire.toque }}{% endif %}"
        "{% if mandataire.email %}, {{ mandataire.email }}{% endif %}.",
        "Partie",
    )
    g.tag("endif")


def sommes_reclamees(g: Gabarit) -> None:
    g.tableau(
        [("Nature", "", 7.0, False), ("Montant", "", 3.2, True), ("Fondement", "", 5.8, False)],
        lignes_fixes=[
            ("Principal restant dû", "{{ decompte.principal_restant }}", "{{ creance.fondement }}"),
            (
                "{{ decompte.intitule_interets }} arrêté"
                + ES_PENALITES
                + " au {{ decompte.date }}, {{ decompte.point_depart }}",
                "{{ decompte.interets_restants }}",
                "{{ decompte.fondement_interets }}",
            ),
            ("{%tr if creance.b2b %}",),
            (
                "Indemnité forfaitaire pour frais de recouvrement (40 € par facture)",
                "{{ decompte.indemnites_forfaitaires }}",
                "article D441-5 du code de commerce",
            ),
            ("{%tr endif %}",),
            ("{%tr if decompte.clause_penale %}",),
            ("Clause pénale", "{{ decompte.clause_penale }}", "article 1231-5 du code civil et contrat"),
            ("{%tr endif %}",),
        ],
        totaux=[("Total", "{{ decompte.total }}", "")],
    )


def solidarite(g: Gabarit, sujet: str) -> None:
    """C. civ. 1310: joint liability is not presumed; its ground is stated, or left for the user to state."""
    g.tag("if debiteurs|length > 1")
    g.p(
        sujet + " sont tenus solidairement : {% if creance.solidarite %}{{ creance.solidarite }}{% else %}"
        "[[fondement de la solidarité, qui ne se présume pas (article 1310 du code civil) : clause du contrat, "
        "cautionnement solidaire…]]{% endif %}."
    )
    g.tag("endif")


def requete_injonction() -> Gabarit:
    """CPC 1405-1407 with 54/57: a free-form requête, usable alone or as the Cerfa's annex."""
    g = Gabarit("Requête en injonction de payer", "acte")
    g.titre("Requête en injonction de payer", "Articles 1405 et suivants du code de procédure civile")
    g.p("À {{ juridiction.designation_president }}", "Objet")
    g.p("")
    g.h1(LA_REQUERANTE_MAJ)
    identite(g, "creancier", "ci-après « " + LA_REQUERANTE + " »")
    mandataire_bloc(g, "Représenté" + E_FEMININ + " par")
    g.h1(
        "{% if debiteurs|length > 1 %}Les débiteurs{% elif debiteurs[0].feminin %}La débitrice{% else %}Le débiteur"
        "{% endif %}"
    )
    identite_debiteurs(g, "ci-après « {% if debiteur.feminin %}la débitrice{% else %}le débiteur{% endif %} »")
    solidarite(g, "Les débiteurs")
    g.h1("Objet de la requête")
    g.p(
        LA_REQUERANTE_MAJ
        + " sollicite une ordonnance portant injonction de payer la somme de **{{ decompte.total }}** "
        "({{ decompte.total_en_lettres }}), arrêtée au {{ decompte.date }}, outre les "
        + PENALITES_POSTERIEURES
        + " jusqu'à complet paiement."
    )
    g.h1("Exposé et fondement de la créance")
    g.p(
        "La créance a pour fondement : {{ creance.fondement }}. En exécution de ce contrat, "
        + LA_REQUERANTE
        + " a émis "
        "les factures suivantes, demeurées impayées à leur échéance :"
    )
    tableau_factures_detail(g)
    g.tag("if mise_en_demeure.date_envoi")
    g.p(
        PAR_LA_MISE_EN_DEMEURE
        + "{% if debiteurs|length > 1 %}les débiteurs ont été mis{% elif debiteurs[0].feminin %}la débitrice a été mise"
        "{% else %}le débiteur a été mis{% endif %} en demeure de payer au plus tard le {{ mise_en_demeure.date_limite }}"
        + EXPIRATION
        + ". Cette mise en demeure est restée sans effet."
    )
    g.tag("endif")
    g.p(
        "La créance est de nature contractuelle et d'un montant déterminé : les conditions de l'article 1405 du "
        "code de procédure civile sont réunies."
    )
    g.tag("if prealable_amiable")
    g.p("Tentative de résolution amiable (article 750-1 du code de procédure civile) : {{ prealable_amiable }}")
    g.tag("endif")
    g.h1("Décompte des sommes réclamées")
    g.p("Conformément à l'article 1407 du code de procédure civile, la somme réclamée se décompose ainsi :")
    sommes_reclamees(g)
    g.p(
        "{{ decompte.intitule_interets }} : {{ decompte.taux_description }} ({{ decompte.fondement_interets }}), "
        "{{ decompte.point_depart }}. Le décompte détaillé, période par période, est annexé à la présente requête."
    )
    g.h1("Bordereau des documents justificatifs")
    g.p("Les pièces suivantes sont annexées à la présente requête (article 1407 du code de procédure civile) :")
    tableau_pieces(g)
    g.h1("Par ces motifs")
    g.p(
        "Vu les articles 1405 et suivants du code de procédure civile, "
        "{% if creance.b2b %}les articles L441-10 et D441-5 du code de commerce{% else %}les articles 1231-6 "
        "et 1344-1 du code civil{% endif %}, "
        + LA_REQUERANTE
        + " demande qu'il plaise à {{ juridiction.designation_president }} "
        "de rendre une ordonnance enjoignant {% if debiteurs|length > 1 %}solidairement {% endif %}"
        + DEBITEURS_A
        + " de lui payer :"
    )
    g.p("– la somme de {{ decompte.principal_restant }} en principal ;", "Dispositif")
    g.p(
        "– la somme de {{ decompte.interets_restants }} au titre des {{ decompte.intitule_interets|lower }} arrêté"
        + ES_PENALITES
        + " au {{ decompte.date }}, outre "
        + CELLES
        + " à échoir postérieurement à cette date au {{ decompte.taux_description }}, "
        "sur le principal restant dû, jusqu'à complet paiement ;",
        "Dispositif",
    )
    g.tag("if creance.b2b")
    g.p(
        "– la somme de {{ decompte.indemnites_forfaitaires }} au titre de l'indemnité forfaitaire pour frais de "
        "recouvrement (article D441-5 du code de commerce) ;",
        "Dispositif",
    )
    g.tag("endif")
    g.tag("if decompte.clause_penale")
    g.p("– la somme de {{ decompte.clause_penale }} au titre de la clause pénale ;", "Dispositif")
    g.tag("endif")
    g.p("– les dépens.", "Dispositif")
    g.tag("if requete.renvoi")
    g.p(
        "En application de l'article 1408 du code de procédure civile, " + LA_REQUERANTE + " demande qu'en cas "
        "d'opposition l'affaire soit immédiatement renvoyée devant {{ requete.renvoi }}."
    )
    g.tag("endif")
    bloc_signature(g, "Fait à {{ lieu }}, le {{ date_document }}.", pour=False)
    return g


# -- assignations -------------------------------------------------------------------------------


def entete_acte(g: Gabarit, titre: str, sous_titre: str) -> None:
    g.titre(titre, sous_titre)
    g.p("L'an [[année]], le [[jour et mois de la signification]],")
    g.h1("À la requête de")
    identite(
        g,
        "creancier",
        selon(_FEMININ, "demanderesse", "demandeur"),
    )


def commissaire_et_defendeurs(g: Gabarit) -> None:
    g.p("J'ai, [[nom, prénoms et adresse de l'office du commissaire de justice]], commissaire de justice, soussigné,")
    g.h1("Donné assignation à")
    identite_debiteurs(g, selon("debiteur.feminin", "défenderesse", "défendeur"))
    g.p("où étant et parlant à : [[modalités de remise de l'acte, par le commissaire de justice]]")


def expose_faits(g: Gabarit) -> None:
    g.h1("Exposé des faits")
    g.p(
        "Les relations entre {{ creancier.designation }} et {% for d in debiteurs %}{{ d.designation }}"
        "{% if not loop.last %}, {% endif %}{% endfor %} sont régies par les engagements suivants : "
        "{{ creance.fondement }}."
    )
    g.p(
        "En exécution de ces engagements, " + LA_DEMANDERESSE + " a émis les factures suivantes, dont le détail "
        "figure ci-après :"
    )
    tableau_factures_detail(g)
    g.tag("if mise_en_demeure.date_envoi")
    g.p(
        PAR_LA_MISE_EN_DEMEURE
        + LA_DEMANDERESSE
        + " a mis en demeure {% if debiteurs|length > 1 %}les défendeurs{% else %}la partie "
        "défenderesse{% endif %} de régler ces sommes au plus tard le {{ mise_en_demeure.date_limite }}"
        + EXPIRATION
        + ". Cette mise en demeure est demeurée sans effet."
    )
    g.tag("endif")
    g.tag("if creance.contestee")
    g.p("La créance a été contestée : [[date, termes de la contestation et réponse qui y est apportée]].")
    g.tag("endif")
    g.p(
        "C'est dans ces conditions que "
        + LA_DEMANDERESSE
        + " se voit contraint"
        + E_FEMININ
        + " d'introduire la présente instance."
    )


def moyens(g: Gabarit, refere: bool) -> None:
    g.h1("Discussion")
    if refere:
        g.h2("Sur le caractère non sérieusement contestable de l'obligation")
        g.p(
            "{% if juridiction.type == 'tribunal_de_commerce' %}Aux termes de l'article 873 alinéa 2 du code "
            "de procédure civile, le président du tribunal de commerce{% else %}Aux termes de l'article 835 "
            "alinéa 2 du code de procédure civile, le président du tribunal judiciaire{% endif %} peut, dans les "
            "cas où l'existence de l'obligation n'est pas sérieusement contestable, accorder une provision au "
            "créancier. Aucune condition d'urgence n'est requise."
        )
        g.p(
            "{% if creance.contestee %}En l'espèce, la partie défenderesse a contesté la créance, mais cette "
            "contestation n'est pas sérieuse : [[raisons pour lesquelles la contestation n'est pas sérieuse]]. "
            "{% else %}En l'espèce, la créance résulte de factures émises en exécution d'un engagement non contesté "
            "({{ creance.fondement }}), qui n'ont fait l'objet d'aucune réclamation. {% endif %}L'obligation de "
            "payer n'est pas sérieusement contestable."
        )
    g.h2("Sur la demande en paiement du principal")
    g.p(
        "Aux termes de l'article 1103 du code civil, les contrats légalement formés tiennent lieu de loi à ceux "
        "qui les ont faits. "
        + LA_DEMANDERESSE_MAJ
        + " a exécuté ses obligations ; les factures produites aux débats demeurent "
        "impayées à hauteur de **{{ decompte.principal_restant }}** en principal."
    )
    g.tag("if creance.b2b")
    g.h2("Sur les pénalités de retard et l'indemnité forfaitaire")
    g.p(
        "En application de l'article L441-10 II du code de commerce, les pénalités de retard sont exigibles de "
        "plein droit, sans qu'un rappel soit nécessaire, à compter du jour suivant la date de règlement figurant "
        "sur la facture, au {{ decompte.taux_description }}. Elles s'élèvent au {{ decompte.date }} à "
        "{{ decompte.interets_restants }}, selon le décompte produit."
    )
    g.p(
        "Tout professionnel en situation de retard de paiement est en outre débiteur de plein droit d'une "
        "indemnité forfaitaire pour frais de recouvrement de 40 € par facture (articles L441-10 II et D441-5 du "
        "code de commerce), soit {{ decompte.indemnites_forfaitaires }}."
    )
    g.tag("else")
    g.h2("Sur les intérêts")
    g.p(
        "En application des articles 1231-6 et 1344-1 du code civil, les sommes dues portent intérêts au taux "
        "légal {{ decompte.point_depart }}. Ils s'élèvent au {{ decompte.date }} à "
        "{{ decompte.interets_restants }}, selon le décompte produit."
    )
    g.tag("endif")
    g.tag("if decompte.clause_penale")
    g.h2("Sur la clause pénale")
    g.p(
        "Le contrat stipule une clause pénale, due après mise en demeure (article 1231-5 du code civil), soit "
        "{{ decompte.clause_penale }}."
    )
    g.tag("endif")
    g.tag("if debiteurs|length > 1")
    g.h2("Sur la solidarité")
    g.tag("endif")
    solidarite(g, "Les défendeurs")
    g.h2("Sur les frais irrépétibles et les dépens")
    g.p(
        "Il serait inéquitable de laisser à la charge "
        + DE_LA_DEMANDERESSE
        + " les frais qu'"
        + ELLE
        + " a dû exposer pour faire valoir ses droits. {% if debiteurs|length > 1 %}Les défendeurs seront condamnés{% else %}La "
        "partie défenderesse sera condamnée{% endif %} à lui payer une somme au titre de l'article 700 du code "
        "de procédure civile, ainsi qu'aux entiers dépens (article 696 du même code)."
    )


def dispositif(g: Gabarit, refere: bool) -> None:
    g.h1("Par ces motifs")
    vu_refere = (
        "{% if juridiction.type == 'tribunal_de_commerce' %}l'article 873{% else %}l'article 835{% endif %} "
        "alinéa 2 du code de procédure civile, "
        if refere
        else ""
    )
    g.p(
        "Vu {% if creance.b2b %}les articles 1103 du code civil, L441-10 et D441-5 du code de commerce{% else %}"
        "les articles 1103, 1231-6 et 1344-1 du code civil{% endif %}, " + vu_refere + "les pièces versées aux débats,"
    )
    g.p(
        "Il est demandé à {{ juridiction.designation_president }}, statuant en référé, de :"
        if refere
        else "Il est demandé au {{ juridiction.nom }} de :",
        "Chapeau",
    )
    provision = ", à titre de provision," if refere else ""
    condamner = (
        "**CONDAMNER** {% if debiteurs|length > 1 %}solidairement {% endif %}"
        + DEBITEURS
        + " à payer à "
        + CREANCIER
        + provision
        + " "
    )
    g.p(condamner + "la somme de **{{ decompte.principal_restant }}** en principal ;", "Dispositif")
    g.p(
        condamner + "la somme de **{{ decompte.interets_restants }}** au titre des "
        "{{ decompte.intitule_interets|lower }} arrêté" + ES_PENALITES + " au {{ decompte.date }}, "
        "couru"
        + ES_PENALITES
        + " {{ decompte.point_depart }}, ainsi que "
        + CELLES
        + " à échoir postérieurement à cette date, au "
        "{{ decompte.taux_description }}, sur le principal restant dû, jusqu'à complet paiement ;",
        "Dispositif",
    )
    g.tag("if creance.b2b")
    g.p(
        condamner + "la somme de **{{ decompte.indemnites_forfaitaires }}** au titre de l'indemnité forfaitaire pour "
        "frais de recouvrement de 40 € par facture (article D441-5 du code de commerce) ;",
        "Dispositif",
    )
    g.tag("endif")
    g.tag("if decompte.clause_penale")
    g.p(condamner + "la somme de **{{ decompte.clause_penale }}** au titre de la clause pénale ;", "Dispositif")
    g.tag("endif")
    g.p(
        "**CONDAMNER** " + DEBITEURS + " à payer à " + CREANCIER + " la somme de "
        "{% if assignation.article_700 %}**{{ assignation.article_700 }}**{% else %}[[montant]]{% endif %} "
        "au titre de l'article 700 du code de procédure civile ;",
        "Dispositif",
    )
    g.p(
        "**CONDAMNER** " + DEBITEURS + " aux entiers dépens ;",
        "Dispositif",
    )
    if refere:
        g.p(
            "**RAPPELER** que l'ordonnance à intervenir est exécutoire à titre provisoire (article 489 du code de "
            "procédure civile).",
            "Dispositif",
        )
    else:
        g.p(
            "**RAPPELER** que l'exécution provisoire est de droit (article 514 du code de procédure civile).",
            "Dispositif",
        )
    lier_au_precedent(g.p("**SOUS TOUTES RÉSERVES**")._p)


def bordereau_annexe(g: Gabarit) -> None:
    g.h1("Bordereau des pièces")
    g.p("Pièces sur lesquelles la demande est fondée (article 56 du code de procédure civile) :")
    tableau_pieces(g)


def representation(g: Gabarit, tc: bool, refere: bool = False) -> None:
    # CPC 855 governs the assignation before the tribunal de commerce, not the référé before its président
    # (common rules, CPC 484-492: Cass. 2e civ., 22 mai 2025, n° 23-14.133): cited only on the merits.
    article = "" if refere else " (article 855 du code de procédure civile)"
    if tc:
        g.tag("if mandataire")
        g.p(
            "Ayant pour représentant"
            + ("" if refere else ", en application de l'article 855 du code de procédure civile,")
            + " {{ mandataire.designation }}, {{ mandataire.adresse }}, chez qui il est fait élection de domicile ;",
            "Partie",
        )
        g.tag("else")
        g.p(
            "Représenté" + E_FEMININ + " par [[nom du représentant " + DE_LA_DEMANDERESSE + article + "]] ;",
            "Partie",
        )
        g.tag("endif")
    else:
        g.tag("if mandataire")
        g.p(
            "Ayant pour {% if mandataire.qualite == 'avocat' %}avocat{% else %}représentant{% endif %} {{ mandataire.designation }}"
            "{% if mandataire.toque %}, toque {{ mandataire.toque }}{% endif %}, {{ mandataire.adresse }}, "
            "{% if mandataire.qualite == 'avocat' %}qui se constitue sur la présente assignation et "
            "{% endif %}chez qui il est fait élection de domicile ;",
            "Partie",
        )
        g.tag("elif assignation.avocat_obligatoire")
        g.p("Ayant pour avocat [[nom, barreau et adresse de l'avocat constitué]] ;", "Partie")
        g.tag("endif")


def comparution_tc(g: Gabarit, refere: bool) -> None:
    g.h1("D'avoir à comparaître")
    g.p(
        (
            "Devant le président du {{ juridiction.nom }}, statuant en référé, "
            if refere
            else "Devant le {{ juridiction.nom }}, "
        )
        + "{{ juridiction.adresse }}, à l'audience du [[date et heure de l'audience]], [[chambre, le cas échéant]]."
    )
    g.h2(
        "Très important — modalités de comparution (article"
        + (" 56" if refere else "s 56 et 855")
        + " du code de procédure civile)"
    )
    g.tag("if assignation.avocat_obligatoire")
    g.p(
        "La demande excédant 10 000 €, les parties sont tenues de constituer avocat pour être représentées "
        "devant le tribunal de commerce (article 853 du code de procédure civile)."
    )
    g.tag("else")
    g.p(
        "Les parties se défendent elles-mêmes ; elles ont la faculté de se faire assister ou représenter par "
        "un avocat ou par toute personne de leur choix, munie d'un pouvoir spécial si elle n'est pas avocat "
        "(article 853 du code de procédure civile)."
    )
    g.tag("endif")
    g.p(
        "Faute pour la partie défenderesse de comparaître, elle s'expose à ce qu'"
        + ("une ordonnance soit rendue" if refere else "un jugement soit rendu")
        + " contre elle sur les seuls éléments fournis par son adversaire."
    )
    # CPC 855: an assignation before the tribunal de commerce that claims payment reproduces art. 861-2 (text
    # as in force, Légifrance). Not in a référé before its président: that procedure follows the common rules
    # (CPC 484-492, 872-873; Cass. 2e civ., 22 mai 2025, n° 23-14.133), and 861-2's written request for time
    # to pay, with leave not to appear, belongs to the tribunal's procedure: quoted there, it would tell the
    # defendant he may stay away from a hearing where he must appear.
    if not refere:
        g.p(
            "Conformément à l'article 855 du code de procédure civile, il est reproduit ci-après l'article 861-2 du "
            "même code :"
        )
        g.p(
            "« Sans préjudice des dispositions de l'article 68, la demande incidente tendant à l'octroi d'un délai de "
            "paiement en application de l'article 1343-5 du code civil peut être formée par requête faite, remise ou "
            "adressée au greffe, où elle est enregistrée. L'auteur de cette demande doit justifier avant l'audience que "
            "l'adversaire en a eu connaissance par lettre recommandée avec demande d'avis de réception. Les pièces que "
            "la partie invoque à l'appui de sa demande de délai de paiement sont jointes à la requête.",
            "Citation",
        )
        g.p(
            "L'auteur de cette demande incidente peut ne pas se présenter à l'audience, conformément au second alinéa "
            "de l'article 446-1. Dans ce cas, le juge ne fait droit aux demandes présentées contre cette partie que s'il "
            "les estime régulières, recevables et bien fondées. »",
            "Citation",
        )
    g.p(
        LA_DEMANDERESSE_MAJ
        + " est représenté"
        + E_FEMININ
        + " comme indiqué ci-dessus. Les pièces sur lesquelles la demande est fondée "
        "sont énumérées au bordereau figurant à la fin du présent acte."
    )


def comparution_tj(g: Gabarit, refere: bool) -> None:
    g.h1("D'avoir à comparaître")
    g.p(
        (
            "Devant le président du {{ juridiction.nom }}, statuant en référé, "
            if refere
            else "Devant le {{ juridiction.nom }}, "
        )
        + "{{ juridiction.adresse }}, à l'audience du [[date et heure de l'audience]], [[chambre, le cas échéant]]."
    )
    g.h2("Très important — modalités de comparution")
    g.tag("if assignation.avocat_obligatoire")
    g.p(
        "La représentation par avocat est obligatoire (article 760 du code de procédure civile). La partie "
        "défenderesse est tenue de constituer avocat dans le délai de quinze jours à compter de la présente "
        "assignation (article 755 du même code)."
    )
    g.tag("else")
    g.p(
        "La demande n'excédant pas 10 000 €, les parties sont dispensées de constituer avocat (article 761 du "
        "code de procédure civile). Elles peuvent se défendre elles-mêmes ou se faire assister ou représenter "
        "par un avocat, par leur conjoint, leur concubin ou le partenaire auquel elles sont liées par un pacte "
        "civil de solidarité, par leurs parents ou alliés en ligne directe ou en ligne collatérale jusqu'au "
        "troisième degré inclus, ou par les personnes exclusivement attachées à leur service personnel ou à leur "
        "entreprise ; le représentant, s'il n'est avocat, doit justifier d'un pouvoir spécial (article 762)."
    )
    g.tag("endif")
    g.p(
        "Faute pour la partie défenderesse de comparaître, elle s'expose à ce qu'"
        + ("une ordonnance soit rendue" if refere else "un jugement soit rendu")
        + " contre elle sur les seuls éléments fournis par son adversaire."
    )
    g.tag("if prealable_amiable or assignation.prealable_amiable_requis")
    g.h2("Diligences en vue d'une résolution amiable (articles 54 et 750-1 du code de procédure civile)")
    g.p(
        "{% if prealable_amiable %}{{ prealable_amiable }}{% else %}[[tentative préalable de conciliation, de "
        "médiation ou de procédure participative, ou motif de dispense (article 750-1 du code de procédure "
        "civile)]]{% endif %}"
    )
    g.tag("endif")


def assignation(tc: bool, refere: bool) -> Gabarit:
    if refere:
        g = Gabarit("Assignation en référé-provision", "acte")
        entete_acte(
            g,
            "Assignation en référé-provision",
            "devant le président du {{ juridiction.nom }} — articles "
            "{% if juridiction.type == 'tribunal_de_commerce' %}872 et 873{% else %}834 et 835{% endif %} "
            "du code de procédure civile",
        )
        g.tag("if juridiction.type == 'tribunal_de_commerce'")
        representation(g, True, refere=True)
        g.tag("else")
        representation(g, False)
        g.tag("endif")
    else:
        g = Gabarit("Assignation en paiement", "acte")
        entete_acte(g, "Assignation en paiement", "devant le {{ juridiction.nom }}")
        representation(g, tc)
    commissaire_et_defendeurs(g)
    if refere:
        g.tag("if juridiction.type == 'tribunal_de_commerce'")
        comparution_tc(g, refere)
        g.tag("else")
        comparution_tj(g, refere)
        g.tag("endif")
    elif tc:
        comparution_tc(g, refere)
    else:
        comparution_tj(g, refere)
    g.h1("Objet de la demande")
    g.p(
        ("Obtenir, à titre de provision, " if refere else "Obtenir ")
        + "la condamnation {% if debiteurs|length > 1 %}solidaire {% endif %}au paiement de la somme de "
        "**{{ decompte.total }}** ({{ decompte.total_en_lettres }}) arrêtée au {{ decompte.date }}, outre "
        "les {% if creance.b2b %}pénalités{% else %}intérêts{% endif %} à échoir, une indemnité au titre de "
        "l'article 700 du code de procédure civile et les dépens."
    )
    expose_faits(g)
    moyens(g, refere)
    dispositif(g, refere)
    bordereau_annexe(g)
    g.bloc_final(g.p("Coût de l'acte : [[coût de l'acte, par le commissaire de justice]]"))
    return g


# -- commissaire de justice ---------------------------------------------------------------------


def sommes_du_titre(g: Gabarit) -> None:
    """The title's sums item by item (CPC exéc. L111-2), when they are recorded."""
    g.tag("if titre.detail")
    g.tableau(
        [("Selon le titre", "{{ s.libelle }}", 12.0, False), ("Montant", "{{ s.montant }}", 4.0, True)],
        boucle="s in titre.detail",
        totaux=[("Total au {{ titre.date_calcul }}", "{{ titre.total }}")],
    )
    g.tag("endif")


def decompte_pour_information(le_titre: str, du_titre: str) -> str:
    """The creditor's décompte goes with a title for information only: the title fixes what is demanded and
    recovered (CPC 1413; CPC exéc. L111-2)."""
    return (
        "pour information, le décompte de la créance établi par le créancier sur la base de ses factures, tel "
        "que présenté avant " + le_titre + " et actualisé au {{ decompte.date }} : il ne fixe pas les sommes à "
        "recouvrer, qui sont celles " + du_titre + "."
    )


def entete_lettre_cj() -> Gabarit:
    g = Gabarit("Lettre au commissaire de justice", "lettre")
    g.p("[[nom du commissaire de justice]]", "Destinataire")
    g.p("Commissaire de justice", "Destinataire")
    g.p("[[adresse de l'office]]", "Destinataire")
    g.p("{{ lieu }}, le {{ date_document }}", "Date lettre")
    return g


def fin_lettre_cj(g: Gabarit) -> None:
    g.tag("if mandataire and (mandataire.telephone or mandataire.email)")
    g.p(
        "Pour tout échange sur ce dossier : {% if mandataire.telephone %}{{ mandataire.telephone }}{% endif %}"
        "{% if mandataire.telephone and mandataire.email %} — {% endif %}{% if mandataire.email %}"
        "{{ mandataire.email }}{% endif %}."
    )
    g.tag("endif")
    bloc_signature(g, "Nous vous prions d'agréer, Maître, l'expression de nos salutations distinguées.")


def lettre_cj(execution: bool) -> Gabarit:
    g = entete_lettre_cj()
    if execution:
        objet = (
            "{% if titre.nature == 'jugement' %}Signification et exécution forcée du jugement{% elif "
            "titre.designation %}Exécution forcée du titre exécutoire{% else %}"
            "Exécution forcée de l'ordonnance d'injonction de payer{% endif %} du {{ titre.date }} — "
            "{{ debiteur.designation }}"
        )
        rg = "titre.numero_rg"
    else:
        objet = "Signification d'une ordonnance d'injonction de payer — {{ debiteur.designation }}"
        rg = "ordonnance.numero_rg"
    objet_et_appel(g, objet, "Maître", rg)
    if not execution:
        g.p(
            "Par ordonnance du {{ ordonnance.date }}{% if ordonnance.numero_rg %} (RG n° {{ ordonnance.numero_rg }})"
            "{% endif %}, {{ titre.juridiction }} a enjoint à {{ debiteur.designation }} de payer à "
            "{{ creancier.designation }} {% if titre.detail %}les sommes suivantes, que l'acte de signification "
            "reprendra telles que l'ordonnance les fixe (article 1413 du code de procédure civile) :{% else %}la somme "
            "de {{ ordonnance.montant_accorde }}, montant total retenu par l'ordonnance, que l'acte de signification "
            "reprendra telle qu'elle la fixe (article 1413 du code de procédure civile) : [[décomposition selon "
            "l'ordonnance : principal, intérêts et leur point de départ, frais]].{% endif %}"
        )
        sommes_du_titre(g)
        g.p(
            "Cette ordonnance nous a été remise revêtue de la formule exécutoire (article 1410 du code de procédure "
            "civile)."
        )
        g.tag("if titre.partielle")
        g.p(
            "L'ordonnance n'ayant retenu la requête que pour partie, le créancier a choisi de la faire signifier "
            "plutôt que de procéder selon les voies de droit commun (article 1409, alinéa 2, du code de procédure "
            "civile)."
        )
        g.tag("endif")
        g.p("Nous vous prions de bien vouloir la signifier à :")
        identite(g, "debiteur", DEBITRICE)
        g.p(
            "L'ordonnance doit être signifiée, avec la requête et le bordereau des pièces (article 1411 du code de "
            "procédure civile), dans le délai de {{ signification.delai }} à compter de sa date, soit **au plus tard "
            "le {{ signification.date_limite }}**, faute de quoi elle serait non avenue. Nous vous remercions de "
            "privilégier, si possible, une signification à personne, qui seule fait courir le délai d'opposition "
            "d'un mois (article 1416)."
        )
        g.p("Vous trouverez ci-joint :")
        g.puces(
            "la copie certifiée conforme de la requête et de l'ordonnance revêtue de la formule exécutoire ;",
            "le bordereau des pièces et les pièces justificatives, à mettre à disposition du débiteur par voie "
            "électronique ou, à défaut, à joindre à l'acte ;",
            decompte_pour_information("l'ordonnance", "de l'ordonnance"),
        )
        g.p(
            "Nous vous saurions gré de nous adresser l'acte de signification dès sa délivrance, en précisant s'il a été "
            "remis à personne."
        )
    else:
        # A judgment is served before it is enforced (CPC 503) and enforceable at once unless it says
        # otherwise (CPC 514, 514-1); the commissaire de justice needs its expédition (CPC 502).
        g.tag("if titre.nature == 'jugement'")
        g.p(
            "Par jugement rendu le {{ titre.date }}{% if titre.numero_rg %} (RG n° {{ titre.numero_rg }}){% endif %}, "
            "{{ titre.juridiction }} a condamné {{ debiteur.designation }} à payer à {{ creancier.designation }} la "
            "somme de {{ titre.montant_accorde }}, outre accessoires. Nous vous en remettons l'expédition revêtue de "
            "la formule exécutoire (article 502 du code de procédure civile)."
        )
        g.p(
            "Ce jugement, à signifier, est exécutoire de droit à titre provisoire sauf s'il en a disposé autrement "
            "(articles 514 et 514-1 du code de procédure civile) ; il ne peut être exécuté qu'après avoir été "
            "signifié (article 503)."
        )
        g.p(
            "Nous vous prions de bien vouloir le signifier, puis en poursuivre l'exécution forcée par toutes voies de "
            "droit que vous jugerez utiles, à l'encontre de :"
        )
        # A title from another route (CPC exéc. L126-4, L125-1; Reg. 1896/2006 art. 18): enforceable as it is.
        g.tag("elif titre.designation")
        g.p(
            "Nous disposons à l'encontre de {{ debiteur.designation }} d'un titre exécutoire : {{ titre.designation }}."
        )
        g.p(
            "Nous vous prions de bien vouloir en poursuivre l'exécution forcée, par toutes voies de droit que vous "
            "jugerez utiles, à l'encontre de :"
        )
        g.tag("else")
        g.p(
            "L'ordonnance d'injonction de payer rendue le {{ titre.date }} par "
            "{{ titre.juridiction }}{% if titre.numero_rg %} (RG n° {{ titre.numero_rg }})"
            "{% endif %}, revêtue de la formule exécutoire, a été signifiée à {{ debiteur.designation }} le "
            "{{ signification.date }}{% if signification.a_personne %}, à personne{% endif %}."
        )
        g.p(
            "Aucune opposition ne nous a été notifiée dans le délai légal ; l'ordonnance produit tous les effets "
            "d'un jugement contradictoire non susceptible d'appel et peut être exécutée depuis le "
            "{{ signification.executoire_le }} (article 1422 du code de procédure civile)."
        )
        g.p(
            "Nous vous prions de bien vouloir en poursuivre l'exécution forcée, par toutes voies de droit que vous "
            "jugerez utiles, à l'encontre de :"
        )
        g.tag("endif")
        identite(g, "debiteur", DEBITRICE)
        # The title, not the invoices, fixes what is recovered (CPC exéc. L111-2); the costs of enforcement
        # fall on the debtor (CPC exéc. L111-8). Only its dispositif gives the interest, art. 700 and dépens.
        le_titre = (
            "{% if titre.nature == 'jugement' %}le jugement{% elif titre.designation %}le titre"
            "{% else %}l'ordonnance{% endif %}"
        )
        du_titre = (
            "{% if titre.nature == 'jugement' %}du jugement{% elif titre.designation %}du titre"
            "{% else %}de l'ordonnance{% endif %}"
        )
        g.tag("if titre.detail")
        g.p(
            "pour le recouvrement des sommes suivantes, calculées au {{ titre.date_calcul }} selon les termes "
            + du_titre
            + " (article L111-2 du code des procédures civiles d'exécution) :"
        )
        sommes_du_titre(g)
        g.p("outre les intérêts postérieurs au taux que fixe " + le_titre + " et les frais d'exécution.")
        g.tag("elif titre.selon_titre")
        g.p(
            "pour le recouvrement de la somme de **{{ titre.montant_accorde }}**, allouée par "
            + le_titre
            + ", outre les intérêts, frais et dépens selon le dispositif "
            + du_titre
            + " : [[taux et "
            "point de départ des intérêts, sommes allouées au titre de l'article 700 du code de procédure civile "
            "et des dépens, tels que " + le_titre + " les fixe]], ainsi que les frais d'exécution."
        )
        g.tag("else")
        g.p(
            "pour le recouvrement de la somme de **{{ decompte.total }}** arrêtée au {{ decompte.date }}, outre les "
            + PENALITES_POSTERIEURES
            + " et les frais d'exécution."
        )
        g.tag("endif")
        g.p("Vous trouverez ci-joint :")
        g.tag("if titre.nature == 'jugement'")
        g.puces("l'expédition du jugement du {{ titre.date }} revêtue de la formule exécutoire ;")
        g.tag("elif titre.designation")
        g.puces("le titre exécutoire du {{ titre.date }} ;")
        g.tag("else")
        g.puces(
            "l'ordonnance revêtue de la formule exécutoire ;",
            "l'acte de signification du {{ signification.date }} ;",
        )
        g.tag("if signification.certificat_non_opposition")
        g.puces(
            "le certificat de non-opposition délivré par le greffe (articles 504 et 505 du code de procédure civile) ;"
        )
        g.tag("endif")
        g.tag("endif")
        g.tag("if titre.selon_titre or titre.detail")
        g.puces(decompte_pour_information(le_titre, du_titre))
        g.tag("else")
        g.puces("le décompte actualisé des sommes dues au {{ decompte.date }}.")
        g.tag("endif")
        g.tag("if titre.nature == 'jugement'")
        g.p("Nous vous saurions gré de nous adresser l'acte de signification dès sa délivrance.")
        g.tag("endif")
        g.p("Nous vous remercions de nous tenir informés des mesures engagées et de leur résultat.")
    fin_lettre_cj(g)
    return g


# -- other routes to a title (procedures.voies) ----------------------------------------------------


def lettre_cj_demande(petites_creances: bool) -> Gabarit:
    """The creditor's request to a commissaire de justice: a commandement de payer for an uncontested
    commercial claim (CPC exéc. L126-1 to L126-5, loi du 23 avril 2026), or the procédure simplifiée de
    recouvrement des petites créances (CPC exéc. L125-1, R125-1 ff.)."""
    g = entete_lettre_cj()
    if petites_creances:
        objet = "Procédure simplifiée de recouvrement des petites créances — {{ debiteur.designation }}"
    else:
        objet = "Recouvrement d'une créance commerciale incontestée — {{ debiteur.designation }}"
    objet_et_appel(g, objet, "Maître")
    g.p(
        "{{ creancier.designation }} est créanci"
        + selon(_FEMININ, "ère", "er")
        + " de "
        + "{{ debiteur.designation }} au titre "
        + DES_FACTURES
        + ", demeurée"
        + selon(PLUSIEURS_FACTURES, "s impayées", " impayée")
        + " à ce jour{% if mise_en_demeure.date_envoi %} malgré la mise en demeure "
        "du {{ mise_en_demeure.date_envoi }}{% endif %}. La créance, de nature contractuelle, est certaine, liquide "
        "et exigible."
    )
    tableau_factures_simple(g)
    if petites_creances:
        g.p(
            "Son montant, principal et intérêts compris, n'excède pas 5 000 euros. Nous vous prions de bien vouloir "
            "mettre en œuvre la procédure simplifiée de recouvrement des petites créances (articles L. 125-1 et "
            "R. 125-1 et suivants du code des procédures civiles d'exécution), en invitant le débiteur, par lettre "
            "recommandée avec demande d'avis de réception ou par voie électronique, à y participer, à l'encontre de :"
        )
    else:
        g.p(
            "Cette créance a fait l'objet d'une facturation entre commerçants. Nous vous prions de bien vouloir mettre "
            "en œuvre la procédure simplifiée de recouvrement des créances commerciales incontestées (articles "
            "L. 126-1 et suivants du code des procédures civiles d'exécution) en signifiant un commandement de payer "
            "à l'encontre de :"
        )
    identite(g, "debiteur", DEBITRICE)
    g.p(
        "pour la somme de **{{ decompte.total }}** arrêtée au {{ decompte.date }}, selon le décompte joint, outre "
        "les " + PENALITES_POSTERIEURES + "."
    )
    if petites_creances:
        g.p(
            "Le débiteur dispose d'un mois à compter de l'envoi de l'invitation pour l'accepter. En cas d'accord sur "
            "le montant et les modalités du paiement, nous vous remercions de délivrer le titre exécutoire ; à "
            "défaut de réponse ou en cas de refus, de nous en informer par écrit, l'échec de la procédure "
            "dispensant de la tentative préalable de résolution amiable (article 750-1, 5°, du code de procédure "
            "civile). Les frais de la procédure sont à notre charge."
        )
    else:
        g.p(
            "Le débiteur disposera d'un mois pour payer ou contester la dette ; toute contestation met fin à la "
            "procédure. À défaut, nous vous remercions de dresser, au plus tôt huit jours après l'expiration de ce "
            "délai, le procès-verbal de non-contestation et d'en demander au greffier de la juridiction compétente en "
            "matière commerciale qu'il soit rendu exécutoire (articles L. 126-2 à L. 126-4). Les frais de la "
            "procédure sont à la charge du débiteur (article L. 126-5)."
        )
    g.p("Vous trouverez ci-joint :")
    g.puces(
        "les factures et pièces justificatives, avec leur bordereau ;",
        "{% if mise_en_demeure.date_envoi %}la mise en demeure du {{ mise_en_demeure.date_envoi }} ;"
        "{% else %}[[mise en demeure préalable]] ;{% endif %}",
        "le décompte des sommes dues au {{ decompte.date }}.",
    )
    g.p("Nous vous remercions de nous tenir informés des suites de cette demande.")
    fin_lettre_cj(g)
    return g


# -- payment plan, phone --------------------------------------------------------------------------


def echeancier() -> Gabarit:
    """Reconnaissance de dette with a payment plan; amounts in words and figures (C. civ. 1376)."""
    g = Gabarit("Protocole d'échéancier", "lettre")
    g.titre("Reconnaissance de dette et échéancier de paiement")
    g.h1("Entre les soussignés")
    identite(g, "creancier", "ci-après « le créancier »")
    g.p("d'une part,", "Partie")
    g.p("Et", "Partie")
    identite(g, "debiteur", "ci-après « le débiteur »")
    g.p("d'autre part,", "Partie")
    g.h1("Il a été convenu ce qui suit")
    g.h2("Article 1 — Reconnaissance de dette")
    g.p(
        "Le débiteur reconnaît devoir au créancier la somme de **{{ decompte.total }}** "
        "({{ decompte.total_en_lettres }}), arrêtée au {{ decompte.date }} et détaillée au décompte annexé, "
        "en exécution des engagements suivants : {{ creance.fondement }}."
    )
    g.h2("Article 2 — Échéancier")
    g.p(
        "Le débiteur s'engage à verser au créancier la somme totale de **{{ echeancier.total }}** "
        "({{ echeancier.total_en_lettres }}) en {{ echeancier.nombre }} versements, aux dates suivantes :"
    )
    g.tableau(
        [
            ("N°", "{{ e.numero }}", 1.2, False),
            ("Date", "{{ e.date }}", 3.3, False),
            ("Montant", "{{ e.montant }}", 2.8, True),
            ("Montant en lettres", "{{ e.montant_en_lettres }}", 8.7, False),
        ],
        boucle="e in echeancier.echeances",
        totaux=[("Total", "", "{{ echeancier.total }}", "{{ echeancier.total_en_lettres }}")],
    )
    g.tag("if paiement.iban")
    g.p(
        "Les versements sont effectués par virement (titulaire du compte : {{ paiement.titulaire }} ; IBAN : "
        "{{ paiement.iban }}{% if paiement.bic %} ; BIC : {{ paiement.bic }}{% endif %}), avec la référence "
        "{{ paiement.reference }}."
    )
    g.tag("endif")
    g.h2("Article 3 — Déchéance du terme")
    g.p(
        "À défaut de paiement d'une seule échéance à sa date, et huit jours après une mise en demeure restée "
        "sans effet, la totalité des sommes restant dues deviendra immédiatement exigible, sans autre formalité, "
        "et le créancier pourra en poursuivre le recouvrement par toutes voies de droit."
    )
    g.h2("Article 4 — Suspension des poursuites")
    g.p(
        "Tant que l'échéancier est respecté, le créancier s'abstient d'engager ou de poursuivre toute procédure "
        "de recouvrement au titre de cette créance. Le complet paiement de la dernière échéance vaut "
        "règlement de la créance ci-dessus."
    )
    g.h2("Article 5 — Effet sur la prescription")
    g.p(
        "Le débiteur a connaissance de ce que la présente reconnaissance de dette interrompt le délai de "
        "prescription (article 2240 du code civil)."
    )
    fait_a = g.p("Fait à {{ lieu }}, le {{ date_document }}, en deux exemplaires originaux.")
    g.tableau(
        [("Le créancier", "", 8.0, False), ("Le débiteur", "", 8.0, False)],
        lignes_fixes=[
            ("{{ creancier.designation }}", "{{ debiteur.designation }}"),
            (
                "{{ signataire.nom }}, {{ signataire.qualite }}",
                "{% if debiteur.representant %}{{ debiteur.representant }}{% endif %}",
            ),
            (
                "Signature :",
                "Signature, précédée de la mention manuscrite « Lu et approuvé, bon pour "
                "reconnaissance de dette de la somme de … (en lettres et en chiffres) » :",
            ),
            ("", ""),
        ],
    )
    g.bloc_final(fait_a)
    return g


def fiche_appel() -> Gabarit:
    g = Gabarit("Fiche d'appel", "acte")
    g.titre("Fiche d'appel — relance téléphonique", "Dossier {{ reference }} — préparée le {{ date_document }}")
    g.p(
        "**Débiteur :** {{ debiteur.designation }}{% if debiteur.representant %} — {{ debiteur.representant }}{% endif %}"
    )
    g.p(
        "**À appeler :** {% if appel.interlocuteur %}{{ appel.interlocuteur }}{% else %}service comptabilité{% endif %}"
        " — {% if appel.telephone %}{{ appel.telephone }}{% else %}[[numéro de téléphone]]{% endif %}"
    )
    g.h2("Sommes dues au {{ decompte.date }}")
    tableau_factures_detail(g)
    g.h2("À dire")
    g.puces(
        "Rappeler {% if factures|length > 1 %}les factures, leurs échéances{% else %}la facture, son échéance{% endif %} "
        "et le montant restant dû : {{ decompte.total }}.",
        "Demander si {% if factures|length > 1 %}les factures ont bien été reçues{% else %}la facture a bien été reçue{% endif %} "
        "et si {% if factures|length > 1 %}elles font{% else %}elle fait{% endif %} l'objet d'une contestation "
        "(noter le motif exact).",
    )
    g.tag("if creance.b2b")
    g.puces(
        "Rappeler que les pénalités de retard courent depuis l'échéance et que l'indemnité de 40 € par facture est due."
    )
    g.tag("endif")
    g.h2("À proposer")
    g.puces(
        "Règlement immédiat du total{% if paiement.iban %} par virement (IBAN {{ paiement.iban }}, référence "
        "{{ paiement.reference }}){% endif %}{% if paiement.lien %} ou en ligne : {{ paiement.lien }}{% endif %}.",
        "À défaut, un engagement écrit sur une date de paiement précise et proche.",
        "En cas de difficulté réelle, un échéancier (premier versement sous huit jours), formalisé par écrit.",
        "Annoncer qu'à défaut d'accord, une mise en demeure sera adressée.",
    )
    g.h2("Compte rendu")
    g.p("Date et heure de l'appel : [[date et heure]]")
    g.p("Interlocuteur : [[nom et fonction]]")
    g.p("Engagement obtenu (montant, date) : [[engagement]]")
    g.p("Suite à donner : [[confirmation écrite, relance, mise en demeure]]")
    return g


def confirmation_appel() -> Gabarit:
    g = Gabarit("Confirmation d'entretien", "lettre")
    bloc_destinataire(g)
    bloc_objet(g, "Confirmation de notre entretien téléphonique du {{ appel.date }}")
    g.p(
        "Nous faisons suite à notre entretien téléphonique du {{ appel.date }}"
        "{% if appel.interlocuteur %} avec {{ appel.interlocuteur }}{% endif %} au sujet " + DES_FACTURES + ", "
        "dont le solde s'élève à {{ decompte.total }} au {{ decompte.date }}."
    )
    g.p("Nous prenons acte de l'accord suivant : {{ appel.accord }}")
    g.tag("if appel.montant_promis")
    g.p(
        "Vous avez ainsi pris l'engagement de nous régler la somme de **{{ appel.montant_promis }}**"
        "{% if appel.date_paiement_promis %} au plus tard le **{{ appel.date_paiement_promis }}**{% endif %}."
    )
    g.tag("endif")
    bloc_paiement(g)
    g.p(
        "À défaut de respect de cet engagement, nous serions contraints de vous adresser une mise en demeure, "
        "préalable à une procédure judiciaire de recouvrement."
    )
    g.p("Nous vous remercions de votre collaboration.")
    fin_lettre_au_debiteur(g)
    return g


# -- greffe -------------------------------------------------------------------------------------


def lettre_greffe_non_opposition() -> Gabarit:
    """Ordonnance rendered before 1 Sept 2026 (regime before décret 2026-96): its enforceability is proven by
    the service and the greffe's certificate that no opposition was made within the month (CPC 504, 505,
    1416, 1422), asked before enforcement (docs/legal-reference.md §4 bis)."""
    g = Gabarit("Demande de certificat de non-opposition", "lettre")
    g.p("Greffe du {{ juridiction.nom }}", "Destinataire")
    g.tag("if juridiction.adresse_lignes")
    g.tag("for ligne in juridiction.adresse_lignes")
    g.p("{{ ligne }}", "Destinataire")
    g.tag("endfor")
    g.tag("else")
    g.p("{{ juridiction.adresse }}", "Destinataire")
    g.tag("endif")
    g.p("{{ lieu }}, le {{ date_document }}", "Date lettre")
    # The greffier of a tribunal de commerce is an officier public et ministériel: « Maître ».
    salutation = (
        "{% if juridiction.type == 'tribunal_de_commerce' %}Maître{% else %}Madame la Directrice, "
        "Monsieur le Directeur de greffe{% endif %}"
    )
    objet_et_appel(
        g,
        "Demande de certificat de non-opposition — ordonnance portant injonction de payer du {{ ordonnance.date }}",
        salutation,
        "ordonnance.numero_rg",
    )
    g.p(
        "Par ordonnance du {{ ordonnance.date }}{% if ordonnance.numero_rg %} (RG n° {{ ordonnance.numero_rg }})"
        "{% endif %}, {{ titre.juridiction }} a enjoint à {% for d in debiteurs %}{{ d.designation }}"
        "{% if not loop.last %}, {% endif %}{% endfor %} de payer à {{ creancier.designation }} "
        "{% if titre.detail %}les sommes qu'elle fixe en principal, intérêts et accessoires{% else %}la somme de "
        "{{ ordonnance.montant_accorde }}{% endif %}."
    )
    g.p(
        "Cette ordonnance a été signifiée le {{ signification.date }}{% if signification.a_personne %}, à "
        "personne{% endif %}. Le délai d'un mois suivant cette signification (articles 1416 et 1422 du code de "
        "procédure civile) a expiré le {{ signification.fin_opposition }}."
    )
    g.p(
        "En application des articles 504 et 505 du code de procédure civile, nous vous prions de bien vouloir nous "
        "délivrer un certificat attestant qu'aucune opposition n'a été formée contre cette ordonnance ou, s'il en a "
        "été formé une, indiquant sa date. Rapproché de l'acte de signification, ce certificat établit le "
        "caractère exécutoire de l'ordonnance avant son exécution forcée."
    )
    g.p("Vous trouverez ci-joint la copie de l'ordonnance et de l'acte de signification du {{ signification.date }}.")
    bloc_signature(g, "Nous vous prions d'agréer, " + salutation + ", l'expression de notre considération distinguée.")
    return g


MODELES = {
    "relance_prevenance": relance_prevenance,
    "relance_1": relance_1,
    "relance_2": relance_2,
    "mise_en_demeure": mise_en_demeure,
    "decompte": decompte,
    "bordereau": bordereau,
    "declaration_de_creance": declaration_de_creance,
    "requete_injonction": requete_injonction,
    "assignation_tc": lambda: assignation(tc=True, refere=False),
    "assignation_tj": lambda: assignation(tc=False, refere=False),
    "assignation_refere_provision": lambda: assignation(tc=False, refere=True),
    "lettre_cj_signification": lambda: lettre_cj(execution=False),
    "lettre_cj_execution": lambda: lettre_cj(execution=True),
    "lettre_cj_commandement": lambda: lettre_cj_demande(petites_creances=False),
    "lettre_cj_petites_creances": lambda: lettre_cj_demande(petites_creances=True),
    "lettre_greffe_non_opposition": lettre_greffe_non_opposition,
    "echeancier": echeancier,
    "fiche_appel": fiche_appel,
    "confirmation_appel": confirmation_appel,
}


def construire(dossier: Path = ICI) -> list[Path]:
    """Write every template into ``dossier``; return the paths."""
    chemins = []
    for nom, fabrique in MODELES.items():
        chemin = dossier / f"{nom}.docx"
        fabrique().enregistrer(chemin)
        chemins.append(chemin)
    return chemins


if __name__ == "__main__":
    for chemin in construire(Path(sys.argv[1]) if len(sys.argv) > 1 else ICI):
        print(chemin)
