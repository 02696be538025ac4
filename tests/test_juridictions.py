"""The commercial court the law designates without a table of communes (procedures.juridictions).

Expected courts were read by hand in C. com. annexe 7-1 (siège et ressort des tribunaux de commerce, art. D721-1)
and in COJ tableau IV (the tribunaux judiciaires of each département), docs/legal-sources.md §1.3; the TAE and
their four-year experiment in the arrêté du 5 juillet 2024 (art. 1 and 2).
"""

from __future__ import annotations

from datetime import date

import pytest

from outils import donnees_exemple, situation_de
from procedures.calendrier import DEPARTEMENTS, prolonger
from procedures.dossier import Dossier
from procedures.juridictions import SIEGES_TAE, tribunal_commercial_propose, tribunaux_departementaux
from procedures.machine import ALSACE_MOSELLE, departement_calendrier, juridiction_de

JOUR = date(2026, 6, 30)


def debiteur_a(code_postal: str, ville: str, **modifs) -> Dossier:
    """The b2b example (a commercial claim) with its debtor moved to ``ville``."""
    d = donnees_exemple("b2b")
    d["debiteurs"][0]["adresse"] = {"ligne1": "1 rue du Commerce", "code_postal": code_postal, "ville": ville}
    d.update(modifs)
    return Dossier.model_validate(d)


@pytest.mark.parametrize(
    ("code_postal", "ville", "attendu"),
    [
        # Ain: TC de Bourg-en-Bresse, « Ressort du tribunal judiciaire de Bourg-en-Bresse », the Ain's only
        # tribunal judiciaire (Oyonnax: canton of the chambre de proximité de Nantua).
        ("01100", "Oyonnax", "Tribunal de commerce de Bourg-en-Bresse"),
        # Drôme: the court sits at Romans-sur-Isère, its ressort is the TJ de Valence's, the Drôme's only one.
        ("26200", "Montélimar", "Tribunal de commerce de Romans-sur-Isère"),
        # Territoire de Belfort: TC de Belfort, ressort of the TJ de Belfort (the whole département) and Montbéliard.
        ("90400", "Danjoutin", "Tribunal de commerce de Belfort"),
        # Hauts-de-Seine: TC de Nanterre (TJ de Nanterre, the only one), a TAE from 1 January 2025.
        ("92100", "Boulogne-Billancourt", "Tribunal des activités économiques de Nanterre"),
        # Vaucluse: TAE d'Avignon, « Ressort des tribunaux judiciaires d'Avignon et de Carpentras », its two TJ.
        ("84100", "Orange", "Tribunal des activités économiques d'Avignon"),
    ],
)
def test_tribunal_du_departement_entier(code_postal, ville, attendu):
    juridiction = juridiction_de(debiteur_a(code_postal, ville), JOUR)
    assert juridiction.nom == attendu
    assert juridiction.ressort is None and juridiction.type == "tribunal_de_commerce"
    assert "C. com. D721-1 et annexe 7-1" in juridiction.note and "tout le département" in juridiction.note


@pytest.mark.parametrize(
    ("code_postal", "ville"),
    [
        # Rhône: TC de Lyon (TJ de Lyon) and TC de Villefranche-sur-Saône (TJ de Villefranche): two courts.
        ("69100", "Villeurbanne"),
        # Doubs: TC de Besançon, and the TJ de Montbéliard belongs to the TC de Belfort.
        ("25000", "Besançon"),
        # Côtes-d'Armor: the TAE de Saint-Brieuc, but Dinan is a chambre de proximité of the TJ de Saint-Malo.
        ("22100", "Dinan"),
        # Essonne: one TC (Évry), but the emprise of Paris-Orly belongs to the TJ de Créteil.
        ("91000", "Évry-Courcouronnes"),
        # Gers: one TC (Auch), but the emprise of the Aire-sur-l'Adour aerodrome belongs to the TJ de Mont-de-Marsan.
        ("32000", "Auch"),
    ],
)
def test_departement_partage_reste_un_blanc(code_postal, ville):
    juridiction = juridiction_de(debiteur_a(code_postal, ville), JOUR)
    assert juridiction.ressort == ville and juridiction.note is None
    assert juridiction.nom == f"tribunal de commerce (ou tribunal des activités économiques) du ressort de {ville}"


