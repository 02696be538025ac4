"""Documents a lawyer signs without correcting (issue #12): the same facts everywhere, the title's own
amounts after judgment, every mandatory mention. Expected values are worked by hand in each docstring."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from outils import EXEMPLES, dossier_conteste, texte_docx
from procedures.contexte import contexte_document
from procedures.documents import rendre_document
from procedures.dossier import Dossier, charger_dossier
from procedures.evenements import enregistrer
from procedures.machine import situation
from procedures.taux import charger_taux


def donnees(nom: str) -> dict:
    return YAML(typ="safe").load((EXEMPLES / nom / "dossier.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    """The shipped rates plus test rows: 2026 S2 legal rates as 2026 S1 (its ECB rate is shipped), and 2027 with
    the 2026 S1 legal rates and an ECB rate of 2,15 %."""
    fichier = tmp_path_factory.mktemp("taux") / "taux.csv"
    fichier.write_text(
        'annee,semestre,particulier,autres,bce,source\n2026,2,6.67,2.62,,"Test"\n'
        '2027,1,6.67,2.62,2.15,"Test"\n2027,2,6.67,2.62,2.15,"Test"\n',
        encoding="utf-8",
    )
    return charger_taux(fichier)


def situation_de(donnees_dossier: dict, jour: date, table=None):
    return situation(Dossier.model_validate(donnees_dossier), jour, table)


def rendu(nom_modele: str, contexte: dict, dossier: Path) -> str:
    return texte_docx(rendre_document(nom_modele, contexte, dossier / f"{nom_modele}.docx"))


# -- 1. the mise en demeure's deadline --------------------------------------------------------------


def test_les_actes_citent_la_date_ecrite_dans_la_mise_en_demeure(tmp_path, table):
    """Letter dated and sent Tuesday 30 June 2026: 30 June + 8 days = Wednesday 8 July 2026, the date it
    prints. Received Thursday 2 July: the legal period ends 2 July + 8 = Friday 10 July 2026. The requête
    and the assignation quote the letter (8 July) and may add when the legal period ended (10 July)."""
    chemin = tmp_path / "dossier.yaml"
    shutil.copy(EXEMPLES / "b2b" / "dossier.yaml", chemin)
    enregistrer(chemin, "mise_en_demeure_envoyee", date(2026, 6, 30), {"mode": "lrar"}, aujourd_hui=date(2026, 7, 20))
    enregistrer(chemin, "mise_en_demeure_recue", date(2026, 7, 2), {}, aujourd_hui=date(2026, 7, 20))
    dossier = charger_dossier(chemin, date(2026, 7, 20))
    assert dossier.historique[-2].date_limite == date(2026, 7, 8)
    ctx = contexte_document(
        situation(dossier, date(2026, 7, 20), table), "injonction_de_payer", documents=("requete_injonction",)
    )
    assert ctx["mise_en_demeure"]["date_limite"] == "8 juillet 2026"
    assert ctx["mise_en_demeure"]["date_expiration"] == "10 juillet 2026"
    requete = rendu("requete_injonction", ctx, tmp_path)
    assert "mise en demeure de payer au plus tard le 8 juillet 2026 ; le délai de 8 jours" in requete
    assert "a expiré le 10 juillet 2026" in requete
    assert "au plus tard le 10 juillet" not in requete
    assignation = rendu("assignation_tc", ctx, tmp_path)
    assert "au plus tard le 8 juillet 2026" in assignation and "au plus tard le 10 juillet" not in assignation


def test_date_limite_enregistree_avec_la_lettre_prime(table):
    """A letter that gave more time (here 15 July 2026) is quoted as written."""
    d = donnees("b2b")
    d["historique"] += [
        {
            "date": date(2026, 6, 30),
            "evenement": "mise_en_demeure_envoyee",
            "mode": "lrar",
            "date_limite": date(2026, 7, 15),
        }
    ]
    ctx = contexte_document(
        situation_de(d, date(2026, 7, 20), table), "injonction_de_payer", documents=("requete_injonction",)
    )
    assert ctx["mise_en_demeure"]["date_limite"] == "15 juillet 2026"
    assert ctx["mise_en_demeure"]["date_expiration"] == "15 juillet 2026"


# -- 8. CPC 855: art. 861-2 reproduced in the tribunal de commerce's assignation ----------------------


def test_assignation_tc_reproduit_l_article_861_2(tmp_path, table):
    """CPC 855 requires, for a claim for payment, « les dispositions de l'article 861-2 »: its text, quoted."""
    ctx = contexte_document(
        situation_de(donnees("b2b"), date(2026, 7, 20), table), "assignation", documents=("assignation_tc",)
    )
    texte = " ".join(rendu("assignation_tc", ctx, tmp_path).split())
    assert (
        "« Sans préjudice des dispositions de l'article 68, la demande incidente tendant à l'octroi d'un délai "
        "de paiement en application de l'article 1343-5 du code civil peut être formée par requête faite, remise "
        "ou adressée au greffe, où elle est enregistrée."
    ) in texte
    assert (
        "le juge ne fait droit aux demandes présentées contre cette partie que s'il les estime régulières, "
        "recevables et bien fondées. »"
    ) in texte
    assert "reproduire ici le texte de l'article 861-2" not in texte


