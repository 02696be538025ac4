"""Dated rate tables: taux de l'intérêt légal per half-year, ECB main refinancing rate per change date.

The tables are data (CSV beside this file), each row with its source. A date outside what the
tables know raises ``TauxInconnu`` naming the half-year and how to add the rate: never a guess.

The user may add rows, without a new release, in a CSV file of their own (``--taux FICHIER``, else
``$PROCEDURE_TAUX``, else ``$XDG_CONFIG_HOME/procedure/taux.csv``, ``~/.config`` by default)::

    annee,semestre,particulier,autres,bce,source
    2026,2,<particulier>,<autres>,<taux BCE au 1er juillet 2026>,"Arrêté du … : https://…"

One row per half-year: the two legal rates of the arrêté, and/or ``bce``, the ECB rate in force on
the half-year's first day (1 January or 1 July), the only ECB figure the law uses (C. com. L441-10 II).
Either part may be left empty when it is not known yet; ``source`` is mandatory. ``;`` may replace
``,`` as separator (French spreadsheets), and decimals may use a comma there. Lines starting with
``#`` are comments.

A user row may only ADD knowledge: for a half-year the shipped tables already know, a row with the
same values is accepted (so a file written before an upgrade keeps working) and a row with different
values is refused with its file and line: a shipped value is corrected by a release, not silently.
"""

from __future__ import annotations

import csv
import io
import os
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from pathlib import Path

from procedures.erreurs import DossierInvalide, Erreur, TauxInconnu
from procedures.montants import format_date, format_taux
from procedures.surete import CheminRefuse, lire_ordinaire

__all__ = [
    "OFFICIELLE",
    "SECONDAIRE",
    "UTILISATEUR",
    "ChangementBce",
    "FinConnue",
    "LigneTaux",
    "TableTaux",
    "Taux",
    "charger_taux",
    "debut_semestre",
    "fichier_utilisateur_par_defaut",
    "fin_semestre",
    "libelle_semestre",
    "plus_faible",
    "premier_jour",
    "rappels_mise_a_jour",
    "reserve",
    "semestre",
    "semestre_suivant",
    "table_livree",
    "taux_connus_jusquau",
    "verifier_fichier_utilisateur",
]

POINTS_L441_10 = Decimal("10")  # C. com. L441-10 II: ECB rate + 10 points
MAJORATION_L313_3 = Decimal("5")  # CMF L313-3: +5 points two months after an enforceable judgment
MULTIPLE_PLANCHER = Decimal("3")  # C. com. L441-10 II: contractual rate ≥ 3 × legal rate
# Loi 2012-387 du 22 mars 2012: the ECB rate of 1 January / 1 July governs each half-year since 2013.
DEBUT_REGLE_SEMESTRIELLE = date(2013, 1, 1)

COLONNES_UTILISATEUR = ("annee", "semestre", "particulier", "autres", "bce", "source")
_EN_TETE_UTILISATEUR = ",".join(COLONNES_UTILISATEUR)


# ---------------------------------------------------------------------------------------------
# Half-years


def semestre(jour: date) -> tuple[int, int]:
    """(year, 1) for January-June, (year, 2) for July-December."""
    return jour.year, 1 if jour.month <= 6 else 2


def debut_semestre(jour: date) -> date:
    """1 January or 1 July of the half-year containing ``jour``."""
    return premier_jour(semestre(jour))


def fin_semestre(jour: date) -> date:
    """30 June or 31 December of the half-year containing ``jour``."""
    return date(jour.year, 6, 30) if jour.month <= 6 else date(jour.year, 12, 31)


def libelle_semestre(annee: int, numero: int) -> str:
    return f"{annee} S{numero}"


def premier_jour(cle: tuple[int, int]) -> date:
    """1 January or 1 July of the half-year ``cle`` = (year, 1 or 2)."""
    return date(cle[0], 1 if cle[1] == 1 else 7, 1)


def semestre_suivant(cle: tuple[int, int]) -> tuple[int, int]:
    return (cle[0], 2) if cle[1] == 1 else (cle[0] + 1, 1)


