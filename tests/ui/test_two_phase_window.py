"""The window paints its frame before the database layer is imported, then takes the store."""

import json
import os
import subprocess
import sys
from pathlib import Path

from app.storage import open_engine
from ui.main_window import MainWindow
from ui.store import EngagementStore

ROOT = Path(__file__).resolve().parents[2]


def test_the_frame_comes_up_without_the_database_and_asks_for_nothing_it_cannot_do(qtbot, settings):
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.show()

    assert window.store is None
    assert window.statusBar().currentMessage() == "Opening the database…"
    assert not window.home.showing_welcome()  # an empty list while opening, not "none yet"
    for action in (window.new_action, window.open_action, window.preferences_action):
        assert not action.isEnabled()
    assert not window.home.new_button.isEnabled()
    assert [a.text() for a in window.menuBar().actions()] == [
        "&File",
        "&Edit",
        "&View",
        "&Tools",
        "&Help",
    ]
    window.refresh()  # typing a search while opening is harmless
    assert window.model.rowCount() == 0


def test_attaching_fills_the_list_and_the_menus(qtbot, settings, seed, store):
    ids = seed(("Payroll", "Mo"), ("Claims", "Ana"))
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.attached, timeout=5000):
        window.attach(store)

    assert window.model.rowCount() == len(ids)
    assert window.new_action.isEnabled()
    assert window.statusBar().currentMessage() == ""
    assert [a.text() for a in window.menuBar().actions()] == [
        "&File",
        "&Edit",
        "&View",
        "&Go",
        "&Tools",
        "&Help",
    ]
    file_items = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert file_items[:3] == ["&New consultation…", "&Open consultation", "Open &recent"]
    assert file_items[-2:] == ["&Preferences…", "&Quit"]
    assert window.host.plan_action.text() in file_items
    assert window.backup_actions.backup_action.text() in file_items


def test_a_store_given_at_once_attaches_at_once(qtbot, settings, tmp_path):
    engine = open_engine(tmp_path / "scaffold.sqlite")
    try:
        window = MainWindow(EngagementStore(engine), settings)
        qtbot.addWidget(window)
        assert window.store is not None
        assert window.home.showing_welcome()  # an empty database says so
        assert window.database_label.text() == f"Database: {tmp_path / 'scaffold.sqlite'}"
    finally:
        engine.dispose()


def test_the_frame_needs_no_database_layer(tmp_path):
    """Building and showing the frame imports neither SQLAlchemy nor the models."""
    code = """
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.main_window import MainWindow
window = MainWindow(None, QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.show()
app.processEvents()
heavy = sorted(
    name for name in sys.modules
    if name.split(".")[0] in {"sqlalchemy", "sqlmodel", "pydantic", "alembic", "jinja2"}
    or name.startswith(("models.tables", "models.db", "app.storage", "app.services.listing"))
)
print(json.dumps(heavy))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
