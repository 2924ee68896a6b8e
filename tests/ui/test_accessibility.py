"""Every input on every step has an accessible name, and the keyboard reaches every step."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from app.demo import load_demo
from app.flow.steps import STEPS
from app.services.agreement import amend_agreement
from app.storage import transaction
from ui.editor.editing import EngagementEditing
from ui.editor.editor_widget import EngagementEditor
from ui.pages.registry import PAGE_FACTORIES

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QListWidget)


@pytest.fixture
def editor(db_engine, qtbot):
    with transaction(db_engine) as s:
        eid = load_demo(session=s, today=date(2026, 11, 28)).id or 0
        amend_agreement(session=s, engagement_id=eid)  # editable, with every part filled in
    widget = EngagementEditor(EngagementEditing(db_engine, eid), PAGE_FACTORIES)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def unnamed_inputs(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), QAbstractSpinBox | QComboBox
        ):
            continue  # the line inside a spin box or combo box is named by its owner
        name = widget.accessibleName().strip()
        if isinstance(widget, QAbstractButton):
            name = name or widget.text().replace("&", "").strip()
        if not name:
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def test_every_step_has_a_page_and_every_input_a_name(editor):
    assert set(editor.pages) == {step.id for step in STEPS}
    for step in STEPS:
        editor.go_to(step.id)
        page = editor.page(step.id)
        assert editor.stack.currentWidget() is page
        assert unnamed_inputs(page) == [], step.title
    assert unnamed_inputs(editor.notes) == []


def test_the_step_list_tells_screen_readers_how_complete_each_step_is(editor):
    for row, step in enumerate(STEPS):
        text = editor.step_list.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
        assert text.startswith(f"Step {step.number}, {step.title}: ")
        assert text.rsplit(": ", 1)[1] in {"not started", "under way", "complete"}
    # The amended demo has everything but the new signatures.
    last = editor.step_list.item(len(STEPS) - 1).data(Qt.ItemDataRole.AccessibleTextRole)
    assert last.endswith("under way")
