"""`entreprise` and `verifier-debiteur`: saved answers of the two public services replayed, never the network."""

import datetime as dt
import json
import socket
import ssl
import urllib.error
from pathlib import Path

import pytest

from outils import REPONSES, SOCIETE, copier_exemple, dossier_de
from procedures import bodacc, entreprises, reseau
from procedures.debiteur import (
    controle_en_ligne,
    evenement_de,
    fiche_entreprise,
    rendu_verification,
    verifier,
    verifier_debiteur,
)
from procedures.dossier import Dossier, ProcedureCollectiveOuverte, charger_dossier
from procedures.erreurs import ProcedureError
from procedures.machine import situation
from procedures.reseau import VARIABLE_HORS_LIGNE, Reponse, ServiceIndisponible, hors_ligne, lire_json

AUJOURDHUI = dt.date(2025, 10, 1)
SIREN = "987654324"


def rejouer(fichier: str, statut: int = 200, entetes: dict | None = None, appels: list | None = None):
    """A transport answering every GET with a saved file; it records the URLs asked."""

    def transport(url: str, delai: float) -> Reponse:
        if appels is not None:
            appels.append(url)
        return Reponse(statut, (REPONSES / fichier).read_bytes(), entetes or {})

    return transport


def test_entreprise_active():
    appels = []
    identite = entreprises.identite(SIREN, rejouer("entreprises_active.json", appels=appels))
    assert appels == ["https://recherche-entreprises.api.gouv.fr/search?q=987654324&page=1&per_page=5"]
    assert identite.denomination == "BOULANGERIE LE FOURNIL" and identite.forme == "SAS"
    assert (identite.ligne1, identite.code_postal, identite.ville) == (
        "5 AVENUE HENRI BARBUSSE",
        "69100",
        "VILLEURBANNE",
    )
    assert identite.active and identite.etat == "active"
    assert identite.dirigeants == (
        "Paul MARTIN, Président de SAS",
        "CABINET AUDIT RHONE, Commissaire aux comptes titulaire",
    )


def test_entreprise_cessee():
    identite = entreprises.identite(SIREN, rejouer("entreprises_cessee.json"))
    assert not identite.active and identite.etat == "cessée le 30/06/2025"


def test_entreprise_en_redressement():
    appels = []
    annonces = bodacc.annonces(SIREN, rejouer("bodacc_redressement.json", appels=appels))
    assert "registre+like+%22987654324%22+and+familleavis%3D%22collective%22" in appels[0]
    assert len(annonces) == 1  # the prolonged observation period is neither an opening nor a conversion
    annonce = annonces[0]
    assert (annonce.type, annonce.conversion) == ("redressement", False)
    assert (annonce.date_jugement, annonce.date_parution) == (dt.date(2025, 9, 3), dt.date(2025, 9, 14))
    assert annonce.tribunal == "TRIBUNAL DES ACTIVITES ECONOMIQUES DE LYON"
    assert "SELARL MJ Synergie" in annonce.complement


def test_siren_inconnu():
    with pytest.raises(entreprises.SirenInconnu, match="SIREN 987654324 introuvable"):
        entreprises.identite(SIREN, rejouer("entreprises_inconnu.json"))
    assert bodacc.annonces(SIREN, rejouer("bodacc_vide.json")) == []


@pytest.mark.parametrize(
    "statut,message", [(400, "erreur HTTP 400"), (500, "erreur HTTP 500"), (503, "erreur HTTP 503")]
)
def test_reponse_d_erreur(statut, message):
    with pytest.raises(ServiceIndisponible, match=message):
        entreprises.identite(SIREN, rejouer("entreprises_erreur.json", statut))


