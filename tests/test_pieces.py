"""The pièces the acts rely on (issue 12, item 11): the mise en demeure sent and its avis de réception join the
bordereau, the bundle and the Cerfa, numbered after the user's pièces, never twice; a letter sent that no file
holds is an alert; conditions générales cited without a pièce are an alert and a blank in the acts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from cli import main
from outils import EXEMPLES, texte_docx
from procedures.bordereau import assembler_bundle, pieces_du_dossier
from procedures.contexte import contexte_document, valeurs_cerfa
from procedures.documents import rendre_document
from procedures.dossier import charger_dossier
from procedures.empreintes import Trace, ecrire_registre, lire_registre
from procedures.erreurs import DossierInvalide
from procedures.evenements import enregistrer
from procedures.exemple import piece_pdf
from procedures.generation import generer_etape
from procedures.machine import situation, situation_dossier
from procedures.pieces import citation, controler_dossier, pieces_communiquees
from procedures.stockage import sha256

AUJOURDHUI = dt.date(2026, 11, 30)
LETTRE = dt.date(2026, 6, 30)  # the b2b example's mise en demeure is written that day
ENVOI = dt.date(2026, 7, 2)
RECEPTION = dt.date(2026, 7, 4)
REQUETE = dt.date(2026, 8, 3)  # the letter's deadline is past: the injonction de payer is open
PDF_LETTRE = "sortie/mise_en_demeure/2026-0042-mise_en_demeure.pdf"


def copier(tmp_path: Path, nom: str = "b2b") -> Path:
    shutil.copytree(EXEMPLES / nom, tmp_path / nom)
    return tmp_path / nom / "dossier.yaml"


def remplacer(chemin: Path, avant: str, apres: str) -> None:
    texte = chemin.read_text(encoding="utf-8")
    assert texte.count(avant) == 1, avant
    chemin.write_text(texte.replace(avant, apres), encoding="utf-8")


def lettre_generee(chemin: Path, pdf: bool = True) -> None:
    """The mise en demeure step as `next` leaves it: its DOCX, and its PDF recorded like `next` records it
    (LibreOffice stands aside here: a one-page PDF takes the converted letter's place)."""
    generer_etape(chemin, LETTRE, pdf=False, aujourd_hui=AUJOURDHUI)
    if pdf:
        sortie = chemin.parent / PDF_LETTRE
        piece_pdf(sortie, "Mise en demeure", ["Lettre recommandée avec demande d'avis de réception."])
        dossier = charger_dossier(chemin, AUJOURDHUI)
        ecrire_registre(
            dossier, {**lire_registre(dossier), PDF_LETTRE: Trace("mise_en_demeure", LETTRE, [sha256(sortie)])}
        )


def envoyee(chemin: Path, **champs) -> None:
    enregistrer(chemin, "mise_en_demeure_envoyee", ENVOI, {"mode": "lrar", **champs}, aujourd_hui=AUJOURDHUI)


def recue(chemin: Path, **champs) -> None:
    enregistrer(chemin, "mise_en_demeure_recue", RECEPTION, champs, aujourd_hui=AUJOURDHUI)


def scan_avis(chemin: Path) -> str:
    """A photographed avis de réception, as a JPEG beside the pièces."""
    Image.new("RGB", (1200, 800), "white").save(chemin.parent / "pieces" / "avis-reception.jpg")
    return "pieces/avis-reception.jpg"


def docx(modele: str, contexte: dict, tmp_path: Path) -> str:
    return texte_docx(rendre_document(modele, contexte, tmp_path / f"{modele}.docx"))


def liasse(chemin: Path, tmp_path: Path) -> PdfReader:
    dossier = charger_dossier(chemin, AUJOURDHUI)
    sortie = tmp_path / "liasse.pdf"
    assembler_bundle(pieces_du_dossier(dossier, pieces_communiquees(dossier).liste), sortie)
    return PdfReader(sortie)


def test_la_mise_en_demeure_envoyee_rejoint_le_bordereau_la_liasse_et_le_cerfa(tmp_path):
    chemin = copier(tmp_path)
    lettre_generee(chemin)
    # Written but not sent: not a pièce yet.
    assert [p.numero for p in pieces_communiquees(charger_dossier(chemin, AUJOURDHUI)).liste] == [1, 2, 3, 4]
    envoyee(chemin, numero_envoi="1A 111 222 3334 5")

    s = situation(charger_dossier(chemin, AUJOURDHUI), REQUETE)
    *_, lettre = s.pieces.liste
    assert (lettre.numero, lettre.titre, lettre.date, lettre.fichier) == (
        5,
        "Mise en demeure du 2 juillet 2026",
        ENVOI,
        PDF_LETTRE,
    )
    assert s.prochaine_etape.etape == "injonction_de_payer"

    bordereau = docx("bordereau", contexte_document(s, documents=("bordereau",)), tmp_path)
    assert "5\nMise en demeure du 2 juillet 2026\n2 juillet 2026" in bordereau
    requete = docx("requete_injonction", contexte_document(s, "injonction_de_payer"), tmp_path)
    assert "Par lettre recommandée avec demande d'avis de réception du 2 juillet 2026 (pièce n° 5), " in requete
    assert "5\nMise en demeure du 2 juillet 2026" in requete  # its own bordereau (CPC 1407)
    assert valeurs_cerfa(s).documents_justificatifs[-1] == "Pièce n° 5 : Mise en demeure du 2 juillet 2026"

    pdf = liasse(chemin, tmp_path)
    assert len(pdf.pages) == 1 + 5  # the index, then five one-page pièces
    assert "Pièce n° 5 — page 1/1" in pdf.pages[-1].extract_text()
    assert pdf.outline[-1].title == "Pièce n° 5 — Mise en demeure du 2 juillet 2026"


def test_une_lettre_par_debiteur_chacune_sa_piece(tmp_path):
    chemin = copier(tmp_path)
    lettre_generee(chemin)
    dossier = charger_dossier(chemin, AUJOURDHUI)
    registre = lire_registre(dossier)
    # Two debtors: `next` wrote one letter each (sortie.exemplaires).
    del registre[PDF_LETTRE]
    for n in (1, 2):
        nom = f"sortie/mise_en_demeure/2026-0042-mise_en_demeure-debiteur-{n}.pdf"
        piece_pdf(chemin.parent / nom, f"Mise en demeure {n}", [])
        registre[nom] = Trace("mise_en_demeure", LETTRE, [sha256(chemin.parent / nom)])
    ecrire_registre(dossier, registre)
    remplacer(
        chemin,
        "creance:\n",
        "  - type: personne_physique\n    civilite: M.\n    nom: Martin\n    prenoms: Paul\n"
        '    adresse: {ligne1: "1 rue Vendôme", code_postal: "69006", ville: Lyon}\ncreance:\n',
    )
    envoyee(chemin)
    pieces = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI))
    assert [(p.numero, p.titre) for p in pieces.liste[4:]] == [
        (5, "Mise en demeure adressée à Boulangerie « Le Fournil » SAS du 2 juillet 2026"),
        (6, "Mise en demeure adressée à M. Paul Martin du 2 juillet 2026"),
    ]
    assert citation(pieces.mise_en_demeure) == "pièces n° 5 et 6"


