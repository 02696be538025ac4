"""`procedure next`: the documents of the step the law allows now, written without ever losing an edit.

Everything is produced in a hidden staging folder beside the outputs, then moved into place file by file
(`os.replace`), each batch's SHA-256 recorded first in the sidecar `sortie/.empreintes.json` (procedures.empreintes);
one short `documents_generes` event notes the step in the history when a file was written or replaced. A file
whose hash differs from the recorded ones was edited by a person: it stays, and the new version is written beside
it. A file identical to the new one is left as it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from procedures.contexte import ETAPES_AMIABLES, contexte_document, valeurs_cerfa
from procedures.dossier import DocumentsGeneres, Dossier, charger_dossier
from procedures.empreintes import Registre, lire_registre
from procedures.erreurs import DossierInvalide, Erreur, EtapeRefusee, ProcedureError
from procedures.etapes import Etape
from procedures.evenements import ajouter_evenement
from procedures.machine import Situation, assignation_au_fond, assignation_en_refere, situation
from procedures.montants import format_date
from procedures.pdf import Convertisseur, LibreOfficeAbsent, docx_vers_pdf
from procedures.remise import remise_etape
from procedures.sortie import REPERTOIRE_SORTIE, exemplaires, fichiers_du_dossier, modele_du_fichier, nom_fichier
from procedures.stockage import ATTENTE_VERROU_SECONDES, dossier_modifiable, ecriture, sauvegarde, sha256, verrou
from procedures.surete import dans_le_dossier, preparer_sortie
from procedures.taux import charger_taux
from procedures.voies import etape_voie

PREFIXE_CHANTIER = ".procedure-en-cours-"
# Steps whose documents go to the commissaire de justice as one package (procedures.remise).
ETAPES_REMISE = ("signification", "execution", "commandement", "petites_creances")


@dataclass
class Resultat:
    """What `next` (or `pdf`) did: the step, where, which files, and what the user must know."""

    etape: Etape
    repertoire: Path
    fichiers: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    essai: bool = False


def repertoire_etape(dossier: Dossier, etape: Etape, sortie: Path | None = None) -> Path:
    return Path(sortie) if sortie else dossier.repertoire / REPERTOIRE_SORTIE / etape.etape


def etape_autorisee(s: Situation) -> Etape:
    """The next step if the law allows it at the reference date; otherwise EtapeRefusee with why and when."""
    etape = s.prochaine_etape
    if etape.etape == "attendre_echeance" and etape.documents:
        return etape  # a pre-due notice or a payment-plan agreement can be written at any time
    if etape.etape == "aucune":
        raise EtapeRefusee(f"Aucune étape à préparer : {etape.motif}")
    if etape.possible_le is None or etape.possible_le > s.date:
        quand = f"possible à partir du {format_date(etape.possible_le)}" if etape.possible_le else "pas encore possible"
        article = f" ({etape.article})" if etape.article else ""
        raise EtapeRefusee(f"Étape « {etape.etape} » {quand}{article} : {etape.motif}")
    return etape


@dataclass(frozen=True)
class Reglages:
    """One `next` run's settings, carried whole through the calls (as click carries its Context)."""

    sortie: Path | None = None  # the step's folder (default: sortie/<step> beside the case file)
    pdf: bool = True
    essai: bool = False  # --dry-run: say what would be written, write nothing
    forcer: bool = False  # replace an edited file (a backup is kept)
    modeles: Path | None = None
    fichier_taux: Path | None = None
    canal: str | None = None  # a reminder by "courrier", "email" or "telephone"
    refere: bool = False  # the assignation step in référé-provision (CPC 835 al. 2, 873 al. 2)
    pdfa: bool = False
    aplatir: bool = False  # Cerfa fields flattened into the page
    officiel: Path | None = None  # the official Cerfa PDF to fill instead of the shipped reproduction
    correspondance: Path | None = None  # its field mapping file
    aujourd_hui: dt.date | None = None  # the real date (tests), against which --date is checked
    progression: Callable[[int, int], None] | None = None  # (done, total) while PDFs are converted
    # For many dossiers (`lot`): an open converter to use instead of starting one (its own `pdfa` applies),
    # how long to wait for a dossier another command holds, and `avant(situation)`, called under the lock
    # before anything is written (what it raises stops the run for this dossier).
    convertisseur: Convertisseur | None = None
    attente_verrou: float = ATTENTE_VERROU_SECONDES
    avant: Callable[[Situation], None] | None = None
    voie: str | None = None  # a route to a title (procedures.voies.VOIES) instead of the default next step


