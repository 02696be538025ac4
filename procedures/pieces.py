"""The pièces the court documents list: the user's, then the mise en demeure sent and its avis de réception.

The requête comes with the documents that justify the claim (CPC 1407) and the assignation with "la liste des
pièces sur lesquelles la demande est fondée dans un bordereau qui lui est annexé" (CPC 56 3°, décret 2019-1333);
both state that the debtor was put on notice and when the notice was received: once the mise en demeure is
recorded as sent, the letter becomes a pièce, and so does
the avis de réception when its scan is recorded with the receipt. They are numbered after the user's pièces,
whose numbers never change, unless the user already lists them.

The letter is the file recorded with the sending (``mise_en_demeure_envoyee.fichier``: the signed copy),
else the PDF `procedure next` wrote for the mise en demeure step (``sortie/.empreintes.json``), one per
debtor. A letter sent but found nowhere is an alert, never a silently shorter bordereau.

Conditions générales named in the claim's ground must be produced too: without a pièce that holds them,
an alert names the field, and the acts carry a blank (procedures.contexte).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from procedures.dossier import Dossier, MiseEnDemeureEnvoyee, MiseEnDemeureRecue, depuis_source, dossier_partiel
from procedures.empreintes import lire_registre
from procedures.erreurs import DossierInvalide, Erreur, ProcedureError
from procedures.lecture import Chemin, lire_yaml
from procedures.montants import format_date
from procedures.sortie import modele_du_fichier

# A generated letter: `<reference>-mise_en_demeure.pdf`, or `-mise_en_demeure-debiteur-<n>.pdf` for several.
_LETTRE = re.compile(r"mise_en_demeure(?:-debiteur-(\d+))?")
# Matched on the text without accents (`_sans_accents`); the acronyms in capitals only.
_CONDITIONS_GENERALES = re.compile(r"(?i:\bconditions\s+generales\b)|\bCG[VUA]\b")
_MISE_EN_DEMEURE = re.compile(r"(?i:\bmise\s+en\s+demeure\b)")
_RECEPTION = re.compile(
    r"(?i:\b(avis|accuse|preuve|justificatif)\s+de\s+(reception|remise|premiere\s+presentation)\b)|\bAR\b"
)


@dataclass(frozen=True)
class PieceCommuniquee:
    numero: int
    titre: str
    date: dt.date | None
    fichier: str  # relative to the case folder
    champ: Chemin  # where the case file names it (a generated letter: its sending event)


@dataclass(frozen=True)
class Pieces:
    """Every pièce in number order; the numbers that prove the notice and its receipt; what is missing."""

    liste: tuple[PieceCommuniquee, ...] = ()
    mise_en_demeure: tuple[int, ...] = ()
    alertes: tuple[tuple[Chemin, str], ...] = ()
    # the conditions générales the claim relies on without producing them (None when produced or not cited)
    conditions_generales: str | None = None

    def textes(self, dossier: Dossier) -> list[str]:
        """The alerts as `status` and `next` print them: file, line and field first."""
        return [str(dossier.erreur(chemin, message)) for chemin, message in self.alertes]


def reception(dossier: Dossier, envoi: MiseEnDemeureEnvoyee) -> MiseEnDemeureRecue | None:
    """The receipt of ``envoi`` the documents quote: the last one recorded on or after its sending."""
    return next((e for e in reversed(dossier.evenements(MiseEnDemeureRecue)) if e.date >= envoi.date), None)


def citation(numeros: tuple[int, ...] | list[int]) -> str | None:
    """« pièce n° 4 », « pièces n° 4 et 5 », « pièces n° 3, 4 et 5 »: how an act cites its pièces."""
    numeros = sorted(dict.fromkeys(numeros))
    if not numeros:
        return None
    if len(numeros) == 1:
        return f"pièce n° {numeros[0]}"
    return f"pièces n° {', '.join(map(str, numeros[:-1]))} et {numeros[-1]}"


def pieces_communiquees(dossier: Dossier) -> Pieces:
    """The pièces of the bordereau, the bundle and the Cerfa, with the alerts on what should be one and is not."""
    liste = [
        PieceCommuniquee(p.numero, p.titre, p.date, p.fichier, ("pieces", i, "fichier"))
        for i, p in sorted(enumerate(dossier.pieces), key=lambda ip: ip[1].numero)
    ]
    alertes: list[tuple[Chemin, str]] = []
    citees: list[int] = []
    envois = [(i, e) for i, e in enumerate(dossier.historique) if isinstance(e, MiseEnDemeureEnvoyee)]
    if envois:
        index, envoi = envois[-1]
        precedent = envois[-2][1].date if len(envois) > 1 else None
        ajouts, numeros, probleme = _lettre(dossier, index, envoi, precedent, liste)
        liste += ajouts
        citees += numeros
        if probleme:
            alertes.append((("historique", index), probleme))
        recue = reception(dossier, envoi)
        if recue is not None:
            ajouts, numeros, probleme = _avis(dossier, envoi, recue, liste)
            liste += ajouts
            citees += numeros
            if probleme:
                alertes.append((("historique", dossier.historique.index(recue)), probleme))
    cgv = _conditions_generales(dossier, liste)
    if cgv:
        chemin, cite = cgv
        alertes.append(
            (
                chemin,
                f"la créance invoque des conditions générales (« {cite} ») qu'aucune pièce ne produit : ajoutez-les "
                "aux pièces (titre « Conditions générales de vente… »), ou retirez-les du texte ; d'ici là, les "
                "actes portent un blanc à compléter.",
            )
        )
    return Pieces(tuple(liste), tuple(dict.fromkeys(citees)), tuple(alertes), cgv[1] if cgv else None)


def _lettre(
    dossier: Dossier,
    index: int,
    envoi: MiseEnDemeureEnvoyee,
    precedent: dt.date | None,
    liste: list[PieceCommuniquee],
) -> tuple[list[PieceCommuniquee], list[int], str | None]:
    """The letter sent: the user's pièce if they list it, else new pièces; a problem when none is found."""
    jour = format_date(envoi.date)
    deja = [
        p
        for p in liste
        if (envoi.fichier and _meme_fichier(p.fichier, envoi.fichier))
        or (
            _MISE_EN_DEMEURE.search(_sans_accents(p.titre))
            and (p.date is None or _apres(p.date, precedent, envoi.date))
        )
    ]
    if deja:
        return [], [p.numero for p in deja], None
    if envoi.fichier:
        fichiers = [(envoi.fichier, None)]
    else:
        fichiers, probleme = _lettres_generees(dossier, envoi)
        if probleme:
            return (
                [],
                [],
                (
                    f"la mise en demeure envoyée le {jour} {probleme} : elle ne peut pas figurer au bordereau ni "
                    "dans la liasse. Indiquez la lettre envoyée dans cet événement (« fichier: pieces/"
                    "mise-en-demeure.pdf »), ou ajoutez-la à « pieces »."
                ),
            )
    # the file recorded with the sending is a field of its own; a generated letter has only the event
    champ = ("historique", index, "fichier") if envoi.fichier else ("historique", index)
    numero = _dernier(liste)
    ajouts = []
    for fichier, debiteur in fichiers:
        numero += 1
        destinataire = f" adressée à {dossier.debiteurs[debiteur].nom_complet}" if debiteur is not None else ""
        ajouts.append(
            PieceCommuniquee(
                numero,
                f"Mise en demeure{destinataire} du {jour}",
                envoi.date,
                fichier,
                champ,
            )
        )
    return ajouts, [p.numero for p in ajouts], None


