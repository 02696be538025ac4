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
from procedures.juridictions import tribunal_commercial_propose, tribunaux_commerce, tribunaux_departementaux
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
        # Doubs: TC de Besançon, and the TJ de Montbéliard belongs to the TC de Belfort (Pontarlier: no seat).
        ("25300", "Pontarlier"),
        # Côtes-d'Armor: the TAE de Saint-Brieuc, but Dinan is a chambre de proximité of the TJ de Saint-Malo.
        ("22100", "Dinan"),
        # Essonne: one TC (Évry), but the emprise of Paris-Orly belongs to the TJ de Créteil.
        ("91300", "Massy"),
        # Gers: one TC (Auch), but the emprise of the Aire-sur-l'Adour aerodrome belongs to the TJ de Mont-de-Marsan.
        ("32100", "Condom"),
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


def test_debiteur_a_l_etranger_avec_un_departement_de_calendrier():
    """A debtor in Berlin whose deadlines the user extends by the Lot-et-Garonne's holidays (option
    `departement_calendrier: "47"`) is still abroad: the Lot-et-Garonne's only tribunal de commerce (Agen, annexe
    7-1) is not designated for him."""
    d = donnees_exemple("b2b")
    d["debiteurs"][0]["adresse"] = {"pays": "DE", "ligne1": "Hauptstraße 5", "code_postal": "10115", "ville": "Berlin"}
    d["options"] = {**d.get("options", {}), "departement_calendrier": "47"}
    dossier = Dossier.model_validate(d)
    assert departement_calendrier(dossier) == "47"
    juridiction = juridiction_de(dossier, JOUR)
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


@pytest.mark.parametrize(
    ("code_postal", "ville", "attendu"),
    [
        # Rhône, cour d'appel de Lyon: TC de Lyon (TJ de Lyon) and TC de Villefranche-sur-Saône (TJ de
        # Villefranche-sur-Saône); the seat is in its own court's ressort.
        ("69400", "Villefranche-sur-Saône", "Tribunal de commerce de Villefranche-sur-Saône"),
        # Gironde: TC de Bordeaux and TC de Libourne.
        ("33000", "Bordeaux", "Tribunal de commerce de Bordeaux"),
        # Nord: the TC seated at Tourcoing has the TJ de Lille's ressort; it bears the name Lille Métropole
        # (décret 2012-1048), under which its greffe keeps the RCS.
        ("59200", "Tourcoing", "Tribunal de commerce de Lille Métropole"),
        # Essonne: the annexe's seat « Evry » is part of the commune nouvelle Évry-Courcouronnes since 2019, all in
        # the TJ d'Évry's ressort; the old name is still found.
        ("91000", "Évry-Courcouronnes", "Tribunal de commerce d'Évry"),
        ("91080", "EVRY COURCOURONNES", "Tribunal de commerce d'Évry"),
        ("91000", "Evry", "Tribunal de commerce d'Évry"),
        # Alpes-Maritimes: TC d'Antibes, « Ressort de la chambre de proximité d'Antibes et [...] de Cagnes-sur-Mer ».
        ("06600", "Antibes", "Tribunal de commerce d'Antibes"),
        # Loire: the annexe writes « Saint-Etienne »; the town is typed « ST ETIENNE CEDEX 1 ».
        ("42000", "ST ETIENNE CEDEX 1", "Tribunal de commerce de Saint-Étienne"),
        # Seine-Maritime and Côtes-d'Armor: seats of a TAE (arrêté du 5 juillet 2024, art. 2) on 30 June 2026.
        ("76600", "Le Havre", "Tribunal des activités économiques du Havre"),
        ("22000", "Saint Brieuc", "Tribunal des activités économiques de Saint-Brieuc"),
        ("69003", "LYON 3ème arrondissement", "Tribunal des activités économiques de Lyon"),
    ],
)
def test_ville_siege_d_un_tribunal(code_postal, ville, attendu):
    juridiction = juridiction_de(debiteur_a(code_postal, ville), JOUR)
    assert juridiction.nom == attendu and juridiction.ressort is None
    assert "C. com. D721-1 et annexe 7-1" in juridiction.note
    assert "la ville du débiteur en étant le siège" in juridiction.note and "vérifiez-la" in juridiction.note


