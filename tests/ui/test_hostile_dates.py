"""Dates Qt cannot hold, typed into the real date fields: said so, kept as typed, never swapped.

Qt would put the old year back for "5 Jan 1" and make "29 Feb 2027" a 28 Feb without a word.
Here each form shows why the text is not a date, the text stays in the field, the database
keeps what it held, and once the person writes a date it is saved.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.services.agreement import list_planned_checkins, list_responsibilities
from app.services.checkin_form import checkin_form
from app.services.checkins import list_checkins, record_checkin
from app.services.common import get_engagement
from app.services.engagements import EngagementDetails, create_engagement
from app.services.measures import MeasureInput, add_measure, list_measures
from app.storage import transaction
from app.validation import describe_unreadable_date
from ui.followup.checkin_dialog import CheckInDialog
from ui.pages.agreement_cards import ResponsibilityCard
from ui.pages.agreement_page import AgreementPage
from ui.pages.context_page import ContextPage
from ui.pages.goal_page import GoalPage
from ui.pages.measure_cards import MeasureCard
from ui.widgets.date_field import TypedDateEdit

SHOTS = Path("/tmp/shots/dates")
YEAR = date.today().year


def message(label: str, typed: str) -> str:
    return describe_unreadable_date(label, typed)


def type_date(qtbot, widget: TypedDateEdit, text: str) -> None:
    """Type `text` from the day on, as a person does after clicking into the field."""
    widget.setFocus()
    widget.setSelectedSection(widget.Section.DaySection)
    qtbot.keyClicks(widget, text)


def leave(widget: TypedDateEdit, to: QWidget) -> None:
    """Move the focus out of the date field (Qt ends its editing there)."""
    to.setFocus()
    QApplication.processEvents()
    assert not widget.hasFocus()


# The wording rule -----------------------------------------------------------------------------


YEAR_IN_FULL = "(write the year in full, for example 5 Jan 2026)."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("5 Jan 1", f"“5 Jan 1” is not a complete date {YEAR_IN_FULL}"),
        ("5 Jan 26", f"“5 Jan 26” is not a complete date {YEAR_IN_FULL}"),
        (
            "29 Feb 2027",
            "“29 Feb 2027” is not a date: February 2027 has 28 days "
            "(write for example 28 Feb 2027).",
        ),
        (
            "31 Apr 2027",
            "“31 Apr 2027” is not a date: April 2027 has 30 days (write for example 30 Apr 2027).",
        ),
        (
            "5 Jan 0001",
            "“5 Jan 0001” is outside the years 1900–2200 (write for example 5 Jan 2026).",
        ),
        ("N", "“N” is not a complete date (write for example 5 Jan 2026)."),
    ],
)
def test_each_kind_of_unreadable_date_has_its_own_words(typed, expected):
    said = describe_unreadable_date("Target date", typed, today=date(2026, 3, 1))
    assert said == f"Target date: {expected}"


def test_an_empty_required_date_is_named():
    assert describe_unreadable_date("Check-in date", " ", today=date(2026, 3, 1)) == (
        "Check-in date is empty: write a date such as 5 Jan 2026."
    )


# Step 2: the baseline and target dates of a measure -------------------------------------------


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        add_measure(
            session=s,
            engagement_id=e.id,
            data=MeasureInput(
                name="Claims closed",
                baseline_value=40,
                baseline_date=date(2026, 1, 5),
                target_value=55,
                target_date=date(2026, 6, 1),
            ),
        )
        return e.id


def stored_dates(db_engine, engagement_id) -> tuple[date, date]:
    with transaction(db_engine) as s:
        (m,) = list_measures(session=s, engagement_id=engagement_id)
        return m.baseline_date, m.target_date


@pytest.fixture
def card(editing, show_page) -> MeasureCard:
    page = show_page(GoalPage, editing, (1100, 800))
    (card,) = page.measures.cards
    assert isinstance(card, MeasureCard)
    return card


MEASURE_DATES = [
    ("baseline_date", "Baseline date", date(2026, 2, 9)),
    ("target_date", "Target date", date(2026, 7, 3)),
]
UNREADABLE = ["5 Jan 1", "5 Jan 26", "29 Feb 2027", "31 Apr 2027", "5 Jan 0001"]


def shown_as(typed: str) -> str:
    """The text Qt shows for what was typed (it pads a year typed with leading zeros)."""
    return "5 Jan 000001" if typed == "5 Jan 0001" else typed


@pytest.mark.parametrize(("field", "label", "later"), MEASURE_DATES)
@pytest.mark.parametrize("typed", UNREADABLE)
def test_a_measure_date_that_is_not_a_date_is_named_kept_and_not_saved(
    qtbot, card, db_engine, engagement_id, field, label, later, typed
):
    before = stored_dates(db_engine, engagement_id)
    widget = getattr(card, field)
    type_date(qtbot, widget, typed)
    leave(widget, card.source_edit)

    shown = shown_as(typed)
    assert card.errors.message(field) == message(label, shown)
    assert widget.lineEdit().text() == shown
    assert widget.typed_problem() == shown
    assert stored_dates(db_engine, engagement_id) == before

    # Back in the field the text is still there to correct; a whole date then saves.
    widget.setFocus()
    assert widget.lineEdit().text() == shown
    type_date(qtbot, widget, f"{later.day} {later:%b %Y}")
    leave(widget, card.source_edit)
    assert card.errors.message(field) == ""
    assert widget.lineEdit().text() == f"{later.day} {later:%b %Y}"
    expected = (later, before[1]) if field == "baseline_date" else (before[0], later)
    assert stored_dates(db_engine, engagement_id) == expected


def test_an_autosave_while_the_year_is_half_typed_saves_nothing(
    qtbot, card, db_engine, engagement_id
):
    before = stored_dates(db_engine, engagement_id)
    type_date(qtbot, card.target_date, "5 Jan 1")
    card.flush()  # the pause in typing, without leaving the field
    assert card.errors.message("target_date") == message("Target date", "5 Jan 1")
    assert card.target_date.lineEdit().text() == "5 Jan 1"
    assert stored_dates(db_engine, engagement_id) == before


def test_only_the_year_typed_short_keeps_the_day_and_month_typed_before(
    qtbot, card, db_engine, engagement_id
):
    before = stored_dates(db_engine, engagement_id)
    card.target_date.setFocus()
    card.target_date.setSelectedSection(card.target_date.Section.YearSection)
    qtbot.keyClicks(card.target_date, "1")
    leave(card.target_date, card.source_edit)
    assert card.target_date.lineEdit().text() == "1 Jun 1"
    assert card.errors.message("target_date") == message("Target date", "1 Jun 1")
    assert stored_dates(db_engine, engagement_id) == before


def test_29_february_stays_29_february(qtbot, card, db_engine, engagement_id):
    # Typed before a leap year, it is saved as typed (Qt showed 28 Feb while typing).
    type_date(qtbot, card.target_date, "29 Feb 2028")
    leave(card.target_date, card.source_edit)
    assert card.target_date.lineEdit().text() == "29 Feb 2028"
    assert stored_dates(db_engine, engagement_id)[1] == date(2028, 2, 29)

    # Changing only the year to one without a 29 February is refused, not made 28 Feb.
    card.target_date.setFocus()
    card.target_date.setSelectedSection(card.target_date.Section.YearSection)
    qtbot.keyClicks(card.target_date, "2029")
    leave(card.target_date, card.source_edit)
    assert card.target_date.lineEdit().text() == "29 Feb 2029"
    assert card.errors.message("target_date") == message("Target date", "29 Feb 2029")
    assert stored_dates(db_engine, engagement_id)[1] == date(2028, 2, 29)


def test_a_cleared_measure_date_is_required_not_put_back(qtbot, card, db_engine, engagement_id):
    before = stored_dates(db_engine, engagement_id)
    card.target_date.setFocus()
    card.target_date.lineEdit().selectAll()
    qtbot.keyClick(card.target_date, Qt.Key.Key_Delete)
    leave(card.target_date, card.source_edit)
    assert card.target_date.lineEdit().text() == "Not set"
    assert card.errors.message("target_date") == "The target date is required."
    assert stored_dates(db_engine, engagement_id) == before


def test_a_picture_of_the_message(qtbot, card):
    type_date(qtbot, card.target_date, "29 Feb 2027")
    leave(card.target_date, card.source_edit)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert card.grab().save(str(SHOTS / "measure_card_29_feb.png"))
    type_date(qtbot, card.baseline_date, "5 Jan 1")
    leave(card.baseline_date, card.source_edit)
    assert card.grab().save(str(SHOTS / "measure_card_5_jan_1.png"))
    assert card.errors.shown_fields() == {"baseline_date"}  # one save, the first refusal shown


# Step 1: the meeting date, which may be left empty -------------------------------------------


def test_a_cleared_meeting_date_means_no_date(qtbot, editing, show_page, db_engine, engagement_id):
    page = show_page(ContextPage, editing)
    type_date(qtbot, page.date_edit, "5 Jan 1")  # starts from today: the day is typed over
    leave(page.date_edit, page.team_edit)
    assert page.errors.message("meeting_date") == message("Meeting date", "5 Jan 1")
    with transaction(db_engine) as s:
        assert get_engagement(session=s, engagement_id=engagement_id).meeting_date is None

    type_date(qtbot, page.date_edit, "12 Mar 2026")
    leave(page.date_edit, page.team_edit)
    with transaction(db_engine) as s:
        assert get_engagement(session=s, engagement_id=engagement_id).meeting_date == date(
            2026, 3, 12
        )

    page.date_edit.setFocus()
    page.date_edit.lineEdit().selectAll()
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Delete)
    leave(page.date_edit, page.team_edit)
    assert page.date_edit.lineEdit().text() == "No date"
    assert page.errors.shown_fields() == set()
    with transaction(db_engine) as s:
        assert get_engagement(session=s, engagement_id=engagement_id).meeting_date is None


# The check-in dialog ------------------------------------------------------------------------


@pytest.fixture
def checkin(qtbot, db_engine, engagement_id) -> CheckInDialog:
    with transaction(db_engine) as s:
        form = checkin_form(session=s, engagement_id=engagement_id, today=date(2026, 3, 2))

    def save(data):
        with transaction(db_engine) as s:
            return record_checkin(session=s, engagement_id=engagement_id, data=data)

    dialog = CheckInDialog(form, save)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def held_on_dates(db_engine, engagement_id) -> list[date]:
    with transaction(db_engine) as s:
        return [c.held_on for c in list_checkins(session=s, engagement_id=engagement_id)]


@pytest.mark.parametrize("typed", UNREADABLE)
def test_the_checkin_date_that_is_not_a_date_keeps_the_dialog_open(
    qtbot, checkin, db_engine, engagement_id, typed
):
    save = checkin.buttons.button(checkin.buttons.StandardButton.Save)
    type_date(qtbot, checkin.held_on, typed)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    assert checkin.isVisible()
    assert checkin.errors.message("held_on") == message("Check-in date", shown_as(typed))
    assert checkin.held_on.lineEdit().text() == shown_as(typed)
    assert held_on_dates(db_engine, engagement_id) == []

    type_date(qtbot, checkin.held_on, "4 Mar 2026")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not checkin.isVisible()
    assert held_on_dates(db_engine, engagement_id) == [date(2026, 3, 4)]


def test_the_next_checkin_date_that_is_not_a_date_is_named(
    qtbot, checkin, db_engine, engagement_id
):
    type_date(qtbot, checkin.next_date, "31 Apr 2027")
    qtbot.mouseClick(
        checkin.buttons.button(checkin.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert checkin.errors.message("next_date") == message("Next check-in date", "31 Apr 2027")
    assert checkin.next_date.lineEdit().text() == "31 Apr 2027"
    assert held_on_dates(db_engine, engagement_id) == []


# Step 7: the agreement ------------------------------------------------------------------------


@pytest.fixture
def agreement(editing, show_page) -> AgreementPage:
    return show_page(AgreementPage, editing, (1000, 900))


def test_a_responsibility_due_date_that_is_not_a_date_is_named(
    qtbot, agreement, db_engine, engagement_id
):
    def stored():
        with transaction(db_engine) as s:
            rows = list_responsibilities(session=s, engagement_id=engagement_id)
            return [(r.task, r.due_date) for r in rows]

    card = agreement.responsibilities.add_card()
    assert isinstance(card, ResponsibilityCard)
    card.task_edit.setText("Brief the team")
    card.saver.touch()
    card.flush()
    assert stored() == [("Brief the team", None)]

    type_date(qtbot, card.due_edit, "1")  # from "No date": starts from today
    type_date(qtbot, card.due_edit, "31 Apr 2027")
    leave(card.due_edit, card.task_edit)
    assert card.errors.message("due_date") == message("Due date", "31 Apr 2027")
    assert card.due_edit.lineEdit().text() == "31 Apr 2027"
    assert stored() == [("Brief the team", None)]
    assert agreement.has_unsaved_errors()

    type_date(qtbot, card.due_edit, "30 Apr 2027")
    leave(card.due_edit, card.task_edit)
    assert stored() == [("Brief the team", date(2027, 4, 30))]


def test_a_check_in_date_that_is_not_a_date_is_not_added(
    qtbot, agreement, db_engine, engagement_id
):
    def stored():
        with transaction(db_engine) as s:
            return [p.due_on for p in list_planned_checkins(session=s, engagement_id=engagement_id)]

    dates = agreement.checkins
    for typed in ("29 Feb 2027", "5 Jan 1"):
        type_date(qtbot, dates.date_edit, typed)
        qtbot.mouseClick(dates.add_button, Qt.MouseButton.LeftButton)
        assert dates.errors.message("due_on") == message("Check-in date", typed)
        assert dates.date_edit.lineEdit().text() == typed
        assert stored() == []

    day = date.today() + timedelta(days=10)
    type_date(qtbot, dates.date_edit, f"{day.day} {day:%b %Y}")
    qtbot.mouseClick(dates.add_button, Qt.MouseButton.LeftButton)
    assert dates.errors.message("due_on") == ""
    assert stored() == [day]


def test_a_support_period_start_that_is_not_a_date_is_named(qtbot, agreement):
    card = agreement.phases.add_card()
    type_date(qtbot, card.start_edit, "5 Jan 26")
    leave(card.start_edit, card.note_edit)
    assert card.errors.message("start_date") == message("Start date", "5 Jan 26")
    assert card.start_edit.lineEdit().text() == "5 Jan 26"
