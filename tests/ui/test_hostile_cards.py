"""Hostile input in the cards of steps 3 to 7 and in the sign-off, through the real widgets.

Behaviours, causes, scaffolds, tasks, support periods, check-in dates, the signatures and the
support for the new skills: each refusal is named under its field with the text kept there, the
database is unchanged, and accepted text is stored exactly (ends trimmed).
"""

from datetime import date

import pytest
from PySide6.QtWidgets import QLineEdit

from app.services.agreement import (
    list_planned_checkins,
    list_responsibilities,
    list_support_phases,
    list_versions,
)
from app.services.behaviours import (
    BehaviourInput,
    add_behaviour,
    engagement_causes,
    list_behaviours,
)
from app.services.engagements import EngagementDetails, create_engagement
from app.services.readiness import list_readiness
from app.services.scaffolds import list_scaffolds
from app.storage import transaction
from app.vocab import GilbertCell, NewSkill
from tests.ui.hostile_inputs import (
    LONG,
    PADDED,
    SCRIPTS,
    TOO_LONG,
    name_too_long,
    paste,
    text_too_long,
)
from ui.pages.agreement_page import AgreementPage
from ui.pages.behaviour_cards import BehaviourCard
from ui.pages.cause_cards import CauseCard
from ui.pages.causes_page import CausesPage
from ui.pages.new_skills_page import NewSkillsPage
from ui.pages.performance_page import PerformancePage
from ui.pages.scaffold_cards import ScaffoldCard
from ui.pages.scaffolds_page import ScaffoldsPage

WRAPPED = PADDED + SCRIPTS + PADDED


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


def read(db_engine, query):
    with transaction(db_engine) as s:
        return [
            {k: v for k, v in row.model_dump().items() if k != "updated_at"} for row in query(s)
        ]


def text_of(widget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def check_text_field(card, widget, field, db_engine, query, column, *, name_label, text_label):
    """Drive one text field of a saved card through the hostile texts."""
    before = read(db_engine, query)
    if name_label:
        paste(widget, LONG)
        card.flush()
        assert card.errors.message(field) == name_too_long(name_label)
        assert text_of(widget) == LONG
        assert read(db_engine, query) == before
    else:
        paste(widget, LONG)
        card.flush()
        assert card.errors.shown_fields() == set()
        assert read(db_engine, query)[0][column] == LONG
        paste(widget, TOO_LONG)
        card.flush()
        assert card.errors.message(field) == text_too_long(text_label)
        assert text_of(widget) == TOO_LONG
        assert read(db_engine, query)[0][column] == LONG
    paste(widget, WRAPPED)
    card.flush()
    assert card.errors.shown_fields() == set()
    assert text_of(widget) == WRAPPED
    assert read(db_engine, query)[0][column] == WRAPPED.strip()


# Step 3: behaviours ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "field", "name_label", "text_label"),
    [
        ("role_edit", "role", "The role (who should do this)", None),
        ("expected_edit", "expected", None, "What people should do"),
        ("current_edit", "current", None, "What people do now"),
    ],
)
def test_behaviour_card_text(
    editing, show_page, db_engine, engagement_id, attr, field, name_label, text_label
):
    page = show_page(PerformancePage, editing)
    card = page.behaviours.add_card()
    assert isinstance(card, BehaviourCard)
    card.role_edit.setText("Adviser")
    card.expected_edit.setPlainText("Checks the history")
    card.saver.touch()
    card.flush()
    query = lambda s: list_behaviours(session=s, engagement_id=engagement_id)  # noqa: E731
    assert len(read(db_engine, query)) == 1
    check_text_field(
        card,
        getattr(card, attr),
        field,
        db_engine,
        query,
        field,
        name_label=name_label,
        text_label=text_label,
    )


# Step 4: causes -------------------------------------------------------------------------------


