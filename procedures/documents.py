"""Rendering DOCX templates with docxtpl, and checking user templates.

The engine is context-agnostic: it receives a ready dict (amounts and dates already formatted, see
modeles/CONTEXTE.md) and never computes. Jinja runs with autoescape on, so user text such as
``Dupont & Fils <SARL>`` reaches the XML escaped, and with StrictUndefined, so a missing variable is an
error instead of a silent blank in a document a lawyer signs. A folder of user templates overrides the
shipped ones file by file.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import jinja2
from docx.oxml.parser import parse_xml
from docx.shared import Mm
from docx.text.run import Run
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SecurityError
from lxml import etree
from ruamel.yaml import YAML
from segno import helpers as segno_helpers

from procedures.bac_a_sable import ENVIRONNEMENTS, bornes, constructions_interdites
from procedures.erreurs import Erreur, ProcedureError
from procedures.stockage import ecrire_atomique, ecriture, fichier_temporaire
from procedures.surete import dans_le_dossier, fichier_ordinaire, lire_ordinaire
from procedures.traduction import jinja_en_francais
from procedures.typographie import typographie

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTIES_XML = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml$")
_TAG = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
_OUVERTURE = re.compile(r"{{|{%|{#")
_EXTENSIONS = (".docx", ".txt")
TAILLE_MAX_MODELE = 50 * 1024 * 1024


def environnement(autoescape: bool = True) -> jinja2.Environment:
    """The sandbox (procedures.bac_a_sable): autoescape on for DOCX (XML), off for plain-text e-mails;
    undefined variables are errors."""
    return ENVIRONNEMENTS[autoescape]


# -- locating templates -------------------------------------------------------------------------


def _modeles_livres():
    return files("modeles")


def noms_modeles() -> list[str]:
    """File names of the shipped templates (DOCX and e-mail bodies)."""
    return sorted(f.name for f in _modeles_livres().iterdir() if f.name.endswith(_EXTENSIONS))


def chemin_modele(nom: str, modeles_utilisateur: Path | None = None) -> Path:
    """The user's template ``nom`` if their folder has it, else the shipped one."""
    if modeles_utilisateur is not None:
        candidat = Path(modeles_utilisateur) / nom
        if candidat.exists() or candidat.is_symlink():
            # a link out of the templates folder would put any file of the machine into a document
            dans_le_dossier(modeles_utilisateur, nom, f"Modèle {nom}")
            fichier_ordinaire(candidat, f"Modèle {nom}", TAILLE_MAX_MODELE)
            return candidat
    livre = _modeles_livres() / nom
    if not livre.is_file():
        raise ProcedureError(f"Modèle inconnu : {nom} (modèles disponibles : {', '.join(noms_modeles())})")
    return Path(str(livre))


# -- the documented context ---------------------------------------------------------------------


def contexte_exemple() -> dict:
    """The sample context shipped in modeles/contexte_exemple.yaml (a fresh copy on each call)."""
    with (_modeles_livres() / "contexte_exemple.yaml").open(encoding="utf-8") as flux:
        return YAML(typ="safe").load(flux)


def _chemins(valeur, prefixe: str = "") -> Iterator[str]:
    if isinstance(valeur, dict):
        for cle, sous_valeur in valeur.items():
            chemin = f"{prefixe}.{cle}" if prefixe else cle
            yield chemin
            yield from _chemins(sous_valeur, chemin)
    elif isinstance(valeur, list):
        for element in valeur:
            yield prefixe + "[]"
            yield from _chemins(element, prefixe + "[]")


@lru_cache(maxsize=1)
def variables_documentees() -> frozenset[str]:
    """Every variable path a template may use: ``creancier.designation``, ``factures[].numero``..."""
    return frozenset(_chemins(contexte_exemple()))


# -- context preparation ------------------------------------------------------------------------


def _typographier(valeur):
    if isinstance(valeur, str):
        return typographie(valeur)
    if isinstance(valeur, dict):
        return {cle: _typographier(v) for cle, v in valeur.items()}
    if isinstance(valeur, list):
        return [_typographier(v) for v in valeur]
    return valeur


