"""Benchmark: `procedure lot --generer` against raw LibreOffice, the read-only `lot` on 10 000 dossiers, `next`.

    .venv/bin/python bench/bench_lot_generer.py [--nombre 200] [--processus 2] [--lecture 10000]

1. N dossiers at the mise en demeure step (copies of exemples/b2b, each its own reference and debtor), run
   as a user would: `procedure lot RACINE --generer --processus P --date 2026-06-30 --json`. Then the same
   DOCX converted by P parallel raw `soffice --convert-to pdf` calls (at most 200 files per call: one call
   given 400 files once stopped after 246 and still exited 0), and by the tool's converter alone
   (`Convertisseur`, P instances). Prints documents per second and both ratios to raw LibreOffice
   (targets: whole run ≤ 1.4×, conversion ≤ 1.1×), and counts every PDF.
2. The read-only `lot` over `--lecture` dossiers (those of bench_status.py): table (to a file, and on a
   terminal through `script`) and --json, on 1 and 2 processes.
3. `procedure next` on one dossier (DOCX + PDF) against one raw `soffice` call on the same DOCX.

Raw calls get a ready profile (a copy of the tool's kept one), so they are timed at their best. The
machine's load (uptime) is printed before and after: on a shared machine, figures move with it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RACINE_PROJET = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE_PROJET))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from procedures.pdf import Convertisseur, profil_modele, trouver_soffice  # noqa: E402

PROCEDURE = str(Path(sys.executable).with_name("procedure"))
DATE = "2026-06-30"
PAR_APPEL = 200


def charge() -> str:
    """Load averages over 1, 5 and 15 minutes, as uptime prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def chrono(commande: list[str], **options) -> tuple[float, subprocess.CompletedProcess]:
    debut = time.perf_counter()
    resultat = subprocess.run(commande, capture_output=True, **options)
    return time.perf_counter() - debut, resultat


def portefeuille(racine: Path, nombre: int) -> None:
    modele = RACINE_PROJET / "exemples" / "b2b"
    texte = (modele / "dossier.yaml").read_text(encoding="utf-8")
    for numero in range(nombre):
        dossier = racine / f"{numero:04d}"
        shutil.copytree(modele / "pieces", dossier / "pieces")
        (dossier / "dossier.yaml").write_text(
            texte.replace('reference: "2026-0042"', f'reference: "B-{numero:04d}"').replace(
                "Boulangerie « Le Fournil » SAS", f"Boulangerie « Le Fournil n° {numero} » SAS"
            ),
            encoding="utf-8",
        )


