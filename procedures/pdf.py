"""DOCX → PDF through LibreOffice, with warm converters that serve many documents.

The PDF is always rendered from the DOCX on disk, so a lawyer's edits to the DOCX are in it.

How: each instance is one headless soffice with its own profile (a copy of a profile kept once for all
runs), listening on a private named pipe, driven by `uno_worker.py` run under the Python that has `uno`
(LibreOffice's own, found once and remembered). We drive UNO directly rather than through unoserver's
server: that server sleeps 7 s at start-up, installs signal handlers in its process and adds an XML-RPC
hop, none of which a short-lived command needs; the worker is one small loop, and a pipe needs no
free-port hunting. Where no Python can import `uno`, a batch `soffice --convert-to` call does the same
job, slower, with a warning.

Nothing is left behind, whatever happens:
- every process starts in its own session (process group); stopping an instance kills its groups;
- a LibreOffice that dies or never answers at start is reported at once (its exit is watched), not after
  a long wait;
- SIGTERM and SIGHUP stop the run like Ctrl-C does, so instances are stopped on the way out; at exit,
  whatever is still running is killed;
- the UNO worker watches its parent: if the tool is killed outright, it kills its soffice;
- each instance's folder names its owner process: a later run removes the folders (and kills the
  processes) of runs that died.
POSIX only (process groups, select on pipes).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
import weakref
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from queue import Queue

from procedures.erreurs import ProcedureError
from procedures.stockage import ecrire_atomique, fichier_temporaire

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
# A letter converts in well under a second, a long décompte in a few: past this, LibreOffice is stuck.
DELAI_DOCUMENT = 30.0
# From a kept profile a start takes about a second, a few on a loaded machine: past this, it never will.
DEMARRAGE = 30.0
_SCRUTATION = 0.1
PREFIXE_INSTANCE = "procedure-lo-"
_PROPRIETAIRE = "proprietaire"
# A folder whose owner file is missing this long after creation was not left by a run still starting.
_AGE_SANS_PROPRIETAIRE = 3600.0
# A LibreOffice start costs about as much as converting this many letters: fewer documents per extra
# instance and starting it costs more than it saves.
DOCUMENTS_PAR_INSTANCE = 4


class LibreOfficeAbsent(ProcedureError):
    def __init__(self) -> None:
        super().__init__(
            "LibreOffice est introuvable : les documents DOCX sont écrits, mais pas leurs PDF. "
            f"Installez-le (Debian/Ubuntu : sudo {INSTALLATION}) puis lancez `procedure pdf DOSSIER`."
        )


class ConversionEchouee(ProcedureError):
    """LibreOffice could not turn a DOCX into a PDF, or did not start."""


class _Panne(Exception):
    """The instance hung or died: it must be restarted."""

    def __init__(self, motif: str, bloque: bool = False):
        super().__init__(motif)
        # a hang on one document would most likely hang again: that document is not tried twice
        self.bloque = bloque


def trouver_soffice() -> str | None:
    for nom in ("soffice", "libreoffice"):
        chemin = shutil.which(nom)
        if chemin:
            return chemin
    return next((p for p in _EMPLACEMENTS_SOFFICE if os.access(p, os.X_OK)), None)


def repertoire_cache() -> Path:
    """Where things worth keeping between runs go: $XDG_CACHE_HOME/procedure (~/.cache/procedure)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "procedure"


def _signature(chemin: str) -> str:
    """Changes when that program is upgraded or replaced: the key of what is cached about it."""
    reel = Path(chemin).resolve()
    etat = reel.stat()
    return f"{reel}:{etat.st_size}:{etat.st_mtime_ns}"


@functools.cache
def python_uno(soffice: str) -> str | None:
    """The first interpreter that can `import uno`: LibreOffice's bundled one, then the system's.

    Trying costs a Python start each: the answer is remembered on disk until LibreOffice changes."""
    cache = repertoire_cache() / "python-uno.json"
    cle = _signature(soffice)
    with contextlib.suppress(OSError, ValueError):
        memorise = json.loads(cache.read_text(encoding="utf-8"))
        if memorise.get("soffice") == cle and Path(memorise["python"]).is_file():
            return memorise["python"]
    python = _chercher_python_uno(soffice)
    if python is not None:
        with contextlib.suppress(OSError):
            ecrire_atomique(cache, json.dumps({"soffice": cle, "python": python}))
    return python


def _chercher_python_uno(soffice: str) -> str | None:
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
        "--headless",
        "--invisible",
        "--nocrashreport",
        "--nodefault",
        "--nologo",
        "--nofirststartwizard",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profil.as_uri()}",
    ]


