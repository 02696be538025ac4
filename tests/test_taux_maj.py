"""`procedure taux maj`: the ECB series from saved answers of the ECB Data Portal, never the network.

The rate in force on a half-year's first day is what C. com. L441-10 II uses: with the series ending on
16 Sep 2026 (2,65 %), fetched on 5 Jan 2027, 1 Jan 2027 → 2,65 % (no later change in the answer).
"""

import io
import urllib.error
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from cli import main
from outils import DONNEES_TAUX_MAJ
from procedures import taux_maj
from procedures.erreurs import DossierInvalide
from procedures.taux import charger_taux
from procedures.taux_maj import URL_BCE, MiseAJourImpossible, mettre_a_jour_taux

EN_TETE = "annee,semestre,particulier,autres,bce,source\n"


@pytest.fixture(autouse=True)
def sans_fichier_personnel(tmp_path, monkeypatch):
    monkeypatch.delenv("PROCEDURE_TAUX", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def rejouer(nom: str):
    """A ``telecharger`` that answers the ECB URL with a saved file, and fails on any other address."""

    def telecharger(url: str) -> bytes:
        assert url == URL_BCE
        return (DONNEES_TAUX_MAJ / nom).read_bytes()

    return telecharger


class FausseReponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_ajoute_le_semestre_suivant(tmp_path):
    """Fetched on 5 Jan 2027: 2027 S1 is new (2,65 % in force on 1 Jan 2027, since 16 Sep 2026); the 2026 S2
    and earlier half-years are shipped and agree: nothing else is written. The row then sets the default
    penalty rate of 2027 S1: 2,65 + 10 = 12,65 %, flagged as coming from the user's file."""
    fichier = tmp_path / "taux.csv"
    r = mettre_a_jour_taux(fichier, date(2027, 1, 5), rejouer("bce_serie.csv"))
    assert r.ecrit and r.alertes == []
    (ligne,) = r.ajouts
    assert ligne.startswith("2027,1,,,2.65,")
    assert "16 septembre 2026" in ligne and URL_BCE in ligne and "consulté le 2027-01-05" in ligne
    texte = fichier.read_text(encoding="utf-8")
    assert texte.splitlines()[1] == EN_TETE.strip() and texte.endswith(ligne + "\n")
    table = charger_taux(fichier)
    penalites = table.taux_penalites_defaut(date(2027, 2, 1))
    assert penalites.valeur == Decimal("12.65") and penalites.verification == "utilisateur"
    assert [m for m in r.manquants if "2026 S2" in m and "2027 S1" not in m]
    assert any("2027 S1" in m for m in r.manquants)


def test_rien_a_ajouter_quand_la_table_est_a_jour(tmp_path):
    """On 30 Nov 2026 the shipped table already has the rate of 1 Jul 2026: nothing is written, the file is
    not even created; the missing 2026 S2 legal rate is reported."""
    fichier = tmp_path / "taux.csv"
    r = mettre_a_jour_taux(fichier, date(2026, 11, 30), rejouer("bce_serie.csv"))
    assert not r.ecrit and r.alertes == [] and not fichier.exists()
    assert len(r.manquants) == 1 and "2026 S2" in r.manquants[0] and "Légifrance" in r.manquants[0]


def test_deuxieme_passage_ne_change_rien(tmp_path):
    fichier = tmp_path / "taux.csv"
    mettre_a_jour_taux(fichier, date(2027, 1, 5), rejouer("bce_serie.csv"))
    avant = fichier.read_bytes()
    r = mettre_a_jour_taux(fichier, date(2027, 1, 20), rejouer("bce_serie.csv"))
    assert not r.ecrit and r.alertes == [] and fichier.read_bytes() == avant


def test_desaccord_avec_la_table_livree_signale_sans_la_modifier(tmp_path):
    """The answer says 2,20 % from 11 Jun 2025 where the shipped table says 2,15 %: both values shown."""
    fichier = tmp_path / "taux.csv"
    r = mettre_a_jour_taux(fichier, date(2026, 11, 30), rejouer("bce_serie_desaccord.csv"))
    assert not fichier.exists()
    assert r.alertes and all("table livrée 2,15 %" in a and "portail de la BCE 2,20 %" in a for a in r.alertes)
    assert any("11 juin 2025" in a for a in r.alertes)
    assert charger_taux().taux_bce(date(2025, 7, 1)).valeur == Decimal("2.15")


def test_desaccord_avec_une_ligne_de_l_utilisateur(tmp_path):
    fichier = tmp_path / "taux.csv"
    fichier.write_text(EN_TETE + '2027,1,,,2.40,"saisie à la main"\n', encoding="utf-8")
    avant = fichier.read_bytes()
    r = mettre_a_jour_taux(fichier, date(2027, 1, 5), rejouer("bce_serie.csv"))
    assert not r.ecrit and fichier.read_bytes() == avant
    assert any("2027 S1" in a and "2,40 %" in a and "2,65 %" in a for a in r.alertes)


def test_fichier_existant_conserve_et_separateur_respecte(tmp_path):
    """A user file with ';' keeps its lines and comment; the new row uses ';' too and reads back."""
    fichier = tmp_path / "taux.csv"
    debut = "# mes taux\nannee;semestre;particulier;autres;bce;source\n2026;2;6,50;2,50;;Arrêté (test)\n"
    fichier.write_text(debut, encoding="utf-8")
    r = mettre_a_jour_taux(fichier, date(2027, 1, 5), rejouer("bce_serie.csv"))
    texte = fichier.read_text(encoding="utf-8")
    assert texte.startswith(debut) and r.ajouts[0].startswith("2027;1;;;2.65;")
    assert charger_taux(fichier).taux_bce(date(2027, 1, 1)).valeur == Decimal("2.65")


def test_fichier_sans_colonne_bce_refuse(tmp_path):
    fichier = tmp_path / "taux.csv"
    fichier.write_text("annee,semestre,particulier,autres,source\n2026,2,6.50,2.50,x\n", encoding="utf-8")
    avant = fichier.read_bytes()
    with pytest.raises(MiseAJourImpossible, match="colonne « bce »"):
        mettre_a_jour_taux(fichier, date(2027, 1, 5), rejouer("bce_serie.csv"))
    assert fichier.read_bytes() == avant


def test_fichier_existant_invalide_refuse(tmp_path):
    fichier = tmp_path / "taux.csv"
    fichier.write_text(EN_TETE + "2027,1,,,abc,x\n", encoding="utf-8")
    with pytest.raises(DossierInvalide):
        mettre_a_jour_taux(fichier, date(2027, 1, 5), rejouer("bce_serie.csv"))


@pytest.mark.parametrize("nom", ["bce_mal_formee.csv", "bce_page_html.txt"])
def test_reponse_mal_formee_refusee(tmp_path, nom):
    fichier = tmp_path / "taux.csv"
    fichier.write_text(EN_TETE, encoding="utf-8")
    with pytest.raises(MiseAJourImpossible, match="Réponse inattendue du portail de données de la BCE") as exc:
        mettre_a_jour_taux(fichier, date(2027, 1, 5), rejouer(nom))
    assert "aucun taux n'a été écrit" in str(exc.value)
    assert fichier.read_text(encoding="utf-8") == EN_TETE


def test_autre_serie_refusee(tmp_path):
    texte = (DONNEES_TAUX_MAJ / "bce_serie.csv").read_text().replace("MRR_FR.LEV,B", "DFR.LEV,B", 1)
    with pytest.raises(MiseAJourImpossible, match="série"):
        mettre_a_jour_taux(tmp_path / "taux.csv", date(2027, 1, 5), lambda url: texte.encode())
    assert not (tmp_path / "taux.csv").exists()


def test_reponse_d_erreur_refusee(tmp_path, monkeypatch):
    """An HTTP 404 of the portal (saved body) through the real client: French message, nothing written."""

    def urlopen(requete, timeout):
        assert requete.full_url == URL_BCE
        raise urllib.error.HTTPError(
            URL_BCE, 404, "Not Found", {}, FausseReponse((DONNEES_TAUX_MAJ / "bce_erreur_404.txt").read_bytes())
        )

    monkeypatch.setattr(taux_maj.urllib.request, "urlopen", urlopen)
    with pytest.raises(MiseAJourImpossible, match="erreur HTTP 404"):
        mettre_a_jour_taux(tmp_path / "taux.csv", date(2027, 1, 5))
    assert not (tmp_path / "taux.csv").exists()


def test_hors_ligne(tmp_path, monkeypatch):
    def urlopen(requete, timeout):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(taux_maj.urllib.request, "urlopen", urlopen)
    with pytest.raises(MiseAJourImpossible, match="Impossible de joindre") as exc:
        mettre_a_jour_taux(tmp_path / "taux.csv", date(2027, 1, 5))
    assert "Vérifiez la connexion" in str(exc.value)
    assert not (tmp_path / "taux.csv").exists()


def test_commande_taux_maj(tmp_path, monkeypatch):
    """The command replays the saved answer through the real client and prints what it did."""
    monkeypatch.setattr(
        taux_maj.urllib.request,
        "urlopen",
        lambda requete, timeout: FausseReponse((DONNEES_TAUX_MAJ / "bce_serie.csv").read_bytes()),
    )
    fichier = tmp_path / "taux.csv"
    resultat = CliRunner().invoke(main, ["taux", "maj", "--taux", str(fichier)], env={"COLUMNS": "200"})
    assert resultat.exit_code == 0, resultat.output
    assert "Portail de données de la BCE consulté le" in resultat.output
    assert "rien à ajouter" in resultat.output or "Ajouté à" in resultat.output
    assert "À compléter : Taux de l'intérêt légal du semestre 2026 S2" in resultat.output


def test_commande_taux_maj_hors_ligne(tmp_path, monkeypatch):
    def urlopen(requete, timeout):
        raise urllib.error.URLError("réseau absent")

    monkeypatch.setattr(taux_maj.urllib.request, "urlopen", urlopen)
    resultat = CliRunner().invoke(main, ["taux", "maj", "--taux", str(tmp_path / "taux.csv")])
    assert resultat.exit_code == 1
    assert "Impossible de joindre le portail de données de la BCE" in resultat.output
    assert not (tmp_path / "taux.csv").exists()
