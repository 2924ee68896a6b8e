"""Files the window saves (the plan's PDF, the measures' CSV) are readable by their owner only."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from app.demo import load_demo
from app.storage import transaction
from ui.editor.editing import EngagementEditing
from ui.followup.csv_save import CsvFileChooser, save_measures_csv
from ui.plan.output import write_atomically

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)  # others could read new files, as on many desktops
    yield
    os.umask(old)


def mode(path: Path) -> int:
    """The permission bits of `path`."""
    return stat.S_IMODE(path.stat().st_mode)


def test_the_saved_plan_is_owner_only_even_over_a_readable_file(tmp_path: Path):
    target = tmp_path / "Scaffolding plan.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomically(target, b"%PDF-1.7")
    assert mode(target) == 0o600 and target.read_bytes() == b"%PDF-1.7"


def test_the_measures_csv_is_owner_only(qtbot, db_engine, tmp_path: Path, monkeypatch):
    with transaction(db_engine) as s:
        demo = load_demo(session=s).id
    assert demo is not None
    target = tmp_path / "measures.csv"
    monkeypatch.setattr(CsvFileChooser, "ask", classmethod(lambda cls, p, s: str(target)))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert save_measures_csv(parent, EngagementEditing(db_engine, demo)) == "Saved measures.csv."
    assert mode(target) == 0o600
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
