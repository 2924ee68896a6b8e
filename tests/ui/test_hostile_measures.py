"""Hostile input in step 2: the business goal and every field of a measure card.

Numbers follow the app's rule ("12,5" is 12.5; "1,000" is refused as ambiguous; NaN and
infinities are refused); dates outside 1900–2200, a target date before the baseline date and a
target equal to the baseline are refused by name. Nothing refused reaches the database, and the
text typed stays in its field.
"""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.services.common import get_engagement
from app.services.engagements import EngagementDetails, create_engagement
from app.services.measures import list_measures
from app.storage import transaction
from tests.ui.hostile_inputs import (
    LONG,
    PADDED,
    SCRIPTS,
    TOO_LONG,
    leave,
    name_too_long,
    number_cases,
    paste,
    text_too_long,
    type_in,
)
from ui.pages.goal_page import GoalPage
from ui.pages.measure_cards import MeasureCard


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def page(editing, show_page) -> GoalPage:
    return show_page(GoalPage, editing, (1100, 800))


def measures(db_engine, engagement_id) -> list[dict[str, object]]:
    with transaction(db_engine) as s:
        return [asdict_row(m) for m in list_measures(session=s, engagement_id=engagement_id)]


def asdict_row(m) -> dict[str, object]:
    return {k: v for k, v in m.model_dump().items() if k not in ("updated_at", "created_at")}


@pytest.fixture
def card(page, qtbot, db_engine, engagement_id) -> MeasureCard:
    """A saved measure: 40 → 55 claims, 5 Jan → 1 Jun 2026."""
    qtbot.mouseClick(page.measures.add_button, Qt.MouseButton.LeftButton)
    card = page.measures.cards[-1]
    assert isinstance(card, MeasureCard)
    card.name_edit.setText("Claims closed per week")
    card.baseline_edit.setText("40")
    card.baseline_date.set_value(date(2026, 1, 5))
    card.target_edit.setText("55")
    card.target_date.set_value(date(2026, 6, 1))
    card.saver.touch()
    card.flush()
    assert card.errors.shown_fields() == set()
    assert len(measures(db_engine, engagement_id)) == 1
    return card


# The business goal ----------------------------------------------------------------------------


def test_the_goal_holds_100000_characters_and_refuses_one_more(page, db_engine, engagement_id):
    paste(page.goal_edit, LONG)
    page.flush()
    with transaction(db_engine) as s:
        assert get_engagement(s, engagement_id).business_goal == LONG

    paste(page.goal_edit, TOO_LONG)
    page.flush()
    assert page.errors.message("business_goal") == text_too_long("The business goal")
    assert page.goal_edit.toPlainText() == TOO_LONG
    with transaction(db_engine) as s:
        assert get_engagement(s, engagement_id).business_goal == LONG


def test_the_goal_keeps_scripts_exactly_and_trims_the_ends(page, db_engine, engagement_id):
    paste(page.goal_edit, PADDED + SCRIPTS + "\n\t")
    page.flush()
    assert page.errors.shown_fields() == set()
    assert page.goal_edit.toPlainText() == PADDED + SCRIPTS + "\n\t"
    with transaction(db_engine) as s:
        assert get_engagement(s, engagement_id).business_goal == "padded  " + SCRIPTS


# Text in a measure card -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "field", "label"),
    [
        ("name_edit", "name", "The measure's name"),
        ("unit_edit", "unit", "Unit"),
        ("owner_edit", "owner", "Owner"),
    ],
)
def test_a_100000_character_name_in_a_card_is_refused_and_kept(
    card, db_engine, engagement_id, attr, field, label
):
    before = measures(db_engine, engagement_id)
    widget = getattr(card, attr)
    paste(widget, LONG)
    card.flush()
    assert card.errors.message(field) == name_too_long(label)
    assert widget.text() == LONG
    assert measures(db_engine, engagement_id) == before


def test_the_data_source_holds_100000_characters_exactly_and_refuses_one_more(
    card, db_engine, engagement_id
):
    paste(card.source_edit, LONG)
    card.flush()
    assert card.errors.shown_fields() == set()
    assert measures(db_engine, engagement_id)[0]["data_source"] == LONG  # not cut at 32,767

    paste(card.source_edit, TOO_LONG)
    card.flush()
    assert card.errors.message("data_source") == text_too_long("Data source")
    assert card.source_edit.text() == TOO_LONG
    assert measures(db_engine, engagement_id)[0]["data_source"] == LONG