# ---------------------------------------------------------------------------------------------
# Values


OFFICIELLE = "officielle"  # read on the official text (Légifrance / JORF, ecb.europa.eu)
SECONDAIRE = "secondaire"  # the official act is cited, but only copies or reports of it were read
UTILISATEUR = "utilisateur"  # a row of the user's rate file: the tool did not check it
VERIFICATIONS = (OFFICIELLE, SECONDAIRE)
_FORCE = {OFFICIELLE: 0, SECONDAIRE: 1, UTILISATEUR: 2}
OU_VERIFIER_LEGAL = "Légifrance"
OU_VERIFIER_BCE = "le site de la BCE"


def plus_faible(*verifications: str) -> str:
    """The weakest of several verification levels: a rate is only as sure as its least sure part."""
    return max(verifications, key=_FORCE.__getitem__)


@dataclass(frozen=True)
class Taux:
    """A rate in percent (Decimal("12.15") is 12,15 %), its source, and the period it covers.

    ``verification`` says how sure the figure is (officielle, secondaire, utilisateur), ``ou_verifier``
    where to check it, and ``fichier`` the user's rate file it came from when ``utilisateur``.
    """

    valeur: Decimal
    source: str
    periode: str
    verification: str = OFFICIELLE
    ou_verifier: str = ""
    fichier: str = ""

    def __str__(self) -> str:
        return format_taux(self.valeur, "texte")

    @property
    def reserve(self) -> str | None:
        """What a document must say of this rate when it is not read on the official text, else None."""
        return reserve(self.verification, self.fichier)


def reserve(verification: str, fichier: str = "") -> str | None:
    if verification == UTILISATEUR:
        return f"taux repris du fichier de taux de l'utilisateur {fichier}, hors table livrée"
    if verification == SECONDAIRE:
        return "taux issu de sources secondaires, texte officiel non relu"
    return None


@dataclass(frozen=True)
class ChangementBce:
    """One row of the ECB table: a new rate from ``date`` (changement) or the rate observed unchanged
    on ``date`` (confirmation)."""

    date: date
    taux: Decimal
    nature: str
    source: str
    verification: str = SECONDAIRE


@dataclass(frozen=True)
class _Legal:
    particulier: Decimal
    autres: Decimal
    source: str
    origine: str
    verification: str


@dataclass(frozen=True)
class _BceSemestre:
    taux: Decimal
    source: str
    origine: str


@dataclass(frozen=True)
class LigneTaux:
    """One half-year of the listing; ``None`` where the value is unknown."""

    periode: str
    particulier: Decimal | None
    autres: Decimal | None
    bce: Decimal | None
    penalites: Decimal | None
    source: str
    source_bce: str
    origine: str
    verification: str = ""
    verification_bce: str = ""


@dataclass(frozen=True)
class FinConnue:
    """Last days covered: legal rate (contiguous half-years), ECB table, default B2B penalty rate."""

    taux_legal: date
    bce: date
    penalites: date


# ---------------------------------------------------------------------------------------------
# The table


