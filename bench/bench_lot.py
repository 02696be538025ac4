"""Benchmark: `procedure lot` over generated dossiers, one folder each (default 1 000), for several worker counts.

    .venv/bin/python bench/bench_lot.py [--nombre 1000] [--processus 1 2 4]

The dossiers are those of bench_status.py (varied B2B and consumer cases), written as
<dossier>/<n>/dossier.yaml. Each timing is a whole ``traiter_lot``: finding the files, starting the worker
processes (spawn: each imports the library), reading, computing, gathering the report.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_status import DATE_REFERENCE, generer  # noqa: E402

from procedures.lot import traiter_lot  # noqa: E402


def ecrire(racine: Path, nombre: int) -> None:
    from ruamel.yaml import YAML

    yaml = YAML()
    for numero in range(nombre):
        dossier = racine / f"{numero:05d}"
        dossier.mkdir()
        with (dossier / "dossier.yaml").open("w", encoding="utf-8") as flux:
            yaml.dump(generer(numero), flux)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=1000)
    parser.add_argument("--processus", type=int, nargs="+", default=[1, 2, os.cpu_count() or 1])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        racine = Path(tmp)
        ecrire(racine, args.nombre)
        for processus in dict.fromkeys(args.processus):
            debut = time.perf_counter()
            rapport = traiter_lot(racine, DATE_REFERENCE, processus)
            duree = time.perf_counter() - debut
            print(
                f"lot de {rapport.nb_dossiers} dossiers, {processus} processus : {duree:.2f} s, "
                f"{rapport.nb_dossiers / duree:.0f} dossiers/s ({rapport.nb_en_erreur} en erreur, "
                f"{rapport.nb_etape_possible} avec une étape possible, total dû {rapport.montant_du} €)"
            )


if __name__ == "__main__":
    main()