def test_la_lettre_d_un_debiteur_retire_n_est_pas_une_piece(tmp_path):
    """Letters were written for two debtors, then the second left the case file: only the remaining debtor's
    letter is a pièce (the registry comes with the folder: its names never index past the debtors)."""
    chemin = copier(tmp_path)
    lettre_generee(chemin)
    dossier = charger_dossier(chemin, AUJOURDHUI)
    registre = lire_registre(dossier)
    del registre[PDF_LETTRE]
    for n in (0, 1, 2):
        nom = f"sortie/mise_en_demeure/2026-0042-mise_en_demeure-debiteur-{n}.pdf"
        piece_pdf(chemin.parent / nom, f"Mise en demeure {n}", [])
        registre[nom] = Trace("mise_en_demeure", LETTRE, [sha256(chemin.parent / nom)])
    ecrire_registre(dossier, registre)
    envoyee(chemin)
    pieces = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI))
    assert [(p.numero, p.titre, p.fichier) for p in pieces.liste[4:]] == [
        (
            5,
            "Mise en demeure adressée à Boulangerie « Le Fournil » SAS du 2 juillet 2026",
            "sortie/mise_en_demeure/2026-0042-mise_en_demeure-debiteur-1.pdf",
        )
    ]
    assert not pieces.alertes


