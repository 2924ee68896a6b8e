"""The question asked before what cannot simply be taken back: delete, restore, forget."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

_ACTION = "destructive_action"


def destructive_question(
    parent: QWidget | None, *, title: str, text: str, informative: str, action: str
) -> QMessageBox:
    """A warning with the action's button and Cancel, Cancel being the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, "", parent=parent)
    box.setText(text)
    box.setInformativeText(informative)
    button = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.setProperty(_ACTION, button)
    return box


def chose_action(box: QMessageBox) -> bool:
    """Whether the person clicked the action (not Cancel, not closing the box)."""
    return box.clickedButton() is box.property(_ACTION)
