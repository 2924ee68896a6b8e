"""Dialogs for learning indicators: recording or editing one, and choosing the LTEM tier of a
measure that is moving over from the performance measures."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.indicators import LTEM_TIERS, IndicatorInput
from app.services.reclassify import TierSuggestion
from app.storage import StorageError
from app.validation import ValidationError, parse_number
from app.vocab import IndicatorKind
from ui.style import soften
from ui.widgets.date_field import OptionalDateEdit
from ui.widgets.field_errors import FieldErrors
from ui.widgets.long_text import hold_long_text

SaveIndicator = Callable[[IndicatorInput], object]

KIND_NAMES = {
    IndicatorKind.attendance: "Attendance",
    IndicatorKind.completion: "Completion",
    IndicatorKind.satisfaction: "Satisfaction",
    IndicatorKind.knowledge_check: "Knowledge check",
    IndicatorKind.other: "Other",
}

# What each LTEM tier counts, in a few words, shown under the tier chooser.
TIER_MEANING = {
    1: "Signing up for, starting, attending or completing a learning experience.",
    2: "Taking part: attention, interest, participation.",
    3: "What learners say about the learning: satisfaction, relevance, confidence.",
    4: "Remembering facts and terms, as a quiz or test shows.",
    5: "Making good decisions in realistic practice scenarios.",
    6: "Carrying out the task well in practice: deciding and doing.",
    7: "Using the learning in the real work.",
    8: "What that use changes for the people, the team or the organisation.",
}


def tier_text(tier: int) -> str:
    """A tier as it is shown everywhere: "3 · Learner perceptions"."""
    return f"{tier} · {LTEM_TIERS.get(tier, 'Unknown tier')}"


def tier_combo(current: int) -> QComboBox:
    """A chooser of the eight LTEM tiers by number and name."""
    combo = QComboBox()
    for tier in LTEM_TIERS:
        combo.addItem(tier_text(tier), tier)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def kind_combo(current: IndicatorKind) -> QComboBox:
    """A chooser of the kinds of learning indicator."""
    combo = QComboBox()
    for kind, words in KIND_NAMES.items():
        combo.addItem(words, kind)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def tier_meaning_label(combo: QComboBox) -> QLabel:
    """A grey line that says what the tier chosen in `combo` counts, kept up to date."""
    label = soften(QLabel())
    label.setWordWrap(True)

    def show() -> None:
        label.setText(TIER_MEANING.get(combo.currentData(), ""))

    combo.currentIndexChanged.connect(show)
    show()
    return label


class IndicatorDialog(QDialog):
    """Records a learning indicator or edits one; stays open, with what was typed, until saved."""

    def __init__(
        self,
        save: SaveIndicator,
        initial: IndicatorInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.errors = FieldErrors()
        self.setWindowTitle("Edit learning indicator" if initial else "New learning indicator")
        self.setMinimumWidth(520)
        self._build(initial or IndicatorInput(name="", ltem_tier=2))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)

    @classmethod
    def ask(
        cls, parent: QWidget | None, save: SaveIndicator, initial: IndicatorInput | None = None
    ) -> bool:
        """Show the dialog modally; whether it saved."""
        dialog = cls(save, initial, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    # Layout -----------------------------------------------------------------------------------

    def _build(self, initial: IndicatorInput) -> None:
        self.name_edit = QLineEdit(initial.name)
        self.name_edit.setPlaceholderText("e.g. Advisers who finished the billing module")
        self.tier_combo = tier_combo(initial.ltem_tier)
        self.tier_meaning = tier_meaning_label(self.tier_combo)
        self.kind_combo = kind_combo(initial.kind)
        self.value_edit = QLineEdit("" if initial.value is None else f"{initial.value:.15g}")
        self.value_edit.setPlaceholderText("Optional, e.g. 12 or 87.5")
        self.unit_edit = QLineEdit(initial.unit)
        self.unit_edit.setPlaceholderText("e.g. %, of 14, out of 5")
        hold_long_text(self.name_edit, self.value_edit, self.unit_edit)
        self.date_edit = OptionalDateEdit()
        self.date_edit.set_value(initial.recorded_on)
        self.note_edit = QPlainTextEdit(initial.note)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText("Where the figure comes from, or what it leaves out")
        self.note_edit.setFixedHeight(80)

        form = QFormLayout()
        for field, label, widget in (
            ("name", "&Name:", self.name_edit),
            ("ltem_tier", "LTEM &tier:", self.tier_combo),
            ("kind", "&Kind:", self.kind_combo),
            ("value", "&Value:", self.value_edit),
            ("unit", "&Unit:", self.unit_edit),
            ("recorded_on", "&Date:", self.date_edit),
            ("note", "N&ote:", self.note_edit),
        ):
            words = label.replace("&", "").rstrip(":")
            widget.setAccessibleName(words)
            form.addRow(label, widget)
            if field == "ltem_tier":
                form.addRow("", self.tier_meaning)
            form.addRow("", self.errors.line(field, words.casefold(), widget))

        explain = soften(
            QLabel(
                "Learning activity (attendance, completions, satisfaction, quiz scores) is "
                "recorded here, apart from the performance measures. LTEM is Will Thalheimer's "
                "Learning-Transfer Evaluation Model: tiers 1–4 show learning activity, 5–6 "
                "competence, 7–8 transfer to the work."
            )
        )
        explain.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Ctrl+Enter")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.errors.fallback)
        layout.addWidget(self.buttons)

    # Reading and saving -----------------------------------------------------------------------

    def values(self) -> IndicatorInput:
        """What the form says; raises `ValidationError` for a value that is not a number."""
        text = self.value_edit.text()
        value = parse_number(text, "value", "The value") if text.strip() else None
        return IndicatorInput(
            name=self.name_edit.text(),
            ltem_tier=int(self.tier_combo.currentData()),
            kind=IndicatorKind(self.kind_combo.currentData()),
            value=value,
            unit=self.unit_edit.text(),
            recorded_on=self.date_edit.checked_value("recorded_on", "Date"),
            note=self.note_edit.toPlainText(),
        )

    def accept(self) -> None:
        """Save; on a problem, say what and where, and keep everything typed."""
        self.errors.clear()
        try:
            self._save(self.values())
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))
            return
        super().accept()


class MoveToIndicatorsDialog(QDialog):
    """Asks which LTEM tier (and kind) a measure takes when it becomes a learning indicator."""

    def __init__(
        self, measure_name: str, suggestion: TierSuggestion, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move to learning indicators")
        self.setMinimumWidth(480)
        intro = QLabel(
            f"“{measure_name.strip()}” counts learning activity. As a learning indicator it is "
            "kept apart from the performance measures and never mixed into their results."
        )
        intro.setWordWrap(True)
        what = soften(
            QLabel(
                "Its baseline becomes the indicator's value and date, and its target is kept in "
                "the note. Undo (Ctrl+Z) puts the measure back."
            )
        )
        what.setWordWrap(True)
        self.tier_combo = tier_combo(suggestion.tier)
        self.tier_combo.setAccessibleName("LTEM tier")
        self.kind_combo = kind_combo(suggestion.kind)
        self.kind_combo.setAccessibleName("Kind")
        form = QFormLayout()
        form.addRow("LTEM &tier:", self.tier_combo)
        form.addRow("", tier_meaning_label(self.tier_combo))
        form.addRow("&Kind:", self.kind_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.addButton("&Move", QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(what)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.tier_combo.setFocus()

    @classmethod
    def ask(
        cls, parent: QWidget | None, measure_name: str, suggestion: TierSuggestion
    ) -> TierSuggestion | None:
        """Show the dialog modally; the tier and kind chosen, or None if cancelled."""
        dialog = cls(measure_name, suggestion, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.choice()
        finally:
            dialog.deleteLater()

    def choice(self) -> TierSuggestion:
        """The tier and kind chosen now."""
        return TierSuggestion(
            int(self.tier_combo.currentData()), IndicatorKind(self.kind_combo.currentData())
        )
