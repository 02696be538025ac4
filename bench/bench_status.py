"""Benchmark: `status` over 10 000 generated dossiers on 2 processes (target: all of them in under 20 s).

    /work/venv/bin/python bench/bench_status.py [--nombre 10000] [--processus 2] [--yaml 300]

Each worker builds its share of varied dossiers (B2B and consumer, 1-6 invoices, partial payments with and
without an invoice named, contractual rates, 366-day base, capitalisation, mises en demeure), validates
them with the Pydantic model and computes their situation (``machine.situation`` when that module exists,
else the décompte). A sample is also written as YAML files and read back with ``charger_dossier``, to
measure loading from disk separately. Prints dossiers per second and total seconds for each phase.
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
VILLES = [("69002", "Lyon"), ("67000", "Strasbourg"), ("33000", "Bordeaux"), ("75011", "Paris"), ("97400", "Saint-Denis")]


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
    debiteur = ({"type": "personne_morale", "denomination": f"Débiteur {numero} SARL", "adresse": _adresse(alea)}
                if b2b else {"type": "personne_physique", "nom": f"Client {numero}", "adresse": _adresse(alea)})
    factures, paiements = [], []
    for i in range(alea.randint(1, 6)):
        emise = date(2023, 1, 1) + timedelta(days=alea.randint(0, 1200))
        facture = {"numero": f"F{numero}-{i}", "date": emise.isoformat(),
                   "montant": f"{alea.randint(100, 5_000_000) / 100:.2f}"}
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
    creance["penalites"] = alea.choice([None, None, {"type": "fixe", "taux": "6"}, {"type": "fixe", "taux": "15"},
                                        {"type": "bce_plus", "points": "8"}, {"type": "legal"}])
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
    return {"reference": f"B-{numero}", "creancier": creancier, "debiteurs": [debiteur], "creance": creance,
            "historique": historique, "options": options}


def _situation():
    """``machine.situation`` when it exists, else the décompte alone."""
    try:
        from procedures.machine import situation
        return situation, "machine.situation"
    except ImportError:
        from procedures.decompte import calculer_decompte
        return calculer_decompte, "decompte.calculer_decompte"


def _travail_memoire(tranche: range) -> tuple[int, float]:
    from procedures.dossier import Dossier

    calcul, _ = _situation()
    debut = time.perf_counter()
    for numero in tranche:
        calcul(Dossier.model_validate(generer(numero)), DATE_REFERENCE)
    return len(tranche), time.perf_counter() - debut


def _travail_fichiers(fichiers: list[str]) -> int:
    from procedures.dossier import charger_dossier

    calcul, _ = _situation()
    for fichier in fichiers:
        calcul(charger_dossier(fichier, DATE_REFERENCE), DATE_REFERENCE)
    return len(fichiers)


def _tranches(elements: list, parts: int) -> list[list]:
    return [elements[i::parts] for i in range(parts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=10_000)
    parser.add_argument("--processus", type=int, default=2)
    parser.add_argument("--yaml", type=int, default=300, help="dossiers also written and read back as YAML")
    args = parser.parse_args()
    _, nom = _situation()

    with ProcessPoolExecutor(args.processus) as pool:
        list(pool.map(_travail_memoire, [range(0)] * args.processus))  # start the workers, import everything
        debut = time.perf_counter()
        tranches = [list(t) for t in _tranches(list(range(args.nombre)), args.processus)]
        total = sum(n for n, _ in pool.map(_travail_memoire, tranches))
        duree = time.perf_counter() - debut
    print(f"{nom} sur {total} dossiers (validation du modèle + calcul), {args.processus} processus : "
          f"{duree:.2f} s, {total / duree:.0f} dossiers/s")

    from ruamel.yaml import YAML

    with tempfile.TemporaryDirectory() as dossier_tmp:
        yaml = YAML()
        fichiers = []
        for numero in range(args.yaml):
            chemin = Path(dossier_tmp) / f"{numero}.yaml"
            with chemin.open("w", encoding="utf-8") as flux:
                yaml.dump(generer(numero), flux)
            fichiers.append(str(chemin))
        with ProcessPoolExecutor(args.processus) as pool:
            list(pool.map(_travail_fichiers, [[]] * args.processus))
            debut = time.perf_counter()
            lus = sum(pool.map(_travail_fichiers, _tranches(fichiers, args.processus)))
            duree_yaml = time.perf_counter() - debut
    par_seconde = lus / duree_yaml
    print(f"charger_dossier (YAML) + {nom} sur {lus} fichiers, {args.processus} processus : {duree_yaml:.2f} s, "
          f"{par_seconde:.0f} dossiers/s, soit {args.nombre / par_seconde:.1f} s pour {args.nombre} fichiers")


if __name__ == "__main__":
    main()
