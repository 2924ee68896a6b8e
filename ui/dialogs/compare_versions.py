"""Two versions of the agreement side by side, with what changed between them in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from app.exchange.document import agreement_content
from app.flow.compare import ChangeKind, ItemDiff, SectionDiff, compare_contents, summarise
from app.flow.plain_words import plain_date
from app.services.agreement import list_versions, version_content
from app.services.common import get_engagement, is_current_version_signed
from ui.editor.editing import EngagementEditing

DRAFT = 0  # the key of the current, unsigned draft among the versions to choose from

# Light backgrounds with dark text: the word on each item ("New", "Removed", "Changed")
# says the same as the colour, for people who do not see the colour.
COLOURS = {
    ChangeKind.added: "#dff3e4",
    ChangeKind.removed: "#fbe3e1",
    ChangeKind.changed: "#fff4cc",
}
TEXT_COLOUR = "#1a1a1a"
SUMMARY_LINES = 8  # more would push the versions themselves off a 800-pixel-high screen


@dataclass(frozen=True)
class Choice:
    """A version that can be compared: its key, its name in the lists, and its content."""

    key: int
    name: str
    content: dict[str, Any]


def _choices(session: Session, engagement_id: int) -> list[Choice]:
    choices = [
        Choice(
            v.number,
            f"Version {v.number}, signed {plain_date(v.manager_signed_on)}",
            version_content(v),
        )
        for v in list_versions(session=session, engagement_id=engagement_id)
    ]
    engagement = get_engagement(session, engagement_id)
    if not is_current_version_signed(session, engagement):
        choices.append(
            Choice(
                DRAFT,
                f"Version {engagement.agreement_version}, the draft (not signed yet)",
                agreement_content(session, engagement_id),
            )
        )
    return choices


def _cell(text: str, kind: ChangeKind | None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setContentsMargins(6, 3, 6, 3)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if kind in COLOURS:
        # A palette, not a style sheet: the label keeps following meeting mode's larger type.
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(COLOURS[kind]))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT_COLOUR))
        label.setPalette(palette)
        label.setAutoFillBackground(True)
    return label


def _sides(item: ItemDiff, details: bool) -> tuple[QLabel, QLabel]:
    """The item's line in the older version (left) and in the newer one (right)."""
    if item.kind is ChangeKind.added:
        return _cell("—", None), _cell(f"New: {item.after}", item.kind)
    if item.kind is ChangeKind.removed:
        return _cell(f"Removed: {item.before}", item.kind), _cell("—", None)
    if item.kind is ChangeKind.changed:
        what = "".join(f"\n{detail}" for detail in item.details) if details else ""
        return _cell(f"{item.before}", item.kind), _cell(f"Changed: {item.after}{what}", item.kind)
    return _cell(item.before or "", None), _cell(item.after or "", None)


class CompareVersionsDialog(QDialog):
    """Choose two versions (or a version and the draft) and see what changed, part by part."""

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Follow the window's type size (meeting mode makes it larger).
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        self.setWindowTitle("Compare versions of the agreement")
        self.resize(1100, 700)
        self.editing = editing
        self.choices = editing.read(lambda s: _choices(s, editing.engagement_id))
        self.sections: tuple[SectionDiff, ...] = ()
        self.summary_lines: list[str] = []

        self.from_combo = QComboBox()
        self.to_combo = QComboBox()
        for combo, name in ((self.from_combo, "Older version"), (self.to_combo, "Newer version")):
            combo.setAccessibleName(name)
            for choice in self.choices:
                combo.addItem(choice.name, choice.key)
        self.show_all_check = QCheckBox("Show the parts that did not &change")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("What changed")
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self._build()
        if self.choices:
            self.from_combo.setCurrentIndex(max(len(self.choices) - 2, 0))
            self.to_combo.setCurrentIndex(len(self.choices) - 1)
        self.from_combo.currentIndexChanged.connect(self.refresh)
        self.to_combo.currentIndexChanged.connect(self.refresh)
        self.show_all_check.toggled.connect(self.refresh)
        self.refresh()

    def _build(self) -> None:
        pick = QGridLayout()
        for column, (text, combo) in enumerate(
            (("Compare &this version", self.from_combo), ("&with", self.to_combo))
        ):
            caption = QLabel(text)
            caption.setBuddy(combo)
            pick.addWidget(caption, 0, column)
            pick.addWidget(combo, 1, column)
            pick.setColumnStretch(column, 1)
        options = QHBoxLayout()
        options.addWidget(self.show_all_check)
        options.addStretch(1)

        summary = QFrame()
        summary.setFrameShape(QFrame.Shape.StyledPanel)
        summary_layout = QVBoxLayout(summary)
        title = _heading("What changed")
        title.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(title)
        summary_layout.addWidget(self.summary_label)

        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setAccessibleName("The two versions side by side")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addLayout(options)
        layout.addWidget(summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def choose(self, older: int, newer: int) -> None:
        """Compare these two versions (by number; `DRAFT` for the unsigned draft)."""
        self.from_combo.setCurrentIndex(self.from_combo.findData(older))
        self.to_combo.setCurrentIndex(self.to_combo.findData(newer))

    def refresh(self) -> None:
        """Compare the chosen versions and show the result."""
        by_key = {c.key: c for c in self.choices}
        older = by_key.get(self.from_combo.currentData())
        newer = by_key.get(self.to_combo.currentData())
        if older is None or newer is None:
            self.sections, self.summary_lines = (), []
            self.summary_label.setText("There is no signed version to compare yet.")
            self._fill_grid(None, None)
            return
        self.sections = compare_contents(older.content, newer.content)
        self.summary_lines = summarise(self.sections)
        if older.key == newer.key:
            text = "These are the same version: choose two different ones."
        elif not self.summary_lines:
            text = "Nothing changed between these two versions."
        else:
            shown = self.summary_lines[:SUMMARY_LINES]
            text = "\n".join(f"•  {line}" for line in shown)
            if len(self.summary_lines) > SUMMARY_LINES:
                more = len(self.summary_lines) - SUMMARY_LINES
                text += f"\n…and {more} more change{'s' if more > 1 else ''}, shown below."
        self.summary_label.setText(text)
        self._fill_grid(older, newer)

    def _fill_grid(self, older: Choice | None, newer: Choice | None) -> None:
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # at once; deleting waits for the event loop
                widget.deleteLater()
        if older is None or newer is None:
            return
        row = 0
        for column, choice in enumerate((older, newer)):
            self.grid.addWidget(_heading(choice.name), row, column)
        row += 1
        show_all = self.show_all_check.isChecked()
        for section in self.sections:
            if not section.items or not (section.changed or show_all):
                continue
            marker = "" if not section.changed else " — changed"
            self.grid.addWidget(_heading(section.title + marker), row, 0, 1, 2)
            row += 1
            for item in section.items:
                left, right = _sides(item, details=not section.single)
                self.grid.addWidget(left, row, 0)
                self.grid.addWidget(right, row, 1)
                row += 1
        self.grid.setRowStretch(row, 1)


def _heading(text: str) -> QLabel:
    # Bold only: a fixed size would stop the heading following meeting mode's larger type.
    label = QLabel(text)
    label.setWordWrap(True)
    font = QFont()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label
