"""Rate tables: legal rate (CMF L313-2), ECB rate and default B2B rate (C. com. L441-10 II).

Expected values come from docs/legal-sources.md §2.1-2.3 and §6, not from the CSV files.
"""

from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from cli import main
from procedures.erreurs import DossierInvalide, TauxInconnu
from procedures.taux import (
    charger_taux,
    debut_semestre,
    fichier_utilisateur_par_defaut,
    fin_semestre,
    premier_jour,
    semestre,
)

EN_TETE = "annee,semestre,particulier,autres,bce,source\n"


@pytest.fixture(autouse=True)
def sans_fichier_personnel(tmp_path, monkeypatch):
    """Never read the rate file of the person running the tests."""
    monkeypatch.delenv("PROCEDURE_TAUX", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def table():
    return charger_taux()


def ecrire(tmp_path, texte, nom="taux.csv"):
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    return chemin


# ---------------------------------------------------------------------------------------------
# Half-years


@pytest.mark.parametrize(
    ("jour", "cle", "debut", "fin"),
    [
        (date(2025, 1, 1), (2025, 1), date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 6, 30), (2025, 1), date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), (2025, 2), date(2025, 7, 1), date(2025, 12, 31)),
        (date(2025, 12, 31), (2025, 2), date(2025, 7, 1), date(2025, 12, 31)),
    ],
)
def test_semestres(jour, cle, debut, fin):
    assert semestre(jour) == cle
    assert debut_semestre(jour) == debut
    assert premier_jour(cle) == debut
    assert fin_semestre(jour) == fin


# ---------------------------------------------------------------------------------------------
# Legal rate


@pytest.mark.parametrize(
    ("annee", "numero", "particulier", "autres"),
    [
        # docs/legal-sources.md §2.2
        (2015, 1, "4.06", "0.93"),
        (2015, 2, "4.29", "0.99"),
        (2016, 1, "4.54", "1.01"),
        (2016, 2, "4.35", "0.93"),
        (2017, 1, "4.16", "0.90"),
        (2017, 2, "3.94", "0.90"),
        (2018, 1, "3.73", "0.89"),  # CONFLICT resolved: 0,89 (three sources), not 0,88
        (2018, 2, "3.60", "0.88"),
        (2019, 1, "3.40", "0.86"),  # 0,86, not aeccompta's 0,76
        (2019, 2, "3.26", "0.87"),
        (2020, 1, "3.15", "0.87"),
        (2020, 2, "3.11", "0.84"),
        (2021, 1, "3.14", "0.79"),
        (2021, 2, "3.12", "0.76"),
        (2022, 1, "3.13", "0.76"),
        (2022, 2, "3.15", "0.77"),
        (2023, 1, "4.47", "2.06"),
        (2023, 2, "6.82", "4.22"),  # not francetransactions' 6,83
        (2024, 1, "8.01", "5.07"),
        (2024, 2, "8.16", "4.92"),
        (2025, 1, "7.21", "3.71"),
        (2025, 2, "6.65", "2.76"),  # not moneyvox's 2,72
        (2026, 1, "6.67", "2.62"),
    ],
)
def test_taux_legal_par_semestre(table, annee, numero, particulier, autres):
    for jour in (date(annee, 1 if numero == 1 else 7, 1), date(annee, 6 if numero == 1 else 12, 30)):
        assert table.taux_legal(jour, creancier_particulier=True).valeur == Decimal(particulier)
        taux = table.taux_legal(jour, creancier_particulier=False)
        assert taux.valeur == Decimal(autres)
        assert taux.periode == f"{annee} S{numero}"
        assert "http" in taux.source


def test_exemple_6_recherche_du_taux_legal(table):
    """§6 ex. 6: the category follows the creditor."""
    assert table.taux_legal(date(2026, 3, 15), creancier_particulier=False).valeur == Decimal("2.62")
    assert table.taux_legal(date(2026, 3, 15), creancier_particulier=True).valeur == Decimal("6.67")
    assert table.taux_legal(date(2023, 9, 1), creancier_particulier=False).valeur == Decimal("4.22")
    assert table.taux_legal(date(2019, 2, 1), creancier_particulier=False).valeur == Decimal("0.86")
    for particulier in (True, False):
        with pytest.raises(TauxInconnu):
            table.taux_legal(date(2026, 8, 1), creancier_particulier=particulier)


