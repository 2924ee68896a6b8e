"""Step 5's "Suggested from the library": scaffolds ranked for the causes, added in a click."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.library.entry import Effort, LibraryEntry
from app.library.recommend import NO_CONSTRAINTS, Constraints, RecommendationResult
from app.library.recommend_service import recommend_for_engagement
from app.services.behaviours import engagement_causes
from app.services.scaffolds import ScaffoldInput, add_scaffold, list_scaffolds
from app.storage import StorageError
from app.validation import ValidationError
from app.vocab import GilbertCell, OwnerRole
from ui.editor.editing import EngagementEditing
from ui.pages.scaffold_cards import KIND_TEXT, OWNER_TEXT
from ui.style import error_label, soften

TITLE = "Suggested from the library"
SHOWN_FIRST = 3  # suggestions shown before "Show … more"
LEAD_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("Any", None),
    ("1 week", 7),
    ("2 weeks", 14),
    ("A month", 30),
)
EFFORT_CHOICES: tuple[tuple[str, Effort | None], ...] = (
    ("Any", None),
    ("Low", Effort.low),
    ("Up to medium", Effort.medium),
)
INTRO = (
    "Ranked by how well each one addresses the causes recorded in step 4, quick and light ones "
    "first; formal training only ever comes last. Add one, then adjust it below."
)


def plan_input(
    entry: LibraryEntry, cause_ids: Sequence[int] = (), training_reason: str = ""
) -> ScaffoldInput:
    """A library scaffold as a chosen scaffold of the plan."""
    return ScaffoldInput(
        name=entry.name,
        kind=entry.kind,
        level=entry.levels[0],
        owner_role=entry.owner_role,
        description=f"{entry.summary}\n\nSet-up: {entry.setup}",
        library_key=entry.key,
        cause_ids=tuple(cause_ids),
        training_reason=training_reason,
    )


def add_to_plan(
    editing: EngagementEditing,
    entry: LibraryEntry,
    cause_ids: Sequence[int] = (),
    training_reason: str = "",
) -> None:
    """Add a library scaffold to the engagement's plan, as one undoable step."""
    data = plan_input(entry, cause_ids, training_reason)
    editing.apply(
        f"Add {entry.name} to the plan",
        lambda s: add_scaffold(session=s, engagement_id=editing.engagement_id, data=data),
        # Not None (which means undo): pages still reload, but keep invalid text being fixed.
        origin=add_to_plan,
    )