class TableTaux:
    """The merged shipped + user tables. Build it with ``charger_taux``."""

    def __init__(
        self,
        legal: dict[tuple[int, int], _Legal],
        bce: list[ChangementBce],
        bce_semestres: dict[tuple[int, int], _BceSemestre],
        fichier_utilisateur: Path,
    ):
        self._legal = dict(legal)
        self._bce = sorted(bce, key=lambda c: c.date)
        self._bce_dates = [c.date for c in self._bce]
        self._bce_semestres = dict(bce_semestres)
        self.fichier_utilisateur = fichier_utilisateur
        self._fin_connue: FinConnue | None = None

    # -- ECB ---------------------------------------------------------------------------------

    @property
    def bce_confirme_jusquau(self) -> date:
        return self._bce[-1].date

    def changements_bce(self) -> list[ChangementBce]:
        return list(self._bce)

    def _changement_en_vigueur(self, jour: date) -> ChangementBce | None:
        if not self._bce or jour > self.bce_confirme_jusquau or jour < self._bce[0].date:
            return None
        return self._bce[bisect_right(self._bce_dates, jour) - 1]

    def _source_bce(self, jour: date) -> tuple[str, str]:
        """The source of the change in force on ``jour``, plus the confirmation (if any) that no
        change happened between it and ``jour``; and how sure the two together are."""
        i = bisect_right(self._bce_dates, jour) - 1
        debut = max(k for k in range(i + 1) if self._bce[k].nature == "changement")
        source, verification = self._bce[debut].source, self._bce[debut].verification
        confirmation = next((c for c in self._bce[debut + 1 :] if c.nature == "confirmation" and c.date >= jour), None)
        if confirmation is not None:
            source += f" ; inchangé au {format_date(confirmation.date)} : {confirmation.source}"
            verification = plus_faible(verification, confirmation.verification)
        return source, verification

    def taux_bce(self, jour: date) -> Taux:
        """The ECB main refinancing rate in force on ``jour``."""
        changement = self._changement_en_vigueur(jour)
        if changement is not None:
            source, verification = self._source_bce(jour)
            return Taux(changement.taux, source, f"en vigueur le {jour.isoformat()}", verification, OU_VERIFIER_BCE)
        cle = semestre(jour)
        ajout = self._bce_semestres.get(cle)
        if ajout is not None and jour == premier_jour(cle):
            return Taux(
                ajout.taux,
                ajout.source,
                f"en vigueur le {jour.isoformat()}",
                UTILISATEUR,
                OU_VERIFIER_BCE,
                ajout.origine,
            )
        if jour == premier_jour(cle) and jour >= DEBUT_REGLE_SEMESTRIELLE:
            raise TauxInconnu(self._message_bce(cle))
        raise TauxInconnu(
            f"Taux de la BCE en vigueur le {format_date(jour)} inconnu : la table couvre du "
            f"{format_date(self._bce[0].date)} au {format_date(self.bce_confirme_jusquau)}. Les pénalités "
            "de retard n'utilisent que le taux du 1er janvier ou du 1er juillet (C. com. L441-10 II, depuis 2013)."
        )

    def taux_penalites_defaut(self, jour: date) -> Taux:
        """Default B2B late-payment rate for the half-year of ``jour`` (C. com. L441-10 II):
        ECB rate in force on 1 January (S1) or 1 July (S2) + 10 points."""
        if jour < DEBUT_REGLE_SEMESTRIELLE:
            raise TauxInconnu(
                f"Taux des pénalités de retard par défaut non calculé pour le {format_date(jour)} : "
                "la règle du taux BCE au 1er janvier / 1er juillet + 10 points (C. com. L441-10 II) "
                "s'applique depuis le 1er janvier 2013 ; l'outil ne calcule pas les périodes antérieures."
            )
        cle = semestre(jour)
        premier = premier_jour(cle)
        bce = self.taux_bce(premier)
        return Taux(
            bce.valeur + POINTS_L441_10,
            f"Taux BCE de {format_taux(bce.valeur, 'texte')} en vigueur le {format_date(premier)} "
            f"+ 10 points (C. com. L441-10 II) ; BCE : {bce.source}",
            libelle_semestre(*cle),
            bce.verification,
            bce.ou_verifier,
            bce.fichier,
        )

    def ligne_utilisateur(self, cle: tuple[int, int]) -> bool:
        """Whether the user's file has a legal-rate row for the half-year ``cle``."""
        legal = self._legal.get(cle)
        return legal is not None and legal.verification == UTILISATEUR

    def _connait_bce(self, cle: tuple[int, int]) -> bool:
        return cle in self._bce_semestres or self._changement_en_vigueur(premier_jour(cle)) is not None

    # -- Legal rate --------------------------------------------------------------------------

    def taux_legal(self, jour: date, creancier_particulier: bool, majore: bool = False) -> Taux:
        """Taux de l'intérêt légal of the half-year of ``jour`` (CMF L313-2).

        The category depends on the creditor: a natural person not acting for professional needs
        gets the higher rate, every other creditor the "autres cas" rate. ``majore`` adds 5 points
        (CMF L313-3: two months after the judgment became enforceable, unpaid).
        """
        cle = semestre(jour)
        ligne = self._legal.get(cle)
        if ligne is None:
            raise TauxInconnu(self._message_legal(cle))
        valeur = ligne.particulier if creancier_particulier else ligne.autres
        source = ligne.source
        if majore:
            valeur += MAJORATION_L313_3
            source = f"{source} ; majoration de 5 points (C. mon. fin. L313-3)"
        fichier = "" if ligne.origine == "livrée" else ligne.origine
        return Taux(valeur, source, libelle_semestre(*cle), ligne.verification, OU_VERIFIER_LEGAL, fichier)

    def plancher_penalites(self, jour: date) -> Taux:
        """The floor of a contractual B2B rate: 3 × the legal rate "autres cas" (C. com. L441-10 II)."""
        autres = self.taux_legal(jour, creancier_particulier=False)
        return Taux(
            autres.valeur * MULTIPLE_PLANCHER,
            f"3 × taux légal de {format_taux(autres.valeur, 'texte')} (C. com. L441-10 II) ; {autres.source}",
            autres.periode,
            autres.verification,
            autres.ou_verifier,
            autres.fichier,
        )

    # -- Listing -----------------------------------------------------------------------------

    def fin_connue(self) -> FinConnue:
        # Computed once: a table never changes once built, and every situation asks twice (its reminders and
        # `taux_connus`), which walking the half-years made a sixth of a 10 000-dossier lot.
        if self._fin_connue is None:
            self._fin_connue = FinConnue(
                taux_legal=fin_semestre(premier_jour(self._dernier_contigu(self._legal.__contains__))),
                bce=self.bce_confirme_jusquau,
                penalites=fin_semestre(premier_jour(self._dernier_contigu(self._connait_bce))),
            )
        return self._fin_connue

    def _dernier_contigu(self, connu) -> tuple[int, int]:
        """The last half-year reached from the first legal-rate row without a gap."""
        cle = min(self._legal)
        while connu(semestre_suivant(cle)):
            cle = semestre_suivant(cle)
        return cle

    def lignes(self) -> list[LigneTaux]:
        """Every half-year from the first legal-rate row to the last one with any known rate."""
        cle = min(self._legal)
        derniere = max([*self._legal, *self._bce_semestres, semestre(self.bce_confirme_jusquau)])
        out = []
        while cle <= derniere:
            legal = self._legal.get(cle)
            ajout_bce = self._bce_semestres.get(cle)
            bce = penalites = None
            source_bce = verification_bce = ""
            if premier_jour(cle) >= DEBUT_REGLE_SEMESTRIELLE and self._connait_bce(cle):
                taux_bce = self.taux_bce(premier_jour(cle))
                bce, source_bce, verification_bce = taux_bce.valeur, taux_bce.source, taux_bce.verification
                penalites = bce + POINTS_L441_10
            origines = dict.fromkeys(o.origine for o in (legal, ajout_bce) if o is not None)
            out.append(
                LigneTaux(
                    periode=libelle_semestre(*cle),
                    particulier=legal.particulier if legal else None,
                    autres=legal.autres if legal else None,
                    bce=bce,
                    penalites=penalites,
                    source=legal.source if legal else "",
                    source_bce=source_bce,
                    origine=" ; ".join(origines) or "livrée",
                    verification=legal.verification if legal else "",
                    verification_bce=verification_bce,
                )
            )
            cle = semestre_suivant(cle)
        return out

    # -- Messages ----------------------------------------------------------------------------

    def _message_legal(self, cle: tuple[int, int]) -> str:
        premier, dernier = min(self._legal), self._dernier_contigu(self._legal.__contains__)
        return (
            f"Taux de l'intérêt légal inconnu pour le semestre {libelle_semestre(*cle)} "
            f"(à partir du {format_date(premier_jour(cle))}) : la table connue couvre "
            f"{libelle_semestre(*premier)} à {libelle_semestre(*dernier)}. Aucun taux n'est deviné. "
            f"Ajoutez les taux de l'arrêté publié au Journal officiel dans {self.fichier_utilisateur}, "
            f"par exemple :\n{_EN_TETE_UTILISATEUR}\n"
            f'{cle[0]},{cle[1]},<particulier>,<autres>,,"Arrêté du JJ mois AAAA (JORF n° …) : https://…"'
        )

    def _message_bce(self, cle: tuple[int, int]) -> str:
        premier = premier_jour(cle)
        return (
            f"Taux de la BCE (opérations principales de refinancement) en vigueur le "
            f"{format_date(premier)} inconnu : la table est confirmée jusqu'au "
            f"{format_date(self.bce_confirme_jusquau)}. Le taux des pénalités de retard par défaut "
            f"du semestre {libelle_semestre(*cle)} (taux BCE + 10 points, C. com. L441-10 II) ne peut "
            f"pas être calculé, et aucun taux n'est deviné. Ajoutez le taux BCE en vigueur le "
            f"{format_date(premier)} dans {self.fichier_utilisateur}, par exemple :\n"
            f"{_EN_TETE_UTILISATEUR}\n"
            f'{cle[0]},{cle[1]},,,<taux BCE>,"Décision de la BCE du JJ mois AAAA : https://www.ecb.europa.eu/…"'
        )