# -- 9. référé-provision ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nom, article, president",
    [
        ("b2b", "l'article 873 alinéa 2", "président du tribunal de commerce"),
        ("consommateur", "l'article 835 alinéa 2", "président du tribunal judiciaire"),
    ],
)
def test_next_refere_ecrit_l_assignation_en_refere_provision(tmp_path, nom, article, president):
    """`next --refere` at the assignation step writes the référé-provision assignation instead of the one on
    the merits, with the décompte and the bordereau: the obligation « pas sérieusement contestable » (CPC 835
    al. 2 before the tribunal judiciaire, 873 al. 2 before the tribunal de commerce), sums « à titre de
    provision », the ordonnance enforceable at once (CPC 489)."""
    from procedures.generation import generer_etape

    chemin = dossier_conteste(tmp_path, nom)
    resultat = generer_etape(chemin, date(2026, 6, 30), pdf=False, refere=True, aujourd_hui=date(2026, 6, 30))
    assert resultat.etape.etape == "assignation"
    noms = sorted(f.name.split("-", 2)[-1] if nom == "b2b" else f.name for f in resultat.fichiers)
    assert any(n.endswith("assignation_refere_provision.docx") for n in noms)
    assert any(n.endswith("decompte.docx") for n in noms) and any(n.endswith("bordereau.docx") for n in noms)
    assert not any("assignation_tc" in n or "assignation_tj" in n for n in noms)
    acte = next(f for f in resultat.fichiers if f.name.endswith("assignation_refere_provision.docx"))
    texte = " ".join(texte_docx(acte).split())
    assert "Assignation en référé-provision" in texte
    assert f"Aux termes de {article} du code de procédure civile, le {president} peut" in texte
    assert "n'est pas sérieusement contestable" in texte and "à titre de provision" in texte
    assert "statuant en référé" in texte and "article 489 du code de procédure civile" in texte
    assert "[[" not in texte


def test_next_refere_hors_assignation_est_refuse(tmp_path):
    """The b2b example without dispute is at the mise en demeure: a référé there is refused, nothing written."""
    from procedures.erreurs import EtapeRefusee
    from procedures.generation import generer_etape

    chemin = tmp_path / "dossier.yaml"
    shutil.copy(EXEMPLES / "b2b" / "dossier.yaml", chemin)
    with pytest.raises(EtapeRefusee, match="--refere"):
        generer_etape(chemin, date(2026, 6, 30), pdf=False, refere=True, aujourd_hui=date(2026, 6, 30))
    assert not (tmp_path / "sortie").exists()


