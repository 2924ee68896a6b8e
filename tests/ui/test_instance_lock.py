"""One window per database: a second start explains and stops; a dead holder's lock is freed."""

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import app_main
from ui.instance_lock import AlreadyOpenNotice, InstanceLock, lock_path
from ui.main_window import MainWindow

HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
print("held" if lock.tryLock(0) else "refused", flush=True)
time.sleep(60)
"""


@pytest.fixture
def app_names(qapp):
    names = (qapp.organizationName(), qapp.applicationName(), qapp.applicationVersion())
    yield
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])
    qapp.setApplicationVersion(names[2])


@pytest.fixture
def notices(monkeypatch):
    shown: list[tuple[Path, str]] = []
    monkeypatch.setattr(
        AlreadyOpenNotice, "show", classmethod(lambda cls, parent, db, who: shown.append((db, who)))
    )
    return shown


@pytest.fixture
def other_process(tmp_path):
    """Another running process holding the lock of tmp_path/scaffold.sqlite."""
    db = tmp_path / "scaffold.sqlite"
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_path(db))], stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        yield db, process
        process.kill()


def test_a_second_window_on_the_same_database_explains_and_changes_nothing(
    other_process, app_names, notices
):
    db, holder = other_process
    before = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    assert app_main.run_gui(db) == 1
    [(shown_db, who)] = notices
    assert shown_db == db
    assert f"process {holder.pid}" in who
    assert not db.exists()  # nothing was opened or created
    after = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    assert after == before  # no window was made


def test_the_lock_of_a_process_that_died_is_taken_over(other_process):
    db, holder = other_process
    holder.kill()
    holder.wait(timeout=10)
    lock = InstanceLock(db)
    assert lock.acquire()
    lock.release()


def test_the_window_holds_the_lock_while_open_and_gives_it_back(
    qtbot, tmp_path, settings, app_names, notices, when_window_ready
):
    db = tmp_path / "data" / "scaffold.sqlite"
    seen: list[bool] = []

    def try_second_then_close(window):
        second = InstanceLock(db)
        seen.append(second.acquire())
        window.close()
        window.deleteLater()  # no closed window left behind for later tests to find

    when_window_ready(try_second_then_close)
    assert app_main.run_gui(db, settings) == 0
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert seen == [False]  # a new database is locked as soon as it exists
    after = InstanceLock(db)
    assert after.acquire()  # given back on closing
    after.release()
    assert notices == []


def test_the_notice_names_the_database_and_what_to_do(monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[1:]))
    AlreadyOpenNotice.show(None, tmp_path / "s.sqlite", "process 7 on laptop")
    [(title, text)] = shown
    assert title == "Scaffold is already open"
    assert "process 7 on laptop" in text and "Switch to that window" in text
    assert str(tmp_path / "s.sqlite") in text
