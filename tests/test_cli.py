"""The command line as a user meets it: one error path, one output layer, French, any terminal width."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import main
from outils import MODELES, RACINE
from procedures.exemple import creer_exemple

JOUR = "2026-06-30"
DATE = re.compile(r"\d\d/\d\d/\d{4}")
MONTANT = re.compile(r"-?\d{1,3}(?: \d{3})*,\d\d €")


@pytest.fixture(scope="module")
def exemples(tmp_path_factory):
    racine = tmp_path_factory.mktemp("clients")
    for nom in ("b2b", "consommateur", "ordonnance"):
        creer_exemple(racine / nom, nom)
    return racine


def lancer(*args, colonnes: int | None = None, env: dict | None = None, **options):
    env = {**(env or {}), **({"COLUMNS": str(colonnes)} if colonnes else {})}
    return CliRunner().invoke(main, [str(a) for a in args], env=env, **options)


def toutes_les_commandes(groupe: click.Group, prefixe=()):
    for nom, commande in groupe.commands.items():
        if isinstance(commande, click.Group):
            yield from toutes_les_commandes(commande, (*prefixe, nom))
        else:
            yield (*prefixe, nom), commande


# ---------------------------------------------------------------------------------------------
# One error path


def test_chaque_commande_a_json():
    sans = [
        " ".join(nom)
        for nom, commande in toutes_les_commandes(main)
        if "--json" not in {o for p in commande.params for o in p.opts}
    ]
    assert sans == []


def test_erreur_du_dossier_code_1_en_francais_et_en_json(exemples, tmp_path):
    refus = lancer("next", exemples / "ordonnance" / "dossier.yaml", "--date", "2030-01-01", "--hors-ligne")
    assert refus.exit_code == 1
    assert refus.stderr.startswith("Erreur : ") and "futur" in refus.stderr
    absent = lancer("status", tmp_path / "absent.yaml", "--json")
    assert absent.exit_code == 1
    donnees = json.loads(absent.stdout)
    assert (
        donnees["valide"] is False
        and str(tmp_path / "absent.yaml") in donnees["erreurs"][0]["fichier"] + donnees["erreurs"][0]["message"]
    )


def test_erreur_inattendue_une_ligne_nommant_le_fichier_code_2(exemples, monkeypatch):
    import procedures.machine

    def panne(*args, **kwargs):
        raise KeyError("etat")

    monkeypatch.setattr(procedures.machine, "situation_dossier", panne)
    dossier = exemples / "b2b" / "dossier.yaml"
    resultat = lancer("status", dossier)
    assert resultat.exit_code == 2
    lignes = resultat.stderr.splitlines()
    assert len(lignes) == 1 and "Traceback" not in resultat.output
    assert lignes[0].startswith(f"Erreur inattendue sur {dossier} (KeyError")
    monkeypatch.setenv("PROCEDURE_DEBUG", "1")
    assert isinstance(lancer("status", dossier).exception, KeyError)


def test_erreur_systeme_nomme_le_fichier_en_cause(exemples, monkeypatch):
    import procedures.machine

    def refus(*args, **kwargs):
        raise PermissionError(13, "Permission non accordée", "/srv/dossiers/verrou")

    monkeypatch.setattr(procedures.machine, "situation_dossier", refus)
    resultat = lancer("status", exemples / "b2b" / "dossier.yaml")
    assert resultat.exit_code == 2
    assert resultat.stderr.startswith("Erreur inattendue sur /srv/dossiers/verrou (PermissionError")


def test_check_et_lot_code_1_quand_une_erreur_est_signalee(exemples, tmp_path):
    (tmp_path / "dossier.yaml").write_text("reference: [\n", encoding="utf-8")
    assert lancer("check", exemples / "b2b" / "dossier.yaml").exit_code == 0
    resultat = lancer("check", exemples / "b2b" / "dossier.yaml", tmp_path / "dossier.yaml", "--json")
    assert resultat.exit_code == 1
    assert json.loads(resultat.stdout)["valide"] is False


def test_force_partout_pour_remplacer(exemples):
    options = {
        " ".join(nom): {o for p in commande.params for o in p.opts} for nom, commande in toutes_les_commandes(main)
    }
    assert "--force" in options["modeles exporter"] and "--ecraser" not in options["modeles exporter"]
    assert "--force" in options["next"] and "--force" in options["pdf"]


# ---------------------------------------------------------------------------------------------
# Output fitted to 80 columns, plain in a pipe


def verifier_80_colonnes(sortie: str, attendus: list[str]):
    for ligne in sortie.splitlines():
        assert len(ligne) <= 80 or "http" in ligne, ligne
    for texte in attendus:
        assert texte in sortie, texte


def test_decompte_a_80_colonnes(exemples):
    resultat = lancer("decompte", exemples / "b2b" / "dossier.yaml", "--date", JOUR, "--format", "tableau", colonnes=80)
    assert resultat.exit_code == 0, resultat.output
    texte = resultat.stdout
    # Every date and amount of the piped output is whole, on one line, at 80 columns too.
    brut = lancer("decompte", exemples / "b2b" / "dossier.yaml", "--date", JOUR).stdout
    verifier_80_colonnes(texte, DATE.findall(brut) + MONTANT.findall(brut))
    assert "15/04/2025  10/06/2025     57  13,15 %  4 800,00 €            365      98,57 €" in texte


def test_taux_a_80_colonnes_les_sources_sous_la_ligne():
    resultat = lancer("taux", "--format", "tableau", colonnes=80)
    assert resultat.exit_code == 0, resultat.output
    texte = resultat.stdout
    ligne = next(l for l in texte.splitlines() if l.startswith("2025 S2"))
    assert len(ligne) <= 80 and "%" in ligne
    suivante = texte.splitlines()[texte.splitlines().index(ligne) + 1]
    assert suivante.startswith("    Source : ")
    # Every address of the piped output (the BCE table's sources too) is whole at 80 columns: never cut.
    adresses = re.findall(r"https?://[^\s;]+", lancer("taux").stdout)
    verifier_80_colonnes(texte, adresses)
    assert re.search(r"^17/06/2026 +2,40 % +changement +secondaire$", texte, re.M)


def test_lot_a_80_colonnes_references_et_etapes_entieres(exemples):
    resultat = lancer("lot", exemples, "--date", JOUR, "--processus", 1, "--format", "tableau", colonnes=80)
    assert resultat.exit_code == 0, resultat.output
    texte = resultat.stdout
    verifier_80_colonnes(texte, ["CAB-2026-007", "signification", "17 594,64 €"])
    assert not re.search(r"significat\w*$", texte.replace("signification", ""), re.M) and "…" not in texte


def test_hors_terminal_texte_sans_coupure_ni_cadre(exemples):
    resultat = lancer("lot", exemples, "--date", JOUR, "--processus", 1, colonnes=40)
    assert resultat.exit_code == 0
    ligne = next(l for l in resultat.stdout.splitlines() if l.startswith("CAB-2026-007"))
    assert "signification de l'ordonnance" in ligne and ligne.endswith("ordonnance")
    assert not set("│┃─━") & set(resultat.stdout)
    taux = lancer("taux", colonnes=40).stdout
    assert any(l.startswith("2015 S1") and "Arrêté du 23 décembre 2014" in l for l in taux.splitlines())


def test_csv(exemples):
    lot = list(
        csv.reader(io.StringIO(lancer("lot", exemples, "--date", JOUR, "--processus", 1, "--format", "csv").stdout))
    )
    assert lot[0] == ["Référence", "État", "Montant dû", "Prochaine étape", "Possible le", "Dossier"]
    assert ["CAB-2026-007", "ordonnance_rendue", "9539.26", "signification", "2026-06-15", "ordonnance"] in lot
    decompte = list(
        csv.reader(
            io.StringIO(lancer("decompte", exemples / "b2b" / "dossier.yaml", "--date", JOUR, "--format", "csv").stdout)
        )
    )
    assert decompte[0][0] == "facture"
    assert ["F2025-031", "2025-04-14", "2025-06-10", "57", "13.15", "4800.00", "365", "98.57"] in decompte


def test_un_chemin_ecrit_reste_sur_la_ligne_de_son_verbe():
    """At 80 columns a long path is not wrapped away from « écrit : » (the terminal folds it, a copy gets it);
    nor from « Remise écrite : » and « Liasse écrite : »."""
    from pathlib import Path
    from types import SimpleNamespace

    from procedures.affichage import BUNDLE, REMISE, blocs_etape, mettre_en_page
    from procedures.etapes import Etape

    chemin = Path("redressement/sortie/declaration_de_creance/2026-0042-declaration_de_creance.docx")
    etape = Etape("declaration_de_creance", None, "Déclarez la créance au mandataire judiciaire.", None)
    resultat = SimpleNamespace(essai=False, etape=etape, fichiers=[chemin])
    assert mettre_en_page(blocs_etape(resultat), 80).splitlines()[-1] == f"  écrit : {chemin}"
    zip_ = Path("ordonnance/sortie/signification/CAB-2026-007-remise-signification-2026-06-30.zip")
    remise = SimpleNamespace(chemin=zip_, entrees=[None] * 16)
    assert mettre_en_page(REMISE.blocs(remise), 80) == f"Remise écrite : {zip_} (16 fichiers)\n"
    liasse = SimpleNamespace(sortie=zip_.with_suffix(".pdf"), nb_pages=5, pieces=[None] * 3)
    assert mettre_en_page(BUNDLE.blocs(liasse), 80).count("\n") == 1


def test_mise_en_page_tres_etroite_une_fiche_par_ligne():
    from procedures.affichage import Colonne, Tableau, mettre_en_page

    t = Tableau(
        "T",
        (Colonne("Date"), Colonne("Montant", droite=True), Colonne("Référence")),
        [("14/04/2025", "12 345,67 €", "CAB-2026-007")],
    )
    texte = mettre_en_page([t], 20)
    assert texte.splitlines()[2:] == [
        "Date : 14/04/2025",
        "Montant :",
        "    12 345,67 €",
        "Référence :",
        "    CAB-2026-007",
    ]


def test_barre_de_progression_sur_un_terminal_seulement(tmp_path):
    """Long work shows a bar on stderr when it is a terminal (rich takes TTY_COMPATIBLE=1 for one), nothing in
    a pipe; and a command that fails before any work shows its error alone, never an empty bar first."""
    dossier = creer_exemple(tmp_path / "b2b")
    terminal = {"TTY_COMPATIBLE": "1"}
    barre = lancer("bundle", dossier, "--date", JOUR, env=terminal)
    assert barre.exit_code == 0 and "Pièces" in barre.stderr and "4/4" in barre.stderr  # the b2b example ships 4
    assert "Liasse écrite" in barre.stdout
    tube = lancer("bundle", dossier, "--date", JOUR, "--force")
    assert tube.exit_code == 0 and tube.stderr == ""
    absent = lancer("lot", tmp_path / "absent", env=terminal)
    assert absent.exit_code == 1 and absent.stderr == f"Erreur : {tmp_path / 'absent'} : dossier introuvable\n"
    refus = lancer("next", dossier, "--date", "2030-01-01", "--hors-ligne", env=terminal)
    assert refus.exit_code == 1 and refus.stderr.startswith("Erreur : --date 2030-01-01 est dans le futur")


# ---------------------------------------------------------------------------------------------
# Everything the user reads is French


def test_messages_de_click_en_francais():
    aide = " ".join(lancer("init", "--help").output.split())
    assert "Usage : " in aide and "Affiche cette aide et s'arrête." in aide and "[par défaut : b2b]" in aide
    faute = lancer("nexte")
    assert faute.exit_code == 2
    assert "Erreur : Commande inconnue : « nexte ». Vouliez-vous dire 'next' ?" in faute.output
    assert "Essayez « " in faute.output
    manque = lancer("init").output
    assert "Erreur : Argument manquant 'REPERTOIRE'." in manque
    choix = lancer("init", "x", "--exemple", "autre").output
    assert "Valeur invalide pour '--exemple'" in choix and "n'est pas l'une des valeurs" in choix
    for anglais in (
        "Usage:",
        "Show this message",
        "Missing argument",
        "No such command",
        "Did you mean",
        "[default:",
        "Invalid value",
        "Try '",
    ):
        assert anglais not in aide + faute.output + manque + choix, anglais


def test_aide_de_chaque_commande_en_francais():
    """The parts of the help click writes outside gettext: headings (« Options : », a space before the colon),
    the sub-command placeholder and the type names of options."""
    groupes = [(), ("cerfa",), ("modeles",), ("taux",)]
    for nom in groupes + [nom for nom, _ in toutes_les_commandes(main)]:
        aide = lancer(*nom, "--help").output
        assert "Options :" in aide and "Usage : " in aide, nom
        assert "Options:" not in aide and "Commandes:" not in aide, nom
        assert not re.search(r"\b(COMMAND|ARGS|INTEGER|RANGE|TEXT|PATH|FLOAT|BOOLEAN)\b", aide), nom
    assert "Usage : main [OPTIONS] COMMANDE [ARGUMENTS]..." in lancer("--help").output


def test_aide_de_record_nomme_chaque_evenement():
    from procedures.evenements import CLASSES

    aide = " ".join(lancer("record", "--help").output.split())
    # documents_generes is written by next and pdf, never typed
    assert [e for e in CLASSES if e != "documents_generes" and e not in aide] == []


def test_catalogue_click_compile():
    """click.mo is click.po compiled: after editing the .po, rebuild the .mo with
    `pybabel compile -D click -d procedures/locale -l fr`."""

    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    dossier = RACINE / "procedures" / "locale" / "fr" / "LC_MESSAGES"
    with (dossier / "click.po").open("rb") as po, (dossier / "click.mo").open("rb") as mo:
        source, compile = read_po(po), read_mo(mo)

    def messages(catalogue):
        def cle(x):
            return x if isinstance(x, str) else tuple(x)

        return {cle(m.id): cle(m.string) for m in catalogue if m.id}

    assert messages(source) == messages(compile)
    assert all(m.string for m in source if m.id)


@pytest.mark.parametrize(
    "texte, ligne, attendu",
    [
        ("reference: [a, b\ncreancier: x\n", 2, "« , » ou « ] » attendu"),
        ("reference: x\ncreancier:\n  nom: a\n   type: b\n", 4, "« : » inattendu"),
        ("reference: 'abc\n", 2, "le fichier se termine trop tôt"),
        ("reference: x\n- a\n", 2, "indentation incohérente"),
    ],
)
def test_messages_yaml_en_francais_avec_la_ligne(tmp_path, texte, ligne, attendu):
    from procedures.pieces import verifier_dossier

    chemin = tmp_path / "dossier.yaml"
    chemin.write_text(texte, encoding="utf-8")
    (erreur,) = verifier_dossier(chemin)
    assert erreur.ligne == ligne and attendu in erreur.message, erreur
    assert "expected" not in erreur.message and "found" not in erreur.message


@pytest.mark.parametrize(
    "source, attendu",
    [
        ("{{ }}", "expression attendue"),
        ("{% if x %}bonjour", "le bloc « if » n'est jamais fermé"),
        ("{% bonjour %}", "balise inconnue « bonjour »"),
        ("{{ x ", "« }} » était attendu"),
        ("{% if x %}{% endfor %}", "balise « endfor » inattendue"),
    ],
)
def test_messages_jinja_en_francais(source, attendu):
    import jinja2

    from procedures.traduction import jinja_en_francais

    with pytest.raises(jinja2.TemplateSyntaxError) as exc:
        jinja2.Environment().parse(source)
    assert attendu in jinja_en_francais(exc.value.message), jinja_en_francais(exc.value.message)


# ---------------------------------------------------------------------------------------------
# `check` finds everything `next` would trip on


def test_check_donne_toutes_les_erreurs_en_une_fois(tmp_path):
    from procedures.pieces import verifier_dossier

    chemin = creer_exemple(tmp_path / "d", "b2b")
    texte = chemin.read_text(encoding="utf-8")
    texte = texte.replace('siren: "987654324"', 'siren: "987654321"').replace(
        "echeance: 2025-05-30", "echeance: 2025-04-01"
    )
    chemin.write_text(texte, encoding="utf-8")
    (chemin.parent / "pieces" / "devis.pdf").unlink()
    (chemin.parent / "pieces" / "F2025-047.pdf").write_text("pas un PDF", encoding="utf-8")
    erreurs = [(e.ligne, e.champ, e.message) for e in verifier_dossier(chemin, dt.date(2026, 6, 30))]
    assert [champ for _, champ, _ in erreurs] == [
        "debiteurs[0].siren",
        "creance.factures[1].echeance",
        "pieces[1].fichier",
        "pieces[2].fichier",
    ]
    assert "clé de contrôle invalide" in erreurs[0][2] and "antérieure à la date de la facture" in erreurs[1][2]
    assert "format non pris en charge" in erreurs[2][2] and "introuvable" in erreurs[3][2]
    sortie = lancer("check", chemin, "--date", JOUR)
    assert sortie.exit_code == 1 and len(sortie.stderr.splitlines()) == 4


def test_check_signale_une_piece_chiffree(tmp_path):
    from pypdf import PdfReader, PdfWriter

    from procedures.pieces import verifier_dossier

    chemin = creer_exemple(tmp_path / "d", "b2b")
    piece = chemin.parent / "pieces" / "devis.pdf"
    ecrivain = PdfWriter(clone_from=PdfReader(piece))
    ecrivain.encrypt("secret")
    with piece.open("wb") as flux:
        ecrivain.write(flux)
    (erreur,) = verifier_dossier(chemin, dt.date(2026, 6, 30))
    assert erreur.champ == "pieces[2].fichier" and "devis.pdf" in erreur.message


def test_essai_et_vrai_refusent_pareil_sans_rien_laisser(tmp_path):
    """A rate missing for 2027 and after (never guessed): --dry-run refuses as the run does, and the refused
    run leaves no sortie/ folder behind."""
    from procedures.erreurs import TauxInconnu
    from procedures.generation import generer_etape

    chemin = creer_exemple(tmp_path / "d", "b2b")
    jour = dt.date(2029, 6, 1)
    with pytest.raises(TauxInconnu):
        generer_etape(chemin, jour, essai=True, aujourd_hui=jour)
    with pytest.raises(TauxInconnu):
        generer_etape(chemin, jour, pdf=False, aujourd_hui=jour)
    assert not (chemin.parent / "sortie").exists()


def test_courriel_date_de_la_lettre():
    import email.utils

    from procedures.courriel import _date_entete

    assert email.utils.parsedate_to_datetime(_date_entete(dt.date(2025, 6, 12))).date() == dt.date(2025, 6, 12)
    assert email.utils.parsedate_to_datetime(_date_entete(None)).date() == dt.date.today()


# ---------------------------------------------------------------------------------------------
# What the README promises is true


def test_le_readme_dit_vrai():
    racine = RACINE
    texte = (racine / "README.md").read_text(encoding="utf-8")
    ouverture = texte[: texte.index("\n---\n")]
    assert ouverture.count("```sh") == 2  # two set-up commands, nothing else before the tour
    # The tour writes `procedure`: it says how that name reaches the PATH, and the installer says it too.
    assert "source .venv/bin/activate" in texte and "source .venv/bin/activate" in (racine / "installer").read_text()
    # An opposition seises the court; the greffe convenes the parties: no assignation (CPC 1417, 1418).
    assert "le greffe qui convoque les parties" in texte
    assert "assignation en paiement en cas d'opposition" not in texte
    for document in [racine / "README.md", *sorted((racine / "docs").glob("*.md"))]:
        assert "shared/docs" not in document.read_text(encoding="utf-8"), document


def test_l_exemple_de_check_du_readme_est_sa_sortie(tmp_path, monkeypatch):
    """The README shows `check` on the b2b example with a bad SIREN and an échéance before its invoice: both
    lines at once, with the lines where they are in the example."""
    texte = (RACINE / "README.md").read_text(encoding="utf-8")
    bloc = texte[texte.index("toutes à la fois :\n\n```\n") :].split("```")[1].strip().splitlines()
    chemin = creer_exemple(tmp_path / "mon-dossier", "b2b")
    yaml = chemin.read_text(encoding="utf-8").replace('siren: "987654324"', 'siren: "987654321"')
    yaml = yaml.replace("date: 2025-04-30, echeance: 2025-05-30", "date: 2025-04-30, echeance: 2025-04-01")
    chemin.write_text(yaml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    resultat = lancer("check", "mon-dossier/dossier.yaml")
    assert resultat.exit_code == 1 and resultat.stderr.splitlines() == bloc
    assert resultat.stdout == ""  # nothing valid to report: not even a blank line


def test_contexte_des_modeles_en_francais():
    """`modeles exporter` copies CONTEXTE.md for the user: it is written in French."""
    texte = (MODELES / "CONTEXTE.md").read_text(encoding="utf-8")
    assert texte.startswith("# Le contexte des modèles") and "## Règles" in texte
    assert not re.search(r"\b(the|when|which|with its)\b", texte)


def test_next_hors_ligne_le_dit_une_fois(tmp_path):
    chemin = creer_exemple(tmp_path / "o", "ordonnance")
    resultat = lancer("next", chemin, "--date", JOUR, "--no-pdf", env={"PROCEDURE_HORS_LIGNE": "1"})
    assert resultat.exit_code == 0, resultat.output
    assert resultat.stderr.startswith("Vérification en ligne désactivée (PROCEDURE_HORS_LIGNE) : identité du débiteur")
    assert "Vérification en ligne : Vérification" not in resultat.stderr


def test_json_des_commandes_qui_ecrivent(tmp_path):
    """next, record and remise: --json says what was written (files, event), for a script to go on with."""
    chemin = creer_exemple(tmp_path / "o", "ordonnance")
    etape = lancer("next", chemin, "--date", JOUR, "--no-pdf", "--hors-ligne", "--json")
    assert etape.exit_code == 0, etape.output
    donnees = json.loads(etape.stdout)
    assert donnees["etape"]["etape"] == "signification" and donnees["fichiers"]
    remise = lancer("remise", chemin, "--pour", "signification", "--date", JOUR, "--json")
    assert remise.exit_code == 0, remise.output
    assert any(nom.endswith("manifest.json") for nom in json.loads(remise.stdout)["fichiers"])
    note = lancer("record", chemin, "ordonnance_signifiee", "--date", JOUR, "-c", "commissaire=SCP Martin", "--json")
    assert note.exit_code == 0, note.output
    assert json.loads(note.stdout)["evenement"]["evenement"] == "ordonnance_signifiee"


def test_check_et_pieces_avec_un_chemin_relatif(tmp_path, monkeypatch):
    """`procedure check mon-dossier/dossier.yaml`, as the README writes it: the pièces are found."""
    creer_exemple(tmp_path / "mon-dossier", "b2b")
    monkeypatch.chdir(tmp_path)
    resultat = lancer("check", "mon-dossier/dossier.yaml")
    assert resultat.exit_code == 0, resultat.output
    assert "mon-dossier/dossier.yaml : dossier valide" in resultat.stdout


@pytest.mark.libreoffice
def test_pdf_refait_les_pdf_de_la_derniere_etape(tmp_path):
    """`procedure pdf` before any step says what to run first; after `next --no-pdf` it writes one PDF beside each
    DOCX of the step and lists them in --json."""
    chemin = creer_exemple(tmp_path / "o", "ordonnance")
    trop_tot = lancer("pdf", chemin, "--date", JOUR)
    assert trop_tot.exit_code == 1 and "aucun document généré pour l'instant" in trop_tot.stderr
    assert lancer("next", chemin, "--date", JOUR, "--no-pdf", "--hors-ligne").exit_code == 0
    resultat = lancer("pdf", chemin, "--date", JOUR, "--json")
    assert resultat.exit_code == 0, resultat.output
    donnees = json.loads(resultat.stdout)
    assert donnees["etape"]["etape"] == "signification"
    docx = sorted((chemin.parent / "sortie" / "signification").glob("*.docx"))
    pdfs = sorted(Path(nom) for nom in donnees["fichiers"])
    assert docx and pdfs == [d.with_suffix(".pdf") for d in docx]
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


@pytest.mark.parametrize("exemple", ["b2b", "consommateur", "ordonnance"])
def test_init_suggests_commands_that_run_on_today_s_date(tmp_path, exemple):
    """The hint after init names no fixed date: what it suggests runs as written, whatever today is."""
    cas = tmp_path / exemple
    sortie = lancer("init", str(cas), "--exemple", exemple).output
    suggestion = re.search(r"Essayez : procedure (status \S+), puis procedure (next \S+)\n", sortie)
    assert suggestion and "--date" not in sortie, sortie
    statut = lancer(*suggestion.group(1).split())
    assert statut.exit_code == 0 and "Prochaine étape" in statut.output, statut.output