def test_next_refere_prevoit_la_liasse_des_pieces(tmp_path):
    """With PDFs, the référé is bundled like the assignation: its PDF, the bordereau, the pièces' bundle."""
    from procedures.generation import generer_etape

    chemin = dossier_conteste(tmp_path, "b2b")
    resultat = generer_etape(chemin, date(2026, 6, 30), essai=True, refere=True, aujourd_hui=date(2026, 6, 30))
    noms = [f.name for f in resultat.fichiers]
    assert noms == [
        "2026-0042-assignation_refere_provision.docx",
        "2026-0042-assignation_refere_provision.pdf",
        "2026-0042-decompte.docx",
        "2026-0042-decompte.pdf",
        "2026-0042-bordereau.docx",
        "2026-0042-bordereau.pdf",
        "2026-0042-pieces.pdf",
    ]


# -- 6. old-regime ordonnances: the certificat de non-opposition --------------------------------------


def test_ordonnance_ancien_regime_demande_au_greffe_le_certificat_de_non_opposition(tmp_path):
    """Ordonnance of 10 September 2025 (before décret 2026-96, 1 Sept 2026), served to the person Saturday
    20 September 2025: the opposition month (CPC 1416) ends Monday 20 October 2025 (CPC 641); enforceable
    21 October. The execution step first asks the greffe for the certificate that no opposition was made
    (CPC 504, 505), then the letter to the commissaire de justice lists it among the enclosures."""
    from procedures.generation import generer_etape

    shutil.copytree(EXEMPLES / "b2b", tmp_path / "b2b", ignore=shutil.ignore_patterns("__pycache__", "sortie"))
    chemin = tmp_path / "b2b" / "dossier.yaml"
    jour = date(2025, 10, 21)
    for nom, le, champs in (
        ("mise_en_demeure_envoyee", date(2025, 7, 10), {"mode": "lrar"}),
        ("mise_en_demeure_recue", date(2025, 7, 15), {}),
        ("requete_deposee", date(2025, 7, 28), {"juridiction": "Tribunal de commerce de Lyon"}),
        ("ordonnance_rendue", date(2025, 9, 10), {"numero_rg": "2025/1234"}),
        ("ordonnance_signifiee", date(2025, 9, 20), {"commissaire": "Me Paul Roche", "a_personne": "oui"}),
    ):
        enregistrer(chemin, nom, le, champs, aujourd_hui=jour)
    resultat = generer_etape(chemin, jour, pdf=False, aujourd_hui=jour)
    assert resultat.etape.etape == "execution" and "certificat de non-opposition" in resultat.etape.motif
    noms = [f.name for f in resultat.fichiers]
    assert noms[0] == "2026-0042-lettre_greffe_non_opposition.docx"
    lettre = " ".join(texte_docx(resultat.fichiers[0]).split())
    assert (
        "Objet : Demande de certificat de non-opposition — ordonnance portant injonction de payer du 10 septembre 2025"
        in lettre
        and "RG n° 2025/1234" in lettre
    )
    assert "Maître," in lettre  # the greffier of a tribunal de commerce
    assert "signifiée le 20 septembre 2025, à personne" in lettre and "a expiré le 20 octobre 2025" in lettre
    assert "articles 504 et 505 du code de procédure civile" in lettre
    assert "Boulangerie « Le Fournil » SAS" in lettre and "Atelier Dubois & Fils" in lettre
    cj = next(f for f in resultat.fichiers if f.name.endswith("lettre_cj_execution.docx"))
    assert "le certificat de non-opposition délivré par le greffe" in " ".join(texte_docx(cj).split())


def test_ordonnance_nouveau_regime_sans_certificat(table):
    """From 1 Sept 2026 (décret 2026-96) the creditor enforces 2 months after service without notice of
    opposition (CPC 1422 new): no letter to the greffe, nothing in the letter to the commissaire de justice."""
    d = ordonnance_partielle_terms()
    d["historique"][-1]["date"] = date(2026, 9, 15)
    d["historique"].append(
        {"date": date(2026, 10, 1), "evenement": "ordonnance_signifiee", "commissaire": "Me X", "a_personne": True}
    )
    s = situation_de(d, date(2026, 12, 31), table)
    assert s.etat == "executoire"
    assert s.prochaine_etape.documents == ("lettre_cj_execution", "decompte")
    assert contexte_document(s)["signification"]["certificat_non_opposition"] is False