def generer_etape(
    fichier: Path | str, date_reference: dt.date | None = None, reglages: Reglages | None = None, **options
) -> Resultat:
    """Write the documents of the step allowed at `date_reference` and record them in the case file.
    The settings come as one `Reglages`, or as its fields by keyword (`generer_etape(f, jour, pdf=False)`)."""
    r = replace(reglages or Reglages(), **options)
    fichier = Path(fichier)
    aujourd_hui = r.aujourd_hui or dt.date.today()
    date_reference = date_reference or aujourd_hui
    if date_reference > aujourd_hui and not r.essai:
        raise EtapeRefusee(
            f"--date {date_reference.isoformat()} est dans le futur : on ne prépare que ce que la loi "
            "permet aujourd'hui (utilisez --dry-run pour voir ce qui serait produit)."
        )
    # A dry run writes nothing, not even the lock file: it works in a read-only case folder too.
    with contextlib.nullcontext() if r.essai else verrou(fichier, r.attente_verrou):
        dossier = charger_dossier(fichier, date_reference)
        s = situation(dossier, date_reference, charger_taux(r.fichier_taux))
        if r.avant is not None:
            r.avant(s)
        etape = etape_voie(s, r.voie) if r.voie else etape_autorisee(s)
        if r.refere and etape.etape != "assignation":
            raise EtapeRefusee(f"--refere ne vaut que pour l'assignation ; l'étape possible est « {etape.etape} ».")
        if etape.etape == "assignation" and r.refere != etape.refere:  # the option decides what is prepared
            etape = (assignation_en_refere if r.refere else assignation_au_fond)(etape, s.juridiction)
        repertoire = repertoire_etape(dossier, etape, r.sortie)
        resultat = Resultat(etape, repertoire, essai=r.essai)
        modeles_utilisateur = _modeles_utilisateur(dossier, r.modeles)
        # Every check the run makes, made before anything is written: --dry-run promises only what the run
        # will write, and a refused run leaves nothing behind.
        contexte = _verifier_avant_ecriture(fichier, s, etape, r)
        if etape.etape not in ETAPES_AMIABLES:
            resultat.messages += s.pieces.textes(dossier)
        if r.essai:
            resultat.fichiers = [repertoire / nom for nom in _noms_prevus(s, etape, r)]
            return resultat
        dossier_modifiable(fichier)  # before placing anything: placed files must get recorded
        nouveaux = _a_creer(repertoire)
        # Staging beside (not inside) the step's folder: a run killed midway leaves nothing half-written there.
        chantier = _chantier(repertoire)
        try:
            produits = _produire(s, etape, chantier, r, contexte, modeles_utilisateur)
            empreintes = Registre(dossier, etape.etape, date_reference, etape.refere)
            places = _placer(produits, repertoire, empreintes, r.forcer, resultat.messages)
            if r.pdf:
                places += _rendre_pdf(s, etape, places, repertoire, chantier, empreintes, r, resultat.messages)
                if etape.etape == "relance" and r.canal == "email":
                    places += _placer(
                        _courriels(s, etape, chantier, places, contexte, modeles_utilisateur),
                        repertoire,
                        empreintes,
                        r.forcer,
                        resultat.messages,
                    )
            elif etape.cerfa or etape.etape == "injonction_europeenne":
                places += _placer(
                    [_cerfa(s, etape, chantier, [], r)], repertoire, empreintes, r.forcer, resultat.messages
                )
            if etape.etape in ETAPES_REMISE:
                places += _placer(
                    [remise_etape(s, etape, chantier, places, resultat.messages)],
                    repertoire,
                    empreintes,
                    r.forcer,
                    resultat.messages,
                )
            resultat.messages += empreintes.confirmer(places)
        finally:
            shutil.rmtree(chantier, ignore_errors=True)
            for repertoire_cree in reversed(nouveaux):  # left empty by a failure: removed, as if never made
                with contextlib.suppress(OSError):
                    repertoire_cree.rmdir()
        resultat.fichiers = places
        _noter(fichier, empreintes, aujourd_hui)
    return resultat


