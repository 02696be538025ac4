"""DOCX → PDF through LibreOffice: faithful text, atomic output, PDF/A, and no process left behind."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import docx
import pytest

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
