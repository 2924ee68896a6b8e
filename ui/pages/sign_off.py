"""Signing the agreement, the signed version with "Amend", and the list of signed versions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.flow.plain_words import plain_date
from app.flow.state import FlowState
from app.services.agreement import SignOff, amend_agreement, clean_signoff, sign_agreement
from app.storage import StorageError
from app.validation import ValidationError
from ui.editor.editing import EngagementEditing
from ui.pages.agreement_cards import date_edit, to_qdate
from ui.style import soften
from ui.widgets.field_errors import FieldErrors
from ui.widgets.long_text import hold_long_text


@dataclass(frozen=True)
class SignedVersion:
    """A signed version as the page shows it."""

    number: int
    manager: str
    manager_on: date
    partner: str
    partner_on: date

    def signed_by(self) -> str:
        """Who signed and when: "Priya Nair (manager) and Sam Okafor (partner) on 3 Mar 2025"."""
        if self.manager_on == self.partner_on:
            return (
                f"{self.manager} (manager) and {self.partner} (partner) "
                f"on {plain_date(self.manager_on)}"
            )
        return (
            f"{self.manager} (manager) on {plain_date(self.manager_on)} and "
            f"{self.partner} (partner) on {plain_date(self.partner_on)}"
        )


class SignConfirmation:
    """The question asked before signing (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, version: int, manager: str, partner: str) -> bool:
        """Whether the person confirms signing version `version`."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Sign the agreement")
        box.setText(f"Sign version {version} of the agreement for {manager} and {partner}?")
        box.setInformativeText(
            "The agreement is frozen as it stands now. To change it later, amend it: that "
            f"starts version {version + 1} and keeps this one as it was signed. "
            "Signing cannot be undone with Undo."
        )
        sign = box.addButton("Sign", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(sign)
        box.exec()
        return box.clickedButton() is sign


class SignOffBox(QGroupBox):
    """What still blocks signing, the two names and dates, and the button that signs."""

    signed = Signal()

    def __init__(
        self,
        editing: EngagementEditing,
        origin: object,
        before_signing: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Sign the agreement", parent)
        self.editing = editing
        self.origin = origin
        self._before_signing = before_signing  # saves pending edits; returns a problem, if any
        self.version = 1
        self._prefilled = {"manager": "", "partner": ""}
        self.errors = FieldErrors()
        self.checklist_label = QLabel()
        self.checklist_label.setWordWrap(True)
        self.checklist_label.setAccessibleName("What is still needed before signing")
        self.manager_edit = QLineEdit()
        self.manager_edit.setPlaceholderText("The manager's name, as they sign")
        self.manager_date = date_edit()
        self.partner_edit = QLineEdit()
        self.partner_edit.setPlaceholderText("Your name, as you sign")
        hold_long_text(self.manager_edit, self.partner_edit)
        self.partner_date = date_edit()
        self.sign_button = QPushButton("&Sign agreement…")
        self.sign_button.setDefault(False)
        self.sign_button.setAutoDefault(False)
        self._build()
        self.sign_button.clicked.connect(self.sign)

    def _build(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        rows = (
            ("manager_signature", "&Manager", self.manager_edit),
            ("manager_signed_on", "Mana&ger signs on", self.manager_date),
            ("partner_signature", "&Partner", self.partner_edit),
            ("partner_signed_on", "Pa&rtner signs on", self.partner_date),
        )
        for index, (field, label, widget) in enumerate(rows):
            row, column = divmod(index, 2)
            caption = QLabel(label)
            caption.setBuddy(widget)
            name = label.replace("&", "")
            widget.setAccessibleName(
                f"{name}'s name" if widget in (self.manager_edit, self.partner_edit) else name
            )
            grid.addWidget(caption, row * 3, column)
            grid.addWidget(widget, row * 3 + 1, column)
            grid.addWidget(self.errors.line(field, name, widget), row * 3 + 2, column)
        grid.setColumnStretch(0, 3)  # a name wide enough, its date close beside it
        grid.setColumnStretch(2, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.checklist_label)
        layout.addLayout(grid)
        layout.addWidget(self.errors.fallback)
        layout.addLayout(buttons)

    def set_state(self, state: FlowState, manager: str, partner: str) -> None:
        """Show what still blocks signing; put the names in unless someone typed others."""
        self.version = state.version
        if state.signing_blockers:
            lines = "\n".join(f"☐  {blocker}" for blocker in state.signing_blockers)
            self.checklist_label.setText(f"Before you can sign:\n{lines}")
        else:
            self.checklist_label.setText(
                "✓  Everything needed is there. Check the names and dates, then sign."
            )
        self.sign_button.setEnabled(state.can_sign)
        self.sign_button.setToolTip(
            "" if state.can_sign else "Complete what is listed above first."
        )
        for key, edit, name in (
            ("manager", self.manager_edit, manager),
            ("partner", self.partner_edit, partner),
        ):
            if edit.text().strip() in ("", self._prefilled[key]):
                edit.setText(name)
            self._prefilled[key] = name

    def reset_dates(self) -> None:
        """Both signatures dated today."""
        today = to_qdate(date.today())
        self.manager_date.setDate(today)
        self.partner_date.setDate(today)

    def sign_off(self) -> SignOff:
        """The names and dates as entered."""
        return SignOff(
            manager_signature=self.manager_edit.text(),
            manager_signed_on=self.manager_date.checked_date(
                "manager_signed_on", "The manager's signing date"
            ),
            partner_signature=self.partner_edit.text(),
            partner_signed_on=self.partner_date.checked_date(
                "partner_signed_on", "The partner's signing date"
            ),
        )

    def sign(self) -> None:
        """Check the names, ask for confirmation, then sign (a signature is not undone)."""
        self.errors.clear()
        problem = self._before_signing()
        if problem:
            self.errors.show(ValidationError("", problem))
            return
        try:
            data = clean_signoff(self.sign_off())
        except ValidationError as exc:
            self.errors.show(exc)
            return
        if not SignConfirmation.ask(
            self, self.version, data.manager_signature, data.partner_signature
        ):
            return
        engagement_id = self.editing.engagement_id
        try:
            self.editing.apply(
                "Sign the agreement",
                lambda s: sign_agreement(session=s, engagement_id=engagement_id, data=data),
                origin=self.origin,
                undoable=False,
            )
        except ValidationError as exc:
            self.errors.show(exc)
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))
        else:
            self.signed.emit()


class SignedBox(QFrame):
    """The signed version's line, and the button that starts the next version."""

    amended = Signal()

    def __init__(
        self, editing: EngagementEditing, origin: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self.origin = origin
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.errors = FieldErrors()
        self.signed_label = QLabel()
        bold = QFont()  # bold only: the size keeps following meeting mode
        bold.setBold(True)
        self.signed_label.setFont(bold)
        self.signed_label.setWordWrap(True)
        self.explain_label = soften(QLabel())
        self.explain_label.setWordWrap(True)
        self.amend_button = QPushButton("A&mend agreement")
        self.amend_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.amend_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.signed_label)
        layout.addWidget(self.explain_label)
        layout.addLayout(row)
        layout.addWidget(self.errors.fallback)
        self.amend_button.clicked.connect(self.amend)

    def set_version(self, version: SignedVersion) -> None:
        """Say who signed the current version, and when."""
        text = f"Version {version.number} signed by {version.signed_by()}."
        self.signed_label.setText(text)
        self.signed_label.setAccessibleName(text)
        self.explain_label.setText(
            "A signed version does not change. To change what was agreed, amend the "
            f"agreement: that starts version {version.number + 1}, and version "
            f"{version.number} stays as it was signed."
        )

    def amend(self) -> None:
        """Start the next version (not undone with Undo: the signed one is kept as it was)."""
        self.errors.clear()
        engagement_id = self.editing.engagement_id
        try:
            self.editing.apply(
                "Amend the agreement",
                lambda s: amend_agreement(session=s, engagement_id=engagement_id),
                origin=self.origin,
                undoable=False,
            )
        except ValidationError as exc:
            self.errors.show(exc)
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))
        else:
            self.amended.emit()


class VersionsBox(QGroupBox):
    """Every signed version, and the button that compares two of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Signed versions", parent)
        self.lines = QVBoxLayout()
        self.lines.setSpacing(2)
        self.compare_button = QPushButton("&Compare versions…")
        self.compare_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.compare_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.lines)
        layout.addLayout(row)
        self._shown: list[SignedVersion] = []

    def set_versions(self, versions: list[SignedVersion], has_draft: bool) -> None:
        """List the versions; comparing needs two things to compare."""
        self.setVisible(bool(versions))
        can_compare = len(versions) + (1 if has_draft else 0) >= 2
        self.compare_button.setEnabled(can_compare)
        self.compare_button.setToolTip(
            "See what changed between two versions, or since the last signature."
            if can_compare
            else "There is only one version so far; amending starts a second one."
        )
        if versions == self._shown:
            return
        self._shown = list(versions)
        while self.lines.count():
            widget = self.lines.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for version in versions:
            label = QLabel(f"Version {version.number} — signed by {version.signed_by()}")
            label.setWordWrap(True)
            self.lines.addWidget(label)
