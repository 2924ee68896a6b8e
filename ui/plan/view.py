"""The plan window: the PDF as it will print, with the paper size, Save PDF… and Print…."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.settings import load_plan_settings, save_plan_settings
from app.storage import transaction
from ui.plan.output import (
    PAPERS,
    PrintQuestion,
    SavePdfQuestion,
    default_folder,
    make_printer,
    print_document,
    suggested_name,
    write_atomically,
)
from ui.plan.worker import PlanRender, RenderFunction
from ui.style import error_label, soften

if TYPE_CHECKING:
    from sqlalchemy import Engine

MEETING_SCALE = 1.3  # as the diagnostic's meeting mode
_FOLDER_KEY = "plan/save_folder"
_ZOOMS = {"Page width": QPdfView.ZoomMode.FitToWidth, "Whole page": QPdfView.ZoomMode.FitInView}


class PlanView(QDialog):
    """Shows one engagement's plan as a PDF, rendered in a worker thread; saves and prints it."""

    def __init__(
        self,
        engine: Engine,
        engagement_id: int,
        *,
        team: str,
        settings: QSettings,
        render: RenderFunction | None = None,
        meeting: bool = False,
        title: str = "Plan",
        document: str = "Scaffolding plan",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._title = title
        self._document = document
        self.is_progress = False  # the host's note of which document this preview shows
        self.engagement_id = engagement_id
        self._engine = engine
        self._team = team
        self._settings = settings
        self._render = render
        self._thread: PlanRender | None = None
        self._again = False
        self._pdf = b""
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self._build(meeting)
        self._connect()
        self.render()

    # Layout -----------------------------------------------------------------------------------

    def _build(self, meeting: bool) -> None:
        self.setWindowTitle(f"{self._title} — {self._team}" if self._team else self._title)
        if meeting:
            font = self.font()
            font.setPointSizeF(font.pointSizeF() * MEETING_SCALE)
            self.setFont(font)

        self.paper_combo = QComboBox()
        for key, (label, _size) in PAPERS.items():
            self.paper_combo.addItem(label, key)
        # The paper is the plan setting (Preferences), shared with `scaffold render`.
        saved = self._stored_paper()
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(saved)))
        self.paper_combo.setAccessibleName("Paper size")
        paper_label = QLabel("&Paper:")
        paper_label.setBuddy(self.paper_combo)
        self.zoom_combo = QComboBox()
        self.zoom_combo.addItems(list(_ZOOMS))
        self.zoom_combo.setAccessibleName("Zoom")
        zoom_label = QLabel("&Zoom:")
        zoom_label.setBuddy(self.zoom_combo)
        self.save_button = QPushButton("&Save PDF…")
        self.save_button.setToolTip("Keep the plan as a PDF file to send or file")
        self.print_button = QPushButton("P&rint…")
        self.print_button.setToolTip("Print the plan on the chosen paper")
        self.close_button = QPushButton("Close")
        bar = QHBoxLayout()
        for widget in (paper_label, self.paper_combo, zoom_label, self.zoom_combo):
            bar.addWidget(widget)
        self.pages_label = soften(QLabel())
        bar.addSpacing(12)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        for widget in (self.save_button, self.print_button, self.close_button):
            bar.addWidget(widget)

        self.busy_label = QLabel("Preparing the plan…")
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: WeasyPrint gives no progress
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedWidth(320)
        self.busy_bar.setAccessibleName("Preparing the plan")
        busy = QWidget()
        busy_layout = QVBoxLayout(busy)
        busy_layout.addStretch(1)
        busy_layout.addWidget(self.busy_label)
        busy_layout.addWidget(self.busy_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        busy_layout.addStretch(2)

        self.error_label = error_label("Why the plan is not shown")
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retry_button = QPushButton("&Try again")
        failed = QWidget()
        failed_layout = QVBoxLayout(failed)
        failed_layout.addStretch(1)
        failed_layout.addWidget(self.error_label)
        failed_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        failed_layout.addStretch(2)

        self.pdf_view = QPdfView()
        self.pdf_view.setAccessibleName("The plan, page by page")
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.stack = QStackedWidget()
        for page in (busy, failed, self.pdf_view):
            self.stack.addWidget(page)
        self._busy_page, self._failed_page = busy, failed

        self.notice = soften(QLabel())
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_error = error_label("Saving or printing problem")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.notice_error)
        screen = self.screen().availableGeometry()
        self.resize(min(1000, screen.width()), min(860, screen.height()))

    def _connect(self) -> None:
        self.paper_combo.currentIndexChanged.connect(self._on_paper_changed)
        self.zoom_combo.currentTextChanged.connect(
            lambda text: self.pdf_view.setZoomMode(_ZOOMS[text])
        )
        self.save_button.clicked.connect(self._on_save)
        self.print_button.clicked.connect(self._on_print)
        self.close_button.clicked.connect(self.close)
        self.retry_button.clicked.connect(self.render)
        self.document.pageCountChanged.connect(self._on_page_count)

    # State ------------------------------------------------------------------------------------

    @property
    def paper(self) -> str:
        """The chosen paper: "a4" or "letter"."""
        return str(self.paper_combo.currentData())

    def is_busy(self) -> bool:
        """Whether a render is under way."""
        return self._thread is not None

    def showing_document(self) -> bool:
        """Whether the pages are on screen (not the busy indicator, nor an error)."""
        return self.stack.currentWidget() is self.pdf_view

    def showing_error(self) -> bool:
        """Whether the view shows why the plan could not be made."""
        return self.stack.currentWidget() is self._failed_page

    def pdf_bytes(self) -> bytes:
        """The PDF on screen (empty until one is rendered)."""
        return self._pdf

    # Rendering --------------------------------------------------------------------------------

    def render(self) -> None:  # type: ignore[override]  # QWidget.render paints to a device
        """Render the plan again on the chosen paper (after the current render, if one runs)."""
        self._set_actions_enabled(False)
        self.stack.setCurrentWidget(self._busy_page)
        if self._thread is not None:
            self._again = True  # the paper or the data changed: the running result is stale
            return
        thread = PlanRender(self._engine, self.engagement_id, self.paper, self._render)
        thread.rendered.connect(self._on_rendered)
        thread.failed.connect(self._on_failed)
        thread.finished.connect(self._on_finished)
        self._thread = thread
        thread.start()

    def _on_rendered(self, data: bytes) -> None:
        if self._again:
            return
        self._pdf = data
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.document.status() is QPdfDocument.Status.Error:
            self._show_error("The plan was made but cannot be shown: the PDF is damaged.")
            return
        self.stack.setCurrentWidget(self.pdf_view)
        self._set_actions_enabled(True)

    def _on_failed(self, message: str) -> None:
        if not self._again:
            self._show_error(message)

    def _on_finished(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        if self._again:
            self._again = False
            self.render()

    def _on_page_count(self, count: int) -> None:
        self.pages_label.setText(f"{count} page{'s' if count != 1 else ''}" if count else "")

    def _show_error(self, message: str) -> None:
        self._pdf = b""
        self.error_label.setText(message)
        self.error_label.show()
        self.stack.setCurrentWidget(self._failed_page)
        self._set_actions_enabled(False)

    def _set_actions_enabled(self, on: bool) -> None:
        self.save_button.setEnabled(on)
        self.print_button.setEnabled(on)

    def _stored_paper(self) -> str:
        with transaction(self._engine) as session:
            return load_plan_settings(session=session).paper

    def _on_paper_changed(self) -> None:
        with transaction(self._engine) as session:
            current = load_plan_settings(session=session)
            save_plan_settings(session=session, data=replace(current, paper=self.paper))
        self.render()

    # Saving and printing ----------------------------------------------------------------------

    def _on_save(self) -> None:
        if not self._pdf:
            return
        folder = Path(self._settings.value(_FOLDER_KEY, str(default_folder()), str))
        path = SavePdfQuestion.ask(self, folder / suggested_name(self._team, self._document))
        if path is None:
            return
        try:
            write_atomically(path, self._pdf)
        except OSError as exc:
            self._tell_problem(f"The plan could not be saved to {path}: {exc.strerror or exc}")
            return
        self._settings.setValue(_FOLDER_KEY, str(path.parent))
        self._tell(f"Saved to {path}")

    def _on_print(self) -> None:
        if not self._pdf:
            return
        printer = make_printer(self.paper, self.windowTitle())
        if not PrintQuestion.ask(self, printer, self.document.pageCount()):
            return
        try:
            printed = print_document(self.document, printer)
        except OSError as exc:
            self._tell_problem(str(exc))
            return
        self._tell(f"Sent {printed} page{'s' if printed != 1 else ''} to the printer.")

    def _tell(self, text: str) -> None:
        self.notice_error.hide()
        self.notice.setText(text)
        self.notice.show()

    def _tell_problem(self, text: str) -> None:
        self.notice.hide()
        self.notice_error.setText(text)
        self.notice_error.show()

    # Closing ----------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Close; a render still running is waited for (a second at most) and dropped."""
        thread, self._thread = self._thread, None
        if thread is not None:
            for signal in (thread.rendered, thread.failed, thread.finished):
                signal.disconnect()
            thread.wait()
            thread.deleteLater()
        self._again = False
        super().done(result)