def test_taux_legal_inconnu_dit_comment_l_ajouter(table, tmp_path):
    """The message names the half-year, the user file and gives a line to fill in: never a value."""
    with pytest.raises(TauxInconnu) as exc:
        table.taux_legal(date(2026, 8, 1), creancier_particulier=False)
    message = str(exc.value)
    assert "2026 S2" in message and "1er juillet 2026" in message
    assert str(tmp_path / "config" / "procedure" / "taux.csv") in message
    assert EN_TETE.strip() in message
    assert "2026,2,<particulier>,<autres>" in message


def test_taux_legal_avant_la_table(table):
    with pytest.raises(TauxInconnu, match="2014 S2"):
        table.taux_legal(date(2014, 12, 31), creancier_particulier=False)


def test_exemple_7_plancher_contractuel(table):
    """§6 ex. 7: 3 × 2,62 = 7,86 % in 2026 S1; 3 × 2,76 = 8,28 % in 2025 S2 (C. com. L441-10 II)."""
    assert table.plancher_penalites(date(2026, 3, 1)).valeur == Decimal("7.86")
    assert table.plancher_penalites(date(2025, 9, 1)).valeur == Decimal("8.28")
    assert Decimal("6") < table.plancher_penalites(date(2026, 3, 1)).valeur


def test_exemple_8_majoration(table):
    """§6 ex. 8: company creditor, 2026 S1: 2,62 + 5 = 7,62 % (CMF L313-3); published 2025 S2
    example: 6,65 + 5 = 11,65 and 2,76 + 5 = 7,76."""
    assert table.taux_legal(date(2026, 3, 1), False, majore=True).valeur == Decimal("7.62")
    assert table.taux_legal(date(2025, 9, 1), True, majore=True).valeur == Decimal("11.65")
    majore = table.taux_legal(date(2025, 9, 1), False, majore=True)
    assert majore.valeur == Decimal("7.76") and "L313-3" in majore.source


# ---------------------------------------------------------------------------------------------
# ECB rate and default B2B rate


@pytest.mark.parametrize(
    ("jour", "attendu"),
    [
        (date(2008, 7, 9), "4.25"),
        (date(2014, 9, 9), "0.15"),
        (date(2014, 9, 10), "0.05"),
        (date(2016, 3, 15), "0.05"),
        (date(2016, 3, 16), "0.00"),
        (date(2022, 7, 26), "0.00"),
        (date(2022, 7, 27), "0.50"),
        (date(2025, 6, 10), "2.40"),
        (date(2025, 6, 11), "2.15"),
        (date(2026, 2, 5), "2.15"),  # confirmation
        (date(2026, 6, 16), "2.15"),
        (date(2026, 6, 17), "2.40"),  # decision of 11 June 2026
        (date(2026, 9, 15), "2.40"),
        (date(2026, 9, 16), "2.65"),  # decision of 10 September 2026, last row
    ],
)
def test_taux_bce(table, jour, attendu):
    assert table.taux_bce(jour).valeur == Decimal(attendu)


@pytest.mark.parametrize("jour", [date(2008, 7, 8), date(2026, 9, 17), date(2027, 1, 1)])
def test_taux_bce_hors_table(table, jour):
    with pytest.raises(TauxInconnu):
        table.taux_bce(jour)


def test_exemple_1_taux_par_defaut_2025_s1(table):
    """§6 ex. 1: ECB rate on 1 Jan 2025 = 3,15 % (since 18 Dec 2024) + 10 = 13,15 %."""
    taux = table.taux_penalites_defaut(date(2025, 3, 31))
    assert taux.valeur == Decimal("13.15")
    assert taux.periode == "2025 S1"
    assert "L441-10" in taux.source and "1er janvier 2025" in taux.source


@pytest.mark.parametrize(
    ("jour", "attendu"),
    [
        # docs/legal-sources.md §2.1, from the ECB table and the 1 Jan / 1 Jul rule
        (date(2014, 9, 1), "10.15"),  # ipilote, Sept 2014: "10,15 % actuellement" (0,15 on 1 Jul 2014)
        (date(2015, 1, 1), "10.05"),
        (date(2015, 12, 31), "10.05"),
        (date(2016, 6, 30), "10.05"),  # 0,00 since 16 Mar 2016, but 1 Jan 2016 governs S1
        (date(2016, 7, 1), "10.00"),
        (date(2022, 12, 31), "10.00"),  # 27 Jul 2022 rise: S2 is set on 1 Jul
        (date(2023, 1, 1), "12.50"),
        (date(2023, 7, 1), "14.00"),
        (date(2024, 1, 1), "14.50"),
        (date(2024, 7, 1), "14.25"),
        (date(2025, 6, 30), "13.15"),  # §6 ex. 4, first period
        (date(2025, 7, 1), "12.15"),  # §6 ex. 4, second period: 2,15 since 11 Jun 2025
        (date(2026, 1, 1), "12.15"),
        (date(2026, 6, 30), "12.15"),
        # 2,40 in force on 1 Jul 2026 (since 17 Jun) + 10 = 12,40; the 16 Sep rise to 2,65 waits for 2027 S1
        (date(2026, 7, 1), "12.40"),
        (date(2026, 12, 31), "12.40"),
    ],
)
def test_taux_penalites_par_defaut(table, jour, attendu):
    assert table.taux_penalites_defaut(jour).valeur == Decimal(attendu)