# ---------------------------------------------------------------------------------------------
# Loading


def fichier_utilisateur_par_defaut() -> Path:
    """$PROCEDURE_TAUX, else $XDG_CONFIG_HOME/procedure/taux.csv (XDG_CONFIG_HOME defaults to ~/.config)."""
    environ = os.environ
    return _fichier_utilisateur(environ.get("PROCEDURE_TAUX"), environ.get("XDG_CONFIG_HOME"), environ.get("HOME"))


@cache
def _fichier_utilisateur(explicite: str | None, config: str | None, home: str | None) -> Path:
    # Keyed by the variables it reads (`home` through expanduser and Path.home): every situation asks, so a
    # 10 000-dossier `lot` built the same path 10 000 times.
    if explicite:
        return Path(explicite).expanduser()
    return Path(config or str(Path.home() / ".config")) / "procedure" / "taux.csv"


TAILLE_MAX_TAUX = 1024 * 1024  # a rate table has a few hundred lines


def charger_taux(fichier: Path | None = None) -> TableTaux:
    """The shipped tables merged with the user's rows.

    ``fichier`` (or ``$PROCEDURE_TAUX``) must exist when given; the XDG default may be absent.
    Raises ``DossierInvalide`` listing every bad line of the user file (file, line, field).
    """
    obligatoire = fichier is not None or bool(os.environ.get("PROCEDURE_TAUX"))
    chemin = Path(fichier).expanduser() if fichier is not None else fichier_utilisateur_par_defaut()
    table = table_livree(chemin)
    if not chemin.exists():
        if obligatoire:
            raise DossierInvalide([Erreur(str(chemin), None, "", "fichier de taux introuvable")])
        return table
    try:
        # a FIFO or /dev/zero given as --taux would hang or fill the memory
        texte = lire_ordinaire(chemin, "Fichier de taux", TAILLE_MAX_TAUX).decode("utf-8-sig")
    except CheminRefuse as exc:
        raise DossierInvalide([Erreur(str(chemin), None, "", f"fichier de taux refusé : {exc.motif}")]) from None
    except UnicodeDecodeError as exc:
        raise DossierInvalide([Erreur(str(chemin), None, "", f"fichier de taux illisible : {exc}")]) from None
    ajouts_legal, ajouts_bce = _lire_utilisateur(texte, str(chemin), table)
    return TableTaux({**table._legal, **ajouts_legal}, table._bce, ajouts_bce, chemin)