def _lettres_generees(dossier: Dossier, envoi: MiseEnDemeureEnvoyee) -> tuple[list[tuple[str, int | None]], str | None]:
    """(file, debtor index or None) of each PDF written for the mise en demeure step on or before the sending."""
    if dossier.chemin is None:
        return [], "n'a pas de PDF connu (dossier sans fichier)"
    try:
        traces = lire_registre(dossier)
    except ProcedureError as exc:
        return [], f"est introuvable ({exc})"
    lettres, docx = [], []
    for nom, trace in sorted(traces.items()):
        lue = _LETTRE.fullmatch(modele_du_fichier(dossier, Path(nom))) if trace.etape == "mise_en_demeure" else None
        if lue is None or trace.date > envoi.date:
            continue
        debiteur = int(lue.group(1)) - 1 if lue.group(1) else None
        if debiteur is not None and not 0 <= debiteur < len(dossier.debiteurs):
            continue  # written for a debtor the case file no longer lists: not a letter to a party
        if nom.endswith(".docx"):
            docx.append(nom)
        elif nom.endswith(".pdf") and (dossier.repertoire / nom).is_file():
            lettres.append((nom, debiteur))
    if lettres:
        return lettres, None
    if docx:
        return [], f"n'a pas de PDF ({', '.join(docx)} seulement : produisez-le avec « procedure pdf »)"
    return [], "n'a pas de PDF (aucun n'a été produit par « procedure next », ou il a été déplacé)"