def test_trop_de_requetes_attend_puis_reessaie():
    attentes, reponses = (
        [],
        iter(
            [Reponse(429, b"", {"Retry-After": "2"}), Reponse(200, (REPONSES / "entreprises_active.json").read_bytes())]
        ),
    )
    identite = entreprises.identite(SIREN, lambda url, delai: next(reponses), attentes.append)
    assert attentes == [2.0] and identite.active
    with pytest.raises(ServiceIndisponible, match="trop de requêtes \\(HTTP 429\\) ; réessayez dans 2 secondes"):
        entreprises.identite(SIREN, rejouer("entreprises_erreur.json", 429, {"Retry-After": "2"}), attentes.append)
    assert attentes == [2.0, 2.0]  # the second call waited once, then gave up: two tries in all


def test_delai_depasse_et_hors_reseau():

    def lent(url, delai):
        raise TimeoutError

    def connexion_lente(url, delai):
        raise urllib.error.URLError(TimeoutError("timed out"))

    def coupe(url, delai):
        raise OSError("Name or service not known")

    for transport in (lent, connexion_lente):
        with pytest.raises(ServiceIndisponible, match="pas de réponse en 10 secondes"):
            bodacc.annonces(SIREN, transport)
    with pytest.raises(ServiceIndisponible, match="injoignable"):
        entreprises.identite(SIREN, coupe)


def test_une_connexion_impossible_est_dite_en_francais():
    """urllib wraps the resolver's English « Name or service not known » in a URLError: the user reads why in
    French, and an unknown cause keeps the system's own words."""

    def sans_dns(url, delai):
        raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))

    def inconnu(url, delai):
        raise OSError("Network is unreachable")

    with pytest.raises(
        ServiceIndisponible, match=r"injoignable \(pas de connexion \?\) : nom du serveur introuvable\.$"
    ) as exc:
        entreprises.identite(SIREN, sans_dns)
    assert "Name or service" not in str(exc.value)
    with pytest.raises(ServiceIndisponible, match="Network is unreachable"):
        bodacc.annonces(SIREN, inconnu)


@pytest.mark.parametrize(
    "client,fichier",
    [
        (entreprises.identite, "entreprises_malforme.json"),
        (entreprises.identite, "entreprises_html.txt"),
        (bodacc.annonces, "bodacc_malforme.json"),
    ],
)
def test_reponse_malformee(client, fichier):
    with pytest.raises(ServiceIndisponible, match=r"réponse (inattendue|illisible)"):
        client(SIREN, rejouer(fichier))


def test_fiche_entreprise():
    lignes = fiche_entreprise(SIREN, rejouer("entreprises_active.json"), rejouer("bodacc_redressement.json"))
    texte = "\n".join(lignes)
    assert "SIREN 987654324 : BOULANGERIE LE FOURNIL" in texte
    assert "Siège : 5 AVENUE HENRI BARBUSSE, 69100, VILLEURBANNE" in texte
    assert (
        "BODACC du 14 septembre 2025 : Jugement d'ouverture d'une procédure de redressement judiciaire, "
        "jugement du 3 septembre 2025" in texte
    )
    assert lignes[-1].endswith(
        ", TRIBUNAL DES ACTIVITES ECONOMIQUES DE LYON — "
        "https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:A202501781234"
    )


def test_siren_tape_avec_espaces_accepte_par_la_bibliotheque():
    """ "987 654 324" as typed (with a plain or a no-break space) asks both services about 987654324; a wrong
    length is refused before any request, with the text as typed."""
    appels = []
    lignes = fiche_entreprise(
        "987 654\u00a0324",
        rejouer("entreprises_active.json", appels=appels),
        rejouer("bodacc_redressement.json", appels=appels),
    )
    assert lignes[0] == "SIREN 987654324 : BOULANGERIE LE FOURNIL"
    assert appels[0] == "https://recherche-entreprises.api.gouv.fr/search?q=987654324&page=1&per_page=5"
    assert "registre+like+%22987654324%22" in appels[1]
    refus = []
    with pytest.raises(ProcedureError, match=r"^SIREN invalide \(987 654 32\) : 9 chiffres attendus$"):
        bodacc.annonces("987 654 32", rejouer("bodacc_vide.json", appels=refus))
    assert refus == []


