"""Fixed costs that every `next` and every dossier of a `lot` pay: kept as low as the measurements asked."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

from outils import RACINE
from procedures import documents
from procedures.generation import generer_etape


def test_a_letter_step_imports_no_pdf_library_and_only_french_holidays(tmp_path):
    shutil.copytree(RACINE / "exemples" / "b2b", tmp_path / "b2b")
    script = f"""
import datetime as dt, sys
sys.path.insert(0, {str(RACINE)!r})
from procedures.generation import generer_etape
generer_etape({str(tmp_path / "b2b" / "dossier.yaml")!r}, dt.date(2026, 6, 30), pdf=False,
              aujourd_hui=dt.date(2026, 11, 30))
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pypdf", "reportlab")
             or m in ("procedures.cerfa", "procedures.acroform") or m.startswith("holidays.countries")))
"""
    sortie = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert sortie.strip() == "[]"


def test_the_sepa_qr_code_is_made_once_per_dossier(tmp_path, monkeypatch):
    """The mise en demeure and its décompte both show the creditor's QR code: one encoding for both."""
    shutil.copytree(RACINE / "exemples" / "b2b", tmp_path / "b2b")
    faits = []
    vrai = documents.segno_helpers.make_epc_qr
    monkeypatch.setattr(documents.segno_helpers, "make_epc_qr", lambda **options: faits.append(1) or vrai(**options))
    documents._qr_epc.cache_clear()
    resultat = generer_etape(
        tmp_path / "b2b" / "dossier.yaml", dt.date(2026, 6, 30), pdf=False, aujourd_hui=dt.date(2026, 11, 30)
    )
    assert [p.name for p in resultat.fichiers] == ["2026-0042-mise_en_demeure.docx", "2026-0042-decompte.docx"]
    assert len(faits) == 1