def _avis(
    dossier: Dossier, envoi: MiseEnDemeureEnvoyee, recue: MiseEnDemeureRecue, liste: list[PieceCommuniquee]
) -> tuple[list[PieceCommuniquee], list[int], str | None]:
    """The proof of receipt: the user's pièce if they list it, else the scan recorded with the receipt."""
    deja = [
        p
        for p in liste
        if (recue.fichier and _meme_fichier(p.fichier, recue.fichier))
        or (_RECEPTION.search(_sans_accents(p.titre)) and (p.date is None or p.date >= envoi.date))
    ]
    if deja:
        return [], [p.numero for p in deja], None
    quoi = f"la réception de la mise en demeure du {format_date(envoi.date)}"
    if not recue.fichier:
        return (
            [],
            [],
            (
                f"{quoi}, que les actes mentionnent, n'est prouvée par aucune pièce : indiquez le scan de l'avis de "
                "réception dans cet événement (« fichier: pieces/avis-de-reception.pdf »)."
            ),
        )
    if envoi.mode == "lrar":
        titre = "Avis de première présentation" if recue.presentee else "Avis de réception"
    else:
        titre = "Justificatif de réception"
    titre += f" de la mise en demeure du {format_date(envoi.date)}"
    numero = _dernier(liste) + 1
    index = dossier.historique.index(recue)
    champ = ("historique", index, "fichier")
    piece = PieceCommuniquee(numero, titre, recue.date, recue.fichier, champ)
    return [piece], [numero], None


def _conditions_generales(dossier: Dossier, liste: list[PieceCommuniquee]) -> tuple[Chemin, str] | None:
    """Where the claim cites conditions générales and what it calls them, when no pièce holds them."""
    if any(_CONDITIONS_GENERALES.search(_sans_accents(p.titre)) for p in liste):
        return None
    textes = [(("creance", "fondement"), dossier.creance.fondement)] + [
        (("creance", "factures", i, "libelle"), f.libelle) for i, f in enumerate(dossier.creance.factures) if f.libelle
    ]
    for chemin, texte in textes:
        trouve = _CONDITIONS_GENERALES.search(_sans_accents(texte))
        if trouve:
            # the words as the user wrote them, accents included: the match is on the unaccented copy
            return chemin, _citer(texte, trouve.start(), trouve.end())
    return None


def _citer(texte: str, debut: int, fin: int) -> str:
    """The cited words and what qualifies them (« conditions générales de vente »), up to the next comma."""
    suite = re.split(r"[,;.()]| et ", texte[debut:], maxsplit=1)[0].strip()
    return suite if len(suite) <= 60 else texte[debut:fin]


def _sans_accents(texte: str) -> str:
    """Each character without its accent (« é » → « e »), one for one: a match's offsets hold in the original."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in texte)


def _meme_fichier(a: str, b: str) -> bool:
    return PurePosixPath(a.replace("\\", "/")) == PurePosixPath(b.replace("\\", "/"))


def _apres(jour: dt.date, precedent: dt.date | None, envoi: dt.date) -> bool:
    """A pièce dated between the previous notice and this one's sending is this letter (dated when written)."""
    return (precedent is None or jour > precedent) and jour <= envoi


def _dernier(liste: list[PieceCommuniquee]) -> int:
    return max((p.numero for p in liste), default=0)


def verifier_dossier(fichier: str | Path, date_reference: dt.date | None = None) -> list[Erreur]:
    """Every error of a case file (empty when valid), the pièces' files included: one missing, unreadable,
    encrypted, or neither a PDF nor an image is reported here rather than by `bundle` or `next` later."""
    return controler_dossier(fichier, date_reference)[0]


def controler_dossier(fichier: str | Path, date_reference: dt.date | None = None) -> tuple[list[Erreur], list[Erreur]]:
    """`procedure check`: the errors of `verifier_dossier`, and the alerts that do not make the case invalid
    but that a court would notice (a mise en demeure sent that no pièce holds, conditions générales cited
    and not produced), each located by file, line and field."""
    try:
        source = lire_yaml(Path(fichier))
    except DossierInvalide as exc:
        return exc.erreurs(), []
    try:
        dossier = depuis_source(source, date_reference)
        erreurs = []
    except DossierInvalide as exc:
        erreurs = exc.erreurs()
        try:
            dossier = Dossier.model_validate(source.donnees)
            dossier._chemin = source.fichier
        except ValidationError as invalide:
            dossier = dossier_partiel(source, invalide)
    if dossier is None:
        return erreurs, []
    # deferred: pypdf and Pillow load only when there are pièces to open
    from procedures.bordereau import pieces_du_dossier, verifier_pieces

    pieces = pieces_communiquees(dossier)
    champs = {piece.numero: piece.champ for piece in pieces.liste}
    problemes = verifier_pieces(pieces_du_dossier(dossier, pieces.liste))
    erreurs += [source.erreur(champs[numero], message) for numero, message in problemes]
    return erreurs, [source.erreur(chemin, message) for chemin, message in pieces.alertes]
