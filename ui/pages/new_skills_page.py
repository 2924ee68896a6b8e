"""Step 6: how ready the team is for the new skills of connected work, and the support chosen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.flow.steps import StepId
from app.library.entry import LibraryEntry
from app.library.readiness_check import support_for
from app.library.store import list_library
from app.services.readiness import RATING_WORDS, clear_readiness, list_readiness, set_readiness
from app.services.scaffolds import list_scaffolds
from app.storage import StorageError
from app.validation import ValidationError
from app.vocab import NewSkill, ScaffoldKind
from ui.dialogs.readiness_check import ReadinessCheckDialog
from ui.editor.editing import EngagementEditing
from ui.pages.base import StepPage
from ui.pages.recommendations import SuggestionRow, add_to_plan
from ui.style import error_label, soften
from ui.widgets.autosave import DebouncedSaver
from ui.widgets.field_errors import FieldErrors
from ui.widgets.long_text import hold_long_text

NOT_RATED = 0

# Title (with its mnemonic) and a plain explanation of each skill.
SKILL_TEXT: dict[NewSkill, tuple[str, str]] = {
    NewSkill.personal_knowledge_management: (
        "&Personal knowledge management: seek, sense, share",
        "Each person finds good sources (seek), makes sense of what they find by trying it "
        "out and noting what works (sense), and passes on what is useful (share).",
    ),
    NewSkill.connected_working: (
        "&Working and learning together in a connected team",
        "People ask each other for help, work out loud, and turn what one of them learns "
        "into what the whole team knows.",
    ),
    NewSkill.leading_connected_team: (
        "&Leading a connected team",
        "The manager makes time for sharing, asks what people learned, and shows the way by "
        "sharing their own sources and mistakes.",
    ),
    NewSkill.community_management: (
        "&Building and running communities of practice",
        "Someone brings together people who do the same work across teams, keeps the "
        "conversation going and collects what comes out of it.",
    ),
}

NEEDS_RATING = "Choose a rating first: the support is saved with the rating."
NOTHING_IN_LIBRARY = "Nothing in the library builds it yet: describe your own in step 5."


class SupportSuggestions(QWidget):
    """Library scaffolds that build a skill rated low, each with "Add to plan"."""

    def __init__(self, add: Callable[[LibraryEntry], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._add = add
        self._entries: list[LibraryEntry] | None = None
        self.rows: list[SuggestionRow] = []
        self.caption = QLabel("<b>Support that builds it:</b>")
        self.empty_label = soften(QLabel(NOTHING_IN_LIBRARY))
        self.error_line = error_label("Problem adding support to the plan")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 4, 0, 0)
        self._column.setSpacing(4)
        self._column.addWidget(self.caption)
        self._column.addWidget(self.empty_label)
        self._column.addWidget(self.error_line)
        self.hide()

    def show_entries(self, entries: list[LibraryEntry] | None, in_plan: set[str]) -> None:
        """Show these scaffolds (None: the skill is not rated low, so nothing shows)."""
        if entries != self._entries:
            self._entries = entries
            for row in self.rows:
                row.deleteLater()
            self.rows = []
            for entry in entries or []:
                row = SuggestionRow(entry)
                row.add_requested.connect(self._on_add)
                self._column.insertWidget(self._column.count() - 1, row)
                self.rows.append(row)
            self.empty_label.setVisible(entries == [])
            self.error_line.hide()
        for row in self.rows:
            row.set_in_plan(row.entry.key in in_plan)
        self.setVisible(entries is not None)

    def _on_add(self, row: SuggestionRow) -> None:
        self.error_line.hide()
        try:
            self._add(row.entry)
        except (ValidationError, StorageError) as exc:
            self.error_line.setText(exc.message if isinstance(exc, ValidationError) else str(exc))
            self.error_line.show()


class SkillRow(QFrame):
    """One skill: what it means, the team's rating and the support chosen. Saves itself."""

    def __init__(
        self,
        editing: EngagementEditing,
        origin: object,
        skill: NewSkill,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self.origin = origin
        self.skill = skill
        self.errors = FieldErrors()
        self.saver = DebouncedSaver(self._save_now, self)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title, explanation = SKILL_TEXT[skill]
        name = title.replace("&", "")

        # The title carries the mnemonic that puts the cursor on the rating.
        self.title_label = QLabel(title)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.explanation_label = soften(QLabel(explanation))
        self.explanation_label.setWordWrap(True)

        self.rating_group = QButtonGroup(self)
        self.radios: dict[int, QRadioButton] = {}
        rating_row = QHBoxLayout()
        rating_row.setSpacing(12)
        for value in (NOT_RATED, *RATING_WORDS):
            text = "Not rated" if value == NOT_RATED else f"{value} {RATING_WORDS[value]}"
            radio = QRadioButton(text)
            radio.setAccessibleName(f"{name}: {text}")
            self.rating_group.addButton(radio, value)
            self.radios[value] = radio
            rating_row.addWidget(radio)
        rating_row.addStretch(1)
        self.radios[NOT_RATED].setChecked(True)
        self.title_label.setBuddy(self.radios[NOT_RATED])

        self.support_edit = QLineEdit()
        self.support_edit.setAccessibleName(f"Support chosen for {name[0].lower()}{name[1:]}")
        self.support_edit.setPlaceholderText("What will help the team grow this, and who gives it")
        hold_long_text(self.support_edit)
        support_caption = QLabel("Support chosen")
        support_caption.setBuddy(self.support_edit)

        # The rating has the whole width (its words say what it is); the support sits below.
        support_row = QGridLayout()
        support_row.setContentsMargins(0, 0, 0, 0)
        support_row.setHorizontalSpacing(10)
        support_row.setVerticalSpacing(2)
        support_row.setColumnStretch(1, 1)
        support_row.addWidget(support_caption, 0, 0)
        support_row.addWidget(self.support_edit, 0, 1)
        support_row.addWidget(
            self.errors.line("support", "Support chosen", self.support_edit), 1, 1
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.explanation_label)
        layout.addLayout(rating_row)
        layout.addWidget(self.errors.line("rating", f"Readiness for {name}"))
        layout.addLayout(support_row)
        self.suggestions = SupportSuggestions(self._add_to_plan)
        layout.addWidget(self.suggestions)
        layout.addWidget(self.errors.fallback)

        self.rating_group.idToggled.connect(self._on_rating)
        self.saver.watch(self.support_edit)

    # Reading and showing ----------------------------------------------------------------------

    def rating(self) -> int:
        """The rating chosen, or NOT_RATED."""
        return self.rating_group.checkedId()

    def fill(self, rating: int, support: str) -> None:
        """Show a stored rating (NOT_RATED for none) and support, without saving."""
        with self.saver.loading():
            self.radios[rating].setChecked(True)
            if self.support_edit.text() != support:
                self.support_edit.setText(support)
        self.title_label.setBuddy(self.radios[rating])

    def flush(self) -> None:
        """Save a pending edit now."""
        self.saver.flush()

    def has_unsaved_errors(self) -> bool:
        """Whether the row holds input that could not be saved."""
        return bool(self.errors.shown_fields())

    def _add_to_plan(self, entry: LibraryEntry) -> None:
        reason = ""
        if entry.kind is ScaffoldKind.formal_training:
            reason = f"It builds “{self.title_label.text().replace('&', '')}”, rated low in step 6."
        add_to_plan(self.editing, entry, (), reason)

    # Saving -----------------------------------------------------------------------------------

    def _on_rating(self, rating: int, checked: bool) -> None:
        if not checked:
            return
        self.title_label.setBuddy(self.radios[rating])
        self.saver.touch()
        self.saver.flush()

    def _save_now(self) -> None:
        self.errors.clear()
        try:
            self.save()
        except ValidationError as exc:
            self.errors.show(exc)
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))

    def save(self) -> None:
        """Store the rating and support, or forget both when the skill is not rated."""
        eid = self.editing.engagement_id
        rating = self.rating()
        support = self.support_edit.text()
        if rating == NOT_RATED:
            if support.strip() and self.support_edit.isModified():
                raise ValidationError("rating", NEEDS_RATING)
            self.editing.apply(
                "Clear a readiness rating",
                lambda s: clear_readiness(session=s, engagement_id=eid, skill=self.skill),
                origin=self.origin,
            )
            with self.saver.loading():
                self.support_edit.clear()
            return
        self.editing.apply(
            "Rate readiness",
            lambda s: set_readiness(
                session=s, engagement_id=eid, skill=self.skill, rating=rating, support=support
            ),
            origin=self.origin,
        )
        self.support_edit.setModified(False)


