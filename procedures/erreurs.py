"""Errors a person can act on: every one names the file, the line and the field."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Erreur:
    fichier: str
    ligne: int | None
    champ: str
    message: str

    def __str__(self) -> str:
        lieu = f"{self.fichier}:{self.ligne}" if self.ligne else self.fichier
        lieu = " ".join(x for x in (lieu, self.champ) if x)
        return f"{lieu} : {self.message}" if lieu else self.message

    def as_json(self) -> dict:
        return asdict(self)


class ProcedureError(Exception):
    """Base of every error the tool reports to its user (message in French)."""

    def erreurs(self) -> list[Erreur]:
        return [Erreur(fichier="", ligne=None, champ="", message=str(self))]


class DossierInvalide(ProcedureError):
    """A case file that cannot be read or does not validate: all its errors at once."""

    def __init__(self, erreurs: list[Erreur]):
        self.liste = list(erreurs)
        super().__init__("\n".join(str(e) for e in self.liste))

    def erreurs(self) -> list[Erreur]:
        return self.liste


class EtapeRefusee(ProcedureError):
    """The law does not allow the requested step (yet): the message says why and from when."""


class DossierOccupe(ProcedureError):
    """Another command holds the case's lock: the run did not touch it."""


class TauxInconnu(ProcedureError):
    """A rate table has no row for a period: never guessed, the user must add it."""
