"""The plan window: rendered off the GUI thread, shown with QtPdf, saved and printed."""

import itertools
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from app.demo import load_demo
from app.services.settings import load_plan_settings
from app.storage import transaction
from ui.main_window import MainWindow
from ui.plan.output import PrintQuestion, SavePdfQuestion
from ui.plan.view import PlanView

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


@pytest.fixture
def demo_id(db_engine) -> int:
    with transaction(db_engine) as session:
        engagement = load_demo(session=session)
        assert engagement.id is not None
        return engagement.id


@pytest.fixture
def open_plan(qtbot, db_engine, settings):
    def _open(engagement_id: int, **kwargs) -> PlanView:
        view = PlanView(
            db_engine, engagement_id, team="Customer support", settings=settings, **kwargs
        )
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        return view

    return _open


def wait_for_pages(qtbot, view: PlanView) -> None:
    """QtPdf loads and paints asynchronously: wait for the document, then for its pages."""
    qtbot.waitUntil(view.showing_document, timeout=20_000)
    qtbot.waitUntil(
        lambda: (
            view.document.status() is QPdfDocument.Status.Ready and view.document.pageCount() >= 1
        ),
        timeout=5_000,
    )


def page_points(document: QPdfDocument) -> tuple[int, int]:
    size = document.pagePointSize(0)
    return round(size.width()), round(size.height())


def test_the_plan_shows_a_busy_indicator_then_its_pages(qtbot, open_plan, demo_id):
    view = open_plan(demo_id)
    assert view.is_busy()
    assert view.busy_label.isVisible()
    assert view.busy_label.text() == "Preparing the plan…"
    assert view.busy_bar.isVisible() and view.busy_bar.maximum() == 0  # indeterminate
    assert not view.save_button.isEnabled() and not view.print_button.isEnabled()

    wait_for_pages(qtbot, view)
    assert not view.busy_bar.isVisible()
    assert view.pdf_view.isVisible()
    assert view.pdf_bytes().startswith(b"%PDF")
    assert view.document.pageCount() >= 1
    assert page_points(view.document) == A4_POINTS
    assert view.save_button.isEnabled() and view.print_button.isEnabled()
    assert view.pages_label.text() == f"{view.document.pageCount()} pages"


def test_choosing_letter_renders_again_on_letter_and_is_remembered(
    qtbot, open_plan, demo_id, settings
):
    view = open_plan(demo_id)
    wait_for_pages(qtbot, view)
    a4_pdf = view.pdf_bytes()

    view.paper_combo.setCurrentIndex(view.paper_combo.findData("letter"))
    assert view.is_busy() and not view.showing_document()
    wait_for_pages(qtbot, view)
    assert view.pdf_bytes() != a4_pdf
    assert page_points(view.document) == LETTER_POINTS
    with transaction(view._engine) as session:  # the plan setting, shared with Preferences
        assert load_plan_settings(session=session).paper == "letter"

    again = open_plan(demo_id)
    assert again.paper == "letter"
    wait_for_pages(qtbot, again)


def test_switching_paper_during_a_render_shows_only_the_last_choice(qtbot, open_plan, demo_id):
    view = open_plan(demo_id)
    view.paper_combo.setCurrentIndex(view.paper_combo.findData("letter"))  # while A4 renders
    wait_for_pages(qtbot, view)
    qtbot.waitUntil(lambda: not view.is_busy())
    assert page_points(view.document) == LETTER_POINTS


def test_save_writes_the_pdf_to_the_chosen_file(qtbot, open_plan, demo_id, tmp_path, monkeypatch):
    view = open_plan(demo_id)
    wait_for_pages(qtbot, view)
    target = tmp_path / "out" / "plan for Sofia.pdf"
    target.parent.mkdir()
    asked = []

    def choose(parent, suggested):
        asked.append(suggested)
        return target

    monkeypatch.setattr(SavePdfQuestion, "ask", classmethod(lambda cls, p, s: choose(p, s)))
    view.save_button.click()

    assert asked and asked[0].name == "Scaffolding plan – Customer support.pdf"
    assert target.read_bytes() == view.pdf_bytes()
    assert target.read_bytes().startswith(b"%PDF")
    assert not (target.parent / "plan for Sofia.pdf.part").exists()
    assert view.notice.text() == f"Saved to {target}"


def test_a_failed_save_says_why_and_leaves_no_part_file(
    qtbot, open_plan, demo_id, tmp_path, monkeypatch
):
    view = open_plan(demo_id)
    wait_for_pages(qtbot, view)
    target = tmp_path / "missing folder" / "plan.pdf"
    monkeypatch.setattr(SavePdfQuestion, "ask", classmethod(lambda cls, p, s: target))
    view.save_button.click()

    assert view.notice_error.isVisible()
    assert "could not be saved" in view.notice_error.text()
    assert not target.exists()
    assert not list(tmp_path.glob("**/*.part"))


