"""The measures and their observations as CSV, one row per observation, for a spreadsheet.

Numbers are written with a dot decimal and never in exponent form, dates in ISO form. The share of
the gap closed at each reading comes from `app.progress.maths.closure_percent`, rounded to one
decimal as the printed report shows it. A measure with no observation still gets one row, with the
observation columns empty. Text typed by people that a spreadsheet would read as a formula (it
starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe; numbers are ours,
so they are written as they are, negative ones included.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from app.flow.plain_words import DIRECTION_WORDS
from app.progress.maths import closure_percent
from app.progress.series import MeasureSeries, ObservationPoint, engagement_series
from app.services.common import get_engagement

HEADER = (
    "Engagement team",
    "Measure",
    "Unit",
    "Direction",
    "Baseline value",
    "Baseline date",
    "Target value",
    "Target date",
    "Check-in date",
    "Observed value",
    "Source note",
    "Gap closed (%)",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-\d+(\.\d+)?")


def safe_text(text: str) -> str:
    """Text for a cell that no spreadsheet runs as a formula: a leading apostrophe when it starts
    with =, +, -, @, a tab or a carriage return, unless it is just a negative number."""
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def number_text(value: float) -> str:
    """A finite number with a dot decimal and no exponent ("66.5", "240", "0.00001")."""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def percent_text(value: float) -> str:
    """A percentage to one decimal, without "-0.0"."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _day(value: date) -> str:
    return value.isoformat()


def _measure_cells(team: str, series: MeasureSeries) -> list[str]:
    y = series.yardstick
    return [
        safe_text(team),
        safe_text(series.name),
        safe_text(series.unit),
        DIRECTION_WORDS[y.direction],
        number_text(y.baseline_value),
        _day(y.baseline_date),
        number_text(y.target_value),
        _day(y.target_date),
    ]


def _observation_cells(series: MeasureSeries, point: ObservationPoint) -> list[str]:
    y = series.yardstick
    closed = closure_percent(y.direction, y.baseline_value, y.target_value, point.value)
    return [
        _day(point.on),
        number_text(point.value),
        safe_text(point.note),
        percent_text(closed),
    ]


def measures_csv(*, session: Session, engagement_id: int) -> str:
    """The engagement's measures and observations as CSV text (header first, CRLF line ends);
    `NotFoundError` for an unknown engagement."""
    team = get_engagement(session, engagement_id).team_name
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for series in engagement_series(session=session, engagement_id=engagement_id):
        cells = _measure_cells(team, series)
        if not series.observations:
            writer.writerow([*cells, "", "", "", ""])
        for point in series.observations:
            writer.writerow([*cells, *_observation_cells(series, point)])
    return buffer.getvalue()