def test_tae_seulement_pendant_l_experimentation():
    """Arrêté du 5 juillet 2024, art. 1: the experiment begins on 1 January 2025 for four years, so it ends on
    31 December 2028. Before, the seat's court is its tribunal de commerce; after, nothing is proposed."""
    boulogne = debiteur_a("92100", "Boulogne-Billancourt")
    assert juridiction_de(boulogne, date(2024, 12, 31)).nom == "Tribunal de commerce de Nanterre"
    assert juridiction_de(boulogne, date(2025, 1, 1)).nom == "Tribunal des activités économiques de Nanterre"
    assert juridiction_de(boulogne, date(2028, 12, 31)).nom == "Tribunal des activités économiques de Nanterre"
    apres = juridiction_de(boulogne, date(2029, 1, 1))
    assert apres.ressort == "Boulogne-Billancourt"
    assert "a pris fin le 31 décembre 2028" in apres.note and "Nanterre" in apres.note
    lyon = debiteur_a("69003", "Lyon 3e")
    assert juridiction_de(lyon, date(2024, 12, 31)).nom == "Tribunal de commerce de Lyon"
    assert juridiction_de(lyon, date(2029, 1, 1)).ressort == "Lyon 3e"


def test_le_choix_de_l_utilisateur_et_la_requete_l_emportent():
    choisie = debiteur_a("01100", "Oyonnax", juridiction={"nom": "Tribunal de commerce de Bourg-en-Bresse (Ain)"})
    juridiction = juridiction_de(choisie, JOUR)
    assert juridiction.nom == "Tribunal de commerce de Bourg-en-Bresse (Ain)" and juridiction.note is None
    d = donnees_exemple("b2b")
    d["debiteurs"][0]["adresse"] = {"ligne1": "1 rue du Commerce", "code_postal": "01100", "ville": "Oyonnax"}
    d["historique"].append({"evenement": "requete_deposee", "date": date(2026, 7, 10), "juridiction": "TC Bourg"})
    juridiction = juridiction_de(Dossier.model_validate(d), JOUR)
    assert juridiction.nom == "TC Bourg" and juridiction.note is None


def test_matiere_civile_et_alsace_moselle_inchangees():
    """Only commercial claims are concerned: a civil claim goes to the tribunal judiciaire (a blank), and in
    Alsace-Moselle to the chambre commerciale of the tribunal judiciaire (C. com. L731-1)."""
    d = donnees_exemple("consommateur")
    d["debiteurs"][0]["adresse"] = {"ligne1": "1 rue du Commerce", "code_postal": "01100", "ville": "Oyonnax"}
    civile = juridiction_de(Dossier.model_validate(d), JOUR)
    assert civile.type == "tribunal_judiciaire" and civile.ressort == "Oyonnax" and civile.note is None
    alsace = juridiction_de(debiteur_a("67000", "Strasbourg"), JOUR)
    assert alsace.intitule == "chambre commerciale du tribunal judiciaire" and alsace.note is None


def test_debiteur_a_l_etranger_sans_proposition():
    """A Berlin postal code (10115) is no Aube (10): no French court is proposed for a debtor abroad."""
    d = donnees_exemple("b2b")
    d["debiteurs"][0]["adresse"] = {"pays": "DE", "ligne1": "Hauptstraße 5", "code_postal": "10115", "ville": "Berlin"}
    juridiction = juridiction_de(Dossier.model_validate(d), JOUR)
    assert juridiction.ressort == "Berlin" and juridiction.note is None


