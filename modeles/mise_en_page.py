"""Page layout and styles shared by every shipped template (used by construire_modeles.py).

Everything a lawyer may want to change is a named style (Normal, Heading 1-2, "Titre acte",
"Destinataire", "Cellule"...), never direct formatting, so that restyling a template in Word or
LibreOffice is one edit of one style. Text is written through ``Gabarit.p``, which keeps each Jinja tag
inside one run (a tag split across runs is the classic docxtpl failure) and applies French typography
to the fixed text.

Page breaks: headings, and paragraphs ending in « : » or « , », keep with the next paragraph; a table keeps
with the text that introduces it, its rows never split, its last two rows (a total and the row above it)
stay together; a signature block (``Gabarit.bloc_final``) stays whole and with the paragraph before it.
The only direct formatting is this keep-with-next, set where the page layout, not the look, needs it (it
is what Word and LibreOffice themselves write for "keep with next").
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from procedures.typographie import typographie

POLICE = "Times New Roman"  # LibreOffice substitutes the metric-compatible Liberation Serif
STYLE_A_COMPLETER = "À compléter"
# **bold** segments and [[blank]] placeholders; never inside a Jinja tag, so runs never split one
_BALISAGE = re.compile(r"(\*\*.+?\*\*|\[\[.+?\]\])")
_TAG_JINJA = re.compile(r"({{.*?}}|{%.*?%})")
# a paragraph-level or row-level tag, as docxtpl reads it: "{%p if x %}", "{%tr endfor %}"
_TAG_BLOC = re.compile(r"^{%(?:p|tr) (\w+)")
OUVRANTS, MEDIANS, FERMANTS = ("if", "for"), ("else", "elif"), ("endif", "endfor")


def _police(element) -> None:
    """Set the font on every script slot and drop theme fonts, which would otherwise win."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), POLICE)


def texte_fixe(texte: str) -> str:
    """French typography on fixed text, leaving Jinja tags untouched."""
    return "".join(
        morceau if _TAG_JINJA.fullmatch(morceau) else typographie(morceau) for morceau in _TAG_JINJA.split(texte)
    )


def _remplir(paragraphe, texte: str) -> None:
    """Runs for ``texte``: **bold**, [[blank]], a line break (same paragraph) for each \\n, a tab for each \\t."""
    for morceau in _BALISAGE.split(texte):
        if not morceau:
            continue
        if morceau.startswith("**"):
            paragraphe.add_run(texte_fixe(morceau[2:-2]), style="Strong")
        elif morceau.startswith("[["):
            paragraphe.add_run(texte_fixe(f"[À COMPLÉTER : {morceau[2:-2]}]"), style=STYLE_A_COMPLETER)
        else:
            for i, ligne in enumerate(morceau.split("\n")):
                if i:
                    paragraphe.add_run().add_break()
                for j, segment in enumerate(ligne.split("\t")):
                    if j:
                        paragraphe.add_run().add_tab()
                    if segment:
                        paragraphe.add_run(texte_fixe(segment))