def test_2026_s1_repose_sur_la_confirmation_de_fevrier(table):
    """1 Jan 2026 is after the last change (11 Jun 2025): the source cites the 5 Feb 2026 confirmation."""
    source = table.taux_penalites_defaut(date(2026, 3, 1)).source
    assert "5 février 2026" in source and "devizu" in source


def test_2027_s1_taux_bce_non_confirme(table):
    """The 1 January 2027 ECB rate is not confirmed (table ends 16 Sep 2026): refuse, never 12,65 %."""
    with pytest.raises(TauxInconnu) as exc:
        table.taux_penalites_defaut(date(2027, 1, 1))
    message = str(exc.value)
    assert "1er janvier 2027" in message and "16 septembre 2026" in message and "2027 S1" in message
    assert "2027,1,,,<taux BCE>" in message


def test_verification_des_lignes_livrees(table):
    """Every shipped row says how it was checked; a rate built on a secondary row says so."""
    assert {c.verification for c in table.changements_bce()} <= {"officielle", "secondaire"}
    penalites = table.taux_penalites_defaut(date(2026, 8, 1))
    assert (penalites.verification, penalites.ou_verifier) == ("secondaire", "le site de la BCE")
    assert "mp260611" in penalites.source and "11 juin 2026" in penalites.source
    legal = table.taux_legal(date(2026, 3, 1), creancier_particulier=False)
    assert (legal.verification, legal.ou_verifier) == ("secondaire", "Légifrance")
    assert legal.reserve == "taux issu de sources secondaires, texte officiel non relu"


def test_verification_inconnue_refusee(tmp_path, monkeypatch):
    from procedures import taux as module

    texte = "annee,semestre,particulier,autres,verification,source\n2026,1,6.67,2.62,lue,x\n"
    with pytest.raises(DossierInvalide) as exc:
        module._lire_legal_livre(texte, "taux_legal.csv")
    assert exc.value.erreurs()[0].champ == "verification"


def test_penalites_avant_2013(table):
    with pytest.raises(TauxInconnu, match="2013"):
        table.taux_penalites_defaut(date(2012, 12, 31))


def test_fin_connue_et_liste(table):
    fin = table.fin_connue()
    assert (fin.taux_legal, fin.bce, fin.penalites) == (date(2026, 6, 30), date(2026, 9, 16), date(2026, 12, 31))
    lignes = table.lignes()
    assert [lignes[0].periode, lignes[-1].periode] == ["2015 S1", "2026 S2"]
    assert len(lignes) == 2 * 11 + 2  # 2015 S1 … 2025 S2, then 2026 S1 and S2
    assert all("http" in ligne.source and ligne.origine == "livrée" for ligne in lignes[:-1])
    assert lignes[-2].penalites == Decimal("12.15") and lignes[-2].bce == Decimal("2.15")
    derniere = lignes[-1]  # 2026 S2: ECB known, legal rate not
    assert (derniere.particulier, derniere.bce, derniere.penalites) == (None, Decimal("2.40"), Decimal("12.40"))
    assert derniere.verification_bce == "secondaire" and derniere.source == ""
    assert all("http" in c.source for c in table.changements_bce())


# ---------------------------------------------------------------------------------------------
# User file


