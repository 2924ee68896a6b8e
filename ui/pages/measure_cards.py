"""A performance measure as a card: where the figure is now, where it should get to, and by when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from app.services.measures import (
    MeasureInput,
    add_measure,
    delete_measure,
    learning_activity_hint,
    update_measure,
)
from app.services.reclassify import move_measure_to_indicator, suggest_tier
from app.storage import StorageError
from app.validation import ValidationError, parse_number
from app.vocab import Direction
from ui.editor.editing import EngagementEditing
from ui.followup.indicator_dialog import MoveToIndicatorsDialog
from ui.style import error_label, soften
from ui.widgets.date_field import OptionalDateEdit
from ui.widgets.field_errors import clear_error_line, show_error_line
from ui.widgets.long_text import hold_long_text
from ui.widgets.record_cards import RecordCard

HINT_COLOUR = "#d99a00"  # amber: a hint, not an error


class BarLabel(QLabel):
    """A wrapping label with a coloured bar down its left side (a quote, or a gentle hint).

    Painted rather than styled: a style sheet would stop the label following the page's font
    when meeting mode makes the type larger.
    """

    def __init__(self, text: str = "", colour: str | None = None) -> None:
        super().__init__(text)
        self._colour = colour
        self.setWordWrap(True)
        self.setContentsMargins(12, 3, 0, 3)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the bar, then the text."""
        painter = QPainter(self)
        colour = (
            QColor(self._colour) if self._colour else self.palette().color(QPalette.ColorRole.Mid)
        )
        painter.fillRect(0, 0, 4, self.height(), colour)
        painter.end()
        super().paintEvent(event)


DIRECTIONS = (
    ("Higher is better", Direction.higher_is_better),
    ("Lower is better", Direction.lower_is_better),
)

EXEMPLAR_HELP = "Optional: what your best performer (the exemplar) and a typical one achieve today."


def hint_label() -> QLabel:
    """A hidden, wrapping line for a gentle hint under an input."""
    label = BarLabel(colour=HINT_COLOUR)
    label.hide()
    return label


def show_hint(label: QLabel, text: str | None) -> None:
    """Show `text` in a hint line, or hide the line when there is nothing to say."""
    label.setText(text or "")
    label.setVisible(bool(text))


def format_number(value: float) -> str:
    """A stored number as a person would write it (61, not 61.0)."""
    return f"{value:.15g}"


def potential_for_improvement(
    exemplar: float | None, typical: float | None, direction: Direction | str
) -> str | None:
    """Gilbert's potential for improvement (best ÷ typical) in words; None without both figures."""
    if exemplar is None or typical is None:
        return None
    lower = Direction(direction) is Direction.lower_is_better
    top, bottom = (typical, exemplar) if lower else (exemplar, typical)
    formula = "Typical ÷ exemplar" if lower else "Exemplar ÷ typical"
    if top <= 0 or bottom <= 0:
        return "The potential for improvement can only be worked out from figures above zero."
    ratio = top / bottom
    note = " (lower is better here)" if lower else ""
    gain = round((ratio - 1) * 100)
    if ratio < 1:
        return (
            f"{formula} = {ratio:.2f}{note}: the exemplar's figure is worse than the typical "
            "one. Check which is which."
        )
    if gain == 0:
        return (
            f"{formula} = {ratio:.2f}{note}: the best do no better than a typical performer, "
            "so there is little to gain from bringing others up to them."
        )
    return f"{formula} = {ratio:.2f}{note}: the best do {gain}% better than a typical performer."


