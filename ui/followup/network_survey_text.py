"""The words of a survey import: what a file holds before importing, what the import did after."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from app.network.survey_csv import RowProblem, SurveyImportReport, SurveyLayout, SurveyReading

MAX_PROBLEMS_SHOWN = 200  # a file worse than this is the wrong file; the count still says so


def _count(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n:,} {many}"


def layout_text(layout: SurveyLayout) -> str:
    """How the file was read: encoding, separator and which column meant what."""
    answers = ", ".join(f"“{h}”" for h in layout.answer_columns)
    parts = [
        f"Read as {layout.encoding} with {layout.separator} separators",
        f"who answered: “{layout.respondent_column}”",
        f"whom they go to: {answers}",
    ]
    if layout.type_column:
        parts.append(f"what for: “{layout.type_column}”")
    if layout.ignored_columns:
        parts.append("ignored: " + ", ".join(f"“{h}”" for h in layout.ignored_columns))
    return "; ".join(parts) + "."


def problems_html(problems: Sequence[RowProblem]) -> str:
    """The unreadable lines as a list: line number, reason, and what the line held."""
    if not problems:
        return "<p>Every line could be read.</p>"
    items = "".join(
        f"<li><b>Line {p.line}</b>: {escape(p.reason)}<br><tt>{escape(p.text)}</tt></li>"
        for p in problems[:MAX_PROBLEMS_SHOWN]
    )
    more = len(problems) - MAX_PROBLEMS_SHOWN
    tail = f"<p>… and {more:,} more.</p>" if more > 0 else ""
    lines = _count(len({p.line for p in problems}), "line", "lines")
    return f"<p>{lines} could not be read, in whole or in part:</p><ul>{items}</ul>{tail}"


def preview_html(file_name: str, reading: SurveyReading) -> str:
    """What a file holds, before anything is stored."""
    named = [a for a in reading.answers if a.goes_to is not None]
    people = {a.respondent.casefold() for a in reading.answers}
    summary = (
        f"<p><b>{escape(file_name)}</b> holds {_count(len(named), 'answer', 'answers')} "
        f"from {_count(len(people), 'person', 'people')}.</p>"
    )
    return (
        summary + f"<p>{escape(layout_text(reading.layout))}</p>" + problems_html(reading.problems)
    )


def report_html(file_name: str, report: SurveyImportReport) -> str:
    """What an import did: ties and people added, duplicates skipped, lines not read."""
    added = ", ".join(report.members_added)
    members = _count(len(report.members_added), "person", "people") + " added"
    if added:
        members += f" ({escape(added)})"
    summary = (
        f"<p><b>Imported {escape(file_name)}</b>: "
        f"{_count(report.ties_added, 'tie', 'ties')} added, {members}, "
        f"{_count(report.duplicates_skipped, 'duplicate', 'duplicates')} skipped "
        "(already recorded). Ctrl+Z undoes the whole import.</p>"
    )
    return summary + problems_html(report.problems)
