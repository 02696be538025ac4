"""Recording events: validated, appended without touching the user's bytes, atomic, locked, crash-proof."""

from __future__ import annotations

import functools
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import procedures.evenements as evenements
from cli import main
from outils import AUJOURDHUI, RACINE
from procedures.dossier import charger_dossier
from procedures.erreurs import DossierInvalide, EtapeRefusee, ProcedureError
from procedures.evenements import enregistrer
from procedures.stockage import verrou


@pytest.fixture
def chemin(tmp_path: Path) -> Path:
    """The shipped B2B example: comments, flow mappings, two reminders already recorded (7 Jul 2025)."""
    cible = tmp_path / "dossier.yaml"
    shutil.copy(RACINE / "exemples" / "b2b" / "dossier.yaml", cible)
    return cible


def ajouter(chemin: Path, evenement: str, jour: str, **champs):
    return enregistrer(chemin, evenement, date.fromisoformat(jour), champs, aujourd_hui=AUJOURDHUI)


def test_record_appends_only_new_lines(chemin: Path):
    avant = chemin.read_text(encoding="utf-8")
    ajouter(chemin, "mise_en_demeure_envoyee", "2025-07-25", mode="lrar", numero_envoi="1A 234")
    apres = chemin.read_text(encoding="utf-8")
    # the letter's own deadline is kept with it: Fri 25 July 2025 + 8 days = Sat 2 August → Mon 4 August (CPC 642)
    nouvelle = (
        "  - {date: 2025-07-25, evenement: mise_en_demeure_envoyee, mode: lrar, numero_envoi: 1A 234, "
        "date_limite: 2025-08-04}\n"
    )
    assert apres == avant + nouvelle
    assert charger_dossier(chemin, AUJOURDHUI).historique[-1].mode == "lrar"


def test_payment_goes_to_history_and_payments_in_one_write(chemin: Path):
    avant = chemin.read_text(encoding="utf-8").splitlines()
    ajouter(chemin, "paiement_recu", "2025-08-01", montant="1234,50", facture="F2025-047")
    apres = chemin.read_text(encoding="utf-8").splitlines()
    assert [ligne for ligne in apres if ligne not in avant] == [
        '    - {date: 2025-08-01, montant: "1234.50", facture: F2025-047}',
        '  - {date: 2025-08-01, evenement: paiement_recu, montant: "1234.50", facture: F2025-047}',
    ]
    assert [ligne for ligne in avant if ligne not in apres] == []
    dossier = charger_dossier(chemin, AUJOURDHUI)
    assert str(dossier.creance.paiements[-1].montant) == "1234.50"


def test_payment_plan_and_booleans_from_strings(chemin: Path):
    ajouter(
        chemin,
        "echeancier_accorde",
        "2025-08-01",
        echeances=[{"date": "2025-09-01", "montant": "500"}, {"date": "2025-10-01", "montant": "600.5"}],
    )
    plan = charger_dossier(chemin, AUJOURDHUI).historique[-1]
    assert [str(e.montant) for e in plan.echeances] == ["500.00", "600.50"]
    ajouter(chemin, "mise_en_demeure_envoyee", "2025-10-10", mode="lrar")
    assert ajouter(chemin, "mise_en_demeure_recue", "2025-10-12", presentee="oui").presentee is True


def test_yes_no_words_only_turn_boolean_fields_into_booleans(chemin: Path):
    """ "1" is a valid montant or numéro and "non" a valid motif: only `presentee` and `a_personne` are yes/no."""
    paiement = ajouter(chemin, "paiement_recu", "2025-08-01", montant="1")
    assert str(paiement.montant) == "1.00"
    assert ajouter(chemin, "contestation", "2025-08-02", motif="non").motif == "non"
    envoi = ajouter(chemin, "mise_en_demeure_envoyee", "2025-08-03", mode="lrar", numero_envoi="1")
    assert envoi.numero_envoi == "1"
    assert ajouter(chemin, "mise_en_demeure_recue", "2025-08-05", presentee="non").presentee is False
    dossier = charger_dossier(chemin, AUJOURDHUI)
    assert (dossier.historique[-1].presentee, dossier.historique[-2].numero_envoi) == (False, "1")