def test_le_scan_de_l_avis_de_reception_est_une_piece(tmp_path):
    chemin = copier(tmp_path)
    lettre_generee(chemin)
    envoyee(chemin)
    recue(chemin, fichier=scan_avis(chemin))

    s = situation(charger_dossier(chemin, AUJOURDHUI), REQUETE)
    avis = s.pieces.liste[-1]
    assert (avis.numero, avis.titre, avis.date) == (
        6,
        "Avis de réception de la mise en demeure du 2 juillet 2026",
        RECEPTION,
    )
    assert not s.pieces.alertes
    requete = docx("requete_injonction", contexte_document(s, "injonction_de_payer"), tmp_path)
    assert (
        "du 2 juillet 2026, reçue le 4 juillet 2026 (pièces n° 5 et 6), la débitrice a été mise en demeure" in requete
    )
    assignation = docx("assignation_tc", contexte_document(s, "assignation"), tmp_path)
    assert "reçue le 4 juillet 2026 (pièces n° 5 et 6), la demanderesse a mis en demeure" in assignation

    pdf = liasse(chemin, tmp_path)
    assert len(pdf.pages) == 1 + 6
    assert "Pièce n° 6 — page 1/1" in pdf.pages[-1].extract_text()


def test_une_reception_sans_preuve_est_signalee(tmp_path):
    """The acts say « reçue le 4 juillet 2026 »: with nothing proving it, the user is told where to add the scan."""
    chemin = copier(tmp_path)
    lettre_generee(chemin)
    envoyee(chemin)
    recue(chemin)
    s = situation_dossier(chemin, REQUETE)
    (alerte,) = [a for a in s.alertes if "avis de réception" in a]
    assert alerte.startswith(f"{chemin}:47 historique[4] : la réception de la mise en demeure du 2 juillet 2026")
    assert [p.numero for p in s.pieces.liste] == [1, 2, 3, 4, 5]


def test_pas_de_doublon_quand_la_lettre_est_deja_une_piece(tmp_path):
    """The consommateur example lists « Mise en demeure du 5 janvier 2026 et avis de réception » as pièce 3."""
    chemin = copier(tmp_path, "consommateur")
    s = situation_dossier(chemin, dt.date(2026, 6, 30))
    assert [p.numero for p in s.pieces.liste] == [1, 2, 3]
    assert s.pieces.mise_en_demeure == (3,)
    assert not [a for a in s.alertes if "mise en demeure" in a]
    assignation = docx("assignation_tj", contexte_document(s, "assignation"), tmp_path)
    assert "reçue le 8 janvier 2026 (pièce n° 3), le demandeur a mis en demeure" in assignation


def test_la_lettre_signee_enregistree_avec_l_envoi(tmp_path):
    """The signed copy recorded with the sending is the pièce; listed by the user under another title (the same
    file), it is not added again."""
    chemin = copier(tmp_path)
    piece_pdf(chemin.parent / "pieces" / "lrar-signee.pdf", "Mise en demeure signée", [])
    envoyee(chemin, fichier="pieces/lrar-signee.pdf")
    pieces = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI))
    assert (pieces.liste[-1].numero, pieces.liste[-1].fichier) == (5, "pieces/lrar-signee.pdf")
    assert not pieces.alertes

    remplacer(
        chemin,
        "historique:\n",
        '  - {numero: 5, titre: "Lettre recommandée du 2 juillet 2026", fichier: pieces/lrar-signee.pdf}\n'
        "historique:\n",
    )
    pieces = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI))
    assert len(pieces.liste) == 5 and pieces.mise_en_demeure == (5,)


