"""DOCX → PDF through LibreOffice, with warm converters that serve many documents.

The PDF is always rendered from the DOCX on disk, so a lawyer's edits to the DOCX are in it.

How: each instance is one headless soffice with its own throw-away profile, listening on a private
named pipe, driven by `uno_worker.py` run under the Python that has `uno` (LibreOffice's own). We drive
UNO directly rather than through unoserver's server: that server sleeps 7 s at start-up, installs signal
handlers in its process and adds an XML-RPC hop, none of which a short-lived command needs; the worker is
one small loop, and a pipe needs no free-port hunting. Where no Python can import `uno`, a batch
`soffice --convert-to` call does the same job, slower, with a warning.

Every process is started in its own session: a hang past the timeout kills the whole process group,
the document is tried once more on a fresh instance, and nothing keeps running once the converter closes.
POSIX only (process groups, select on pipes).
"""

from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Queue

from procedures.erreurs import ProcedureError
from procedures.stockage import fichier_temporaire

INSTALLATION = "apt-get install -y libreoffice-writer-nogui fonts-dejavu fonts-liberation2"
_WORKER = Path(__file__).with_name("uno_worker.py")
_EMPLACEMENTS_SOFFICE = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
# PDF/A-2b: LibreOffice's writer_pdf_Export option SelectPdfVersion=2 (PDF/A-2, conformance level B)
_FILTRE_PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
_ARRET_PROPRE = 5.0
# a first start builds the private profile: slower than any conversion, and not what `timeout` bounds
_DEMARRAGE = 120.0


class LibreOfficeAbsent(ProcedureError):
    def __init__(self) -> None:
        super().__init__(
            "LibreOffice est introuvable : les documents DOCX sont écrits, mais pas leurs PDF. "
            f"Installez-le (Debian/Ubuntu : sudo {INSTALLATION}) puis lancez `procedure pdf DOSSIER`."
        )


class ConversionEchouee(ProcedureError):
    """LibreOffice could not turn a DOCX into a PDF, even on a second try."""


class _Panne(Exception):
    """The instance hung or died: it must be restarted."""


def trouver_soffice() -> str | None:
    for nom in ("soffice", "libreoffice"):
        chemin = shutil.which(nom)
        if chemin:
            return chemin
    return next((p for p in _EMPLACEMENTS_SOFFICE if os.access(p, os.X_OK)), None)


@functools.cache
def python_uno(soffice: str) -> str | None:
    """The first interpreter that can `import uno`: LibreOffice's bundled one, then the system's."""
    programme = Path(soffice).resolve().parent
    candidats = [programme / "python", programme / "python.exe", Path(sys.executable), Path("/usr/bin/python3")]
    for python in dict.fromkeys(str(c) for c in candidats if c.is_file()):
        try:
            essai = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30)
        except subprocess.TimeoutExpired:
            continue
        if essai.returncode == 0:
            return python
    return None


def _options_soffice(profil: Path) -> list[str]:
    return [
        "--headless", "--invisible", "--nocrashreport", "--nodefault", "--nologo",
        "--nofirststartwizard", "--norestore", "--nolockcheck",
        f"-env:UserInstallation={profil.as_uri()}",
    ]