def test_cause_evidence(editing, show_page, db_engine, engagement_id):
    with transaction(db_engine) as s:
        b = add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Adviser", expected="Checks the history"),
        )
    page = show_page(CausesPage, editing)
    card = page.section(b.id).cells[GilbertCell.information].records.add_card()
    assert isinstance(card, CauseCard)
    card.evidence_edit.setPlainText("No checklist")
    card.saver.flush()
    query = lambda s: engagement_causes(session=s, engagement_id=engagement_id)  # noqa: E731
    assert len(read(db_engine, query)) == 1
    check_text_field(
        card,
        card.evidence_edit,
        "evidence",
        db_engine,
        query,
        "evidence",
        name_label=None,
        text_label="Evidence",
    )


# Step 5: scaffolds ----------------------------------------------------------------------------


@pytest.fixture
def scaffold_card(editing, show_page, db_engine, engagement_id) -> ScaffoldCard:
    page = show_page(ScaffoldsPage, editing, (1100, 800))
    card = page.learning_list.add_card()
    assert isinstance(card, ScaffoldCard)
    card.name_edit.setText("Decision guide")
    card.saver.touch()
    card.flush()
    assert len(read(db_engine, scaffolds_of(engagement_id))) == 1
    return card


def scaffolds_of(engagement_id):
    return lambda s: list_scaffolds(session=s, engagement_id=engagement_id)


@pytest.mark.parametrize(
    ("attr", "field", "name_label", "text_label"),
    [
        ("name_edit", "name", "The scaffold's name", None),
        ("description_edit", "description", None, "Description"),
    ],
)
def test_scaffold_card_text(
    scaffold_card, db_engine, engagement_id, attr, field, name_label, text_label
):
    check_text_field(
        scaffold_card,
        getattr(scaffold_card, attr),
        field,
        db_engine,
        scaffolds_of(engagement_id),
        field,
        name_label=name_label,
        text_label=text_label,
    )


@pytest.mark.parametrize(
    ("attr", "field", "label"),
    [("start_edit", "start_date", "Start date"), ("due_edit", "due_date", "Due date")],
)
@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_scaffold_dates_outside_1900_to_2200_are_refused_by_name(
    scaffold_card, qtbot, db_engine, engagement_id, attr, field, label, year
):
    widget = getattr(scaffold_card, attr)
    widget.set_value(date(2026, 3, 1))
    scaffold_card.flush()
    before = read(db_engine, scaffolds_of(engagement_id))
    assert before[0][field] == date(2026, 3, 1)
    widget.setFocus()
    widget.setSelectedSection(widget.Section.YearSection)
    qtbot.keyClicks(widget, str(year))
    scaffold_card.flush()
    assert widget.value() == date(year, 3, 1)
    assert scaffold_card.errors.message(field) == (
        f"{label} {year}-03-01 is outside the years 1900–2200."
    )
    assert read(db_engine, scaffolds_of(engagement_id)) == before


def test_a_scaffold_due_before_it_starts_is_refused(scaffold_card, db_engine, engagement_id):
    before = read(db_engine, scaffolds_of(engagement_id))
    scaffold_card.start_edit.set_value(date(2026, 5, 1))
    scaffold_card.due_edit.set_value(date(2026, 4, 1))
    scaffold_card.flush()
    assert scaffold_card.errors.message("due_date") == (
        "The due date (2026-04-01) is before the start date (2026-05-01)."
    )
    assert scaffold_card.due_edit.value() == date(2026, 4, 1)
    assert read(db_engine, scaffolds_of(engagement_id)) == before


# Step 6: support for the new skills -----------------------------------------------------------


def test_new_skill_support_text(editing, show_page, db_engine, engagement_id):
    page = show_page(NewSkillsPage, editing)
    row = page.rows[NewSkill.connected_working]
    row.radios[2].setChecked(True)
    query = lambda s: list_readiness(session=s, engagement_id=engagement_id)  # noqa: E731
    assert len(read(db_engine, query)) == 1
    check_text_field(
        row,
        row.support_edit,
        "support",
        db_engine,
        query,
        "support",
        name_label=None,
        text_label="Support",
    )


# Step 7: the agreement ------------------------------------------------------------------------


@pytest.fixture
def agreement(editing, show_page) -> AgreementPage:
    return show_page(AgreementPage, editing, (1100, 900))