class ElidedLabel(QLabel):
    """One line of text, cut with "…" to the width there is; the whole text in its tooltip."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = " ".join(text.split())
        self.setToolTip(self._full)
        self.setAccessibleName(self._full)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._fit()

    def full_text(self) -> str:
        """The text before cutting."""
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Any width will do: the text is cut to fit."""
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Cut the text to the new width."""
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Cut again when the type changes size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        width = max(self.width(), 40)
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if self.text() != text:
            self.setText(text)


class SuggestionRow(QFrame):
    """A library scaffold: name and kind, a one-line summary, why it fits; "Add to plan"."""

    add_requested = Signal(object)  # the row

    def __init__(
        self, entry: LibraryEntry, reason: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel(f"<b>{escape(entry.name)}</b> · {escape(KIND_TEXT[entry.kind])}")
        self.title_label.setAccessibleName(f"{entry.name}, {KIND_TEXT[entry.kind]}")
        self.summary_label = ElidedLabel(entry.summary)
        self.reason_label = soften(QLabel(reason))
        self.reason_label.setWordWrap(True)
        self.reason_label.setVisible(bool(reason))
        self.add_button = QPushButton("Add to plan")
        self.add_button.setAccessibleName(f"Add {entry.name} to the plan")
        self.add_button.setToolTip(f"{entry.summary}\n\nSet-up: {entry.setup}")
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self))
        self.in_plan_label = soften(QLabel("✓ In the plan"))
        self.in_plan_label.setAccessibleName(f"{entry.name} is in the plan")
        self.in_plan_label.hide()

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(0, 1)
        grid.addWidget(self.title_label, 0, 0)
        grid.addWidget(self.summary_label, 1, 0)
        grid.addWidget(self.reason_label, 2, 0)
        top_right = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight
        grid.addWidget(self.add_button, 0, 1, 2, 1, top_right)
        grid.addWidget(self.in_plan_label, 0, 1, 2, 1, top_right)

    def in_plan(self) -> bool:
        """Whether the scaffold is already in the plan."""
        return not self.in_plan_label.isHidden()

    def set_in_plan(self, on: bool) -> None:
        """Show "In the plan" instead of the button once the scaffold is chosen."""
        self.add_button.setVisible(not on)
        self.in_plan_label.setVisible(on)


def _toggle(text: str, expanded: bool) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setCheckable(True)
    button.setChecked(expanded)
    button.setAutoRaise(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
    button.toggled.connect(
        lambda on: button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
    )
    return button


class RecommendationsPanel(QFrame):
    """Scaffolds from the library for the engagement's causes, with limits the partner can set.

    The limits are kept for as long as the consultation is open, never stored.
    """

    def __init__(
        self,
        editing: EngagementEditing,
        before_change: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self._before_change = before_change
        self._constraints = NO_CONSTRAINTS
        self._causes: list[tuple[int, GilbertCell]] = []
        self._shown: tuple[object, ...] | None = None
        self.rows: list[SuggestionRow] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._build()
        self.editing.changed.connect(self._on_changed)

    def _build(self) -> None:
        self.toggle = _toggle(TITLE.replace("Sugg", "Su&gg"), True)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.toggle.setAccessibleName(TITLE)
        self.content = QWidget()
        self.toggle.toggled.connect(self.content.setVisible)

        self.intro_label = soften(QLabel(INTRO))
        self.intro_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.limits = self._build_limits()
        self._rows_column = QVBoxLayout()
        self._rows_column.setContentsMargins(0, 0, 0, 0)
        self._rows_column.setSpacing(4)
        self.more_button = QPushButton()
        self.more_button.setCheckable(True)
        self.more_button.toggled.connect(self._show_rows)
        self.not_chosen_toggle = _toggle("Not suggested", False)
        self.not_chosen_label = QLabel()
        self.not_chosen_label.setWordWrap(True)
        self.not_chosen_label.setAccessibleName("Not suggested, and why")
        self.not_chosen_label.hide()
        self.not_chosen_toggle.toggled.connect(self.not_chosen_label.setVisible)
        self.error_line = error_label("Problem adding a suggestion")

        more_row = QHBoxLayout()
        more_row.addWidget(self.more_button)
        more_row.addWidget(self.not_chosen_toggle)
        more_row.addStretch(1)
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.intro_label)
        column.addWidget(self.limits)
        column.addWidget(self.note_label)
        column.addLayout(self._rows_column)
        column.addWidget(self.error_line)
        column.addLayout(more_row)
        column.addWidget(self.not_chosen_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.toggle)
        layout.addWidget(self.content)

    def _build_limits(self) -> QWidget:
        self.lead_combo = QComboBox()
        self.lead_combo.addItems([text for text, _days in LEAD_CHOICES])
        self.lead_combo.setAccessibleName("Longest set-up time")
        self.effort_combo = QComboBox()
        self.effort_combo.addItems([text for text, _effort in EFFORT_CHOICES])
        self.effort_combo.setAccessibleName("Effort allowed")
        self.owner_boxes: dict[OwnerRole, QCheckBox] = {}
        lead_caption = QLabel("Longest set-u&p:")
        lead_caption.setBuddy(self.lead_combo)
        effort_caption = QLabel("Effort &allowed:")
        effort_caption.setBuddy(self.effort_combo)
        first = QHBoxLayout()
        first.setSpacing(6)
        first.addWidget(lead_caption)
        first.addWidget(self.lead_combo)
        first.addSpacing(16)
        first.addWidget(effort_caption)
        first.addWidget(self.effort_combo)
        first.addStretch(1)
        second = QHBoxLayout()
        second.setSpacing(6)
        second.addWidget(QLabel("Leave out what is owned by:"))
        for owner, text in OWNER_TEXT.items():
            box = QCheckBox(text.replace("&", "&&"))
            box.setAccessibleName(f"Leave out what is owned by: {text}")
            box.toggled.connect(self._on_limits)
            self.owner_boxes[owner] = box
            second.addWidget(box)
        second.addStretch(1)
        self.lead_combo.currentIndexChanged.connect(self._on_limits)
        self.effort_combo.currentIndexChanged.connect(self._on_limits)
        limits = QWidget()
        column = QVBoxLayout(limits)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(first)
        column.addLayout(second)
        return limits

    # Showing ----------------------------------------------------------------------------------

    def _on_changed(self, _origin: object) -> None:
        self.refresh()

    def constraints(self) -> Constraints:
        """The limits set in the panel."""
        return self._constraints

    def refresh(self) -> None:
        """Rank the library again for the causes and scaffolds as they are now."""
        eid = self.editing.engagement_id
        constraints = self._constraints
        try:
            result, causes, keys = self.editing.read(
                lambda s: (
                    recommend_for_engagement(session=s, engagement_id=eid, constraints=constraints),
                    [(c.id, c.cell) for c in engagement_causes(session=s, engagement_id=eid)],
                    {x.library_key for x in list_scaffolds(session=s, engagement_id=eid)},
                )
            )
        except StorageError as exc:
            self.error_line.setText(str(exc))
            self.error_line.show()
            return
        self._causes = [(cid, cell) for cid, cell in causes if cid is not None]
        shown = (result, tuple(self._causes))
        if shown != self._shown:
            self._shown = shown
            self._show(result)
        for row in self.rows:
            row.set_in_plan(row.entry.key in keys)

    def _show(self, result: RecommendationResult) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for recommendation in result.recommended:
            row = SuggestionRow(recommendation.entry, recommendation.reason)
            row.add_requested.connect(self._on_add)
            self._rows_column.addWidget(row)
            self.rows.append(row)
        count = len(self.rows)
        title = TITLE.replace("Sugg", "Su&gg")
        self.toggle.setText(f"{title} ({count})" if count else title)
        self.note_label.setText(result.note)
        self.note_label.setVisible(bool(result.note))
        self.limits.setVisible(bool(self._causes))
        self.intro_label.setVisible(bool(self._causes))
        hidden = count - SHOWN_FIRST
        self.more_button.setVisible(hidden > 0)
        self._show_rows(self.more_button.isChecked())
        self.not_chosen_toggle.setVisible(bool(result.not_chosen))
        self.not_chosen_toggle.setText(f"Not suggested ({len(result.not_chosen)})")
        self.not_chosen_label.setText(
            "<br>".join(
                f"<b>{escape(n.entry.name)}</b>: {escape(n.reason)}" for n in result.not_chosen
            )
        )

    def _show_rows(self, all_rows: bool) -> None:
        for index, row in enumerate(self.rows):
            row.setVisible(all_rows or index < SHOWN_FIRST)
        hidden = len(self.rows) - SHOWN_FIRST
        self.more_button.setText("Show fewer" if all_rows else f"Show {hidden} more")

    # Changing ---------------------------------------------------------------------------------

    def _on_limits(self) -> None:
        self._constraints = Constraints(
            max_lead_time_days=LEAD_CHOICES[self.lead_combo.currentIndex()][1],
            max_effort=EFFORT_CHOICES[self.effort_combo.currentIndex()][1],
            excluded_owners=frozenset(o for o, box in self.owner_boxes.items() if box.isChecked()),
        )
        self.refresh()

    def cause_ids_for(self, entry: LibraryEntry) -> tuple[int, ...]:
        """The engagement's causes whose cell the scaffold addresses."""
        return tuple(cid for cid, cell in self._causes if cell in entry.addresses)

    def _on_add(self, row: SuggestionRow) -> None:
        if self._before_change is not None:
            self._before_change()
        self.error_line.hide()
        try:
            add_to_plan(self.editing, row.entry, self.cause_ids_for(row.entry))
        except (ValidationError, StorageError) as exc:
            self.error_line.setText(exc.message if isinstance(exc, ValidationError) else str(exc))
            self.error_line.show()
            return
        following = [r for r in self.rows[self.rows.index(row) :] if r.add_button.isVisible()]
        (following[0].add_button if following else self.toggle).setFocus()
