"""DOCX templates: every one renders with the documented context, says what the law requires, escapes
user text everywhere, and the verifier catches what breaks a user's own template."""

from __future__ import annotations

import copy
import email
import email.policy
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from importlib.resources import files
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate

from outils import MODELES, donnees_exemple, modele_docx, plat, situation_de, situation_exemple, textes_docx
from procedures.contexte import contexte_document
from procedures.courriel import composer, creer_courriel
from procedures.documents import (
    contexte_exemple,
    exporter_modeles,
    noms_modeles,
    qr_code_sepa,
    rendre_document,
    variables_documentees,
    verifier_modeles,
)
from procedures.erreurs import ProcedureError
from procedures.typographie import typographie

MODELES_DOCX = [n[:-5] for n in noms_modeles() if n.endswith(".docx")]
COURRIELS = [n[:-4] for n in noms_modeles() if n.endswith(".txt")]


def consommateur() -> dict:
    """Variant: a consumer debtor (civil claim, tribunal judiciaire), no IBAN, no payment link, no mandataire."""
    ctx = contexte_exemple()
    personne = {
        "designation": "M. Jean Durand",
        "est_societe": False,
        "feminin": False,
        "salutation": "Monsieur",
        "entrepreneur_individuel": False,
        "forme": None,
        "forme_longue": None,
        "denomination": None,
        "capital": None,
        "siren": None,
        "rcs": None,
        "representant": None,
        "civilite": "M.",
        "nom": "Durand",
        "prenoms": "Jean",
        "profession": None,
        "nationalite": None,
        "date_naissance": None,
        "lieu_naissance": None,
        "adresse": "3 rue des Lilas, 69100 Villeurbanne",
        "adresse_lignes": ["3 rue des Lilas", "69100 Villeurbanne"],
        "mentions_legales": None,
        "email": None,
        "telephone": None,
        "professionnel": False,
        "commercant": False,
    }
    ctx["debiteur"] = personne
    ctx["debiteurs"] = [personne]
    ctx["mandataire"] = None
    ctx["creance"].update(nature="civile", b2b=False)
    for facture in ctx["factures"]:
        facture["indemnite"] = "0,00 €"
    ctx["decompte"].update(
        regime="interet_legal",
        intitule_interets="Intérêts au taux légal",
        fondement_interets="articles 1231-6 et 1344-1 du code civil",
        taux_description="taux de l'intérêt légal applicable aux créanciers professionnels",
        point_depart="à compter du 30 juillet 2025, date de réception de la mise en demeure",
        indemnites_forfaitaires="0,00 €",
    )
    ctx["juridiction"].update(
        type="tribunal_judiciaire",
        nom="tribunal judiciaire de Lyon",
        designation_president="Madame la Présidente, Monsieur le Président du tribunal judiciaire de Lyon",
        adresse="67 rue Servient, 69003 Lyon",
        adresse_lignes=["67 rue Servient", "69003 Lyon"],
        cerfa="12948*06",
    )
    ctx["prealable_amiable"] = (
        "Le demandeur a saisi un conciliateur de justice le 1er août 2025 ; la tentative de conciliation a échoué."
    )
    ctx["assignation"].update(article_700=None)
    ctx["paiement"].update(iban=None, bic=None, lien=None)
    ctx["procedure_collective"].update(type="redressement", a_echoir_exigibles=False, surete=None)
    ctx["procedure_collective"]["conversion"] = dict.fromkeys(ctx["procedure_collective"]["conversion"])
    ctx["procedure_collective"]["instance"] = dict.fromkeys(ctx["procedure_collective"]["instance"])
    ctx["procedure_collective"]["organe"]["qualite"] = "mandataire judiciaire"
    return ctx


CONTEXTES = {"exemple": contexte_exemple, "consommateur": consommateur}


def rendre(nom: str, ctx: dict, dossier: Path, modeles_utilisateur: Path | None = None) -> dict[str, str]:
    return textes_docx(rendre_document(nom, ctx, dossier / f"{nom}.docx", modeles_utilisateur))


# -- every template, every context --------------------------------------------------------------


@pytest.mark.parametrize("variante", sorted(CONTEXTES))
@pytest.mark.parametrize("nom", MODELES_DOCX)
def test_chaque_modele_se_rend_et_s_ouvre(nom, variante, tmp_path):
    texte = rendre(nom, CONTEXTES[variante](), tmp_path)
    tout = "\n".join(texte.values())
    assert "{{" not in tout and "{%" not in tout
    assert "None" not in tout
    assert "huissier" not in tout.lower()
    assert "grande instance" not in tout and "tribunal d'instance" not in tout