def _noter(fichier: Path, registre: Registre, aujourd_hui: dt.date) -> None:
    evenement = registre.evenement()
    if evenement is not None:
        ajouter_evenement(fichier, evenement, aujourd_hui)


def _modeles_utilisateur(dossier: Dossier, modeles: Path | None) -> Path | None:
    """The explicit --modeles folder, else ``options.modeles``, which must stay inside the case folder: a
    case received from someone else must not pull templates from elsewhere on the machine."""
    if modeles:
        return Path(modeles)
    if dossier.options.modeles:
        return dans_le_dossier(dossier.repertoire, dossier.options.modeles, "options.modeles")
    return None


def _modeles_de(etape: Etape, r: Reglages) -> tuple[str, ...]:
    if etape.etape == "relance" and r.canal == "telephone":
        return ("fiche_appel", "confirmation_appel")
    if etape.etape == "relance" and r.canal in ("courrier", "email"):
        return tuple(m for m in etape.documents if m not in ("fiche_appel",)) or ("relance_1",)
    return etape.documents


def _noms_prevus(s: Situation, etape: Etape, r: Reglages) -> list[str]:
    """The names a real run would write, in the order it writes them (`--dry-run`)."""
    dossier, pdf, canal = s.dossier, r.pdf, r.canal
    extensions = (".docx", ".pdf") if pdf else (".docx",)
    modeles = _modeles_de(etape, r)
    noms = [
        nom_fichier(dossier, nom, ext)
        for modele in modeles
        for _, nom in exemplaires(dossier, modele)
        for ext in extensions
    ]
    if etape.cerfa or etape.etape == "injonction_europeenne":
        noms.append(nom_fichier(dossier, _nom_formulaire(etape), ".pdf"))
    if pdf and "bordereau" in modeles and s.pieces.liste:
        noms.append(nom_fichier(dossier, "pieces", ".pdf"))
    if pdf and etape.etape == "relance" and canal == "email":
        modele = next(m for m in etape.documents if m.startswith("relance"))
        noms += [nom_fichier(dossier, nom, ".eml") for _, nom in exemplaires(dossier, modele)]
    if etape.etape in ETAPES_REMISE:
        noms.append(nom_fichier(dossier, f"remise-{etape.etape}", ".zip"))
    return noms


def _contextes(s: Situation, etape: Etape, canal: str | None) -> Callable[[int], dict]:
    """The templates' context for debtor n° i, built once per run (letters and e-mails share it)."""
    return functools.cache(lambda debiteur: contexte_document(s, etape.etape, debiteur=debiteur, canal=canal))


def _produire(
    s: Situation,
    etape: Etape,
    chantier: Path,
    r: Reglages,
    contexte: Callable[[int], dict],
    modeles_utilisateur: Path | None,
) -> list[Path]:
    # deferred: documents brings docxtpl and python-docx (heavy)
    from procedures.documents import rendre_document

    return [
        rendre_document(
            modele, contexte(debiteur), chantier / nom_fichier(s.dossier, nom, ".docx"), modeles_utilisateur
        )
        for modele in _modeles_de(etape, r)
        for debiteur, nom in exemplaires(s.dossier, modele)
    ]


def _a_creer(repertoire: Path) -> list[Path]:
    """The folders that do not exist yet on the way to ``repertoire``, outermost first."""
    return [p for p in reversed((repertoire, *repertoire.parents)) if not p.exists()]


def _verifier_avant_ecriture(fichier: Path, s: Situation, etape: Etape, r: Reglages) -> Callable[[int], dict]:
    """What the run would refuse, found before it writes: each document's context (a document stating amounts
    needs every rate: never an estimate) and, when the bundle is made, every pièce's file. Returns the
    contexts, built once for the run."""
    contexte = _contextes(s, etape, r.canal)
    modeles = _modeles_de(etape, r)
    for modele in modeles:
        for debiteur, _ in exemplaires(s.dossier, modele):
            contexte(debiteur)
    if r.pdf and "bordereau" in modeles and s.pieces.liste:
        # Deferred: a letter step must not load the PDF libraries (tests/test_couts_fixes.py).
        from procedures.bordereau import pieces_du_dossier, verifier_pieces

        problemes = verifier_pieces(pieces_du_dossier(s.dossier, s.pieces.liste))
        if problemes:
            raise DossierInvalide([Erreur(str(fichier), None, "pieces", message) for _, message in problemes])
    return contexte