def qr_code_sepa(paiement: dict) -> bytes | None:
    """PNG of the EPC069-12 QR code ("SEPA credit transfer") for this payment, or None without an IBAN
    or an amount (segno, like most banking apps, needs the amount)."""
    montant = paiement.get("montant_epc")
    if not paiement.get("iban") or not montant:
        return None
    return _qr_epc(
        paiement["titulaire"][:70],  # EPC069-12: beneficiary name, 70 characters at most
        paiement["iban"].replace(" ", "").replace("\u00a0", ""),
        montant,
        (paiement.get("reference") or paiement["titulaire"])[:140],  # EPC: a remittance text is required
        (paiement.get("bic") or "").replace(" ", "") or None,
    )


@lru_cache(maxsize=32)
def _qr_epc(titulaire: str, iban: str, montant: str, texte: str, bic: str | None) -> bytes:
    """Made once per payment: every letter of a dossier shows the same code, and choosing its mask
    costs more than rendering the letter."""
    qr = segno_helpers.make_epc_qr(name=titulaire, iban=iban, amount=Decimal(montant), text=texte, bic=bic)
    tampon = io.BytesIO()
    qr.save(tampon, kind="png", scale=6, border=2)
    return tampon.getvalue()


def _preparer(contexte: dict, modele: DocxTemplate) -> dict:
    prepare = _typographier(contexte)
    paiement = prepare.get("paiement")
    if isinstance(paiement, dict):
        png = qr_code_sepa(contexte["paiement"])
        paiement["qr"] = InlineImage(modele, io.BytesIO(png), width=Mm(32)) if png else None
    return prepare


# -- rendering ----------------------------------------------------------------------------------

# A blank the context supplies (« [À COMPLÉTER : …] », see contexte.a_completer), typography applied.
_BLANC = re.compile(r"(\[À COMPLÉTER\s?:[^\]]*\])")
STYLE_A_COMPLETER = "À compléter"


class _Modele(DocxTemplate):
    """docxtpl's template, whose rendered body carries python-docx's element classes whatever holds on
    to docxtpl's intermediate tree.

    docxtpl parses the rendered body with a plain lxml parser (``fix_tables``) and grafts that tree into
    the document (``map_tree``). lxml keeps one Python proxy per XML node for as long as anything
    references it, and a proxy keeps the class it was made with: while a proxy of the plain tree lives
    on, python-docx gets a plain ``_Element`` back for that node ("no attribute 'p_lst'") and caches it.
    Nothing references them once ``render`` returns, unless something holds its frames: a Dask worker's
    profiler samples the task threads' stacks every 10 ms (``sys._current_frames``), which broke a few
    percent of the documents rendered on Dask. The lxml parsers are not at fault: they lock around each
    parse, and many threads rendering at once never fail without a stack sampler.
    Re-parsed by python-docx's own parser, the body grafted into the document never had a plain proxy;
    that parser also drops the blank text between elements, as it does for any document it opens."""

    def map_tree(self, tree):
        super().map_tree(parse_xml(etree.tostring(tree)))


def _paragraphes_du_document(document) -> Iterator:
    def dans(conteneur):
        yield from conteneur.paragraphs
        for table in conteneur.tables:
            for rangee in table.rows:
                for cellule in rangee.cells:
                    yield from dans(cellule)

    yield from dans(document)
    for section in document.sections:
        for partie in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            yield from dans(partie)


def _surligner_blancs(document) -> None:
    """Give the context's blanks the template's highlighted blank style, as the template's own ``[[…]]``
    blanks have it, so every one is seen before signing. A template without that style is left as is."""
    if STYLE_A_COMPLETER not in [s.name for s in document.styles]:
        return
    for paragraphe in _paragraphes_du_document(document):
        for run in list(paragraphe.runs):
            morceaux = _BLANC.split(run.text)
            if len(morceaux) == 1 or (run.style is not None and run.style.name == STYLE_A_COMPLETER):
                continue
            run.text = morceaux[0]
            precedent = run
            for rang, morceau in enumerate(morceaux[1:], start=1):
                if not morceau:
                    continue
                nouveau = copy.deepcopy(run._r)
                precedent._r.addnext(nouveau)
                suivant = Run(nouveau, paragraphe)
                suivant.text = morceau
                if rang % 2:
                    suivant.style = STYLE_A_COMPLETER
                precedent = suivant


