"""Preferences: the partner's own name, the printed plan's look, and how many backups to keep."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.backups import MAX_KEEP, MIN_KEEP
from app.services.settings import PlanSettings, Preferences, check_logo, check_logo_size
from app.storage import StorageError
from app.validation import ValidationError
from ui.style import error_label, soften
from ui.widgets.field_errors import clear_error_line, show_error_line
from ui.widgets.long_text import hold_long_text

PAPERS = (("a4", "A4"), ("letter", "US Letter"))
PREVIEW_SIZE = (200, 64)
NO_LOGO = "No logo"
LOGO_FILTER = "Pictures (*.png *.jpg *.jpeg)"


class PreferencesSource(Protocol):
    """What the dialog needs from the data (`ui.store.EngagementStore` in the app)."""

    def preferences(self) -> Preferences: ...

    def save_preferences(self, data: Preferences) -> Preferences: ...


class PreferencesDialog(QDialog):
    """Edits the preferences; OK stores them all at once, Cancel changes nothing."""

    def __init__(self, store: PreferencesSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._errors: dict[str, QLabel] = {}
        self.logo: bytes | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # meeting mode's type
        self.setWindowTitle("Preferences")
        self._build()
        self._connect()
        self._fill(store.preferences())

    @classmethod
    def ask(cls, parent: QWidget | None, store: PreferencesSource) -> bool:
        """Show the dialog modally; True if the preferences were saved."""
        dialog = cls(store, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    @classmethod
    def ask_logo_file(cls, parent: QWidget | None) -> str | None:
        """The picture file the partner picks for the logo, or None (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(parent, "Choose the logo", "", LOGO_FILTER)
        return path or None

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setMinimumWidth(520)
        self.partner_edit = QLineEdit()
        self.partner_edit.setPlaceholderText("e.g. Sam Okafor")
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("e.g. Northwind Utilities")
        hold_long_text(self.partner_edit, self.organisation_edit)
        self.paper_combo = QComboBox()
        for key, words in PAPERS:
            self.paper_combo.addItem(words, key)

        self.logo_preview = QLabel(NO_LOGO)
        self.logo_preview.setFixedSize(*PREVIEW_SIZE)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setAccessibleName("Logo preview")
        self.choose_button = QPushButton("&Choose…")
        self.choose_button.setAccessibleName("Choose a logo")
        self.choose_button.setToolTip("Pick a PNG or JPEG picture of at most 1 MB")
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setAccessibleName("Remove the logo")
        for button in (self.choose_button, self.remove_button):
            button.setAutoDefault(False)  # Enter in a field means OK, never "Choose…"
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignVCenter)
        logo_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignVCenter)
        logo_row.addStretch(1)
        logo_box = QWidget()
        logo_box.setLayout(logo_row)
        logo_row.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setVerticalSpacing(6)
        self._row(form, "partner_name", "Your &name", self.partner_edit, None)
        plan_heading = QLabel("<b>The printed plan</b>")
        plan_heading.setContentsMargins(0, 10, 0, 0)
        form.addRow(plan_heading)
        self._row(
            form,
            "organisation",
            "&Organisation",
            self.organisation_edit,
            "Printed on the plan when a consultation names no organisation.",
        )
        self._row(form, "paper", "&Paper", self.paper_combo, None)
        self._row(
            form,
            "logo",
            "&Logo",
            logo_box,
            "Shown at the top of the plan's first page. PNG or JPEG, at most 1 MB.",
            buddy=self.choose_button,
        )
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(MIN_KEEP, MAX_KEEP)
        self.keep_spin.setSuffix(" of each kind")
        backups_heading = QLabel("<b>Backups</b>")
        backups_heading.setContentsMargins(0, 10, 0, 0)
        form.addRow(backups_heading)
        self._row(
            form,
            "backups_keep",
            "&Keep",
            self.keep_spin,
            "Scaffold backs up your data once a day when it opens. A consultation you delete "
            "stays in the backups until they rotate out (File ▸ Restore from a backup…).",
        )

        self.general_error = error_label("Problem saving the preferences")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        order: list[QWidget] = [self.partner_edit, self.organisation_edit, self.paper_combo]
        order += [self.choose_button, self.remove_button, self.keep_spin, self.buttons]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.partner_edit.setFocus()

    def _row(
        self,
        form: QFormLayout,
        name: str,
        label_text: str,
        widget: QWidget,
        hint: str | None,
        *,
        buddy: QWidget | None = None,
    ) -> None:
        """A labelled field with an optional grey hint and a hidden error line under it."""
        plain = label_text.replace("&", "")
        target = buddy or widget
        label = QLabel(label_text)
        label.setBuddy(target)
        if buddy is None:
            widget.setAccessibleName(plain)
        error = error_label(f"{plain} error")
        error.setBuddy(target)
        self._errors[name] = error
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            note = soften(QLabel(hint))
            note.setWordWrap(True)
            column.addWidget(note)
        column.addWidget(error)
        form.addRow(label, column)

    # Behaviour --------------------------------------------------------------------------------

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.choose_button.clicked.connect(self._on_choose)
        self.remove_button.clicked.connect(lambda: self._set_logo(None))
        self.partner_edit.textChanged.connect(lambda: self._clear_error("partner_name"))
        self.organisation_edit.textChanged.connect(lambda: self._clear_error("organisation"))

    def _fill(self, data: Preferences) -> None:
        self.partner_edit.setText(data.partner_name)
        self.organisation_edit.setText(data.plan.organisation)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(data.plan.paper)))
        self._set_logo(data.plan.logo_png)
        self.keep_spin.setValue(data.backups_keep)

    def preferences(self) -> Preferences:
        """What the dialog shows, as the service expects it (the service cleans the text)."""
        return Preferences(
            partner_name=self.partner_edit.text(),
            plan=PlanSettings(
                paper=str(self.paper_combo.currentData()),
                organisation=self.organisation_edit.text(),
                logo_png=self.logo,
            ),
            backups_keep=self.keep_spin.value(),
        )

    def error_text(self, field: str) -> str | None:
        """The message shown for `field` (or "" for errors not tied to a field), if any."""
        label = self._errors.get(field, self.general_error)
        return label.text() if not label.isHidden() else None

    def _on_choose(self) -> None:
        chosen = self.ask_logo_file(self)
        if chosen is None:
            return
        path = Path(chosen)
        try:
            check_logo_size(path.stat().st_size)
            data = check_logo(path.read_bytes())
        except ValidationError as exc:
            self._show_error(exc.field, exc.message)
            return
        except OSError as exc:
            self._show_error("logo", f"The file could not be read: {exc.strerror or exc}.")
            return
        self._set_logo(data)

    def _set_logo(self, data: bytes | None) -> None:
        """Keep `data` as the logo to save (None: no logo) and show it."""
        self._clear_error("logo")
        self.logo = data
        pixmap = QPixmap()
        if data is not None and pixmap.loadFromData(data):
            width, height = PREVIEW_SIZE
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    width - 8,
                    height - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.logo_preview.setAccessibleDescription("A logo is chosen")
        else:
            self.logo_preview.clear()
            self.logo_preview.setText(NO_LOGO if data is None else "Logo chosen")
            self.logo_preview.setAccessibleDescription("")
        self.remove_button.setEnabled(data is not None)

    def _on_accept(self) -> None:
        for name in self._errors:
            self._clear_error(name)
        self._clear_error("")
        try:
            self._store.save_preferences(self.preferences())
        except ValidationError as exc:
            self._show_error(exc.field, exc.message)
            return
        except StorageError as exc:
            self._show_error("", str(exc))
            return
        self.accept()

    def _show_error(self, field: str, message: str) -> None:
        show_error_line(self._errors.get(field, self.general_error), message)

    def _clear_error(self, field: str) -> None:
        clear_error_line(self._errors.get(field, self.general_error))
