"""The team members: add by typing a name and Enter, edit in place, remove with Delete.

Each change is one undoable step. Whether prints show pseudonyms is chosen here too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.people import add_member, delete_member, update_member
from app.services.scaffold_people import set_print_pseudonyms, set_pseudonym
from app.storage import StorageError
from app.validation import NotFoundError, ValidationError
from ui.editor.editing import EngagementEditing
from ui.followup.network_data import MemberRow
from ui.followup.network_members_model import MemberColumn, MembersModel
from ui.style import error_label, heading, soften
from ui.widgets.field_errors import clear_error_line, show_error_line
from ui.widgets.long_text import hold_long_text

PSEUDONYMS_EXPLAINED = (
    "The plan and reports then name people by their pseudonym (or “Person A”, “Person B”…); "
    "this screen keeps the real names."
)
MAX_ROWS_SHOWN = 12  # beyond this the list scrolls instead of growing


class MembersPanel(QWidget):
    """Add, rename, describe and remove team members; choose whether prints hide names."""

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self.model = MembersModel(self._save_edit, self)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.heading = heading(QLabel("Team members"), 1.15)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Type a name and press Enter")
        self.name_edit.setAccessibleName("New member's name")
        hold_long_text(self.name_edit)
        add_label = QLabel("&Add a person:")
        add_label.setBuddy(self.name_edit)
        self.add_error = error_label("Problem with the new member's name")
        self.add_error.setBuddy(self.name_edit)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Team members")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.edit_error = error_label("Problem with a team member")
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Remove the selected person and their ties (Delete key)")
        self.count_label = soften(QLabel())
        self.status_label = soften(QLabel())
        self.status_label.setWordWrap(True)
        self.pseudonyms_box = QCheckBox("Prints show &pseudonyms instead of names")
        explain = soften(QLabel(PSEUDONYMS_EXPLAINED))
        explain.setWordWrap(True)

        add_row = QHBoxLayout()
        add_row.addWidget(add_label)
        add_row.addWidget(self.name_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(add_row)
        layout.addWidget(self.add_error)
        layout.addWidget(self.table)
        layout.addWidget(self.edit_error)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.pseudonyms_box)
        layout.addWidget(explain)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.name_edit.returnPressed.connect(self.add_typed_name)
        self.name_edit.textEdited.connect(lambda _text: clear_error_line(self.add_error))
        self.remove_button.clicked.connect(self.remove_selected)
        self.pseudonyms_box.toggled.connect(self._on_pseudonyms_toggled)
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    # Showing ----------------------------------------------------------------------------------

    def set_rows(self, members: Sequence[MemberRow], print_pseudonyms: bool) -> None:
        """Show the team and the print setting, keeping the selected member selected."""
        keep = self.selected_member()
        self.model.set_rows(members)
        self.pseudonyms_box.blockSignals(True)
        self.pseudonyms_box.setChecked(print_pseudonyms)
        self.pseudonyms_box.blockSignals(False)
        count = len(members)
        self.count_label.setText("No one yet" if not count else f"{count} in the team")
        self._fit_height()
        if keep is not None and (row := self.model.row_of(keep.id)) is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def _fit_height(self) -> None:
        shown = min(max(self.model.rowCount(), 3), MAX_ROWS_SHOWN)
        rows = shown * self.table.verticalHeader().defaultSectionSize()
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows + frame)

    def selected_member(self) -> MemberRow | None:
        """The member selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.member(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        self.remove_button.setEnabled(self.selected_member() is not None)

    # Changing ---------------------------------------------------------------------------------

    def _apply(self, label: str, change: Callable[[Any], object]) -> object:
        return self.editing.apply(label, change, origin=self)

    def add_typed_name(self) -> None:
        """Add the person typed; the field empties, ready for the next name."""
        name = self.name_edit.text()
        eid = self.editing.engagement_id
        try:
            member = self._apply(
                "Add team member",
                lambda s: add_member(session=s, engagement_id=eid, name=name),
            )
        except (ValidationError, StorageError) as exc:
            show_error_line(self.add_error, getattr(exc, "message", str(exc)))
            return
        clear_error_line(self.add_error)
        self.name_edit.clear()
        self.status_label.setText(f"Added {getattr(member, 'name', name)}.")

    def _save_edit(self, member: MemberRow, column: MemberColumn, text: str) -> bool:
        if column == MemberColumn.pseudonym:
            label = "Change pseudonym"

            def change(s: Any) -> object:
                return set_pseudonym(session=s, member_id=member.id, pseudonym=text)
        else:
            label = "Rename team member" if column == MemberColumn.person else "Change role"
            name = text if column == MemberColumn.person else member.name
            role = text if column == MemberColumn.role else member.role

            def change(s: Any) -> object:
                return update_member(session=s, member_id=member.id, name=name, role=role)

        try:
            self._apply(label, change)
        except (ValidationError, NotFoundError, StorageError) as exc:
            show_error_line(self.edit_error, getattr(exc, "message", str(exc)))
            return False
        clear_error_line(self.edit_error)
        self.status_label.setText("Saved.")
        return True

    def remove_selected(self) -> None:
        """Remove the selected member and every tie to or from them (Ctrl+Z brings them back)."""
        member = self.selected_member()
        if member is None:
            return
        try:
            self._apply(
                "Remove team member", lambda s: delete_member(session=s, member_id=member.id)
            )
        except (NotFoundError, StorageError) as exc:
            show_error_line(self.edit_error, str(exc))
            return
        self.status_label.setText(
            f"Removed {member.name} and every tie to or from them. Ctrl+Z brings them back."
        )

    def _on_pseudonyms_toggled(self, on: bool) -> None:
        eid = self.editing.engagement_id
        try:
            self._apply(
                "Prints show pseudonyms" if on else "Prints show names",
                lambda s: set_print_pseudonyms(session=s, engagement_id=eid, on=on),
            )
        except StorageError as exc:
            show_error_line(self.edit_error, str(exc))
            return
        self.status_label.setText(
            "Prints now show pseudonyms." if on else "Prints now show people's names."
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Delete (or Backspace) in the list removes the selected member."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)