def test_siege_tae_selon_la_date():
    """Lyon is the seat of the TC de Lyon (annexe 7-1), a TAE from 1 January 2025 for four years (arrêté du
    5 juillet 2024, art. 1 and 2): the TAE on 30 June 2026, the tribunal de commerce on 31 December 2024."""
    assert tribunal_commercial_propose("Lyon 3e", "69", date(2026, 6, 30)).nom == (
        "Tribunal des activités économiques de Lyon"
    )
    assert tribunal_commercial_propose("Lyon 3e", "69", date(2024, 12, 31)).nom == "Tribunal de commerce de Lyon"


def test_homonyme_hors_du_departement_du_siege():
    """The seat is matched in its own département only. Castres (Aisne, 02680) is no Castres (Tarn): the Aisne has
    two TCs (Saint-Quentin, Soissons), so nothing is proposed. Nor for a Villefranche-sur-Saône said to be in the
    Isère (TCs of Grenoble and Vienne), a Lyon in the Bouches-du-Rhône (four TCs), a town without département, or
    Saint-Pierre de La Réunion (tribunal mixte de commerce, annexe 7-3, not shipped)."""
    castres = juridiction_de(debiteur_a("02680", "Castres"), JOUR)
    assert castres.ressort == "Castres" and castres.note is None
    assert tribunal_commercial_propose("Castres", "81", JOUR).nom == "Tribunal de commerce de Castres"
    assert tribunal_commercial_propose("Villefranche-sur-Saône", "38", JOUR) is None
    assert tribunal_commercial_propose("Villefranche-sur-Saône", None, JOUR) is None
    assert tribunal_commercial_propose("Lyon", "13", JOUR) is None
    assert tribunal_commercial_propose("Saint-Pierre", "974", JOUR) is None


def test_departement_entier_hors_siege():
    """A town that is no seat still gets its département's only tribunal de commerce, on that ground."""
    proposition = tribunal_commercial_propose("Villeneuve-sur-Lot", "47", JOUR)
    assert proposition.nom == "Tribunal de commerce d'Agen"
    assert "seul tribunal de commerce dont le ressort couvre tout le département (Lot-et-Garonne, 47)" in (
        proposition.alerte
    )
    assert tribunal_commercial_propose("Agen", "47", JOUR).nom == "Tribunal de commerce d'Agen"
    assert tribunal_commercial_propose("Strasbourg", "67", JOUR) is None
    assert tribunal_commercial_propose("Genève", None, JOUR) is None


def test_table_des_tribunaux():
    """One row per tribunal de commerce of annexe 7-1 in metropolitan France outside Alsace-Moselle, each
    with its source; every such département has at least one. Counted by hand in the annexe: 134 seats."""
    table = tribunaux_commerce()
    assert len(table) == 134
    metropole = {code for code in DEPARTEMENTS if len(code) == 2} - set(ALSACE_MOSELLE)
    assert {t.departement for t in table} == metropole
    for tribunal in table:
        assert tribunal.source.startswith("C. com. annexe 7-1, cour d'appel ")
        assert tribunal.ressort.startswith("Ressort d")
        assert ("arrêté du 5 juillet 2024, art. 2" in tribunal.source) == tribunal.tae
        assert ("COJ tableau IV" in tribunal.source) == tribunal.tout_le_departement
        # Every seat, typed as the table writes it or as the annexe does (capitals without accents), is found.
        for ville in (tribunal.siege, tribunal.siege.replace("É", "E")):
            nom = tribunal_commercial_propose(ville, tribunal.departement, date(2024, 6, 30)).nom
            appellation = tribunal.appellation or tribunal.siege
            assert nom.startswith("Tribunal de commerce ") and nom.endswith(appellation.removeprefix("Le "))


def test_sieges_des_tae():
    """Arrêté du 5 juillet 2024, art. 2: the twelve TAE by seat, with the département of each seat."""
    tae = {(t.siege, t.departement) for t in tribunaux_commerce() if t.tae}
    assert tae == {
        ("Auxerre", "89"),
        ("Avignon", "84"),
        ("Le Havre", "76"),
        ("Le Mans", "72"),
        ("Limoges", "87"),
        ("Lyon", "69"),
        ("Marseille", "13"),
        ("Nancy", "54"),
        ("Nanterre", "92"),
        ("Paris", "75"),
        ("Saint-Brieuc", "22"),
        ("Versailles", "78"),
    }