def table_livree(fichier_utilisateur: Path) -> TableTaux:
    """The shipped tables alone (``fichier_utilisateur`` is where user rows would go)."""
    legal, bce = _tables_livrees()
    return TableTaux(legal, bce, {}, fichier_utilisateur)


def verifier_fichier_utilisateur(texte: str, fichier: Path) -> None:
    """Raise DossierInvalide (file, line, field) unless ``texte`` is a valid user rate file."""
    _lire_utilisateur(texte, str(fichier), table_livree(fichier))


@cache
def _tables_livrees() -> tuple[dict[tuple[int, int], _Legal], list[ChangementBce]]:
    dossier = files("procedures.taux")
    legal_texte = (dossier / "taux_legal.csv").read_text(encoding="utf-8")
    bce_texte = (dossier / "bce.csv").read_text(encoding="utf-8")
    return _lire_legal_livre(legal_texte, "taux_legal.csv"), _lire_bce_livre(bce_texte, "bce.csv")


class _Lecteur:
    """Collects every error of one file so the user fixes them all at once."""

    def __init__(self, fichier: str):
        self.fichier = fichier
        self.erreurs: list[Erreur] = []

    def erreur(self, ligne: int | None, champ: str, message: str) -> None:
        self.erreurs.append(Erreur(self.fichier, ligne, champ, message))

    def lignes(
        self, texte: str, obligatoires: tuple[str, ...], facultatives: tuple[str, ...] = ()
    ) -> Iterator[tuple[int, dict[str, str]]]:
        utiles = [
            (n, l) for n, l in enumerate(texte.splitlines(), start=1) if l.strip() and not l.lstrip().startswith("#")
        ]
        if not utiles:
            self.erreur(None, "", "fichier vide : en-tête attendu " + ",".join(obligatoires + facultatives))
            return
        numero, en_tete = utiles[0]
        separateur = ";" if en_tete.count(";") > en_tete.count(",") else ","
        colonnes = [c.strip().lower() for c in next(csv.reader([en_tete], delimiter=separateur))]
        manquantes = [c for c in obligatoires if c not in colonnes]
        inconnues = [c for c in colonnes if c not in obligatoires + facultatives]
        if manquantes or inconnues or len(set(colonnes)) != len(colonnes):
            self.erreur(
                numero,
                "en-tête",
                f"colonnes attendues : {','.join(obligatoires + facultatives)} "
                f"(manquantes : {', '.join(manquantes) or 'aucune'} ; inconnues : {', '.join(inconnues) or 'aucune'})",
            )
            return
        for numero, brute in utiles[1:]:
            cellules = next(csv.reader(io.StringIO(brute), delimiter=separateur))
            if len(cellules) != len(colonnes):
                self.erreur(
                    numero, "", f"{len(cellules)} colonnes au lieu de {len(colonnes)} (séparateur « {separateur} »)"
                )
                continue
            yield numero, {c: v.strip() for c, v in zip(colonnes, cellules)}

    def taux(self, numero: int, champ: str, texte: str, minimum: Decimal = Decimal(0)) -> Decimal | None:
        try:
            valeur = Decimal(texte.replace(",", ".").removesuffix("%").strip())
        except InvalidOperation:
            valeur = None
        if valeur is None or not valeur.is_finite() or not minimum <= valeur < 100:
            self.erreur(numero, champ, f"taux en pourcentage attendu (ex. 2.62), pas « {texte} »")
            return None
        return valeur

    def entier(self, numero: int, champ: str, texte: str, permis: range) -> int | None:
        if texte.isdigit() and int(texte) in permis:
            return int(texte)
        self.erreur(numero, champ, f"valeur attendue entre {permis.start} et {permis.stop - 1}, pas « {texte} »")
        return None

    def source(self, numero: int, texte: str) -> str | None:
        if texte:
            return texte
        self.erreur(numero, "source", "source obligatoire (arrêté ou décision, avec son adresse web)")
        return None

    def verification(self, numero: int, texte: str) -> str | None:
        if texte in VERIFICATIONS:
            return texte
        self.erreur(numero, "verification", f"« {' » ou « '.join(VERIFICATIONS)} » attendu, pas « {texte} »")
        return None

    def fin(self) -> None:
        if self.erreurs:
            raise DossierInvalide(self.erreurs)


