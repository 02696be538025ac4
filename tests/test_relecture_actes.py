"""Issue #12 read end to end as a procedural lawyer: the b2b example driven from the mise en demeure to the
enforcement of a partially granted ordonnance. Every expected value is worked by hand in the docstrings."""

from __future__ import annotations

import zipfile
from datetime import date

from outils import donnees_exemple, plat, rendu, situation_exemple
from procedures.affichage import blocs_situation, mettre_en_page
from procedures.contexte import contexte_document
from procedures.documents import rendre_document
from procedures.dossier import Dossier
from procedures.machine import ordonnance_partielle, situation
from procedures.remise import remise_etape

# The b2b example's requête, filed Tuesday 5 August 2025 after a mise en demeure sent 22 July (pay by 30 July)
# and received 25 July. It asks, as the décompte stands that day (C. com. L441-10 II, BCE + 10 points):
#   principal: 4 800 + 1 234,56 − 901,43 paid on the principal = 5 133,13 €
#   F2025-031 penalties: 15 Apr.-10 June 57 d × 4 800 × 13,15 % / 365 = 98,57 (paid by the 10 June payment),
#     11-30 June 20 d × 3 898,57 × 13,15 % / 365 = 28,09, 1 July-5 Aug. 36 d × 3 898,57 × 12,15 % / 365 = 46,72
#   F2025-047 penalties: 31 May-30 June 31 d × 1 234,56 × 13,15 % / 365 = 13,79,
#     1 July-5 Aug. 36 d × 1 234,56 × 12,15 % / 365 = 14,79
#   penalties still owed 28,09 + 46,72 + 13,79 + 14,79 = 103,39 €; indemnités 2 × 40 = 80,00 €.
EVENEMENTS_REQUETE = [
    {
        "date": date(2025, 7, 22),
        "evenement": "mise_en_demeure_envoyee",
        "mode": "lrar",
        "date_limite": date(2025, 7, 30),
    },
    {"date": date(2025, 7, 25), "evenement": "mise_en_demeure_recue"},
    {
        "date": date(2025, 8, 5),
        "evenement": "requete_deposee",
        "juridiction": "Tribunal des activités économiques de Lyon",
    },
]


def b2b_ordonnance(**termes) -> Dossier:
    """The b2b example with its requête and an ordonnance of 15 September 2025 granting ``termes``."""
    donnees = donnees_exemple("b2b")
    donnees["historique"] += EVENEMENTS_REQUETE + [
        {"date": date(2025, 9, 15), "evenement": "ordonnance_rendue", "numero_rg": "2025/01234", **termes}
    ]
    return Dossier.model_validate(donnees)


def test_ordonnance_partielle_sur_les_accessoires():
    """CPC 1409: the judge grants « la somme qu'il retient ». Granting the whole principal but legal interest
    from 25 July 2025 instead of the penalties asked is a partial grant: to 5 August the title's interest is
    12 d × 5 133,13 × 2,76 % / 365 = 4,66 € against 103,39 € asked. So is granting 40 € of the 80 € of
    indemnités. Granting 103,39 € of liquidated penalties and 80 € is not partial."""
    principal = {"principal": "5133.13"}
    legal = {"interets": {"type": "legal", "depuis": date(2025, 7, 25)}}
    for termes, partielle in (
        ({**principal, **legal, "indemnite": "80.00"}, True),
        ({**principal, "interets_echus": "103.39", "indemnite": "40.00"}, True),
        ({**principal, "indemnite": "80.00"}, True),
        ({"principal": "5000.00", "interets_echus": "103.39", "indemnite": "80.00"}, True),
        ({**principal, "interets_echus": "103.39", "indemnite": "80.00"}, False),
    ):
        dossier = b2b_ordonnance(**termes)
        assert ordonnance_partielle(dossier, dossier.historique[-1]) is partielle, termes


def test_signification_d_une_ordonnance_partielle_sur_les_penalites(tmp_path):
    """The ordonnance grants 5 133,13 € of principal with legal interest from 25 July 2025, 40 € of indemnité
    and 40 € of dépens, the penalties being refused: status warns that the creditor may decline to serve it
    and sue for the whole (CPC 1409 al. 2), and the letter to the commissaire de justice records the choice."""
    s = situation(
        b2b_ordonnance(
            principal="5133.13",
            interets={"type": "legal", "depuis": date(2025, 7, 25)},
            indemnite="40.00",
            depens="40.00",
        ),
        date(2025, 9, 20),
    )
    assert any("CPC art. 1409 al. 2" in a for a in s.alertes)
    lettre = rendu("lettre_cj_signification.docx", contexte_document(s), tmp_path)
    assert "n'ayant retenu la requête que pour partie" in lettre