class RequiredDateEdit(OptionalDateEdit):
    """A date a measure must have: it starts empty ("Not set") until one is typed or picked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, empty_text="Not set")
        self.setToolTip("Type a date such as 5 Jan 2026, press ↑ to start from today, or pick one")


class MeasureCard(RecordCard[Any]):
    """One business measure: name, direction, baseline and target with dates, source, owner."""

    noun = "measure"

    def __init__(
        self, editing: EngagementEditing, origin: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(editing, origin, parent)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. First-contact resolution")
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("e.g. % of contacts")
        self.direction_combo = QComboBox()
        for text, direction in DIRECTIONS:
            self.direction_combo.addItem(text, direction)
        self.baseline_edit = QLineEdit()
        self.baseline_edit.setPlaceholderText("The figure now")
        self.baseline_date = RequiredDateEdit()
        self.target_edit = QLineEdit()
        self.target_edit.setPlaceholderText("The figure to reach")
        self.target_date = RequiredDateEdit()
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText("Where the figure comes from")
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText("Who reports it")
        self.exemplar_edit = QLineEdit()
        self.exemplar_edit.setPlaceholderText("Optional")
        self.typical_edit = QLineEdit()
        self.typical_edit.setPlaceholderText("Optional")
        self.activity_warning = hint_label()
        self.activity_warning.setAccessibleName("Learning activity warning")
        self.move_button = QPushButton("Move to learning indicators…")
        self.move_button.setToolTip("Record it as a learning indicator instead (Ctrl+Z undoes)")
        self.move_button.hide()
        self.move_error = error_label("Problem moving the measure")
        self.exemplar_help = soften(QLabel(EXEMPLAR_HELP))
        self.exemplar_help.setWordWrap(True)
        self.pip_label = QLabel()
        self.pip_label.setWordWrap(True)
        self.pip_label.setAccessibleName("Potential for improvement")
        self.pip_label.hide()
        self._build()
        hold_long_text(*(w for w in self._inputs() if isinstance(w, QLineEdit)))
        self.saver.watch(*self._inputs())
        self.name_edit.textChanged.connect(self._update_activity_warning)
        self.move_button.clicked.connect(self._move_to_indicators)
        for widget in (self.exemplar_edit, self.typical_edit):
            widget.textChanged.connect(self._update_pip)
        self.direction_combo.currentIndexChanged.connect(self._update_pip)

    def _build(self) -> None:
        self.add_field(0, 0, "name", "Measure &name", self.name_edit, span=2)
        self.add_field(0, 2, "unit", "&Unit", self.unit_edit)
        self.add_field(0, 3, "direction", "&Direction", self.direction_combo)
        hint_row = QHBoxLayout()  # in the empty rows of field row 1
        hint_row.addWidget(self.activity_warning, 1)
        hint_row.addWidget(self.move_button, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addLayout(hint_row, 3, 0, 1, 4)
        self.grid.addWidget(self.move_error, 4, 0, 1, 4)
        self.add_field(2, 0, "baseline_value", "&Baseline (now)", self.baseline_edit)
        self.add_field(2, 1, "baseline_date", "Baseline d&ate", self.baseline_date)
        self.add_field(2, 2, "target_value", "&Target", self.target_edit)
        self.add_field(2, 3, "target_date", "Target dat&e", self.target_date)
        self.add_field(3, 0, "data_source", "Data &source", self.source_edit, span=3)
        self.add_field(3, 3, "owner", "&Owner", self.owner_edit)
        self.add_field(4, 0, "exemplar_value", "E&xemplar (the best)", self.exemplar_edit)
        self.add_field(4, 1, "typical_value", "T&ypical performer", self.typical_edit)
        beside = QVBoxLayout()  # beside the two figures: what they are, or what they show
        beside.addWidget(self.exemplar_help)
        beside.addWidget(self.pip_label)
        self.grid.addLayout(beside, 12, 2, 3, 2)
        for column in range(4):
            self.grid.setColumnStretch(column, 1)
        inputs = self._inputs()
        for before, after in zip(inputs, (*inputs[1:], self.remove_button), strict=True):
            QWidget.setTabOrder(before, after)

    def _inputs(self) -> tuple[QWidget, ...]:
        return (
            self.name_edit,
            self.unit_edit,
            self.direction_combo,
            self.baseline_edit,
            self.baseline_date,
            self.target_edit,
            self.target_date,
            self.source_edit,
            self.owner_edit,
            self.exemplar_edit,
            self.typical_edit,
        )

    # Hints ------------------------------------------------------------------------------------

    def _update_activity_warning(self) -> None:
        hint = learning_activity_hint(self.name_edit.text())
        show_hint(self.activity_warning, hint)
        # Only a saved measure can move (what moves is the measure as stored).
        self.move_button.setVisible(bool(hint) and self.record_id is not None)
        if not hint:
            clear_error_line(self.move_error)

    def _save_now(self) -> None:
        super()._save_now()
        self._update_activity_warning()  # a new measure has just got its id, or not

    def _move_to_indicators(self) -> None:
        """Ask for the LTEM tier, then turn the measure into a learning indicator (undoable)."""
        clear_error_line(self.move_error)
        self.flush()
        record_id = self.record_id
        if record_id is None or self.has_unsaved_errors():
            show_error_line(self.move_error, "Fix the problem shown in this card before moving it.")
            return
        name = self.name_edit.text()
        choice = MoveToIndicatorsDialog.ask(self, name, suggest_tier(name))
        if choice is None:
            return
        try:
            self.editing.apply(
                "Move measure to learning indicators",
                lambda s: move_measure_to_indicator(
                    session=s, measure_id=record_id, ltem_tier=choice.tier, kind=choice.kind
                ),
                origin=self.origin,
            )
        except (ValidationError, StorageError) as exc:
            # Its own line, not the card's errors: a refused move leaves no unsaved input.
            show_error_line(self.move_error, getattr(exc, "message", str(exc)))
            return
        # The measure is gone: the list drops this card as it drops an unsaved one.
        self.record_id = None
        self.remove_requested.emit(self)

    def _update_pip(self) -> None:
        text = potential_for_improvement(
            _number_or_none(self.exemplar_edit.text()),
            _number_or_none(self.typical_edit.text()),
            self.direction_combo.currentData(),
        )
        show_hint(self.pip_label, text and f"Potential for improvement: {text}")
        self.exemplar_help.setVisible(text is None)

    # RecordCard hooks -------------------------------------------------------------------------

    def fill_record(self, record: Any) -> None:
        """Show a stored measure."""
        self.name_edit.setText(record.name)
        self.unit_edit.setText(record.unit)
        self.direction_combo.setCurrentIndex(self.direction_combo.findData(record.direction))
        self.baseline_edit.setText(format_number(record.baseline_value))
        self.baseline_date.set_value(record.baseline_date)
        self.target_edit.setText(format_number(record.target_value))
        self.target_date.set_value(record.target_date)
        self.source_edit.setText(record.data_source)
        self.owner_edit.setText(record.owner)
        for edit, value in (
            (self.exemplar_edit, record.exemplar_value),
            (self.typical_edit, record.typical_value),
        ):
            edit.setText("" if value is None else format_number(value))
        for widget in self._inputs():
            if isinstance(widget, QLineEdit):
                widget.setCursorPosition(0)  # show the start of long text, not its end

    def is_blank(self) -> bool:
        """Nothing typed and no date chosen yet."""
        texts = [w.text().strip() for w in self._inputs() if isinstance(w, QLineEdit)]
        dates = (self.baseline_date.value(), self.target_date.value())
        return not any(texts) and dates == (None, None)

    def measure_input(self) -> MeasureInput:
        """What the card holds, read as a measure; `ValidationError` beside the field at fault."""
        if not self.name_edit.text().strip():
            raise ValidationError("name", "The measure's name is required.")
        baseline = parse_number(self.baseline_edit.text(), "baseline_value", "Baseline")
        baseline_date = self.baseline_date.checked_value("baseline_date", "Baseline date")
        if baseline_date is None:
            raise ValidationError("baseline_date", "The baseline date is required.")
        target = parse_number(self.target_edit.text(), "target_value", "Target")
        target_date = self.target_date.checked_value("target_date", "Target date")
        if target_date is None:
            raise ValidationError("target_date", "The target date is required.")
        return MeasureInput(
            name=self.name_edit.text(),
            unit=self.unit_edit.text(),
            direction=Direction(self.direction_combo.currentData()),
            baseline_value=baseline,
            baseline_date=baseline_date,
            target_value=target,
            target_date=target_date,
            data_source=self.source_edit.text(),
            owner=self.owner_edit.text(),
            exemplar_value=_optional_number(self.exemplar_edit, "exemplar_value", "Exemplar"),
            typical_value=_optional_number(self.typical_edit, "typical_value", "Typical"),
        )

    def create_record(self, session: Session) -> int:
        """Add the measure."""
        data = self.measure_input()
        measure = add_measure(session=session, engagement_id=self.editing.engagement_id, data=data)
        assert measure.id is not None
        return measure.id

    def update_record(self, session: Session, record_id: int) -> None:
        """Store the card into its measure."""
        update_measure(session=session, measure_id=record_id, data=self.measure_input())

    def delete_record(self, session: Session, record_id: int) -> None:
        """Remove the measure."""
        delete_measure(session=session, measure_id=record_id)

    def load(self, record_id: int | None, record: Any) -> None:
        """Show a record (or nothing) and bring the hints up to date."""
        super().load(record_id, record)
        self._update_activity_warning()
        self._update_pip()


def _optional_number(edit: QLineEdit, field: str, label: str) -> float | None:
    return parse_number(edit.text(), field, label) if edit.text().strip() else None


def _number_or_none(text: str) -> float | None:
    try:
        return parse_number(text, "", "") if text.strip() else None
    except ValidationError:
        return None