def _nom_fichier(nom_modele: str, extension: str) -> str:
    return nom_modele if nom_modele.endswith(extension) else nom_modele + extension


def _erreur_rendu(nom: str, chemin: Path, exc: jinja2.TemplateError) -> ProcedureError:
    """A French message naming the template and, from the verifier, the faulty tags or variables."""
    constats = [f"{e.champ} : {e.message}" for e in verifier_modele(chemin)]
    if isinstance(exc, SecurityError):
        cause = f"construction interdite ({exc.message})"
    elif isinstance(exc, jinja2.UndefinedError):
        cause = f"variable absente du contexte ({exc.message})"
    else:
        extrait = " ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())
        cause = f"erreur de syntaxe : {jinja_en_francais(exc.message)}" + (
            f" — près de « {extrait} »" if extrait else ""
        )
    return ProcedureError(f"Modèle {nom} : {cause}" + "".join(f"\n  {c}" for c in constats))


def rendre_document(
    nom_modele: str,
    contexte: dict,
    sortie: Path,
    modeles_utilisateur: Path | None = None,
    duree_max: float | None = None,
) -> Path:
    """Render template ``nom_modele`` (e.g. ``"mise_en_demeure"``) with ``contexte`` into ``sortie`` (.docx),
    in the sandbox and within ``duree_max`` seconds (bac_a_sable.DUREE_MAX_RENDU by default).

    Raises ProcedureError naming the template and the faulty variable or tag."""
    nom = _nom_fichier(nom_modele, ".docx")
    chemin = chemin_modele(nom, modeles_utilisateur)
    coupees = _balises_coupees(chemin)
    if coupees:
        # docxtpl would silently re-join some of them and mangle others: refuse rather than guess
        raise ProcedureError(
            f"Modèle {nom} : balise(s) coupée(s) par Word, à retaper d'un seul tenant :"
            + "".join(f"\n  {e.champ} : {e.message}" for e in coupees)
        )
    try:
        modele = _Modele(chemin)
        with bornes(nom, duree_max):
            modele.render(_preparer(contexte, modele), jinja_env=environnement(), autoescape=True)
        _surligner_blancs(modele.docx)
    except jinja2.TemplateError as exc:
        raise _erreur_rendu(nom, chemin, exc) from exc
    except (zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ProcedureError(f"Modèle {nom} : fichier DOCX illisible ou XML invalide après rendu ({exc})") from exc
    sortie = Path(sortie)
    with fichier_temporaire(sortie) as temporaire:
        modele.save(temporaire)
    return sortie


def rendre_texte(
    nom_modele: str, contexte: dict, modeles_utilisateur: Path | None = None, duree_max: float | None = None
) -> str:
    """Render a plain-text template (an e-mail body, ``courriel_*.txt``): no escaping, no typography change;
    in the sandbox and within ``duree_max`` seconds like a DOCX."""
    nom = _nom_fichier(nom_modele, ".txt")
    chemin = chemin_modele(nom, modeles_utilisateur)
    source = lire_ordinaire(chemin, f"Modèle {nom}", TAILLE_MAX_MODELE).decode("utf-8", errors="replace")
    try:
        with bornes(nom, duree_max):
            return environnement(autoescape=False).from_string(source).render(contexte)
    except jinja2.TemplateError as exc:
        raise _erreur_rendu(nom, chemin, exc) from exc


# -- export and verification --------------------------------------------------------------------


def exporter_modeles(dossier_cible: Path, ecraser: bool = False) -> list[Path]:
    """Copy the shipped templates, the sample context and its documentation into ``dossier_cible``."""
    dossier_cible = Path(dossier_cible)
    noms = noms_modeles() + ["contexte_exemple.yaml", "CONTEXTE.md"]
    existants = [n for n in noms if (dossier_cible / n).exists()]
    if existants and not ecraser:
        raise ProcedureError(f"{dossier_cible} contient déjà : {', '.join(existants)} (rien n'a été copié)")
    with ecriture(dossier_cible):
        dossier_cible.mkdir(parents=True, exist_ok=True)
    copies = []
    for nom in noms:
        ecrire_atomique(dossier_cible / nom, (_modeles_livres() / nom).read_bytes())
        copies.append(dossier_cible / nom)
    return copies


def _non_fermees(nom: str, partie: str, texte: str, debut: int, fin: int) -> Iterator[Erreur]:
    """Tag openings between `debut` and `fin` of a paragraph's text that no closing follows."""
    for ouverture in _OUVERTURE.finditer(texte, debut, fin):
        yield Erreur(
            nom,
            None,
            texte[ouverture.start() : ouverture.start() + 40],
            f"balise non fermée dans le paragraphe ({partie})",
        )


def _tags_coupes(nom: str, partie: str, xml: bytes) -> Iterator[Erreur]:
    """Tags whose opening and closing are not in the same <w:t>: Word split them (spell check, edits)."""
    racine = etree.fromstring(xml)
    for paragraphe in racine.iter(f"{W}p"):
        textes = [t.text or "" for t in paragraphe.iter(f"{W}t")]
        complet = "".join(textes)
        if not _OUVERTURE.search(complet):
            continue
        limites, position = [], 0
        for texte in textes:
            position += len(texte)
            limites.append(position)

        def segment(indice: int, limites: list[int] = limites) -> int:
            return next(i for i, fin in enumerate(limites) if indice < fin)

        fin_precedente = 0
        for match in _TAG.finditer(complet):
            yield from _non_fermees(nom, partie, complet, fin_precedente, match.start())
            fin_precedente = match.end()
            if segment(match.start()) != segment(match.end() - 1):
                yield Erreur(
                    nom,
                    None,
                    match.group(0),
                    f"balise coupée entre plusieurs segments de texte Word ({partie}) : "
                    "supprimez-la et retapez-la d'un seul tenant, sans changer de mise en forme au milieu",
                )
        yield from _non_fermees(nom, partie, complet, fin_precedente, len(complet))


def _chemin_expression(noeud, portee: dict) -> str | None:
    """Dotted path of ``a.b.c`` / ``a['b']`` / ``a[0]`` in terms of context variables, None if opaque."""
    if isinstance(noeud, jinja2.nodes.Name):
        return portee.get(noeud.name, noeud.name)
    if isinstance(noeud, jinja2.nodes.Getattr):
        base = _chemin_expression(noeud.node, portee)
        return None if base is None else f"{base}.{noeud.attr}"
    if isinstance(noeud, jinja2.nodes.Getitem) and isinstance(noeud.arg, jinja2.nodes.Const):
        base = _chemin_expression(noeud.node, portee)
        if base is None:
            return None
        return f"{base}.{noeud.arg.value}" if isinstance(noeud.arg.value, str) else f"{base}[]"
    return None


def _noms_cibles(cible) -> list[str]:
    return (
        [n.name for n in cible.find_all(jinja2.nodes.Name)]
        if not isinstance(cible, jinja2.nodes.Name)
        else [cible.name]
    )


def _variables(noeud, portee: dict, connues: frozenset[str]) -> Iterator[str]:
    """Paths used by the template that the documented context does not have."""
    if isinstance(noeud, (jinja2.nodes.Name, jinja2.nodes.Getattr, jinja2.nodes.Getitem)):
        chemin = _chemin_expression(noeud, portee)
        if chemin is not None:
            if chemin not in connues and not chemin.startswith("\0"):
                yield chemin
            return
    if isinstance(noeud, jinja2.nodes.For):
        yield from _variables(noeud.iter, portee, connues)
        iterable = _chemin_expression(noeud.iter, portee)
        interieure = dict(portee, loop="\0loop")
        for nom in _noms_cibles(noeud.target):
            interieure[nom] = (
                iterable + "[]" if iterable and isinstance(noeud.target, jinja2.nodes.Name) else "\0" + nom
            )
        for enfant in noeud.body:
            yield from _variables(enfant, interieure, connues)
        for enfant in noeud.else_ + ([noeud.test] if noeud.test else []):
            yield from _variables(enfant, portee, connues)
        return
    if isinstance(noeud, (jinja2.nodes.Assign, jinja2.nodes.AssignBlock)):
        for nom in _noms_cibles(noeud.target):
            portee[nom] = "\0" + nom
        for enfant in noeud.iter_child_nodes(exclude=("target",)):
            yield from _variables(enfant, portee, connues)
        return
    for enfant in noeud.iter_child_nodes():
        yield from _variables(enfant, portee, connues)


def _source_jinja(chemin: Path) -> str:
    """The Jinja source docxtpl would render: body, headers and footers after its XML clean-up."""
    if chemin.suffix == ".txt":
        return chemin.read_text(encoding="utf-8")
    modele = DocxTemplate(chemin)
    modele.init_docx()
    source = modele.patch_xml(modele.get_xml())
    for partie in modele.docx.part.package.parts:
        if _PARTIES_XML.search(str(partie.partname)) and "document" not in str(partie.partname):
            source += modele.patch_xml(partie.blob.decode("utf-8"))
    # docxtpl renders the document's properties (title, subject...) too
    proprietes = modele.docx.core_properties
    source += "".join(
        getattr(proprietes, nom) or "" for nom in ("author", "comments", "identifier", "language", "subject", "title")
    )
    return source


def _balises_coupees(chemin: Path) -> list[Erreur]:
    """Split or unclosed tags in the body, headers and footers of a DOCX template."""
    try:
        with zipfile.ZipFile(chemin) as archive:
            return [
                erreur
                for partie in archive.namelist()
                if _PARTIES_XML.search(partie)
                for erreur in _tags_coupes(chemin.name, partie, archive.read(partie))
            ]
    except (zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ProcedureError(f"Modèle {chemin.name} : fichier DOCX illisible ({exc})") from exc


_BLOCS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape"}
_TAG_INSTRUCTION = re.compile(r"{%-?\s*(\w+)(.*?)-?%}", re.DOTALL)


def _tag_fautif(source: str, exc: jinja2.TemplateSyntaxError) -> str:
    """The tag to show the user: the block left open when Jinja hit the end of the template (its own
    line number is then the last one), else the text of the line it reports."""
    ouverts: list[str] = []
    for match in _TAG_INSTRUCTION.finditer(source):
        mot = match.group(1)
        if mot in _BLOCS or (mot == "set" and "=" not in match.group(2)):
            ouverts.append(match.group(0))
        elif mot.startswith("end") and ouverts:
            ouverts.pop()
    if ouverts and "end of template" in exc.message:
        return ouverts[-1]
    lignes = source.splitlines()
    ligne = lignes[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lignes) else ""
    return re.sub(r"<[^>]+>", "", ligne).strip()[:120]


def verifier_modele(chemin: Path) -> list[Erreur]:
    """Every problem of one template: unreadable file, split tags, Jinja syntax, unknown variables."""
    chemin = Path(chemin)
    nom = chemin.name
    try:
        # as at rendering: a plain file of its folder (a FIFO would hang the check, a link could lead anywhere)
        dans_le_dossier(chemin.parent, nom, f"Modèle {nom}")
        fichier_ordinaire(chemin, f"Modèle {nom}", TAILLE_MAX_MODELE)
        erreurs = _balises_coupees(chemin) if chemin.suffix == ".docx" else []
    except ProcedureError as exc:
        return [Erreur(nom, None, "", str(exc))]
    source = _source_jinja(chemin)
    try:
        arbre = environnement().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return erreurs + [
            Erreur(nom, None, _tag_fautif(source, exc), f"erreur de syntaxe : {jinja_en_francais(exc.message)}")
        ]
    for construction, message in constructions_interdites(arbre):
        erreurs.append(Erreur(nom, None, construction, message))
    vues = set()
    for chemin_variable in _variables(arbre, {}, variables_documentees()):
        if chemin_variable not in vues:
            vues.add(chemin_variable)
            erreurs.append(
                Erreur(nom, None, chemin_variable, "variable absente du contexte documenté (modeles/CONTEXTE.md)")
            )
    return erreurs


def verifier_modeles(dossier: Path) -> list[Erreur]:
    """Check every template (.docx, .txt) of ``dossier``; an empty list means all are usable."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        raise ProcedureError(f"Dossier de modèles introuvable : {dossier}")
    erreurs: list[Erreur] = []
    for chemin in sorted(dossier.iterdir()):
        if chemin.suffix in _EXTENSIONS and not chemin.name.startswith((".", "~$")):
            erreurs.extend(verifier_modele(chemin))
    return erreurs