def test_event_refused_by_the_whole_case_names_the_real_file_and_line(chemin: Path):
    """An unknown invoice is only seen when the whole would-be file is validated: the error points at the
    line the event would have taken: the history ends the file, and the payment's copy in creance.paiements
    adds one line above it, so the last line + 2. Nothing is written."""
    avant = chemin.read_bytes()
    derniere = len(avant.decode("utf-8").splitlines())
    with pytest.raises(DossierInvalide) as exc:
        ajouter(chemin, "paiement_recu", "2025-08-02", montant="10", facture="F-INCONNUE")
    historique = [e for e in exc.value.erreurs() if e.champ.startswith("historique")]
    assert [(e.fichier, e.ligne, e.message) for e in historique] == [
        (str(chemin), derniere + 2, "facture inconnue (F-INCONNUE)")
    ]
    assert chemin.read_bytes() == avant


@pytest.mark.parametrize(
    "evenement,jour,champs,raison",
    [
        ("relance_envoyee", "2025-07-01", {"canal": "email"}, "avant le dernier événement"),
        ("mise_en_demeure_recue", "2025-07-10", {}, "aucune mise en demeure"),
        ("ordonnance_signifiee", "2025-07-10", {"commissaire": "SCP Martin"}, "aucune ordonnance"),
        ("ordonnance_rendue", "2025-07-10", {}, "aucune requête"),
        ("jugement_rendu", "2025-07-10", {"montant_accorde": "100"}, "aucun procès"),
        ("relance_envoyee", "2027-01-01", {"canal": "email"}, "après aujourd'hui"),
    ],
)
def test_impossible_orders_are_refused(chemin: Path, evenement, jour, champs, raison):
    avant = chemin.read_bytes()
    with pytest.raises(EtapeRefusee, match=raison):
        ajouter(chemin, evenement, jour, **champs)
    assert chemin.read_bytes() == avant


def test_nothing_after_closure_but_a_payment(chemin: Path):
    ajouter(chemin, "cloture", "2025-08-01", motif="abandon")
    with pytest.raises(EtapeRefusee, match="clos"):
        ajouter(chemin, "relance_envoyee", "2025-08-02", canal="email")
    ajouter(chemin, "paiement_recu", "2025-08-03", montant="10")


def test_judicial_sequence_is_accepted_in_order(chemin: Path):
    ajouter(chemin, "requete_deposee", "2025-08-01", juridiction="Tribunal de commerce de Lyon")
    with pytest.raises(EtapeRefusee, match="attend encore"):
        ajouter(chemin, "requete_deposee", "2025-08-02", juridiction="Tribunal de commerce de Lyon")
    ajouter(chemin, "ordonnance_rendue", "2025-09-01", numero_rg="2025/1")
    ajouter(chemin, "ordonnance_signifiee", "2025-09-10", commissaire="SCP Martin", a_personne="non")
    ajouter(chemin, "formule_executoire_apposee", "2025-10-20")
    assert charger_dossier(chemin, AUJOURDHUI).historique[-1].evenement == "formule_executoire_apposee"


def test_bad_field_names_the_field_and_changes_nothing(chemin: Path):
    avant = chemin.read_bytes()
    with pytest.raises(DossierInvalide) as exc:
        ajouter(chemin, "relance_envoyee", "2025-08-01", canal="fax")
    assert exc.value.erreurs()[0].champ == "canal"
    with pytest.raises(DossierInvalide, match="champ inconnu"):
        ajouter(chemin, "relance_envoyee", "2025-08-01", canal="email", couleur="bleu")
    with pytest.raises(DossierInvalide, match="événement inconnu"):
        ajouter(chemin, "appel_recu", "2025-08-01")
    assert chemin.read_bytes() == avant


def test_second_run_fails_cleanly_while_locked(chemin: Path, monkeypatch):
    monkeypatch.setattr(evenements, "verrou", functools.partial(verrou, attente=0.3))
    avant = chemin.read_bytes()
    with verrou(chemin):
        with pytest.raises(ProcedureError, match="une autre commande"):
            ajouter(chemin, "relance_envoyee", "2025-08-01", canal="email")
    assert chemin.read_bytes() == avant
    ajouter(chemin, "relance_envoyee", "2025-08-01", canal="email")


