"""A ledger or aged-receivables export (CSV, one row per unpaid invoice) becomes one case folder per debtor.

French exports are the rule: `;` separators, UTF-8 with a BOM or Windows-1252, amounts like `1 234,56` and
dates like `31/12/2025`; all are recognised, ISO forms too. Columns are found by their headers through a small
mapping file (`--colonnes`), with a default for a common layout. The creditor comes from a profile file typed
once. Every row is read and every case validated before anything is written; an existing case is reported,
never touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from procedures.dossier import Partie, depuis_source
from procedures.erreurs import DossierInvalide, Erreur
from procedures.lecture import Source, erreurs_pydantic, format_champ, lire_yaml
from procedures.nouveau_dossier import NOM_DOSSIER, ecrire_nouveau_dossier, texte_commente, verifier_texte

TAILLE_MAX = 20 * 1024 * 1024

# Field → the headers it is found under by default (compared without case, accents or extra spaces).
COLONNES_PAR_DEFAUT: dict[str, tuple[str, ...]] = {
    "debiteur": ("Client", "Débiteur", "Raison sociale", "Nom client"),
    "siren": ("SIREN", "N° SIREN", "SIRET"),
    "rcs": ("RCS", "Greffe"),
    "adresse": ("Adresse", "Adresse 1"),
    "complement": ("Adresse 2", "Complément d'adresse"),
    "code_postal": ("Code postal", "CP"),
    "ville": ("Ville",),
    "email": ("E-mail", "Email", "Courriel"),
    "numero": ("N° facture", "Numéro de facture", "Facture", "N° pièce"),
    "date": ("Date facture", "Date", "Date pièce"),
    "echeance": ("Échéance", "Date d'échéance"),
    "montant": ("Montant TTC", "Montant", "Total TTC"),
    "paye": ("Réglé", "Payé", "Montant réglé"),
}
OBLIGATOIRES = ("debiteur", "adresse", "code_postal", "ville", "numero", "date", "montant")


@dataclass
class RapportImport:
    """What an import did: cases written, cases that already existed (untouched), rows set aside."""

    racine: Path
    crees: list[Path] = field(default_factory=list)
    existants: list[Path] = field(default_factory=list)
    ignorees: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    nouvelles: dict[Path, list[str]] = field(default_factory=dict)  # existing case → invoices it lacks


def _normaliser(texte: str) -> str:
    sans_accents = "".join(c for c in unicodedata.normalize("NFD", texte) if unicodedata.category(c) != "Mn")
    return " ".join(sans_accents.lower().replace("°", "o").split())


def _decoder(brut: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: what Excel writes for "CSV" in France."""
    try:
        return brut.decode("utf-8-sig")
    except UnicodeDecodeError:
        return brut.decode("cp1252", errors="strict")


def _separateur(texte: str) -> str:
    entete = texte.splitlines()[0] if texte else ""
    try:
        return csv.Sniffer().sniff(entete + "\n", delimiters=";,\t|").delimiter
    except csv.Error:
        return ";"


def lire_montant(texte: str) -> Decimal:
    """`1 234,56`, `1234.56`, `1.234,56`, `1 234,56 €`: two decimals at most."""
    compact = re.sub(r"[\s\u00a0\u202f€]|EUR", "", texte)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d{1,2})?", compact):
        compact = compact.replace(".", "")
    compact = compact.replace(",", ".")
    try:
        montant = Decimal(compact)
    except InvalidOperation:
        raise ValueError(f"montant illisible ({texte}) : attendu par exemple 1 234,56") from None
    if not montant.is_finite() or montant != montant.quantize(Decimal("0.01")):
        raise ValueError(f"montant invalide ({texte}) : au plus deux décimales")
    return montant.quantize(Decimal("0.01"))


