"""Import a "who do you go to for …?" survey from a CSV file, with a report of what was not read.

Two shapes are understood, recognised from the header row (see `survey_columns`):

- long: one answer per row — respondent, the person they go to, and optionally what for;
- wide: the respondent, then one column per question ("Who do you go to for advice?").

A cell may hold several names separated by commas or semicolons (as form tools export
multiple-choice answers). A respondent with no answer is still added to the team. Readable rows
are imported; each unreadable one is reported with its line number and the reason.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from app.network.survey_columns import SurveyColumns, find_columns, tie_type_of_word
from app.network.survey_text import SEPARATOR_NAMES, decode, find_separator, read_bytes
from app.services.people import TieInput, add_members, add_ties, list_members
from app.validation import MAX_NAME_CHARS, ValidationError
from models.enums import TieType

# More distinct people than this is not a team survey (the diagram reads well up to about 60).
MAX_SURVEY_PEOPLE = 300
_NAME_SPLIT = re.compile(r"[;,]")


@dataclass(frozen=True)
class SurveyLayout:
    """How the file was read: encoding, separator and which column meant what."""

    encoding: str
    separator: str
    respondent_column: str
    answer_columns: tuple[str, ...]
    type_column: str | None
    ignored_columns: tuple[str, ...]


@dataclass(frozen=True)
class SurveyAnswer:
    """One readable answer: `respondent` goes to `goes_to` (None: they named no one)."""

    line: int
    respondent: str
    goes_to: str | None
    tie_type: TieType


@dataclass(frozen=True)
class RowProblem:
    """A line that could not be read (in whole or in part), why, and what it held."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True)
class SurveyReading:
    """A survey file read without touching the database: answers and problems."""

    layout: SurveyLayout
    answers: tuple[SurveyAnswer, ...]
    problems: tuple[RowProblem, ...]


@dataclass(frozen=True)
class SurveyImportReport:
    """What an import did, for the partner to check."""

    layout: SurveyLayout
    ties_added: int
    members_added: tuple[str, ...]
    duplicates_skipped: int
    problems: tuple[RowProblem, ...]


def _name(text: str) -> str:
    return " ".join(text.split())


def _name_problem(raw: str) -> str | None:
    """Why a name as found in a cell cannot be used, or None."""
    if "\n" in raw.strip() or "\r" in raw.strip():
        return "a name runs over several lines; a quote mark may be missing"
    if len(_name(raw)) > MAX_NAME_CHARS:
        return f"a name is {len(_name(raw)):,} characters long; the limit is {MAX_NAME_CHARS}"
    return None


