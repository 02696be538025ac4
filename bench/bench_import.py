"""Import speed: a ledger CSV of 5 000 rows over 500 debtors (`importer`), and 20 Factur-X invoices (`init`).

Prints the wall time of each, best of 3 runs in fresh folders.
Run: .venv/bin/python bench/bench_import.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from stdnum import luhn

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE / "tests"))

from factures import cii, facturx  # noqa: E402

from procedures import creer_depuis_factures, importer_csv  # noqa: E402

ESSAIS = 3
DATE = dt.date(2026, 1, 15)
CREANCIER = (
    'type: personne_morale\ndenomination: "Atelier Dubois"\nsiren: "123456782"\n'
    'adresse: {ligne1: "12 rue de la République", code_postal: "69002", ville: Lyon}\n'
)


def csv(lignes: int, debiteurs: int) -> str:
    sortie = ["Client;SIREN;Adresse;Code postal;Ville;N° facture;Date facture;Échéance;Montant TTC;Réglé"]
    for rang in range(lignes):
        k = rang % debiteurs
        base = f"{30000000 + k * 7:08d}"
        date = dt.date(2025, 1 + rang % 9, 1 + rang % 27)
        montant = f"{Decimal(1000 + rang % 997) + Decimal('0.5'):.2f}".replace(".", ",")
        sortie.append(
            f"Client {k};{base}{luhn.calc_check_digit(base)};{k} rue de la Paix;75002;Paris;F{rang};"
            f"{date:%d/%m/%Y};{date + dt.timedelta(days=30):%d/%m/%Y};{montant};"
        )
    return "\r\n".join(sortie) + "\r\n"


def meilleur(action) -> float:
    durees = []
    for _ in range(ESSAIS):
        with tempfile.TemporaryDirectory() as dossier:
            debut = time.perf_counter()
            action(Path(dossier))
            durees.append(time.perf_counter() - debut)
    return min(durees)


def main() -> None:
    with tempfile.TemporaryDirectory() as sources:
        sources = Path(sources)
        (sources / "balance.csv").write_text(csv(5000, 500), encoding="utf-8-sig")
        (sources / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
        factures = [facturx(sources / f"F{n}.pdf", cii(numero=f"F{n}")) for n in range(20)]
        duree = meilleur(
            lambda d: importer_csv(d / "r", sources / "balance.csv", sources / "creancier.yaml", date_reference=DATE)
        )
        print(
            f"importer : 5 000 lignes, 500 débiteurs → 500 dossiers en {duree:.2f} s "
            f"({duree / 500 * 1000:.1f} ms par dossier)"
        )
        duree = meilleur(lambda d: creer_depuis_factures(d / "d", factures, DATE))
        print(
            f"init --facture : 20 factures Factur-X → 1 dossier en {duree:.2f} s "
            f"({duree / 20 * 1000:.1f} ms par facture)"
        )


if __name__ == "__main__":
    main()