def test_fichier_personnel_ajoute_des_semestres(tmp_path):
    """User lines (test figures) for 2026 S2 (legal rate) and 2027 S1 (both): 2,65 + 10 = 12,65 %."""
    chemin = ecrire(
        tmp_path,
        EN_TETE + '2026,2,6.50,2.50,,"Arrêté du 20 juin 2026 : https://exemple.fr/a"\n'
        '2027,1,6.90,2.80,2.65,"Arrêté du 20 décembre 2026 : https://exemple.fr/b"\n',
    )
    table = charger_taux(chemin)
    legal = table.taux_legal(date(2026, 8, 1), creancier_particulier=False)
    assert legal.valeur == Decimal("2.50") and "exemple.fr" in legal.source
    assert (legal.verification, legal.fichier) == ("utilisateur", str(chemin))
    assert legal.reserve == f"taux repris du fichier de taux de l'utilisateur {chemin}, hors table livrée"
    assert table.taux_legal(date(2026, 12, 31), creancier_particulier=True).valeur == Decimal("6.50")
    penalites = table.taux_penalites_defaut(date(2027, 3, 1))
    assert penalites.valeur == Decimal("12.65") and penalites.verification == "utilisateur"
    assert table.taux_bce(date(2027, 1, 1)).valeur == Decimal("2.65")
    with pytest.raises(TauxInconnu):
        table.taux_bce(date(2027, 2, 1))  # known on 1 January only
    assert table.fin_connue().taux_legal == date(2027, 6, 30)
    assert table.fin_connue().penalites == date(2027, 6, 30)
    derniere = table.lignes()[-1]
    assert (derniere.periode, derniere.origine) == ("2027 S1", str(chemin))


def test_fichier_personnel_point_virgule_et_virgule_decimale(tmp_path):
    chemin = ecrire(
        tmp_path,
        "# taux ajoutés à la main\nannee;semestre;particulier;autres;source\n"
        "2027;S1;6,50;2,50 %;Arrêté du 20 décembre 2026 : https://exemple.fr/a\n",
    )
    table = charger_taux(chemin)
    assert table.taux_legal(date(2027, 2, 1), True).valeur == Decimal("6.50")
    with pytest.raises(TauxInconnu):
        table.taux_penalites_defaut(date(2027, 2, 1))  # no bce column: penalties still unknown


def test_ligne_sans_source_refusee(tmp_path):
    chemin = ecrire(tmp_path, EN_TETE + "2026,2,6.50,2.50,,\n")
    with pytest.raises(DossierInvalide) as exc:
        charger_taux(chemin)
    (erreur,) = exc.value.erreurs()
    assert (erreur.fichier, erreur.ligne, erreur.champ) == (str(chemin), 2, "source")
    assert str(erreur).startswith(f"{chemin}:2 source : source obligatoire")


def test_valeur_livree_modifiee_refusee(tmp_path):
    """2019 S1 "autres" is 0,86 in the shipped table: a user line saying 0,76 is refused at its line."""
    chemin = ecrire(tmp_path, EN_TETE + '# commentaire\n2019,1,3.40,0.76,,"aeccompta"\n')
    with pytest.raises(DossierInvalide) as exc:
        charger_taux(chemin)
    (erreur,) = exc.value.erreurs()
    assert erreur.ligne == 3 and "2019 S1" in erreur.message and "table livrée" in erreur.message


def test_valeur_livree_identique_acceptee(tmp_path):
    """A file written before an upgrade that shipped the same row keeps working."""
    chemin = ecrire(tmp_path, EN_TETE + '2026,1,6.67,2.620,2.15,"JORF 26/12/2025"\n')
    table = charger_taux(chemin)
    taux = table.taux_legal(date(2026, 3, 1), False)
    assert taux.valeur == Decimal("2.62") and "juriblio" in taux.source  # shipped source kept


def test_bce_livree_modifiee_refusee(tmp_path):
    chemin = ecrire(tmp_path, EN_TETE + '2026,1,,,2.40,"erreur"\n')
    with pytest.raises(DossierInvalide) as exc:
        charger_taux(chemin)
    assert exc.value.erreurs()[0].champ == "bce"


def test_toutes_les_erreurs_d_un_coup(tmp_path):
    chemin = ecrire(
        tmp_path,
        EN_TETE
        + '2026,3,6.5,2.5,,"x"\n'  # semestre
        + '2027,1,abc,2.5,,"x"\n'  # particulier
        + '2027,2,6.5,,,"x"\n'  # autres missing
        + '2028,1,,,,"x"\n'  # no rate at all
        + '2028,2,6.5,2.5,,"x"\n'
        + '2028,2,6.5,2.5,,"x"\n'  # duplicate
        + "2029,1,6.5\n",  # column count
    )
    with pytest.raises(DossierInvalide) as exc:
        charger_taux(chemin)
    assert [(e.ligne, e.champ) for e in exc.value.erreurs()] == [
        (2, "semestre"),
        (3, "particulier"),
        (4, "autres"),
        (5, "particulier"),
        (7, "semestre"),
        (8, ""),
    ]


