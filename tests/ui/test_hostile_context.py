"""Hostile input in step 1 and in the "New consultation" dialog, through the real widgets.

Every refusal shows its message under the field, the text typed stays in the widget, and the
database is left as it was. Text that is accepted is stored exactly, only its ends trimmed; the
widget keeps what was typed (the page does not rewrite a field under the cursor).
"""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit

from app.services.common import get_engagement
from app.services.engagements import EngagementDetails, create_engagement
from app.storage import transaction
from tests.ui.hostile_inputs import (
    LONG,
    PADDED,
    SCRIPTS,
    TOO_LONG,
    ambiguous,
    leave,
    name_too_long,
    not_a_number,
    paste,
    text_too_long,
    type_in,
)
from ui.new_engagement_dialog import NewEngagementDialog
from ui.pages.context_page import ContextPage

NAMES = [  # widget, field, label in messages
    ("team_edit", "team_name", "Team name"),
    ("manager_edit", "manager_name", "Manager's name"),
    ("organisation_edit", "organisation", "Organisation"),
    ("unit_edit", "business_unit", "Business unit"),
    ("partner_edit", "partner_name", "Partner's name"),
]
TEXTS = [
    ("context_edit", "team_context", "Team context"),
    ("request_edit", "request_verbatim", "The request"),
]


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s,
            data=EngagementDetails(team_name="Claims", manager_name="Sofia", team_size=9),
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def page(editing, show_page) -> ContextPage:
    return show_page(ContextPage, editing)


def stored(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return get_engagement(s, engagement_id)


def text_of(widget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


@pytest.mark.parametrize(("attr", "field", "label"), NAMES)
def test_a_pasted_100000_character_name_is_refused_by_length_and_kept(
    page, db_engine, engagement_id, attr, field, label
):
    before = stored(db_engine, engagement_id)
    widget = getattr(page, attr)
    paste(widget, LONG)
    page.flush()

    assert page.errors.message(field) == name_too_long(label)
    assert widget.text() == LONG  # not cut at Qt's default 32,767
    assert stored(db_engine, engagement_id) == before


@pytest.mark.parametrize(("attr", "field", "label"), TEXTS)
def test_free_text_holds_100000_characters_exactly_and_refuses_one_more(
    page, db_engine, engagement_id, attr, field, label
):
    widget = getattr(page, attr)
    paste(widget, LONG)
    page.flush()
    assert page.errors.shown_fields() == set()
    assert getattr(stored(db_engine, engagement_id), field) == LONG

    paste(widget, TOO_LONG)
    page.flush()
    assert page.errors.message(field) == text_too_long(label)
    assert text_of(widget) == TOO_LONG
    assert getattr(stored(db_engine, engagement_id), field) == LONG


@pytest.mark.parametrize(("attr", "field", "label"), NAMES + TEXTS)
def test_scripts_emoji_and_invisible_characters_are_stored_exactly(
    page, qtbot, db_engine, engagement_id, attr, field, label
):
    widget = getattr(page, attr)
    paste(widget, PADDED + SCRIPTS + PADDED)
    page.flush()

    assert page.errors.shown_fields() == set()
    assert getattr(stored(db_engine, engagement_id), field) == (PADDED + SCRIPTS + PADDED).strip()
    assert text_of(widget) == PADDED + SCRIPTS + PADDED  # as typed: the page does not rewrite it


@pytest.mark.parametrize(("attr", "field", "label"), NAMES[:2] + TEXTS)
def test_padding_is_trimmed_in_storage_and_left_as_typed_in_the_field(
    page, qtbot, db_engine, engagement_id, attr, field, label
):
    widget = getattr(page, attr)
    type_in(qtbot, widget, PADDED)
    page.flush()
    assert getattr(stored(db_engine, engagement_id), field) == "padded"
    assert text_of(widget) == PADDED


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", 12),
        (" 40 ", 40),
        ("12,0", 12),
        ("12,5", "Team size: “12,5” is not a whole number (write for example 12)."),
        ("1,000", ambiguous("Team size", "1,000")),
        ("NaN", not_a_number("Team size", "NaN")),
        ("inf", not_a_number("Team size", "inf")),
        ("-inf", not_a_number("Team size", "-inf")),
        ("1e309", "Team size must be a finite number; “1e309” is too large."),
        ("0", "Team size must be between 1 and 100000, not 0."),
        ("-3", "Team size must be between 1 and 100000, not -3."),
        ("", None),
    ],
)
def test_team_size_reads_numbers_by_the_app_rule_and_names_every_refusal(
    page, qtbot, db_engine, engagement_id, typed, expected
):
    type_in(qtbot, page.size_edit, typed)
    if not typed:
        page.size_edit.clear()
        page.saver.touch()
    leave(qtbot, page.size_edit)

    assert page.size_edit.text() == typed
    if isinstance(expected, str):
        assert page.errors.message("team_size") == expected
        assert stored(db_engine, engagement_id).team_size == 9
    else:
        assert page.errors.shown_fields() == set()
        assert stored(db_engine, engagement_id).team_size == expected


