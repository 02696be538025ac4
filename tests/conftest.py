"""Tests never touch the network: every online check is disabled unless a test injects saved answers.

A test that needs LibreOffice or poppler skips where the tool is missing, so a developer's quick loop runs
without them; in CI (the ``CI`` variable every CI service sets) the installer put them there, and such a
skip means the installation broke: it fails the run instead of passing it silently."""

import os

import pytest


@pytest.fixture(autouse=True)
def hors_ligne(monkeypatch):
    monkeypatch.setenv("PROCEDURE_HORS_LIGNE", "1")


def outil_absent_en_ci(item: pytest.Item, rapport: pytest.TestReport) -> bool:
    """A skip for a missing tool (the skip reasons all say « absent »), or of a `libreoffice` test, in CI."""
    if not (rapport.skipped and os.environ.get("CI")):
        return False
    return item.get_closest_marker("libreoffice") is not None or "absent" in str(rapport.longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    rapport = (yield).get_result()
    if outil_absent_en_ci(item, rapport):
        raison = rapport.longrepr[-1] if isinstance(rapport.longrepr, tuple) else rapport.longrepr
        rapport.outcome = "failed"
        rapport.longrepr = f"{raison} — in CI, where the installer provides LibreOffice and poppler"
