"""Evidence bundle speed and memory: procedures.bordereau against a bare `qpdf --empty --pages` merge.

Builds text pièces (with a few scanned-image pages) totalling 500 then 2 000 pages, assembles each bundle
in a child process (so its peak RSS is the bundle's alone), best of 3 runs, merges the same files with qpdf, and prints
the ratio and the peak memory (targets: ≤ 3× qpdf at 500 pages, < 300 MB peak at 2 000 pages).
Run: .venv/bin/python bench/bench_bundle.py
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

RACINE = Path(__file__).resolve().parents[1]
PAGES_PAR_PIECE = 20
ESSAIS = 3

ENFANT = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {racine!r})
from procedures.bordereau import PieceBundle, assembler_bundle
chemins = json.loads(sys.argv[1])
pieces = [PieceBundle(i, f"Pièce de démonstration n° {{i}}", date(2025, 1, 1), Path(c))
          for i, c in enumerate(chemins, 1)]
debut = time.perf_counter()
rapport = assembler_bundle(pieces, Path(sys.argv[2]))
duree = time.perf_counter() - debut
pic_mo = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"duree": duree, "pages": rapport.nb_pages, "pic_mo": pic_mo}}))
"""


def scan() -> ImageReader:
    image = Image.new("L", (1240, 1754), 250)
    dessin = ImageDraw.Draw(image)
    for y in range(100, 1650, 40):
        dessin.line((100, y, 1140, y), fill=60, width=3)
    tampon = io.BytesIO()
    image.save(tampon, "JPEG", quality=75)
    return ImageReader(io.BytesIO(tampon.getvalue()))


def pieces(dossier: Path, nombre: int) -> list[Path]:
    image = scan()
    chemins = []
    for i in range(1, nombre + 1):
        chemin = dossier / f"piece_{i:04}.pdf"
        dessin = canvas.Canvas(str(chemin), pagesize=A4)
        for p in range(1, PAGES_PAR_PIECE + 1):
            if p % 10 == 0:
                dessin.drawImage(image, 40, 40, A4[0] - 80, A4[1] - 80)
            else:
                dessin.setFont("Helvetica", 10)
                for ligne in range(60):
                    dessin.drawString(
                        50,
                        800 - 12 * ligne,
                        f"Pièce {i}, page {p}, ligne {ligne} : facture, échéance, pénalités de retard.",
                    )
            dessin.showPage()
        dessin.save()
        chemins.append(chemin)
    return chemins


def mesurer(chemins: list[Path], dossier: Path) -> dict:
    """Best of ESSAIS runs for each side: the machine's other load only ever adds time."""
    code = ENFANT.format(racine=str(RACINE))
    bundles, qpdf = [], []
    for _ in range(ESSAIS):
        sortie = subprocess.run(
            [sys.executable, "-c", code, json.dumps([str(c) for c in chemins]), str(dossier / "bundle.pdf")],
            check=True,
            capture_output=True,
            text=True,
        )
        bundles.append(json.loads(sortie.stdout))
        debut = time.perf_counter()
        subprocess.run(["qpdf", "--empty", "--pages", *map(str, chemins), "--", str(dossier / "qpdf.pdf")], check=True)
        qpdf.append(time.perf_counter() - debut)
    return {
        "duree": min(b["duree"] for b in bundles),
        "pages": bundles[0]["pages"],
        "pic_mo": max(b["pic_mo"] for b in bundles),
        "qpdf": min(qpdf),
    }


def main() -> None:
    for total in (500, 2000):
        with tempfile.TemporaryDirectory() as dossier:
            dossier = Path(dossier)
            chemins = pieces(dossier, total // PAGES_PAR_PIECE)
            r = mesurer(chemins, dossier)
            print(
                f"{r['pages']:5} pages ({len(chemins)} pièces + index) : bundle {r['duree']:6.2f} s, "
                f"qpdf {r['qpdf']:5.2f} s, ratio {r['duree'] / r['qpdf']:4.1f}×, pic mémoire {r['pic_mo']:5.0f} Mo"
            )


if __name__ == "__main__":
    main()
