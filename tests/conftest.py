"""Tests never touch the network: every online check is disabled unless a test injects saved answers."""

import pytest


@pytest.fixture(autouse=True)
def hors_ligne(monkeypatch):
    monkeypatch.setenv("PROCEDURE_HORS_LIGNE", "1")
