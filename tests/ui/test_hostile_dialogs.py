"""Hostile input in the dialogs: check-in, learning indicator, team members, a part in a
scaffold, preferences and the scaffold library's form.

Each dialog stays open on a refusal with the message under the field and the text kept; the
database is unchanged. Accepted text is stored exactly, only its ends trimmed.
"""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.library.store import list_library
from app.network.finding_types import Finding, FindingKind
from app.services.checkin_form import checkin_form
from app.services.checkins import list_checkins, list_observations, record_checkin
from app.services.engagements import EngagementDetails, create_engagement
from app.services.indicators import add_indicator, list_indicators
from app.services.measures import MeasureInput, add_measure
from app.services.people import add_member, list_members
from app.services.scaffold_people import give_part
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.storage import transaction
from tests.ui.hostile_inputs import (
    LONG,
    PADDED,
    SCRIPTS,
    TOO_LONG,
    name_too_long,
    number_cases,
    paste,
    text_too_long,
    type_in,
)
from ui.dialogs.library_editor import Answer, LibraryEditorDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.followup.checkin_dialog import CheckInDialog
from ui.followup.indicator_dialog import IndicatorDialog
from ui.followup.network_data import MemberRow, ScaffoldChoice
from ui.followup.network_members import MembersPanel
from ui.followup.network_part_dialog import PartDialog, PartRequest
from ui.store import LibraryStore

WRAPPED = PADDED + SCRIPTS + PADDED