def _tuer_groupe(processus: subprocess.Popen | None) -> None:
    if processus is None:
        return
    try:
        os.killpg(processus.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    processus.wait()


def _verifier_pdf(produit: Path, docx: Path) -> None:
    with produit.open("rb") as f:
        if f.read(5) != b"%PDF-":
            raise ConversionEchouee(f"{docx} : LibreOffice n'a pas produit de PDF valide.")


def _docx(chemin: Path | str) -> Path:
    docx = Path(chemin).resolve()
    if not docx.is_file():
        raise ConversionEchouee(f"{docx} : fichier introuvable, pas de PDF produit.")
    return docx


class _Instance:
    """One soffice + its UNO worker. Not thread-safe: one document at a time."""

    def __init__(self, soffice: str, python: str, timeout: float):
        self.soffice, self.python, self.timeout = soffice, python, timeout
        self.office: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.dossier: Path | None = None
        self.tampon = b""

    def demarrer(self) -> None:
        self.dossier = Path(tempfile.mkdtemp(prefix="procedure-lo-"))
        tube = f"procedure-{uuid.uuid4().hex}"
        self.office = subprocess.Popen(
            [self.soffice, *_options_soffice(self.dossier / "profil"), f"--accept=pipe,name={tube};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        with (self.dossier / "worker.log").open("wb") as journal:
            self.worker = subprocess.Popen(
                [self.python, str(_WORKER), tube, str(_DEMARRAGE)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=journal,
                start_new_session=True, bufsize=0,
            )
        self.tampon = b""

    def attendre_pret(self) -> None:
        try:
            self._lire(_DEMARRAGE)
        except _Panne as panne:
            journal = (self.dossier / "worker.log").read_text(errors="replace").strip()[-500:]
            self.arreter(propre=False)
            raise ConversionEchouee(f"LibreOffice n'a pas démarré ({panne}). {journal}".strip()) from None

    def convertir(self, docx: Path, sortie: Path, pdfa: bool) -> str | None:
        """None when done, else LibreOffice's own error message. Raises _Panne on hang or death."""
        if self.worker is None:
            # a restart failed earlier in this batch: the caller restarts it again
            raise _Panne("LibreOffice arrêté")
        requete = json.dumps({"entree": str(docx), "sortie": str(sortie), "pdfa": pdfa})
        try:
            self.worker.stdin.write(requete.encode() + b"\n")
        except (BrokenPipeError, OSError):
            raise _Panne("LibreOffice s'est arrêté") from None
        reponse = self._lire(self.timeout)
        return reponse.get("erreur")

    def _lire(self, delai: float) -> dict:
        fd = self.worker.stdout.fileno()
        fin = time.monotonic() + delai
        while b"\n" not in self.tampon:
            reste = fin - time.monotonic()
            if reste <= 0:
                raise _Panne(f"aucune réponse en {delai:g} s")
            if select.select([fd], [], [], reste)[0]:
                bloc = os.read(fd, 65536)
                if not bloc:
                    raise _Panne("LibreOffice s'est arrêté")
                self.tampon += bloc
        ligne, _, self.tampon = self.tampon.partition(b"\n")
        return json.loads(ligne)

    def arreter(self, propre: bool = True) -> None:
        """Stop both processes; `propre=False` (a hung instance) kills them without waiting."""
        if propre and self.worker is not None:
            try:
                # end of input: the worker asks LibreOffice to terminate cleanly
                self.worker.stdin.close()
                self.worker.wait(_ARRET_PROPRE)
                self.office.wait(_ARRET_PROPRE)
            except (subprocess.TimeoutExpired, OSError):
                pass
        # groups are killed even after a clean exit: soffice.bin may outlive its launcher
        _tuer_groupe(self.worker)
        _tuer_groupe(self.office)
        if self.worker is not None:
            self.worker.stdout.close()
        self.worker = self.office = None
        if self.dossier is not None:
            shutil.rmtree(self.dossier, ignore_errors=True)
            self.dossier = None

    def redemarrer(self) -> None:
        self.arreter(propre=False)
        self.demarrer()
        self.attendre_pret()


class Convertisseur:
    """Warm DOCX → PDF converter; use as a context manager.

    with Convertisseur(instances=2, pdfa=True) as c:
        pdfs = c.convertir_lot(docx_list)

    Each PDF is written atomically next to its DOCX, with the same stem.
    """

    def __init__(self, instances: int = 1, pdfa: bool = False, timeout: float = 60.0):
        if instances < 1:
            raise ValueError("instances must be >= 1")
        self.nb_instances, self.pdfa, self.timeout = instances, pdfa, timeout
        self._libres: Queue[_Instance] = Queue()
        self._toutes: list[_Instance] = []
        self._soffice: str | None = None

    def __enter__(self) -> Convertisseur:
        self.ouvrir()
        return self

    def __exit__(self, *exc) -> None:
        self.fermer()

    def ouvrir(self) -> None:
        self._soffice = trouver_soffice()
        if self._soffice is None:
            raise LibreOfficeAbsent()
        python = python_uno(self._soffice)
        if python is None:
            warnings.warn(
                "Module Python « uno » introuvable (paquet python3-uno) : conversion par appels "
                "`soffice --convert-to`, correcte mais plus lente.",
                RuntimeWarning,
                stacklevel=3,
            )
            return
        self._toutes = [_Instance(self._soffice, python, self.timeout) for _ in range(self.nb_instances)]
        try:
            # all instances boot in parallel: start every process before waiting for any
            for instance in self._toutes:
                instance.demarrer()
            for instance in self._toutes:
                instance.attendre_pret()
                self._libres.put(instance)
        except BaseException:
            self.fermer()
            raise

    def fermer(self) -> None:
        for instance in self._toutes:
            instance.arreter()
        self._toutes = []
        self._libres = Queue()

    def convertir(self, docx: Path | str) -> Path:
        return self.convertir_lot([docx])[0]

    def convertir_lot(self, docx: Sequence[Path | str]) -> list[Path]:
        """The PDFs, in the order of `docx`. Raises ConversionEchouee naming every failed document
        once all the others are converted."""
        if self._soffice is None:
            raise RuntimeError("Convertisseur used outside its `with` block")
        chemins = [_docx(d) for d in docx]
        if not self._toutes:
            return _convertir_par_soffice(self._soffice, chemins, self.pdfa, self.timeout)
        with ThreadPoolExecutor(max_workers=len(self._toutes)) as pool:
            resultats = list(pool.map(self._convertir_un, chemins))
        echecs = [r for r in resultats if isinstance(r, ConversionEchouee)]
        if echecs:
            raise ConversionEchouee("\n".join(str(e) for e in echecs))
        return resultats

    def _convertir_un(self, docx: Path) -> Path | ConversionEchouee:
        instance = self._libres.get()
        try:
            return self._sur_instance(instance, docx)
        except ConversionEchouee as echec:
            return echec
        finally:
            self._libres.put(instance)

    def _sur_instance(self, instance: _Instance, docx: Path) -> Path:
        pdf = docx.with_suffix(".pdf")
        with fichier_temporaire(pdf) as temporaire:
            motif = ""
            for _ in range(2):
                try:
                    erreur = instance.convertir(docx, temporaire, self.pdfa)
                except _Panne as panne:
                    motif = str(panne)
                    instance.redemarrer()
                    continue
                if erreur is None:
                    _verifier_pdf(temporaire, docx)
                    return pdf
                motif = erreur
            raise ConversionEchouee(f"{docx} : LibreOffice n'a pas pu le convertir en PDF ({motif}).")


def _convertir_par_soffice(soffice: str, docx: list[Path], pdfa: bool, timeout: float) -> list[Path]:
    """Fallback without `uno`: one `soffice --convert-to` call per folder (outputs are named by stem)."""
    par_dossier: dict[Path, list[Path]] = {}
    for d in docx:
        par_dossier.setdefault(d.parent, []).append(d)
    for dossier, documents in par_dossier.items():
        travail = Path(tempfile.mkdtemp(dir=dossier, prefix=".procedure-pdf-"))
        profil = Path(tempfile.mkdtemp(prefix="procedure-lo-"))
        try:
            commande = [
                soffice, *_options_soffice(profil), "--convert-to", _FILTRE_PDFA if pdfa else "pdf",
                "--outdir", str(travail), *map(str, documents),
            ]
            _lancer_avec_delai(commande, timeout * len(documents))
            for d in documents:
                produit = travail / f"{d.stem}.pdf"
                if not produit.is_file():
                    raise ConversionEchouee(f"{d} : LibreOffice n'a pas pu le convertir en PDF.")
                _verifier_pdf(produit, d)
                # the work folder is inside the document's: this rename is atomic
                os.replace(produit, d.with_suffix(".pdf"))
        finally:
            shutil.rmtree(travail, ignore_errors=True)
            shutil.rmtree(profil, ignore_errors=True)
    return [d.with_suffix(".pdf") for d in docx]


def _lancer_avec_delai(commande: list[str], delai: float) -> None:
    for essai in range(2):
        processus = subprocess.Popen(
            commande, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            processus.wait(delai)
            return
        except subprocess.TimeoutExpired:
            if essai == 1:
                raise ConversionEchouee(f"LibreOffice n'a pas terminé en {delai:g} s.") from None
        finally:
            _tuer_groupe(processus)


def docx_vers_pdf(docx: Iterable[Path | str], pdfa: bool = False, timeout: float = 60.0) -> list[Path]:
    """One-shot conversion: one warm instance per core (at most one per document), then nothing left."""
    chemins = list(docx)
    if not chemins:
        return []
    instances = max(1, min(os.cpu_count() or 1, len(chemins)))
    with Convertisseur(instances=instances, pdfa=pdfa, timeout=timeout) as convertisseur:
        return convertisseur.convertir_lot(chemins)
