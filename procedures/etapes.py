"""A step the law allows next: shared by the state machine (`machine`) and the other routes to a title (`voies`),
which the machine imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Etape:
    """What the law allows next, from when, why, and the templates `procedure next` renders for it."""

    etape: str
    possible_le: date | None
    motif: str
    article: str | None
    cerfa: str | None = None
    documents: tuple[str, ...] = ()
    refere: bool = False  # the assignation in référé-provision (next --refere; CPC 835 al. 2, 873 al. 2)