def lire_date(texte: str) -> dt.date:
    """`31/12/2025`, `31.12.2025`, `31-12-2025` or ISO `2025-12-31`; a two-digit year is refused (ambiguous)."""
    texte = texte.strip()
    try:
        marque = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", texte)
        if marque:
            return dt.date(int(marque.group(3)), int(marque.group(2)), int(marque.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", texte):
            return dt.date.fromisoformat(texte)
    except ValueError:
        raise ValueError(f"date impossible ({texte})") from None
    raise ValueError(f"date illisible ({texte}) : attendu JJ/MM/AAAA ou AAAA-MM-JJ")


def _correspondance(fichier: Path | None) -> dict[str, tuple[str, ...]]:
    """The mapping file: `colonnes: {champ: "En-tête"}`; fields not named keep their default headers."""
    colonnes = dict(COLONNES_PAR_DEFAUT)
    if fichier is None:
        return colonnes
    source = lire_yaml(Path(fichier))
    donnees = source.donnees
    erreurs = []
    for cle in donnees:
        if cle != "colonnes":
            erreurs.append(source.erreur((cle,), "champ inconnu : seul « colonnes » est attendu"))
    for champ, entete in (donnees.get("colonnes") or {}).items():
        if champ not in COLONNES_PAR_DEFAUT:
            erreurs.append(
                source.erreur(("colonnes", champ), "champ inconnu ; champs admis : " + ", ".join(COLONNES_PAR_DEFAUT))
            )
        elif entete is not None and not isinstance(entete, str):
            erreurs.append(source.erreur(("colonnes", champ), "en-tête de colonne attendu (texte)"))
        else:
            colonnes[champ] = (entete,) if entete else ()
    if erreurs:
        raise DossierInvalide(erreurs)
    return colonnes


def _creancier(fichier: Path) -> dict:
    """The creditor's profile: a `partie` (the `creancier` block of a case file), checked by the same model."""
    source = lire_yaml(Path(fichier))
    try:
        Partie.model_validate(source.donnees)
    except ValidationError as exc:
        raise DossierInvalide(erreurs_pydantic(source, exc)) from None
    return source.donnees


@dataclass
class _Ligne:
    numero_ligne: int
    valeurs: dict[str, str]


def _lire_lignes(fichier: Path, colonnes: dict[str, tuple[str, ...]]) -> tuple[list[_Ligne], dict[str, str]]:
    nom = str(fichier)
    try:
        brut = fichier.read_bytes()
    except FileNotFoundError:
        raise DossierInvalide([Erreur(nom, None, "", "fichier introuvable")]) from None
    if len(brut) > TAILLE_MAX:
        raise DossierInvalide([Erreur(nom, None, "", f"fichier trop volumineux ({len(brut)} octets)")])
    texte = _decoder(brut)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=_separateur(texte))
    try:
        entetes = next(lecteur)
    except StopIteration:
        raise DossierInvalide([Erreur(nom, 1, "", "fichier vide : une ligne d'en-têtes est attendue")]) from None
    index = {_normaliser(e): i for i, e in reversed(list(enumerate(entetes)))}
    position: dict[str, int] = {}
    for champ, possibles in colonnes.items():
        for entete in possibles:
            if _normaliser(entete) in index:
                position[champ] = index[_normaliser(entete)]
                break
    manquants = [c for c in OBLIGATOIRES if c not in position]
    if manquants:
        raise DossierInvalide(
            [
                Erreur(
                    nom,
                    1,
                    champ,
                    "colonne introuvable (en-têtes attendus : "
                    f"{' ou '.join(colonnes[champ]) or 'à indiquer dans --colonnes'}) ; "
                    "indiquez l'en-tête de votre fichier dans --colonnes",
                )
                for champ in manquants
            ]
        )
    noms_colonnes = {champ: entetes[i] for champ, i in position.items()}
    lignes = []
    for cellules in lecteur:
        if not any(c.strip() for c in cellules):
            continue
        valeurs = {champ: cellules[i].strip() if i < len(cellules) else "" for champ, i in position.items()}
        lignes.append(_Ligne(lecteur.line_num, valeurs))
    return lignes, noms_colonnes


def _dossier_slug(nom: str, siren: str | None) -> str:
    mots = re.sub(r"[^a-z0-9]+", "-", _normaliser(nom)).strip("-")[:40].strip("-") or "debiteur"
    return f"{siren}-{mots}" if siren else mots


def importer_csv(
    racine: Path,
    fichier_csv: Path,
    fichier_creancier: Path,
    fichier_colonnes: Path | None = None,
    date_reference: dt.date | None = None,
) -> RapportImport:
    """One case per debtor of the export under `racine`, ready for `procedure lot`; existing ones kept."""
    racine, fichier_csv = Path(racine), Path(fichier_csv)
    colonnes = _correspondance(fichier_colonnes)
    creancier = _creancier(Path(fichier_creancier))
    lignes, noms_colonnes = _lire_lignes(fichier_csv, colonnes)
    nom = str(fichier_csv)
    rapport = RapportImport(racine)
    erreurs: list[Erreur] = []
    groupes: dict[str, list[tuple[_Ligne, dict]]] = {}

    for ligne in lignes:
        v = ligne.valeurs

        def erreur(champ: str, message: str, ligne=ligne) -> None:
            erreurs.append(Erreur(nom, ligne.numero_ligne, noms_colonnes.get(champ, champ), message))

        lue: dict = {}
        for champ in OBLIGATOIRES:
            if not v.get(champ):
                erreur(champ, "valeur manquante")
        for champ, lecteur in (
            ("date", lire_date),
            ("echeance", lire_date),
            ("montant", lire_montant),
            ("paye", lire_montant),
        ):
            if v.get(champ):
                try:
                    lue[champ] = lecteur(v[champ])
                except ValueError as exc:
                    erreur(champ, str(exc))
        siren = re.sub(r"[\s\u00a0]", "", v.get("siren", ""))
        if len(siren) == 14 and siren.isdigit():  # a SIRET begins with the SIREN
            siren = siren[:9]
        if "montant" in lue and lue["montant"] <= 0:
            erreur("montant", f"montant négatif ou nul ({v['montant']}) : un avoir se déduit comme un paiement")
            continue
        if any(e.ligne == ligne.numero_ligne for e in erreurs):
            continue
        if lue.get("paye", Decimal(0)) >= lue["montant"]:
            rapport.ignorees.append(f"{nom}:{ligne.numero_ligne} : facture {v['numero']} déjà réglée")
            continue
        cle = f"siren:{siren}" if siren else f"nom:{_normaliser(v['debiteur'])}"
        lue["siren"] = siren or None
        groupes.setdefault(cle, []).append((ligne, lue))

    a_ecrire: list[tuple[Path, str]] = []
    sans_rcs: list[str] = []
    for groupe in groupes.values():
        premiere, lue = groupe[0]
        v = premiere.valeurs
        dossier = racine / _dossier_slug(v["debiteur"], lue["siren"])
        if (dossier / NOM_DOSSIER).exists():
            rapport.existants.append(dossier / NOM_DOSSIER)
            manquantes = _factures_absentes(dossier / NOM_DOSSIER, [ligne.valeurs["numero"] for ligne, _ in groupe])
            if manquantes:
                rapport.nouvelles[dossier / NOM_DOSSIER] = manquantes
            continue
        donnees, origines = _donnees_dossier(dossier.name, creancier, groupe, fichier_csv, noms_colonnes)
        cible = dossier / NOM_DOSSIER
        try:
            depuis_source(_SourceCsv(cible, donnees, groupe, fichier_csv, noms_colonnes), date_reference)
            texte = texte_commente(
                donnees,
                origines,
                [
                    f"Dossier créé par « procedure importer » depuis {fichier_csv.name} (lignes "
                    f"{', '.join(str(ligne.numero_ligne) for ligne, _ in groupe)}).",
                    "Le créancier vient du profil " + Path(fichier_creancier).name + ".",
                    "Vérifiez-le et précisez le fondement, puis : procedure check dossier.yaml",
                ],
            )
            verifier_texte(cible, texte, date_reference)
        except DossierInvalide as exc:
            erreurs.extend(exc.erreurs())
            continue
        a_ecrire.append((dossier, texte))
        if not v.get("rcs"):
            sans_rcs.append(dossier.name)
    if erreurs:
        raise DossierInvalide(erreurs)
    if sans_rcs:
        # Commercial only when both sides are traders (C. com. L721-3): it decides the court.
        rapport.avertissements.append(
            f"{len(sans_rcs)} dossier(s) sans RCS du débiteur (colonne « rcs » absente ou vide) : créance traitée "
            "comme civile ; pour un débiteur commerçant, indiquez « rcs » ou « commercant: true » dans son "
            f"dossier.yaml (tribunal de commerce) : {', '.join(sans_rcs)}"
        )
    for dossier, texte in a_ecrire:
        rapport.crees.append(ecrire_nouveau_dossier(dossier, texte, {}))
    return rapport


def _factures_absentes(chemin: Path, numeros: list[str]) -> list[str]:
    """Invoices of the export an existing case does not list: the user adds them, the import never does."""
    try:
        factures = (lire_yaml(chemin).donnees.get("creance") or {}).get("factures") or []
        connues = {str(f.get("numero")) for f in factures if isinstance(f, dict)}
    except (DossierInvalide, AttributeError):
        return numeros
    return [numero for numero in numeros if numero not in connues]


def _donnees_dossier(
    reference: str, creancier: dict, groupe: list[tuple[_Ligne, dict]], fichier_csv: Path, noms_colonnes: dict[str, str]
) -> tuple[dict, dict]:
    premiere, lue = groupe[0]
    v = premiere.valeurs
    origines: dict = {}

    def source(champ: str, ligne: _Ligne) -> str:
        return f"{fichier_csv.name}, ligne {ligne.numero_ligne}, colonne « {noms_colonnes.get(champ, champ)} »"

    debiteur: dict = {"type": "personne_morale", "denomination": v["debiteur"]}
    origines[("debiteurs", 0, "type")] = "export comptable entre entreprises : à corriger pour un particulier"
    origines[("debiteurs", 0, "denomination")] = source("debiteur", premiere)
    if lue["siren"]:
        debiteur["siren"] = lue["siren"]
        origines[("debiteurs", 0, "siren")] = source("siren", premiere)
    if v.get("rcs"):
        debiteur["rcs"] = v["rcs"]
        origines[("debiteurs", 0, "rcs")] = source("rcs", premiere)
    adresse = {"ligne1": v["adresse"]}
    if v.get("complement"):
        adresse["ligne2"] = v["complement"]
    adresse.update(code_postal=v["code_postal"], ville=v["ville"])
    for cle, champ in (
        ("ligne1", "adresse"),
        ("ligne2", "complement"),
        ("code_postal", "code_postal"),
        ("ville", "ville"),
    ):
        if cle in adresse:
            origines[("debiteurs", 0, "adresse", cle)] = source(champ, premiere)
    debiteur["adresse"] = adresse
    debiteur["professionnel"] = True
    origines[("debiteurs", 0, "professionnel")] = "export comptable entre entreprises"
    if v.get("email"):
        debiteur["email"] = v["email"]
        origines[("debiteurs", 0, "email")] = source("email", premiere)

    factures, paiements = [], []
    for index, (ligne, lu) in enumerate(groupe):
        facture = {"numero": ligne.valeurs["numero"], "date": lu["date"]}
        if "echeance" in lu:
            facture["echeance"] = lu["echeance"]
        facture["montant"] = lu["montant"]
        factures.append(facture)
        for cle, champ in (("numero", "numero"), ("date", "date"), ("echeance", "echeance"), ("montant", "montant")):
            origines[("creance", "factures", index, cle)] = source(champ, ligne)
        if lu.get("paye"):
            rang = len(paiements)
            # The export gives no payment date: the invoice's is the earliest possible, so no interest is
            # claimed on the part already paid.
            paiements.append({"date": lu["date"], "montant": lu["paye"], "facture": ligne.valeurs["numero"]})
            origines[("creance", "paiements", rang, "date")] = (
                "date de la facture : l'export ne date pas le paiement ; corrigez-la si vous la connaissez"
            )
            origines[("creance", "paiements", rang, "montant")] = source("paye", ligne)
    numeros = ", ".join(f["numero"] for f in factures)
    creance = {
        "fondement": f"Facture{'s' if len(factures) > 1 else ''} impayée{'s' if len(factures) > 1 else ''} "
        f"n° {numeros}",
        "factures": factures,
    }
    origines[("creance", "fondement")] = "à préciser : contrat, devis ou conditions générales"
    if paiements:
        creance["paiements"] = paiements
    origines[("reference",)] = "nom du dossier : remplacez-le par votre référence au besoin"
    return {"reference": reference, "creancier": creancier, "debiteurs": [debiteur], "creance": creance}, origines


class _SourceCsv(Source):
    """A case built from rows: an error on an invoice or the debtor points at its CSV line and column."""

    CHAMPS = {
        "numero": "numero",
        "date": "date",
        "echeance": "echeance",
        "montant": "montant",
        "denomination": "debiteur",
        "siren": "siren",
        "ligne1": "adresse",
        "ligne2": "complement",
        "code_postal": "code_postal",
        "ville": "ville",
        "email": "email",
    }

    def __init__(self, cible: Path, donnees: dict, groupe, fichier_csv: Path, noms_colonnes: dict[str, str]):
        super().__init__(cible, donnees, {})
        self.groupe, self.fichier_csv, self.noms_colonnes = groupe, fichier_csv, noms_colonnes

    def erreur(self, chemin, message: str) -> Erreur:
        ligne = self.groupe[0][0]
        if len(chemin) > 2 and chemin[:2] == ("creance", "factures") and isinstance(chemin[2], int):
            ligne = self.groupe[chemin[2]][0]
        elif chemin[:1] != ("debiteurs",):
            return Erreur(str(self.fichier), None, format_champ(chemin), message)
        champ = self.CHAMPS.get(str(chemin[-1]), "")
        return Erreur(
            str(self.fichier_csv), ligne.numero_ligne, self.noms_colonnes.get(champ, format_champ(chemin)), message
        )