def test_tables_coherentes():
    """The département-wide table is the part of the seat list whose court is the département's only one: 55
    départements. The five départements with one tribunal de commerce but part of their land in another
    département's tribunal judiciaire stay out (docs/legal-sources.md §1.3): Côtes-d'Armor (Dinan: TJ de
    Saint-Malo), Doubs (TJ de Montbéliard: TC de Belfort), Gers (Aire-sur-l'Adour aerodrome), Essonne (Orly),
    Val-d'Oise (Roissy, Le Bourget). The TAE with a whole département as ressort: Sarthe, Paris, Yvelines,
    Vaucluse, Haute-Vienne, Hauts-de-Seine."""
    departementaux = tribunaux_departementaux()
    assert len(departementaux) == 55
    sieges_par_departement = {}
    for tribunal in tribunaux_commerce():
        sieges_par_departement.setdefault(tribunal.departement, []).append(tribunal)
    for code, tribunal in departementaux.items():
        assert sieges_par_departement[code] == [tribunal]
    uniques = {code for code, sieges in sieges_par_departement.items() if len(sieges) == 1}
    assert uniques - set(departementaux) == {"22", "25", "32", "91", "95"}
    assert {code: t.siege for code, t in departementaux.items() if t.tae} == {
        "72": "Le Mans",
        "75": "Paris",
        "78": "Versailles",
        "84": "Avignon",
        "87": "Limoges",
        "92": "Nanterre",
    }


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


def test_alerte_de_juridiction_tant_qu_un_tribunal_peut_etre_saisi():
    """`status` says a court was proposed while one may be seised: not once the case is closed, nor after the
    debtor's collective proceeding opened (C. com. L622-21: no action to pay, a déclaration de créance)."""
    d = donnees_exemple("b2b")
    d["debiteurs"][0]["adresse"] = {"ligne1": "1 rue du Commerce", "code_postal": "01100", "ville": "Oyonnax"}

    def alertes(*evenements: dict) -> list[str]:
        donnees = {**d, "historique": [*d["historique"], *evenements]}
        s = situation_de(donnees, JOUR)
        assert s.juridiction.nom == "Tribunal de commerce de Bourg-en-Bresse"
        return [a for a in s.alertes if a.startswith("Juridiction proposée")]

    assert len(alertes()) == 1
    assert alertes({"date": date(2026, 6, 1), "evenement": "cloture", "motif": "abandon"}) == []
    ouverture = {
        "date": date(2026, 6, 1),
        "evenement": "procedure_collective_ouverte",
        "type": "redressement",
        "date_jugement": date(2026, 5, 20),
        "tribunal": "Tribunal de commerce de Bourg-en-Bresse",
        "mandataire_judiciaire": {
            "nom": "SELARL MJ Ain",
            "adresse": {"ligne1": "1 place de la Grenette", "code_postal": "01000", "ville": "Bourg-en-Bresse"},
        },
    }
    assert alertes(ouverture) == []


def test_table_incoherente_refusee(monkeypatch):
    """A seat listed twice in a département (« Saint-Etienne » beside « Saint-Étienne »: accents are not compared),
    or a département-wide court beside another court of its département, is a broken table, said so by name."""
    from dataclasses import replace

    import procedures.juridictions as juridictions

    loire = next(t for t in tribunaux_commerce() if t.siege == "Saint-Étienne")
    monkeypatch.setattr(juridictions, "tribunaux_commerce", lambda: (loire, replace(loire, siege="Saint-Etienne")))
    with pytest.raises(ValueError, match="le siège « Saint-Etienne » \\(42\\)"):
        juridictions._sieges.__wrapped__()
    ain = tribunaux_departementaux()["01"]
    autre = replace(ain, siege="Oyonnax", tout_le_departement=False)
    monkeypatch.setattr(juridictions, "tribunaux_commerce", lambda: (ain, autre))
    with pytest.raises(ValueError, match="le département 01 a plusieurs tribunaux de commerce"):
        juridictions.tribunaux_departementaux.__wrapped__()