def _texte(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _mot_cle(element) -> str | None:
    """'if', 'endfor'... for a paragraph or row that holds only a block tag (docxtpl removes it), else None."""
    trouve = _TAG_BLOC.match(_texte(element).strip())
    return trouve.group(1) if trouve else None


def garder_avec_suivant(element) -> None:
    """Keep-with-next on a paragraph, or on every paragraph of a table row (how Word and LibreOffice keep a
    row with the next one)."""
    for paragraphe in [element] if element.tag == qn("w:p") else element.iter(qn("w:p")):
        paragraphe.get_or_add_pPr().keepNext_val = True


def _insecable(rangee):
    """A table row that never splits across pages (``w:cantSplit``); its properties, for what else it needs."""
    proprietes = rangee._tr.get_or_add_trPr()
    proprietes.append(OxmlElement("w:cantSplit"))
    return proprietes


def _rendus_avant(element):
    """The paragraphs docxtpl may render just before ``element``, nearest first: those of the {%p %} blocks
    in between (each branch of an if), down to the first one rendered in every case. The other branches of an
    if that holds ``element`` are passed over; a table ends the walk (its last rows keep with what follows)."""
    profondeur = 0  # blocks entered from their end
    autre_branche = False  # inside an earlier branch of the if that holds ``element``
    for precedent in element.itersiblings(preceding=True):
        mot = _mot_cle(precedent) if precedent.tag == qn("w:p") else None
        if mot in FERMANTS:
            profondeur += 1
        elif mot in OUVRANTS:
            if profondeur:
                profondeur -= 1
            else:
                autre_branche = False
        elif mot in MEDIANS:
            autre_branche = autre_branche or not profondeur
        elif autre_branche or precedent.tag not in (qn("w:p"), qn("w:tbl")):
            continue
        elif precedent.tag == qn("w:tbl"):
            if not profondeur:
                return
        else:
            yield precedent
            if not profondeur and _texte(precedent).strip():
                return


def lier_au_precedent(element) -> None:
    """Keep ``element`` with the text rendered just before it."""
    for precedent in _rendus_avant(element):
        garder_avec_suivant(precedent)


def _champ(paragraphe, instruction: str) -> None:
    """A PAGE / NUMPAGES field, as Word writes it (complex field, updated on open and print)."""
    for type_, texte in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraphe.add_run()
        if type_:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), type_)
            run._r.append(fld)
        elif texte == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = texte