def soffice_brut(documents: list[Path], sortie: Path, processus: int, profil: Path | None) -> float:
    """`processus` raw calls in parallel, each on its share, at most PAR_APPEL files per call."""
    soffice = trouver_soffice()
    parts = [documents[i::processus] for i in range(processus)]

    def appels(numero: int, part: list[Path]) -> None:
        instance = sortie.parent / f"profil-brut-{numero}"
        if profil is not None and not instance.exists():
            shutil.copytree(profil, instance)
        for debut in range(0, len(part), PAR_APPEL):
            subprocess.run(
                [
                    soffice,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation={instance.as_uri()}",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(sortie),
                    *map(str, part[debut : debut + PAR_APPEL]),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    debut = time.perf_counter()
    with ThreadPoolExecutor(processus) as pool:
        list(pool.map(appels, range(processus), parts))
    return time.perf_counter() - debut


def generation(racine: Path, nombre: int, processus: int) -> None:
    print(f"\n== lot --generer : {nombre} dossiers à l'étape mise en demeure, {processus} processus ==")
    portefeuille(racine / "lot", nombre)
    duree, resultat = chrono(
        [PROCEDURE, "lot", str(racine / "lot"), "--generer", "--processus", str(processus), "--date", DATE, "--json"]
    )
    rapport = json.loads(resultat.stdout)
    docx = sorted((racine / "lot").glob("*/sortie/mise_en_demeure/*.docx"))
    pdfs = sorted((racine / "lot").glob("*/sortie/mise_en_demeure/*.pdf"))
    documents = rapport["totaux"]["documents"]
    print(
        f"outil (tout compris : démarrage, rendu DOCX, conversion, écriture) : {duree:.1f} s, "
        f"{documents / duree:.2f} documents/s ; {rapport['totaux'].get('genere', 0)} dossiers générés, "
        f"{len(docx)} DOCX, {len(pdfs)} PDF (attendu {2 * nombre}), code de sortie {resultat.returncode}"
    )

    brut = racine / "brut"
    (brut / "entree").mkdir(parents=True)
    copies = [Path(shutil.copy2(d, brut / "entree" / d.name)) for d in docx]
    profil = profil_modele(trouver_soffice())
    duree_brute = soffice_brut(copies, brut / "sortie", processus, profil)
    pdfs_bruts = len(list((brut / "sortie").glob("*.pdf")))
    print(
        f"soffice --convert-to brut ({processus} appels en parallèle, ≤ {PAR_APPEL} fichiers par appel) : "
        f"{duree_brute:.1f} s, {len(copies) / duree_brute:.2f} documents/s, {pdfs_bruts} PDF"
    )

    nous = racine / "convertisseur"
    nous.mkdir()
    copies = [Path(shutil.copy2(d, nous / d.name)) for d in docx]
    debut = time.perf_counter()
    with Convertisseur(instances=processus) as convertisseur:
        convertisseur.convertir_lot(copies)
    duree_conversion = time.perf_counter() - debut
    pdfs_nous = len(list(nous.glob("*.pdf")))
    print(
        f"conversion seule par l'outil (Convertisseur, {processus} instances, démarrage compris) : "
        f"{duree_conversion:.1f} s, {len(copies) / duree_conversion:.2f} documents/s, {pdfs_nous} PDF"
    )
    print(f"ratio outil entier / brut : {duree / duree_brute:.2f}×  (objectif ≤ 1,4×)")
    print(f"ratio conversion de l'outil / brut : {duree_conversion / duree_brute:.2f}×  (objectif ≤ 1,1×)")


def lecture(racine: Path, nombre: int) -> None:
    from bench_lot import ecrire

    print(f"\n== lot en lecture seule : {nombre} dossiers ==")
    dossiers = racine / "lecture"
    dossiers.mkdir()
    ecrire(dossiers, nombre)
    terminal = shutil.which("script")
    for processus in (1, 2):
        base = [PROCEDURE, "lot", str(dossiers), "--date", DATE, "--processus", str(processus)]
        mesures = {"tableau (vers un fichier)": chrono(base)[0], "--json": chrono([*base, "--json"])[0]}
        if terminal:
            # on a terminal (a pseudo-terminal here) the table shows the most urgent rows only
            commande = " ".join(base) + " > /dev/tty"
            mesures["tableau (terminal)"] = chrono(
                [terminal, "-qec", commande, "/dev/null"], env={**os.environ, "COLUMNS": "120"}
            )[0]
        print(f"{processus} processus : " + ", ".join(f"{nom} {duree:.1f} s" for nom, duree in mesures.items()))


def suivant(racine: Path) -> None:
    print("\n== next sur un dossier (DOCX + PDF) ==")
    portefeuille(racine / "seul", 1)
    dossier = racine / "seul" / "0000" / "dossier.yaml"
    duree, resultat = chrono([PROCEDURE, "next", str(dossier), "--date", DATE])
    docx = sorted(dossier.parent.glob("sortie/mise_en_demeure/*.docx"))
    brut = racine / "seul-brut"
    brut.mkdir()
    copies = [Path(shutil.copy2(d, brut / d.name)) for d in docx]
    duree_brute = soffice_brut(copies, brut / "sortie", 1, profil_modele(trouver_soffice()))
    print(
        f"procedure next : {duree:.2f} s (code {resultat.returncode}) ; soffice brut sur ses {len(copies)} DOCX : "
        f"{duree_brute:.2f} s ; ratio {duree / duree_brute:.2f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=200)
    parser.add_argument("--processus", type=int, default=2)
    parser.add_argument("--lecture", type=int, default=10000, help="0 : sans la partie lecture seule")
    args = parser.parse_args()
    print(f"charge (uptime) au début : {charge()}, {os.cpu_count()} cœurs")
    with tempfile.TemporaryDirectory(prefix="bench-lot-") as tmp:
        racine = Path(tmp)
        suivant(racine)
        generation(racine, args.nombre, args.processus)
        if args.lecture:
            lecture(racine, args.lecture)
    print(f"\ncharge (uptime) à la fin : {charge()}")


if __name__ == "__main__":
    main()