def test_signification_joint_le_decompte_pour_information_seulement(tmp_path):
    """The act demands the sums the ordonnance fixes (CPC 1413): the creditor's own décompte (5 395,12 € on
    20 September 2025, penalties the judge refused included) goes with the letter for information only, never
    as « les sommes dues »."""
    s = situation(b2b_ordonnance(principal="5133.13", indemnite="40.00"), date(2025, 9, 20))
    lettre = rendu("lettre_cj_signification.docx", contexte_document(s), tmp_path)
    assert "décompte actualisé des sommes dues" not in lettre
    assert (
        "pour information, le décompte de la créance établi par le créancier sur la base de ses factures, tel que "
        "présenté avant l'ordonnance et actualisé au 20 septembre 2025 : il ne fixe pas les sommes à recouvrer, "
        "qui sont celles de l'ordonnance."
    ) in " ".join(lettre.split())


def execution_b2b():
    """Served to the person on Thursday 25 September 2025, no opposition: the month ends Saturday 25 October →
    Monday 27 October (CPC 641, 642); enforceable from 28 October 2025. On 3 November 2025 the title's
    interest, legal rate « dans tous les autres cas » of 2025 S2 (2,76 %), runs 25 July-3 November included:
    7 + 31 + 30 + 31 + 3 = 102 d × 5 133,13 × 2,76 % / 365 = 39,59 €; the rate rises by 5 points only from
    29 December (CMF L313-3). Total 5 133,13 + 39,59 + 40 + 40 = 5 252,72 €, where the creditor's décompte
    says 5 470,31 € (the penalties the judge refused, and 80 € of indemnités)."""
    dossier = b2b_ordonnance(
        principal="5133.13", interets={"type": "legal", "depuis": date(2025, 7, 25)}, indemnite="40.00", depens="40.00"
    )
    dossier = Dossier.model_validate(
        {
            **dossier.model_dump(mode="json", exclude_none=True),
            "historique": [
                *dossier.model_dump(mode="json", exclude_none=True)["historique"],
                {"date": "2025-09-25", "evenement": "ordonnance_signifiee", "commissaire": "Me X", "a_personne": True},
            ],
        }
    )
    return situation(dossier, date(2025, 11, 3))


def test_remise_pour_execution_donne_les_sommes_du_titre(tmp_path):
    """The handoff package's instructions give what the title awards (CPC exéc. L111-2), not the décompte."""
    s = execution_b2b()
    assert (s.etat, str(s.titre.total), str(s.decompte.total)) == ("executoire", "5252.72", "5470.31")
    lettre = rendre_document(
        "lettre_cj_execution.docx", contexte_document(s), tmp_path / "2026-0042-lettre_cj_execution.docx"
    )
    with zipfile.ZipFile(remise_etape(s, s.prochaine_etape, tmp_path, [lettre], [])) as paquet:
        instructions = plat(paquet.read("instructions.txt").decode("utf-8"))
    assert "Sommes dues selon le titre au 3 novembre 2025 : 5 252,72 €" in instructions
    assert "5 470,31" not in instructions
    assert "pour information" in instructions


def test_requete_accorde_la_requerante(tmp_path):
    """The requête names the debtor company « la débitrice »: the creditor company is likewise « la
    requérante », « représentée » by its avocat; a man (the plumber of the consumer example) stays « le
    requérant »."""
    for nom, attendus, absents in (
        (
            "b2b",
            (
                "La requérante\nAtelier Dubois",
                "ci-après « la requérante »",
                "La requérante sollicite",
                "la requérante a émis",
                "la requérante demande",
                "La débitrice\nBoulangerie",
            ),
            ("requérant ", "requérant »"),
        ),
        ("ordonnance", ("ci-après « la requérante »", "Représentée par Maître Hélène Roux"), ("Représenté par",)),
        ("consommateur", ("ci-après « le requérant »", "Le requérant sollicite"), ("requérante",)),
    ):
        ctx = contexte_document(situation_exemple(nom), "injonction_de_payer", documents=("requete_injonction",))
        texte = rendu("requete_injonction.docx", ctx, tmp_path)
        assert all(a in texte for a in attendus), nom
        assert not any(a in texte for a in absents), nom


