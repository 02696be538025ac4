"""Benchmark: `status` over 10 000 generated dossiers on 2 processes (target: all of them in under 20 s).

    .venv/bin/python bench/bench_status.py [--nombre 10000] [--processus 2]

Each worker writes its share of varied dossiers as YAML files (B2B and consumer, 1-6 invoices, partial
payments with and without an invoice named, contractual rates, 366-day base, capitalisation, mises en
demeure); then, timed, each file is read with ``charger_dossier`` and its situation computed
(``machine.situation`` when that module exists, else the décompte): what ``procedure status`` does. That is
the headline figure. A second, in-memory line validates the same data with the Pydantic model without
parsing any file, to show how the time splits between reading and computing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATE_REFERENCE = date(2026, 6, 30)
VILLES = [
    ("69002", "Lyon"),
    ("67000", "Strasbourg"),
    ("33000", "Bordeaux"),
    ("75011", "Paris"),
    ("97400", "Saint-Denis"),
]


def _adresse(alea: random.Random) -> dict:
    code_postal, ville = alea.choice(VILLES)
    return {"ligne1": f"{alea.randint(1, 99)} rue de la Paix", "code_postal": code_postal, "ville": ville}


def generer(numero: int) -> dict:
    """One varied, valid dossier as the data a YAML file would hold; deterministic per ``numero``."""
    alea = random.Random(numero)
    b2b = alea.random() < 0.7
    creancier = {"type": "personne_morale", "denomination": f"Créancier {numero} SAS", "adresse": _adresse(alea)}
    if alea.random() < 0.1:
        creancier = {"type": "personne_physique", "nom": f"Particulier {numero}", "adresse": _adresse(alea)}
    debiteur = (
        {"type": "personne_morale", "denomination": f"Débiteur {numero} SARL", "adresse": _adresse(alea)}
        if b2b
        else {"type": "personne_physique", "nom": f"Client {numero}", "adresse": _adresse(alea)}
    )
    factures, paiements = [], []
    for i in range(alea.randint(1, 6)):
        emise = date(2023, 1, 1) + timedelta(days=alea.randint(0, 1200))
        facture = {
            "numero": f"F{numero}-{i}",
            "date": emise.isoformat(),
            "montant": f"{alea.randint(100, 5_000_000) / 100:.2f}",
        }
        if alea.random() < 0.9:
            facture["echeance"] = (emise + timedelta(days=alea.choice([0, 15, 30, 45, 60, 75]))).isoformat()
        factures.append(facture)
    premiere = min(date.fromisoformat(f["date"]) for f in factures)
    for _ in range(alea.randint(0, 4)):
        jour = premiere + timedelta(days=alea.randint(0, (DATE_REFERENCE - premiere).days))
        paiement = {"date": jour.isoformat(), "montant": f"{alea.randint(100, 2_000_000) / 100:.2f}"}
        if alea.random() < 0.5:
            paiement["facture"] = alea.choice(factures)["numero"]
        paiements.append(paiement)
    creance = {"fondement": "Contrat", "factures": factures, "paiements": paiements}
    creance["penalites"] = alea.choice(
        [
            None,
            None,
            {"type": "fixe", "taux": "6"},
            {"type": "fixe", "taux": "15"},
            {"type": "bce_plus", "points": "8"},
            {"type": "legal"},
        ]
    )
    if creance["penalites"] is None:
        del creance["penalites"]
    if alea.random() < 0.2:
        creance["clause_penale"] = "500.00"
    historique = []
    if alea.random() < 0.7:
        envoi = max(date.fromisoformat(f["date"]) for f in factures) + timedelta(days=alea.randint(20, 90))
        if envoi < DATE_REFERENCE - timedelta(days=5):
            historique.append({"date": envoi.isoformat(), "evenement": "mise_en_demeure_envoyee", "mode": "lrar"})
            historique.append({"date": (envoi + timedelta(days=3)).isoformat(), "evenement": "mise_en_demeure_recue"})
    options = {"base_annuelle": alea.choice(["365", "365", "366_bissextile"]), "capitalisation": alea.random() < 0.1}
    return {
        "reference": f"B-{numero}",
        "creancier": creancier,
        "debiteurs": [debiteur],
        "creance": creance,
        "historique": historique,
        "options": options,
    }


def _situation():
    """``machine.situation`` when it exists, else the décompte alone."""
    try:
        from procedures.machine import situation

        return situation, "machine.situation"
    except ImportError:
        from procedures.decompte import calculer_decompte

        return calculer_decompte, "decompte.calculer_decompte"


def _travail_memoire(numeros: list[int]) -> int:
    from procedures.dossier import Dossier

    calcul, _ = _situation()
    for numero in numeros:
        calcul(Dossier.model_validate(generer(numero)), DATE_REFERENCE)
    return len(numeros)


def _travail_fichiers(fichiers: list[str]) -> int:
    from procedures.dossier import charger_dossier

    calcul, _ = _situation()
    for fichier in fichiers:
        calcul(charger_dossier(fichier, DATE_REFERENCE), DATE_REFERENCE)
    return len(fichiers)


def _ecrire(travail: tuple[str, list[int]]) -> list[str]:
    from ruamel.yaml import YAML

    dossier, numeros = travail
    yaml = YAML()
    fichiers = []
    for numero in numeros:
        chemin = Path(dossier) / f"{numero}.yaml"
        with chemin.open("w", encoding="utf-8") as flux:
            yaml.dump(generer(numero), flux)
        fichiers.append(str(chemin))
    return fichiers


def _tranches(elements: list, parts: int) -> list[list]:
    return [elements[i::parts] for i in range(parts)]


def _chronometrer(pool: ProcessPoolExecutor, travail, tranches: list[list]) -> tuple[int, float]:
    """Dossiers done and seconds taken; every worker has imported everything before the clock starts."""
    list(pool.map(travail, [[]] * len(tranches)))
    debut = time.perf_counter()
    total = sum(pool.map(travail, tranches))
    return total, time.perf_counter() - debut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=10_000)
    parser.add_argument("--processus", type=int, default=2)
    args = parser.parse_args()
    _, nom = _situation()
    numeros = list(range(args.nombre))

    with tempfile.TemporaryDirectory() as dossier_tmp, ProcessPoolExecutor(args.processus) as pool:
        fichiers = [
            f for lot in pool.map(_ecrire, [(dossier_tmp, t) for t in _tranches(numeros, args.processus)]) for f in lot
        ]
        lus, duree = _chronometrer(pool, _travail_fichiers, _tranches(fichiers, args.processus))
        print(
            f"charger_dossier (YAML) + {nom} sur {lus} fichiers, {args.processus} processus : "
            f"{duree:.2f} s, {lus / duree:.0f} dossiers/s (cible : moins de 20 s pour 10 000)"
        )
        total, duree = _chronometrer(pool, _travail_memoire, _tranches(numeros, args.processus))
        print(
            f"  dont, sans lecture de fichier : validation du modèle + {nom} sur {total} dossiers : "
            f"{duree:.2f} s, {total / duree:.0f} dossiers/s"
        )


if __name__ == "__main__":
    main()