class Gabarit:
    """One template being built: a python-docx Document with the house styles."""

    def __init__(self, titre: str, entete: str):
        self.doc = Document()
        self.doc.core_properties.title = titre
        self.doc.core_properties.author = "procedure"
        self._styles()
        self._page(entete)

    # -- styles --------------------------------------------------------------------------------
    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        _police(normal.element)
        normal.font.size = Pt(11)
        fmt = normal.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.1
        fmt.widow_control = True

        for nom, taille, avant in (("Heading 1", 12, 12), ("Heading 2", 11, 8)):
            titre = styles[nom]
            _police(titre.element)
            titre.font.size = Pt(taille)
            titre.font.bold = True
            titre.font.italic = False
            titre.font.color.rgb = RGBColor(0, 0, 0)
            titre.paragraph_format.space_before = Pt(avant)
            titre.paragraph_format.space_after = Pt(6)
            titre.paragraph_format.keep_with_next = True
            titre.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        styles["Heading 1"].font.all_caps = True

        for nom in ("Header", "Footer", "List Bullet", "Strong"):
            _police(styles[nom].element)

        def paragraphe(nom, base="Normal", **kw):
            style = styles.add_style(nom, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
            style.quick_style = True
            pf = style.paragraph_format
            for cle, valeur in kw.items():
                if cle in ("size", "bold", "all_caps", "italic", "small_caps"):
                    setattr(style.font, cle, Pt(valeur) if cle == "size" else valeur)
                else:
                    setattr(pf, cle, valeur)
            return style

        paragraphe(
            "Titre acte",
            size=14,
            bold=True,
            all_caps=True,
            alignment=WD_ALIGN_PARAGRAPH.CENTER,
            space_before=Pt(6),
            space_after=Pt(4),
            keep_with_next=True,
        )
        paragraphe(
            "Sous-titre acte", italic=True, alignment=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(14), keep_with_next=True
        )
        paragraphe("Destinataire", alignment=WD_ALIGN_PARAGRAPH.LEFT, left_indent=Cm(9), space_after=Pt(0))
        paragraphe(
            "Date lettre", alignment=WD_ALIGN_PARAGRAPH.LEFT, left_indent=Cm(9), space_before=Pt(18), space_after=Pt(18)
        )
        paragraphe("Objet", bold=True, alignment=WD_ALIGN_PARAGRAPH.LEFT, space_after=Pt(2))
        paragraphe("Mention envoi", bold=True, small_caps=True, alignment=WD_ALIGN_PARAGRAPH.LEFT, space_after=Pt(12))
        # the closing line at the margin, then the signatory's lines at the tab stop; left-aligned, since Word
        # stretches a justified line that ends in a line break
        signature = paragraphe(
            "Signature", alignment=WD_ALIGN_PARAGRAPH.LEFT, space_before=Pt(6), space_after=Pt(0), keep_together=True
        )
        signature.paragraph_format.tab_stops.add_tab_stop(Cm(9))
        paragraphe("Chapeau", keep_with_next=True)
        paragraphe("Partie", left_indent=Cm(1), space_after=Pt(6))
        paragraphe("Dispositif", left_indent=Cm(1), first_line_indent=Cm(-0.5), space_after=Pt(4))
        paragraphe("Image", alignment=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(2), keep_with_next=True)
        paragraphe("Cellule", alignment=WD_ALIGN_PARAGRAPH.LEFT, space_after=Pt(0), line_spacing=1.0, size=10)
        paragraphe("Cellule montant", base="Cellule", alignment=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraphe("Cellule titre", base="Cellule", bold=True, keep_with_next=True)
        paragraphe("Cellule total", base="Cellule montant", bold=True)
        paragraphe("Note", size=9, space_after=Pt(3))
        paragraphe("Citation", left_indent=Cm(1), right_indent=Cm(1), size=10, space_after=Pt(4))
        paragraphe("Légende", base="Note", alignment=WD_ALIGN_PARAGRAPH.CENTER)
        paragraphe("En-tête", base="Header", alignment=WD_ALIGN_PARAGRAPH.LEFT, space_after=Pt(0), size=9)
        paragraphe("En-tête nom", base="En-tête", size=13, bold=True, small_caps=True)
        paragraphe("Mentions légales", base="En-tête", size=8, italic=True, space_after=Pt(8))
        paragraphe("Pied de page", base="Footer", alignment=WD_ALIGN_PARAGRAPH.CENTER, size=8, space_after=Pt(0))
        fin = paragraphe("Fin", size=1, space_before=Pt(0), space_after=Pt(0))
        fin.paragraph_format.line_spacing = Pt(1)

        blanc = styles.add_style(STYLE_A_COMPLETER, WD_STYLE_TYPE.CHARACTER)
        blanc.font.bold = True
        blanc.font.highlight_color = WD_COLOR_INDEX.YELLOW
        # LibreOffice ignores highlighting in a character style; a yellow shading shows in both programs
        fond = OxmlElement("w:shd")
        fond.set(qn("w:val"), "clear")
        fond.set(qn("w:color"), "auto")
        fond.set(qn("w:fill"), "FFFF00")
        blanc.element.get_or_add_rPr().append(fond)

    # -- page, header, footer ------------------------------------------------------------------
    def _page(self, entete: str) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2)
        section.header_distance = section.footer_distance = Cm(1)
        if entete == "lettre":
            section.different_first_page_header_footer = True
            premiere = section.first_page_header
            self._ecrire(premiere.paragraphs[0], "{{ expediteur.designation }}", "En-tête nom")
            self._ajouter(premiere, "{%p if expediteur.qualite %}")
            self._ajouter(
                premiere,
                "{{ expediteur.qualite }}{% if expediteur.toque %} — toque {{ expediteur.toque }}{% endif %}",
                "En-tête",
            )
            self._ajouter(premiere, "{%p endif %}")
            self._ajouter(premiere, "{%p if expediteur.adresse %}")
            self._ajouter(premiere, "{{ expediteur.adresse }}", "En-tête")
            self._ajouter(premiere, "{%p endif %}")
            self._ajouter(premiere, "{%p if expediteur.telephone or expediteur.email %}")
            self._ajouter(
                premiere,
                "{% if expediteur.telephone %}Tél. {{ expediteur.telephone }}{% endif %}"
                "{% if expediteur.telephone and expediteur.email %} — {% endif %}"
                "{% if expediteur.email %}{{ expediteur.email }}{% endif %}",
                "En-tête",
            )
            self._ajouter(premiere, "{%p endif %}")
            self._ajouter(premiere, "{%p if expediteur.mentions_legales %}")
            self._ajouter(premiere, "{{ expediteur.mentions_legales }}", "Mentions légales")
            self._ajouter(premiere, "{%p endif %}")
            self._ecrire(section.header.paragraphs[0], "{{ expediteur.designation }} — Réf. {{ reference }}", "En-tête")
            for pied in (section.first_page_footer, section.footer):
                self._pied(pied, "{{ expediteur.designation }} — Réf. {{ reference }} — page ")
        else:
            self._ecrire(
                section.header.paragraphs[0],
                "{{ creancier.designation }} c/ {% for d in debiteurs %}{{ d.designation }}"
                "{% if not loop.last %}, {% endif %}{% endfor %}",
                "En-tête",
            )
            self._pied(section.footer, "Réf. {{ reference }} — page ")

    def _ecrire(self, paragraphe, texte: str, style: str) -> None:
        paragraphe.style = self.doc.styles[style]
        _remplir(paragraphe, texte)

    def _ajouter(self, conteneur, texte: str, style: str = "En-tête") -> None:
        self._ecrire(conteneur.add_paragraph(), texte, style)

    def _pied(self, pied, texte: str) -> None:
        paragraphe = pied.paragraphs[0]
        self._ecrire(paragraphe, texte, "Pied de page")
        _champ(paragraphe, "PAGE")
        paragraphe.add_run(" / ")
        _champ(paragraphe, "NUMPAGES")

    # -- body ----------------------------------------------------------------------------------
    def p(self, texte: str = "", style: str = "Normal"):
        paragraphe = self.doc.add_paragraph(style=self.doc.styles[style])
        _remplir(paragraphe, texte)
        # a sentence that goes on below (« … de : », « soussigné, », « Maître, ») never ends a page
        if texte.rstrip().endswith((":", ",")):
            garder_avec_suivant(paragraphe._p)
        if style == "Image":  # an image (the payment QR code) stays with the text that announces it, as a table
            lier_au_precedent(paragraphe._p)
        return paragraphe

    def bloc_final(self, debut) -> None:
        """From ``debut`` to the end (« Fait à … », the closing line, the signature), with the text rendered just
        before it and the headings or lead-in lines that keep with that text: one borderless table row that
        cannot split, so that no page holds the signature alone. A row, because LibreOffice (7.4) keeps a row
        whole but, in many layouts, drops keep-with-next before the last paragraphs of a document."""
        premier = debut._p
        for precedent in _rendus_avant(debut._p):
            premier = precedent
        while (avant := premier.getprevious()) is not None and avant.tag == qn("w:p") and self._garde(avant):
            premier = avant
        elements = [premier, *(e for e in premier.itersiblings() if e.tag != qn("w:sectPr"))]
        table = self.doc.add_table(rows=1, cols=1)
        table.autofit = False
        proprietes = table._tbl.tblPr
        largeur = OxmlElement("w:tblW")
        largeur.set(qn("w:w"), "5000")
        largeur.set(qn("w:type"), "pct")
        proprietes.append(largeur)
        marges = OxmlElement("w:tblCellMar")
        for cote in ("left", "right"):
            marge = OxmlElement(f"w:{cote}")
            marge.set(qn("w:w"), "0")
            marge.set(qn("w:type"), "dxa")
            marges.append(marge)
        proprietes.append(marges)
        _insecable(table.rows[0])
        section = self.doc.sections[0]
        table.columns[0].width = section.page_width - section.left_margin - section.right_margin
        cellule = table.cell(0, 0)._tc
        for paragraphe in cellule.findall(qn("w:p")):
            cellule.remove(paragraphe)
        cellule.extend(elements)  # moves them
        self.p("", "Fin")  # a document cannot end with a table; this one takes no room

    def _garde(self, element) -> bool:
        """keep-with-next on a paragraph, set on it or by its style."""
        format_direct = element.pPr is not None and element.pPr.keepNext_val
        style = self.doc.styles.get_by_id(element.style, WD_STYLE_TYPE.PARAGRAPH) if element.style else None
        while style is not None and not format_direct:
            if style.paragraph_format.keep_with_next is not None:
                return style.paragraph_format.keep_with_next
            style = style.base_style
        return bool(format_direct)

    def tag(self, tag: str) -> None:
        """A paragraph-level tag ({%p ... %}): docxtpl removes its paragraph, leaving no blank line."""
        self.p("{%p " + tag + " %}")

    def titre(self, texte: str, sous_titre: str | None = None) -> None:
        self.p(texte, "Titre acte")
        if sous_titre:
            self.p(sous_titre, "Sous-titre acte")

    def h1(self, texte: str) -> None:
        self.p(texte, "Heading 1")

    def h2(self, texte: str) -> None:
        self.p(texte, "Heading 2")

    def puces(self, *lignes: str) -> None:
        for ligne in lignes:
            self.p(ligne, "List Bullet")

    def tableau(self, colonnes, boucle=None, lignes_fixes=(), totaux=()) -> None:
        """A table: ``colonnes`` is a list of (title, cell text, width cm, right-aligned);
        ``boucle`` = "x in liste" repeats the cell row with {%tr for %}; ``lignes_fixes`` and
        ``totaux`` are rows of cell texts (a row may start with a "{%tr ... %}" tag alone)."""
        table = self.doc.add_table(rows=0, cols=len(colonnes))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False

        def ligne(textes, styles, avec_suivante=True):
            rangee = table.add_row()
            _insecable(rangee)
            cellules = rangee.cells
            for cellule, texte, style, (_, _, largeur, _) in zip(cellules, textes, styles, colonnes):
                cellule.width = Cm(largeur)
                self._ecrire(cellule.paragraphs[0], texte, style)
            if avec_suivante:
                garder_avec_suivant(rangee._tr)
            return cellules

        def balise(tag):
            ligne(["{%tr " + tag + " %}"] + [""] * (len(colonnes) - 1), styles, False)

        entete = table.add_row()
        _insecable(entete).append(OxmlElement("w:tblHeader"))  # repeated on each page
        garder_avec_suivant(entete._tr)
        for cellule, (titre, _, largeur, _) in zip(entete.cells, colonnes):
            cellule.width = Cm(largeur)
            self._ecrire(cellule.paragraphs[0], titre, "Cellule titre")
        styles = ["Cellule montant" if droite else "Cellule" for *_, droite in colonnes]
        if boucle:
            # The repeated row comes twice: as is, then keeping with the next row for the last two
            # iterations, so that the table's last row never opens a page alone. Fixed and total rows,
            # few by construction, all keep with the next one.
            cellules = [texte for _, texte, _, _ in colonnes]
            balise("for " + boucle)
            balise("if loop.revindex > 2")
            ligne(cellules, styles, False)
            balise("else")
            ligne(cellules, styles)
            balise("endif")
            balise("endfor")
        for textes in lignes_fixes:
            ligne(list(textes) + [""] * (len(colonnes) - len(textes)), styles)
        for textes in totaux:
            textes = list(textes) + [""] * (len(colonnes) - len(textes))
            ligne(textes, ["Cellule titre"] + ["Cellule total"] * (len(colonnes) - 1))
        for colonne, (_, _, largeur, _) in zip(table.columns, colonnes):
            colonne.width = Cm(largeur)
        lier_au_precedent(table._tbl)
        self.p("", "Note")

    def enregistrer(self, chemin: Path) -> None:
        """Save with fixed zip timestamps, so that rebuilding unchanged templates changes no byte in git."""
        tampon = io.BytesIO()
        self.doc.save(tampon)
        with zipfile.ZipFile(tampon) as source, zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as cible:
            for entree in source.infolist():
                cible.writestr(
                    zipfile.ZipInfo(entree.filename, date_time=(2020, 1, 1, 0, 0, 0)),
                    source.read(entree.filename),
                    compress_type=zipfile.ZIP_DEFLATED,
                )
