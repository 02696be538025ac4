"""DOCX → PDF through LibreOffice: faithful text, atomic output, PDF/A, and no process left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import docx
import pytest

from outils import RACINE
from procedures import pdf
from procedures.pdf import ConversionEchouee, Convertisseur, LibreOfficeAbsent, docx_vers_pdf

libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
NOMS = "Dupont & Fils <SARL> contre L'Atelier « Zoé »"


def lettre(chemin: Path, texte: str = NOMS) -> Path:
    document = docx.Document()
    document.add_paragraph(texte)
    document.save(chemin)
    return chemin


def texte_pdf(chemin: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    return subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True, check=True).stdout


def groupes_vivants(convertisseur: Convertisseur) -> list[int]:
    return [p.pid for i in convertisseur._toutes for p in (i.office, i.worker)]


def assert_tous_arretes(groupes: list[int]) -> None:
    """No live process in those groups (zombies are dead: only their reaping by init is pending)."""
    restants = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            champs = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        etat, groupe = champs[0], int(champs[2])
        if groupe in groupes and etat != "Z":
            restants.append(stat.parent.name)
    assert restants == []


def assert_aucun_temporaire(dossier: Path) -> None:
    assert [p.name for p in dossier.iterdir() if p.name.startswith(".")] == []


@pytest.mark.libreoffice
@libreoffice
def test_text_comes_out_intact_next_to_the_docx(tmp_path):
    source = lettre(tmp_path / "mise_en_demeure.docx")
    with Convertisseur() as convertisseur:
        groupes = groupes_vivants(convertisseur)
        resultat = convertisseur.convertir(source)
    assert resultat == tmp_path / "mise_en_demeure.pdf"
    assert " ".join(texte_pdf(resultat).split()) == NOMS
    assert_tous_arretes(groupes)
    assert_aucun_temporaire(tmp_path)


@pytest.mark.libreoffice
@libreoffice
def test_batch_on_two_instances_keeps_order_and_rerenders_edits(tmp_path):
    sources = [lettre(tmp_path / f"lettre{i}.docx", f"Lettre numéro {i}") for i in range(5)]
    with Convertisseur(instances=2) as convertisseur:
        groupes = groupes_vivants(convertisseur)
        assert len(groupes) == 4
        resultats = convertisseur.convertir_lot(sources)
        assert resultats == [s.with_suffix(".pdf") for s in sources]
        assert [texte_pdf(r).strip() for r in resultats] == [f"Lettre numéro {i}" for i in range(5)]
        # a lawyer edits the DOCX: the next rendering reads it from disk
        lettre(sources[0], "Lettre corrigée par l'avocat")
        convertisseur.convertir(sources[0])
    assert texte_pdf(resultats[0]).strip() == "Lettre corrigée par l'avocat"
    assert_tous_arretes(groupes)


@pytest.mark.libreoffice
@libreoffice
def test_pdfa_2b(tmp_path):
    (resultat,) = docx_vers_pdf([lettre(tmp_path / "requete.docx")], pdfa=True)
    contenu = resultat.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in contenu
    assert b"<pdfaid:conformance>B</pdfaid:conformance>" in contenu


@pytest.mark.libreoffice
@libreoffice
def test_hang_kills_the_instance_and_names_the_document(tmp_path):
    """A timeout no conversion can meet stands for a hung LibreOffice: tried twice, then refused."""
    source = lettre(tmp_path / "bloque.docx")
    with Convertisseur(timeout=0.001) as convertisseur:
        premiers = groupes_vivants(convertisseur)
        with pytest.raises(ConversionEchouee, match="bloque.docx"):
            convertisseur.convertir(source)
        derniers = groupes_vivants(convertisseur)
    assert_tous_arretes(premiers + derniers)
    assert not source.with_suffix(".pdf").exists()
    assert_aucun_temporaire(tmp_path)


@pytest.mark.libreoffice
@libreoffice
def test_after_a_hang_the_rest_of_the_batch_is_not_tried(tmp_path, monkeypatch):
    """A huge name makes every document of the dossier hang: one timeout for the batch, not one each."""
    sources = [lettre(tmp_path / f"lettre{i}.docx") for i in range(3)]
    redemarrages = []
    vrai = pdf._Instance.redemarrer
    monkeypatch.setattr(pdf._Instance, "redemarrer", lambda self: redemarrages.append(1) or vrai(self))
    with Convertisseur(timeout=0.001) as convertisseur:
        with pytest.raises(ConversionEchouee) as exc:
            convertisseur.convertir_lot(sources)
    message = str(exc.value)
    assert all(s.name in message for s in sources) and message.count("pas converti") == 2
    assert len(redemarrages) == 1


@pytest.mark.libreoffice
@libreoffice
def test_without_uno_falls_back_to_soffice_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "python_uno", lambda soffice: None)
    source = lettre(tmp_path / "relance.docx")
    with warnings.catch_warnings(record=True) as alertes:
        warnings.simplefilter("always")
        (resultat,) = docx_vers_pdf([source], pdfa=True)
    assert any("python3-uno" in str(a.message) for a in alertes)
    assert " ".join(texte_pdf(resultat).split()) == NOMS
    assert b"<pdfaid:part>2</pdfaid:part>" in resultat.read_bytes()
    assert_aucun_temporaire(tmp_path)


def test_missing_libreoffice_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "trouver_soffice", lambda: None)
    with pytest.raises(LibreOfficeAbsent) as exc:
        docx_vers_pdf([lettre(tmp_path / "relance.docx")])
    assert "apt-get install -y libreoffice-writer-nogui fonts-dejavu fonts-liberation2" in str(exc.value)
    assert "DOCX sont écrits" in str(exc.value)


@pytest.mark.libreoffice
@libreoffice
def test_missing_docx_is_named(tmp_path):
    with pytest.raises(ConversionEchouee, match="absent.docx"):
        docx_vers_pdf([tmp_path / "absent.docx"])


def test_nothing_to_convert_starts_nothing(monkeypatch):
    monkeypatch.setattr(pdf, "trouver_soffice", lambda: None)
    assert docx_vers_pdf([]) == []


def test_instance_whose_restart_failed_asks_for_another_restart(tmp_path):
    """After a failed restart the instance has no process: the next document must restart it, not crash."""
    instance = pdf._Instance("soffice", "python3", timeout=1.0)
    with pytest.raises(pdf._Panne):
        instance.convertir(tmp_path / "lettre.docx", tmp_path / ".lettre.pdf", pdfa=False)


# -- faults: a LibreOffice that dies or hangs, a run that is killed --------------------------------


def faux_soffice(dossier: Path, corps: str) -> str:
    """A `soffice` that does what `corps` (shell) says: the way a broken installation behaves."""
    script = dossier / "soffice"
    script.write_text(f"#!/bin/sh\n{corps}\n")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pdf.python_uno.cache_clear()
    yield tmp_path / "cache"
    pdf.python_uno.cache_clear()


def processus_lances_par(chemin: str) -> list[str]:
    """Live processes whose command line names `chemin`."""
    vivants = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            etat = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if chemin.encode() in cmdline.read_bytes() and etat != "Z":
                vivants.append(cmdline.parent.name)
        except OSError:
            continue
    return vivants


# Makes the kept profile like LibreOffice's `--terminate_after_init` does, then runs the rest of the script:
# the failure is then met by the instance's own start, once the profile is kept.
PROFIL_PUIS = """for a; do case $a in -env:UserInstallation=file://*) p=${a#-env:UserInstallation=file://};; esac; done
case "$*" in *--terminate_after_init*) mkdir -p "$p/user"; exit 0;; esac
"""


@pytest.mark.parametrize("profil", ["", PROFIL_PUIS], ids=["premier-demarrage", "profil-garde"])
def test_a_libreoffice_that_dies_at_start_is_reported_at_once(tmp_path, cache, monkeypatch, profil):
    soffice = faux_soffice(tmp_path, profil + "exit 1")
    monkeypatch.setattr(pdf, "trouver_soffice", lambda: soffice)
    debut = time.monotonic()
    with pytest.raises(ConversionEchouee) as exc:
        docx_vers_pdf([lettre(tmp_path / "relance.docx")])
    assert time.monotonic() - debut < 10
    assert "code de sortie 1" in str(exc.value) and soffice in str(exc.value)
    assert "Traceback" not in str(exc.value)
    assert not (tmp_path / "relance.pdf").exists()


@pytest.mark.parametrize("profil", ["", PROFIL_PUIS], ids=["premier-demarrage", "profil-garde"])
def test_a_libreoffice_that_never_answers_is_given_up_after_the_start_delay(tmp_path, cache, monkeypatch, profil):
    soffice = faux_soffice(tmp_path, profil + "while :; do sleep 1; done")
    monkeypatch.setattr(pdf, "trouver_soffice", lambda: soffice)
    debut = time.monotonic()
    with pytest.raises(ConversionEchouee, match="n'a pas démarré : aucune réponse en 1 s"):
        with Convertisseur(demarrage=1):
            pass
    assert time.monotonic() - debut < 10
    assert processus_lances_par(soffice) == []


def test_the_uno_python_is_looked_for_once_until_libreoffice_changes(tmp_path, cache, monkeypatch):
    soffice = faux_soffice(tmp_path, "exit 0")
    recherches = []
    monkeypatch.setattr(pdf, "_chercher_python_uno", lambda s: recherches.append(s) or sys.executable)
    assert pdf.python_uno(soffice) == sys.executable
    pdf.python_uno.cache_clear()  # a new run: only the disk remembers
    assert pdf.python_uno(soffice) == sys.executable
    assert len(recherches) == 1
    Path(soffice).write_text("#!/bin/sh\n# mis à jour\nexit 0\n")
    pdf.python_uno.cache_clear()
    pdf.python_uno(soffice)
    assert len(recherches) == 2


def test_instances_only_when_there_are_documents_enough():
    assert [pdf.instances_utiles(n, coeurs=2) for n in (1, 2, 7, 8, 400)] == [1, 1, 1, 2, 2]
    assert pdf.instances_utiles(400, coeurs=1) == 1


def test_orphan_folders_of_dead_runs_are_removed_with_their_processes(tmp_path):
    def instance(nom: str, proprietaire: str | None) -> Path:
        dossier = tmp_path / f"{pdf.PREFIXE_INSTANCE}{nom}"
        (dossier / "profil").mkdir(parents=True)
        if proprietaire is not None:
            (dossier / "proprietaire").write_text(proprietaire)
        return dossier

    mort = instance("mort", "999999999 1")
    recycle = instance("recycle", f"{os.getpid()} 1")  # our pid, but not our start time: a reused pid
    vivant = instance("vivant", pdf._marque_proprietaire())
    recent = instance("recent", None)
    ancien = instance("ancien", None)
    os.utime(ancien, (time.time() - 7200, time.time() - 7200))
    # a "LibreOffice" still running on the dead run's profile
    reste = subprocess.Popen(["sh", "-c", "sleep 600", (mort / "profil").as_uri()], start_new_session=True)
    try:
        retires = pdf.nettoyer_orphelins(tmp_path)
        assert sorted(retires) == sorted([mort, recycle, ancien])
        assert reste.wait(10) == -9
    finally:
        if reste.poll() is None:
            reste.kill()
    assert vivant.is_dir() and recent.is_dir()


# The child stands for a run in a terminal: a run started under nohup ignores SIGHUP, and the converter
# rightly leaves that choice alone, so the disposition inherited from whoever launched the tests is reset.
SCRIPT_ENFANT = """
import signal, sys, time
signal.signal(signal.SIGHUP, signal.SIG_DFL)
sys.path.insert(0, {racine!r})
from procedures.pdf import Convertisseur
with Convertisseur() as convertisseur:
    instance = convertisseur._toutes[0]
    print(instance.office.pid, instance.worker.pid, instance.dossier, flush=True)
    time.sleep(600)