def test_lettre_envoyee_sans_pdf_alerte_partout(tmp_path):
    """Only the DOCX was written (`next --no-pdf`): the pièce cannot be joined; status, next and check say so,
    naming the event and its line, rather than printing a bordereau without it."""
    chemin = copier(tmp_path)
    lettre_generee(chemin, pdf=False)
    envoyee(chemin)

    s = situation_dossier(chemin, REQUETE)
    (alerte,) = [a for a in s.alertes if "n'a pas de PDF" in a]
    assert alerte.startswith(f"{chemin}:46 historique[3] : la mise en demeure envoyée le 2 juillet 2026 n'a pas de PDF")
    assert "procedure pdf" in alerte and "fichier: pieces/mise-en-demeure.pdf" in alerte
    assert len(s.pieces.liste) == 4

    erreurs, alertes = controler_dossier(chemin, REQUETE)
    assert not erreurs
    assert [(a.ligne, a.champ) for a in alertes] == [(46, "historique[3]")]

    essai = generer_etape(chemin, REQUETE, essai=True, aujourd_hui=AUJOURDHUI)
    assert essai.etape.etape == "injonction_de_payer"
    assert alerte in essai.messages


def test_une_seconde_mise_en_demeure_ne_reprend_pas_la_premiere(tmp_path):
    """A second letter sent on 1 September: the first one (listed by the user, dated 2 July, before the second
    was written) and the avis de réception of 4 July (before the second sending) prove nothing about it."""
    chemin = copier(tmp_path)
    for nom in ("mde-1.pdf", "mde-2.pdf"):
        piece_pdf(chemin.parent / "pieces" / nom, "Mise en demeure", [])
    remplacer(
        chemin,
        "historique:\n",
        '  - {numero: 5, titre: "Mise en demeure du 2 juillet 2026", date: 2026-07-02, fichier: pieces/mde-1.pdf}\n'
        "historique:\n",
    )
    envoyee(chemin)
    recue(chemin, fichier=scan_avis(chemin))
    seconde = dt.date(2026, 9, 1)
    enregistrer(
        chemin,
        "mise_en_demeure_envoyee",
        seconde,
        {"mode": "lrar", "fichier": "pieces/mde-2.pdf"},
        aujourd_hui=AUJOURDHUI,
    )
    pieces = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI))
    assert [(p.numero, p.titre, p.fichier) for p in pieces.liste[4:]] == [
        (5, "Mise en demeure du 2 juillet 2026", "pieces/mde-1.pdf"),
        (6, "Mise en demeure du 1er septembre 2026", "pieces/mde-2.pdf"),
    ]
    assert pieces.mise_en_demeure == (6,)
    assert not pieces.alertes


def test_une_lettre_generee_apres_l_envoi_n_est_pas_celle_envoyee(tmp_path):
    """The PDF on disk was written on 3 July, the day after the sending: it is not the letter sent."""
    chemin = copier(tmp_path)
    lettre_generee(chemin)
    dossier = charger_dossier(chemin, AUJOURDHUI)
    registre = lire_registre(dossier)
    registre[PDF_LETTRE] = Trace("mise_en_demeure", dt.date(2026, 7, 3), registre[PDF_LETTRE].empreintes)
    ecrire_registre(dossier, registre)
    envoyee(chemin)
    pieces = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI))
    assert len(pieces.liste) == 4
    ((champ, message),) = pieces.alertes
    assert champ == ("historique", 3)
    assert message.startswith("la mise en demeure envoyée le 2 juillet 2026 n'a pas de PDF")