@pytest.fixture
def ids(db_engine) -> dict[str, int]:
    """An engagement with one measure (40 → 55) and one scaffold."""
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        m = add_measure(
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
        sc = add_scaffold(session=s, engagement_id=e.id, data=ScaffoldInput(name="Guide"))
        return {"engagement": e.id, "measure": m.id or 0, "scaffold": sc.id or 0}


def checkins(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return [
            (
                c.what_changed,
                [(o.value, o.note) for o in list_observations(session=s, checkin_id=c.id)],
            )
            for c in list_checkins(session=s, engagement_id=engagement_id)
        ]


# The check-in form ----------------------------------------------------------------------------


@pytest.fixture
def checkin(qtbot, db_engine, ids) -> CheckInDialog:
    with transaction(db_engine) as s:
        form = checkin_form(session=s, engagement_id=ids["engagement"], today=date(2026, 3, 2))

    def save(data):
        with transaction(db_engine) as s:
            return record_checkin(session=s, engagement_id=ids["engagement"], data=data)

    dialog = CheckInDialog(form, save)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save_button(dialog):
    return dialog.buttons.button(dialog.buttons.StandardButton.Save)


@pytest.mark.parametrize(
    ("typed", "expected"), number_cases("The value of Claims closed"), ids=lambda v: str(v)
)
def test_checkin_values_follow_the_app_rule(qtbot, checkin, db_engine, ids, typed, expected):
    edit = checkin.value_edits[ids["measure"]]
    type_in(qtbot, edit, typed)
    qtbot.mouseClick(save_button(checkin), Qt.MouseButton.LeftButton)

    if isinstance(expected, str):
        assert checkin.errors.message(f"measure:{ids['measure']}") == expected
        assert edit.text() == typed
        assert checkin.isVisible()
        assert checkins(db_engine, ids["engagement"]) == []
    else:
        assert not checkin.isVisible()
        assert checkins(db_engine, ids["engagement"]) == [("", [(expected, "")])]


def test_checkin_texts_hold_100000_characters_and_refuse_one_more(qtbot, checkin, db_engine, ids):
    mid, sid = ids["measure"], ids["scaffold"]
    checkin.value_edits[mid].setText("41")
    for widget, field, label in (
        (checkin.note_edits[mid], f"measure:{mid}", "The source note"),
        (checkin.status_notes[sid], f"scaffold:{sid}", "The note"),
        (checkin.what_changed, "what_changed", "What changed"),
    ):
        paste(widget, TOO_LONG)
        qtbot.mouseClick(save_button(checkin), Qt.MouseButton.LeftButton)
        assert checkin.errors.message(field) == text_too_long(label)
        assert checkins(db_engine, ids["engagement"]) == []
        paste(widget, LONG)  # not cut at 32,767: the next field's message comes up instead
    paste(checkin.what_changed, WRAPPED)
    qtbot.mouseClick(save_button(checkin), Qt.MouseButton.LeftButton)
    assert not checkin.isVisible()
    assert checkins(db_engine, ids["engagement"]) == [(WRAPPED.strip(), [(41.0, LONG)])]


@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_checkin_dates_outside_1900_to_2200_are_refused(qtbot, checkin, db_engine, ids, year):
    checkin.held_on.setFocus()
    checkin.held_on.setSelectedSection(checkin.held_on.Section.YearSection)
    qtbot.keyClicks(checkin.held_on, str(year))
    qtbot.mouseClick(save_button(checkin), Qt.MouseButton.LeftButton)
    assert checkin.errors.message("held_on") == (
        f"Check-in date {year}-03-02 is outside the years 1900–2200."
    )
    assert checkin.held_on.date().year() == year
    assert checkins(db_engine, ids["engagement"]) == []


def test_a_next_checkin_before_this_one_is_refused(qtbot, checkin, db_engine, ids):
    checkin.next_date.set_value(date(2026, 3, 1))
    qtbot.mouseClick(save_button(checkin), Qt.MouseButton.LeftButton)
    assert checkin.errors.message("next_date") == (
        "The next check-in (2026-03-01) must come after this one (2026-03-02)."
    )
    assert checkins(db_engine, ids["engagement"]) == []


def test_the_form_shows_a_measure_named_like_markup_as_typed(qtbot, db_engine, ids):
    with transaction(db_engine) as s:
        add_measure(
            session=s,
            engagement_id=ids["engagement"],
            data=MeasureInput(
                name="<i>Calls</i> < 5 min",
                unit="<b>%",
                baseline_value=1,
                baseline_date=date(2026, 1, 5),
                target_value=2,
                target_date=date(2026, 6, 1),
            ),
        )
        form = checkin_form(session=s, engagement_id=ids["engagement"], today=date(2026, 3, 2))
    dialog = CheckInDialog(form, lambda data: None)
    qtbot.addWidget(dialog)
    label = dialog.value_edits[form.measures[-1].id].parent().findChildren(QLabel)
    assert any(w.text() == "<b>&lt;i&gt;Calls&lt;/i&gt; &lt; 5 min</b> (&lt;b&gt;%)" for w in label)


# The learning indicator dialog ----------------------------------------------------------------


@pytest.fixture
def indicator(qtbot, db_engine, ids) -> IndicatorDialog:
    def save(data):
        with transaction(db_engine) as s:
            return add_indicator(session=s, engagement_id=ids["engagement"], data=data)

    dialog = IndicatorDialog(save)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name_edit.setText("Attendance")
    return dialog


def indicators(db_engine, ids):
    with transaction(db_engine) as s:
        return [
            (i.name, i.value, i.unit, i.note, i.recorded_on)
            for i in list_indicators(session=s, engagement_id=ids["engagement"])
        ]


def save_indicator(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


@pytest.mark.parametrize(("typed", "expected"), number_cases("The value"), ids=lambda v: str(v))
def test_indicator_values_follow_the_app_rule(qtbot, indicator, db_engine, ids, typed, expected):
    type_in(qtbot, indicator.value_edit, typed)
    save_indicator(qtbot, indicator)
    if isinstance(expected, str):
        assert indicator.errors.message("value") == expected
        assert indicator.value_edit.text() == typed
        assert indicators(db_engine, ids) == []
    else:
        assert indicators(db_engine, ids) == [("Attendance", expected, "", "", None)]


@pytest.mark.parametrize(
    ("attr", "field", "label"),
    [("name_edit", "name", "The indicator's name"), ("unit_edit", "unit", "Unit")],
)
def test_indicator_names_refuse_100000_characters(
    qtbot, indicator, db_engine, ids, attr, field, label
):
    widget = getattr(indicator, attr)
    paste(widget, LONG)
    save_indicator(qtbot, indicator)
    assert indicator.errors.message(field) == name_too_long(label)
    assert widget.text() == LONG
    assert indicators(db_engine, ids) == []


def test_indicator_note_and_scripts(qtbot, indicator, db_engine, ids):
    paste(indicator.note_edit, TOO_LONG)
    save_indicator(qtbot, indicator)
    assert indicator.errors.message("note") == text_too_long("Note")
    assert indicators(db_engine, ids) == []
    paste(indicator.note_edit, LONG)
    paste(indicator.unit_edit, WRAPPED)
    save_indicator(qtbot, indicator)
    assert indicators(db_engine, ids) == [("Attendance", None, WRAPPED.strip(), LONG, None)]


@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_indicator_dates_outside_1900_to_2200_are_refused(qtbot, indicator, db_engine, ids, year):
    indicator.date_edit.set_value(date(2026, 3, 1))
    indicator.date_edit.setFocus()
    indicator.date_edit.setSelectedSection(indicator.date_edit.Section.YearSection)
    qtbot.keyClicks(indicator.date_edit, str(year))
    save_indicator(qtbot, indicator)
    assert indicator.errors.message("recorded_on") == (
        f"Date {year}-03-01 is outside the years 1900–2200."
    )
    assert indicators(db_engine, ids) == []


# Team members ---------------------------------------------------------------------------------


@pytest.fixture
def members(qtbot, editing) -> MembersPanel:
    panel = MembersPanel(editing)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def engagement_id(ids) -> int:
    return ids["engagement"]


def member_names(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return [m.name for m in list_members(session=s, engagement_id=engagement_id)]


def test_a_100000_character_member_name_is_refused_and_kept(
    qtbot, members, db_engine, engagement_id
):
    paste(members.name_edit, LONG)
    qtbot.keyClick(members.name_edit, Qt.Key.Key_Return)
    assert members.add_error.text() == name_too_long("The member's name")
    assert members.name_edit.text() == LONG
    assert member_names(db_engine, engagement_id) == []

    paste(members.name_edit, WRAPPED)
    qtbot.keyClick(members.name_edit, Qt.Key.Key_Return)
    assert member_names(db_engine, engagement_id) == [WRAPPED.strip()]


def test_a_100000_character_rename_in_the_table_is_refused(
    qtbot, members, db_engine, engagement_id
):
    with transaction(db_engine) as s:
        add_member(session=s, engagement_id=engagement_id, name="Ana")
    members.editing.changed.emit(None)
    members.set_rows([MemberRow(1, "Ana", "", "")], False)
    index = members.model.index(0, 0)
    assert not members.model.setData(index, LONG)
    assert members.edit_error.text() == name_too_long("The member's name")
    assert member_names(db_engine, engagement_id) == ["Ana"]


# A part in a scaffold -------------------------------------------------------------------------


def test_a_part_reason_holds_100000_characters_and_refuses_one_more(qtbot, editing, db_engine, ids):
    with transaction(db_engine) as s:
        member = add_member(session=s, engagement_id=ids["engagement"], name="Ana")
    finding = Finding(FindingKind.champion, (member.id or 0,), "Ana is asked most.", "")
    saved: list[PartRequest] = []

    def save(request: PartRequest) -> object:
        with transaction(db_engine) as s:
            part = give_part(
                session=s,
                scaffold_id=request.scaffold_id,
                member_id=request.member_id,
                role=request.role,
                reason=request.reason,
            )
        saved.append(request)
        return part

    dialog = PartDialog(
        finding,
        [ScaffoldChoice(ids["scaffold"], "Guide")],
        [MemberRow(member.id or 0, "Ana", "", "")],
        save,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    paste(dialog.reason_edit, TOO_LONG)
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("reason") == text_too_long("The reason")
    assert dialog.reason_edit.toPlainText() == TOO_LONG
    assert saved == []

    paste(dialog.reason_edit, LONG)
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert [r.reason for r in saved] == [LONG]


# Preferences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "field", "label"),
    [
        ("partner_edit", "partner_name", "Your name"),
        ("organisation_edit", "organisation", "The organisation's name"),
    ],
)
def test_preferences_refuse_a_100000_character_name(qtbot, store, attr, field, label):
    dialog = PreferencesDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    widget = getattr(dialog, attr)
    paste(widget, LONG)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text(field) == name_too_long(label)
    assert widget.text() == LONG
    assert dialog.isVisible()
    assert store.preferences().partner_name == ""
    assert store.preferences().plan.organisation == ""

    paste(widget, WRAPPED)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    prefs = store.preferences()
    assert WRAPPED.strip() in (prefs.partner_name, prefs.plan.organisation)


@pytest.mark.parametrize("typed", ["12,5", "1,000", "1e309", "NaN"])
def test_the_backups_count_never_reads_separators_into_another_number(qtbot, store, typed):
    dialog = PreferencesDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.keep_spin.setFocus()
    dialog.keep_spin.selectAll()
    qtbot.keyClicks(dialog.keep_spin, typed)
    shown = dialog.keep_spin.cleanText()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # What the field showed is what is stored: no hidden "12,5" → 125.
    assert store.preferences().backups_keep == int(shown)
    assert shown.isdigit()


# The scaffold library's form ------------------------------------------------------------------


@pytest.fixture
def library(qtbot, db_engine, monkeypatch) -> LibraryEditorDialog:
    # Closing a form with refused input asks what to do with it: the test's answer is "discard".
    monkeypatch.setattr(LibraryEditorDialog, "ask", classmethod(lambda *_a: Answer.discard))
    dialog = LibraryEditorDialog(LibraryStore(db_engine))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.new_scaffold()
    form = dialog.form
    form.name_edit.setText("Buddy rota")
    form.summary_edit.setPlainText("A buddy for each newcomer")
    form.lead_time_edit.setText("10")
    next(iter(form.address_boxes.values())).setChecked(True)
    next(iter(form.level_boxes.values())).setChecked(True)
    return dialog


def own_entries(db_engine):
    with transaction(db_engine) as s:
        return [
            (e.name, e.summary, e.lead_time_days) for e in list_library(session=s) if not e.builtin
        ]


LEAD = "Lead time in days"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", f"{LEAD}: “12,5” is not a whole number of days (write for example 10)."),
        ("1,000", f"{LEAD}: “1,000” is not a whole number of days (write for example 10)."),
        ("NaN", f"{LEAD}: “NaN” is not a whole number of days (write for example 10)."),
        ("inf", f"{LEAD}: “inf” is not a whole number of days (write for example 10)."),
        ("1e309", f"{LEAD}: “1e309” is not a whole number of days (write for example 10)."),
    ],
)
def test_the_library_lead_time_names_every_refusal(qtbot, library, db_engine, typed, expected):
    type_in(qtbot, library.form.lead_time_edit, typed)
    assert not library.save()
    assert library.form.errors.message("lead_time_days") == expected
    assert library.form.lead_time_edit.text() == typed
    assert own_entries(db_engine) == []


def test_the_library_form_refuses_long_text_and_keeps_scripts(qtbot, library, db_engine):
    paste(library.form.name_edit, LONG)
    paste(library.form.summary_edit, TOO_LONG)
    assert not library.save()
    assert library.form.errors.message("name") == name_too_long("Name")
    assert library.form.errors.message("summary") == text_too_long("Summary")
    assert library.form.name_edit.text() == LONG
    assert own_entries(db_engine) == []

    paste(library.form.name_edit, WRAPPED)
    paste(library.form.summary_edit, LONG)
    assert library.save()
    assert own_entries(db_engine) == [(WRAPPED.strip(), LONG, 10)]