def verifier_sans_ecrire(tmp_path: Path, appliquer: bool, identite: str, annonces: str):
    """Run verifier-debiteur on the example and check the case file was left byte for byte as it was."""
    chemin = copier_exemple(tmp_path)
    avant = chemin.read_bytes()
    resultats = verifier_debiteur(chemin, appliquer, AUJOURDHUI, rejouer(identite), rejouer(annonces))
    assert chemin.read_bytes() == avant
    return resultats


def test_verifier_sans_appliquer_ne_change_rien(tmp_path):
    resultats = verifier_sans_ecrire(tmp_path, False, "entreprises_active.json", "bodacc_redressement.json")
    (v,) = resultats
    # « 5 avenue Henri Barbusse, Villeurbanne » is the directory's « 5 AVENUE HENRI BARBUSSE VILLEURBANNE »
    assert [e.champ for e in v.ecarts] == ["denomination"]
    assert len(v.nouvelles) == 1
    texte = "\n".join(rendu_verification(resultats, False))
    assert "≠ dénomination : dossier « Boulangerie « Le Fournil » SAS », annuaire « BOULANGERIE LE FOURNIL »" in texte
    assert "Rien n'a été modifié" in texte


def test_verifier_erreur_de_service_ne_change_rien(tmp_path):
    resultats = verifier_sans_ecrire(tmp_path, True, "entreprises_malforme.json", "bodacc_malforme.json")
    assert len(resultats[0].messages) == 2 and not resultats[0].appliques
    lignes = rendu_verification(resultats, True)
    # The BODACC could not be read: saying « aucun jugement publié » would be false comfort.
    assert not [ligne for ligne in lignes if "BODACC :" in ligne]
    assert f"  ! {bodacc.SERVICE} : réponse inattendue (format inconnu)." in lignes


def test_verifier_et_appliquer(tmp_path):
    """The published judgment becomes the event; its BODACC date gives the deadline: 14 Sep 2025 + 2 months =
    14 Nov 2025 (C. com. R622-24)."""
    chemin = copier_exemple(tmp_path)
    resultats = verifier_debiteur(
        chemin, True, AUJOURDHUI, rejouer("entreprises_cessee.json"), rejouer("bodacc_redressement.json")
    )
    texte = chemin.read_text(encoding="utf-8")
    assert texte.startswith("# yaml-language-server") and "# Exemple fictif : une SARL lyonnaise" in texte
    dossier = charger_dossier(chemin, AUJOURDHUI)
    debiteur = dossier.debiteurs[0]
    assert (debiteur.denomination, debiteur.adresse.ville) == ("BOULANGERIE LE FOURNIL", "Villeurbanne")
    assert debiteur.representant == "M. Paul Martin, président"  # untouched
    (evenement,) = dossier.evenements(ProcedureCollectiveOuverte)
    assert (evenement.date, evenement.date_jugement, evenement.date_publication) == (
        AUJOURDHUI,
        dt.date(2025, 9, 3),
        dt.date(2025, 9, 14),
    )
    assert evenement.mandataire_judiciaire is None and "SELARL MJ Synergie" in evenement.commentaire
    assert any("cessée le 30/06/2025" in m for m in resultats[0].messages)
    lignes = rendu_verification(resultats, True)
    assert "  ✓ dénomination : « Boulangerie « Le Fournil » SAS » → « BOULANGERIE LE FOURNIL »" in lignes
    assert (
        "  ✓ procedure_collective_ouverte enregistrée : Jugement d'ouverture d'une procédure de redressement "
        "judiciaire du 3 septembre 2025 (BODACC du 14 septembre 2025)" in lignes
    )
    assert not [ligne for ligne in lignes if "Rien n'a été modifié" in ligne]
    s = situation(dossier, AUJOURDHUI)
    assert s.prochaine_etape.etape == "declaration_de_creance"
    assert {d.nom: d.date for d in s.delais}["Déclaration de créance au mandataire judiciaire"] == dt.date(2025, 11, 14)
    # A second run finds nothing new to write.
    again = verifier_debiteur(
        chemin, True, AUJOURDHUI, rejouer("entreprises_cessee.json"), rejouer("bodacc_redressement.json")
    )
    assert again[0].nouvelles == [] and again[0].ecarts == []


