"""The check-in form: what the measures show, how the scaffolds go, what was decided, what next."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.checkin_form import CheckInForm
from app.services.checkins import CheckInInput, ObservationInput, ScaffoldUpdateInput
from app.storage import StorageError
from app.validation import ValidationError, parse_number
from app.vocab import Decision, ScaffoldStatus, SupportMode
from ui.style import soften
from ui.widgets.date_field import OptionalDateEdit, TypedDateEdit
from ui.widgets.field_errors import FieldErrors
from ui.widgets.long_text import hold_long_text

SaveCheckIn = Callable[[CheckInInput], object]

DECISIONS = (
    (Decision.continue_, "Continue as agreed"),
    (Decision.adjust, "Adjust the plan"),
    (Decision.close, "Close the consultation"),
)
STATUSES = (
    (ScaffoldStatus.planned, "Not started"),
    (ScaffoldStatus.under_way, "Under way"),
    (ScaffoldStatus.done, "Done"),
    (ScaffoldStatus.dropped, "Dropped"),
)
SUPPORT = (
    (None, "No change"),
    (SupportMode.upfront_advice, "Upfront advice"),
    (SupportMode.step_back, "Stepping back"),
    (SupportMode.on_call, "On call only"),
)


def _combo(choices: tuple[tuple[object, str], ...], current: object, name: str) -> QComboBox:
    combo = QComboBox()
    for value, words in choices:
        combo.addItem(words, value)
    index = next((i for i, (value, _w) in enumerate(choices) if value == current), 0)
    combo.setCurrentIndex(index)
    combo.setAccessibleName(name)
    return combo


def _with_error(field: QWidget, error: QLabel) -> QWidget:
    """A field with its (hidden until needed) error line right under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box


