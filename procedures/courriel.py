"""Ready-to-send e-mail drafts (.eml, RFC 5322) for reminders sent by e-mail.

The subject and body come from a plain-text template ``courriel_<name>.txt`` (first line
``Objet : …``, a blank line, then the body), overridable like the DOCX templates. The message carries
``X-Unsent: 1`` so that Outlook opens it as a draft to send; Thunderbird, Apple Mail and others open
it as a message whose attachments and text can be forwarded or copied.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import mimetypes
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from procedures.documents import rendre_texte
from procedures.erreurs import ProcedureError
from procedures.stockage import ecrire_atomique

_PREFIXE_OBJET = "Objet :"


def composer(nom_modele: str, contexte: dict, modeles_utilisateur: Path | None = None) -> tuple[str, str]:
    """(subject, body) of the e-mail template ``nom_modele`` (e.g. ``"courriel_relance_1"``)."""
    texte = rendre_texte(nom_modele, contexte, modeles_utilisateur)
    premiere, _, corps = texte.partition("\n")
    if not premiere.startswith(_PREFIXE_OBJET):
        raise ProcedureError(f"Modèle {nom_modele} : la première ligne doit commencer par « {_PREFIXE_OBJET} »")
    return premiere[len(_PREFIXE_OBJET) :].strip(), corps.strip() + "\n"


def _date_entete(jour: dt.date | None) -> str:
    """Now when the letter is dated today (or undated); else that day at 9:00, local time."""
    maintenant = dt.datetime.now().astimezone()
    if jour is None or jour == maintenant.date():
        return format_datetime(maintenant)
    return format_datetime(dt.datetime.combine(jour, dt.time(9, 0)).astimezone())


def _adresse(partie: dict | None) -> str | None:
    if not partie or not partie.get("email"):
        return None
    return formataddr((partie.get("designation") or "", partie["email"]))


def creer_courriel(
    nom_modele: str,
    contexte: dict,
    pieces_jointes: list[Path],
    sortie: Path,
    modeles_utilisateur: Path | None = None,
    date_lettre: dt.date | None = None,
) -> Path:
    """Write an .eml draft from ``creancier`` to ``debiteur`` (their ``email`` fields, when known) with
    the subject and body of ``nom_modele`` and ``pieces_jointes`` attached; return ``sortie``. Its Date is
    ``date_lettre``, the date the attached letter bears (`--date`), so that the two agree."""
    objet, corps = composer(nom_modele, contexte, modeles_utilisateur)
    message = EmailMessage(policy=email.policy.SMTP)
    expediteur = _adresse(contexte.get("creancier"))
    destinataire = _adresse(contexte.get("debiteur"))
    if expediteur:
        message["From"] = expediteur
    if destinataire:
        message["To"] = destinataire
    message["Subject"] = objet
    message["Date"] = _date_entete(date_lettre)
    message["Message-ID"] = make_msgid(domain="procedure.local")
    message["X-Unsent"] = "1"
    message.set_content(corps, subtype="plain", charset="utf-8")
    for chemin in map(Path, pieces_jointes):
        if not chemin.is_file():
            raise ProcedureError(f"Pièce jointe introuvable : {chemin}")
        type_mime = mimetypes.guess_type(chemin.name)[0] or "application/octet-stream"
        principal, secondaire = type_mime.split("/", 1)
        message.add_attachment(chemin.read_bytes(), maintype=principal, subtype=secondaire, filename=chemin.name)
    sortie = Path(sortie)
    ecrire_atomique(sortie, message.as_bytes())
    return sortie