@pytest.mark.parametrize(
    "mode, presentee, titre",
    [
        ("lrar", True, "Avis de première présentation de la mise en demeure du 2 juillet 2026"),
        ("lrar", False, "Avis de réception de la mise en demeure du 2 juillet 2026"),
        ("email", False, "Justificatif de réception de la mise en demeure du 2 juillet 2026"),
    ],
)
def test_le_titre_de_la_preuve_de_reception_suit_le_mode_d_envoi(tmp_path, mode, presentee, titre):
    chemin = copier(tmp_path)
    piece_pdf(chemin.parent / "pieces" / "lettre.pdf", "Mise en demeure", [])
    envoyee(chemin, mode=mode, fichier="pieces/lettre.pdf")
    recue(chemin, presentee=presentee, fichier=scan_avis(chemin))
    avis = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI)).liste[-1]
    assert (avis.numero, avis.titre, avis.date, avis.champ) == (6, titre, RECEPTION, ("historique", 3, "fichier"))


def test_un_scan_lie_hors_du_dossier_est_refuse(tmp_path):
    """A link in the case folder to a file outside it (surete.dans_le_dossier): check refuses it, naming the
    event's line and field, and the bundle is not assembled."""
    chemin = copier(tmp_path)
    dehors = tmp_path / "ailleurs.pdf"
    piece_pdf(dehors, "Hors du dossier", [])
    (chemin.parent / "pieces" / "avis.pdf").symlink_to(dehors)
    piece_pdf(chemin.parent / "pieces" / "lettre.pdf", "Mise en demeure", [])
    envoyee(chemin, fichier="pieces/lettre.pdf")
    recue(chemin, fichier="pieces/avis.pdf")
    erreurs, _ = controler_dossier(chemin, REQUETE)
    assert [(e.ligne, e.champ) for e in erreurs] == [(46, "historique[3].fichier")]
    assert "mène hors du dossier" in erreurs[0].message
    with pytest.raises(DossierInvalide, match="mène hors du dossier"):
        liasse(chemin, tmp_path)


def test_un_scan_introuvable_est_une_erreur_de_check(tmp_path):
    chemin = copier(tmp_path)
    lettre_generee(chemin)
    envoyee(chemin)
    recue(chemin, fichier="pieces/absent.pdf")
    erreurs, _ = controler_dossier(chemin, REQUETE)
    assert [(e.ligne, e.champ) for e in erreurs] == [(47, "historique[4].fichier")]
    assert "fichier introuvable" in erreurs[0].message


def test_une_lettre_introuvable_est_une_erreur_sur_son_champ_fichier(tmp_path):
    """The signed copy recorded with the sending is missing: check names the event's `fichier` field, as for
    the avis de réception."""
    chemin = copier(tmp_path)
    envoyee(chemin, fichier="pieces/absente.pdf")
    erreurs, _ = controler_dossier(chemin, REQUETE)
    assert [(e.ligne, e.champ) for e in erreurs] == [(45, "historique[2].fichier")]
    assert "pièce n° 5 (absente.pdf) : fichier introuvable" in erreurs[0].message
    # `next` refuses before writing anything: the bundle would lack the letter the requête cites
    with pytest.raises(DossierInvalide, match=r"pièce n° 5 \(absente\.pdf\) : fichier introuvable"):
        generer_etape(chemin, REQUETE, essai=True, aujourd_hui=AUJOURDHUI)


def test_un_scan_hors_du_dossier_est_refuse(tmp_path):
    chemin = copier(tmp_path)
    envoyee(chemin)
    with pytest.raises(Exception, match="chemin sortant du dossier interdit"):
        recue(chemin, fichier="../ailleurs/avis.pdf")


def sans_cgv(chemin: Path) -> None:
    remplacer(
        chemin,
        '  - {numero: 4, titre: "Conditions générales de vente (version du 2 janvier 2025)", date: 2025-01-02, '
        "fichier: pieces/cgv.pdf}\n",
        "",
    )


BLANC_CGV = (
    "Devis accepté du 3 février 2025 et conditions générales de vente [À COMPLÉTER : produire en pièce les "
    "conditions générales de vente invoquées, ou les retirer du fondement]"
)


