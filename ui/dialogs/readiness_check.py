"""The short readiness check: twelve statements answered 1–5, turned into a rating per new skill."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from app.library.readiness_check import (
    ANSWER_WORDS,
    HIGH_ANSWER,
    LOW_ANSWER,
    STATEMENT_BY_ID,
    STATEMENTS,
    as_rating,
    score,
)
from app.services.readiness import RATING_WORDS, list_readiness, set_readiness
from app.storage import StorageError
from app.validation import ValidationError
from app.vocab import NewSkill
from ui.editor.editing import EngagementEditing
from ui.style import error_label, soften

SKILL_NAMES = {
    NewSkill.personal_knowledge_management: "Personal knowledge management",
    NewSkill.connected_working: "Working and learning together",
    NewSkill.leading_connected_team: "Leading a connected team",
    NewSkill.community_management: "Communities of practice",
}
INTRO = (
    "Twelve statements about how the team works today. Answer each one with the manager, for the "
    "team as a whole, from 1 (strongly disagree) to 5 (strongly agree). The answers give a rating "
    "for each skill, which you can still change on the page afterwards."
)
LEGEND = " · ".join(f"{value} {words.lower()}" for value, words in ANSWER_WORDS.items())
KEYS_HINT = "Tab goes to the next statement; the arrow keys and Space, or the keys 1–5, answer."
NEUTRAL = 3  # stands in for unanswered statements when scoring the skills already answered


class ReadinessCheckDialog(QDialog):
    """The twelve statements, the profile they give, and "Use these ratings"."""

    def __init__(
        self,
        editing: EngagementEditing,
        origin: object = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self._origin = self if origin is None else origin
        self.groups: dict[str, QButtonGroup] = {}
        self.statement_labels: dict[str, QLabel] = {}
        self.profile_labels: dict[NewSkill, QLabel] = {}
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # meeting mode's type
        self.setWindowTitle("Short readiness check")
        self._build()
        self._show_profile()

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        legend = soften(QLabel(f"{LEGEND}.  {KEYS_HINT}"))
        legend.setWordWrap(True)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setWidget(self._statements())

        self.error_line = error_label("Problem with the readiness check")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("&Use these ratings")
        self.buttons.accepted.connect(self.use_ratings)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(legend)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self._profile())
        layout.addWidget(self.error_line)
        layout.addWidget(self.buttons)
        self.resize(860, 700)

    def _statements(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 1)
        row = 0
        skill = None
        for number, statement in enumerate(STATEMENTS, start=1):
            if statement.skill is not skill:
                if skill is not None:
                    grid.setRowMinimumHeight(row, 6)  # a little air between the skills
                    row += 1
                skill = statement.skill
                heading = QLabel(f"<b>{SKILL_NAMES[skill]}</b>")
                grid.addWidget(heading, row, 0)
                for value in ANSWER_WORDS:
                    caption = soften(QLabel(str(value)))
                    caption.setToolTip(ANSWER_WORDS[value])
                    grid.addWidget(caption, row, value, Qt.AlignmentFlag.AlignHCenter)
                row += 1
            label = QLabel(f"{number}. {statement.text}")
            label.setWordWrap(True)
            self.statement_labels[statement.id] = label
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for value, words in ANSWER_WORDS.items():
                radio = QRadioButton()
                radio.setAccessibleName(f"Statement {number}: {words}")
                radio.setToolTip(words)
                radio.installEventFilter(self)
                group.addButton(radio, value)
                grid.addWidget(radio, row, value, Qt.AlignmentFlag.AlignHCenter)
            group.idToggled.connect(self._on_answer)
            self.groups[statement.id] = group
            row += 1
        grid.setRowStretch(row, 1)
        return box

    def _profile(self) -> QWidget:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        title = QLabel(
            "<b>The team's profile</b>: a score from 1 to 5 per skill, higher is readier"
        )
        grid.addWidget(title, 0, 0, 1, 2)
        for row, skill in enumerate(NewSkill, start=1):
            name = QLabel(SKILL_NAMES[skill])
            value = QLabel()
            value.setAccessibleName(f"Profile: {SKILL_NAMES[skill]}")
            self.profile_labels[skill] = value
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
        return box

    # Answers and profile ----------------------------------------------------------------------

    def answers(self) -> dict[str, int]:
        """The answers given so far, by statement id."""
        return {sid: g.checkedId() for sid, g in self.groups.items() if g.checkedId() > 0}

    def set_answer(self, statement_id: str, value: int) -> None:
        """Answer one statement (1–5)."""
        button = self.groups[statement_id].button(value)
        if button is not None:
            button.setChecked(True)

    def _on_answer(self, _value: int, checked: bool) -> None:
        if checked:
            self.error_line.hide()
            self._show_profile()

    def _show_profile(self) -> None:
        answers = self.answers()
        # score() needs every statement: stand in for the unanswered ones, show only the skills
        # whose own statements are all answered.
        filled = {s.id: answers.get(s.id, NEUTRAL) for s in STATEMENTS}
        scores = score(filled)
        for skill, label in self.profile_labels.items():
            ids = [s.id for s in STATEMENTS if s.skill is skill]
            left = sum(1 for sid in ids if sid not in answers)
            if left:
                label.setText(f"{left} of its {len(ids)} statements still to answer")
                continue
            rating = as_rating(scores[skill])
            label.setText(
                f"{scores[skill]:.1f} of 5 → rating {rating}, {RATING_WORDS[rating].lower()}"
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The keys 1–5 answer the statement whose answer has the cursor."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            value = event.key() - Qt.Key.Key_0.value
            if LOW_ANSWER <= value <= HIGH_ANSWER and isinstance(watched, QRadioButton):
                group = watched.group()
                button = group.button(value) if group is not None else None
                if button is not None:
                    button.setChecked(True)
                    button.setFocus()
                    return True
        return super().eventFilter(watched, event)

    # Using the ratings ------------------------------------------------------------------------

    def ratings(self) -> dict[NewSkill, int]:
        """The rating per skill the answers give; `ValidationError` names a missing answer."""
        return {skill: as_rating(value) for skill, value in score(self.answers()).items()}

    def use_ratings(self) -> None:
        """Store the ratings (keeping the support noted for each skill) and close."""
        self.error_line.hide()
        try:
            ratings = self.ratings()
        except ValidationError as exc:
            self._missing(exc)
            return
        eid = self.editing.engagement_id

        def change(session: Session) -> None:
            kept = {r.skill: r.support for r in list_readiness(session=session, engagement_id=eid)}
            for skill, rating in ratings.items():
                set_readiness(
                    session=session,
                    engagement_id=eid,
                    skill=skill,
                    rating=rating,
                    support=kept.get(skill, ""),
                )

        try:
            self.editing.apply("Use the readiness check", change, origin=self._origin)
        except (ValidationError, StorageError) as exc:
            self._show_error(exc.message if isinstance(exc, ValidationError) else str(exc))
            return
        self.accept()

    def _missing(self, exc: ValidationError) -> None:
        statement = STATEMENT_BY_ID.get(exc.field)
        if statement is None:
            self._show_error(exc.message)
            return
        answered = self.answers()
        number = STATEMENTS.index(statement) + 1
        others = [
            str(n)
            for n, s in enumerate(STATEMENTS, start=1)
            if s.id not in answered and n != number
        ]
        also = f" Still unanswered too: {', '.join(others)}." if others else ""
        self._show_error(
            f"Statement {number} needs an answer, from 1 (strongly disagree) to 5 (strongly "
            f"agree): “{statement.text}”{also}"
        )
        first = self.groups[statement.id].button(LOW_ANSWER)
        self.scroll_area.ensureWidgetVisible(self.statement_labels[statement.id])
        first.setFocus()

    def _show_error(self, message: str) -> None:
        self.error_line.setText(message)
        self.error_line.show()
