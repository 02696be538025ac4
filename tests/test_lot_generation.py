"""`procedure lot --generer`: the due step of every dossier, through the same function as `next`.

The portfolio used throughout, at 30 June 2026 (dates worked out in tests/test_lot.py and test_machine.py):
- b2b: two reminders done, the last on 7 July 2025: mise en demeure possible since 22 July 2025;
- consommateur: the mise en demeure's 15-day deadline ended on 23 Jan 2026: injonction de payer since 24 Jan;
- envoyee: b2b whose mise en demeure was sent by registered letter on 29 June 2026 and received on 30 June
  2026: the 8 days it gives (C. civ. 1344) run from 1 July (CPC 641) to Wednesday 8 July 2026, so the
  injonction is possible on 9 July 2026: waiting;
- close: b2b closed (`cloture`): nothing to do, blocked with the machine's reason;
- invalide: a negative amount, line 32: failed, the others go on.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import itertools
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from outils import EXEMPLES, INVALIDES, REPONSES, texte_docx
from procedures.dossier import DocumentsGeneres, charger_dossier
from procedures.empreintes import lire_registre
from procedures.evenements import enregistrer
from procedures.generation import generer_etape
from procedures.lot_en_ligne import publications
from procedures.lot_generation import ecrire_rapport, generer_lot, rapport_generation_json
from procedures.reseau import Reponse

JOUR = date(2026, 6, 30)
AUJOURDHUI = date(2026, 11, 30)


def copier(racine: Path, exemple: str, nom: str | None = None) -> Path:
    cible = racine / (nom or exemple)
    shutil.copytree(EXEMPLES / exemple, cible, ignore=shutil.ignore_patterns("sortie"))
    return cible / "dossier.yaml"


@pytest.fixture
def portefeuille(tmp_path) -> Path:
    racine = tmp_path / "clients"
    copier(racine, "b2b")
    copier(racine, "consommateur")
    envoyee = copier(racine, "b2b", "envoyee")
    enregistrer(envoyee, "mise_en_demeure_envoyee", date(2026, 6, 29), {"mode": "lrar"})
    enregistrer(envoyee, "mise_en_demeure_recue", date(2026, 6, 30), {})
    close = copier(racine, "b2b", "close")
    enregistrer(close, "cloture", date(2026, 6, 30), {"motif": "abandon"})
    (racine / "invalide").mkdir()
    shutil.copy(INVALIDES / "montant_negatif.yaml", racine / "invalide" / "dossier.yaml")
    return racine


def empreinte(racine: Path) -> str:
    """Names and contents of every file below `racine` but the lock files (a lock is taken even to read)."""
    h = hashlib.sha256()
    for repertoire, sous_repertoires, fichiers in sorted(os.walk(racine)):
        sous_repertoires.sort()
        for nom in sorted(f for f in fichiers if not f.endswith(".verrou")):
            chemin = Path(repertoire) / nom
            h.update(str(chemin.relative_to(racine)).encode() + chemin.read_bytes())
    return h.hexdigest()


def par_dossier(rapport) -> dict:
    return {Path(l.chemin).parent.name: l for l in rapport.lignes}


def lancer(racine: Path, **options):
    options = {"processus": 1, "pdf": False, "aujourd_hui": AUJOURDHUI, **options}
    return generer_lot(racine, JOUR, **options)


@pytest.mark.parametrize("processus", [1, 2])
def test_each_dossier_gets_its_due_step_or_says_why_not(portefeuille, processus):
    rapport = lancer(portefeuille, processus=processus)
    lignes = par_dossier(rapport)
    assert {nom: l.statut for nom, l in lignes.items()} == {
        "b2b": "genere",
        "consommateur": "genere",
        "envoyee": "en_attente",
        "close": "bloque",
        "invalide": "echec",
    }
    b2b = lignes["b2b"]
    assert (b2b.reference, b2b.etape, str(b2b.montant_du)) == ("2026-0042", "mise_en_demeure", "5878.68")
    assert b2b.fichiers == (
        "sortie/mise_en_demeure/2026-0042-mise_en_demeure.docx",
        "sortie/mise_en_demeure/2026-0042-decompte.docx",
    )
    assert all((portefeuille / "b2b" / f).is_file() for f in b2b.fichiers)
    assert lignes["consommateur"].etape == "injonction_de_payer"
    assert (lignes["envoyee"].etape, lignes["envoyee"].possible_le) == ("injonction_de_payer", date(2026, 7, 9))
    assert lignes["close"].etape == "aucune" and lignes["close"].motif
    assert "dossier.yaml:32" in lignes["invalide"].erreur and "positif" in lignes["invalide"].erreur
    assert rapport.nb_echecs == 1 and rapport.documents == 2 + 3

    # the event `next` records, and the hash of each file in the sidecar
    dossier = charger_dossier(portefeuille / "b2b" / "dossier.yaml", JOUR)
    [evenement] = dossier.evenements(DocumentsGeneres)
    assert evenement.etape == "mise_en_demeure" and sorted(lire_registre(dossier)) == sorted(b2b.fichiers)


def test_progress_counts_dossiers_and_documents_as_they_go(portefeuille):
    """In path order: b2b writes its mise en demeure and décompte (2 DOCX), close and then consommateur's three
    injonction documents (2 + 3 = 5), envoyee waits, invalide fails: the count only grows as lines arrive."""
    appels = []
    lancer(portefeuille, progression=lambda faits, total, documents: appels.append((faits, total, documents)))
    assert appels == [(0, 5, 0), (1, 5, 2), (2, 5, 2), (3, 5, 5), (4, 5, 5), (5, 5, 5)]


def test_same_documents_and_event_as_next(tmp_path):
    seul = copier(tmp_path / "next", "b2b")
    en_lot = copier(tmp_path / "lot", "b2b")
    par_next = generer_etape(seul, JOUR, pdf=False, aujourd_hui=AUJOURDHUI)
    ligne = par_dossier(lancer(tmp_path / "lot"))["b2b"]
    assert ligne.fichiers == tuple(str(p.relative_to(seul.parent)) for p in par_next.fichiers)
    fichiers_next = sorted(p.relative_to(seul.parent) for p in (seul.parent / "sortie").rglob("*") if p.is_file())
    fichiers_lot = sorted(p.relative_to(en_lot.parent) for p in (en_lot.parent / "sortie").rglob("*") if p.is_file())
    assert fichiers_next == fichiers_lot
    for relatif in (r for r in fichiers_next if r.suffix == ".docx"):
        assert texte_docx(seul.parent / relatif) == texte_docx(en_lot.parent / relatif)
    dossier_a, dossier_b = charger_dossier(seul, JOUR), charger_dossier(en_lot, JOUR)
    [a], [b] = dossier_a.evenements(DocumentsGeneres), dossier_b.evenements(DocumentsGeneres)
    assert (a.date, a.etape, sorted(lire_registre(dossier_a))) == (b.date, b.etape, sorted(lire_registre(dossier_b)))


def test_a_second_run_the_same_day_does_nothing(portefeuille):
    lancer(portefeuille)
    avant = empreinte(portefeuille)
    lignes = par_dossier(lancer(portefeuille, processus=2))
    assert empreinte(portefeuille) == avant
    assert lignes["b2b"].statut == lignes["consommateur"].statut == "deja_fait"
    assert "30 juin 2026" in lignes["b2b"].motif and lignes["b2b"].fichiers == ()


def test_news_in_the_case_makes_the_step_due_again(portefeuille):
    """A payment recorded after the letters were prepared: they are out of date, the run writes them anew."""
    lancer(portefeuille)
    enregistrer(
        portefeuille / "b2b" / "dossier.yaml", "paiement_recu", JOUR, {"montant": "100.00", "facture": "F2025-047"}
    )
    ligne = par_dossier(lancer(portefeuille))["b2b"]
    assert ligne.statut == "genere" and str(ligne.montant_du) == "5778.68"


def test_steps_not_asked_for_are_left(portefeuille):
    lignes = par_dossier(lancer(portefeuille, etapes={"mise_en_demeure"}))
    assert lignes["b2b"].statut == "genere"
    assert lignes["consommateur"].statut == "non_demande"
    assert not (portefeuille / "consommateur" / "sortie").exists()


def test_a_locked_dossier_is_reported_at_once_not_waited_for(portefeuille):
    verrou = portefeuille / "b2b" / ".dossier.yaml.verrou"
    with open(verrou, "a+") as fichier:
        fcntl.flock(fichier.fileno(), fcntl.LOCK_EX)
        lignes = par_dossier(lancer(portefeuille))
    assert lignes["b2b"].statut == "occupe" and "une autre commande" in lignes["b2b"].erreur
    assert lignes["consommateur"].statut == "genere"
    assert not (portefeuille / "b2b" / "sortie").exists()


def test_dry_run_writes_nothing(portefeuille):
    avant = empreinte(portefeuille)
    lignes = par_dossier(lancer(portefeuille, essai=True, pdf=True))
    assert empreinte(portefeuille) == avant
    assert lignes["b2b"].statut == "prevu"
    assert "sortie/mise_en_demeure/2026-0042-mise_en_demeure.pdf" in lignes["b2b"].fichiers


def test_an_unexpected_bug_in_one_dossier_is_one_failed_line(portefeuille, monkeypatch):
    import procedures.generation as generation

    vraie = generation._produire

    def fragile(s, *args):
        if s.dossier.reference == "PL-2025-118":
            raise RuntimeError("panne simulée")
        return vraie(s, *args)

    monkeypatch.setattr(generation, "_produire", fragile)
    lignes = par_dossier(lancer(portefeuille))
    assert lignes["consommateur"].statut == "echec" and "panne simulée" in lignes["consommateur"].erreur
    assert lignes["consommateur"].reference == "PL-2025-118"
    assert lignes["b2b"].statut == "genere"


def test_a_megabyte_long_name_is_refused_at_once_with_its_line(portefeuille):
    """It used to pass, then hang LibreOffice for two minutes on one paragraph."""
    chemin = portefeuille / "b2b" / "dossier.yaml"
    texte = chemin.read_text(encoding="utf-8")
    chemin.write_text(texte.replace("Boulangerie « Le Fournil » SAS", "Le Fournil " * 100_000), encoding="utf-8")
    lignes = par_dossier(lancer(portefeuille))
    assert lignes["b2b"].statut == "echec"
    assert (
        "dossier.yaml:21 debiteurs[0].denomination : texte trop long : 5000 caractères au plus" in lignes["b2b"].erreur
    )
    assert lignes["consommateur"].statut == "genere"


def test_future_date_and_unknown_step_are_refused_before_anything_runs(portefeuille):
    from procedures.erreurs import EtapeRefusee, ProcedureError

    with pytest.raises(EtapeRefusee, match="futur"):
        generer_lot(portefeuille, date(2026, 12, 1), aujourd_hui=AUJOURDHUI)
    with pytest.raises(ProcedureError, match="inconnue"):
        generer_lot(portefeuille, JOUR, etapes={"mise_en_demeur"}, aujourd_hui=AUJOURDHUI)
    with pytest.raises(ProcedureError, match=r"\.csv ou en \.json"):
        generer_lot(portefeuille, JOUR, aujourd_hui=AUJOURDHUI, rapports=[portefeuille / "b2b" / "dossier.yaml"])
    liste = portefeuille / "b2b" / "pieces" / "liste.json"
    liste.write_text("{}", encoding="utf-8")
    with pytest.raises(ProcedureError, match="pas un rapport"):
        generer_lot(portefeuille, JOUR, aujourd_hui=AUJOURDHUI, rapports=[liste])
    assert liste.read_text(encoding="utf-8") == "{}"
    assert not (portefeuille / "b2b" / "sortie").exists()


def test_reports_csv_and_json(portefeuille, tmp_path):
    rapport = lancer(portefeuille)
    csv_ = ecrire_rapport(rapport, tmp_path / "rapport.csv")
    json_ = ecrire_rapport(rapport, tmp_path / "rapport.json")
    with csv_.open(encoding="utf-8-sig", newline="") as flux:
        rangees = {r["dossier"]: r for r in csv.DictReader(flux, delimiter=";")}
    assert rangees["b2b"]["montant_du"] == "5878,68" and rangees["b2b"]["statut"] == "genere"
    assert rangees["envoyee"]["possible_le"] == "2026-07-09"
    assert "positif" in rangees["invalide"]["erreur"]
    donnees = json.loads(json_.read_text(encoding="utf-8"))
    assert donnees == json.loads(json.dumps(rapport_generation_json(rapport)))
    assert donnees["par_etape"]["mise_en_demeure"] == {"genere": 1}
    assert donnees["totaux"]["documents"] == 5 and donnees["totaux"]["echec"] == 1
    # an earlier report is replaced; nothing else is
    ecrire_rapport(rapport, csv_)
    autre = tmp_path / "notes.csv"
    autre.write_text("mes notes\n", encoding="utf-8")
    with pytest.raises(Exception, match="pas un rapport"):
        ecrire_rapport(rapport, autre)
    assert autre.read_text(encoding="utf-8") == "mes notes\n"
    # the README's sequence: `lot clients/ --json > rapport.json`, then `lot clients/ --generer --rapport rapport.json`
    from procedures.lot import rapport_json, traiter_lot

    lecture = tmp_path / "lecture.json"
    lecture.write_text(json.dumps(rapport_json(traiter_lot(portefeuille, JOUR, processus=1))), encoding="utf-8")
    assert json.loads(ecrire_rapport(rapport, lecture).read_text(encoding="utf-8"))["racine"] == str(portefeuille)


def test_command_summary_report_and_exit_code(portefeuille, tmp_path):
    from cli import main

    runner = CliRunner()
    resultat = runner.invoke(
        main,
        [
            "lot",
            str(portefeuille),
            "--generer",
            "--date",
            "2026-06-30",
            "--no-pdf",
            "--processus",
            "1",
            "--rapport",
            str(tmp_path / "r.json"),
        ],
        env={"COLUMNS": "200"},
    )
    assert resultat.exit_code == 1, resultat.output
    sortie = resultat.stdout
    for attendu in (
        "mise en demeure",
        "requête en injonction de payer",
        "Générés",
        "En attente",
        "(dès le 9 juillet 2026)",
        "Bloqués",
        "En échec",
        "dossier.yaml:32",
    ):
        assert attendu in sortie, attendu
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["totaux"]["genere"] == 2
    assert f"Rapport écrit : {tmp_path / 'r.json'}\n" in resultat.stderr

    shutil.rmtree(portefeuille / "invalide")
    again = runner.invoke(main, ["lot", str(portefeuille), "--generer", "--date", "2026-06-30", "--no-pdf", "--json"])
    assert again.exit_code == 0, again.output
    assert {l["statut"] for l in json.loads(again.stdout)["dossiers"]} == {"deja_fait", "en_attente", "bloque"}

    refus = runner.invoke(main, ["lot", str(portefeuille), "--rapport", "r.csv"])
    assert refus.exit_code == 2 and "seulement avec --generer" in refus.output


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_pdfs_on_two_workers_each_with_its_libreoffice(tmp_path):
    racine = tmp_path / "clients"
    for numero in range(3):
        copier(racine, "b2b", f"b2b-{numero}")
    rapport = generer_lot(racine, JOUR, processus=2, aujourd_hui=AUJOURDHUI)
    assert [l.statut for l in rapport.lignes] == ["genere"] * 3
    pdfs = sorted(racine.rglob("*.pdf"))
    assert len(pdfs) == 3 * 2 + 3 * 4  # two letters each, and the four pièces shipped with the example
    for ligne in rapport.lignes:
        for nom in ligne.fichiers:
            if nom.endswith(".pdf"):
                assert (Path(ligne.chemin).parent / nom).read_bytes().startswith(b"%PDF-")


# -- --verifier-en-ligne: the BODACC asked once per debtor for the whole run, within bounds -------------------
# Saved answers replayed, never the network. b2b, envoyee and close share one debtor (SIREN 987654324);
# consommateur's debtor has no SIREN. bodacc_redressement.json publishes, on 14 September 2025, the opening
# of a redressement judiciaire of 3 September 2025 for that SIREN: in no history, so no suit may follow
# (C. com. L622-21).


def rejouer(fichier: str, appels: list):
    def transport(url: str, delai: float) -> Reponse:
        appels.append(url)
        return Reponse(200, (REPONSES / fichier).read_bytes())

    return transport


@pytest.mark.parametrize("processus", [1, 2])
def test_a_published_proceeding_blocks_its_dossiers_and_each_siren_is_asked_once(portefeuille, processus):
    appels: list[str] = []
    rapport = lancer(
        portefeuille,
        processus=processus,
        verifier_en_ligne=True,
        transport_bodacc=rejouer("bodacc_redressement.json", appels),
    )
    assert len(appels) == 1 and "987654324" in appels[0]
    lignes = par_dossier(rapport)
    for nom in ("b2b", "envoyee"):
        assert lignes[nom].statut == "bloque"
        assert "BODACC du 14 septembre 2025" in lignes[nom].motif and "L622-21" in lignes[nom].motif
        assert not (portefeuille / nom / "sortie").exists()
    assert "Dossier clos" in lignes["close"].motif  # closed: the machine's own reason stays
    assert lignes["consommateur"].statut == "genere"
    assert rapport.publications.resume() == (
        "BODACC consulté pour 1 débiteur(s) ; 1 dossier(s) sans SIREN, non vérifiable(s)."
    )


def test_nothing_published_nothing_blocked(portefeuille):
    appels: list[str] = []
    rapport = lancer(portefeuille, verifier_en_ligne=True, transport_bodacc=rejouer("bodacc_vide.json", appels))
    assert len(appels) == 1
    assert [l.statut for l in rapport.lignes] == ["genere", "bloque", "genere", "en_attente", "echec"]


def test_without_the_option_nothing_is_asked(portefeuille):
    appels: list[str] = []
    rapport = lancer(portefeuille, transport_bodacc=rejouer("bodacc_redressement.json", appels))
    assert appels == [] and rapport.publications is None
    assert par_dossier(rapport)["b2b"].statut == "genere"


def test_offline_the_run_goes_on_and_says_what_was_not_checked(portefeuille):
    rapport = lancer(portefeuille, verifier_en_ligne=True)  # PROCEDURE_HORS_LIGNE=1 (conftest)
    assert par_dossier(rapport)["b2b"].statut == "genere"
    assert rapport.publications.non_verifies == 1
    assert "PROCEDURE_HORS_LIGNE" in rapport.publications.resume()


def test_the_first_failure_of_the_service_stops_the_asking():
    appels: list[str] = []

    def injoignable(url: str, delai: float) -> Reponse:
        appels.append(url)
        raise ConnectionRefusedError("connexion refusée")

    resultat = publications(["987654324", "123456782", "552100554"], transport=injoignable)
    assert len(appels) == 1
    assert resultat.non_verifies == 3 and "injoignable" in resultat.raison


def test_the_asking_stops_when_its_time_is_up():
    """Budget 10 s from 0 s; the clock reads 4, 8 then 12 s at each SIREN's turn: two asked, one not."""
    tic = itertools.count(0, 4)
    appels: list[str] = []
    resultat = publications(
        ["987654324", "123456782", "552100554"],
        transport=rejouer("bodacc_vide.json", appels),
        duree_max=10,
        horloge=lambda: float(next(tic)),
    )
    assert len(appels) == 2 and resultat.non_verifies == 1
    assert resultat.raison == "temps imparti de 10 s écoulé"


def test_command_option_and_summary(portefeuille):
    from cli import main

    commande = ["lot", str(portefeuille), "--generer", "--date", "2026-06-30", "--processus", "1", "--no-pdf"]
    resultat = CliRunner().invoke(main, [*commande, "--verifier-en-ligne", "--json"])
    verification = json.loads(resultat.output)["verification_en_ligne"]
    assert verification["siren_verifies"] == 0 and verification["siren_non_verifies"] == 1
    assert verification["dossiers_sans_siren"] == 1 and "PROCEDURE_HORS_LIGNE" in verification["raison"]
    texte = CliRunner().invoke(main, [*commande, "--verifier-en-ligne", "--dry-run"]).output
    assert (
        "BODACC consulté pour 0 débiteur(s) ; 1 dossier(s) sans SIREN, non vérifiable(s) ; 1 débiteur(s) non "
        "vérifié(s) : API du BODACC"
    ) in texte
    assert "(PROCEDURE_HORS_LIGNE=1), rien n'a été vérifié.\n" in texte
    refus = CliRunner().invoke(main, ["lot", str(portefeuille), "--verifier-en-ligne"])
    assert refus.exit_code == 2 and "--verifier-en-ligne : seulement avec --generer" in refus.output
