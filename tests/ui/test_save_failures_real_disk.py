"""The same promises on a real small disk (a tmpfs): filled up, then made read-only.

Mounting needs root and the mount privilege; where the container lacks them these tests are
skipped, and tests/ui/test_save_failures.py covers the same paths with SQLite's own refusals.
"""

from __future__ import annotations

import subprocess
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt

from app.services.common import get_engagement
from app.services.engagements import EngagementDetails, create_engagement
from app.storage import transaction
from models.db import open_database
from tests.ui.save_faults import mount_works, small_disk
from ui.editor.unsaved_question import Leave, NotSavedQuestion
from ui.main_window import MainWindow
from ui.store import EngagementStore


@pytest.fixture
def stick(tmp_path):
    """A 2 MiB tmpfs standing in for a USB stick."""
    reason = mount_works()
    if reason:
        pytest.skip(f"No real small disk here ({reason}); the pragma-based tests cover this.")
    disk_cm = small_disk(tmp_path / "stick", size_kib=2048)
    try:
        disk = disk_cm.__enter__()
    except RuntimeError as exc:
        pytest.skip(f"A tmpfs cannot be mounted here ({exc}); the pragma-based tests cover this.")
    yield disk
    disk_cm.__exit__(None, None, None)


@pytest.fixture
def engine(stick):
    engine = open_database(stick.folder / "scaffold.sqlite")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def questions(monkeypatch):
    """Closing a failed test's window never waits on a real question box."""

    class Script:
        asked: ClassVar[list[list[str]]] = []

    def ask(cls, parent, problem, edits):
        Script.asked.append(list(edits))
        return Leave.discard

    monkeypatch.setattr(NotSavedQuestion, "ask", classmethod(ask))
    return Script


@pytest.fixture
def window(qtbot, engine, settings):
    with transaction(engine) as s:
        engagement = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
    window = MainWindow(EngagementStore(engine), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.host.open(engagement.id or 0)
    yield window
    if window.host.editor is not None:
        window.host.editor.editing.forget_waiting()


def stored_request(engine, window) -> str:
    with transaction(engine) as s:
        return get_engagement(s, window.host.editor.editing.engagement_id).request_verbatim


def type_and_leave_the_field(qtbot, window, text: str):
    page = window.host.editor.pages[next(iter(window.host.editor.pages))]
    page.request_edit.setFocus()
    qtbot.keyClicks(page.request_edit, text)
    page.flush()
    return page


def test_a_really_full_disk(qtbot, stick, engine, window):
    stick.fill()
    page = type_and_leave_the_field(qtbot, window, "Fewer reopened claims")
    banner = window.host.editor.save_banner
    assert banner.isVisible()
    assert banner.title_label.text() == "Not saved yet: the disk is full"
    assert f"There is no space left on the disk that holds {stick.folder}" in (
        banner.message_label.text()
    )
    assert page.request_edit.toPlainText() == "Fewer reopened claims"

    stick.free()
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert banner.title_label.text() == "Saved"
    assert stored_request(engine, window) == "Fewer reopened claims"


def test_a_stick_that_turned_read_only(qtbot, stick, engine, window):
    remount = subprocess.run(
        ["mount", "-o", "remount,ro", str(stick.folder)], capture_output=True, text=True
    )
    if remount.returncode != 0:
        pytest.skip(f"The tmpfs cannot be made read-only here: {remount.stderr.strip()}")
    try:
        page = type_and_leave_the_field(qtbot, window, "Fewer reopened claims")
        banner = window.host.editor.save_banner
        assert banner.isVisible()
        assert banner.title_label.text().startswith("Not saved yet: the database's folder")
        assert "USB stick" in banner.message_label.text()
        assert page.request_edit.toPlainText() == "Fewer reopened claims"
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(stick.folder)], check=True)
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert banner.title_label.text() == "Saved"
    assert stored_request(engine, window) == "Fewer reopened claims"
