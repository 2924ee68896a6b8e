"""Giving someone a part in a scaffold, starting from a network finding."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.network.findings import Finding, FindingKind
from app.services.scaffold_people import ROLE_WORDS
from app.storage import StorageError
from app.validation import NotFoundError, ValidationError
from app.vocab import ScaffoldRole
from ui.followup.network_data import MemberRow, ScaffoldChoice
from ui.style import soften
from ui.widgets.field_errors import FieldErrors

# The part a finding suggests for the person it names.
ROLE_FOR_KIND = {
    FindingKind.champion: ScaffoldRole.champion,
    FindingKind.peer_coach: ScaffoldRole.peer_coach,
    FindingKind.bottleneck: ScaffoldRole.backup,
    FindingKind.broker: ScaffoldRole.backup,
    FindingKind.sole_contact: ScaffoldRole.backup,
}
ROLE_MEANING = {
    ScaffoldRole.champion: "Speaks for the change in the team and keeps it going.",
    ScaffoldRole.peer_coach: "Helps colleagues learn on the job, e.g. as a buddy for newcomers.",
    ScaffoldRole.community_lead: "Runs a community of practice or a regular show and tell.",
    ScaffoldRole.backup: "Shares what one person alone knows, so others have a second person to "
    "go to. Often someone other than the person the finding names.",
}


@dataclass(frozen=True)
class PartRequest:
    """The part to give: who, in which scaffold, as what, and why."""

    scaffold_id: int
    member_id: int
    role: ScaffoldRole
    reason: str


SavePart = Callable[[PartRequest], object]


def role_for(finding: Finding) -> ScaffoldRole:
    """The role a finding suggests (peer coach when it suggests none in particular)."""
    return ROLE_FOR_KIND.get(finding.kind, ScaffoldRole.peer_coach)


class PartDialog(QDialog):
    """Scaffold, person (from the finding), role (from its kind) and reason (its sentence)."""

    def __init__(
        self,
        finding: Finding,
        scaffolds: Sequence[ScaffoldChoice],
        members: Sequence[MemberRow],
        save: SavePart,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.errors = FieldErrors()
        self.setWindowTitle("Give a part in a scaffold")
        self.setMinimumWidth(480)
        self.scaffold_combo = QComboBox()
        for scaffold in scaffolds:
            self.scaffold_combo.addItem(scaffold.name, scaffold.id)
        self.member_combo = QComboBox()
        for member in members:
            self.member_combo.addItem(member.name, member.id)
        if finding.member_ids:
            self.member_combo.setCurrentIndex(
                max(self.member_combo.findData(finding.member_ids[0]), 0)
            )
        self.role_combo = QComboBox()
        for role, words in ROLE_WORDS.items():
            self.role_combo.addItem(words[:1].upper() + words[1:], role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role_for(finding)))
        self.role_meaning = soften(QLabel())
        self.role_meaning.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(finding.sentence)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        self._build()
        self.role_combo.currentIndexChanged.connect(self._show_meaning)
        self._show_meaning()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.scaffold_combo.setFocus()

    def _build(self) -> None:
        form = QFormLayout()
        for field, label, widget in (
            ("scaffold", "&Scaffold:", self.scaffold_combo),
            ("member", "&Person:", self.member_combo),
            ("role", "&Role:", self.role_combo),
            ("reason", "Rea&son:", self.reason_edit),
        ):
            words = label.replace("&", "").rstrip(":")
            widget.setAccessibleName(words)
            form.addRow(label, widget)
            if field == "role":
                form.addRow("", self.role_meaning)
            form.addRow("", self.errors.line(field, words.casefold(), widget))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.give_button = self.buttons.addButton(
            "&Give part", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.give_button.setDefault(True)
        self.give_button.setToolTip("Ctrl+Enter")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.fallback)
        layout.addWidget(self.buttons)

    def _show_meaning(self, *_args: object) -> None:
        self.role_meaning.setText(ROLE_MEANING[ScaffoldRole(self.role_combo.currentData())])

    def request(self) -> PartRequest:
        """What the form says."""
        return PartRequest(
            scaffold_id=int(self.scaffold_combo.currentData()),
            member_id=int(self.member_combo.currentData()),
            role=ScaffoldRole(self.role_combo.currentData()),
            reason=self.reason_edit.toPlainText(),
        )

    def accept(self) -> None:
        """Save; on a problem, say what beside the field and keep the dialog open."""
        self.errors.clear()
        try:
            self._save(self.request())
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except (NotFoundError, StorageError) as exc:
            self.errors.show(ValidationError("", str(exc)))
            return
        super().accept()