# -- 12. persons: civilité, « la débitrice », neutral address to the judge, EI --------------------------


def test_civilite_debitrice_president_neutre_et_ei(tmp_path):
    """The consumer example: Mme Aminata N'Diaye owes M. Julien Lefèvre, a plumber working as a sole trader
    (SIREN 234567899). Letters say « Madame », never « Madame, Monsieur »; the requête is addressed to
    « Madame la Présidente, Monsieur le Président » (or the judge, the same way); the creditor's header shows
    « Julien Lefèvre EI » and his SIREN grouped by three (C. com. R123-237 1° and 9°)."""
    d = donnees("consommateur")
    s = situation_de(d, date(2026, 6, 30))
    ctx = contexte_document(s, "relance", documents=("relance_2",))
    lettre = rendu("relance_2", ctx, tmp_path)
    assert "\nMadame,\n" in lettre and "Madame, Monsieur" not in lettre
    assert "Julien Lefèvre EI — SIREN 234 567 899" in lettre
    requete = rendu(
        "requete_injonction", contexte_document(s, "injonction_de_payer", documents=("requete_injonction",)), tmp_path
    )
    assert "À Madame la Présidente, Monsieur le Président du tribunal judiciaire" in requete
    assert "ci-après « la débitrice »" in requete
    assert "M. Julien Lefèvre, entrepreneur individuel (EI), SIREN 234 567 899, artisan plombier" in requete


def test_salutation_au_representant_nomme():
    """A company whose representative is named « M. Paul Martin, président »: « Monsieur »."""
    ctx = contexte_document(situation_de(donnees("b2b"), date(2026, 6, 30)), "relance", documents=("relance_2",))
    assert ctx["debiteur"]["salutation"] == "Monsieur" and ctx["debiteur"]["feminin"] is True


# -- 13. claims the law does not allow ----------------------------------------------------------------


def test_pas_de_frais_de_procedure_promis_au_debiteur_sans_titre(tmp_path):
    """Without a title, recovery costs stay with the creditor (CPC exéc. L111-8), save the 40 € indemnity."""
    ctx = contexte_document(situation_de(donnees("b2b"), date(2026, 6, 30)), "relance", documents=("relance_2",))
    lettre = rendu("relance_2", ctx, tmp_path)
    assert "frais resteraient à votre charge" not in lettre and "40 €" in lettre


def test_taux_legal_dans_les_termes_de_la_loi():
    """CMF L313-2: a rate for natural-person creditors not acting for professional needs, the other « dans tous
    les autres cas » (not « aux créanciers professionnels »): a plumber creditor is in the second case."""
    ctx = contexte_document(
        situation_de(donnees("consommateur"), date(2026, 6, 30)),
        "injonction_de_payer",
        documents=("requete_injonction",),
    )
    assert ctx["decompte"]["taux_description"] == "taux de l'intérêt légal applicable dans tous les autres cas"


