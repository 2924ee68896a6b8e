"""The portfolio across engagements, on a real database: the week's check-ins, overall progress,
and causes that recur across teams."""

from datetime import date, timedelta

import pytest
from portfolio_cases import (
    CLAIMS,
    FIELD_SALES,
    FRONT_DESK,
    PAYROLL,
    WAREHOUSE,
    Team,
    build_portfolio,
    build_team,
)
from sqlalchemy import Engine, event

from app.progress.maths import Status
from app.progress.portfolio import (
    OverallProgress,
    Portfolio,
    ProgressGroup,
    overall_progress,
    portfolio,
)
from models.db import open_database, transaction
from models.enums import EngagementStatus, GilbertCell

TODAY = date(2026, 6, 15)


def _read(engine: Engine, today: date = TODAY) -> Portfolio:
    with transaction(engine) as session:
        return portfolio(session=session, today=today)


def _teams(group: ProgressGroup) -> list[str]:
    return [t.team_name for t in group.teams]


@pytest.fixture
def example(db_engine: Engine) -> tuple[Portfolio, dict[str, int]]:
    ids = build_portfolio(db_engine, TODAY)
    return _read(db_engine), ids


def test_due_this_week_is_today_to_six_days_on_for_running_engagements(example):
    found, ids = example
    due = [(e.team.team_name, e.team.manager_name, e.on) for e in found.due_this_week]
    # Claims in 2 days, Payroll on the last day of the week; Front desk's (7 days) is next week
    # and Warehouse's is a draft's, not yet agreed.
    assert due == [
        ("Claims", "Sofia Marin", date(2026, 6, 17)),
        ("Payroll", "Ana Ruiz", date(2026, 6, 21)),
    ]
    assert [e.team.engagement_id for e in found.due_this_week] == [ids["Claims"], ids["Payroll"]]


def test_overdue_is_a_missed_date_with_no_check_in_since_and_never_a_closed_one(example):
    found, ids = example
    # Field sales held its last check-in on 16 May, before the 1 June date. Front desk missed
    # nothing: it held one after its 1 May date. The closed Claims engagement is not chased.
    assert [(e.team.team_name, e.on) for e in found.overdue] == [("Field sales", date(2026, 6, 1))]
    assert found.overdue[0].team.engagement_id == ids["Field sales"]


def test_running_engagements_are_grouped_by_their_measures(example):
    found, _ = example
    assert found.running == 4  # two agreed, two in progress; not the draft nor the closed one
    assert _teams(found.group(OverallProgress.on_track)) == ["Claims"]
    assert _teams(found.group(OverallProgress.behind)) == ["Front desk"]
    assert _teams(found.group(OverallProgress.moving_away)) == ["Field sales"]
    assert _teams(found.group(OverallProgress.no_data)) == ["Payroll"]
    assert [g.overall for g in found.progress] == list(OverallProgress)


def test_causes_count_different_teams_and_recur_from_two(example):
    found, ids = example
    cells = {c.cell: c for c in found.cells}
    information = cells[GilbertCell.information]
    # Four engagements, three teams: " claims " is Claims again (and closed: still evidence);
    # Payroll's cause has low confidence but was recorded.
    assert information.teams == ("Claims", "Field sales", "Payroll")
    assert len(information.engagements) == 4
    assert information.words == "Information and feedback"
    assert information.environment and information.recurring
    # A draft's diagnostic counts too.
    assert cells[GilbertCell.resources].teams == ("Claims", "Warehouse")
    assert ids["Warehouse"] in {e.engagement_id for e in cells[GilbertCell.resources].engagements}
    # Two engagements of the same team are not a pattern across teams.
    incentives = cells[GilbertCell.incentives]
    assert len(incentives.engagements) == 2 and incentives.teams == ("Claims",)
    assert not incentives.recurring
    assert not cells[GilbertCell.knowledge].environment
    assert cells[GilbertCell.capacity].engagements == ()


def test_causes_sorted_by_teams_then_environment_first(example):
    found, _ = example
    assert [(c.cell, len(c.teams)) for c in found.cells] == [
        (GilbertCell.information, 3),
        (GilbertCell.resources, 2),
        (GilbertCell.incentives, 1),  # an environment cell before individual ones on a tie
        (GilbertCell.knowledge, 1),
        (GilbertCell.motives, 1),
        (GilbertCell.capacity, 0),
    ]
    assert [c.cell for c in found.recurring_causes] == [
        GilbertCell.information,
        GilbertCell.resources,
    ]


def test_an_empty_database_gives_an_empty_portfolio(db_engine):
    found = _read(db_engine)
    assert found.due_this_week == () and found.overdue == ()
    assert found.running == 0
    assert found.recurring_causes == ()
    assert len(found.cells) == 6


def test_the_week_moves_with_today(db_engine):
    build_team(db_engine, CLAIMS, TODAY)  # check-ins planned on 17 June and 14 August
    later = _read(db_engine, TODAY + timedelta(days=3))  # 18 June: the 17th was missed
    assert [e.on for e in later.overdue] == [date(2026, 6, 17)]
    assert later.due_this_week == ()
    assert [e.on for e in _read(db_engine, date(2026, 8, 8)).due_this_week] == [date(2026, 8, 14)]


def test_a_measure_reached_counts_as_on_track_even_past_its_date(db_engine):
    reached = Team(
        "Claims", "Sofia Marin", EngagementStatus.agreed, readings=(70, 76), planned=(1,)
    )
    build_team(db_engine, reached, TODAY)
    after_target = _read(db_engine, TODAY + timedelta(days=400))
    assert _teams(after_target.group(OverallProgress.on_track)) == ["Claims"]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([Status.on_track, Status.moving_away, Status.behind], OverallProgress.moving_away),
        ([Status.reached, Status.behind], OverallProgress.behind),
        ([Status.reached, Status.on_track, Status.no_observations], OverallProgress.on_track),
        ([Status.too_early, Status.reached], OverallProgress.on_track),
        ([Status.too_early, Status.no_observations], OverallProgress.no_data),
        ([], OverallProgress.no_data),  # no measures at all
    ],
)
def test_overall_progress_rules(statuses, expected):
    assert overall_progress(statuses) is expected


def _statements(engine: Engine, teams: list[Team]) -> int:
    for team in teams:
        build_team(engine, team, TODAY)
    seen: list[str] = []

    def count(*_args: object) -> None:
        seen.append("statement")

    event.listen(engine, "before_cursor_execute", count)
    try:
        _read(engine)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_number_of_queries_does_not_grow_with_the_engagements(tmp_path):
    small = open_database(tmp_path / "small.sqlite")
    large = open_database(tmp_path / "large.sqlite")
    try:
        few = _statements(small, [CLAIMS, FIELD_SALES])
        many = _statements(large, [CLAIMS, FIELD_SALES, PAYROLL, FRONT_DESK, WAREHOUSE] * 3)
    finally:
        small.dispose()
        large.dispose()
    assert few == many <= 5  # the list, measures, observations, causes (and a BEGIN)
