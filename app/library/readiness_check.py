"""A short readiness check for the new skills of connected work, and the support it points to.

Twelve statements, three per skill, each answered 1–5 (strongly disagree … strongly agree).
Statements marked `reverse` describe the opposite of the skill, so their answer counts as
6 − answer. A skill's score is the mean of its three statements on the 1–5 scale; `as_rating`
turns it into the 1–5 rating that `app.services.readiness.set_readiness` stores, and
`support_for` suggests library scaffolds for the skills scoring low.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.library.entry import Effort, LibraryEntry
from app.validation import ValidationError
from models.enums import NewSkill

ANSWER_WORDS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
LOW_ANSWER, HIGH_ANSWER = 1, 5
DEFAULT_THRESHOLD = 2.5
SUPPORT_LIMIT = 3

_EFFORT_ORDER = {Effort.low: 0, Effort.medium: 1, Effort.high: 2}


@dataclass(frozen=True)
class Statement:
    """One statement of the check; `reverse` when agreeing with it means less of the skill."""

    id: str
    skill: NewSkill
    text: str
    reverse: bool = False


_PKM = NewSkill.personal_knowledge_management
_TEAM = NewSkill.connected_working
_LEAD = NewSkill.leading_connected_team
_COP = NewSkill.community_management

STATEMENTS: tuple[Statement, ...] = (
    # Personal knowledge management: seek, sense, share.
    Statement(
        "pkm-seek",
        _PKM,
        "I follow a handful of people, groups and sources that keep bringing me what my work "
        "needs, without my having to go looking each time.",
    ),
    Statement(
        "pkm-sense",
        _PKM,
        "What I read or hear at work mostly goes no further: I seldom note it down, try it out "
        "or connect it with what I already know.",
        reverse=True,
    ),
    Statement(
        "pkm-share",
        _PKM,
        "When I learn something useful, I pass it on to the people it would help, with a line "
        "on why it matters to them.",
    ),
    # Working and learning together in a connected team.
    Statement(
        "team-show",
        _TEAM,
        "In this team we show each other work in progress, not only the finished result.",
    ),
    Statement(
        "team-ask",
        _TEAM,
        "When I am stuck, I know who in the team to ask, and I ask early rather than struggle.",
    ),
    Statement(
        "team-silo",
        _TEAM,
        "Each of us mostly works alone; what one person works out rarely reaches the others.",
        reverse=True,
    ),
    # Leading a connected team.
    Statement(
        "lead-reflect",
        _LEAD,
        "Our manager makes time for the team to learn from its own work, for example with a "
        "short look back after each piece of work.",
    ),
    Statement(
        "lead-bottleneck",
        _LEAD,
        "Most of what comes into or goes out of the team has to pass through our manager.",
        reverse=True,
    ),
    Statement(
        "lead-connect",
        _LEAD,
        "Our manager puts us in touch with people outside the team who know what we need.",
    ),
    # Building and sustaining a community of practice.
    Statement(
        "cop-exists",
        _COP,
        "Beyond our team there is a group where people doing similar work swap questions, "
        "examples and tips.",
    ),
    Statement(
        "cop-tended",
        _COP,
        "Someone looks after that group: welcomes newcomers, keeps conversations going and "
        "draws out what is worth keeping.",
    ),
    Statement(
        "cop-fades",
        _COP,
        "The shared spaces we have started for exchanging practice have gone quiet within a "
        "few weeks.",
        reverse=True,
    ),
)

STATEMENT_BY_ID = {s.id: s for s in STATEMENTS}


def _label(statement: Statement) -> str:
    return f"Statement {statement.id} (“{statement.text}”)"


def score(answers: Mapping[str, int]) -> dict[NewSkill, float]:
    """The mean answer per skill, on 1–5, after reversing the reverse-scored statements.

    Every statement must be answered with a whole number from 1 to 5; the first one missing or
    out of range is refused with a `ValidationError` naming it. Unknown statement ids are refused.
    """
    for key in answers:
        if key not in STATEMENT_BY_ID:
            raise ValidationError(key, f"There is no statement “{key}” in the readiness check.")
    totals: dict[NewSkill, list[int]] = {skill: [] for skill in NewSkill}
    for statement in STATEMENTS:
        if statement.id not in answers:
            raise ValidationError(
                statement.id,
                f"{_label(statement)} needs an answer from {LOW_ANSWER} (strongly disagree) "
                f"to {HIGH_ANSWER} (strongly agree).",
            )
        answer = answers[statement.id]
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValidationError(
                statement.id, f"{_label(statement)}: the answer must be a whole number."
            )
        if not LOW_ANSWER <= answer <= HIGH_ANSWER:
            raise ValidationError(
                statement.id,
                f"{_label(statement)}: the answer must be from {LOW_ANSWER} to {HIGH_ANSWER}, "
                f"not {answer}.",
            )
        value = LOW_ANSWER + HIGH_ANSWER - answer if statement.reverse else answer
        totals[statement.skill].append(value)
    return {skill: sum(values) / len(values) for skill, values in totals.items() if values}


def as_rating(value: float) -> int:
    """A skill score as a 1–5 readiness rating, rounding halves up (2.5 → 3)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError("score", f"A readiness score must be a number, not {value!r}.")
    if not LOW_ANSWER <= value <= HIGH_ANSWER:
        raise ValidationError(
            "score", f"A readiness score must be from {LOW_ANSWER} to {HIGH_ANSWER}, not {value}."
        )
    # A tiny tolerance: a mean of means that should be 2.5 may come out as 2.4999999999999996.
    return math.floor(value + 0.5 + 1e-9)


def support_for(
    scores: Mapping[NewSkill, float],
    entries: Iterable[LibraryEntry],
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[NewSkill, list[LibraryEntry]]:
    """For each skill scoring below `threshold`, up to three live scaffolds that build it.

    Skills come in the order of `NewSkill`; a low skill with nothing in the library gets an empty
    list. Scaffolds are ordered by effort (low first), then lead time, then name.
    """
    live = sorted(
        (e for e in entries if not e.retired),
        key=lambda e: (_EFFORT_ORDER[e.effort], e.lead_time_days, e.name, e.key),
    )
    return {
        skill: [e for e in live if skill in e.new_skills][:SUPPORT_LIMIT]
        for skill in NewSkill
        if skill in scores and scores[skill] < threshold
    }