def test_solidarite_fondee_entre_commercants_sinon_blanc(tmp_path):
    """Two trading companies owing a commercial debt: the ground of solidarity is stated (presumption between
    traders); a private co-debtor leaves the ground as a highlighted blank (C. civ. 1310)."""
    d = donnees("b2b")
    d["debiteurs"].append(
        {
            "type": "personne_morale",
            "denomination": "Fournil Invest",
            "forme": "SAS",
            "rcs": "Lyon",
            "adresse": {"ligne1": "1 rue Neuve", "code_postal": "69003", "ville": "Lyon"},
        }
    )
    ctx = contexte_document(situation_de(d, date(2026, 6, 30)), "assignation", documents=("assignation_tc",))
    texte = rendu("assignation_tc", ctx, tmp_path)
    assert "Les défendeurs sont tenus solidairement : la solidarité se présume entre commerçants" in texte
    d["debiteurs"][1] = {
        "type": "personne_physique",
        "civilite": "M.",
        "nom": "Martin",
        "prenoms": "Paul",
        "adresse": {"ligne1": "2 rue Neuve", "code_postal": "69100", "ville": "Villeurbanne"},
    }
    ctx = contexte_document(situation_de(d, date(2026, 6, 30)), "assignation", documents=("assignation_tj",))
    assert ctx["creance"]["solidarite"] is None
    assert "[À COMPLÉTER : fondement de la solidarité" in rendu("assignation_tj", ctx, tmp_path)


# -- 7. prescription: title (CPC exéc. L111-4), rejected requête (C. civ. 2243), per invoice (2240) --------


def test_prescription_decennale_apres_le_titre():
    """The ordonnance example served on 1 July 2026, no opposition: opposition month ends 1 August 2026, a
    Saturday → Monday 3 August (CPC 641, 642); on 10 August 2026 the ordonnance is a title, whose execution
    prescribes 10 years from its date: 15 June 2026 + 10 years = 15 June 2036 (not the 5-year claim period)."""
    d = donnees("ordonnance")
    d["historique"].append(
        {"date": date(2026, 7, 1), "evenement": "ordonnance_signifiee", "commissaire": "Me X", "a_personne": True}
    )
    s = situation_de(d, date(2026, 8, 10))
    assert s.etat == "executoire"
    assert (s.prescription.date, s.prescription.delai.article) == (date(2036, 6, 15), "CPC exéc. L111-4")


def test_requete_rejetee_n_interrompt_pas():
    """b2b: F2025-031 due 14 April 2025, paid in part on 10 June 2025 (interrupts F2025-031 only, C. civ. 2240);
    F2025-047 due 30 May 2025, never paid. A requête filed 1 March 2026 then rejected interrupts nothing
    (C. civ. 2243). So F2025-047 prescribes 30 May 2025 + 5 years = 30 May 2030 (the earlier of the two:
    F2025-031 runs to 10 June 2030), not 1 March 2031 and not 10 June 2030 for both."""
    d = donnees("b2b")
    d["historique"] += [
        {"date": date(2026, 3, 1), "evenement": "requete_deposee", "juridiction": "TAE de Lyon"},
        {"date": date(2026, 4, 1), "evenement": "requete_rejetee", "motif": "pièces"},
    ]
    s = situation_de(d, date(2026, 6, 30))
    assert s.prescription.date == date(2030, 5, 30)
    d["historique"].pop()
    assert situation_de(d, date(2026, 6, 30)).prescription.date == date(2031, 3, 1)


# -- 3. the court -----------------------------------------------------------------------------------------


def test_juridiction_choisie_remplit_requete_et_cerfa(tmp_path):
    """dossier.yaml's `juridiction` (name and address) fills the requête's addressee and the Cerfa's box."""
    from procedures.contexte import valeurs_cerfa

    d = donnees("b2b")
    d["juridiction"] = {
        "nom": "Tribunal des activités économiques de Lyon",
        "adresse": {"ligne1": "44 rue de Bonnel", "code_postal": "69003", "ville": "Lyon"},
    }
    s = situation_de(d, date(2026, 6, 30))
    ctx = contexte_document(s, "injonction_de_payer", documents=("requete_injonction",))
    assert "À Madame la Présidente, Monsieur le Président du tribunal des activités économiques de Lyon" in rendu(
        "requete_injonction", ctx, tmp_path
    )
    assert valeurs_cerfa(s).tribunal == "Tribunal des activités économiques de Lyon, 44 rue de Bonnel, 69003 Lyon"