def test_en_tete_incorrect(tmp_path):
    chemin = ecrire(tmp_path, "annee,semestre,taux,source\n2026,2,2.5,x\n")
    with pytest.raises(DossierInvalide) as exc:
        charger_taux(chemin)
    erreur = exc.value.erreurs()[0]
    assert (erreur.ligne, erreur.champ) == (1, "en-tête") and "particulier" in erreur.message


def test_emplacements_du_fichier_personnel(tmp_path, monkeypatch):
    """--taux, else $PROCEDURE_TAUX, else $XDG_CONFIG_HOME/procedure/taux.csv (may be absent)."""
    defaut = tmp_path / "config" / "procedure" / "taux.csv"
    assert fichier_utilisateur_par_defaut() == defaut
    assert charger_taux().fichier_utilisateur == defaut  # absent: shipped tables only
    defaut.parent.mkdir(parents=True)
    defaut.write_text(EN_TETE + '2026,2,6.50,2.50,,"https://exemple.fr/a"\n', encoding="utf-8")
    assert charger_taux().taux_legal(date(2026, 8, 1), False).valeur == Decimal("2.50")

    autre = ecrire(tmp_path, EN_TETE + '2026,2,6.40,2.40,,"https://exemple.fr/b"\n', "autre.csv")
    monkeypatch.setenv("PROCEDURE_TAUX", str(autre))
    assert charger_taux().taux_legal(date(2026, 8, 1), False).valeur == Decimal("2.40")
    monkeypatch.setenv("PROCEDURE_TAUX", str(tmp_path / "absent.csv"))
    with pytest.raises(DossierInvalide, match="introuvable"):
        charger_taux()
    with pytest.raises(DossierInvalide, match="introuvable"):
        charger_taux(tmp_path / "absent.csv")


# ---------------------------------------------------------------------------------------------
# Command


def test_commande_taux(tmp_path):
    chemin = ecrire(tmp_path, EN_TETE + '2026,2,6.50,2.50,2.40,"Arrêté [test] https://exemple.fr/a"\n')
    resultat = CliRunner().invoke(main, ["taux", "--taux", str(chemin)], env={"COLUMNS": "200"})
    assert resultat.exit_code == 0, resultat.output
    assert "2026 S2" in resultat.output and "Arrêté [test]" in resultat.output
    assert "12,40 %" in resultat.output and "0,86 %" in resultat.output
    assert "5 février 2026" in resultat.output and "secondaire" in resultat.output
    assert "intérêt légal jusqu'au 31 décembre 2026" in resultat.output


def test_commande_taux_fichier_invalide(tmp_path):
    chemin = ecrire(tmp_path, EN_TETE + "2026,2,6.50,2.50,,\n")
    resultat = CliRunner().invoke(main, ["taux", "--taux", str(chemin)])
    assert resultat.exit_code == 1
    assert f"{chemin}:2 source" in resultat.output


# ---------------------------------------------------------------------------------------------
# How far the tables reach, and the reminder to update them


def test_taux_connus_jusquau(table):
    from procedures.taux import taux_connus_jusquau

    assert taux_connus_jusquau(table) == (
        "Taux connus : intérêt légal jusqu'au 30 juin 2026 ; pénalités par défaut (taux BCE + 10 points) jusqu'au "
        "31 décembre 2026 ; BCE confirmée jusqu'au 16 septembre 2026."
    )


def test_rappel_quinze_jours_avant_le_semestre(table):
    """The ECB part is known to 31 Dec 2026: 16 Dec + 15 d = 31 Dec, still 2026 S2, no reminder;
    17 Dec + 15 d = 1 Jan 2027, a half-year without its rate: reminder. The legal rate is unknown since
    1 Jul 2026: reminded whenever it is needed."""
    from procedures.taux import rappels_mise_a_jour

    assert rappels_mise_a_jour(table, date(2026, 12, 16), legal=False) == []
    (rappel,) = rappels_mise_a_jour(table, date(2026, 12, 17), legal=False)
    assert "BCE" in rappel and "1er janvier 2027" in rappel and "procedure taux maj" in rappel
    (legal,) = rappels_mise_a_jour(table, date(2026, 11, 30), bce=False)
    assert "intérêt légal" in legal and "1er juillet 2026" in legal and "Journal officiel" in legal
    assert len(rappels_mise_a_jour(table, date(2026, 12, 17))) == 2
    assert rappels_mise_a_jour(table, date(2026, 6, 15)) == []  # 15 Jun + 15 d = 30 Jun: 2026 S1, known
    assert len(rappels_mise_a_jour(table, date(2026, 6, 16), bce=False)) == 1  # 1 Jul 2026 legal rate unknown