class NewSkillsPage(StepPage):
    """One row per new skill of connected work, each saved on its own."""

    step_id = StepId.new_skills

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        intro = soften(
            QLabel(
                "These skills let a team keep learning from its own work, long after any "
                "course. Rate where the team is today, from 1 (not yet) to 5 (a model for "
                "others), and note the support you agree on."
            )
        )
        intro.setWordWrap(True)
        self.check_button = QPushButton("Take the short readiness &check…")
        self.check_button.setToolTip("Twelve statements, answered 1–5, give a rating per skill")
        self.check_dialog: ReadinessCheckDialog | None = None
        self.check_button.clicked.connect(self.open_readiness_check)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(
            soften(QLabel("Twelve statements, answered 1–5, fill in the ratings below.")), 1
        )
        self.body_layout.addWidget(intro)
        self.body_layout.addLayout(check_row)
        self.rows: dict[NewSkill, SkillRow] = {}
        for skill in NewSkill:
            row = SkillRow(editing, self, skill)
            self.rows[skill] = row
            self.body_layout.addWidget(row)
        self.body_layout.addStretch(1)
        self.editing.changed.connect(self._on_any_change)

    def open_readiness_check(self) -> ReadinessCheckDialog:
        """Open the questionnaire (window-modal); it stores the ratings when asked to."""
        self.flush()
        self.check_dialog = ReadinessCheckDialog(self.editing, parent=self)
        self.check_dialog.finished.connect(self._on_check_closed)
        self.check_dialog.open()
        return self.check_dialog

    def _on_check_closed(self) -> None:
        if self.check_dialog is not None:
            self.check_dialog.deleteLater()
            self.check_dialog = None

    def _on_any_change(self, _origin: object) -> None:
        self._show_support()

    def _show_support(self) -> None:
        """Under each skill rated 1–2, the library scaffolds that build it."""
        eid = self.editing.engagement_id
        try:
            ratings, entries, in_plan = self.editing.read(
                lambda s: (
                    {r.skill: r.rating for r in list_readiness(session=s, engagement_id=eid)},
                    list_library(session=s),
                    {x.library_key for x in list_scaffolds(session=s, engagement_id=eid)},
                )
            )
        except StorageError:
            return
        low = support_for({skill: float(rating) for skill, rating in ratings.items()}, entries)
        keys = {key for key in in_plan if key}
        for skill, row in self.rows.items():
            row.suggestions.show_entries(low.get(skill), keys)

    def reload(self) -> None:
        """Show the stored ratings and support."""
        stored = {
            r.skill: (r.rating, r.support)
            for r in self.editing.read(
                lambda s: list_readiness(session=s, engagement_id=self.editing.engagement_id)
            )
        }
        for skill, row in self.rows.items():
            row.errors.clear()
            row.fill(*stored.get(skill, (NOT_RATED, "")))
        self._show_support()

    def save(self) -> None:
        """Every row saves itself; save their pending edits."""
        for row in self.rows.values():
            row.flush()

    def flush(self) -> None:
        """Save pending edits now."""
        super().flush()
        self.save()

    def has_unsaved_errors(self) -> bool:
        """Whether a row holds input that could not be saved."""
        return super().has_unsaved_errors() or any(
            row.has_unsaved_errors() for row in self.rows.values()
        )
