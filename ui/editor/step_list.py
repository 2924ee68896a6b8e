"""The list of steps beside the pages: free navigation, each step showing how complete it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
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

    def step_at(self, row: int) -> StepId:
        """The step shown in `row`."""
        return StepId(self.item(row).data(Qt.ItemDataRole.UserRole))

    def row_of(self, step: StepId) -> int:
        """The row that shows `step`."""
        return [s.id for s in STEPS].index(step)

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