@pytest.mark.parametrize("attr", ["name_edit", "unit_edit", "source_edit", "owner_edit"])
def test_card_text_keeps_scripts_exactly_and_trims_only_the_ends(
    card, db_engine, engagement_id, attr
):
    field = {"name_edit": "name", "unit_edit": "unit", "source_edit": "data_source"}
    widget = getattr(card, attr)
    paste(widget, PADDED + SCRIPTS + PADDED)
    card.flush()
    assert card.errors.shown_fields() == set()
    assert widget.text() == PADDED + SCRIPTS + PADDED
    stored = measures(db_engine, engagement_id)[0][field.get(attr, "owner")]
    assert stored == (PADDED + SCRIPTS + PADDED).strip()


# Numbers in a measure card --------------------------------------------------------------------

NUMBERS = [  # widget, field, label, a valid value that is stored for 12.5
    ("baseline_edit", "baseline_value", "Baseline"),
    ("target_edit", "target_value", "Target"),
    ("exemplar_edit", "exemplar_value", "Exemplar"),
    ("typical_edit", "typical_value", "Typical"),
]


@pytest.mark.parametrize(
    ("attr", "field", "label", "typed", "expected"),
    [(a, f, lab, t, e) for a, f, lab in NUMBERS for t, e in number_cases(lab)],
)
def test_numbers_follow_the_app_rule_and_every_refusal_is_named(
    card, qtbot, db_engine, engagement_id, attr, field, label, typed, expected
):
    if attr == "baseline_edit":  # 12.5 must stay below the target of 55
        pass
    elif attr == "target_edit":  # 12.5 must stay above the baseline: lower it first
        card.baseline_edit.setText("10")
        card.saver.touch()
        card.flush()
    before = measures(db_engine, engagement_id)
    widget = getattr(card, attr)
    type_in(qtbot, widget, typed)
    leave(qtbot, widget)

    assert widget.text() == typed
    if isinstance(expected, str):
        assert card.errors.message(field) == expected
        assert measures(db_engine, engagement_id) == before
    else:
        assert card.errors.shown_fields() == set()
        assert measures(db_engine, engagement_id)[0][field] == expected


def test_a_target_equal_to_the_baseline_is_refused(card, qtbot, db_engine, engagement_id):
    before = measures(db_engine, engagement_id)
    type_in(qtbot, card.target_edit, "40,0")
    leave(qtbot, card.target_edit)
    assert card.errors.message("target_value") == (
        "The target equals the baseline: there is no change to aim for."
    )
    assert card.target_edit.text() == "40,0"
    assert measures(db_engine, engagement_id) == before


# Dates in a measure card ----------------------------------------------------------------------


def type_date(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.setSelectedSection(widget.Section.DaySection)
    qtbot.keyClicks(widget, text)


@pytest.mark.parametrize(
    ("attr", "field", "label"),
    [
        ("baseline_date", "baseline_date", "Baseline date"),
        ("target_date", "target_date", "Target date"),
    ],
)
@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_dates_outside_1900_to_2200_can_be_typed_and_are_refused_by_name(
    card, qtbot, db_engine, engagement_id, attr, field, label, year
):
    before = measures(db_engine, engagement_id)
    widget = getattr(card, attr)
    type_date(qtbot, widget, f"5 Mar {year}")
    card.flush()
    assert widget.value() == date(year, 3, 5)
    message = card.errors.message(field)
    if field == "target_date" and year == 1899:  # checked first: before the baseline
        assert message == f"Target date {year}-03-05 is outside the years 1900–2200."
    else:
        assert message == f"{label} {year}-03-05 is outside the years 1900–2200."
    assert measures(db_engine, engagement_id) == before


@pytest.mark.parametrize("typed", ["1 Jan 2026", "5 Jan 2026"])
def test_a_target_date_on_or_before_the_baseline_date_is_refused(
    card, qtbot, db_engine, engagement_id, typed
):
    before = measures(db_engine, engagement_id)
    type_date(qtbot, card.target_date, typed)
    card.flush()
    day = card.target_date.value()
    assert day is not None and day.isoformat() in card.errors.message("target_date")
    assert card.errors.message("target_date") == (
        f"The target date ({day.isoformat()}) must come after the baseline date (2026-01-05)."
    )
    assert measures(db_engine, engagement_id) == before