_ANNEES = range(1999, 2201)


def _lire_legal_livre(texte: str, fichier: str) -> dict[tuple[int, int], _Legal]:
    lecteur = _Lecteur(fichier)
    out = {}
    for numero, r in lecteur.lignes(texte, ("annee", "semestre", "particulier", "autres", "verification", "source")):
        cle = (
            lecteur.entier(numero, "annee", r["annee"], _ANNEES),
            lecteur.entier(numero, "semestre", r["semestre"], range(1, 3)),
        )
        valeurs = (lecteur.taux(numero, "particulier", r["particulier"]), lecteur.taux(numero, "autres", r["autres"]))
        source = lecteur.source(numero, r["source"])
        verification = lecteur.verification(numero, r["verification"])
        if None not in cle and None not in valeurs and source and verification:
            out[cle] = _Legal(*valeurs, source, "livrée", verification)
    lecteur.fin()
    return out


def _lire_bce_livre(texte: str, fichier: str) -> list[ChangementBce]:
    lecteur = _Lecteur(fichier)
    out: list[ChangementBce] = []
    for numero, r in lecteur.lignes(texte, ("date", "taux", "nature", "verification", "source")):
        try:
            jour = date.fromisoformat(r["date"])
        except ValueError:
            lecteur.erreur(numero, "date", f"date AAAA-MM-JJ attendue, pas « {r['date']} »")
            continue
        taux = lecteur.taux(numero, "taux", r["taux"], minimum=Decimal(-10))
        source = lecteur.source(numero, r["source"])
        verification = lecteur.verification(numero, r["verification"])
        if r["nature"] not in ("changement", "confirmation"):
            lecteur.erreur(numero, "nature", "« changement » ou « confirmation » attendu")
        elif out and jour <= out[-1].date:
            lecteur.erreur(numero, "date", "dates strictement croissantes attendues")
        elif r["nature"] == "confirmation" and (not out or taux != out[-1].taux):
            lecteur.erreur(numero, "taux", "une confirmation doit reprendre le taux en vigueur")
        elif taux is not None and source and verification:
            out.append(ChangementBce(jour, taux, r["nature"], source, verification))
    lecteur.fin()
    return out