def test_juridiction_inconnue_blanc_surligne_partout(tmp_path):
    """Villeurbanne is no TAE seat: the court stays a blank, highlighted in the DOCX, visible on the Cerfa, and
    the assignation cites its own rule (CPC 42, 46, 48), not the injonction's (CPC 1406)."""
    import docx

    from procedures.contexte import valeurs_cerfa

    s = situation_de(donnees("b2b"), date(2026, 6, 30))
    ctx = contexte_document(s, "injonction_de_payer", documents=("requete_injonction",))
    chemin = rendre_document("requete_injonction", ctx, tmp_path / "r.docx")
    blancs = [r for p in docx.Document(chemin).paragraphs for r in p.runs if "siège compétent" in r.text]
    assert blancs and all(r.style.name == "À compléter" for r in blancs)
    assert valeurs_cerfa(s).tribunal.startswith("[À COMPLÉTER")
    ctx = contexte_document(s, "assignation", documents=("assignation_tc",))
    assert "siège compétent pour Villeurbanne, CPC art. 42, 46 et 48" in ctx["juridiction"]["nom"]


def test_tribunal_des_activites_economiques_propose_pour_son_siege():
    """Arrêté of 5 July 2024, art. 2: the TC of Lyon is the TAE of Lyon since 1 January 2025; a debtor seated
    in Lyon 3e is in its ressort, so the court is proposed without a data set."""
    d = donnees("b2b")
    d["debiteurs"][0]["adresse"] = {"ligne1": "1 cours Lafayette", "code_postal": "69003", "ville": "Lyon 3e"}
    s = situation_de(d, date(2026, 6, 30))
    assert s.juridiction.nom == "Tribunal des activités économiques de Lyon" and s.juridiction.ressort is None


# -- 4, 5. the title's own sums: signification (CPC 1413, 1409 al. 2) and enforcement (CPC exéc. L111-2) ---


def ordonnance_partielle_terms() -> dict:
    """The ordonnance example, the judge retaining 5 400,00 € of the 8 640,00 € invoice (CPC 1409), with
    legal interest from 15 June 2026, 150,00 € under art. 700 and 50,00 € of dépens."""
    d = donnees("ordonnance")
    ordonnance = d["historique"][-1]
    del ordonnance["montant_accorde"]
    ordonnance.update(
        principal="5400.00",
        interets={"type": "legal", "depuis": date(2026, 6, 15)},
        article_700="150.00",
        depens="50.00",
    )
    return d


def test_lettre_de_signification_demande_les_sommes_de_l_ordonnance_et_avertit(tmp_path, table):
    """On 30 June 2026: interest 15-30 June included = 16 days × 5 400 × 2,62 % / 365 = 6,2019 → 6,20 €
    (creditor a company: the « autres cas » rate of 2026 S1, CMF L313-2). Total 5 400 + 6,20 + 150 + 50 =
    5 606,20 €. The letter lists the ordonnance's sums (CPC 1413), not « 5 400,00 € en principal outre
    accessoires », and, the grant being partial, recalls CPC 1409 al. 2; status warns the user."""
    s = situation_de(ordonnance_partielle_terms(), date(2026, 6, 30), table)
    assert any("1409 al. 2" in a for a in s.alertes)
    lettre = rendu("lettre_cj_signification", contexte_document(s), tmp_path)
    assert "les sommes suivantes, que l'acte de signification reprendra telles que l'ordonnance les fixe" in lettre
    assert "Intérêts au taux légal à compter du 15 juin 2026, au 30 juin 2026\n6,20 €" in lettre
    assert "Total au 30 juin 2026\n5 606,20 €" in lettre
    assert "article 1409, alinéa 2" in lettre and "en principal, outre accessoires" not in lettre


