"""The shipped templates are the builder's output: rebuilding them gives the committed files, byte for byte,
so a wording change is always made in modeles/construire_modeles.py (docs/contributing.md)."""

from modeles.construire_modeles import construire
from outils import MODELES


def test_rebuilding_the_templates_gives_the_committed_files(tmp_path):
    construits = construire(tmp_path)
    assert construits
    differents = [c.name for c in construits if c.read_bytes() != (MODELES / c.name).read_bytes()]
    assert differents == [], "modèles périmés : python -m modeles.construire_modeles"
