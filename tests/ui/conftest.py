"""GUI test helpers: settings kept in tmp_path, a store on a fresh database, sample rows."""

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from app.services.engagements import (
    EngagementDetails,
    change_status,
    create_engagement,
    set_business_goal,
)
from app.storage import transaction
from models.enums import EngagementStatus
from models.tables import PlannedCheckin
from ui.editor.editing import EngagementEditing
from ui.store import EngagementStore


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path) -> Iterator[None]:
    """Whatever asks for default QSettings writes under tmp_path, never in the real home."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A settings file of the test's own."""
    return QSettings(str(tmp_path / "scaffold.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def store(db_engine: Engine) -> EngagementStore:
    """The GUI's store on a fresh database."""
    return EngagementStore(db_engine)


@dataclass(frozen=True)
class Sample:
    """One engagement to put in the database for a test."""

    team: str
    manager: str
    request: str = ""
    goal: str = ""
    closed: bool = False
    checkin_in_days: list[int] = field(default_factory=list)


def add_samples(engine: Engine, samples: list[Sample], today: date | None = None) -> list[int]:
    """Write the samples through the services; their ids, in order."""
    today = today or date.today()
    ids = []
    with transaction(engine) as session:
        for sample in samples:
            engagement = create_engagement(
                session=session,
                data=EngagementDetails(
                    team_name=sample.team,
                    manager_name=sample.manager,
                    request_verbatim=sample.request,
                ),
            )
            assert engagement.id is not None
            if sample.goal:
                set_business_goal(session=session, engagement_id=engagement.id, goal=sample.goal)
            for days in sample.checkin_in_days:
                due = today + timedelta(days=days)
                session.add(PlannedCheckin(engagement_id=engagement.id, due_on=due))
            if sample.closed:
                change_status(
                    session=session,
                    engagement_id=engagement.id,
                    to_status=EngagementStatus.closed,
                )
            ids.append(engagement.id)
    return ids


THREE_TEAMS = [
    Sample("Claims handling", "Sofia Marin", "They need a course on time management."),
    Sample(
        "Field sales north",
        "Tom Okafor",
        goal="Raise repeat orders by 10 %",
        checkin_in_days=[14, 42],
    ),
    Sample("Payroll", "Ana Ruiz", closed=True),
]


@pytest.fixture
def seed(db_engine: Engine):
    """Write `Sample`-like rows: seed(("Team", "Manager"), …) or seed(Sample(…)); their ids."""

    def _seed(*samples: Sample | tuple[str, str]) -> list[int]:
        rows = [s if isinstance(s, Sample) else Sample(*s) for s in samples]
        return add_samples(db_engine, rows)

    return _seed


@pytest.fixture
def three_teams(seed) -> list[int]:
    """Three engagements: a draft with a request, a draft with goal and check-ins, a closed one."""
    return seed(*THREE_TEAMS)


@pytest.fixture
def editing(db_engine: Engine, engagement_id: int, qtbot) -> EngagementEditing:
    """The editor's door to the test's engagement (each module defines `engagement_id`)."""
    return EngagementEditing(db_engine, engagement_id)


@pytest.fixture
def show_page(qtbot):
    """Build a diagnostic page on `editing`, fill it from the database and show it, active."""

    def _show(page_class, editing: EngagementEditing, size: tuple[int, int] = (900, 700)):
        page = page_class(editing)
        qtbot.addWidget(page)
        with page.saver.loading():
            page.reload()
        page.resize(*size)
        with qtbot.waitActive(page):
            page.show()
            page.activateWindow()
        return page

    return _show


@pytest.fixture
def pdf_words(tmp_path) -> Callable[[bytes], str]:
    """The text a reader sees in a PDF (pdftotext), with runs of white space made single."""

    def _words(pdf: bytes) -> str:
        path = tmp_path / "read.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
        text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        return " ".join(text.split())

    return _words


@pytest.fixture
def when_window_ready() -> Callable[[Callable[[object], None]], None]:
    """Run an action on `run_gui`'s window once its database is attached (it opens after the
    window's first frame); schedule it before calling run_gui."""
    from ui.main_window import MainWindow

    def schedule(action: Callable[[object], None]) -> None:
        def look() -> None:
            ready = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible() and w.ready
            ]
            if ready:
                action(ready[0])
            else:
                QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)

    return schedule
