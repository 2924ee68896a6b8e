"""The question before closing while an edit could not be written: try again, lose it, or stay."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

MAX_LISTED = 6  # edits named in the question; more are counted


class Leave(Enum):
    """The answers to `NotSavedQuestion`."""

    try_again = "try_again"
    discard = "discard"
    stay = "stay"


def not_saved_text(problem: str, edits: list[str]) -> str:
    """The question's details: why, which edits, and what each answer does."""
    listed = [f"• {edit}" for edit in edits[:MAX_LISTED]]
    if len(edits) > MAX_LISTED:
        listed.append(f"• and {len(edits) - MAX_LISTED} more")
    them = "it" if len(edits) == 1 else "them"
    lines = [problem, "", "Not saved:", *listed] if listed else [problem]
    return "\n".join(
        [
            *lines,
            "",
            f"Try again once that is put right, or close anyway and lose {them}.",
        ]
    )


class NotSavedQuestion:
    """Asks what to do about edits that could not be written (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, problem: str, edits: list[str]) -> Leave:
        """Try again, close anyway (losing the named edits), or stay in the consultation."""
        box, answers = cls.build(parent, problem, edits)
        box.exec()
        return answers.get(box.clickedButton(), Leave.stay)

    @staticmethod
    def build(
        parent: QWidget | None, problem: str, edits: list[str]
    ) -> tuple[QMessageBox, dict[QAbstractButton, Leave]]:
        """The question box, not yet shown, and the answer each of its buttons gives."""
        one = len(edits) == 1
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Not saved yet")
        box.setText(
            "An edit could not be saved." if one else f"{len(edits)} edits could not be saved."
        )
        box.setInformativeText(not_saved_text(problem, edits))
        try_button = box.addButton("&Try again", QMessageBox.ButtonRole.AcceptRole)
        lose_button = box.addButton(
            f"&Close anyway, losing {'it' if one else 'them'}",
            QMessageBox.ButtonRole.DestructiveRole,
        )
        cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(try_button)
        box.setEscapeButton(cancel_button)
        return box, {
            try_button: Leave.try_again,
            lose_button: Leave.discard,
            cancel_button: Leave.stay,
        }
