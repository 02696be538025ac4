"""What the user reads: each command's result as blocks (paragraphs and tables), laid out three ways.

- ``tableau``: for a terminal of a given width. Dates, amounts and references never wrap nor get cut: they set
  each column's minimum. Short text (states, steps) wraps at spaces inside its column. Long text (sources,
  motifs) stays in its column when there is room for it and its longest word, else folds under its row.
- ``texte``: for a pipe or a file. Same content, nothing wrapped or cut, no colour.
- ``csv``: the result's main table, one header line, for a spreadsheet.

JSON is each domain module's ``*_json`` function (the ``status --json`` contract lives with its data).
This module only formats: it computes nothing. The domain modules it takes names from load pydantic and
holidays, which `taux` and `schema` do without: the views import them inside their function.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from procedures.erreurs import Erreur
from procedures.montants import format_date, format_date_courte, format_montant, format_taux
from procedures.taux import taux_connus_jusquau
from procedures.taux_maj import SERIE_BCE

FIXE, COURT, LONG = "fixe", "court", "long"
# A long-text column stays in the table only if it gets this many characters (or its whole text):
# narrower, "a few letters per line" is unreadable, so it folds under the row instead.
LARGEUR_MIN_LONG = 30
ESPACE = 2
# On a terminal, past this many rows of a lot the most urgent are enough to read (--json or a pipe gives all).
LIGNES_TERMINAL = 100
RETRAIT = 4
INSECABLE = "\u00a0"  # textwrap splits only at ASCII whitespace
_INSECABLES = re.compile(r" (?=[:;!?»])|(?<=«) ")


@dataclass(frozen=True)
class Colonne:
    titre: str
    genre: str = FIXE  # FIXE: never wraps (dates, amounts, references); COURT: wraps at spaces; LONG: may fold
    droite: bool = False


SEPARATION = None  # a row that draws a rule (totals under the detail lines)


@dataclass
class Tableau:
    titre: str
    colonnes: Sequence[Colonne]
    lignes: list = field(default_factory=list)  # tuples of str (a "\n" inside a cell starts a new line), or SEPARATION
    entetes: bool = True

    def csv(self) -> str:
        tampon = io.StringIO()
        ecrivain = csv.writer(tampon, lineterminator="\n")
        ecrivain.writerow(c.titre for c in self.colonnes)
        for ligne in self.lignes:
            if ligne is not SEPARATION:
                ecrivain.writerow(cellule.replace("\n", " ; ") for cellule in ligne)
        return tampon.getvalue()


@dataclass(frozen=True)
class Texte:
    texte: str
    style: str | None = None  # "titre", "alerte", "discret"
    puce: str = ""
    brut: bool = False  # never wrapped (JSON, a path list)


Bloc = Texte | Tableau


@dataclass(frozen=True)
class Vue:
    """How one command shows its result: blocks for people, a JSON object, optionally a CSV table, and the
    warnings that go to stderr whatever the format."""

    blocs: Callable[[object], list[Bloc]]
    json: Callable[[object], object]
    csv: Callable[[object], Tableau] | None = None
    blocs_terminal: Callable[[object], list[Bloc]] | None = None  # shorter, for a terminal (default: blocs)
    avertissements: Callable[[object], Iterable[str]] = lambda _: ()
    echec: Callable[[object], bool] = lambda _: False


# ---------------------------------------------------------------------------------------------
# Layout


def mettre_en_page(blocs: Iterable[Bloc], largeur: int | None, style: Callable[[str, str], str] | None = None) -> str:
    """The blocks as text: wrapped and fitted to ``largeur`` columns, or never wrapped when it is None.
    ``style(texte, nom)`` colours a title, an alert or a dim line (terminal only)."""
    style = style or (lambda texte, _: texte)
    sortie: list[str] = []
    for bloc in blocs:
        if isinstance(bloc, Tableau):
            if sortie and sortie[-1]:
                sortie.append("")
            sortie += _tableau(bloc, largeur, style)
            sortie.append("")
        else:
            sortie += [style(ligne, bloc.style) if bloc.style else ligne for ligne in _paragraphe(bloc, largeur)]
    while sortie and not sortie[-1]:
        sortie.pop()
    return "\n".join(sortie) + "\n" if sortie else ""  # nothing to say (check on invalid cases): no blank line


def _plier(texte: str, largeur: int, **options) -> list[str]:
    """textwrap.wrap that never breaks before French high punctuation (« : ; ! ? ») nor inside « … »."""
    texte = _INSECABLES.sub(lambda m: m.group(0).replace(" ", INSECABLE), texte)
    return [ligne.replace(INSECABLE, " ") for ligne in textwrap.wrap(texte, largeur, break_on_hyphens=False, **options)]


def _paragraphe(bloc: Texte, largeur: int | None) -> list[str]:
    debut = f"{bloc.puce} " if bloc.puce else ""
    if largeur is None or bloc.brut:
        return [debut + bloc.texte]
    return _plier(bloc.texte, largeur, initial_indent=debut, subsequent_indent=" " * len(debut)) or [""]


def _lignes(cellule: str) -> list[str]:
    return cellule.split("\n")


def _mots(texte: str) -> list[str]:
    return [mot for ligne in _lignes(texte) for mot in ligne.split()]


def _naturelle(cellules: list[str]) -> int:
    return max((len(ligne) for c in cellules for ligne in _lignes(c)), default=0)


def _minimum(colonne: Colonne, cellules: list[str]) -> int:
    titre = max((len(m) for m in colonne.titre.split()), default=0)
    if colonne.genre == FIXE:
        return max(titre, _naturelle(cellules))
    if colonne.genre == COURT:
        return max(titre, max((len(m) for c in cellules for m in _mots(c)), default=0))
    # A word (a URL above all) is never cut: a column too narrow for its longest word folds under the row.
    mot = max((len(m) for c in cellules for m in _mots(c)), default=0)
    return max(titre, min(_naturelle(cellules), LARGEUR_MIN_LONG), mot)


def _largeurs(
    colonnes: list[Colonne],
    lignes: list[tuple],
    entetes: bool,
    largeur: int | None,
    souples: frozenset = frozenset({FIXE, COURT, LONG}),
) -> list[int] | None:
    """Each column's width, or None when even the minimums do not fit ``largeur``. Only the columns whose
    kind is in ``souples`` go below their natural width (a fixed one only wraps its title)."""
    cellules = [[ligne[i] for ligne in lignes] for i in range(len(colonnes))]
    naturelles = [max(_naturelle(cellules[i]), len(c.titre) if entetes else 0) for i, c in enumerate(colonnes)]
    if largeur is None:
        return naturelles
    minimums = [
        naturelles[i]
        if c.genre not in souples
        else _minimum(c, cellules[i])
        if entetes
        else _minimum(Colonne("", c.genre), cellules[i])
        for i, c in enumerate(colonnes)
    ]
    largeurs = list(naturelles)
    disponible = largeur - ESPACE * (len(colonnes) - 1)
    # Take one character at a time from the widest column that can still give one: the columns narrow evenly.
    while sum(largeurs) > disponible:
        candidates = [i for i in range(len(colonnes)) if largeurs[i] > minimums[i]]
        if not candidates:
            return None
        i = max(candidates, key=lambda k: (largeurs[k] - minimums[k], largeurs[k]))
        largeurs[i] -= 1
    return largeurs


def _habiller(texte: str, largeur: int, genre: str) -> list[str]:
    if genre == FIXE:
        return _lignes(texte)
    return [morceau for ligne in _lignes(texte) for morceau in (_plier(ligne, largeur) or [""])]


def _aligner(texte: str, largeur: int, droite: bool) -> str:
    return texte.rjust(largeur) if droite else texte.ljust(largeur)


def _tableau(t: Tableau, largeur: int | None, style: Callable[[str, str], str]) -> list[str]:
    lignes = [ligne for ligne in t.lignes if ligne is not SEPARATION]
    if largeur is None:
        lignes_texte = [
            tuple(c.replace("\n", " ; ") for c in ligne) if ligne is not SEPARATION else ligne for ligne in t.lignes
        ]
        return _grille(t, list(t.colonnes), list(range(len(t.colonnes))), lignes_texte, None, style)
    colonnes = list(t.colonnes)
    visibles = list(range(len(colonnes)))
    souples = frozenset({FIXE, LONG})
    # Long text stays in its column if only it has to narrow; else it folds under its row, and the short
    # text columns narrow (at spaces); if even that does not fit, one record per row.
    if not any(c.genre == LONG for c in colonnes) or _largeurs(colonnes, lignes, t.entetes, largeur, souples) is None:
        visibles = [i for i, c in enumerate(colonnes) if c.genre != LONG]
        souples = frozenset({FIXE, COURT})
        reduites = [tuple(ligne[i] for i in visibles) for ligne in lignes]
        if not visibles or _largeurs([colonnes[i] for i in visibles], reduites, t.entetes, largeur, souples) is None:
            return _fiches(t, largeur, style)
    return _grille(t, colonnes, visibles, t.lignes, largeur, style, souples)


def _grille(
    t: Tableau,
    colonnes: list[Colonne],
    visibles: list[int],
    toutes: list,
    largeur: int | None,
    style: Callable[[str, str], str],
    souples: frozenset = frozenset({FIXE, COURT, LONG}),
) -> list[str]:
    montrees = [colonnes[i] for i in visibles]
    lignes = [tuple(ligne[i] for i in visibles) for ligne in toutes if ligne is not SEPARATION]
    largeurs = _largeurs(montrees, lignes, t.entetes, largeur, souples)
    pliees = [c for i, c in enumerate(colonnes) if i not in visibles]
    total = sum(largeurs) + ESPACE * (len(largeurs) - 1)
    regle = ("─" if largeur else "-") * total
    sortie = [style(t.titre, "titre")] if t.titre else []
    if t.entetes:
        titres = [textwrap.wrap(c.titre, largeurs[k]) if largeur else [c.titre] for k, c in enumerate(montrees)]
        for n in range(max(len(x) for x in titres)):
            cases = [
                _aligner(titres[k][n] if n < len(titres[k]) else "", largeurs[k], c.droite)
                for k, c in enumerate(montrees)
            ]
            sortie.append(style((" " * ESPACE).join(cases).rstrip(), "entete"))
        sortie.append(regle)
    for ligne in toutes:
        if ligne is SEPARATION:
            sortie.append(regle)
            continue
        cases = [
            _habiller(ligne[i], largeurs[k], colonnes[i].genre) if largeur else [ligne[i]]
            for k, i in enumerate(visibles)
        ]
        for n in range(max(len(x) for x in cases)):
            sortie.append(
                (" " * ESPACE)
                .join(
                    _aligner(cases[k][n] if n < len(cases[k]) else "", largeurs[k], montrees[k].droite)
                    for k in range(len(visibles))
                )
                .rstrip()
            )
        for colonne in pliees:
            texte = ligne[colonnes.index(colonne)]
            if texte:
                # Unbroken: a URL stays whole (the terminal wraps it, a copy gets it entire).
                sortie += _plier(
                    f"{colonne.titre} : {texte.replace(chr(10), ' ; ')}",
                    largeur,
                    initial_indent=" " * RETRAIT,
                    subsequent_indent=" " * (RETRAIT + 2),
                    break_long_words=False,
                )
    return sortie


def _fiches(t: Tableau, largeur: int, style: Callable[[str, str], str]) -> list[str]:
    """Too narrow for any table: each row as « titre : valeur » lines, nothing cut."""
    sortie = [style(t.titre, "titre")] if t.titre else []
    for ligne in t.lignes:
        if ligne is SEPARATION:
            continue
        sortie.append("")
        for colonne, cellule in zip(t.colonnes, ligne):
            ligne_unique = f"{colonne.titre} : {cellule.replace(chr(10), ' ; ')}"
            if not cellule:
                continue
            if colonne.genre != FIXE:
                sortie += _plier(ligne_unique, largeur, subsequent_indent=" " * RETRAIT)
            elif len(ligne_unique) <= largeur:
                sortie.append(ligne_unique)
            else:
                sortie += [f"{colonne.titre} :", *(" " * RETRAIT + morceau for morceau in _lignes(cellule))]
    return sortie


# ---------------------------------------------------------------------------------------------
# The commands' views


def _euros(x: Decimal) -> str:
    return format_montant(x, "texte")


def blocs_situation(s) -> list[Bloc]:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.machine import ETATS, etiquette_etape

    etape = s.prochaine_etape
    du = _euros(s.decompte.total)
    if not s.decompte.complet:
        du += f" (incomplet : décompte arrêté au {format_date(s.decompte.calcule_jusquau)})"
    elif s.procedure_collective is not None:
        du += f" (intérêts arrêtés au {format_date(s.decompte.date)}, veille du jugement d'ouverture, C. com. L622-28)"
    quand = f", possible le {format_date(etape.possible_le)}" if etape.possible_le else ""
    cerfa = f" (Cerfa {etape.cerfa})" if etape.cerfa else ""
    # After an ordonnance or a judgment, only the title's sums are served and enforced (CPC exéc. L111-2).
    titre = []
    if s.titre is not None:
        du += " (décompte du créancier : seul le titre est exécuté, CPC exéc. L111-2)"
        titre = [("Selon le titre", f"{_euros(s.titre.total)} au {format_date(s.titre.date)}")]
    resume = Tableau(
        "",
        (Colonne("", FIXE), Colonne("", COURT)),
        [
            ("Dossier", f"{s.dossier.reference} au {format_date(s.date)}"),
            ("État", ETATS[s.etat]),
            ("Montant dû", du),
            *titre,
            ("Juridiction", s.juridiction.nom),
            ("Taux", s.taux_connus),
            ("Prochaine étape", f"{etiquette_etape(etape)}{quand}{cerfa}"),
            ("", etape.motif + (f" [{etape.article}]" if etape.article else "")),
        ],
        entetes=False,
    )
    delais = Tableau(
        "Délais",
        (Colonne("Date"), Colonne("Délai", COURT), Colonne("Texte", COURT)),
        [(format_date_courte(d.date), d.nom, d.article) for d in s.delais],
    )
    blocs: list[Bloc] = [resume, delais]
    if s.voies:
        blocs.append(
            Tableau(
                "Voies vers un titre exécutoire (procedure next --voie …)",
                (
                    Colonne("Voie"),
                    Colonne("Possible le"),
                    Colonne("Fondement", COURT),
                    Colonne("Frais"),
                    Colonne("Accord du débiteur"),
                ),
                [
                    (
                        v.voie + (" (par défaut)" if v.par_defaut else ""),
                        format_date_courte(v.etape.possible_le) if v.etape.possible_le else "—",
                        v.fondement,
                        "débiteur" if v.frais == "debiteur" else "créancier",
                        "oui" if v.accord_debiteur else "non",
                    )
                    for v in s.voies
                ],
            )
        )
    if s.alertes:
        blocs.append(Texte("Alertes", "alerte"))
        blocs += [Texte(alerte, puce="•") for alerte in s.alertes]
    return blocs


_COLONNES_DECOMPTE = (
    Colonne("du"),
    Colonne("au"),
    Colonne("jours", droite=True),
    Colonne("taux", droite=True),
    Colonne("base", droite=True),
    Colonne("base annuelle", droite=True),
    Colonne("montant", droite=True),
)


def blocs_decompte(decompte) -> list[Bloc]:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.decompte import REGIME_AUCUN, REGIME_INTERET_LEGAL, REGIME_PENALITES

    titre = {
        REGIME_PENALITES: "pénalités de retard (C. com. L441-10 II)",
        REGIME_INTERET_LEGAL: "intérêts au taux légal (C. civ. 1231-6)",
        REGIME_AUCUN: "aucun intérêt (pas de mise en demeure)",
    }[decompte.regime]
    blocs: list[Bloc] = [Texte(f"Décompte au {format_date(decompte.date)} : {titre}", "titre")]
    for f in decompte.factures:
        defaut = " (par défaut)" if f.echeance_par_defaut else ""
        table = Tableau(
            f"Facture {f.numero} du {format_date_courte(f.date)}, échéance "
            f"{format_date_courte(f.echeance)}{defaut} : {_euros(f.principal)}",
            _COLONNES_DECOMPTE,
        )
        table.lignes = [
            (
                format_date_courte(l.premier_jour),
                format_date_courte(l.au),
                str(l.jours),
                format_taux(l.taux, "texte"),
                _euros(l.base),
                str(l.base_annuelle),
                _euros(l.montant),
            )
            for l in decompte.lignes
            if l.facture == f.numero
        ]
        table.lignes.append(SEPARATION)
        totaux = [("intérêts", f.interets)] + ([("indemnité", f.indemnite)] if f.indemnite else [])
        for libelle, montant in totaux + [("payé", -f.paye), ("reste dû", f.reste_du)]:
            table.lignes.append(("", "", "", "", "", libelle, _euros(montant)))
        blocs.append(table)
    if decompte.imputations:
        blocs.append(
            Tableau(
                "Imputation des paiements (C. civ. 1342-10, 1343-1)",
                (
                    Colonne("date"),
                    Colonne("facture", COURT),
                    Colonne("montant", droite=True),
                    Colonne("sur intérêts", droite=True),
                    Colonne("sur principal", droite=True),
                ),
                [
                    (
                        format_date_courte(i.date),
                        i.facture or "indemnités, clause pénale ou trop-perçu",
                        _euros(i.montant),
                        _euros(i.sur_interets),
                        _euros(i.sur_principal),
                    )
                    for i in decompte.imputations
                ],
            )
        )
    totaux = Tableau("Totaux", (Colonne("", COURT), Colonne("", droite=True)), entetes=False)
    totaux.lignes = [
        (libelle, _euros(montant))
        for libelle, montant in (
            ("Principal", decompte.principal),
            ("Intérêts et pénalités", decompte.interets),
            ("Indemnités forfaitaires", decompte.indemnites_forfaitaires),
            ("Clause pénale", decompte.clause_penale),
            ("Paiements", -decompte.paiements),
        )
    ]
    totaux.lignes += [SEPARATION, (f"Total dû au {format_date(decompte.calcule_jusquau)}", _euros(decompte.total))]
    blocs.append(totaux)
    blocs += [Texte(alerte, "alerte", puce="⚠") for alerte in decompte.alertes]
    blocs.append(Texte("Conventions de calcul :", "titre"))
    blocs += [Texte(convention, "discret", puce="•") for convention in decompte.conventions]
    return blocs


def csv_decompte(decompte) -> Tableau:
    """One line per interest period, every invoice in the same table (its number in the first column)."""
    return Tableau(
        "",
        (Colonne("facture"), *_COLONNES_DECOMPTE),
        [
            (
                l.facture,
                l.du.isoformat(),
                l.au.isoformat(),
                str(l.jours),
                str(l.taux),
                str(l.base),
                str(l.base_annuelle),
                str(l.montant),
            )
            for l in decompte.lignes
        ],
    )


def _lot_tableau(rapport, brut: bool, lignes=None) -> Tableau:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.lot import libelle_dossier
    from procedures.machine import ETATS, etiquette_etape

    table = Tableau(
        f"Dossiers sous {rapport.racine} au {format_date_courte(rapport.date)}",
        (
            Colonne("Référence"),
            Colonne("État", COURT),
            Colonne("Montant dû", droite=True),
            Colonne("Prochaine étape", COURT),
            Colonne("Possible le"),
            Colonne("Dossier", LONG),
        ),
    )
    for ligne in rapport.par_urgence() if lignes is None else lignes:
        chemin = libelle_dossier(ligne.chemin, rapport.racine)
        if ligne.en_erreur:
            table.lignes.append((ligne.reference or "—", "en erreur", "—", "voir les erreurs", "—", chemin))
            continue
        etape = ligne.prochaine_etape
        etat = ligne.etat if brut else ETATS[ligne.etat]
        montant = str(ligne.montant_du) if brut else _euros(ligne.montant_du)
        if not brut and ligne.alertes:
            etat += f"\n{len(ligne.alertes)} alerte(s)"
        if not brut and not ligne.complet:
            montant += "\n(incomplet)"
        quand = etape.possible_le if etape.possible_le else None
        table.lignes.append(
            (
                ligne.reference or "",
                etat,
                montant,
                etape.etape if brut else etiquette_etape(etape),
                (quand.isoformat() if brut else format_date_courte(quand)) if quand else "—",
                chemin,
            )
        )
    return table


def blocs_lot(rapport, abrege: bool = False) -> list[Bloc]:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.lot import NOM_DOSSIER

    lignes = rapport.par_urgence()
    montrees = lignes[:LIGNES_TERMINAL] if abrege else lignes
    blocs: list[Bloc] = (
        [_lot_tableau(rapport, False, montrees)]
        if rapport.lignes
        else [Texte(f"Aucun fichier {NOM_DOSSIER} sous {rapport.racine}.")]
    )
    if len(montrees) < len(lignes):
        blocs.append(
            Texte(f"… et {len(lignes) - len(montrees)} autres dossiers, moins urgents (--json pour la liste complète).")
        )
    erreurs = [e for ligne in rapport.lignes for e in ligne.erreurs]
    if erreurs:
        blocs.append(Texte("Erreurs", "alerte"))
        blocs += [Texte(str(erreur), puce="•") for erreur in (erreurs[:LIGNES_TERMINAL] if abrege else erreurs)]
        if abrege and len(erreurs) > LIGNES_TERMINAL:
            blocs.append(Texte(f"… et {len(erreurs) - LIGNES_TERMINAL} autres erreurs (--json pour toutes)."))
    du = _euros(rapport.montant_du)
    if rapport.nb_incomplets:
        du += f" (dont {rapport.nb_incomplets} décompte(s) incomplet(s) : taux manquant)"
    blocs.append(
        Tableau(
            "",
            (Colonne(""), Colonne("", COURT)),
            [
                ("Dossiers", str(rapport.nb_dossiers)),
                ("Étape possible à la date", str(rapport.nb_etape_possible)),
                ("Montant total dû", du),
                ("En erreur", str(rapport.nb_en_erreur)),
            ],
            entetes=False,
        )
    )
    return blocs


def blocs_generation(rapport) -> list[Bloc]:
    """`lot --generer`: a table by step, then what waits, what is blocked, what failed."""
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.lot import NOM_DOSSIER, libelle_dossier
    from procedures.lot_generation import _ETIQUETTES, STATUTS, STATUTS_ECHEC
    from procedures.machine import ETIQUETTES_ETAPES

    titre = "Essai (rien n'est écrit)" if rapport.essai else "Lot"
    par_etape = rapport.par_etape()
    colonnes = [s for s in STATUTS if any(c[s] for c in par_etape.values())]
    attente: dict = {}
    for ligne in rapport.lignes:
        if ligne.statut == "en_attente" and ligne.possible_le:
            attente[ligne.etape] = min(attente.get(ligne.etape, ligne.possible_le), ligne.possible_le)
    table = Tableau(
        f"{titre} sous {rapport.racine} au {format_date(rapport.date)}",
        (Colonne("Étape", COURT), *(Colonne(STATUTS[s].capitalize(), COURT, droite=True) for s in colonnes)),
    )
    for etape, comptes in par_etape.items():
        cellules = []
        for statut in colonnes:
            texte = str(comptes[statut]) if comptes[statut] else ""
            if statut == "en_attente" and etape in attente:
                texte += f" (dès le {format_date(attente[etape])})"
            cellules.append(texte)
        table.lignes.append((_ETIQUETTES.get(etape) or ETIQUETTES_ETAPES.get(etape, etape), *cellules))
    blocs: list[Bloc] = [table] if rapport.lignes else [Texte(f"Aucun fichier {NOM_DOSSIER} sous {rapport.racine}.")]
    bloques = Counter(ligne.motif for ligne in rapport.lignes if ligne.statut == "bloque")
    if bloques:
        blocs.append(Texte("Bloqués", "titre"))
        blocs += [Texte(f"{n} × {motif}", puce="•") for motif, n in bloques.most_common()]
    echecs = [ligne for ligne in rapport.lignes if ligne.statut in STATUTS_ECHEC]
    if echecs:
        blocs.append(Texte("En échec ou occupés", "alerte"))
        blocs += [Texte(f"{libelle_dossier(l.chemin, rapport.racine)} : {l.erreur}", puce="•") for l in echecs]
    for ligne in rapport.lignes:
        blocs += [
            Texte(f"Attention : {libelle_dossier(ligne.chemin, rapport.racine)} : {m}", "alerte")
            for m in ligne.messages
        ]
    if rapport.publications:
        blocs.append(Texte(rapport.publications.resume(), "alerte" if rapport.publications.non_verifies else None))
    debit = f", {rapport.documents / rapport.duree:.1f} documents/s" if rapport.duree and rapport.documents else ""
    blocs.append(
        Texte(f"{len(rapport.lignes)} dossier(s), {rapport.documents} document(s) en {rapport.duree:.1f} s{debit}.")
    )
    return blocs


def _pct(valeur: Decimal | None) -> str:
    return "inconnu" if valeur is None else format_taux(valeur, "texte")


_COLONNES_TAUX = (
    Colonne("Semestre"),
    Colonne("Légal particulier", droite=True),
    Colonne("Légal autres", droite=True),
    Colonne("BCE", droite=True),
    Colonne("Pénalités", droite=True),
    Colonne("Vérification", COURT),
    Colonne("Origine", COURT),
    Colonne("Source", LONG),
)


def _verification(ligne) -> str:
    return " / ".join(dict.fromkeys(v for v in (ligne.verification, ligne.verification_bce) if v))


def blocs_taux(table) -> list[Bloc]:
    semestres = Tableau(
        "Taux par semestre",
        _COLONNES_TAUX,
        [
            (
                l.periode,
                _pct(l.particulier),
                _pct(l.autres),
                _pct(l.bce),
                _pct(l.penalites),
                _verification(l) or "—",
                l.origine,
                l.source or "—",
            )
            for l in table.lignes()
        ],
    )
    bce = Tableau(
        "Taux des opérations principales de refinancement de la BCE",
        (
            Colonne("À compter du"),
            Colonne("Taux", droite=True),
            Colonne("Nature", COURT),
            Colonne("Vérification", COURT),
            Colonne("Source", LONG),
        ),
        [
            (format_date_courte(c.date), _pct(c.taux), c.nature, c.verification, c.source)
            for c in table.changements_bce()
        ],
    )
    presence = "" if table.fichier_utilisateur.exists() else " (absent)"
    return [
        semestres,
        Texte(
            "Légal particulier : créancier personne physique hors besoins professionnels ; légal autres : tous "
            "les autres cas (C. mon. fin. L313-2). Pénalités par défaut : taux BCE au 1er janvier / 1er juillet "
            "+ 10 points (C. com. L441-10 II).",
            "discret",
        ),
        bce,
        Texte(
            f"{taux_connus_jusquau(table)} Au-delà, aucun taux n'est deviné : lancez « procedure taux maj » ou "
            f"ajoutez-le dans {table.fichier_utilisateur}{presence}. Vérification « secondaire » : seules des "
            "reprises de l'acte officiel ont été lues ; « utilisateur » : ligne de votre fichier, hors table "
            "livrée."
        ),
    ]


def csv_taux(table) -> Tableau:
    def brut(valeur: Decimal | None) -> str:
        return "" if valeur is None else str(valeur)

    return Tableau(
        "",
        _COLONNES_TAUX,
        [
            (
                l.periode,
                brut(l.particulier),
                brut(l.autres),
                brut(l.bce),
                brut(l.penalites),
                _verification(l),
                l.origine,
                l.source or "",
            )
            for l in table.lignes()
        ],
    )


def json_taux(table) -> dict:
    def brut(valeur: Decimal | None) -> str | None:
        return None if valeur is None else str(valeur)

    fin = table.fin_connue()
    return {
        "semestres": [
            {
                "semestre": l.periode,
                "legal_particulier": brut(l.particulier),
                "legal_autres": brut(l.autres),
                "bce": brut(l.bce),
                "penalites": brut(l.penalites),
                "verification": _verification(l),
                "source": l.source,
                "origine": l.origine,
            }
            for l in table.lignes()
        ],
        "bce": [
            {
                "date": c.date.isoformat(),
                "taux": str(c.taux),
                "nature": c.nature,
                "verification": c.verification,
                "source": c.source,
            }
            for c in table.changements_bce()
        ],
        "connu_jusquau": {
            "taux_legal": fin.taux_legal.isoformat(),
            "bce": fin.bce.isoformat(),
            "penalites": fin.penalites.isoformat(),
        },
    }


_COLONNES_CHAMPS = (
    Colonne("Nom", LONG),
    Colonne("Type"),
    Colonne("Valeurs d'export", LONG),
    Colonne("Page"),
    Colonne("Position"),
)


def _champs_tableau(pdf: Path, champs) -> Tableau:
    return Tableau(
        f"Champs de {pdf}",
        _COLONNES_CHAMPS,
        [
            (c.nom, c.type, ", ".join(c.valeurs_export), str(c.page), ", ".join(f"{v:g}" for v in c.rect))
            for c in champs
        ],
    )


def blocs_champs(pdf: Path, champs) -> list[Bloc]:
    return [
        _champs_tableau(pdf, champs),
        Texte(f"{len(champs)} champ(s) ; position : x1, y1, x2, y2 en points", "discret"),
    ]


def blocs_etape(r) -> list[Bloc]:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.machine import etiquette_etape

    verbe = "serait écrit" if r.essai else "écrit"
    # A path is never wrapped away from its verb: the terminal folds it, a copy gets it whole.
    return [Texte(f"Étape : {etiquette_etape(r.etape)} — {r.etape.motif}")] + [
        Texte(f"  {verbe} : {p}", brut=True) for p in r.fichiers
    ]


def json_etape(r) -> dict:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.machine import etape_json

    return {
        "etape": etape_json(r.etape),
        "repertoire": str(r.repertoire),
        "essai": r.essai,
        "fichiers": [str(p) for p in r.fichiers],
        "messages": list(r.messages),
    }


def _attention(messages: Iterable[str]) -> list[str]:
    return [f"Attention : {m}" for m in messages]


def _json_dossiers(resultats: list[tuple[Path, list[Erreur], list[Erreur]]]) -> dict:
    erreurs = [e for _, liste, _ in resultats for e in liste]
    alertes = [a for _, _, liste in resultats for a in liste]
    return {"valide": not erreurs, "erreurs": [e.as_json() for e in erreurs], "alertes": [a.as_json() for a in alertes]}


def _json_status(s) -> dict:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.machine import status_json

    return status_json(s)


def _json_decompte(d) -> dict:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.decompte import decompte_json

    return decompte_json(d)


def _json_lot(r) -> dict:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.lot import rapport_json

    return rapport_json(r)


def _rendu_verification(resultats, appliquer: bool) -> list[str]:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.debiteur import rendu_verification

    return rendu_verification(resultats, appliquer)


def _json_objet(objet) -> dict:
    """A result dataclass as JSON: dates in ISO form, amounts and paths as strings."""
    return json.loads(json.dumps(asdict(objet), default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)))


def _json_generation(r) -> dict:
    # deferred: the domain modules load pydantic and holidays, which the taux and schema views do without
    from procedures.lot_generation import rapport_generation_json

    return rapport_generation_json(r)


def _blocs_taux_maj(r) -> list[Bloc]:
    blocs: list[Bloc] = [
        Texte(f"Portail de données de la BCE consulté le {format_date(r.consulte_le)} (série {SERIE_BCE}).")
    ]
    if r.ajouts:
        blocs.append(Texte(f"Ajouté à {r.fichier} :", "titre"))
        blocs += [Texte(f"  {ligne}", brut=True) for ligne in r.ajouts]
    else:
        blocs.append(Texte(f"Taux BCE à jour : rien à ajouter, {r.fichier} n'est pas modifié."))
    blocs += [Texte(f"Alerte : {alerte}", "alerte") for alerte in r.alertes]
    blocs += [Texte(f"À compléter : {manquant}") for manquant in r.manquants]
    return blocs


def _json_champs(resultat) -> list[dict]:
    return [asdict(champ) for champ in resultat[1]]


# One view per command (cli.py picks it by name). `echec(resultat)` true: the command exits with code 1.
STATUS = Vue(blocs_situation, _json_status)
DECOMPTE = Vue(blocs_decompte, _json_decompte, csv=csv_decompte)
LOT = Vue(
    blocs_lot,
    _json_lot,
    csv=lambda r: _lot_tableau(r, brut=True),
    echec=lambda r: bool(r.nb_en_erreur),
    blocs_terminal=lambda r: blocs_lot(r, abrege=True),
)
LOT_GENERATION = Vue(
    blocs_generation,
    _json_generation,
    avertissements=lambda r: [f"Rapport écrit : {chemin}" for chemin in r.rapports],
    echec=lambda r: bool(r.nb_echecs),
)
TAUX = Vue(blocs_taux, json_taux, csv=csv_taux)
CHAMPS = Vue(lambda r: blocs_champs(*r), _json_champs, csv=lambda r: _champs_tableau(*r))
CHECK = Vue(
    lambda rs: [Texte(f"{chemin} : dossier valide") for chemin, erreurs, _ in rs if not erreurs],
    _json_dossiers,
    avertissements=lambda rs: (
        [str(e) for _, erreurs, _ in rs for e in erreurs] + _attention(str(a) for _, _, alertes in rs for a in alertes)
    ),
    echec=lambda rs: any(erreurs for _, erreurs, _ in rs),
)
VERIFIER = Vue(
    lambda r: [] if r[1] else [Texte(f"Modèles de {r[0]} : aucune erreur.")],
    lambda r: {"valide": not r[1], "erreurs": [e.as_json() for e in r[1]]},
    avertissements=lambda r: [f"Erreur : {e}" for e in r[1]],
    echec=lambda r: bool(r[1]),
)
ETAPE = Vue(blocs_etape, json_etape, avertissements=lambda r: _attention(r.messages))
PDF = Vue(
    lambda r: [Texte(f"  écrit : {p}", brut=True) for p in r.fichiers],
    json_etape,
    avertissements=lambda r: _attention(r.messages),
)
BUNDLE = Vue(
    lambda r: [Texte(f"Liasse écrite : {r.sortie} ({r.nb_pages} pages, {len(r.pieces)} pièces)", brut=True)],
    lambda r: {"sortie": str(r.sortie), "pages": r.nb_pages, "pieces": len(r.pieces)},
)
REMISE = Vue(
    lambda r: [Texte(f"Remise écrite : {r.chemin} ({len(r.entrees)} fichiers)", brut=True)],
    lambda r: {
        "chemin": str(r.chemin),
        "fichiers": [e.chemin for e in r.entrees],
        "avertissements": list(r.avertissements),
    },
    avertissements=lambda r: _attention(r.avertissements),
)
INIT = Vue(
    lambda r: [
        *(
            [Texte(f"Débiteur repris de l'annuaire des entreprises : {r[1].denomination} ({r[1].etat})")]
            if r[1]
            else []
        ),
        Texte(f"Dossier d'exemple créé : {r[0]}"),
        Texte(f"Essayez : procedure status {r[0]}, puis procedure next {r[0]}"),
    ],
    lambda r: {
        "dossier": str(r[0]),
        "debiteur": ({"denomination": r[1].denomination, "etat": r[1].etat} if r[1] else None),
    },
)
TAUX_MAJ = Vue(lambda r: _blocs_taux_maj(r), lambda r: _json_objet(r))
ENTREPRISE = Vue(lambda lignes: [Texte(l, brut=True) for l in lignes], lambda lignes: {"lignes": lignes})
VERIFIER_DEBITEUR = Vue(
    lambda r: [Texte(l, brut=True) for l in _rendu_verification(*r)],
    lambda r: {"debiteurs": [_json_objet(v) for v in r[0]], "applique": r[1]},
)
INIT_FACTURES = Vue(
    lambda r: (
        [
            Texte(f"Dossier créé depuis les factures : {r.chemin}"),
            Texte(f"Vérifiez-le, puis : procedure status {r.chemin}"),
        ]
        if r.complet
        else [
            Texte(f"Dossier à compléter créé : {r.chemin}"),
            Texte(f"Complétez-le, puis : procedure check {r.chemin}"),
        ]
    ),
    lambda r: {"dossier": str(r.chemin), "complet": r.complet, "avertissements": list(r.avertissements)},
    avertissements=lambda r: _attention(r.avertissements),
)
IMPORTER = Vue(
    lambda r: [
        *(Texte(f"Créé : {c}") for c in r.crees),
        *(
            Texte(
                f"Existe déjà, non modifié : {c}"
                + (
                    f" ; factures de l'export absentes du dossier : {', '.join(r.nouvelles[c])}"
                    if r.nouvelles.get(c)
                    else ""
                )
            )
            for c in r.existants
        ),
        *(Texte(f"Ignorée : {ligne}") for ligne in r.ignorees),
        Texte(
            f"{len(r.crees)} dossier(s) créé(s), {len(r.existants)} déjà présent(s). Ensuite : procedure lot {r.racine}"
        ),
    ],
    lambda r: {
        "racine": str(r.racine),
        "crees": [str(c) for c in r.crees],
        "existants": [{"dossier": str(c), "factures_absentes": list(r.nouvelles.get(c, []))} for c in r.existants],
        "ignorees": list(r.ignorees),
        "avertissements": list(r.avertissements),
    },
    avertissements=lambda r: _attention(r.avertissements),
)
EXPORTER = Vue(
    lambda r: [Texte(f"{len(r[1])} fichier(s) copié(s) dans {r[0]}")],
    lambda r: {"dossier": str(r[0]), "fichiers": [str(p) for p in r[1]]},
)
RECORD = Vue(
    lambda r: [Texte(f"{r[0]} : {r[1].evenement} du {format_date(r[1].date)} enregistré.")],
    lambda r: {"dossier": str(r[0]), "evenement": r[1].model_dump(mode="json", exclude_none=True)},
)
SCHEMA = Vue(lambda schema: [Texte(json.dumps(schema, ensure_ascii=False, indent=2), brut=True)], lambda schema: schema)