def test_cancelling_save_writes_nothing(qtbot, open_plan, demo_id, tmp_path, monkeypatch):
    view = open_plan(demo_id)
    wait_for_pages(qtbot, view)
    monkeypatch.setattr(SavePdfQuestion, "ask", classmethod(lambda cls, p, s: None))
    view.save_button.click()
    assert view.notice.text() == ""
    assert not list(tmp_path.glob("**/*.pdf"))


def test_print_uses_the_chosen_paper_and_prints_every_page(
    qtbot, open_plan, demo_id, tmp_path, monkeypatch
):
    view = open_plan(demo_id)
    wait_for_pages(qtbot, view)
    printed = tmp_path / "printed.pdf"
    seen = {}

    def to_file(printer: QPrinter, pages: int) -> bool:
        seen["size"] = printer.pageLayout().pageSize().id()
        seen["pages"] = pages
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(72)  # keeps the test quick; the images are what is printed
        return True

    monkeypatch.setattr(PrintQuestion, "ask", classmethod(lambda cls, p, pr, n: to_file(pr, n)))
    view.print_button.click()

    pages = view.document.pageCount()
    assert seen["pages"] == pages
    assert seen["size"] == QPageSize.PageSizeId.A4
    output = QPdfDocument()
    output.load(str(printed))
    assert output.pageCount() == pages
    assert page_points(output) == A4_POINTS  # not Qt's default Letter
    assert view.notice.text() == f"Sent {pages} pages to the printer."


def test_an_engagement_that_does_not_exist_shows_a_readable_message(qtbot, open_plan, demo_id):
    view = open_plan(demo_id + 999)
    qtbot.waitUntil(view.showing_error, timeout=20_000)
    assert view.error_label.isVisible()
    assert view.error_label.text() == (
        "This consultation no longer exists, so there is no plan to show."
    )
    assert "Traceback" not in view.error_label.text()
    assert not view.save_button.isEnabled() and not view.print_button.isEnabled()
    assert view.retry_button.isVisible()


def test_an_unexpected_renderer_error_arrives_as_a_message(qtbot, open_plan, demo_id):
    def broken(session, engagement_id, paper):
        raise RuntimeError("the template is missing a brace")

    view = open_plan(demo_id, render=broken)
    qtbot.waitUntil(view.showing_error)
    assert view.error_label.text() == (
        "The plan could not be prepared: the template is missing a brace"
    )


def test_the_window_keeps_responding_while_the_plan_renders(qtbot, open_plan, demo_id):
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    view = open_plan(demo_id)
    started = time.perf_counter()
    wait_for_pages(qtbot, view)
    took = time.perf_counter() - started
    timer.stop()
    during = [t for t in ticks if t >= started]
    longest = max(b - a for a, b in itertools.pairwise(during))
    # Rendering on the GUI thread would freeze it for the whole render in one pause.
    assert len(during) >= 10, "the event loop stood still during the render"
    assert longest < took / 2, f"the window froze for {longest:.2f} s of a {took:.2f} s render"


def test_the_plan_action_is_off_on_the_list_and_on_in_the_editor(qtbot, store, settings, demo_id):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    action = window.host.plan_action
    assert action.shortcut().toString() == "Ctrl+P"
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    assert not action.isEnabled()

    window.host.open(demo_id)
    assert action.isEnabled()
    action.trigger()
    view = window.host.plan_view
    assert isinstance(view, PlanView)
    assert view.windowTitle().startswith("Plan — ")
    wait_for_pages(qtbot, view)

    window.host.close()
    assert window.host.plan_view is None
    assert not action.isEnabled()


@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$")
def test_asking_again_renders_the_same_window_afresh(qtbot, store, settings, demo_id):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    window.host.open(demo_id)
    window.host.plan_action.trigger()
    view = window.host.plan_view
    wait_for_pages(qtbot, view)
    qtbot.waitUntil(lambda: not view.is_busy())  # the first render's thread has finished too

    window.host.plan_action.trigger()
    assert window.host.plan_view is view
    assert view.is_busy() and not view.showing_document()
    wait_for_pages(qtbot, view)


def test_opening_the_main_window_does_not_load_weasyprint(tmp_path):
    script = textwrap.dedent(
        f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from app.demo import load_demo
        from app.storage import open_engine, transaction
        from ui.main_window import MainWindow
        from ui.store import EngagementStore
        engine = open_engine({str(tmp_path / "db.sqlite")!r})
        with transaction(engine) as s:
            demo = load_demo(session=s).id
        settings = QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat)
        window = MainWindow(EngagementStore(engine), settings)
        window.show()
        window.host.open(demo)
        app.processEvents()
        print("weasyprint" in sys.modules, "ui.plan.view" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.split() == ["False", "False"]