@pytest.mark.parametrize("nom", MODELES_DOCX)
def test_blocs_optionnels_sans_ligne_vide(nom, tmp_path):
    """{%p %} tags remove their paragraph: dropping blocks (consumer, no IBAN...) adds no empty line."""

    def vides(ctx, sous_dossier):
        (tmp_path / sous_dossier).mkdir()
        chemin = rendre_document(nom, ctx, tmp_path / sous_dossier / "d.docx")
        return sum(1 for p in docx.Document(chemin).paragraphs if not p.text.strip() and not p._p.xpath(".//w:drawing"))

    assert vides(contexte_exemple(), "a") == vides(consommateur(), "b")


def test_un_profileur_qui_garde_les_cadres_du_rendu_ne_le_casse_pas(tmp_path, monkeypatch):
    """A Dask worker's profiler takes the task threads' stacks (``sys._current_frames``) every 10 ms. Taken
    while docxtpl's ``render`` held its body tree parsed without python-docx's classes, and kept until after
    the render, it left the document's body a plain lxml element: "'_Element' object has no attribute
    'p_lst'" in about one Dask document in twenty. Here a second thread takes that snapshot at exactly that
    moment and keeps it until the document is written."""
    fige, pris, fini = threading.Event(), threading.Event(), threading.Event()
    instantanes = []
    renumeroter = DocxTemplate.fix_docpr_ids

    def fix_docpr_ids(self, tree):  # render() calls it between parsing the body and grafting it
        fige.set()
        assert pris.wait(10)
        return renumeroter(self, tree)

    def profileur(fil: int) -> None:
        assert fige.wait(10)
        instantanes.append(sys._current_frames()[fil])
        pris.set()
        fini.wait(10)
        instantanes.clear()

    monkeypatch.setattr(DocxTemplate, "fix_docpr_ids", fix_docpr_ids)
    echantillonneur = threading.Thread(target=profileur, args=(threading.get_ident(),))
    echantillonneur.start()
    try:
        chemin = rendre_document("mise_en_demeure", contexte_exemple(), tmp_path / "mise_en_demeure.docx")
        assert instantanes, "the snapshot was taken during the render and is still held"
    finally:
        fini.set()
        echantillonneur.join()
    assert "MISE EN DEMEURE" in textes_docx(chemin)["corps"].upper()


def test_pied_de_page_numerote_x_sur_y(tmp_path):
    chemin = rendre_document("mise_en_demeure", contexte_exemple(), tmp_path / "med.docx")
    with zipfile.ZipFile(chemin) as archive:
        pieds = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
    assert " PAGE " in pieds and " NUMPAGES " in pieds