def test_a_task_holds_100000_characters_and_refuses_one_more(agreement, db_engine, engagement_id):
    card = agreement.responsibilities.add_card()
    card.task_edit.setText("Brief the team")
    card.saver.touch()
    card.flush()
    query = lambda s: list_responsibilities(session=s, engagement_id=engagement_id)  # noqa: E731
    check_text_field(
        card,
        card.task_edit,
        "task",
        db_engine,
        query,
        "task",
        name_label=None,
        text_label="The task",
    )


def test_a_support_note_holds_100000_characters_and_refuses_one_more(
    agreement, db_engine, engagement_id
):
    card = agreement.phases.add_card()  # saved at once, starting today
    query = lambda s: list_support_phases(session=s, engagement_id=engagement_id)  # noqa: E731
    assert len(read(db_engine, query)) == 1
    check_text_field(
        card, card.note_edit, "note", db_engine, query, "note", name_label=None, text_label="Note"
    )


def test_a_support_period_ending_before_it_starts_is_refused(agreement, db_engine, engagement_id):
    card = agreement.phases.add_card()
    query = lambda s: list_support_phases(session=s, engagement_id=engagement_id)  # noqa: E731
    before = read(db_engine, query)
    start = card.start_edit.date().toPython()
    card.end_edit.set_value(date(start.year - 1, 1, 1))
    card.flush()
    assert card.errors.message("end_date") == (
        f"The end date ({start.year - 1}-01-01) is before the start date ({start.isoformat()})."
    )
    assert read(db_engine, query) == before


@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_task_and_support_dates_outside_1900_to_2200_are_refused(
    agreement, qtbot, db_engine, engagement_id, year
):
    task = agreement.responsibilities.add_card()
    task.task_edit.setText("Brief the team")
    task.due_edit.set_value(date(2026, 3, 1))
    task.due_edit.setFocus()
    task.due_edit.setSelectedSection(task.due_edit.Section.YearSection)
    qtbot.keyClicks(task.due_edit, str(year))
    task.saver.touch()
    task.flush()
    assert (
        task.errors.message("due_date") == f"Due date {year}-03-01 is outside the years 1900–2200."
    )
    assert (
        read(db_engine, lambda s: list_responsibilities(session=s, engagement_id=engagement_id))
        == []
    )

    phase = agreement.phases.add_card()
    phase.start_edit.setFocus()
    phase.start_edit.setSelectedSection(phase.start_edit.Section.YearSection)
    qtbot.keyClicks(phase.start_edit, str(year))
    phase.flush()
    start = phase.start_edit.date().toPython()
    assert start.year == year
    assert phase.errors.message("start_date") == (
        f"Start date {start.isoformat()} is outside the years 1900–2200."
    )
    [stored] = read(
        db_engine, lambda s: list_support_phases(session=s, engagement_id=engagement_id)
    )
    assert stored["start_date"] == date.today()


@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_a_check_in_date_outside_1900_to_2200_is_refused(
    agreement, qtbot, db_engine, engagement_id, year
):
    edit = agreement.checkins.date_edit
    edit.setFocus()
    edit.setSelectedSection(edit.Section.YearSection)
    qtbot.keyClicks(edit, str(year))
    agreement.checkins.add_button.click()
    day = edit.date().toPython()
    assert day.year == year
    assert agreement.checkins.errors.message("due_on") == (
        f"Check-in date {day.isoformat()} is outside the years 1900–2200."
    )
    assert (
        read(db_engine, lambda s: list_planned_checkins(session=s, engagement_id=engagement_id))
        == []
    )


@pytest.mark.parametrize(
    ("attr", "field", "label"),
    [
        ("manager_edit", "manager_signature", "The manager's name"),
        ("partner_edit", "partner_signature", "The partner's name"),
    ],
)
def test_a_100000_character_signature_is_refused_before_asking(
    agreement, db_engine, engagement_id, attr, field, label
):
    box = agreement.sign_box
    box.manager_edit.setText("Sofia")
    box.partner_edit.setText("Sam")
    widget = getattr(box, attr)
    paste(widget, LONG)
    box.sign()  # the button is disabled until the agreement is complete; the check comes first
    assert box.errors.message(field) == name_too_long(label)
    assert widget.text() == LONG
    assert read(db_engine, lambda s: list_versions(session=s, engagement_id=engagement_id)) == []