def _lire_utilisateur(
    texte: str, fichier: str, livree: TableTaux
) -> tuple[dict[tuple[int, int], _Legal], dict[tuple[int, int], _BceSemestre]]:
    lecteur = _Lecteur(fichier)
    legal: dict[tuple[int, int], _Legal] = {}
    bce: dict[tuple[int, int], _BceSemestre] = {}
    vus: dict[tuple[int, int], int] = {}
    obligatoires = ("annee", "semestre", "particulier", "autres", "source")
    for numero, r in lecteur.lignes(texte, obligatoires, ("bce",)):
        annee = lecteur.entier(numero, "annee", r["annee"], _ANNEES)
        numero_semestre = lecteur.entier(numero, "semestre", r["semestre"].upper().removeprefix("S"), range(1, 3))
        source = lecteur.source(numero, r["source"])
        if annee is None or numero_semestre is None or source is None:
            continue
        cle = (annee, numero_semestre)
        if cle in vus:
            lecteur.erreur(numero, "semestre", f"{libelle_semestre(*cle)} figure déjà ligne {vus[cle]}")
            continue
        vus[cle] = numero
        brut_bce = r.get("bce", "")
        if not (r["particulier"] or r["autres"] or brut_bce):
            lecteur.erreur(numero, "particulier", "ligne sans aucun taux : indiquez particulier et autres, ou bce")
            continue
        if bool(r["particulier"]) != bool(r["autres"]):
            lecteur.erreur(
                numero,
                "autres" if r["particulier"] else "particulier",
                "les deux taux légaux de l'arrêté vont ensemble : indiquez particulier et autres",
            )
        elif r["particulier"]:
            valeurs = (
                lecteur.taux(numero, "particulier", r["particulier"]),
                lecteur.taux(numero, "autres", r["autres"]),
            )
            if None not in valeurs:
                _ajouter_legal(lecteur, numero, cle, valeurs, source, livree, legal)
        if brut_bce:
            taux = lecteur.taux(numero, "bce", brut_bce, minimum=Decimal(-10))
            if taux is not None:
                _ajouter_bce(lecteur, numero, cle, taux, source, livree, bce)
    lecteur.fin()
    return legal, bce


