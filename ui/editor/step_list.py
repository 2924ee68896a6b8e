"""The list of steps beside the pages: free navigation, each step showing how complete it is.

After the seven steps of the diagnostic, a heading ("After the meeting") and the follow-up
pages (check-ins and progress, the team's network), which have no completeness of their own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.flow.state import Completeness, FlowState
from app.flow.steps import STEPS, StepId

MARKS = {Completeness.empty: "○", Completeness.partial: "◐", Completeness.complete: "●"}
WORDS = {
    Completeness.empty: "not started",
    Completeness.partial: "under way",
    Completeness.complete: "complete",
}


class StepList(QListWidget):
    """One row per step: a completeness mark, the number and the title; missing parts as a tip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Diagnostic steps")
        self.setUniformItemSizes(True)
        for step in STEPS:
            item = QListWidgetItem(f"{MARKS[Completeness.empty]}  {step.number}. {step.title}")
            item.setData(Qt.ItemDataRole.UserRole, step.id.value)
            self.addItem(item)
        self.setMinimumWidth(self.sizeHintForColumn(0) + 40)

    def add_followup(self, key: str, title: str) -> None:
        """Add a follow-up page's row, under the "After the meeting" heading."""
        if self.count() == len(STEPS):
            heading = QListWidgetItem("After the meeting")
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            heading.setData(Qt.ItemDataRole.AccessibleTextRole, "After the meeting")
            self.addItem(heading)
        item = QListWidgetItem(f"▸  {title}")
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"After the meeting: {title}")
        item.setToolTip(title)
        self.addItem(item)
        self.setMinimumWidth(self.sizeHintForColumn(0) + 40)

    def key_at(self, row: int) -> str | None:
        """The page key (a step id or a follow-up page's key) of `row`; None on a heading."""
        item = self.item(row)
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return str(key) if key else None

    def step_at(self, row: int) -> StepId:
        """The step shown in `row`."""
        return StepId(self.item(row).data(Qt.ItemDataRole.UserRole))

    def row_of(self, step: StepId | str) -> int:
        """The row that shows a step or a follow-up page."""
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == str(step):
                return row
        raise KeyError(step)

    def selectable_rows(self) -> list[int]:
        """Rows that open a page (headings excluded)."""
        return [row for row in range(self.count()) if self.key_at(row) is not None]

    def show_state(self, state: FlowState) -> None:
        """Update each step's mark, accessible text and tooltip."""
        for row, step in enumerate(STEPS):
            step_state = state.step(step.id)
            item = self.item(row)
            mark = MARKS[step_state.completeness]
            item.setText(f"{mark}  {step.number}. {step.title}")
            words = WORDS[step_state.completeness]
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"Step {step.number}, {step.title}: {words}"
            )
            tip = f"{step.title}: {words}."
            if step_state.missing:
                tip += "\nStill to record: " + "; ".join(step_state.missing[:6])
            item.setToolTip(tip)