class CheckInDialog(QDialog):
    """Records a new check-in or edits one; stays open, with what was typed, until it saves."""

    def __init__(self, form: CheckInForm, save: SaveCheckIn, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self._save = save
        self.errors = FieldErrors()
        editing = form.checkin_id is not None
        self.setWindowTitle("Edit check-in" if editing else "Record a check-in")
        self.setMinimumWidth(720)
        self._build()
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.accept)

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        values = self.form.values
        self.held_on = TypedDateEdit(values.held_on)
        self.held_on.setMaximumWidth(200)
        self.held_on.setAccessibleName("Date of this check-in")

        observed = {o.measure_id: o for o in values.observations}
        measures_box = QGroupBox("What the measures show")
        grid = QGridLayout(measures_box)
        grid.addWidget(
            soften(QLabel("Leave a value empty if it was not measured this time.")), 0, 0, 1, 3
        )
        self.value_edits: dict[int, QLineEdit] = {}
        self.note_edits: dict[int, QLineEdit] = {}
        row = 1
        for m in self.form.measures:
            name = QLabel(f"<b>{escape(m.name)}</b>" + (f" ({escape(m.unit)})" if m.unit else ""))
            hint = soften(QLabel(m.hint))
            hint.setWordWrap(True)
            value = QLineEdit()
            value.setPlaceholderText("Value seen")
            value.setAccessibleName(f"Value seen for {m.name}")
            value.setMaximumWidth(140)
            note = QLineEdit()
            note.setPlaceholderText("Source (report, dashboard, sample…)")
            note.setAccessibleName(f"Source of the value for {m.name}")
            hold_long_text(value, note)
            if m.id in observed:
                value.setText(f"{observed[m.id].value:g}")
                note.setText(observed[m.id].note)
            name.setBuddy(value)
            grid.addWidget(name, row, 0, 1, 3)
            grid.addWidget(hint, row + 1, 0, 1, 3)
            grid.addWidget(value, row + 2, 0)
            grid.addWidget(note, row + 2, 1, 1, 2)
            grid.addWidget(
                self.errors.line(f"measure:{m.id}", f"the value of {m.name}", value),
                row + 3,
                0,
                1,
                3,
            )
            self.value_edits[m.id] = value
            self.note_edits[m.id] = note
            row += 4
        if not self.form.measures:
            grid.addWidget(QLabel("This consultation has no performance measure yet."), row, 0)

        updates = {u.scaffold_id: u for u in values.scaffold_updates}
        scaffolds_box = QGroupBox("How the scaffolds are going")
        sgrid = QGridLayout(scaffolds_box)
        self.status_combos: dict[int, QComboBox] = {}
        self.status_notes: dict[int, QLineEdit] = {}
        for i, s in enumerate(self.form.scaffolds):
            current = updates[s.id].status if s.id in updates else s.status
            label = QLabel(s.name)
            label.setWordWrap(True)
            combo = _combo(STATUSES, current, f"Status of {s.name}")
            label.setBuddy(combo)
            note = QLineEdit(updates[s.id].note if s.id in updates else "")
            note.setPlaceholderText("Note")
            note.setAccessibleName(f"Note on {s.name}")
            hold_long_text(note)
            sgrid.addWidget(label, 2 * i, 0)
            sgrid.addWidget(combo, 2 * i, 1)
            sgrid.addWidget(note, 2 * i, 2)
            sgrid.addWidget(
                self.errors.line(f"scaffold:{s.id}", f"the status of {s.name}", combo),
                2 * i + 1,
                0,
                1,
                3,
            )
            self.status_combos[s.id] = combo
            self.status_notes[s.id] = note
        sgrid.setColumnStretch(0, 2)
        sgrid.setColumnStretch(2, 2)
        if not self.form.scaffolds:
            sgrid.addWidget(QLabel("No scaffold is chosen yet."), 0, 0)

        self.what_changed = QPlainTextEdit(values.what_changed)
        self.what_changed.setAccessibleName("What changed")
        self.what_changed.setPlaceholderText(
            "What is different in the work since the last check-in, in the manager's words"
        )
        self.what_changed.setTabChangesFocus(True)
        self.what_changed.setFixedHeight(90)
        self.decision = _combo(DECISIONS, values.decision, "Decision")
        self.next_date = OptionalDateEdit(near=lambda: self.held_on.date().toPython())
        self.next_date.set_value(values.next_date)
        self.next_date.setAccessibleName("Next check-in")
        self.next_date.setMaximumWidth(200)
        self.support = _combo(SUPPORT, values.support_mode, "Your support from now on")

        form = QFormLayout()
        form.addRow(
            "&Date of this check-in:",
            _with_error(self.held_on, self.errors.line("held_on", "the date", self.held_on)),
        )
        after = QFormLayout()
        after.addRow(
            "&What changed:",
            _with_error(
                self.what_changed,
                self.errors.line("what_changed", "what changed", self.what_changed),
            ),
        )
        after.addRow("D&ecision:", self.decision)
        after.addRow(
            "&Next check-in:",
            _with_error(
                self.next_date, self.errors.line("next_date", "the next check-in", self.next_date)
            ),
        )
        after.addRow("Your &support from now on:", self.support)
        for layout in (form, after):
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(form)
        inner_layout.addWidget(measures_box)
        inner_layout.addWidget(scaffolds_box)
        inner_layout.addLayout(after)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors.fallback)
        layout.addWidget(self.buttons)
        self.resize(760, 680)

    # Reading and saving -----------------------------------------------------------------------

    def values(self) -> CheckInInput:
        """What the form says, as the service takes it; raises `ValidationError` on a bad value."""
        observations: list[ObservationInput] = []
        for m in self.form.measures:
            text = self.value_edits[m.id].text()
            if not text.strip():
                continue
            value = parse_number(text, f"measure:{m.id}", f"The value of {m.name}")
            observations.append(ObservationInput(m.id, value, self.note_edits[m.id].text()))
        updates = tuple(
            ScaffoldUpdateInput(
                s.id,
                ScaffoldStatus(self.status_combos[s.id].currentData()),
                self.status_notes[s.id].text(),
            )
            for s in self.form.scaffolds
        )
        return CheckInInput(
            held_on=self.held_on.checked_date("held_on", "Check-in date"),
            decision=Decision(self.decision.currentData()),
            what_changed=self.what_changed.toPlainText(),
            next_date=self.next_date.checked_value("next_date", "Next check-in date"),
            support_mode=self.support.currentData(),
            observations=tuple(observations),
            scaffold_updates=updates,
        )

    def _field_of(self, error: ValidationError, data: CheckInInput) -> ValidationError:
        """Point the service's `observations[i]` at the row of the measure it is about."""
        for prefix, items, key in (
            ("observations[", data.observations, "measure"),
            ("scaffold_updates[", data.scaffold_updates, "scaffold"),
        ):
            if error.field.startswith(prefix):
                index = int(error.field[len(prefix) : -1])
                item = items[index]
                item_id = getattr(item, "measure_id", None) or getattr(item, "scaffold_id", 0)
                return ValidationError(f"{key}:{item_id}", error.message)
        return error

    def accept(self) -> None:
        """Save; on a problem, say what and where, and keep everything typed."""
        self.errors.clear()
        data: CheckInInput | None = None
        try:
            data = self.values()
            self._save(data)
        except ValidationError as exc:
            self.errors.show(exc if data is None else self._field_of(exc, data))
            return
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))
            return
        super().accept()
