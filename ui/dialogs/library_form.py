"""One scaffold of the library as a form: every field, with its validation message under it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.flow.plain_words import SKILL_WORDS
from app.flow.prompts import CELL_PROMPTS
from app.library.checks import clean_entry
from app.library.entry import Effort, LibraryEntry
from app.validation import ValidationError, parse_number
from app.vocab import GilbertCell, Level, NewSkill, OwnerRole, ScaffoldKind
from ui.pages.scaffold_cards import KIND_TEXT, KIND_TIPS, OWNER_TEXT, LinesEdit
from ui.style import soften
from ui.widgets.field_errors import FieldErrors
from ui.widgets.long_text import hold_long_text

E = TypeVar("E", bound=StrEnum)

LEVEL_TEXT = {
    Level.individual: "Each person",
    Level.team: "The team",
    Level.organisation: "The organisation",
}
EFFORT_TEXT = {
    Effort.low: "Low: a few hours",
    Effort.medium: "Medium: a few days",
    Effort.high: "High: weeks of work",
}
LEAD_TIME_LABEL = "Lead time in days"
NEW_KIND = ScaffoldKind.performance_support
NEW_OWNER = OwnerRole.partner
NEW_EFFORT = Effort.low


def _combo(texts: Mapping[E, str], tips: Mapping[E, str] | None = None) -> QComboBox:
    combo = QComboBox()
    for value, text in texts.items():
        combo.addItem(text, value.value)
        if tips:
            combo.setItemData(combo.count() - 1, tips[value], Qt.ItemDataRole.ToolTipRole)
    return combo


def _select(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))


# How to stand in for a field found wrong, to go on checking the others (see `all_errors`).
_STAND_INS: dict[str, dict[str, object]] = {
    "name": {"name": "x"},
    "summary": {"summary": "x"},
    "addresses": {"addresses": (GilbertCell.knowledge,), "does_not_address": ()},
    "levels": {"levels": (Level.team,)},
    "lead_time_days": {"lead_time_days": 1},
    **{text: {text: ""} for text in ("setup", "step_back", "signal", "reference")},
    **{values: {values: ()} for values in ("does_not_address", "new_skills")},
}


def all_errors(entry: LibraryEntry) -> list[ValidationError]:
    """Every field the library would refuse in `entry`, not just the first (nothing is stored).

    The store's own check runs again and again, each wrong field replaced by a valid stand-in.
    """
    errors: list[ValidationError] = []
    for _attempt in range(len(_STAND_INS) + 1):
        try:
            clean_entry(entry, key="check")
        except ValidationError as exc:
            errors.append(exc)
            stand_in = _STAND_INS.get(exc.field)
            if stand_in is None or exc.field in {e.field for e in errors[:-1]}:
                break
            entry = dataclasses.replace(entry, **stand_in)  # type: ignore[arg-type]
        else:
            break
    return errors


def _checked(boxes: Mapping[E, QCheckBox]) -> tuple[E, ...]:
    return tuple(value for value, box in boxes.items() if box.isChecked())


class LibraryForm(QWidget):
    """Every field of one library scaffold; `entry()` reads them back for the store."""

    edited = Signal()  # the person changed something (not emitted while filling)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self._filling = False
        self._inputs: dict[str, QWidget] = {}
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Decision guide")
        self.kind_combo = _combo(KIND_TEXT, KIND_TIPS)
        self.owner_combo = _combo(OWNER_TEXT)
        self.effort_combo = _combo(EFFORT_TEXT)
        self.lead_time_edit = QLineEdit()
        self.lead_time_edit.setPlaceholderText("e.g. 10")
        self.lead_time_edit.setToolTip("Days from deciding on it to having it running")
        hold_long_text(self.name_edit, self.lead_time_edit)
        self.summary_edit = LinesEdit(3)
        self.summary_edit.setPlaceholderText("What it is, in a sentence or two")
        self.setup_edit = LinesEdit(4)
        self.setup_edit.setPlaceholderText("How to set it up, step by step")
        self.step_back_edit = LinesEdit(2)
        self.step_back_edit.setPlaceholderText("What the partner's stepping back looks like")
        self.signal_edit = LinesEdit(2)
        self.signal_edit.setPlaceholderText("What the manager will see in the work when it works")
        self.reference_edit = LinesEdit(2)
        self.reference_edit.setPlaceholderText(
            "Where the idea comes from: a book, article, practice"
        )
        self.address_boxes = self._cell_boxes("Addresses")
        self.not_address_boxes = self._cell_boxes("Does not address")
        self.level_boxes = {level: self._box(text, "Level") for level, text in LEVEL_TEXT.items()}
        self.skill_boxes = {skill: self._box(SKILL_WORDS[skill], "Builds") for skill in NewSkill}
        self._build()
        self._connect()

    # Layout -----------------------------------------------------------------------------------

    def _box(self, text: str, prefix: str) -> QCheckBox:
        box = QCheckBox(text.replace("&", "&&"))
        box.setAccessibleName(f"{prefix}: {text}")
        return box

    def _cell_boxes(self, prefix: str) -> dict[GilbertCell, QCheckBox]:
        boxes = {}
        for prompt in CELL_PROMPTS:
            box = self._box(prompt.title, prefix)
            box.setToolTip("\n".join(prompt.questions))
            boxes[prompt.cell] = box
        return boxes

    def _field(self, field: str, caption: str, widget: QWidget) -> QWidget:
        """The caption above the input, the error line under it."""
        plain = caption.replace("&", "")
        widget.setAccessibleName(plain)
        label = QLabel(caption)
        label.setBuddy(widget)
        self._inputs[field] = widget
        return self._stack(label, widget, self.errors.line(field, plain, widget))

    @staticmethod
    def _stack(*widgets: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in widgets:
            column.addWidget(widget)
        return box

    def _group(
        self,
        field: str,
        title: str,
        boxes: Mapping[E, QCheckBox],
        columns: int,
        hint: str = "",
        headers: tuple[str, ...] = (),
    ) -> QGroupBox:
        """Tick boxes under a titled frame (the title's mnemonic moves to the first box)."""
        group = QGroupBox(title)
        group.setAccessibleName(title.replace("&", ""))
        layout = QVBoxLayout(group)
        layout.setSpacing(4)
        if hint:
            note = soften(QLabel(hint))
            note.setWordWrap(True)
            layout.addWidget(note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        for column, text in enumerate(headers):
            grid.addWidget(soften(QLabel(text)), 0, column)
        top = 1 if headers else 0
        rows = -(-len(boxes) // columns)
        for number, box in enumerate(boxes.values()):
            grid.addWidget(box, top + number % rows, number // rows)
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        self._inputs[field] = next(iter(boxes.values()))
        layout.addWidget(self.errors.line(field, title.replace("&", ""), group))
        return group

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        name = self._field("name", "&Name", self.name_edit)  # first: messages are found in order
        halves = (
            (self._field("kind", "&Kind", self.kind_combo),
             self._field("owner_role", "&Owner", self.owner_combo)),
            (self._field("effort", "&Effort", self.effort_combo),
             self._field("lead_time_days", "Lead &time in days", self.lead_time_edit)),
        )  # fmt: skip
        sides = ("In the work environment", "In the person")
        whole = (
            self._field("summary", "S&ummary", self.summary_edit),
            self._field("setup", "Set-u&p", self.setup_edit),
            self._group("addresses", "Causes it &addresses", self.address_boxes, 2, headers=sides),
            self._group(
                "does_not_address",
                "&Causes it does not address",
                self.not_address_boxes,
                2,
                "Causes people may expect it to fix, though it doesn't.",
                sides,
            ),
            self._group("levels", "Le&vels: who it works on", self.level_boxes, 3),
            self._group("new_skills", "Ne&w skills it builds", self.skill_boxes, 2),
            self._field("step_back", "Stepping &back", self.step_back_edit),
            self._field("signal", "Performance si&gnal", self.signal_edit),
            self._field("reference", "&Reference", self.reference_edit),
        )
        grid.addWidget(name, 0, 0, 1, 2)
        top = Qt.AlignmentFlag.AlignTop  # a message under one field must not shift its neighbour
        for row, (left, right) in enumerate(halves, start=1):
            grid.addWidget(left, row, 0, top)
            grid.addWidget(right, row, 1, top)
        for row, widget in enumerate(whole, start=1 + len(halves)):
            grid.addWidget(widget, row, 0, 1, 2)
        grid.setRowStretch(grid.rowCount(), 1)

    def inputs_in_order(self) -> list[QWidget]:
        """Every input, in the order Tab visits them."""
        return [
            self.name_edit,
            self.kind_combo,
            self.owner_combo,
            self.effort_combo,
            self.lead_time_edit,
            self.summary_edit,
            self.setup_edit,
            *self.address_boxes.values(),
            *self.not_address_boxes.values(),
            *self.level_boxes.values(),
            *self.skill_boxes.values(),
            self.step_back_edit,
            self.signal_edit,
            self.reference_edit,
        ]

    def _connect(self) -> None:
        for field, edit in (("name", self.name_edit), ("lead_time_days", self.lead_time_edit)):
            edit.textChanged.connect(lambda _t, f=field: self._changed(f))
        for field, combo in (
            ("kind", self.kind_combo),
            ("owner_role", self.owner_combo),
            ("effort", self.effort_combo),
        ):
            combo.currentIndexChanged.connect(lambda _i, f=field: self._changed(f))
        for field, text in (
            ("summary", self.summary_edit),
            ("setup", self.setup_edit),
            ("step_back", self.step_back_edit),
            ("signal", self.signal_edit),
            ("reference", self.reference_edit),
        ):
            text.textChanged.connect(lambda f=field: self._changed(f))
        for field, boxes in (
            ("addresses", self.address_boxes),
            ("does_not_address", self.not_address_boxes),
            ("levels", self.level_boxes),
            ("new_skills", self.skill_boxes),
        ):
            for box in boxes.values():
                box.toggled.connect(lambda _on, f=field: self._changed(f))

    def _changed(self, field: str) -> None:
        if self._filling:
            return
        self.errors.clear(field)
        if field in ("addresses", "does_not_address", "kind"):  # checked against each other
            for other in ("addresses", "does_not_address"):
                self.errors.clear(other)
        self.edited.emit()

    # Filling and reading ----------------------------------------------------------------------

    def fill(self, entry: LibraryEntry | None) -> None:
        """Show a scaffold, or a blank form for a new one; clears the messages."""
        self._filling = True
        try:
            self.name_edit.setText(entry.name if entry else "")
            _select(self.kind_combo, (entry.kind if entry else NEW_KIND).value)
            _select(self.owner_combo, (entry.owner_role if entry else NEW_OWNER).value)
            _select(self.effort_combo, (entry.effort if entry else NEW_EFFORT).value)
            self.lead_time_edit.setText(str(entry.lead_time_days) if entry else "")
            for edit, text in (
                (self.summary_edit, entry.summary if entry else ""),
                (self.setup_edit, entry.setup if entry else ""),
                (self.step_back_edit, entry.step_back if entry else ""),
                (self.signal_edit, entry.signal if entry else ""),
                (self.reference_edit, entry.reference if entry else ""),
            ):
                edit.setPlainText(text)
            for boxes, chosen in (
                (self.address_boxes, entry.addresses if entry else ()),
                (self.not_address_boxes, entry.does_not_address if entry else ()),
                (self.level_boxes, entry.levels if entry else ()),
                (self.skill_boxes, entry.new_skills if entry else ()),
            ):
                for value, box in boxes.items():
                    box.setChecked(value in chosen)
        finally:
            self._filling = False
        self.errors.clear()

    def state(self) -> tuple[object, ...]:
        """Everything typed and ticked, to tell whether anything changed since `fill`."""
        return (
            self.name_edit.text(),
            self.kind_combo.currentData(),
            self.owner_combo.currentData(),
            self.effort_combo.currentData(),
            self.lead_time_edit.text(),
            *(e.toPlainText() for e in (self.summary_edit, self.setup_edit)),
            *(e.toPlainText() for e in (self.step_back_edit, self.signal_edit)),
            self.reference_edit.toPlainText(),
            _checked(self.address_boxes),
            _checked(self.not_address_boxes),
            _checked(self.level_boxes),
            _checked(self.skill_boxes),
        )

    def lead_time_days(self) -> int:
        """The lead time typed, as whole days; `ValidationError` when it is not a whole number."""
        text = self.lead_time_edit.text().strip()
        try:
            value = parse_number(text, "lead_time_days", LEAD_TIME_LABEL)
        except ValidationError:
            if not text:
                raise
            value = 0.5  # a word, or "1,000": refused below in the same plain words
        if not value.is_integer():
            raise ValidationError(
                "lead_time_days",
                f"{LEAD_TIME_LABEL}: “{text[:40]}” is not a whole number of days (write for "
                "example 10).",
            )
        return int(value)

    def entry(self, lead_time_days: int, key: str = "") -> LibraryEntry:
        """The form as the store's input (texts untrimmed: the store cleans them)."""
        return LibraryEntry(
            key=key,
            name=self.name_edit.text(),
            kind=ScaffoldKind(self.kind_combo.currentData()),
            summary=self.summary_edit.toPlainText(),
            setup=self.setup_edit.toPlainText(),
            addresses=_checked(self.address_boxes),
            does_not_address=_checked(self.not_address_boxes),
            levels=_checked(self.level_boxes),
            owner_role=OwnerRole(self.owner_combo.currentData()),
            effort=Effort(self.effort_combo.currentData()),
            lead_time_days=lead_time_days,
            step_back=self.step_back_edit.toPlainText(),
            signal=self.signal_edit.toPlainText(),
            reference=self.reference_edit.toPlainText(),
            new_skills=_checked(self.skill_boxes),
            builtin=False,
        )

    def show_errors(self, errors: list[ValidationError]) -> None:
        """Show each message under its field and put the cursor in the first of those fields."""
        for error in errors:
            self.errors.show(error)
        order = list(self._inputs)  # the fields as they were built: top to bottom
        fields = sorted((e.field for e in errors if e.field in order), key=order.index)
        if fields:
            self._inputs[fields[0]].setFocus()

    def input_for(self, field: str) -> QWidget | None:
        """The input a validation message for `field` is about (first box of a group)."""
        return self._inputs.get(field)
