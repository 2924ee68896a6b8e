"""Shared test set-up: Qt runs off-screen, and each test gets its own database file."""

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from models.db import open_database

# Before any QApplication exists: every GUI test runs without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def db_engine(tmp_path) -> Iterator[Engine]:
    """An engine on a fresh Scaffold database in tmp_path, disposed after the test."""
    engine = open_database(tmp_path / "scaffold.sqlite")
    yield engine
    engine.dispose()
