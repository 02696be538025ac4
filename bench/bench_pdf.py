"""DOCX → PDF speed: one soffice per document, one batch soffice call, and procedures.pdf.

Prints seconds per document and the ratios (target: ours ≥ 8× faster than naive, within 10 % of batch).
Run: .venv/bin/python bench/bench_pdf.py [--nombre 50]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from procedures.pdf import Convertisseur, trouver_soffice  # noqa: E402


def lettres(dossier: Path, nombre: int) -> list[Path]:
    chemins = []
    for i in range(1, nombre + 1):
        document = docx.Document()
        document.add_heading(f"Mise en demeure n° {i}", level=1)
        document.add_paragraph("Dupont & Fils <SARL>, 12 rue de L'Atelier « Zoé », 75011 Paris")
        for _ in range(6):
            document.add_paragraph(
                "Par la présente, nous vous mettons en demeure de régler la somme de 4 800,00 € "
                "au titre de la facture F2025-031 échue le 14 avril 2025, majorée des pénalités de retard "
                "et de l'indemnité forfaitaire de 40 € (C. com. art. L441-10)."
            )
        chemin = dossier / f"lettre_{i:03}.docx"
        document.save(chemin)
        chemins.append(chemin)
    return chemins


def soffice(*arguments: str, profil: Path) -> None:
    subprocess.run(
        [trouver_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profil.as_uri()}", *arguments],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def chrono(fonction) -> float:
    debut = time.perf_counter()
    fonction()
    return time.perf_counter() - debut


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nombre", type=int, default=50)
    nombre = parser.parse_args().nombre
    with tempfile.TemporaryDirectory() as racine:
        racine = Path(racine)
        documents = lettres(racine, nombre)
        sortie = racine / "sortie"

        def naif():
            profil = racine / "profil_naif"
            for d in documents:
                soffice("--convert-to", "pdf", "--outdir", str(sortie), str(d), profil=profil)

        def lot():
            soffice("--convert-to", "pdf", "--outdir", str(sortie), *map(str, documents), profil=racine / "profil_lot")

        def nous(instances: int):
            with Convertisseur(instances=instances) as convertisseur:
                convertisseur.convertir_lot(documents)

        coeurs = os.cpu_count() or 1
        mesures = {
            "naïf (un soffice par document)": chrono(naif),
            "lot (un appel soffice)": chrono(lot),
            "procedures.pdf, 1 instance": chrono(lambda: nous(1)),
            f"procedures.pdf, {coeurs} instances (une par cœur)": chrono(lambda: nous(coeurs)),
        }
    print(f"{nombre} lettres, {coeurs} cœurs, profils LibreOffice neufs (démarrage compris)")
    for nom, duree in mesures.items():
        print(f"  {nom:<48} {duree:7.2f} s  {duree / nombre:6.3f} s/document")
    naif_s, lot_s, *_, nous_s = mesures.values()
    print(f"  naïf / nous : {naif_s / nous_s:.1f}×   (objectif ≥ 8×)")
    print(f"  nous / lot  : {nous_s / lot_s:.2f}    (objectif ≤ 1.10)")


if __name__ == "__main__":
    main()
