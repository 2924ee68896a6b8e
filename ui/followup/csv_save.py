"""Saving the measures and observations as a CSV file, with a file dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.privacy import write_private_text
from app.progress.csv_export import measures_csv
from app.storage import StorageError
from app.validation import NotFoundError
from ui.editor.editing import EngagementEditing


class CsvFileChooser:
    """Asks where to save; tests replace `ask` to answer without a dialog."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: str) -> str:
        """The chosen path, or '' when the person cancels."""
        path, _filter = QFileDialog.getSaveFileName(
            parent, "Export measures as CSV", suggested, "CSV files (*.csv)"
        )
        return path


def save_measures_csv(parent: QWidget, editing: EngagementEditing) -> str:
    """Ask for a file and write the CSV there (UTF-8 with a BOM for spreadsheets); a status text."""
    eid = editing.engagement_id
    path = CsvFileChooser.ask(parent, str(Path.home() / "measures.csv"))
    if not path:
        return ""
    try:
        text = editing.read(lambda s: measures_csv(session=s, engagement_id=eid))
        write_private_text(Path(path), text, encoding="utf-8-sig", newline="")  # owner-only
    except (NotFoundError, StorageError, OSError) as exc:
        return f"The CSV file could not be written: {exc}"
    return f"Saved {Path(path).name}."