def _rows(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of each record; a multi-line record keeps its first line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ValidationError(
                "file",
                f"Line {line} could not be read: a value is far too long, perhaps because a "
                "quote mark is never closed.",
            ) from None
        yield line, row
        line = reader.line_num + 1


class _RowReader:
    """Reads the data rows of one file against its columns."""

    def __init__(self, columns: SurveyColumns, default_tie_type: TieType, sep: str) -> None:
        self.columns = columns
        self.default = TieType(default_tie_type)
        self.sep = sep
        self.answers: list[SurveyAnswer] = []
        self.problems: list[RowProblem] = []

    def problem(self, line: int, row: list[str], reason: str) -> None:
        text = " ".join(self.sep.join(row).split())
        self.problems.append(RowProblem(line, reason, text if len(text) <= 80 else text[:79] + "…"))

    def read(self, line: int, row: list[str]) -> None:
        """Read one record; its problems are noted, its readable answers kept."""
        cols = self.columns
        if not any(cell.strip() for cell in row):
            return  # blank lines are not an error
        if any(cell.strip() for cell in row[cols.width :]):
            self.problem(
                line,
                row,
                f"the row has {len(row)} values but the header names {cols.width} columns; "
                f"a name may hold an unquoted {SEPARATOR_NAMES[self.sep]}",
            )
            return
        cells = row + [""] * (cols.width - len(row))
        raw_respondent = cells[cols.respondent]
        if not raw_respondent.strip():
            self.problem(line, row, f"the “{cols.respondent_heading}” column is empty")
            return
        if (reason := _name_problem(raw_respondent)) is not None:
            self.problem(line, row, reason)
            return
        respondent = _name(raw_respondent)
        kept = self._answers(line, row, cells, respondent)
        if not kept:  # named no one, or only what could not be read: still one of the team
            self.answers.append(SurveyAnswer(line, respondent, None, self.default))

    def _answers(self, line: int, row: list[str], cells: list[str], respondent: str) -> int:
        cols = self.columns
        cell_type: TieType | None = None
        if cols.type_column is not None and (word := cells[cols.type_column].strip()):
            cell_type = tie_type_of_word(word)
            if cell_type is None:
                self.problem(
                    line,
                    row,
                    f"“{word}” is not a tie type; use help, advice, information or new ideas",
                )
                return 0
        kept = 0
        for column in cols.answers:
            for raw in _NAME_SPLIT.split(cells[column.index]):
                if not raw.strip():
                    continue
                goes_to = _name(raw)
                if (problem := _name_problem(raw)) is not None:
                    self.problem(line, row, problem)
                elif goes_to.casefold() == respondent.casefold():
                    self.problem(
                        line, row, f"{respondent} names themselves under “{column.heading}”"
                    )
                else:
                    tie_type = cell_type or column.tie_type or self.default
                    self.answers.append(SurveyAnswer(line, respondent, goes_to, tie_type))
                    kept += 1
        return kept


def read_survey_csv(data: bytes, *, default_tie_type: TieType = TieType.help) -> SurveyReading:
    """Read a survey file without writing anything; ValidationError if it is no survey CSV.

    `default_tie_type` applies to answers whose row and column heading name no type.
    """
    decoded = decode(data)
    separator = find_separator(decoded.text)
    rows = _rows(decoded.text, separator)
    header: list[str] | None = None
    for _, row in rows:
        if any(cell.strip() for cell in row):
            header = row
            break
    if header is None:
        raise ValidationError("file", "The file holds no rows, only blank lines.")
    columns = find_columns(header)
    reader = _RowReader(columns, default_tie_type, separator)
    for line, row in rows:
        reader.read(line, row)
    layout = SurveyLayout(
        encoding=decoded.encoding,
        separator=SEPARATOR_NAMES[separator],
        respondent_column=columns.respondent_heading,
        answer_columns=tuple(column.heading for column in columns.answers),
        type_column=columns.type_heading,
        ignored_columns=columns.ignored,
    )
    return SurveyReading(layout, tuple(reader.answers), tuple(reader.problems))


def import_survey(
    *, session: Session, engagement_id: int, reading: SurveyReading
) -> SurveyImportReport:
    """Add the people and ties of a survey already read; existing names match in any case."""
    members = list_members(session=session, engagement_id=engagement_id)
    ids = {_name(m.name).casefold(): m.id for m in members if m.id is not None}
    new_names: dict[str, str] = {}
    for answer in reading.answers:
        for name in (answer.respondent, answer.goes_to):
            if name is not None and name.casefold() not in ids:
                new_names.setdefault(name.casefold(), name)
    if len(ids) + len(new_names) > MAX_SURVEY_PEOPLE:
        raise ValidationError(
            "file",
            f"The file would make a team of {len(ids) + len(new_names):,} people; the network "
            f"view is for teams of up to {MAX_SURVEY_PEOPLE}. Is this the right file?",
        )
    added = add_members(
        session=session, engagement_id=engagement_id, names=list(new_names.values())
    )
    ids |= {m.name.casefold(): m.id for m in added if m.id is not None}
    result = add_ties(
        session=session,
        engagement_id=engagement_id,
        ties=[
            TieInput(ids[a.respondent.casefold()], ids[a.goes_to.casefold()], a.tie_type)
            for a in reading.answers
            if a.goes_to is not None
        ],
    )
    return SurveyImportReport(
        layout=reading.layout,
        ties_added=result.added,
        members_added=tuple(m.name for m in added),
        duplicates_skipped=result.duplicates,
        problems=reading.problems,
    )


def import_survey_csv(
    *,
    session: Session,
    engagement_id: int,
    data: bytes,
    default_tie_type: TieType = TieType.help,
) -> SurveyImportReport:
    """Read a survey CSV's bytes and import what is readable, in the caller's transaction."""
    reading = read_survey_csv(data, default_tie_type=default_tie_type)
    return import_survey(session=session, engagement_id=engagement_id, reading=reading)


def import_survey_file(
    *,
    session: Session,
    engagement_id: int,
    path: Path,
    default_tie_type: TieType = TieType.help,
) -> SurveyImportReport:
    """Import a survey CSV file; a file over 5 MB is refused before it is read."""
    data = read_bytes(path)
    return import_survey_csv(
        session=session, engagement_id=engagement_id, data=data, default_tie_type=default_tie_type
    )