def test_procedure_publiee_d_un_co_debiteur_signalee():
    """Two debtors: the second (SIREN 552 100 554) is in redressement (jugement du 3 septembre 2025, BODACC du
    14 septembre 2025). The history records only the first debtor's proceedings, so `next` is not refused, but
    it says that no action may follow against the second (C. com. L622-21) and that the claim is declared."""
    co_debiteur = {**SOCIETE, "denomination": "Fournil Holding", "siren": "552100554"}
    donnees = dossier_de().model_dump(mode="json", exclude_none=True)
    deux = Dossier.model_validate({**donnees, "debiteurs": [SOCIETE, co_debiteur]})

    def bodacc_par_siren(url: str, delai: float) -> Reponse:
        fichier = "bodacc_redressement.json" if "552100554" in url else "bodacc_vide.json"
        return Reponse(200, (REPONSES / fichier).read_bytes(), {})

    (premier, second) = verifier(deux, rejouer("entreprises_active.json"), bodacc_par_siren)
    assert premier.nouvelles == [] and second.nouvelles == []
    # the saved directory answer is the first debtor's: the second is « introuvable », then its proceeding
    assert second.messages[0].startswith("SIREN 552100554 introuvable")
    assert second.messages[1:] == [
        "Débiteur n° 2 (Fournil Holding) : Jugement d'ouverture d'une procédure de redressement judiciaire, "
        "jugement du 3 septembre 2025 publié au BODACC du 14 septembre 2025. Aucune action ni exécution contre ce "
        "débiteur (C. com. L622-21) : déclarez la créance à son mandataire judiciaire dans les deux mois de la "
        "publication (L622-24, R622-24) ; l'outil ne suit que les procédures du premier débiteur."
    ]
    assert not [m for m in premier.messages if "L622-21" in m]


def test_next_refuse_une_procedure_publiee_non_enregistree(tmp_path):
    chemin = copier_exemple(tmp_path)
    with pytest.raises(ProcedureError, match="absente de l'historique"):
        controle_en_ligne(chemin, AUJOURDHUI, rejouer("entreprises_active.json"), rejouer("bodacc_redressement.json"))
    messages = controle_en_ligne(chemin, AUJOURDHUI, rejouer("entreprises_active.json"), rejouer("bodacc_vide.json"))
    assert any("selon l'annuaire des entreprises" in m for m in messages)
    assert messages and all(m.startswith("Vérification en ligne : Débiteur n° 1 : ") for m in messages)
    assert controle_en_ligne(chemin, AUJOURDHUI) == [
        "Vérification en ligne désactivée (PROCEDURE_HORS_LIGNE) : identité du débiteur et procédures collectives "
        "non vérifiées."
    ]


def test_init_depuis_siren(tmp_path):
    from procedures.debiteur import exemple_depuis_siren

    chemin, identite = exemple_depuis_siren(
        tmp_path / "cas", SIREN, aujourd_hui=AUJOURDHUI, transport=rejouer("entreprises_active.json")
    )
    assert identite.denomination == "BOULANGERIE LE FOURNIL"
    debiteur = charger_dossier(chemin, AUJOURDHUI).debiteurs[0]
    assert (debiteur.denomination, debiteur.forme, debiteur.siren) == ("BOULANGERIE LE FOURNIL", "SAS", SIREN)
    assert (debiteur.adresse.ligne1, debiteur.adresse.code_postal) == ("5 AVENUE HENRI BARBUSSE", "69100")
    assert debiteur.representant == "Paul MARTIN, Président de SAS" and debiteur.email is None
    assert debiteur.type == "personne_morale" and debiteur.professionnel is True
    assert "# Exemple" in chemin.read_text(encoding="utf-8")


