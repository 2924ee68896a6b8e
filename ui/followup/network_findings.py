"""What stands out in the network, as sentences to read aloud, and the parts people were given."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.network.findings import Finding
from app.services.scaffold_people import ROLE_WORDS, ScaffoldPart
from ui.style import heading, soften

GIVE_PART = "Give a part in a scaffold…"
NO_SCAFFOLD = "Choose scaffolds in step 5 first; then people can be given a part in them."
NOTHING_STANDS_OUT = "Nothing stands out in this network."


def _clear(layout: QVBoxLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()


def _text_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FindingRow(QFrame):
    """One finding: its kind, the sentence, what it suggests, and a button to act on it."""

    def __init__(self, finding: Finding, can_give: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"{finding.kind.label}: {finding.sentence}")
        self.text = _text_label(f"<b>{escape(finding.kind.label)}.</b> {escape(finding.sentence)}")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion = soften(_text_label(finding.scaffold_role))
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.text, 0, 0, 1, 2)
        layout.addWidget(self.suggestion, 1, 0, 1, 2)
        self.suggestion.setHidden(not finding.scaffold_role)  # once parented: never a window
        layout.setColumnStretch(0, 1)
        self.give_button: QPushButton | None = None
        if finding.member_ids:
            self.give_button = QPushButton(GIVE_PART)
            self.give_button.setEnabled(can_give)
            self.give_button.setAccessibleName(f"{GIVE_PART[:-1]}: {finding.kind.label}")
            if not can_give:
                self.give_button.setToolTip(NO_SCAFFOLD)
            layout.addWidget(self.give_button, 2, 1)


class FindingsPanel(QWidget):
    """The findings in order; `give_requested(finding)` when a "Give a part…" button is pressed."""

    give_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("What stands out")
        self.rows: list[FindingRow] = []
        self.heading = heading(QLabel("What stands out"), 1.15)
        self.waiting = soften(QLabel("Reading the network…"))
        self.list = QVBoxLayout()
        self.list.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.waiting)
        layout.addLayout(self.list)

    def set_findings(self, findings: Sequence[Finding], can_give: bool) -> None:
        """Show the findings of the latest analysis."""
        self.waiting.hide()
        _clear(self.list)
        self.rows = []
        if not findings:
            self.list.addWidget(_text_label(NOTHING_STANDS_OUT))
        for finding in findings:
            row = FindingRow(finding, can_give)
            if row.give_button is not None:
                row.give_button.clicked.connect(
                    lambda _=False, f=finding: self.give_requested.emit(f)
                )
            self.list.addWidget(row)
            self.rows.append(row)

    def sentences(self) -> list[str]:
        """The findings shown, as "Kind: sentence" (for tests and screen readers)."""
        return [f"{r.finding.kind.label}: {r.finding.sentence}" for r in self.rows]


def part_text(part: ScaffoldPart) -> str:
    """ "Buddy for new starters — peer coach: Aisha"."""
    return f"{part.scaffold_name} — {ROLE_WORDS[part.role]}: {part.member_name}"


class PartsPanel(QWidget):
    """Who has a part in which scaffold; "Take back" emits `take_back_requested(part_id)`."""

    take_back_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Parts in scaffolds")
        self.heading = heading(QLabel("Parts in scaffolds"), 1.15)
        self.explain = soften(
            _text_label(
                "Who leads or backs up a scaffold. Parts can be given and taken back at any "
                "time, before or after signing."
            )
        )
        self.list = QVBoxLayout()
        self.list.setSpacing(4)
        self.texts: list[str] = []
        self.take_back_buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(self.list)

    def set_parts(self, parts: Sequence[ScaffoldPart]) -> None:
        """Show the parts given, each with a "Take back" button."""
        _clear(self.list)
        self.texts = [part_text(p) for p in parts]
        self.take_back_buttons = []
        if not parts:
            self.list.addWidget(_text_label("No one has a part in a scaffold yet."))
        for part, text in zip(parts, self.texts, strict=True):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            words = QVBoxLayout()
            words.setSpacing(0)
            words.addWidget(_text_label(text))
            if part.reason:
                words.addWidget(soften(_text_label(part.reason)))
            button = QPushButton("Take back")
            button.setAccessibleName(f"Take back: {text}")
            button.setToolTip("Remove this part (Ctrl+Z gives it back)")
            button.clicked.connect(lambda _=False, i=part.id: self.take_back_requested.emit(i))
            self.take_back_buttons.append(button)
            line.addLayout(words, 1)
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.list.addWidget(row)