def test_failed_rename_leaves_the_file_and_no_temporary(chemin: Path, monkeypatch):
    avant = chemin.read_bytes()

    def panne(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", panne)
    with pytest.raises(ProcedureError, match="disque plein"):
        ajouter(chemin, "relance_envoyee", "2025-08-01", canal="email")
    assert chemin.read_bytes() == avant
    assert sorted(p.name for p in chemin.parent.iterdir()) == [".dossier.yaml.verrou", "dossier.yaml"]


ECRIVAIN = """
import sys
from datetime import date
from procedures.evenements import enregistrer
while True:
    enregistrer(sys.argv[1], "relance_envoyee", date(2025, 8, 1), {"canal": "email"}, aujourd_hui=date(2026, 11, 23))
    print("ok", flush=True)
"""


def test_kill_9_at_any_moment_leaves_a_valid_dossier(chemin: Path):
    """A process appending events in a loop is killed with SIGKILL at random moments once it has started
    writing; each time the file is one of the successive complete versions: it validates, and holds a whole
    number of appended events. (A temporary file may remain after a kill -9, never the dossier half-written.)"""
    hasard = random.Random(1234)
    initial = chemin.read_text(encoding="utf-8")
    ligne = "  - {date: 2025-08-01, evenement: relance_envoyee, canal: email}\n"
    for _ in range(5):
        processus = subprocess.Popen(
            [sys.executable, "-c", ECRIVAIN, str(chemin)], cwd=RACINE, stdout=subprocess.PIPE, text=True
        )
        assert processus.stdout.readline() == "ok\n"
        time.sleep(hasard.uniform(0, 0.3))
        processus.send_signal(signal.SIGKILL)
        processus.wait()
        processus.stdout.close()
        texte = chemin.read_text(encoding="utf-8")
        assert texte.startswith(initial)
        ajoutees = texte[len(initial) :]
        assert ajoutees == ligne * (len(ajoutees) // len(ligne))
        charger_dossier(chemin, AUJOURDHUI)
    assert texte.count(ligne) >= 5


def test_cli_record_and_status(chemin: Path):
    runner = CliRunner()
    resultat = runner.invoke(
        main, ["record", str(chemin), "mise_en_demeure_envoyee", "--date", "2025-07-25", "-c", "mode=lrar"]
    )
    assert resultat.exit_code == 0, resultat.output
    assert "enregistré" in resultat.output
    assert resultat.output == f"{chemin} : mise_en_demeure_envoyee du 25 juillet 2025 enregistré.\n"
    resultat = runner.invoke(
        main,
        [
            "record",
            str(chemin),
            "echeancier_accorde",
            "--date",
            "2025-07-26",
            "--echeance",
            "2025-08-15=500",
            "--echeance",
            "2025-09-15=600",
        ],
    )
    assert resultat.exit_code == 0, resultat.output
    assert chemin.read_text(encoding="utf-8").endswith(
        "  - date: 2025-07-26\n    evenement: echeancier_accorde\n    echeances:\n"
        '    - {date: 2025-08-15, montant: "500.00"}\n    - {date: 2025-09-15, montant: "600.00"}\n'
    )
    resultat = runner.invoke(main, ["record", str(chemin), "ordonnance_signifiee", "-c", "commissaire"])
    assert resultat.exit_code != 0 and "nom=valeur" in resultat.output
    resultat = runner.invoke(main, ["status", str(chemin), "--date", "2025-08-20", "--json"])
    assert resultat.exit_code == 0, resultat.output
    assert '"etat": "echeancier_en_cours"' not in resultat.output  # nothing paid on 15 Aug: escalation resumed
    assert '"etape": "injonction_de_payer"' in resultat.output
    resultat = runner.invoke(main, ["status", str(chemin), "--date", "2025-08-20"])
    assert resultat.exit_code == 0 and "Prochaine étape" in resultat.output