def _chantier(repertoire: Path) -> Path:
    """A staging folder of this run only, beside (not inside) the step's folder: a run killed midway leaves
    nothing half-written there. Its name holds the process id, so that only the remains of dead runs are
    cleaned, never the staging of a run working at the same time on another case file of the folder."""
    with ecriture(repertoire):
        repertoire.mkdir(parents=True, exist_ok=True)
        _nettoyer_chantiers(repertoire.parent)
        return Path(tempfile.mkdtemp(prefix=f"{PREFIXE_CHANTIER}{os.getpid()}-", dir=repertoire.parent))


def _modifie(chemin: Path, empreintes: Registre) -> bool:
    """True if ``chemin`` exists and is not a file this tool recorded there: a person edited it."""
    return chemin.exists() and not empreintes.sien(chemin)


def _identiques(a: Path, b: Path) -> bool:
    """Same bytes, or two DOCX with the same parts (python-docx stamps each part with the time of saving)."""
    if sha256(a) == sha256(b):
        return True
    if a.suffix != ".docx" or a.stat().st_size != b.stat().st_size:
        return False
    try:
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            return za.namelist() == zb.namelist() and all(za.read(n) == zb.read(n) for n in za.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _sauvegarder(chemin: Path, messages: list[str]) -> None:
    copie = sauvegarde(chemin)
    messages.append(f"{chemin.name} avait été modifié : sauvegardé sous {copie.name}, puis remplacé.")


def _placer(
    produits: list[Path], repertoire: Path, empreintes: Registre, forcer: bool, messages: list[str]
) -> list[Path]:
    """Move each product into place unless a person edited the file there since it was generated: that
    file stays and the product becomes its `.nouvelle-version` (itself saved first if edited too). The new
    hashes are recorded before anything moves; a product identical to the file in place leaves it untouched."""
    arrivees = []
    for produit in produits:
        cible = repertoire / produit.name
        if _modifie(cible, empreintes):
            if forcer:
                _sauvegarder(cible, messages)
            else:
                cible = cible.with_name(f"{cible.stem}.nouvelle-version{cible.suffix}")
                if _modifie(cible, empreintes):
                    _sauvegarder(cible, messages)
                messages.append(
                    f"{produit.name} a été modifié depuis sa génération : il est conservé et reste celui "
                    f"à envoyer ; la nouvelle version est écrite à côté ({cible.name})."
                )
        arrivees.append((produit, cible))
    a_ecrire = [(p, c) for p, c in arrivees if not (c.exists() and _identiques(p, c))]
    if a_ecrire:
        empreintes.annoncer(a_ecrire)
    for produit, cible in a_ecrire:
        with ecriture(cible):
            produit.replace(cible)
        empreintes.ecrits.append(cible)
    return [cible for _, cible in arrivees]


def _a_envoyer(places: list[Path], suffixe: str) -> list[Path]:
    """The `suffixe` files to send among `places`: a kept (edited) file rather than its unsent new version."""
    return [
        chemin.with_name(chemin.stem.removesuffix(".nouvelle-version") + suffixe)
        for chemin in places
        if chemin.suffix == suffixe
    ]


def _rendre_pdf(
    s: Situation,
    etape: Etape,
    places: list[Path],
    repertoire: Path,
    chantier: Path,
    empreintes: Registre,
    r: Reglages,
    messages: list[str],
) -> list[Path]:
    """PDFs rendered from the DOCX on disk (so a lawyer's edits are in them), then Cerfa and bundle."""
    dossier = s.dossier
    try:
        pdfs = _convertir(_a_envoyer(places, ".docx"), chantier, r.pdfa, messages, r.convertisseur, r.progression)
    except LibreOfficeAbsent as exc:
        messages.append(str(exc))
        pdfs = []
    produits = list(pdfs)
    par_modele = {modele_du_fichier(dossier, p): p for p in pdfs}
    if etape.cerfa or etape.etape == "injonction_europeenne":
        annexes = [par_modele[m] for m in ("decompte", "bordereau") if m in par_modele]
        produits.append(_cerfa(s, etape, chantier, annexes, r))
    if "bordereau" in par_modele and s.pieces.liste:
        produits.append(_bundle(s, chantier, par_modele["bordereau"]))
    return _placer(produits, repertoire, empreintes, r.forcer, messages)


def _convertir(
    docx: list[Path],
    chantier: Path,
    pdfa: bool,
    messages: list[str],
    convertisseur: Convertisseur | None = None,
    progression: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """PDFs of copies of `docx` made in the staging folder, to be placed like any product (never in place),
    by `convertisseur` if given, else by a converter started for them."""
    copies = []
    for document in docx:
        copie = chantier / "pdf" / document.name
        copie.parent.mkdir(exist_ok=True)
        shutil.copy2(document, copie)
        copies.append(copie)
    with warnings.catch_warnings(record=True) as avertissements:
        warnings.simplefilter("always")
        pdfs = (
            convertisseur.convertir_lot(copies, progression)
            if convertisseur
            else docx_vers_pdf(copies, pdfa=pdfa, progression=progression)
        )
    messages.extend(str(a.message) for a in avertissements)
    return pdfs


def _cerfa(s: Situation, etape: Etape, chantier: Path, annexes: list[Path], r: Reglages) -> Path:
    """The Cerfa of an injonction de payer, or Form A of a European one (Reg. 1896/2006 art. 7)."""
    # deferred: cerfa and formulaire_a bring pypdf and reportlab (heavy)
    from procedures.cerfa import champs_logiques, gabarit_cerfa, remplir_formulaire
    from procedures.formulaire_a import FORMULAIRE_A, valeurs_formulaire_a

    if etape.etape == "injonction_europeenne":
        gabarit, logiques = FORMULAIRE_A, valeurs_formulaire_a(s)
    else:
        gabarit, logiques = gabarit_cerfa(etape.cerfa), champs_logiques(valeurs_cerfa(s))
    return remplir_formulaire(
        gabarit,
        logiques,
        chantier / nom_fichier(s.dossier, _nom_formulaire(etape), ".pdf"),
        annexes=annexes,
        aplatir=r.aplatir,
        officiel=r.officiel,
        correspondance=r.correspondance,
    )


def _nom_formulaire(etape: Etape) -> str:
    return "formulaire-A" if etape.etape == "injonction_europeenne" else f"cerfa-{etape.cerfa.replace('*', '-')}"


def _bundle(s: Situation, chantier: Path, bordereau_pdf: Path) -> Path:
    # deferred: bordereau brings pypdf, reportlab and PIL (heavy)
    from procedures.bordereau import assembler_bundle, pieces_du_dossier

    sortie = chantier / nom_fichier(s.dossier, "pieces", ".pdf")
    assembler_bundle(pieces_du_dossier(s.dossier, s.pieces.liste), sortie, bordereau_pdf=bordereau_pdf)
    return sortie


def _courriels(
    s: Situation,
    etape: Etape,
    chantier: Path,
    places: list[Path],
    contexte: Callable[[int], dict],
    modeles_utilisateur: Path | None,
) -> list[Path]:
    """One e-mail draft per debtor, with that debtor's own letter (its PDF) attached."""
    # deferred: courriel brings docxtpl through documents (heavy)
    from procedures.courriel import creer_courriel

    modele = next(m for m in etape.documents if m.startswith("relance"))
    courriels = []
    for debiteur, nom in exemplaires(s.dossier, modele):
        # "<reference>-<nom>." never matches "-debiteur-10" for "-debiteur-1".
        prefixe = nom_fichier(s.dossier, nom, ".")
        pieces_jointes = [p for p in _a_envoyer(places, ".pdf") if p.name.startswith(prefixe)]
        courriels.append(
            creer_courriel(
                f"courriel_{modele}",
                contexte(debiteur),
                pieces_jointes,
                chantier / nom_fichier(s.dossier, nom, ".eml"),
                modeles_utilisateur,
                date_lettre=s.date,
            )
        )
    return courriels


def _nettoyer_chantiers(repertoire: Path) -> None:
    """Staging folders left by a dead run hold nothing that was ever in place: remove them (and only them)."""
    for reste in repertoire.glob(PREFIXE_CHANTIER + "*"):
        proprietaire = re.match(r"(\d+)-", reste.name.removeprefix(PREFIXE_CHANTIER))
        if proprietaire and not _vivant(int(proprietaire.group(1))):
            with contextlib.suppress(OSError):
                shutil.rmtree(reste)


def _vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def rendre_pdf_etape(
    fichier: Path | str,
    date_reference: dt.date | None = None,
    pdfa: bool = False,
    forcer: bool = False,
    aujourd_hui: dt.date | None = None,
) -> Resultat:
    """`procedure pdf`: re-render the PDFs of the last generated step from the DOCX on disk, after an edit.

    The new PDFs are placed and recorded like `next` places its files (a PDF edited since, e.g. signed, is kept),
    so the next run knows them as the tool's own.
    """
    fichier = Path(fichier)
    aujourd_hui = aujourd_hui or dt.date.today()
    date_reference = date_reference or aujourd_hui
    with verrou(fichier):
        dossier = charger_dossier(fichier, date_reference)
        traces = lire_registre(dossier)
        # The last step that wrote DOCX (an earlier `pdf` run wrote PDFs only).
        etapes = [e.etape for e in reversed(dossier.evenements(DocumentsGeneres))]
        etape = next(
            (e for e in etapes if any(t.etape == e and nom.endswith(".docx") for nom, t in traces.items())), None
        )
        if etape is None:
            raise ProcedureError(f"{fichier} : aucun document généré pour l'instant (lancez « procedure next »).")
        noms = [
            nom
            for nom, t in traces.items()
            if t.etape == etape and nom.endswith(".docx") and not nom.endswith(".nouvelle-version.docx")
        ]
        manquants = [nom for nom in noms if not (dossier.repertoire / nom).exists()]
        if manquants or not noms:
            raise ProcedureError("Documents introuvables : " + (", ".join(manquants) or "aucun DOCX à convertir"))
        # Links are followed, but never out of the case folder: the PDFs are written beside the DOCX.
        docx = [dossier.repertoire / nom for nom in noms if dans_le_dossier(dossier.repertoire, nom, f"Document {nom}")]
        repertoire = docx[0].parent
        dossier_modifiable(fichier)
        resultat = Resultat(Etape(etape, None, "", None), repertoire)
        registre = Registre(dossier, etape, date_reference)
        chantier = _chantier(repertoire)
        try:
            pdfs = _convertir(docx, chantier, pdfa, resultat.messages)
            resultat.fichiers = _placer(pdfs, repertoire, registre, forcer, resultat.messages)
            resultat.messages += registre.confirmer(resultat.fichiers)
        finally:
            shutil.rmtree(chantier, ignore_errors=True)
        _noter(fichier, registre, aujourd_hui)
    return resultat


def bundle_dossier(
    fichier: Path | str,
    date_reference: dt.date | None = None,
    sortie: Path | None = None,
    modeles: Path | None = None,
    forcer: bool = False,
    progression: Callable[[int, int], None] | None = None,
):
    """`procedure bundle`: the bordereau (rendered from its template), then every pièce, stamped and bookmarked.

    An explicit `sortie` never replaces the case file or a pièce, nor an existing file unless `forcer`
    (a backup is kept)."""
    # deferred: bordereau brings pypdf, reportlab and PIL (heavy)
    from procedures.bordereau import assembler_bundle, pieces_du_dossier
    from procedures.documents import rendre_document

    dossier = charger_dossier(fichier, date_reference)
    s = situation(dossier, date_reference or dt.date.today(), charger_taux())
    if not s.pieces.liste:
        raise ProcedureError(f"{fichier} : aucune pièce dans « pieces »")
    if sortie:
        preparer_sortie(sortie, fichiers_du_dossier(dossier), forcer)
    sortie = Path(sortie) if sortie else dossier.repertoire / REPERTOIRE_SORTIE / nom_fichier(dossier, "pieces", ".pdf")
    with tempfile.TemporaryDirectory(prefix="procedure-") as temporaire:
        # The bordereau prints no amount: it is made even while a rate is unknown.
        docx = rendre_document(
            "bordereau",
            contexte_document(s, documents=("bordereau",)),
            Path(temporaire) / "bordereau.docx",
            _modeles_utilisateur(dossier, modeles),
        )
        (bordereau_pdf,) = docx_vers_pdf([docx])
        return assembler_bundle(
            pieces_du_dossier(dossier, s.pieces.liste), sortie, bordereau_pdf=bordereau_pdf, progression=progression
        )