def hors_reseau(url: str, delai: float) -> Reponse:
    raise OSError("Network is unreachable")


@pytest.mark.parametrize(
    "transport,erreur",
    [
        (rejouer("entreprises_inconnu.json"), entreprises.SirenInconnu),
        (hors_reseau, ServiceIndisponible),
    ],
)
def test_init_depuis_siren_sans_reponse_ne_cree_rien(tmp_path, transport, erreur):
    """The directory is asked before the case is written: an unknown SIREN or no connection leaves no half-made
    case holding the example's debtor, and the message says so."""
    from procedures.debiteur import exemple_depuis_siren

    with pytest.raises(erreur, match="Aucun dossier n'a été créé"):
        exemple_depuis_siren(tmp_path / "cas", SIREN, aujourd_hui=AUJOURDHUI, transport=transport)
    assert not (tmp_path / "cas").exists()


def repondre(donnees, statut: int = 200, entetes: dict | None = None):
    """A transport answering every GET with ``donnees`` as JSON."""

    def transport(url: str, delai: float) -> Reponse:
        return Reponse(statut, json.dumps(donnees).encode(), entetes or {})

    return transport


def fournil(siege: dict | None = None, **champs) -> dict:
    """The saved directory answer for the Villeurbanne bakery, with ``champs`` (and ``siege`` fields) replaced."""
    donnees = json.loads((REPONSES / "entreprises_active.json").read_text(encoding="utf-8"))
    donnees["results"][0].update(champs)
    donnees["results"][0]["siege"].update(siege or {})
    return donnees


def publication(parution: str, famille: str, nature: str, jugement: str, tribunal: str = "TAE DE LYON") -> dict:
    """One BODACC record as the API gives it: the judgment is a JSON text."""
    texte = json.dumps({"type": "initial", "famille": famille, "nature": nature, "date": jugement})
    return {"dateparution": parution, "tribunal": tribunal, "registre": [SIREN], "jugement": texte}


OUVERTURE_RJ = publication(
    "2025-09-14",
    "Jugement d'ouverture",
    "Jugement d'ouverture d'une procédure de redressement judiciaire",
    "2025-09-03",
)
CONVERSION_LJ = publication(
    "2025-09-28",
    "Jugement de conversion",
    "Jugement de conversion en liquidation judiciaire de la procédure de redressement judiciaire",
    "2025-09-24",
)


def test_retry_after_trop_long_signale_sans_attendre():
    """Retry-After above ATTENTE_MAX_429 (30 s) is reported at once, never waited for."""
    attentes = []
    with pytest.raises(ServiceIndisponible, match=r"réessayez dans 120 secondes\.$"):
        entreprises.identite(SIREN, repondre({}, 429, {"Retry-After": "120"}), attentes.append)
    assert attentes == []


@pytest.mark.parametrize("valeur,attendu", [("30", 30.0), ("Wed, 21 Oct 2026 07:28:00 GMT", 1.0), ("-3", 0.0)])
def test_retry_after_lu(valeur, attendu):
    """30 s is still waited; a Retry-After given as a date waits 1 s, a negative one 0 s."""
    attentes = []
    reponses = iter([Reponse(429, b"", {"retry-after": valeur}), repondre(fournil())("", 0)])
    entreprises.identite(SIREN, lambda url, delai: next(reponses), attentes.append)
    assert attentes == [attendu]


def test_un_404_est_rendu_a_l_appelant():
    """Some services answer 404 for an unknown identifier: its JSON goes back to the caller, not an error."""
    assert lire_json("https://exemple.invalid/x", "Service", repondre({"erreur": "inconnu"}, 404)) == (
        404,
        {"erreur": "inconnu"},
    )