"""


def lancer_enfant(tmp_path: Path) -> tuple[subprocess.Popen, list[int], Path]:
    # its own temporary folder: no other run on the machine cleans up its orphans before the test does
    (tmp_path / "tmp").mkdir()
    enfant = subprocess.Popen(
        [sys.executable, "-c", SCRIPT_ENFANT.format(racine=str(RACINE))],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
    )
    office, worker, dossier = enfant.stdout.readline().split()
    return enfant, [int(office), int(worker)], Path(dossier)


def attendre_arret(groupes: list[int], delai: float) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            assert_tous_arretes(groupes)
            return
        except AssertionError:
            time.sleep(0.2)
    assert_tous_arretes(groupes)


@pytest.mark.libreoffice
@libreoffice
@pytest.mark.parametrize("signal_", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_run_stops_its_libreoffice(tmp_path, signal_):
    enfant, groupes, dossier = lancer_enfant(tmp_path)
    enfant.send_signal(signal_)
    assert enfant.wait(30) != 0
    attendre_arret(groupes, 5)
    assert not dossier.exists()


@pytest.mark.libreoffice
@libreoffice
def test_a_killed_run_leaves_no_libreoffice_and_its_profile_is_removed_later(tmp_path):
    enfant, groupes, dossier = lancer_enfant(tmp_path)
    enfant.kill()
    enfant.wait()
    # the UNO worker sees its parent gone and ends soffice
    attendre_arret(groupes, 20)
    assert dossier.exists()
    assert dossier in pdf.nettoyer_orphelins(dossier.parent)
    assert not dossier.exists()