def test_lettre_d_execution_calcule_sur_les_termes_du_titre_avec_majoration(tmp_path, table):
    """Served to the person Wednesday 1 July 2026, no opposition: the month ends Saturday 1 August → Monday
    3 August (CPC 641, 642); enforceable 4 August 2026. CMF L313-3: + 5 points after two months, i.e. from
    5 October 2026. Interest to 31 December 2026 on 5 400,00 €, base 365:
      15-30 June: 16 d × 2,62 %: 5 400 × 0,0262 × 16 / 365 = 6,2019 → 6,20
      1 July - 4 Oct.: 31 + 31 + 30 + 4 = 96 d × 2,62 %: 141,48 × 96 / 365 = 37,2110 → 37,21
      5 Oct. - 31 Dec.: 27 + 30 + 31 = 88 d × 7,62 %: 411,48 × 88 / 365 = 99,2063 → 99,21
    interest 142,62 €; total 5 400 + 142,62 + 150 + 50 = 5 742,62 €, never the décompte's total."""
    d = ordonnance_partielle_terms()
    d["historique"].append(
        {"date": date(2026, 7, 1), "evenement": "ordonnance_signifiee", "commissaire": "Me X", "a_personne": True}
    )
    s = situation_de(d, date(2026, 12, 31), table)
    assert s.etat == "executoire" and s.titre.majoration_le == date(2026, 10, 5)
    assert [(l.jours, str(l.taux), str(l.montant)) for l in s.titre.lignes] == [
        (16, "2.62", "6.20"),
        (96, "2.62", "37.21"),
        (88, "7.62", "99.21"),
    ]
    assert str(s.titre.total) == "5742.62"
    lettre = rendu("lettre_cj_execution", contexte_document(s), tmp_path)
    assert "majorés de cinq points à compter du 5 octobre 2026 (CMF art. L313-3)" in lettre
    assert "Total au 31 décembre 2026\n5 742,62 €" in lettre and "[À COMPLÉTER" not in lettre.split("Maître,")[1]
    from outils import plat
    from procedures.montants import format_montant

    assert plat(format_montant(s.decompte.total)) not in lettre


def test_un_paiement_apres_le_titre_paie_d_abord_les_interets_puis_le_principal(table):
    """Same ordonnance (5 400,00 €, legal interest from 15 June 2026, 150 € art. 700, 50 € dépens), not served
    (no L313-3 increase); 1 000,00 € paid on 15 July 2026, status on 30 September 2026, base 365, 2,62 %:
      15-30 June: 16 d: 5 400 × 0,0262 × 16 / 365 = 6,2019 → 6,20
      1-15 July: 15 d: 141,48 × 15 / 365 = 5,8142 → 5,81; accrued 12,01 €
    the payment pays the interest first (C. civ. 1343-1): 12,01, then 987,99 of principal → 4 412,01 €
      16 July-30 Sept.: 16 + 31 + 30 = 77 d: 4 412,01 × 0,0262 × 77 / 365 = 24,3857 → 24,39
    interest 12,01 + 24,39 = 36,40 €; total 5 400 + 36,40 + 150 + 50 − 1 000 = 4 636,40 €."""
    d = ordonnance_partielle_terms()
    d["creance"]["paiements"] = [{"date": date(2026, 7, 15), "montant": "1000.00", "facture": "Z-2025-210"}]
    titre = situation_de(d, date(2026, 9, 30), table).titre
    assert [(l.jours, str(l.base), str(l.montant)) for l in titre.lignes] == [
        (16, "5400.00", "6.20"),
        (15, "5400.00", "5.81"),
        (77, "4412.01", "24.39"),
    ]
    assert (str(titre.principal), str(titre.principal_restant), str(titre.paiements)) == (
        "5400.00",
        "4412.01",
        "1000.00",
    )
    assert (str(titre.interets), str(titre.total)) == ("36.40", "4636.40")


def test_init_exemple_ordonnance_fournit_l_ordonnance(tmp_path):
    """Issue #13: the ordonnance example's history points to pieces/ordonnance.pdf; `init` writes it too."""
    from procedures.exemple import creer_exemple

    creer_exemple(tmp_path / "cas", "ordonnance")
    assert (tmp_path / "cas" / "pieces" / "ordonnance.pdf").read_bytes().startswith(b"%PDF")