@pytest.mark.parametrize(
    "valeur,attendu",
    [("1", True), (" Oui ", True), ("TRUE", True), ("yes", True), ("0", False), ("", False), ("non", False)],
)
def test_variable_hors_ligne(monkeypatch, valeur, attendu):
    monkeypatch.setenv(VARIABLE_HORS_LIGNE, valeur)
    assert hors_ligne() is attendu


def test_hors_ligne_aucune_requete(monkeypatch):
    """PROCEDURE_HORS_LIGNE=1 refuses before any request: the real transport is never called."""

    def interdit(url, delai):
        raise AssertionError(f"requête réseau en mode hors ligne : {url}")

    monkeypatch.setattr(reseau, "transport_urllib", interdit)
    with pytest.raises(ServiceIndisponible, match=r"consultation désactivée \(PROCEDURE_HORS_LIGNE=1\)"):
        bodacc.annonces(SIREN)


@pytest.mark.parametrize(
    "cause,texte",
    [
        (urllib.error.URLError(socket.gaierror(-2, "Name or service not known")), "nom du serveur introuvable"),
        (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")), "connexion refusée"),
        (ConnectionResetError(104, "Connection reset by peer"), "connexion interrompue"),
        (
            urllib.error.URLError(ssl.SSLCertVerificationError(1, "certificate verify failed")),
            "connexion sécurisée refusée (certificat ?)",
        ),
    ],
)
def test_cause_de_l_echec_en_francais(cause, texte):
    def echec(url, delai):
        raise cause

    with pytest.raises(ServiceIndisponible) as exc:
        bodacc.annonces(SIREN, echec)
    assert str(exc.value) == f"{bodacc.SERVICE} injoignable (pas de connexion ?) : {texte}."


def test_le_siren_demande_parmi_les_resultats():
    """The directory's search is full text: another company may come first, the one with the SIREN asked is taken;
    its raison sociale (nom_complet adds the sigle); an INSEE code outside FORMES shown as such; the street line
    cut before the postcode, its comma dropped."""
    donnees = fournil(
        {"adresse": "5 AVENUE HENRI BARBUSSE, 69100 VILLEURBANNE"},
        nom_complet="BOULANGERIE LE FOURNIL (BLF)",
        nature_juridique="5485",
    )
    donnees["results"].insert(0, {**donnees["results"][0], "siren": "552100554", "nom_raison_sociale": "AUTRE"})
    identite = entreprises.identite(SIREN, repondre(donnees))
    assert (identite.siren, identite.denomination) == (SIREN, "BOULANGERIE LE FOURNIL")
    assert identite.forme == "catégorie juridique INSEE 5485"
    assert identite.ligne1 == "5 AVENUE HENRI BARBUSSE"


@pytest.mark.parametrize(
    "famille,nature,attendu",
    [
        ("Jugement d'ouverture", "Jugement d'ouverture d'une procédure de sauvegarde", ("sauvegarde", False)),
        ("Jugement d'ouverture", "Jugement d'ouverture de liquidation judiciaire", ("liquidation", False)),
        (
            "Jugement de conversion",
            "Jugement de conversion en liquidation judiciaire de la procédure de redressement judiciaire",
            ("liquidation", True),
        ),
        ("Jugement prononçant", "Jugement prononçant la liquidation judiciaire", ("liquidation", True)),
        ("Jugement arrêtant le plan", "Jugement arrêtant le plan de redressement judiciaire", None),
        ("Jugement de clôture", "Jugement de clôture pour insuffisance d'actif", None),
    ],
)
def test_ouvertures_et_conversions_publiees(famille, nature, attendu):
    """An opening or a conversion counts (C. com. L622-24 runs from its publication); a conversion from
    redressement names both proceedings and is a liquidation; a plan or a closure is neither."""
    annonces = bodacc.annonces(SIREN, repondre({"results": [publication("2025-09-28", famille, nature, "2025-09-24")]}))
    assert [(a.type, a.conversion) for a in annonces] == ([attendu] if attendu else [])


def test_annonces_de_la_plus_ancienne_a_la_plus_recente():
    annonces = bodacc.annonces(SIREN, repondre({"results": [CONVERSION_LJ, OUVERTURE_RJ]}))
    assert [a.date_parution for a in annonces] == [dt.date(2025, 9, 14), dt.date(2025, 9, 28)]


def test_next_nomme_la_derniere_procedure_publiee(tmp_path):
    """Two judgments missing from the history: the refusal names the latest, the conversion into liquidation."""
    chemin = copier_exemple(tmp_path)
    with pytest.raises(ProcedureError) as exc:
        controle_en_ligne(
            chemin, AUJOURDHUI, rejouer("entreprises_active.json"), repondre({"results": [OUVERTURE_RJ, CONVERSION_LJ]})
        )
    assert str(exc.value).startswith(
        "Procédure collective publiée au BODACC du 28 septembre 2025 (Jugement de conversion en liquidation "
        "judiciaire de la procédure de redressement judiciaire, jugement du 24 septembre 2025)"
    )


def test_evenement_d_une_conversion():
    """The recorded event keeps the conversion, and a BODACC record without its court says so."""
    (annonce,) = bodacc.annonces(SIREN, repondre({"results": [{**CONVERSION_LJ, "tribunal": ""}]}))
    evenement = evenement_de(annonce, AUJOURDHUI)
    assert (evenement.type, evenement.conversion, evenement.date_jugement) == (
        "liquidation",
        True,
        dt.date(2025, 9, 24),
    )
    assert evenement.tribunal == "tribunal non précisé par le BODACC"


def test_ecarts_compares_comme_un_greffier():
    """Accents, case, curly apostrophes and commas do not make a difference; a field the directory leaves empty
    is not one; a different legal form is (SARL in the file, 5710 = SAS in the directory)."""
    debiteur = {
        **SOCIETE,
        "denomination": "Boulangerie l’Épi d’Or",
        "forme": "SARL",
        "siren": SIREN,
        "adresse": {"ligne1": "5, avenue Henri Barbusse", "code_postal": "69100", "ville": "Villeurbanne"},
    }
    annuaire = fournil({"libelle_commune": None}, nom_raison_sociale="BOULANGERIE L'EPI D'OR")
    (verification,) = verifier(dossier_de(debiteur=debiteur), repondre(annuaire), rejouer("bodacc_vide.json"))
    assert [(e.champ, e.dossier, e.officiel) for e in verification.ecarts] == [("forme", "SARL", "SAS")]


def test_init_depuis_siren_entrepreneur_individuel(tmp_path):
    """INSEE code 1000: a natural person, named with « nom », with neither form nor representative."""
    from procedures.debiteur import exemple_depuis_siren

    annuaire = fournil(nature_juridique="1000", nom_raison_sociale=None, nom_complet="JEAN DUPONT")
    chemin, _ = exemple_depuis_siren(tmp_path / "cas", SIREN, aujourd_hui=AUJOURDHUI, transport=repondre(annuaire))
    debiteur = charger_dossier(chemin, AUJOURDHUI).debiteurs[0]
    assert (debiteur.type, debiteur.nom, debiteur.forme, debiteur.representant) == (
        "personne_physique",
        "JEAN DUPONT",
        None,
        None,
    )


def test_init_depuis_siren_adresse_incomplete(tmp_path):
    from procedures.debiteur import exemple_depuis_siren

    with pytest.raises(ProcedureError, match=r"adresse du siège incomplète .* Aucun dossier n'a été créé\.$"):
        exemple_depuis_siren(
            tmp_path / "cas", SIREN, aujourd_hui=AUJOURDHUI, transport=repondre(fournil({"libelle_commune": None}))
        )
    assert not (tmp_path / "cas").exists()
