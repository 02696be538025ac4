"""Speed of the deadline and rate look-ups that every dossier makes (prints figures, asserts nothing).

Run: .venv/bin/python bench/bench_calendrier_taux.py
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from procedures.calendrier import DEPARTEMENTS, date_prescription, delai_jours, delai_mois  # noqa: E402
from procedures.montants import format_montant, montant_en_lettres  # noqa: E402
from procedures.taux import charger_taux  # noqa: E402

DOSSIERS = 10_000


def chrono(libelle: str, fonction) -> None:
    debut = time.perf_counter()
    fonction()
    duree = time.perf_counter() - debut
    print(f"{libelle:<55} {duree * 1000:8.1f} ms  ({duree / DOSSIERS * 1e6:6.1f} µs/dossier)")


def main() -> None:
    hasard = random.Random(42)
    departements = sorted(DEPARTEMENTS)
    cas = [
        (date(2019, 1, 1) + timedelta(days=hasard.randrange(2700)), hasard.choice(departements))
        for _ in range(DOSSIERS)
    ]
    debut = time.perf_counter()
    table = charger_taux()
    print(f"{'charger_taux() (first call, parses the CSV files)':<55} {(time.perf_counter() - debut) * 1000:8.1f} ms")

    def delais():
        for jour, dep in cas:
            delai_jours("mise en demeure", jour, 8, dep)
            delai_mois("opposition", jour, 1, dep)
            delai_mois("signification", jour, 6, dep)

    def taux():
        for jour, _ in cas:
            table.taux_penalites_defaut(jour)
            table.taux_legal(jour, creancier_particulier=False)

    def prescription():
        for jour, _ in cas:
            date_prescription(jour, 5, [jour + timedelta(days=400)])

    def montants():
        for _ in cas:
            montant = hasard.randrange(1, 10_000_000)
            format_montant(Decimal(montant) / 100)
            montant_en_lettres(Decimal(montant) / 100)

    chrono("3 deadlines (641/642 with holidays) per dossier", delais)
    chrono("2 rate look-ups per dossier", taux)
    chrono("1 prescription date per dossier", prescription)
    chrono("1 amount formatted + in words per dossier", montants)
    chrono("charger_taux() per dossier (shipped tables cached)", lambda: [charger_taux() for _ in cas])


if __name__ == "__main__":
    main()
