"""Step 7, the agreement: responsibilities, support periods, check-in dates, signing, amending."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from app.services.agreement import (
    ResponsibilityInput,
    add_planned_checkin,
    add_responsibility,
    list_planned_checkins,
    list_responsibilities,
    list_support_phases,
    list_versions,
)
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.common import get_engagement
from app.services.engagements import EngagementDetails, create_engagement, set_business_goal
from app.services.measures import MeasureInput, add_measure
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.storage import transaction
from app.vocab import Direction, EngagementStatus, GilbertCell, OwnerRole, SupportMode
from ui.editor.editing import EngagementEditing
from ui.pages.agreement_cards import ResponsibilityCard, SupportPhaseCard, from_today
from ui.pages.agreement_page import AgreementPage
from ui.pages.sign_off import SignConfirmation

TODAY = date.today()


def new_engagement(db_engine, *, complete: bool, checkin: bool = True) -> int:
    """An engagement built through the services; `complete` gives it all signing needs."""
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s,
            data=EngagementDetails(
                team_name="Claims",
                manager_name="Sofia Marin",
                partner_name="Sam Okafor",
                request_verbatim="A course on time management, please.",
            ),
        )
        assert e.id is not None
        if complete:
            set_business_goal(session=s, engagement_id=e.id, goal="Claims settled in 5 days")
            add_measure(
                session=s,
                engagement_id=e.id,
                data=MeasureInput(
                    name="Days to settle",
                    direction=Direction.lower_is_better,
                    baseline_value=9,
                    baseline_date=TODAY,
                    target_value=5,
                    target_date=TODAY + timedelta(days=90),
                ),
            )
            b = add_behaviour(
                session=s,
                engagement_id=e.id,
                data=BehaviourInput(role="Handler", expected="Settles simple claims alone"),
            )
            assert b.id is not None
            c = add_cause(session=s, behaviour_id=b.id, data=CauseInput(cell=GilbertCell.resources))
            assert c.id is not None
            add_scaffold(
                session=s,
                engagement_id=e.id,
                data=ScaffoldInput(name="Settlement checklist", cause_ids=(c.id,)),
            )
            if checkin:
                add_planned_checkin(
                    session=s, engagement_id=e.id, due_on=TODAY + timedelta(days=30)
                )
        return e.id


def read(db_engine, query):
    with transaction(db_engine) as s:
        return query(s)


@pytest.fixture
def open_page(db_engine, qtbot):
    def _open(engagement_id: int) -> AgreementPage:
        editing = EngagementEditing(db_engine, engagement_id)
        page = AgreementPage(editing)
        qtbot.addWidget(page)
        with page.saver.loading():
            page.reload()
        page.resize(900, 800)
        page.show()
        return page

    return _open


@pytest.fixture
def confirmations(monkeypatch):
    """Answer "Sign" to the confirmation, and remember what was asked."""
    asked: list[tuple[int, str, str]] = []

    def ask(cls, parent, version, manager, partner):
        asked.append((version, manager, partner))
        return True

    monkeypatch.setattr(SignConfirmation, "ask", classmethod(ask))
    return asked


def sign_through_the_button(qtbot, page):
    qtbot.mouseClick(page.sign_box.sign_button, Qt.MouseButton.LeftButton)


def test_a_complete_engagement_signs_through_the_button(db_engine, qtbot, open_page, confirmations):
    eid = new_engagement(db_engine, complete=True, checkin=False)
    page = open_page(eid)
    # Only the check-in date is missing; adding it through the page unblocks signing.
    assert "Agree the date of at least one check-in." in page.sign_box.checklist_label.text()
    assert not page.sign_box.sign_button.isEnabled()
    qtbot.mouseClick(page.checkins.add_button, Qt.MouseButton.LeftButton)
    assert "Everything needed is there" in page.sign_box.checklist_label.text()
    assert page.sign_box.sign_button.isEnabled()
    assert page.editing.undo_stack.count() == 1
    # The names come from the consultation, the dates are today.
    assert page.sign_box.manager_edit.text() == "Sofia Marin"
    assert page.sign_box.partner_edit.text() == "Sam Okafor"
    assert page.sign_box.manager_date.date() == QDate.currentDate()

    sign_through_the_button(qtbot, page)

    assert confirmations == [(1, "Sofia Marin", "Sam Okafor")]
    versions = read(db_engine, lambda s: list_versions(session=s, engagement_id=eid))
    assert [(v.number, v.manager_signature, v.partner_signed_on) for v in versions] == [
        (1, "Sofia Marin", TODAY)
    ]
    engagement = read(db_engine, lambda s: get_engagement(s, eid))
    assert engagement.status is EngagementStatus.agreed
    assert page.editing.undo_stack.count() == 0  # a signature is not undone
    assert page.signed_box.isVisible()
    assert page.signed_box.signed_label.text() == (
        f"Version 1 signed by Sofia Marin (manager) and Sam Okafor (partner) on "
        f"{TODAY.day} {TODAY:%b %Y}."
    )
    assert not page.sign_box.isVisible()
    assert not page.checkins.isVisible()  # the inputs give way to what was agreed
    assert page.signed_views[2].text().startswith("•  ")


def test_an_incomplete_engagement_lists_what_blocks_signing(db_engine, qtbot, open_page):
    page = open_page(new_engagement(db_engine, complete=False))
    text = page.sign_box.checklist_label.text()
    assert text.startswith("Before you can sign:")
    for blocker in (
        "State the business goal the request serves.",
        "Add at least one performance measure with a baseline and a target.",
        "Describe at least one critical behaviour.",
        "Choose at least one scaffold.",
        "Agree the date of at least one check-in.",
    ):
        assert f"☐  {blocker}" in text
    assert not page.sign_box.sign_button.isEnabled()
    assert page.sign_box.title() == "Sign version 1"
    assert not page.versions_box.isVisible()


def test_a_missing_name_or_a_refusal_shows_inline_and_signs_nothing(
    db_engine, qtbot, open_page, confirmations
):
    eid = new_engagement(db_engine, complete=True)
    page = open_page(eid)
    page.sign_box.partner_edit.clear()
    sign_through_the_button(qtbot, page)
    assert page.sign_box.errors.message("partner_signature") == "The partner's name is required."
    assert confirmations == []
    # The goal is cleared behind the page's back: the service refuses, the page says why.
    qtbot.keyClicks(page.sign_box.partner_edit, "Sam Okafor")
    read(db_engine, lambda s: set_business_goal(session=s, engagement_id=eid, goal=""))
    sign_through_the_button(qtbot, page)
    assert page.sign_box.errors.fallback.text() == (
        "Cannot sign yet: State the business goal the request serves."
    )
    assert page.sign_box.errors.fallback.isVisible()
    assert read(db_engine, lambda s: list_versions(session=s, engagement_id=eid)) == []


def test_cancelling_the_confirmation_signs_nothing(db_engine, qtbot, open_page, monkeypatch):
    eid = new_engagement(db_engine, complete=True)
    page = open_page(eid)
    monkeypatch.setattr(SignConfirmation, "ask", classmethod(lambda cls, *args: False))
    sign_through_the_button(qtbot, page)
    assert read(db_engine, lambda s: list_versions(session=s, engagement_id=eid)) == []
    assert page.sign_box.isVisible()


def test_amend_allows_edits_again_and_a_second_signature_makes_two_versions(
    db_engine, qtbot, open_page, confirmations
):
    eid = new_engagement(db_engine, complete=True)
    page = open_page(eid)
    sign_through_the_button(qtbot, page)
    assert not page.versions_box.compare_button.isEnabled()  # one version, nothing to compare

    qtbot.mouseClick(page.signed_box.amend_button, Qt.MouseButton.LeftButton)

    assert read(db_engine, lambda s: get_engagement(s, eid).agreement_version) == 2
    assert page.editing.undo_stack.count() == 0
    assert not page.signed_box.isVisible()
    assert page.sign_box.isVisible() and page.sign_box.title() == "Sign version 2"
    assert page.responsibilities.isVisible() and page.responsibilities.add_button.isEnabled()
    assert page.versions_box.compare_button.isEnabled()  # version 1 against the draft
    # Edits are allowed again.
    card = page.responsibilities.add_card()
    qtbot.keyClicks(card.task_edit, "Brief the handlers")
    card.flush()
    stored = read(db_engine, lambda s: list_responsibilities(session=s, engagement_id=eid))
    assert [r.task for r in stored] == ["Brief the handlers"]

    sign_through_the_button(qtbot, page)

    versions = read(db_engine, lambda s: list_versions(session=s, engagement_id=eid))
    assert [v.number for v in versions] == [1, 2]
    assert confirmations[-1] == (2, "Sofia Marin", "Sam Okafor")
    assert page.signed_box.signed_label.text().startswith("Version 2 signed by Sofia Marin")
    lines = [
        page.versions_box.lines.itemAt(i).widget().text()
        for i in range(page.versions_box.lines.count())
    ]
    assert [line.split(" — ")[0] for line in lines] == ["Version 1", "Version 2"]
    assert page.signed_views[0].text() == "•  Manager: Brief the handlers"


def test_a_responsibility_is_added_changed_and_removed_with_undo(db_engine, qtbot, open_page):
    eid = new_engagement(db_engine, complete=False)
    page = open_page(eid)

    def stored():
        rows = read(db_engine, lambda s: list_responsibilities(session=s, engagement_id=eid))
        return [(r.party, r.task, r.due_date) for r in rows]

    qtbot.mouseClick(page.responsibilities.add_button, Qt.MouseButton.LeftButton)
    card = page.responsibilities.cards[0]
    assert isinstance(card, ResponsibilityCard)
    # A date without a task is refused inline; nothing is written and the date stays.
    card.due_edit.set_value(TODAY + timedelta(days=7))
    qtbot.waitUntil(lambda: card.errors.message("task") != "", timeout=2000)
    assert card.errors.message("task") == "The task is required."
    assert stored() == []
    assert card.due_edit.value() == TODAY + timedelta(days=7)

    qtbot.keyClicks(card.task_edit, "Pull the figures")
    qtbot.waitUntil(lambda: stored() != [], timeout=2000)
    assert stored() == [(OwnerRole.manager, "Pull the figures", TODAY + timedelta(days=7))]
    assert card.errors.message("task") == ""
    card.party_combo.setCurrentIndex(card.party_combo.findData(OwnerRole.community_manager))
    assert stored()[0][0] is OwnerRole.community_manager

    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    assert stored() == []
    assert page.responsibilities.cards == []
    page.editing.undo_stack.undo()
    assert stored() == [
        (OwnerRole.community_manager, "Pull the figures", TODAY + timedelta(days=7))
    ]
    shown = page.responsibilities.cards
    assert len(shown) == 1 and shown[0].task_edit.text() == "Pull the figures"
    assert shown[0].party_combo.currentText() == "Community manager"
    page.editing.undo_stack.undo()  # the party change
    assert stored()[0][0] is OwnerRole.manager
    assert page.responsibilities.cards[0].party_combo.currentText() == "Manager"


def test_a_support_period_follows_the_last_one_and_an_early_end_shows_inline(
    db_engine, qtbot, open_page
):
    eid = new_engagement(db_engine, complete=False)
    page = open_page(eid)

    def stored():
        rows = read(db_engine, lambda s: list_support_phases(session=s, engagement_id=eid))
        return [(p.mode, p.start_date, p.end_date, p.note) for p in rows]

    qtbot.mouseClick(page.phases.add_button, Qt.MouseButton.LeftButton)
    assert stored() == [(SupportMode.upfront_advice, TODAY, None, "")]
    first = page.phases.cards[0]
    assert isinstance(first, SupportPhaseCard)
    first.end_edit.set_value(TODAY + timedelta(days=20))
    qtbot.waitUntil(lambda: stored()[0][2] is not None, timeout=2000)

    qtbot.mouseClick(page.phases.add_button, Qt.MouseButton.LeftButton)
    assert stored()[1] == (SupportMode.step_back, TODAY + timedelta(days=21), None, "")
    second = page.phases.cards[1]
    assert isinstance(second, SupportPhaseCard)
    assert second.mode_combo.currentText() == "Stepping back"

    # An end before the start: the message is under "Until"; the stored period is unchanged.
    second.end_edit.set_value(TODAY + timedelta(days=10))
    qtbot.waitUntil(lambda: second.errors.message("end_date") != "", timeout=2000)
    assert second.errors.message("end_date").startswith("The end date (")
    assert "is before the start date" in second.errors.message("end_date")
    assert stored()[1][2] is None
    assert second.end_edit.value() == TODAY + timedelta(days=10)
    assert page.has_unsaved_errors()

    second.end_edit.set_value(TODAY + timedelta(days=60))
    qtbot.waitUntil(lambda: stored()[1][2] == TODAY + timedelta(days=60), timeout=2000)
    assert second.errors.message("end_date") == ""

    page.editing.undo_stack.undo()  # the end date
    page.editing.undo_stack.undo()  # the second period
    assert [row[0] for row in stored()] == [SupportMode.upfront_advice]
    assert len(page.phases.cards) == 1


def test_check_in_dates_are_added_refused_when_repeated_and_removed_with_undo(
    db_engine, qtbot, open_page
):
    eid = new_engagement(db_engine, complete=False)
    page = open_page(eid)

    def stored():
        rows = read(db_engine, lambda s: list_planned_checkins(session=s, engagement_id=eid))
        return [p.due_on for p in rows]

    day = TODAY + timedelta(days=14)
    page.checkins.date_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(page.checkins.add_button, Qt.MouseButton.LeftButton)
    assert stored() == [day]
    assert page.checkins.rows.itemAtPosition(0, 0).widget().text().startswith(f"{day:%a} ")
    # The input moves on four weeks, ready for the next one.
    assert page.checkins.date_edit.date() == QDate(day.year, day.month, day.day).addDays(28)

    page.checkins.date_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(page.checkins.add_button, Qt.MouseButton.LeftButton)
    assert page.checkins.errors.message("due_on") == (
        f"A check-in on {day.isoformat()} is already planned."
    )
    assert stored() == [day]

    remove = page.checkins.rows.itemAtPosition(0, 1).widget()
    assert remove.accessibleName() == f"Remove the check-in on {day.day} {day:%b %Y}"
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert stored() == []
    assert page.checkins.empty_label.isVisible()
    assert "Agree the date of at least one check-in." in page.sign_box.checklist_label.text()
    page.editing.undo_stack.undo()
    assert stored() == [day]
    assert page.checkins.rows.itemAtPosition(0, 0).widget().text().startswith(f"{day:%a} ")


def test_typed_names_survive_changes_made_elsewhere(db_engine, qtbot, open_page):
    eid = new_engagement(db_engine, complete=False)
    page = open_page(eid)
    page.sign_box.manager_edit.clear()
    qtbot.keyClicks(page.sign_box.manager_edit, "S. Marin")
    page.editing.apply(
        "Add task",
        lambda s: add_responsibility(
            session=s,
            engagement_id=eid,
            data=ResponsibilityInput(party=OwnerRole.team, task="Share fixes"),
        ),
        origin=None,
    )
    assert page.sign_box.manager_edit.text() == "S. Marin"
    assert page.sign_box.partner_edit.text() == "Sam Okafor"
    assert [c.task_edit.text() for c in page.responsibilities.cards] == ["Share fixes"]


def test_check_in_dates_say_how_far_away_they_are():
    assert from_today(TODAY) == " · today"
    assert from_today(TODAY + timedelta(days=1)) == " · in 1 day"
    assert from_today(TODAY + timedelta(days=13)) == " · in 13 days"
    assert from_today(TODAY + timedelta(days=20)) == " · in 2 weeks"
    assert from_today(TODAY - timedelta(days=3)) == " · 3 days ago"