def _lancer(commande: list[str], **options) -> subprocess.Popen:
    """A process in its own session: its whole group can be killed, and a terminal's Ctrl-C never reaches it."""
    return subprocess.Popen(commande, start_new_session=True, **options)


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


# -- processes and folders outliving their run -----------------------------------------------------


def _debut_processus(pid: int) -> str | None:
    """The start time of a process (Linux), so that a reused pid is not taken for the dead owner."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _marque_proprietaire() -> str:
    return f"{os.getpid()} {_debut_processus(os.getpid()) or ''}"


def _proprietaire_vivant(marque: str) -> bool:
    pid_texte, _, debut = marque.partition(" ")
    try:
        pid = int(pid_texte)
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return not debut or _debut_processus(pid) == debut


def _tuer_processus_utilisant(dossier: Path) -> None:
    """Kill the process groups whose command line names `dossier` (soffice started with that profile)."""
    motif = dossier.as_uri().encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if motif in cmdline.read_bytes():
                os.killpg(int(cmdline.parent.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def nettoyer_orphelins(temporaire: Path | None = None) -> list[Path]:
    """Remove the instance folders (profiles) of runs that died without cleaning up, after killing any
    LibreOffice still using them. Returns the folders removed."""
    racine = Path(temporaire or tempfile.gettempdir())
    retires = []
    for dossier in racine.glob(PREFIXE_INSTANCE + "*"):
        try:
            if not dossier.is_dir() or dossier.is_symlink() or dossier.stat().st_uid != os.getuid():
                continue
            marque = (dossier / _PROPRIETAIRE).read_text()
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                if time.time() - dossier.stat().st_mtime < _AGE_SANS_PROPRIETAIRE:
                    continue
            marque = ""
        except OSError:
            continue
        if marque and _proprietaire_vivant(marque):
            continue
        _tuer_processus_utilisant(dossier)
        shutil.rmtree(dossier, ignore_errors=True)
        retires.append(dossier)
    return retires


_INSTANCES_VIVANTES: weakref.WeakSet[_Instance] = weakref.WeakSet()


@atexit.register
def _tout_arreter() -> None:
    """The last resort at interpreter exit: no instance outlives the tool."""
    for instance in list(_INSTANCES_VIVANTES):
        instance.arreter()


class _ArretDemande(SystemExit):
    """SIGTERM or SIGHUP: unwind like Ctrl-C, so that every `with Convertisseur` stops its instances."""


def _sur_signal(numero, _trame) -> None:
    raise _ArretDemande(128 + numero)


class _Signaux:
    """SIGTERM/SIGHUP handlers held while at least one converter is open (main thread only; a signal
    handler can only be set there, and a handler someone else set is left alone)."""

    _verrou = threading.Lock()
    _ouverts = 0
    _anciens: dict[int, object] = {}

    @classmethod
    def prendre(cls) -> bool:
        if threading.current_thread() is not threading.main_thread():
            return False
        with cls._verrou:
            if cls._ouverts == 0:
                cls._anciens = {}
                for numero in (signal.SIGTERM, signal.SIGHUP):
                    if signal.getsignal(numero) is signal.SIG_DFL:
                        cls._anciens[numero] = signal.signal(numero, _sur_signal)
            cls._ouverts += 1
        return True

    @classmethod
    def rendre(cls) -> None:
        with cls._verrou:
            cls._ouverts -= 1
            if cls._ouverts == 0:
                for numero, ancien in cls._anciens.items():
                    signal.signal(numero, ancien)
                cls._anciens = {}


# -- the kept profile ------------------------------------------------------------------------------


_verrou_profil = threading.Lock()


def profil_modele(soffice: str, delai: float = DEMARRAGE) -> Path | None:
    """A LibreOffice profile made once per LibreOffice version, copied for each instance: a fresh profile
    costs every start its creation. None when it cannot be kept (no writable cache: instances then make
    their own). Making it is a first start: a LibreOffice that fails it or hangs past `delai` is reported
    here, at once."""
    with _verrou_profil:
        cle = hashlib.sha256(_signature(soffice).encode()).hexdigest()[:16]
        modele = repertoire_cache() / f"profil-libreoffice-{cle}"
        if (modele / "user").is_dir():
            return modele
        try:
            modele.parent.mkdir(parents=True, exist_ok=True)
            travail = Path(tempfile.mkdtemp(prefix=".profil-", dir=modele.parent))
        except OSError:
            return None
        try:
            _lancer_avec_delai(
                [soffice, *_options_soffice(travail), "--terminate_after_init"], delai, "n'a pas démarré"
            )
            if not (travail / "user").is_dir():
                return None
            with contextlib.suppress(OSError):
                # another run may have made it meanwhile: theirs is as good
                travail.rename(modele)
            return modele if (modele / "user").is_dir() else None
        finally:
            shutil.rmtree(travail, ignore_errors=True)


# -- one instance ----------------------------------------------------------------------------------


class _Instance:
    """One soffice + its UNO worker. Not thread-safe: one document at a time."""

    def __init__(
        self, soffice: str, python: str, timeout: float, profil: Path | None = None, demarrage: float = DEMARRAGE
    ):
        self.soffice, self.python, self.timeout = soffice, python, timeout
        self.profil, self.demarrage = profil, demarrage
        self.office: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.dossier: Path | None = None
        self.tampon = b""

    def demarrer(self) -> None:
        self.dossier = Path(tempfile.mkdtemp(prefix=PREFIXE_INSTANCE))
        (self.dossier / _PROPRIETAIRE).write_text(_marque_proprietaire())
        _INSTANCES_VIVANTES.add(self)
        profil = self.dossier / "profil"
        if self.profil is not None:
            with contextlib.suppress(OSError):
                shutil.copytree(self.profil, profil, symlinks=True)
        tube = f"procedure-{uuid.uuid4().hex}"
        # its temporary files too go in the instance folder, removed with it even after a kill
        self.office = _lancer(
            [self.soffice, *_options_soffice(profil), f"--accept=pipe,name={tube};urp;"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": str(self.dossier)},
        )
        with (self.dossier / "worker.log").open("wb") as journal:
            self.worker = _lancer(
                [self.python, str(_WORKER), tube, str(self.demarrage), str(self.office.pid)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=journal,
                bufsize=0,
            )
        self.tampon = b""

    def attendre_pret(self) -> None:
        try:
            self._lire(self.demarrage, demarrage=True)
        except _Panne as panne:
            journal = (self.dossier / "worker.log").read_text(errors="replace").strip()[-300:]
            self.arreter()
            detail = f" Détail : {journal}" if journal else ""
            raise ConversionEchouee(
                f"LibreOffice ({self.soffice}) n'a pas démarré : {panne}. Vérifiez l'installation "
                f"(Debian/Ubuntu : sudo {INSTALLATION}).{detail}"
            ) from None

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

    def _lire(self, delai: float, demarrage: bool = False) -> dict:
        """The next answer line; watches both processes meanwhile, so a death is known at once."""
        fd = self.worker.stdout.fileno()
        fin = time.monotonic() + delai
        while b"\n" not in self.tampon:
            reste = fin - time.monotonic()
            if reste <= 0:
                raise _Panne(f"aucune réponse en {delai:g} s", bloque=not demarrage)
            if select.select([fd], [], [], min(reste, _SCRUTATION))[0]:
                bloc = os.read(fd, 65536)
                if not bloc:
                    raise _Panne(f"LibreOffice s'est arrêté{self._code_sortie()}")
                self.tampon += bloc
            elif self.office.poll() is not None:
                raise _Panne(f"LibreOffice s'est arrêté{self._code_sortie()}")
        ligne, _, self.tampon = self.tampon.partition(b"\n")
        return json.loads(ligne)

    def _code_sortie(self) -> str:
        code = self.office.poll() if self.office else None
        return f" (code de sortie {code})" if code is not None else ""

    def arreter(self) -> None:
        """Kill both process groups (soffice.bin may outlive its launcher). Nothing of LibreOffice's is
        worth a clean exit: its profile and temporary files are in the instance folder, removed here, and
        the PDFs are already complete; waiting for it to terminate cost tenths of a second per `next`."""
        _tuer_groupe(self.worker)
        _tuer_groupe(self.office)
        if self.worker is not None:
            self.worker.stdin.close()
            self.worker.stdout.close()
        self.worker = self.office = None
        if self.dossier is not None:
            shutil.rmtree(self.dossier, ignore_errors=True)
            self.dossier = None
        _INSTANCES_VIVANTES.discard(self)

    def redemarrer(self) -> None:
        self.arreter()
        self.demarrer()
        self.attendre_pret()


def instances_utiles(documents: int, coeurs: int | None = None) -> int:
    """One instance per core only when there are enough documents for each to pay for its start."""
    coeurs = coeurs or os.cpu_count() or 1
    return max(1, min(coeurs, documents // DOCUMENTS_PAR_INSTANCE))


class Convertisseur:
    """Warm DOCX → PDF converter; use as a context manager. Thread-safe: `convertir_lot` may be called
    from several threads at once, each document going to the next free instance.

    with Convertisseur(instances=2, pdfa=True) as c:
        pdfs = c.convertir_lot(docx_list)

    Each PDF is written atomically next to its DOCX, with the same stem.
    """

    def __init__(
        self, instances: int = 1, pdfa: bool = False, timeout: float = DELAI_DOCUMENT, demarrage: float = DEMARRAGE
    ):
        if instances < 1:
            raise ValueError("instances must be >= 1")
        self.nb_instances, self.pdfa, self.timeout, self.demarrage = instances, pdfa, timeout, demarrage
        self._libres: Queue[_Instance] = Queue()
        self._toutes: list[_Instance] = []
        self._soffice: str | None = None
        self._signaux = False

    def __enter__(self) -> Convertisseur:
        self.ouvrir()
        return self

    def __exit__(self, *exc) -> None:
        self.fermer()

    def ouvrir(self) -> None:
        self._soffice = trouver_soffice()
        if self._soffice is None:
            raise LibreOfficeAbsent()
        self._signaux = _Signaux.prendre()
        try:
            nettoyer_orphelins()
            python = python_uno(self._soffice)
            if python is None:
                warnings.warn(
                    "Module Python « uno » introuvable (paquet python3-uno) : conversion par appels "
                    "`soffice --convert-to`, correcte mais plus lente.",
                    RuntimeWarning,
                    stacklevel=3,
                )
                return
            profil = profil_modele(self._soffice, self.demarrage)
            self._toutes = [
                _Instance(self._soffice, python, self.timeout, profil, self.demarrage) for _ in range(self.nb_instances)
            ]
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
        if self._signaux:
            _Signaux.rendre()
            self._signaux = False

    def convertir(self, docx: Path | str) -> Path:
        return self.convertir_lot([docx])[0]

    def convertir_lot(
        self, docx: Sequence[Path | str], progression: Callable[[int, int], None] | None = None
    ) -> list[Path]:
        """The PDFs, in the order of `docx`. Raises ConversionEchouee naming every failed document
        once all the others are converted. Once one document has hung past the timeout, the documents of
        the batch not yet started are not tried: they are most likely made from the same data (a letter
        and its décompte), and each would cost the whole timeout again. `progression(faits, total)` is
        called as each one ends."""
        if self._soffice is None:
            raise RuntimeError("Convertisseur used outside its `with` block")
        chemins = [_docx(d) for d in docx]
        if not self._toutes:
            pdfs = _convertir_par_soffice(self._soffice, chemins, self.pdfa, self.timeout, self.demarrage)
            if progression:
                progression(len(chemins), len(chemins))
            return pdfs
        bloque = threading.Event()
        if len(chemins) == 1:
            resultats = [self._convertir_un(chemins[0], bloque)]
            if progression:
                progression(1, 1)
        else:
            with ThreadPoolExecutor(max_workers=min(len(self._toutes), len(chemins))) as pool:
                futurs = [pool.submit(self._convertir_un, chemin, bloque) for chemin in chemins]
                for faits, _ in enumerate(as_completed(futurs), 1):
                    if progression:
                        progression(faits, len(chemins))
                resultats = [futur.result() for futur in futurs]
        echecs = [r for r in resultats if isinstance(r, ConversionEchouee)]
        if echecs:
            raise ConversionEchouee("\n".join(str(e) for e in echecs))
        return resultats

    def _convertir_un(self, docx: Path, bloque: threading.Event) -> Path | ConversionEchouee:
        instance = self._libres.get()
        try:
            if bloque.is_set():
                return ConversionEchouee(
                    f"{docx} : pas converti, LibreOffice ayant dépassé le délai sur un autre document du même lot."
                )
            return self._sur_instance(instance, docx, bloque)
        except ConversionEchouee as echec:
            return echec
        finally:
            self._libres.put(instance)

    def _sur_instance(self, instance: _Instance, docx: Path, bloque: threading.Event) -> Path:
        pdf = docx.with_suffix(".pdf")
        with fichier_temporaire(pdf) as temporaire:
            motif = ""
            for _ in range(2):
                try:
                    erreur = instance.convertir(docx, temporaire, self.pdfa)
                except _Panne as panne:
                    motif = str(panne)
                    if panne.bloque:
                        bloque.set()
                    instance.redemarrer()
                    if panne.bloque:
                        break
                    continue
                if erreur is None:
                    _verifier_pdf(temporaire, docx)
                    return pdf
                motif = erreur
            raise ConversionEchouee(f"{docx} : LibreOffice n'a pas pu le convertir en PDF ({motif}).")


class ConvertisseurPartage:
    """A converter for a long run: opened at the first document that needs it (a worker with nothing to
    convert starts no LibreOffice), then kept until `fermer`. Thread-safe. A failed start is remembered:
    the next documents get the same error at once instead of each waiting for a start again."""

    def __init__(
        self, instances: int = 1, pdfa: bool = False, timeout: float = DELAI_DOCUMENT, demarrage: float = DEMARRAGE
    ):
        self._parametres = {"instances": instances, "pdfa": pdfa, "timeout": timeout, "demarrage": demarrage}
        self._verrou = threading.Lock()
        self._convertisseur: Convertisseur | None = None
        self._echec: ProcedureError | None = None

    def convertir_lot(
        self, docx: Sequence[Path | str], progression: Callable[[int, int], None] | None = None
    ) -> list[Path]:
        with self._verrou:
            if self._echec is not None:
                raise self._echec
            if self._convertisseur is None:
                convertisseur = Convertisseur(**self._parametres)
                try:
                    convertisseur.ouvrir()
                except ProcedureError as exc:
                    self._echec = exc
                    raise
                self._convertisseur = convertisseur
        return self._convertisseur.convertir_lot(docx, progression)

    def fermer(self) -> None:
        with self._verrou:
            if self._convertisseur is not None:
                self._convertisseur.fermer()
                self._convertisseur = None


@contextlib.contextmanager
def arret_sur_signal():
    """While inside: SIGTERM and SIGHUP unwind the main thread like Ctrl-C (for a run that holds no
    converter itself but whose clean-up must run, such as a pool of workers that do)."""
    pris = _Signaux.prendre()
    try:
        yield
    finally:
        if pris:
            _Signaux.rendre()


def _convertir_par_soffice(soffice: str, docx: list[Path], pdfa: bool, timeout: float, demarrage: float) -> list[Path]:
    """Fallback without `uno`: one `soffice --convert-to` call per folder (outputs are named by stem)."""
    par_dossier: dict[Path, list[Path]] = {}
    for d in docx:
        par_dossier.setdefault(d.parent, []).append(d)
    for dossier, documents in par_dossier.items():
        travail = Path(tempfile.mkdtemp(dir=dossier, prefix=".procedure-pdf-"))
        instance = Path(tempfile.mkdtemp(prefix=PREFIXE_INSTANCE))
        try:
            (instance / _PROPRIETAIRE).write_text(_marque_proprietaire())
            commande = [
                soffice,
                *_options_soffice(instance / "profil"),
                "--convert-to",
                _FILTRE_PDFA if pdfa else "pdf",
                "--outdir",
                str(travail),
                *map(str, documents),
            ]
            _lancer_avec_delai(commande, demarrage + timeout * len(documents))
            for d in documents:
                produit = travail / f"{d.stem}.pdf"
                if not produit.is_file():
                    raise ConversionEchouee(f"{d} : LibreOffice n'a pas pu le convertir en PDF.")
                _verifier_pdf(produit, d)
                # the work folder is inside the document's: this rename is atomic
                os.replace(produit, d.with_suffix(".pdf"))
        finally:
            shutil.rmtree(travail, ignore_errors=True)
            shutil.rmtree(instance, ignore_errors=True)
    return [d.with_suffix(".pdf") for d in docx]


def _lancer_avec_delai(commande: list[str], delai: float, echec: str = "n'a pas terminé") -> None:
    """One bounded call: a hung LibreOffice would hang again, so it is not retried."""
    processus = _lancer(commande, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        code = processus.wait(delai)
    except subprocess.TimeoutExpired:
        raise ConversionEchouee(f"LibreOffice ({commande[0]}) {echec} : aucune réponse en {delai:g} s.") from None
    finally:
        _tuer_groupe(processus)
    if code != 0:
        raise ConversionEchouee(
            f"LibreOffice ({commande[0]}) {echec} : arrêté en erreur (code de sortie {code}). "
            f"Vérifiez l'installation (Debian/Ubuntu : sudo {INSTALLATION})."
        )


def docx_vers_pdf(
    docx: Iterable[Path | str],
    pdfa: bool = False,
    timeout: float = DELAI_DOCUMENT,
    progression: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """One-shot conversion: as many warm instances as the documents justify, then nothing left."""
    chemins = list(docx)
    if not chemins:
        return []
    with Convertisseur(instances=instances_utiles(len(chemins)), pdfa=pdfa, timeout=timeout) as convertisseur:
        return convertisseur.convertir_lot(chemins, progression)