def _ajouter_legal(lecteur, numero, cle, valeurs, source, livree: TableTaux, legal) -> None:
    existant = livree._legal.get(cle)
    if existant is None:
        legal[cle] = _Legal(*valeurs, source, lecteur.fichier, UTILISATEUR)
    elif (existant.particulier, existant.autres) != valeurs:
        lecteur.erreur(
            numero,
            "particulier",
            f"{libelle_semestre(*cle)} figure déjà dans la table livrée "
            f"(particulier {format_taux(existant.particulier, 'texte')}, "
            f"autres {format_taux(existant.autres, 'texte')} ; "
            f"{existant.source}) : un fichier personnel ajoute des semestres, il ne modifie pas la table livrée. "
            "Supprimez cette ligne ; si la table livrée est fausse, signalez-le.",
        )


def _ajouter_bce(lecteur, numero, cle, taux, source, livree: TableTaux, bce) -> None:
    premier = premier_jour(cle)
    if premier < DEBUT_REGLE_SEMESTRIELLE:
        lecteur.erreur(
            numero, "bce", "le taux BCE au 1er janvier / 1er juillet ne sert que depuis 2013 (C. com. L441-10 II)"
        )
        return
    existant = livree._changement_en_vigueur(premier)
    if existant is None:
        bce[cle] = _BceSemestre(taux, source, lecteur.fichier)
    elif existant.taux != taux:
        lecteur.erreur(
            numero,
            "bce",
            f"la table livrée donne {format_taux(existant.taux, 'texte')} le {format_date(premier)} "
            f"({existant.source}) : un fichier personnel ne la modifie pas. Supprimez cette valeur ; "
            "si la table livrée est fausse, signalez-le.",
        )


def taux_connus_jusquau(table: TableTaux) -> str:
    """One French sentence: up to which day each kind of rate is known."""
    fin = table.fin_connue()
    return (
        f"Taux connus : intérêt légal jusqu'au {format_date(fin.taux_legal)} ; pénalités par défaut (taux BCE "
        f"+ 10 points) jusqu'au {format_date(fin.penalites)} ; BCE confirmée jusqu'au {format_date(fin.bce)}."
    )


DELAI_RAPPEL = timedelta(days=15)


def rappels_mise_a_jour(table: TableTaux, jour: date, legal: bool = True, bce: bool = True) -> list[str]:
    """Reminders to update the tables: from 15 days before a half-year (and during it) whose rates are unknown;
    ``legal`` and ``bce`` say which of the two kinds the caller needs.

    The arrêté of the legal rate is published in the second half of June or December (CMF D313-1-A:
    the Banque de France sends its figures at least 15 days before publication); the ECB rate of
    1 January / 1 July is known on that day.
    """
    fin = table.fin_connue()
    cle = semestre(jour + DELAI_RAPPEL)
    rappels = []
    besoins = [("de l'intérêt légal", fin.taux_legal, "les taux de l'arrêté publié au Journal officiel")] * legal
    besoins += [("BCE du 1er janvier / 1er juillet", fin.penalites, "le taux BCE")] * bce
    for nom, dernier_jour, quoi in besoins:
        if premier_jour(cle) > dernier_jour:
            debut = dernier_jour + timedelta(days=1)
            rappels.append(
                f"Taux {nom} inconnu à partir du {format_date(debut)} : lancez « procedure taux maj », "
                f"ou ajoutez {quoi} dans {table.fichier_utilisateur}."
            )
    return rappels