def test_format_a4_et_styles_nommes(tmp_path):
    document = docx.Document(rendre_document("assignation_tc", contexte_exemple(), tmp_path / "a.docx"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    styles = {p.style.name for p in document.paragraphs}
    assert {"Titre acte", "Heading 1", "Normal", "Partie", "Dispositif"} <= styles
    # no direct formatting: runs carry no bold/size of their own, only character styles
    for paragraphe in document.paragraphs:
        for run in paragraphe.runs:
            assert run.bold is None and run.font.size is None and run.font.name is None


# -- mandatory mentions ---------------------------------------------------------------------------

MENTIONS = {
    "relance_prevenance": [
        "F2025-031",
        "14 avril 2025",
        "FR76 3000 6000 0112 3456 7890 189",
        "https://paiement.atelier-dubois.fr/2025-0042",
    ],
    "relance_1": ["Sauf erreur ou omission", "5 133,13 €", "L441-10", "40 €", "14 octobre 2025"],
    "relance_2": ["Malgré la précédente relance du 20 juin 2025", "5 422,46 €", "mise en demeure"],
    "mise_en_demeure": [
        "Mise en demeure",
        "article 1344 du code civil",
        "4 093,84 €",
        "1 328,62 €",
        "155,27 €",
        "40,00 €",
        "au plus tard le 5 août 2025",
        "requête en injonction de payer",
        "assignation en paiement",
        "lettre recommandée avec demande d'avis de réception",
        "article 700",
        "cinq mille quatre cent vingt-deux euros et quarante-six centimes",
    ],
    "decompte": [
        "365 jours",
        "13,15 %",
        "12,15 %",
        "98,57 €",
        "901,43 €",
        "C. civ. art. 1343-1",
        "5 422,46 €",
        "6 034,56 €",
    ],
    "bordereau": ["Bordereau des pièces", "Facture F2025-031 du 15 mars 2025", "Conditions générales de vente"],
    "requete_injonction": [
        "Requête en injonction de payer",
        "Madame la Présidente, Monsieur le Président du tribunal de commerce de Lyon",
        "1405",
        "article 1407",
        "Devis accepté du 3 février 2025",
        "123 456 782",
        "société à responsabilité limitée",
        "Mme Claire Dubois, gérante",
        "5 avenue Henri Barbusse",
        "Bordereau des documents justificatifs",
        "5 133,13 €",
        "209,33 €",
        "80,00 €",
        "Fait à Lyon, le 6 octobre 2025",
        "les dépens",
    ],
    "assignation_tc": [
        "Assignation en paiement",
        "tribunal de commerce de Lyon",
        "À COMPLÉTER : date et heure de l'audience",
        "commissaire de justice",
        "article 853",
        "article 855",
        "861-2",
        "seuls éléments fournis par son adversaire",
        "Exposé des faits",
        "L441-10",
        "D441-5",
        "à compter du lendemain de la date d'échéance",
        "article 700",
        "1 500,00 €",
        "entiers dépens",
        "Bordereau des pièces",
        "Maître Anne Lefèvre",
    ],
    "assignation_tj": [
        "tribunal de commerce de Lyon",
        "article 700",
        "dépens",
        "À COMPLÉTER : date et heure de l'audience",
    ],
    "assignation_refere_provision": ["référé-provision", "873", "pas sérieusement contestable", "à titre de provision"],
    "lettre_cj_signification": [
        "commissaire de justice",
        "formule exécutoire",
        "article 1411",
        "six mois",
        "au plus tard le 15 mars 2026",
        "non avenue",
        "987 654 324",
        "2025/004512",
    ],
    "lettre_cj_execution": [
        "exécution forcée",
        "article 1422",
        "1er octobre 2025",
        "à personne",
        "4 novembre 2025",
        "5 422,46 €",
    ],
    "echeancier": [
        "Reconnaissance de dette",
        "mille huit cent sept euros et quarante-huit centimes",
        "1 807,49 €",
        "15 décembre 2025",
        "article 2240",
        "Déchéance du terme",
        "deux exemplaires",
    ],
    "fiche_appel": ["Fiche d'appel", "04 72 00 00 00", "5 422,46 €", "échéancier", "À COMPLÉTER"],
    "confirmation_appel": [
        "entretien téléphonique du 6 octobre 2025",
        "1 328,62 €",
        "14 octobre 2025",
        "Règlement de la facture F2025-047",
    ],
}


@pytest.mark.parametrize("nom", sorted(MENTIONS))
def test_mentions_obligatoires(nom, tmp_path):
    texte = rendre(nom, contexte_exemple(), tmp_path)
    tout = "\n".join(texte.values())
    for mention in MENTIONS[nom]:
        assert mention.lower() in tout.lower(), f"{nom} : « {mention} » manque"


@pytest.mark.parametrize("nom", ["lettre_cj_commandement", "lettre_cj_petites_creances", "lettre_cj_execution"])
def test_role_du_debiteur_accorde_a_la_personne(nom, tmp_path):
    """A debtor who is a man is « débiteur » after his identity, a company « débitrice »."""
    homme = rendre(nom, consommateur(), tmp_path)["corps"]
    assert "demeurant 3 rue des Lilas, 69100 Villeurbanne, débiteur ;" in homme
    assert "débitrice" not in homme
    societe = rendre(nom, contexte_exemple(), tmp_path)["corps"]
    assert "son représentant légal domicilié en cette qualité audit siège, débitrice ;" in societe


@pytest.mark.parametrize("nom", ["lettre_cj_commandement", "lettre_cj_petites_creances"])
def test_demande_au_commissaire_accorde_factures_au_nombre(nom, tmp_path):
    """One invoice is « de la facture F1, demeurée impayée », two « des factures F1 et F2, demeurées impayées »."""
    ctx = contexte_exemple()
    deux = rendre(nom, ctx, tmp_path)["corps"]
    numeros = [f["numero"] for f in ctx["factures"]]
    assert len(numeros) == 2
    assert f"au titre des factures {numeros[0]} et {numeros[1]}, demeurées impayées à ce jour" in deux
    ctx["factures"] = ctx["factures"][:1]
    une = rendre(nom, ctx, tmp_path)["corps"]
    assert f"au titre de la facture {numeros[0]}, demeurée impayée à ce jour" in une


def entetes(nom: str, ctx: dict, dossier: Path) -> tuple[str, str, str]:
    """The first page's header, the following pages' header and the body of a rendered letter."""
    chemin = rendre_document(nom, ctx, dossier / f"{nom}.docx")
    section = docx.Document(chemin).sections[0]
    return (
        plat("\n".join(p.text for p in section.first_page_header.paragraphs)),
        plat("\n".join(p.text for p in section.header.paragraphs)),
        textes_docx(chemin)["corps"],
    )


LETTRES_AU_CREANCIER_REPRESENTE = ["mise_en_demeure", "lettre_cj_signification", "lettre_cj_execution"]


@pytest.mark.parametrize("nom", LETTRES_AU_CREANCIER_REPRESENTE)
def test_lettre_d_avocat_sur_son_papier(nom, tmp_path):
    """The ordonnance example's avocat signs: her letterhead, not her client's, and the client still named."""
    premiere, suivantes, corps = entetes(nom, contexte_document(situation_exemple("ordonnance")), tmp_path)
    assert premiere.splitlines()[:2] == ["Maître Hélène Roux", "Avocat au barreau de Bordeaux"]
    assert "15 cours de l'Intendance" in premiere and "h.roux@avocats.example" in premiere
    assert "Tonnellerie Garnier" not in premiere and "RCS Bordeaux" not in premiere
    assert suivantes == "Maître Hélène Roux — Réf. CAB-2026-007"
    assert "pour Tonnellerie Garnier" in corps
    if nom == "mise_en_demeure":
        assert "Nous vous écrivons pour le compte de Tonnellerie Garnier, 40 quai des Chartrons" in corps
        assert "de régler à Tonnellerie Garnier la somme totale" in corps
        assert "Tonnellerie Garnier vous a adressé la facture suivante" in corps and "malgré ses relances" in corps
        assert "nous vous avons adressé" not in corps and "nos relances" not in corps
    assert "Le dossier est suivi par" not in corps  # the letterhead says it


def test_rappel_d_echeance_ecrit_par_le_mandataire_ou_le_creancier(tmp_path):
    """The avocat's reminder names the invoice and its creditor, never « notre facture » nor « votre confiance »;
    the creditor's own reminder thanks its customer and asks the payment to reach it."""
    _, _, avocat = entetes("relance_prevenance", contexte_document(situation_exemple("ordonnance")), tmp_path)
    assert "Objet : Rappel de l'échéance prochaine de la facture" in avocat
    assert "Nous vous écrivons pour le compte de Tonnellerie Garnier" in avocat
    assert "le paiement parvienne à Tonnellerie Garnier à la date prévue" in avocat
    assert "notre facture" not in avocat and "nos factures" not in avocat and "votre confiance" not in avocat
    _, _, creancier = entetes("relance_prevenance", contexte_document(situation_exemple("b2b")), tmp_path)
    assert "Objet : Rappel de l'échéance prochaine des factures F2025-031 et F2025-047" in creancier
    assert "le paiement nous parvienne à la date prévue" in creancier
    assert "Nous vous remercions de votre confiance et vous prions" in creancier


def test_seconde_relance_du_mandataire_ne_s_attribue_pas_la_premiere(tmp_path):
    """The first reminder may have been the creditor's own: the avocat writes « la précédente relance »."""
    _, _, avocat = entetes("relance_2", contexte_document(situation_exemple("ordonnance")), tmp_path)
    assert "Malgré la précédente relance du 25 novembre 2025, nous constatons que" in avocat
    _, _, creancier = entetes("relance_2", contexte_document(situation_exemple("b2b")), tmp_path)
    assert "Malgré notre précédente relance du " in creancier


def test_lettre_sans_mandataire_sur_le_papier_du_creancier(tmp_path):
    premiere, suivantes, corps = entetes("mise_en_demeure", contexte_document(situation_exemple("b2b")), tmp_path)
    assert premiere.startswith("Atelier Dubois & Fils\n12 rue de la République")
    assert "SARL au capital de 10 000,00 € — RCS Lyon 123 456 782" in premiere
    assert suivantes.startswith("Atelier Dubois & Fils — Réf. ")


def test_lettre_d_un_salarie_sur_le_papier_du_creancier(tmp_path):
    """An employee writes on the company's letterhead, with its mentions légales (C. com. R123-237)."""
    donnees = donnees_exemple("ordonnance")
    donnees["mandataire"] = {
        "qualite": "salarie",
        "nom": "Paul Martin",
        "adresse": {"ligne1": "40 quai des Chartrons", "code_postal": "33000", "ville": "Bordeaux"},
    }
    ctx = contexte_document(situation_de(donnees))
    premiere, suivantes, corps = entetes("mise_en_demeure", ctx, tmp_path)
    assert premiere.startswith("Tonnellerie Garnier")
    assert "SAS au capital de 50 000,00 € — RCS Bordeaux 345 678 908" in premiere
    assert "Paul Martin" not in premiere and suivantes.startswith("Tonnellerie Garnier — Réf.")
    assert "Le dossier est suivi par Paul Martin, salarié du créancier" in corps
    assert "nous vous avons adressé la facture suivante" in corps and "pour le compte de" not in corps
    assert "malgré nos relances" in corps and "de nous régler la somme totale" in corps


LETTRES_AU_DEBITEUR = ["relance_prevenance", "relance_1", "relance_2", "mise_en_demeure", "confirmation_appel"]


@pytest.mark.parametrize("nom", LETTRES_AU_DEBITEUR)
def test_lettre_d_une_societe_de_recouvrement_reproduit_l111_8(nom, tmp_path):
    """CPC exéc. R124-4: a recovery agency's letter says it carries on amicable recovery (1°), names the creditor
    and its address (2°) and reproduces the second and third paragraphs of L111-8 (5°); an avocat's does not."""
    donnees = donnees_exemple("ordonnance")
    donnees["mandataire"] = {
        "qualite": "societe_de_recouvrement",
        "nom": "Recouvrement Sud-Ouest SAS",
        "adresse": {"ligne1": "5 rue Sainte-Catherine", "code_postal": "33000", "ville": "Bordeaux"},
    }
    _, _, agence = entetes(nom, contexte_document(situation_de(donnees)), tmp_path)
    assert (
        "Nous vous écrivons pour le compte de Tonnellerie Garnier, 40 quai des Chartrons, 33000 Bordeaux, dans le "
        "cadre de notre activité de recouvrement amiable de créances." in agence
    )
    assert "Conformément à l'article R124-4 du code des procédures civiles d'exécution" in agence
    assert "« Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier" in agence
    assert "laisser tout ou partie des frais ainsi exposés à la charge du débiteur de mauvaise foi. »" in agence
    _, _, avocat = entetes(nom, contexte_document(situation_exemple("ordonnance")), tmp_path)
    assert "R124-4" not in avocat and "L111-8" not in avocat and "recouvrement amiable" not in avocat


def test_consommateur_ni_penalites_commerciales_ni_40_euros(tmp_path):
    ctx = consommateur()
    med = rendre("mise_en_demeure", ctx, tmp_path)["corps"]
    assert "1344-1" in med and "taux légal" in med
    assert "L441-10" not in med and "D441-5" not in med and "40 €" not in med and "Indemnité forfaitaire" not in med
    assert "Le dossier est suivi par" not in med  # no mandataire
    assert "IBAN" not in med and "Modalités de règlement" not in med
    document = docx.Document(tmp_path / "mise_en_demeure.docx")
    assert len(document.inline_shapes) == 0


@pytest.mark.parametrize("nom", ["requete_injonction", "lettre_cj_commandement", "lettre_cj_petites_creances"])
def test_accessoires_a_echoir_selon_la_creance(nom, tmp_path):
    """What runs on after the décompte: late-payment penalties between professionals (C. com. L441-10), the
    legal interest on a consumer (C. civ. 1231-6)."""
    professionnel = rendre(nom, contexte_exemple(), tmp_path)["corps"]
    assert "outre les pénalités postérieures" in professionnel and "intérêts postérieurs" not in professionnel
    particulier = rendre(nom, consommateur(), tmp_path)["corps"]
    assert "outre les intérêts postérieurs" in particulier and "pénalités postérieures" not in particulier


def test_consommateur_assignation_tj(tmp_path):
    tj = rendre("assignation_tj", consommateur(), tmp_path)["corps"]
    assert "avocat" not in tj.split("Donné assignation")[0].lower()  # no avocat required at or under 10 000 €
    for mention in (
        "tribunal judiciaire de Lyon",
        "article 761",
        "750-1",
        "conciliateur de justice",
        "À COMPLÉTER : montant",
        "M. Jean Durand",
        "1231-6",
        "défendeur",
    ):
        assert mention in tj, mention
    assert "D441-5" not in tj
    refere = rendre("assignation_refere_provision", consommateur(), tmp_path)["corps"]
    assert "835 alinéa 2" in refere and "873" not in refere


def test_qr_code_sepa_sur_relances_et_mise_en_demeure(tmp_path):
    assert qr_code_sepa(contexte_exemple()["paiement"]).startswith(b"\x89PNG")
    for nom in ("relance_prevenance", "relance_1", "relance_2", "mise_en_demeure"):
        document = docx.Document(rendre_document(nom, contexte_exemple(), tmp_path / f"{nom}.docx"))
        assert len(document.inline_shapes) == 1, nom


# -- escaping -------------------------------------------------------------------------------------


def test_texte_utilisateur_echappe_partout(tmp_path):
    ctx = contexte_exemple()
    ctx["creancier"]["designation"] = ctx["expediteur"]["designation"] = "Dupont & Fils <SARL>"
    ctx["debiteur"]["designation"] = "L'Atelier « Zoé »"
    ctx["debiteurs"] = [ctx["debiteur"]]
    ctx["creance"]["fondement"] = "Contrat {{ 7*7 }} & avenant <n° 2>"
    ctx["factures"][0]["numero"] = "F{{ 7*7 }}<1>"
    ctx["pieces"][0]["titre"] = "Facture {% if true %}& <b>{% endif %}"
    for nom in ("mise_en_demeure", "requete_injonction", "bordereau", "assignation_tc"):
        texte = rendre(nom, copy.deepcopy(ctx), tmp_path)
        if nom in ("mise_en_demeure",):
            assert "Dupont & Fils <SARL>" in texte["entete"]
            assert "Dupont & Fils <SARL>" in texte["pied"]
            assert "régler à Dupont & Fils <SARL> la somme" in texte["corps"]
            assert "L'Atelier « Zoé »" in texte["corps"]
            assert "F{{ 7*7 }}<1>" in texte["corps"]  # in a table cell
        if nom in ("requete_injonction", "assignation_tc"):
            assert "Contrat {{ 7*7 }} & avenant <n° 2>" in texte["corps"]
            assert "Dupont & Fils <SARL> c/ L'Atelier « Zoé »" in texte["entete"]
        if nom == "bordereau":
            assert "Facture {% if true %}& <b>{% endif %}" in texte["corps"]


def test_typographie_francaise():
    assert typographie("Objet : relance ! Pourquoi ? a ; b") == "Objet\u00a0: relance\u00a0! Pourquoi\u00a0? a\u00a0; b"
    assert typographie("«Zoé»") == "«\u00a0Zoé\u00a0»"
    assert typographie("1 234,56 €") == "1\u00a0234,56\u00a0€"
    assert typographie("https://exemple.fr/p?a=1;b=2") == "https://exemple.fr/p?a=1;b=2"
    assert typographie("1\u202f234,56\u00a0€") == "1\u202f234,56\u00a0€"


def test_typographie_appliquee_au_texte_fixe_et_au_contexte(tmp_path):
    chemin = rendre_document("mise_en_demeure", contexte_exemple(), tmp_path / "med.docx")
    corps = "\n".join(p.text for p in docx.Document(chemin).paragraphs)
    assert "Monsieur," in corps and "Madame, Monsieur" not in corps  # to M. Paul Martin
    assert "Objet\u00a0: Mise en demeure" in corps
    assert "au plus tard le 7\u00a0août" not in corps  # dates are not numbers: left alone
    assert "5\u00a0422,46\u00a0€" in corps


# -- user templates and the verifier ------------------------------------------------------------


def test_modeles_livres_sans_erreur():
    assert verifier_modeles(Path(str(files("modeles")))) == []


def test_balise_coupee_signalee(tmp_path):
    modele_docx(tmp_path / "relance_1.docx", "Bonjour {{ creancier.desi", "gnation }} !")
    erreurs = verifier_modeles(tmp_path)
    assert len(erreurs) == 1
    assert erreurs[0].fichier == "relance_1.docx"
    assert erreurs[0].champ == "{{ creancier.designation }}"
    assert "coupée" in erreurs[0].message


def test_balise_non_fermee_signalee(tmp_path):
    modele_docx(tmp_path / "relance_1.docx", "Bonjour {{ creancier.designation ")
    erreurs = verifier_modeles(tmp_path)
    assert erreurs and "non fermée" in erreurs[0].message and erreurs[0].fichier == "relance_1.docx"


def test_variable_inconnue_signalee_et_refusee_au_rendu(tmp_path):
    modele_docx(
        tmp_path / "relance_1.docx",
        "Bonjour {{ creancier.nomm }}, ",
        "{% for f in factures %}{{ f.numro }}{% endfor %}",
    )
    erreurs = verifier_modeles(tmp_path)
    assert {(e.fichier, e.champ) for e in erreurs} == {
        ("relance_1.docx", "creancier.nomm"),
        ("relance_1.docx", "factures[].numro"),
    }
    with pytest.raises(ProcedureError) as exc:
        rendre_document("relance_1", contexte_exemple(), tmp_path / "sortie.docx", tmp_path)
    assert "relance_1.docx" in str(exc.value) and "creancier.nomm" in str(exc.value)
    assert not (tmp_path / "sortie.docx").exists()


def test_erreur_de_syntaxe_signalee(tmp_path):
    modele_docx(tmp_path / "mise_en_demeure.docx", "{% if creance.b2b %}Pénalités")
    erreurs = verifier_modeles(tmp_path)
    assert erreurs[0].fichier == "mise_en_demeure.docx" and "syntaxe" in erreurs[0].message
    with pytest.raises(ProcedureError, match="mise_en_demeure.docx.*syntaxe"):
        rendre_document("mise_en_demeure", contexte_exemple(), tmp_path / "x.docx", tmp_path)


def test_modele_utilisateur_remplace_le_modele_livre(tmp_path):
    perso = tmp_path / "perso"
    perso.mkdir()
    modele_docx(perso / "relance_1.docx", "Cabinet Martin — relance {{ reference }} pour {{ debiteur.designation }}")
    texte = rendre("relance_1", contexte_exemple(), tmp_path, perso)["corps"]
    assert texte == "Cabinet Martin — relance 2025-0042 pour Boulangerie « Le Fournil » SAS"
    # other templates still come from the shipped ones
    assert "Seconde relance" in rendre("relance_2", contexte_exemple(), tmp_path, perso)["corps"]


def test_modele_inconnu():
    with pytest.raises(ProcedureError, match="Modèle inconnu : lettre_au_pape.docx"):
        rendre_document("lettre_au_pape", contexte_exemple(), Path("/nonexistent/x.docx"))


def test_exporter_puis_verifier(tmp_path):
    copies = exporter_modeles(tmp_path / "mes_modeles")
    noms = {c.name for c in copies}
    assert {f"{n}.docx" for n in MODELES_DOCX} <= noms and "CONTEXTE.md" in noms and "contexte_exemple.yaml" in noms
    assert verifier_modeles(tmp_path / "mes_modeles") == []
    with pytest.raises(ProcedureError, match="contient déjà"):
        exporter_modeles(tmp_path / "mes_modeles")


def test_contexte_documente_chaque_variable():
    """CONTEXTE.md names every variable path of the sample context."""
    doc = (MODELES / "CONTEXTE.md").read_text(encoding="utf-8")
    # the fields of a party are documented once, as `partie.x`, for creancier, debiteur and debiteurs[]
    parties = re.compile(r"^(creancier|debiteur|debiteurs\[\])\.")
    manquantes = sorted(v for v in variables_documentees() if f"`{parties.sub('partie.', v)}`" not in doc)
    assert manquantes == []


# -- e-mail drafts --------------------------------------------------------------------------------


@pytest.mark.parametrize("nom", COURRIELS)
def test_courriels_se_composent(nom):
    objet, corps = composer(nom, contexte_exemple())
    assert "2025-0042" in objet and "{{" not in corps and corps.startswith("Monsieur,")


def test_courriel_eml_avec_pdf_joint(tmp_path):
    pdf = tmp_path / "relance_1.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    ctx = contexte_exemple()
    ctx["creancier"]["designation"] = "Dupont & Fils <SARL>"
    eml = creer_courriel("courriel_relance_1", ctx, [pdf], tmp_path / "relance_1.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Relance — factures F2025-031 et F2025-047 (2025-0042)"
    assert message["To"] == "Boulangerie « Le Fournil » SAS <compta@le-fournil.fr>"
    assert "contact@atelier-dubois.fr" in message["From"]
    assert message["From"].addresses[0].display_name == "Dupont & Fils <SARL>"  # quoted, not cut at « < »
    assert message["X-Unsent"] == "1"
    corps = message.get_body(preferencelist=("plain",)).get_content()
    assert "5 133,13 €" in corps.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Dupont & Fils <SARL>" in corps
    pieces = list(message.iter_attachments())
    assert [(p.get_filename(), p.get_content_type()) for p in pieces] == [("relance_1.pdf", "application/pdf")]
    assert pieces[0].get_content() == pdf.read_bytes()


def test_courriel_piece_jointe_manquante(tmp_path):
    with pytest.raises(ProcedureError, match="introuvable"):
        creer_courriel("courriel_relance_1", contexte_exemple(), [tmp_path / "absent.pdf"], tmp_path / "x.eml")


# -- through LibreOffice ---------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="LibreOffice ou pdftotext absent"
)
def test_pdf_de_chaque_modele(tmp_path):
    from procedures.pdf import docx_vers_pdf

    ctx = contexte_exemple()
    ctx["debiteur"]["designation"] = "L'Atelier « Zoé »"
    ctx["creancier"]["designation"] = "Dupont & Fils <SARL>"
    docxs = [rendre_document(n, ctx, tmp_path / f"{n}.docx") for n in MODELES_DOCX]
    for pdf in docx_vers_pdf(docxs):
        texte = plat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        assert "Dupont & Fils <SARL>" in texte, pdf.name
        assert "page 1 / " in texte, pdf.name
        assert "{{" not in texte and "{%" not in texte, pdf.name
        nom = pdf.stem
        for mention in MENTIONS.get(nom, []):
            if "F2025" in mention or "Zoé" in mention:
                continue
            assert " ".join(mention.lower().split()) in " ".join(texte.lower().split()), f"{nom} : {mention}"


def test_balise_coupee_refusee_au_rendu(tmp_path):
    modele_docx(tmp_path / "relance_1.docx", "Bonjour {{ creancier.desi", "gnation }}")
    with pytest.raises(ProcedureError) as exc:
        rendre_document("relance_1", contexte_exemple(), tmp_path / "sortie.docx", tmp_path)
    assert "relance_1.docx" in str(exc.value) and "{{ creancier.designation }}" in str(exc.value)
    document = docx.Document()
    document.add_paragraph("{% if creance.b2b")
    document.add_paragraph("%}B2B{% endif %}")
    document.save(tmp_path / "relance_2.docx")
    with pytest.raises(ProcedureError) as exc:
        rendre_document("relance_2", contexte_exemple(), tmp_path / "sortie.docx", tmp_path)
    assert "relance_2.docx" in str(exc.value) and "{% if creance.b2b" in str(exc.value)
    assert not (tmp_path / "sortie.docx").exists()


def test_commandes_modeles_exporter_et_verifier(tmp_path):
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    resultat = runner.invoke(main, ["modeles", "exporter", str(tmp_path / "m")])
    assert resultat.exit_code == 0, resultat.output
    assert runner.invoke(main, ["modeles", "verifier", str(tmp_path / "m")]).exit_code == 0
    modele_docx(tmp_path / "m" / "relance_1.docx", "{{ creancier.designation", " }} {{ debiteur.sirene }}")
    resultat = runner.invoke(main, ["modeles", "verifier", str(tmp_path / "m"), "--json"])
    assert resultat.exit_code == 1
    assert '"champ": "{{ creancier.designation }}"' in resultat.output
    assert '"champ": "debiteur.sirene"' in resultat.output


def test_qr_code_absent_sans_iban_ou_sans_montant():
    paiement = contexte_exemple()["paiement"]
    assert qr_code_sepa(dict(paiement, iban=None)) is None
    assert qr_code_sepa(dict(paiement, montant_epc=None)) is None
    assert qr_code_sepa(dict(paiement, reference=None)).startswith(b"\x89PNG")


def test_declaration_de_creance_sans_indemnite_hors_b2b(tmp_path):
    """The 40 € indemnity exists only between professionals (C. com. L441-10 II): no column otherwise."""
    assert "Indemnité forfaitaire" in rendre("declaration_de_creance", contexte_exemple(), tmp_path)["corps"]
    (tmp_path / "c").mkdir()
    texte = rendre("declaration_de_creance", consommateur(), tmp_path / "c")["corps"]
    assert "Indemnité forfaitaire" not in texte and "4 079,42 €" in texte