def test_decompte_nomme_la_categorie_de_taux_legal_dans_les_termes_de_la_loi():
    """CMF L313-2: one rate « lorsque le créancier est une personne physique n'agissant pas pour des besoins
    professionnels », the other « dans tous les autres cas » (an association or a plumber alike), never « créancier
    professionnel »; the décompte's conventions say it as the requête does."""
    conventions = " ".join(situation_exemple("consommateur").decompte.conventions)
    assert "taux de l'intérêt légal applicable dans tous les autres cas (C. mon. fin. L313-2)" in conventions
    assert "créancier professionnel" not in conventions


def test_status_donne_les_sommes_du_titre_a_cote_du_decompte():
    """Once the ordonnance is enforceable, `status` shows what the title lets the commissaire de justice recover
    (5 252,72 € on 3 November 2025, worked out in execution_b2b) beside the creditor's décompte (5 470,31 €),
    which it labels as such (CPC exéc. L111-2)."""
    texte = " ".join(plat(mettre_en_page(blocs_situation(execution_b2b()), None)).split())
    assert "Selon le titre 5 252,72 € au 3 novembre 2025" in texte
    assert "5 470,31 € (décompte du créancier : seul le titre est exécuté, CPC exéc. L111-2)" in texte


def test_ni_ordonnance_frappee_d_opposition_ni_ordonnance_non_avenue_ne_donnent_de_sommes():
    """An opposed ordonnance is replaced by the judgment to come (CPC 1420) and one not served within six months
    is non avenue (CPC 1411: 15 September 2025 + 6 months = Sunday 15 March → Monday 16 March 2026): neither
    awards anything, and `status` shows no « Selon le titre »."""
    termes = {"principal": "5133.13", "indemnite": "40.00"}
    oppose = b2b_ordonnance(**termes).model_dump(mode="json", exclude_none=True)
    oppose["historique"] += [
        {"date": "2025-09-25", "evenement": "ordonnance_signifiee", "commissaire": "Me X", "a_personne": True},
        {"date": "2025-10-10", "evenement": "opposition_formee"},
    ]
    for s in (
        situation(Dossier.model_validate(oppose), date(2025, 11, 3)),
        situation(b2b_ordonnance(**termes), date(2026, 3, 17)),
    ):
        assert s.etat in ("opposition_formee", "ordonnance_non_avenue") and s.titre is None, s.etat
        assert "Selon le titre" not in mettre_en_page(blocs_situation(s), None)


def test_decompte_joint_apres_le_titre_dit_qu_il_ne_fixe_pas_les_sommes(tmp_path):
    """The décompte enclosed with the letters to the commissaire de justice is the creditor's own statement
    (5 470,31 € on 3 November 2025): after the ordonnance it says so on its face (CPC exéc. L111-2); before any
    title (the requête's annex) it says nothing of the kind."""
    avec = rendu("decompte.docx", contexte_document(execution_b2b()), tmp_path)
    assert (
        "Décompte établi par le créancier sur la base de ses factures : il ne fixe pas les sommes à recouvrer, qui "
        "sont celles de l'ordonnance du 15 septembre 2025 (article L111-2 du code des procédures civiles "
        "d'exécution)."
    ) in " ".join(avec.split())
    avant = rendu("decompte.docx", contexte_document(situation_exemple("b2b"), "injonction_de_payer"), tmp_path)
    assert "il ne fixe pas les sommes" not in avant


def test_lettre_au_greffe_ne_reduit_pas_l_ordonnance_a_son_principal(tmp_path):
    """The ordonnance of 15 September 2025 awards 5 133,13 € of principal, legal interest, 40 € of indemnité and
    40 € of dépens: the request for the certificat de non-opposition (CPC 504, 505) does not describe it as an
    order to pay « la somme de 5 133,13 € »."""
    texte = " ".join(rendu("lettre_greffe_non_opposition.docx", contexte_document(execution_b2b()), tmp_path).split())
    assert "la somme de 5 133,13 €" not in texte
    assert (
        "a enjoint à Boulangerie « Le Fournil » SAS de payer à Atelier Dubois & Fils les sommes qu'elle fixe en "
        "principal, intérêts et accessoires."
    ) in texte
