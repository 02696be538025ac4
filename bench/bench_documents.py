"""Rendering speed of the DOCX templates: python bench/bench_documents.py [ROUNDS]."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from procedures.documents import contexte_exemple, noms_modeles, rendre_document, verifier_modeles


def main(tours: int = 5) -> None:
    modeles = [n[:-5] for n in noms_modeles() if n.endswith(".docx")]
    contexte = contexte_exemple()
    with tempfile.TemporaryDirectory() as dossier:
        for nom in modeles:
            debut = time.perf_counter()
            for tour in range(tours):
                rendre_document(nom, contexte, Path(dossier) / f"{nom}-{tour}.docx")
            print(f"{nom:32s} {(time.perf_counter() - debut) / tours * 1000:7.1f} ms")
        debut = time.perf_counter()
        for nom in modeles:
            rendre_document(nom, contexte, Path(dossier) / f"{nom}.docx")
        print(
            f"{'all ' + str(len(modeles)) + ' templates, one case':32s} {(time.perf_counter() - debut) * 1000:7.1f} ms"
        )
        debut = time.perf_counter()
        verifier_modeles(Path(str(Path(__file__).parents[1] / "modeles")))
        print(f"{'verifier (shipped templates)':32s} {(time.perf_counter() - debut) * 1000:7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
