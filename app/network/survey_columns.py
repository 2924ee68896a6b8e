"""Which survey column holds what: the person answering, whom they go to, and what for.

Headings are compared in lower case with punctuation removed. A heading that mentions going to or
asking someone is an answer column (checked first, so "Who do you go to for advice?" is an answer
column, not the respondent's); a tie-type word in it ("advice") sets the type of its answers.
"""

import re
from dataclasses import dataclass

from app.validation import ValidationError
from models.enums import TieType

# Headings of the respondent column (exact, after normalising).
RESPONDENT_HEADINGS = frozenset(
    {
        "name",
        "your name",
        "respondent",
        "respondent name",
        "who",
        "from",
        "asker",
        "member",
        "team member",
        "employee",
        "person answering",
        "answered by",
        "first name",
    }
)
# Words that make a heading an answer column (anywhere in it) …
_ANSWER_PHRASES = re.compile(r"\b(goes to|go to|going to|turn to|turns to|asks?|asked|whom)\b")
# … or whole headings that do.
ANSWER_HEADINGS = frozenset({"to", "person", "goes", "colleague", "contact", "answer"})
# Headings of a tie-type column (exact, after normalising).
TYPE_HEADINGS = frozenset(
    {"for", "type", "tie type", "tie", "what for", "for what", "reason", "kind", "topic", "about"}
)
# Words for each tie type, in a type column's cells or inside an answer column's heading.
TIE_WORDS: dict[str, TieType] = {
    "help": TieType.help,
    "help with the work": TieType.help,
    "help with work": TieType.help,
    "work": TieType.help,
    "advice": TieType.advice,
    "advise": TieType.advice,
    "guidance": TieType.advice,
    "information": TieType.information,
    "info": TieType.information,
    "ideas": TieType.new_ideas,
    "idea": TieType.new_ideas,
    "new ideas": TieType.new_ideas,
    "new idea": TieType.new_ideas,
    "new_ideas": TieType.new_ideas,
}
# Searched inside answer headings, most specific first.
_HEADING_TYPES = (
    (re.compile(r"\bideas?\b"), TieType.new_ideas),
    (re.compile(r"\b(advice|advise|guidance)\b"), TieType.advice),
    (re.compile(r"\b(information|info)\b"), TieType.information),
    (re.compile(r"\bhelp\b"), TieType.help),
)


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces (but keep _), single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def tie_type_of_word(text: str) -> TieType | None:
    """The tie type a cell's word names ("Advice", "new ideas"), or None if unknown."""
    return TIE_WORDS.get(normalise(text))


@dataclass(frozen=True)
class AnswerColumn:
    """A column holding whom people go to; `tie_type` is set when its heading names one."""

    index: int
    heading: str
    tie_type: TieType | None


@dataclass(frozen=True)
class SurveyColumns:
    """The columns understood in a survey's header row (indexes count from 0)."""

    respondent: int
    respondent_heading: str
    answers: tuple[AnswerColumn, ...]
    type_column: int | None
    type_heading: str | None
    ignored: tuple[str, ...]
    width: int


def _heading_type(heading: str) -> TieType | None:
    for pattern, tie_type in _HEADING_TYPES:
        if pattern.search(heading):
            return tie_type
    return None


def _quoted(headings: list[str]) -> str:
    return ", ".join(f"“{h}”" for h in headings if h.strip()) or "no headings at all"


def find_columns(header: list[str]) -> SurveyColumns:
    """Read the header row; refuse it when no respondent or no answer column is recognised."""
    respondent: int | None = None
    type_column: int | None = None
    answers: list[AnswerColumn] = []
    ignored: list[str] = []
    for index, raw in enumerate(header):
        heading = normalise(raw)
        if heading in ANSWER_HEADINGS or _ANSWER_PHRASES.search(heading):
            answers.append(AnswerColumn(index, raw.strip(), _heading_type(heading)))
        elif heading in TYPE_HEADINGS and type_column is None:
            type_column = index
        elif heading in RESPONDENT_HEADINGS and respondent is None:
            respondent = index
        elif raw.strip():
            ignored.append(raw.strip())
    if respondent is None:
        raise ValidationError(
            "file",
            f"No column says who answered. The header row has {_quoted(header)}; "
            "name that column “Name” or “Respondent”.",
        )
    if not answers:
        raise ValidationError(
            "file",
            f"No column says whom people go to. The header row has {_quoted(header)}; name "
            "that column “Goes to”, or use one column per question such as “Who do you go "
            "to for advice?”.",
        )
    return SurveyColumns(
        respondent=respondent,
        respondent_heading=header[respondent].strip(),
        answers=tuple(answers),
        type_column=type_column,
        type_heading=None if type_column is None else header[type_column].strip(),
        ignored=tuple(ignored),
        width=len(header),
    )
