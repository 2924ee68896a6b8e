"""The scaffold library editor: the partner adds, edits, retires and restores scaffolds."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.library.entry import LibraryEntry
from app.storage import StorageError
from app.validation import NotFoundError, ValidationError
from ui.dialogs.library_form import LibraryForm, all_errors
from ui.dialogs.library_list import LibraryList
from ui.library_table_model import BUILT_IN, EDITED, RETIRED, YOURS
from ui.store import LibraryStore
from ui.style import error_label, soften

MEETING_SCALE = 1.3  # as the diagnostic's meeting mode
FORM_SHARE = 0.5  # of the dialog's width, at least, for the scaffold's form

STATE_TEXT = {
    BUILT_IN: "Built-in: shipped with Scaffold.",
    EDITED: "Built-in, edited by you: updates of Scaffold will not overwrite your text.",
    YOURS: "Yours: a scaffold you added.",
    RETIRED: "Retired: no longer suggested; consultations that chose it keep it.",
}


class Answer(Enum):
    """The answers the editor's questions offer (the value is the button's text)."""

    save = "&Save changes"
    discard = "&Don't save"
    reset = "&Put the built-in text back"
    cancel = "Cancel"


_ROLES = {
    Answer.save: QMessageBox.ButtonRole.AcceptRole,
    Answer.reset: QMessageBox.ButtonRole.AcceptRole,
    Answer.discard: QMessageBox.ButtonRole.DestructiveRole,
    Answer.cancel: QMessageBox.ButtonRole.RejectRole,
}


class LibraryEditorDialog(QDialog):
    """The library on the left, the chosen scaffold's form on the right; saved whole, by button."""

    def __init__(
        self, store: LibraryStore, parent: QWidget | None = None, *, meeting: bool = False
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        self.setWindowTitle("Scaffold library")
        self.setSizeGripEnabled(True)
        self.resize(1100, 700)
        self._store = store
        self._key: str | None = None  # the scaffold in the form (None: a new one, or none)
        self._is_new = False
        self._entry: LibraryEntry | None = None
        self._clean: tuple[object, ...] = ()
        self._fitted = False
        self.library = LibraryList()
        self.form = LibraryForm()
        # The list's parts, by their own names (the tests and the tab order use them).
        self.model = self.library.model
        self.search_edit = self.library.search_edit
        self.retired_check = self.library.retired_check
        self.table = self.library.table
        self.count_label = self.library.count_label
        self.new_button = self.library.new_button
        self._build()
        self._connect()
        self._show(None)
        if meeting:
            font = self.font()
            font.setPointSizeF(font.pointSizeF() * MEETING_SCALE)
            self.setFont(font)
        self._reload()
        self.library.select_first()
        self.search_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget, title: str, text: str, answers: Sequence[Answer]) -> Answer:
        """Ask a question with these answers; Esc or closing the box means `Answer.cancel`."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        buttons = {box.addButton(a.value, _ROLES[a]): a for a in answers}
        cancel = next((b for b, a in buttons.items() if a is Answer.cancel), None)
        if cancel is not None:
            box.setEscapeButton(cancel)
        box.setDefaultButton(next(iter(buttons)))
        box.exec()
        return buttons.get(box.clickedButton(), Answer.cancel)

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title_label = QLabel()
        title_font = QFont()
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setWordWrap(True)
        self.state_label = soften(QLabel())
        self.state_label.setWordWrap(True)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setAccessibleName("The scaffold's details")
        self.problem_label = error_label("Problem saving the scaffold")
        self.notice_label = soften(QLabel())
        self.notice_label.setWordWrap(True)
        self.save_button = QPushButton("&Save changes")
        self.retire_button = QPushButton("Ret&ire")
        self.reset_button = QPushButton("Back to the built-in te&xt")
        self.reset_button.setToolTip("Forget your changes to this scaffold: the shipped text again")
        for button in (self.save_button, self.retire_button, self.reset_button):
            button.setAutoDefault(False)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.title_label)
        right_layout.addWidget(self.state_label)
        right_layout.addWidget(self.scroll, 1)
        right_layout.addWidget(self.problem_label)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.save_button)
        buttons_row.addWidget(self.retire_button)
        buttons_row.addWidget(self.reset_button)
        buttons_row.addStretch(1)
        right_layout.addLayout(buttons_row)
        right_layout.addWidget(self.notice_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.close_box)

        order = self.library.focus_order() + self.form.inputs_in_order()
        order += [self.save_button, self.retire_button, self.reset_button, self.close_box]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _fit_panes(self) -> None:
        """The form never narrower than its fields; the list takes what is left."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(self.form.minimumSizeHint().width() + bar + 4)
        right = max(self.scroll.minimumWidth() + 8, int(self.width() * FORM_SHARE))
        self.splitter.setSizes([self.width() - right, right])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Share the width between list and form once the fonts are settled."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit_panes()

    def _connect(self) -> None:
        self.library.picked.connect(self._on_picked)
        self.new_button.clicked.connect(self.new_scaffold)
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.reset_button.clicked.connect(self.reset_to_builtin)
        self.close_box.rejected.connect(self.reject)
        self.form.edited.connect(self._on_edited)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

    # State ------------------------------------------------------------------------------------

    @property
    def current_key(self) -> str | None:
        """The key of the scaffold in the form (None for a new, unsaved one)."""
        return self._key

    def is_dirty(self) -> bool:
        """Whether the form holds changes that are not saved."""
        return (self._is_new or self._key is not None) and self.form.state() != self._clean

    def _reload(self) -> None:
        try:
            overview = self._store.overview()
        except StorageError as exc:
            self._problem(str(exc))
            return
        self.library.set_entries(overview.entries, overview.edited)

    def _show_header(self) -> None:
        if self._is_new:
            self.title_label.setText("New scaffold")
            self.state_label.setText("Not saved yet: fill in the fields, then save.")
        elif self._entry is not None:
            self.title_label.setText(self._entry.name)
            state = self.model.badge_of(self._entry.key) or ""
            self.state_label.setText(STATE_TEXT.get(state, ""))
        else:
            self.title_label.setText("No scaffold chosen")
            self.state_label.setText("Choose one in the list, or add a new one.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        stored = not self._is_new and self._entry is not None
        self.form.setEnabled(self._is_new or stored)
        self.save_button.setEnabled(self._is_new or (stored and self.is_dirty()))
        self.retire_button.setEnabled(stored)
        retired = stored and self._entry is not None and self._entry.retired
        self.retire_button.setText("Br&ing back" if retired else "Ret&ire")
        self.retire_button.setAccessibleName("Bring back" if retired else "Retire")
        self.retire_button.setToolTip(
            "Offer this scaffold again"
            if retired
            else "Stop suggesting this scaffold (consultations that chose it keep it)"
        )
        edited = stored and self._key is not None and self.model.is_edited(self._key)
        self.reset_button.setVisible(edited)

    def _show(self, entry: LibraryEntry | None, *, new: bool = False) -> None:
        self._entry = entry
        self._key = entry.key if entry else None
        self._is_new = new
        self.form.fill(entry)
        self._clean = self.form.state()
        self.library.show_key(self._key)
        self._problem("")
        self._show_header()

    def _problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def _notice(self, text: str) -> None:
        self.notice_label.setText(text)

    # Reactions --------------------------------------------------------------------------------

    def _on_edited(self) -> None:
        self._problem("")
        self._notice("Changes not saved yet." if self.is_dirty() else "")
        self._update_buttons()

    def _on_picked(self, key: str) -> None:
        if self._settle():
            self.open_entry(key)
        else:
            self.library.restore_later()

    def _settle(self) -> bool:
        """Before leaving the form: save or drop unsaved changes, or stay (False)."""
        if not self.is_dirty():
            return True
        name = self.form.name_edit.text().strip() or "This new scaffold"
        answer = self.ask(
            self,
            "Unsaved changes",
            f"“{name}” has changes that are not saved yet.",
            (Answer.save, Answer.discard, Answer.cancel),
        )
        if answer is Answer.save:
            return self.save()
        return answer is Answer.discard

    # Actions ----------------------------------------------------------------------------------

    def open_entry(self, key: str) -> None:
        """Show the stored scaffold with this key in the form."""
        try:
            entry = self._store.get(key)
        except (StorageError, NotFoundError) as exc:
            self._problem(str(exc))
            return
        self._notice("")
        self._show(entry)

    def new_scaffold(self) -> None:
        """Start a blank form for a scaffold of the partner's own."""
        if not self._settle():
            return
        self._show(None, new=True)
        self._notice("")
        self.form.name_edit.setFocus()

    def save(self) -> bool:
        """Store the form whole; on bad input show the messages inline and store nothing."""
        if not (self._is_new or self._key is not None):
            return True
        self.form.errors.clear()
        self._problem("")
        errors: list[ValidationError] = []
        try:
            days = self.form.lead_time_days()
        except ValidationError as exc:
            errors.append(exc)
            days = 1
        data = self.form.entry(days, self._key or "")
        errors += all_errors(data)  # every message at once, before the store checks again
        if not errors:
            try:
                if self._key is None:
                    saved = self._store.add(data)
                else:
                    saved = self._store.update(self._key, data)
            except ValidationError as exc:
                errors.append(exc)
            except (StorageError, NotFoundError) as exc:
                self._problem(str(exc))
                return False
        if errors:
            self.form.show_errors(errors)
            unplaced = [e.message for e in errors if self.form.input_for(e.field) is None]
            self._problem(" ".join(unplaced))
            self._notice("Not saved: see the messages under the fields.")
            return False
        added = self._is_new
        self._show(saved)
        self._reload()
        self._show_header()  # the badge from the list just reloaded
        if added and self.model.row_of(saved.key) is None:
            self.search_edit.clear()  # the new scaffold must be visible in the list
        self._notice(f"“{saved.name}” added to the library." if added else "Saved.")
        return True

    def toggle_retired(self) -> None:
        """Retire the scaffold in the form, or bring a retired one back (unsaved text is kept)."""
        if self._entry is None or self._is_new:
            return
        retire = not self._entry.retired
        try:
            changed = self._store.retire(self._entry.key, retired=retire)
        except (StorageError, NotFoundError) as exc:
            self._problem(str(exc))
            return
        self._entry = dataclasses.replace(self._entry, retired=changed.retired)
        self._reload()
        self._show_header()
        if retire:
            self._notice(
                f"“{changed.name}” is retired: no longer suggested. Tick “Show retired "
                "scaffolds” to find it again."
            )
        else:
            self._notice(f"“{changed.name}” is back in the library.")

    def reset_to_builtin(self) -> None:
        """Put the shipped text of an edited built-in back, after asking."""
        if self._key is None or not self.model.is_edited(self._key):
            return
        name = self._entry.name if self._entry else self._key
        answer = self.ask(
            self,
            "Back to the built-in text",
            f"Put back the text of “{name}” as shipped with Scaffold? Your changes to it "
            "will be lost.",
            (Answer.reset, Answer.cancel),
        )
        if answer is not Answer.reset:
            return
        try:
            entry = self._store.reset(self._key)
        except (StorageError, NotFoundError, ValidationError) as exc:
            self._problem(getattr(exc, "message", str(exc)))
            return
        self._reload()
        self._show(entry)
        self._notice(f"“{entry.name}” has the built-in text again.")

    def reject(self) -> None:
        """Close (Esc, Close or the window's button), asking first about unsaved changes."""
        if self._settle():
            super().reject()