@pytest.mark.parametrize(
    ("typed", "year"), [("5 Jan 1899", 1899), ("5 Jan 2201", 2201), ("5 Jan 9999", 9999)]
)
def test_a_meeting_date_outside_1900_to_2200_can_be_typed_and_is_refused_by_name(
    page, qtbot, db_engine, engagement_id, typed, year
):
    qtbot.keyClicks(page.date_edit, "1")  # from "No date": starts at today, day selected
    page.date_edit.setSelectedSection(page.date_edit.Section.DaySection)
    qtbot.keyClicks(page.date_edit, typed)
    page.flush()

    assert page.date_edit.value() == date(year, 1, 5)
    assert page.errors.message("meeting_date") == (
        f"Meeting date {date(year, 1, 5).isoformat()} is outside the years 1900–2200."
    )
    assert stored(db_engine, engagement_id).meeting_date is None


# The "New consultation" dialog ----------------------------------------------------------------


@pytest.fixture
def dialog(qtbot, store):
    widget = NewEngagementDialog(store.create)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def accept(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("attr", "field", "label"),
    [
        ("team_edit", "team_name", "Team name"),
        ("manager_edit", "manager_name", "Manager's name"),
        ("organisation_edit", "organisation", "Organisation"),
    ],
)
def test_the_dialog_refuses_a_100000_character_name_under_its_field(
    qtbot, dialog, store, attr, field, label
):
    dialog.team_edit.setText("Claims")
    dialog.manager_edit.setText("Sofia")
    widget = getattr(dialog, attr)
    paste(widget, LONG)
    accept(qtbot, dialog)

    assert dialog.error_text(field) == name_too_long(label)
    assert widget.text() == LONG
    assert dialog.isVisible()
    assert store.list() == []


def test_the_dialog_refuses_a_request_one_character_too_long_and_keeps_it(qtbot, dialog, store):
    dialog.team_edit.setText("Claims")
    dialog.manager_edit.setText("Sofia")
    paste(dialog.request_edit, TOO_LONG)
    accept(qtbot, dialog)

    assert dialog.error_text("request_verbatim") == text_too_long("The request")
    assert dialog.request_edit.toPlainText() == TOO_LONG
    assert store.list() == []


def test_the_dialog_stores_scripts_exactly_and_trims_only_the_ends(qtbot, dialog, store, db_engine):
    paste(dialog.team_edit, PADDED + SCRIPTS + PADDED)
    type_in(qtbot, dialog.manager_edit, PADDED)
    paste(dialog.request_edit, LONG)
    accept(qtbot, dialog)

    assert dialog.result() == dialog.DialogCode.Accepted
    e = stored(db_engine, dialog.created_id)
    assert (e.team_name, e.manager_name, e.request_verbatim) == (
        (PADDED + SCRIPTS + PADDED).strip(),
        "padded",
        LONG,
    )


@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_the_dialog_refuses_a_meeting_date_outside_1900_to_2200(qtbot, dialog, store, year):
    dialog.team_edit.setText("Claims")
    dialog.manager_edit.setText("Sofia")
    dialog.date_edit.setFocus()
    dialog.date_edit.setSelectedSection(dialog.date_edit.Section.YearSection)
    qtbot.keyClicks(dialog.date_edit, str(year))
    accept(qtbot, dialog)

    assert dialog.date_edit.date().year() == year
    shown = dialog.date_edit.date().toPython()
    assert dialog.error_text("meeting_date") == (
        f"Meeting date {shown.isoformat()} is outside the years 1900–2200."
    )
    assert store.list() == []
    assert QDate(shown.year, shown.month, shown.day) == dialog.date_edit.date()