def test_code_postal_etranger_n_est_pas_un_departement():
    """Neustadt an der Weinstraße (DE, 67433) is no Bas-Rhin (67): its debtor gets neither Alsace-Moselle's
    chambre commerciale (C. com. L731-1) nor its holidays. A deadline ending on Friday 26 December 2025, the
    Saint-Étienne that only Alsace-Moselle keeps, is not carried to Monday 29 (CPC 642: national days only)."""
    d = donnees_exemple("b2b")
    d["debiteurs"][0]["adresse"] = {"pays": "DE", "ligne1": "Hauptstr. 1", "code_postal": "67433", "ville": "Neustadt"}
    dossier = Dossier.model_validate(d)
    assert departement_calendrier(dossier) is None
    assert juridiction_de(dossier, JOUR).intitule != "chambre commerciale du tribunal judiciaire"
    assert prolonger(date(2025, 12, 26), departement_calendrier(dossier)) == date(2025, 12, 26)
    assert prolonger(date(2025, 12, 26), "67") == date(2025, 12, 29)


def test_table_des_tribunaux():
    """Each row is a metropolitan département outside Alsace-Moselle, with a seat and its source; the TAE seats
    it holds are those whose ressort is a whole département (Sarthe, Paris, Yvelines, Vaucluse, Haute-Vienne,
    Hauts-de-Seine)."""
    table = tribunaux_departementaux()
    assert len(table) == 55
    for code, tribunal in table.items():
        assert code in DEPARTEMENTS and code not in ALSACE_MOSELLE and not code.startswith("97")
        assert tribunal.source.startswith("C. com. annexe 7-1 : « Ressort d")
    tae = {code: t.siege for code, t in table.items() if t.siege in SIEGES_TAE}
    assert tae == {
        "72": "Le Mans",
        "75": "Paris",
        "78": "Versailles",
        "84": "Avignon",
        "87": "Limoges",
        "92": "Nanterre",
    }


def test_ville_siege_hors_departement_connu():
    """A TAE seat town is proposed on its own ground, whatever the département table says."""
    proposition = tribunal_commercial_propose("Marseille", "13", JOUR)
    assert proposition.nom == "Tribunal des activités économiques de Marseille"
    assert "la ville du débiteur en étant le siège" in proposition.alerte
    assert tribunal_commercial_propose("Le Mans", "72", JOUR).nom == "Tribunal des activités économiques du Mans"
    assert tribunal_commercial_propose("Agen", "47", JOUR).nom == "Tribunal de commerce d'Agen"
    assert tribunal_commercial_propose("Aix-en-Provence", "13", JOUR) is None
    assert tribunal_commercial_propose("Strasbourg", "67", JOUR) is None
    assert tribunal_commercial_propose("Genève", None, JOUR) is None


def test_status_et_actes_avec_la_juridiction_proposee(tmp_path):
    """A court the law designates fills the requête and the Cerfa like a chosen one (no highlighted blank), and
    `status` says it was proposed, on what ground, and that it is to be checked."""
    import docx

    from procedures.contexte import contexte_document, valeurs_cerfa
    from procedures.documents import rendre_document

    d = donnees_exemple("b2b")
    d["debiteurs"][0]["adresse"] = {"ligne1": "1 rue du Commerce", "code_postal": "01100", "ville": "Oyonnax"}
    s = situation_de(d, JOUR)
    assert s.juridiction.nom == "Tribunal de commerce de Bourg-en-Bresse"
    assert any(a.startswith("Juridiction proposée : tribunal de commerce de Bourg-en-Bresse") for a in s.alertes)
    ctx = contexte_document(s, "injonction_de_payer", documents=("requete_injonction",))
    chemin = rendre_document("requete_injonction", ctx, tmp_path / "r.docx")
    runs = [r for p in docx.Document(chemin).paragraphs for r in p.runs]
    texte = "".join(r.text for r in runs)
    assert "du tribunal de commerce de Bourg-en-Bresse" in texte and "siège compétent" not in texte
    assert not [r for r in runs if "Bourg-en-Bresse" in r.text and r.style.name == "À compléter"]
    assert valeurs_cerfa(s).tribunal == "Tribunal de commerce de Bourg-en-Bresse"
