"""Saving the plan's PDF to a file and printing it, with the questions tests replace."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, QStandardPaths
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.privacy import open_private

PAPERS = {
    "a4": ("A4", QPageSize.PageSizeId.A4),
    "letter": ("US Letter", QPageSize.PageSizeId.Letter),
}
MAX_PRINT_DPI = 300  # sharper than any office printer needs; 600 dpi pages cost 140 MB each
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def suggested_name(team: str, document: str = "Scaffolding plan") -> str:
    """A file name for the plan (or another document) that every file system accepts."""
    cleaned = _UNSAFE.sub(" ", team).strip(" .")
    return f"{document} – {cleaned}.pdf" if cleaned else f"{document}.pdf"


def default_folder() -> Path:
    """Where the save dialog opens the first time: Documents, else the home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a `.part` file first, then renamed over it."""
    part = path.with_name(path.name + ".part")
    try:
        with open_private(part, "wb") as file:  # owner-only: the plan names people
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        part.replace(path)
    except OSError:
        part.unlink(missing_ok=True)
        raise


class SavePdfQuestion:
    """Asks where to save the plan (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        """The chosen file (".pdf" added when missing), or None if the person cancelled."""
        name, _filter = QFileDialog.getSaveFileName(
            parent, "Save the plan as PDF", str(suggested), "PDF documents (*.pdf)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


class PrintQuestion:
    """Shows the system's print dialog for the plan (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, printer: QPrinter, pages: int) -> bool:
        """True to print with the printer as the person set it up, False if they cancelled."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print the plan")
        dialog.setMinMax(1, pages)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        return dialog.exec() == QDialog.DialogCode.Accepted


def make_printer(paper: str, title: str) -> QPrinter:
    """A printer on the plan's paper (Qt would pick Letter), portrait, edge to edge."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAPERS[paper][1]))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setDocName(title)
    return printer


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint each chosen page as an image at the printer's resolution; how many were printed.

    Raises OSError when the printer cannot be started.
    """
    ranges = printer.pageRanges()
    chosen = [i for i in range(document.pageCount()) if ranges.isEmpty() or ranges.contains(i + 1)]
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started.")
    try:
        paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        for count, index in enumerate(chosen):
            if count:
                printer.newPage()
            points = document.pagePointSize(index)
            image = document.render(
                index, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            painter.drawImage(_fit(QSizeF(image.size()), paper), image)
    finally:
        painter.end()
    return len(chosen)


def _fit(size: QSizeF, box: QRectF) -> QRectF:
    """The largest rectangle of `size`'s shape centred in `box` (keeps the page's proportions)."""
    scale = min(box.width() / size.width(), box.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF(
        box.x() + (box.width() - width) / 2, box.y() + (box.height() - height) / 2, width, height
    )