def test_conditions_generales_citees_sans_piece(tmp_path):
    chemin = copier(tmp_path)
    sans_cgv(chemin)
    s = situation_dossier(chemin, LETTRE)
    (alerte,) = [a for a in s.alertes if "conditions générales" in a]
    assert alerte.startswith(
        f"{chemin}:31 creance.fondement : la créance invoque des conditions générales (« conditions générales de "
        "vente ») qu'aucune pièce ne produit"
    )
    # The acts do not rely on them silently: a highlighted blank; the letter to the debtor names them as agreed.
    requete = docx("requete_injonction", contexte_document(s, "injonction_de_payer"), tmp_path)
    assert f"La créance a pour fondement : {BLANC_CGV}." in requete
    assert docx("assignation_tc", contexte_document(s, "assignation"), tmp_path).count(BLANC_CGV) == 1
    assert valeurs_cerfa(s).fondement.startswith(BLANC_CGV)
    assert "À COMPLÉTER" not in contexte_document(s, "mise_en_demeure")["creance"]["fondement"]

    resultat = CliRunner().invoke(main, ["check", str(chemin)])
    assert resultat.exit_code == 0
    assert f"Attention : {chemin}:31 creance.fondement : la créance invoque des conditions générales" in resultat.stderr


def test_conditions_generales_produites_aucune_alerte(tmp_path):
    chemin = copier(tmp_path)
    s = situation_dossier(chemin, LETTRE)
    assert not [a for a in s.alertes if "conditions générales" in a]
    assert s.pieces.conditions_generales is None
    requete = docx("requete_injonction", contexte_document(s, "injonction_de_payer"), tmp_path)
    assert "La créance a pour fondement : Devis accepté du 3 février 2025 et conditions générales de vente." in requete
    assert "Conditions générales de vente (version du 2 janvier 2025)" in requete
    assert controler_dossier(chemin, LETTRE) == ([], [])


def test_cgv_dans_le_libelle_d_une_facture(tmp_path):
    chemin = copier(tmp_path)
    sans_cgv(chemin)
    remplacer(chemin, "et conditions générales de vente", "")
    remplacer(chemin, 'libelle: "Vitrine réfrigérée"', 'libelle: "Vitrine réfrigérée, selon nos CGV"')
    (alerte,) = pieces_communiquees(charger_dossier(chemin, AUJOURDHUI)).alertes
    assert alerte[0] == ("creance", "factures", 1, "libelle") and "« CGV »" in alerte[1]


def test_les_cgv_de_l_exemple_sont_celles_du_script(tmp_path):
    """exemples/*/pieces/cgv.pdf are what `python -m exemples.construire_pieces` writes, byte for byte."""
    from exemples.construire_pieces import construire

    for chemin in construire(tmp_path):
        assert chemin.read_bytes() == (EXEMPLES / chemin.relative_to(tmp_path)).read_bytes()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_de_bout_en_bout_la_liasse_de_la_requete_contient_la_mise_en_demeure(tmp_path):
    """`next` writes the letter and its PDF; once sent and received (scan given), the requête's bundle holds it."""
    chemin = copier(tmp_path)
    generer_etape(chemin, LETTRE, aujourd_hui=AUJOURDHUI)
    envoyee(chemin)
    recue(chemin, fichier=scan_avis(chemin))
    resultat = generer_etape(chemin, REQUETE, aujourd_hui=AUJOURDHUI)
    repertoire = chemin.parent / "sortie" / "injonction_de_payer"
    bordereau = PdfReader(repertoire / "2026-0042-bordereau.pdf")
    pdf = PdfReader(repertoire / "2026-0042-pieces.pdf")
    lettre = PdfReader(chemin.parent / PDF_LETTRE)
    # bordereau, index, pièces 1-4 (one page each), the letter as `next` wrote it, the scan
    assert len(pdf.pages) == len(bordereau.pages) + 1 + 4 + len(lettre.pages) + 1
    assert [o.title for o in pdf.outline][-2:] == [
        "Pièce n° 5 — Mise en demeure du 2 juillet 2026",
        "Pièce n° 6 — Avis de réception de la mise en demeure du 2 juillet 2026",
    ]
    assert not [m for m in resultat.messages if "mise en demeure" in m]
