"""The measures CSV: one row per observation, figures from the maths, no formula injection."""

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.progress.csv_export import HEADER, measures_csv, number_text, safe_text
from app.progress.maths import closure_percent
from app.services import engagements, measures
from app.services.checkins import CheckInInput, ObservationInput, record_checkin
from app.services.engagements import EngagementDetails
from app.services.measures import MeasureInput
from app.validation import NotFoundError
from models.db import open_database, transaction
from models.enums import Direction

TEAM = "=Équipe Zoë – Führung"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "csv.sqlite")
    yield engine
    engine.dispose()


def measure(name: str, unit: str, direction: Direction, base: float, target: float) -> MeasureInput:
    return MeasureInput(
        name=name,
        unit=unit,
        direction=direction,
        baseline_value=base,
        baseline_date=date(2025, 1, 6),
        target_value=target,
        target_date=date(2025, 6, 30),
    )


@pytest.fixture
def engagement(engine: Engine) -> int:
    """Three measures: one seen twice, one seen once (negative values), one never seen."""
    with transaction(engine) as s:
        e = engagements.create_engagement(
            session=s, data=EngagementDetails(team_name=TEAM, manager_name="Zoë")
        )
        assert e.id is not None
        up = measures.add_measure(
            session=s,
            engagement_id=e.id,
            data=measure("First-contact resolution", "%", Direction.higher_is_better, 61, 75),
        )
        nps = measures.add_measure(
            session=s,
            engagement_id=e.id,
            data=measure("+NPS", "points", Direction.higher_is_better, -10, 20),
        )
        measures.add_measure(
            session=s,
            engagement_id=e.id,
            data=measure("Repeat contacts", "per week", Direction.lower_is_better, 340, 240),
        )
        assert up.id and nps.id
        for held, fcr, note, score in (
            (date(2025, 2, 3), 66.5, '=HYPERLINK("http://x","click")', -4.0),
            (date(2025, 3, 3), 58.0, "-5", None),
        ):
            observed = [ObservationInput(up.id, fcr, note)]
            if score is not None:
                observed.append(ObservationInput(nps.id, score, "@survey, -2 late"))
            record_checkin(
                session=s,
                engagement_id=e.id,
                data=CheckInInput(held_on=held, observations=tuple(observed)),
            )
        return e.id


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_one_row_per_observation_and_one_for_a_measure_never_seen(engine, engagement):
    with transaction(engine) as s:
        text = measures_csv(session=s, engagement_id=engagement)
    table = rows(text)
    assert tuple(table[0]) == HEADER
    assert [r[1] for r in table[1:]] == [
        "First-contact resolution",
        "First-contact resolution",
        "'+NPS",
        "Repeat contacts",
    ]
    assert table[-1][8:] == ["", "", "", ""]  # no check-in date, value, note or closure
    assert text.endswith("\r\n") and text.count("\r\n") == 5


def test_figures_use_a_dot_iso_dates_and_the_maths_closure(engine, engagement):
    with transaction(engine) as s:
        table = rows(measures_csv(session=s, engagement_id=engagement))
    first = table[1]
    assert first[2:11] == [
        "%",
        "higher is better",
        "61",
        "2025-01-06",
        "75",
        "2025-06-30",
        "2025-02-03",
        "66.5",
        '\'=HYPERLINK("http://x","click")',
    ]
    expected = closure_percent(Direction.higher_is_better, 61, 75, 66.5)
    assert first[11] == f"{expected:.1f}" == "39.3"
    fell = table[2]
    assert fell[9:] == ["58", "-5", "-21.4"]  # worse than baseline: a negative number, kept
    nps = table[3]
    assert nps[4:10] == ["-10", "2025-01-06", "20", "2025-06-30", "2025-02-03", "-4"]
    assert nps[10] == "'@survey, -2 late"
    assert nps[11] == f"{closure_percent(Direction.higher_is_better, -10, 20, -4):.1f}" == "20.0"
    lower = table[4]
    assert lower[3] == "lower is better"


def test_the_team_name_is_guarded_and_keeps_its_accents(engine, engagement):
    with transaction(engine) as s:
        table = rows(measures_csv(session=s, engagement_id=engagement))
    assert {r[0] for r in table[1:]} == {"'" + TEAM}


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-x", "'-x"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("-5.25", "-5.25"),
        ("-1e5", "'-1e5"),
        ("Dashboard = CRM", "Dashboard = CRM"),
        ("", ""),
    ],
)
def test_safe_text(typed, written):
    assert safe_text(typed) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [(66.5, "66.5"), (240.0, "240"), (-4.0, "-4"), (1e-05, "0.00001"), (1e20, "1" + "0" * 20)],
)
def test_number_text_never_uses_an_exponent(value, written):
    assert number_text(value) == written


def test_an_unknown_engagement_is_refused(engine):
    with transaction(engine) as s, pytest.raises(NotFoundError):
        measures_csv(session=s, engagement_id=42)
