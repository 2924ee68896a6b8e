"""A whole consultation, typed and clicked through the main window from an empty database."""

import json
import sqlite3
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from app.flow.steps import StepId
from app.services.agreement import (
    list_planned_checkins,
    list_responsibilities,
    list_support_phases,
    list_versions,
)
from app.services.behaviours import engagement_causes, list_behaviours
from app.services.common import get_engagement
from app.services.engagements import EngagementDetails
from app.services.measures import list_measures
from app.services.readiness import list_readiness
from app.services.scaffolds import list_scaffolds, scaffold_cause_ids
from app.storage import transaction
from app.vocab import (
    Confidence,
    Direction,
    GilbertCell,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    SupportMode,
)
from ui.main_window import MainWindow
from ui.new_engagement_dialog import NewEngagementDialog
from ui.pages.measure_cards import MeasureCard
from ui.pages.sign_off import SignConfirmation

TODAY = date.today()
TEAM = "Claims handling, Lyon"
MANAGER = "Sofia Marin"
PARTNER = "Sam Okafor"
REQUEST = "My team needs a course on time management."
GOAL = "Settle simple claims within five working days by June"
MEASURE = "Days to settle a simple claim"
BEHAVIOUR_ROLE = "Claims handler"
BEHAVIOUR_EXPECTED = "Settles simple claims on the first call"
BEHAVIOUR_CURRENT = "Passes every claim to a senior"
RESOURCES_EVIDENCE = "The claims system has no checklist for simple claims"
KNOWLEDGE_EVIDENCE = "New handlers do not know the settlement limits"
FIX_NAME = "Settlement checklist in the claims system"
LEARNING_NAME = "Weekly case huddle on settlement limits"
TASK = "Put the checklist in the claims system"
SUPPORT_NOTE = "Weekly half hour with Sofia"
SKILL_SUPPORT = "Huddle notes shared in the team channel"


# Pop-up lists (the causes of a scaffold) cannot grab the keyboard on the test-only platform.
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (grabbing the keyboard|raise\(\))$"
)


# Small helpers: how a person types, clicks and moves about ----------------------------------


def activate(qtbot, window: QWidget) -> None:
    """Bring a window to the front and wait until it has the keyboard (offscreen, too)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def type_in(qtbot, widget: QWidget, text: str) -> None:
    """Put the cursor in `widget` and type `text`."""
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def click(qtbot, button: QAbstractButton) -> None:
    """Click a push button in its middle."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tick(qtbot, box: QAbstractButton) -> None:
    """Click a check box or radio button on its indicator."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def tick_causes(qtbot, card, *cause_ids: int) -> None:
    """Open a scaffold card's list of causes, tick these on their boxes, close it with Esc."""
    qtbot.mouseClick(card.cause_picker, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(card.cause_picker.list.isVisible)
    for cause_id in cause_ids:
        tick(qtbot, card.cause_boxes[cause_id])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not card.cause_picker.list.isVisible())


def click_step(qtbot, editor, step: StepId) -> None:
    """Click a step in the list of steps."""
    steps = editor.step_list
    rect = steps.visualItemRect(steps.item(steps.row_of(step)))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.current_step() is step


def next_step_with_ctrl_page_down(qtbot, editor, expected: StepId) -> None:
    """Press Ctrl+PgDown where the cursor is, as a person moving on would."""
    target = QApplication.focusWidget() or editor
    qtbot.keyClick(target, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_step() is expected


def in_days(days: int) -> date:
    return TODAY + timedelta(days=days)


def typed(day: date) -> str:
    """A date as a person types it in Scaffold's date fields: "5 Jan 2027"."""
    return f"{day.day} {day:%b %Y}"


def stored(db_engine, query):
    with transaction(db_engine) as s:
        return query(s)


def sql(db_engine, statement: str, *params):
    con = sqlite3.connect(db_engine.url.database)
    try:
        return con.execute(statement, params).fetchall()
    finally:
        con.close()


# The consultation -----------------------------------------------------------------------------


@OFFSCREEN_POPUPS
def test_a_whole_consultation_from_an_empty_database_to_a_signed_agreement(
    qtbot, store, settings, db_engine, monkeypatch
):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    activate(qtbot, window)
    assert window.home.showing_welcome()

    # New consultation: the real dialog, filled from the keyboard -----------------------------
    def fill_the_dialog(cls, parent, create):
        dialog = cls(create, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        activate(qtbot, dialog)
        qtbot.keyClicks(dialog.team_edit, TEAM)
        qtbot.keyClick(dialog.team_edit, Qt.Key.Key_Tab)
        assert dialog.manager_edit.hasFocus()
        qtbot.keyClicks(dialog.manager_edit, MANAGER)
        qtbot.keyClicks(dialog.organisation_edit, "Northwind Insurance")
        qtbot.keyClicks(dialog.request_edit, REQUEST)
        qtbot.keyClick(dialog.manager_edit, Qt.Key.Key_Return)  # the default button
        assert dialog.result() == dialog.DialogCode.Accepted
        return dialog.created_id

    monkeypatch.setattr(NewEngagementDialog, "ask", classmethod(fill_the_dialog))
    click(qtbot, window.home.empty_state.start_button)
    editor = window.host.editor
    assert editor is not None
    assert window.pages.currentWidget() is editor
    assert editor.current_step() is StepId.context
    eid = editor.editing.engagement_id
    assert f"{TEAM} — {MANAGER}" == editor.title_label.text()
    activate(qtbot, window)

    # Step 1 → 2 by the reframing button; the business goal and one measure ------------------
    context = editor.page(StepId.context)
    assert context.request_edit.toPlainText() == REQUEST
    click(qtbot, context.to_goal_button)
    assert editor.current_step() is StepId.goal
    goal_page = editor.page(StepId.goal)
    assert goal_page.request_label.text() == f"You asked: “{REQUEST}”"
    type_in(qtbot, goal_page.goal_edit, GOAL)
    qtbot.waitUntil(
        lambda: stored(db_engine, lambda s: get_engagement(s, eid).business_goal) == GOAL
    )

    click(qtbot, goal_page.measures.add_button)
    card = goal_page.measures.cards[0]
    assert isinstance(card, MeasureCard)
    qtbot.waitUntil(lambda: card.name_edit.hasFocus())
    qtbot.keyClicks(card.name_edit, MEASURE)
    type_in(qtbot, card.unit_edit, "days")
    card.direction_combo.setFocus()
    qtbot.keyClick(card.direction_combo, Qt.Key.Key_Down)  # lower is better
    type_in(qtbot, card.baseline_edit, "9,5")
    type_in(qtbot, card.baseline_date, typed(TODAY))
    type_in(qtbot, card.target_edit, "5")
    type_in(qtbot, card.target_date, typed(in_days(180)))
    qtbot.waitUntil(
        lambda: len(stored(db_engine, lambda s: list_measures(session=s, engagement_id=eid))) == 1
    )
    type_in(qtbot, card.source_edit, "Claims system, weekly report")
    qtbot.keyClick(card.source_edit, Qt.Key.Key_Tab)  # leaving the field saves at once

    # Step 3 by Ctrl+PgDown: one critical behaviour ------------------------------------------
    next_step_with_ctrl_page_down(qtbot, editor, StepId.performance)
    performance = editor.page(StepId.performance)
    click(qtbot, performance.behaviours.add_button)
    behaviour = performance.behaviours.cards[0]
    qtbot.waitUntil(lambda: behaviour.role_edit.hasFocus())
    qtbot.keyClicks(behaviour.role_edit, BEHAVIOUR_ROLE)
    type_in(qtbot, behaviour.expected_edit, BEHAVIOUR_EXPECTED)
    type_in(qtbot, behaviour.current_edit, BEHAVIOUR_CURRENT)
    qtbot.waitUntil(
        lambda: (
            [
                (b.role, b.expected, b.current)
                for b in stored(db_engine, lambda s: list_behaviours(session=s, engagement_id=eid))
            ]
            == [(BEHAVIOUR_ROLE, BEHAVIOUR_EXPECTED, BEHAVIOUR_CURRENT)]
        )
    )

    # Step 4 through the Go menu: a cause in the environment, then a knowledge gap -----------
    window.host.step_actions[3].trigger()
    assert editor.current_step() is StepId.causes
    causes = editor.page(StepId.causes)
    assert causes.current_verdict() == "Not yet known"
    (section,) = causes.sections
    resources = section.cells[GilbertCell.resources]
    click(qtbot, resources.records.add_button)
    cause_card = resources.records.cards[0]
    type_in(qtbot, cause_card.evidence_edit, RESOURCES_EVIDENCE)
    cause_card.confidence_combo.setFocus()
    qtbot.keyClick(cause_card.confidence_combo, Qt.Key.Key_Down)  # high: seen it clearly
    qtbot.waitUntil(lambda: causes.current_verdict() == "No")
    knowledge = section.cells[GilbertCell.knowledge]
    click(qtbot, knowledge.records.add_button)
    type_in(qtbot, knowledge.records.cards[0].evidence_edit, KNOWLEDGE_EVIDENCE)
    qtbot.waitUntil(
        lambda: (
            len(stored(db_engine, lambda s: engagement_causes(session=s, engagement_id=eid))) == 2
        )
    )
    assert causes.current_verdict() == "Partly"
    assert causes.verdict.explanation_label.text().startswith("Fix the environment first")

    # Step 5 from the list of steps: a manager's fix and a way to learn at work --------------
    click_step(qtbot, editor, StepId.scaffolds)
    scaffolds = editor.page(StepId.scaffolds)
    assert "Not yet addressed by any scaffold (2)" in scaffolds.gaps_label.text()
    cause_ids = {
        c.cell: c.id
        for c in stored(db_engine, lambda s: engagement_causes(session=s, engagement_id=eid))
    }
    click(qtbot, scaffolds.manager_list.add_button)
    fix = scaffolds.manager_list.cards[0]
    qtbot.waitUntil(lambda: fix.name_edit.hasFocus())
    qtbot.keyClicks(fix.name_edit, FIX_NAME)
    qtbot.keyClick(fix.name_edit, Qt.Key.Key_Tab)  # leaving the name saves the scaffold
    assert fix.record_id is not None
    tick_causes(qtbot, fix, cause_ids[GilbertCell.resources])
    type_in(qtbot, fix.due_edit, typed(in_days(14)))

    click(qtbot, scaffolds.learning_list.add_button)
    learning = scaffolds.learning_list.cards[0]
    qtbot.waitUntil(lambda: learning.name_edit.hasFocus())
    qtbot.keyClicks(learning.name_edit, LEARNING_NAME)
    learning.kind_combo.setFocus()
    social = learning.kind_combo.findData(ScaffoldKind.social_learning.value)
    while learning.kind_combo.currentIndex() != social:
        qtbot.keyClick(learning.kind_combo, Qt.Key.Key_Down)
    tick_causes(qtbot, learning, cause_ids[GilbertCell.knowledge])
    qtbot.waitUntil(lambda: "Every recorded cause is addressed" in scaffolds.gaps_label.text())

    # Step 6 by Ctrl+PgDown: two skills rated, one with its support -------------------------
    next_step_with_ctrl_page_down(qtbot, editor, StepId.new_skills)
    skills = editor.page(StepId.new_skills)
    tick(qtbot, skills.rows[NewSkill.personal_knowledge_management].radios[2])
    connected = skills.rows[NewSkill.connected_working]
    tick(qtbot, connected.radios[4])
    type_in(qtbot, connected.support_edit, SKILL_SUPPORT)

    # Step 7 by Ctrl+PgDown: who does what, the partner's support, a check-in, then sign -----
    next_step_with_ctrl_page_down(qtbot, editor, StepId.agreement)
    agreement = editor.page(StepId.agreement)
    assert "Before you can sign" in agreement.sign_box.checklist_label.text()
    assert not agreement.sign_box.sign_button.isEnabled()

    click(qtbot, agreement.responsibilities.add_button)
    task = agreement.responsibilities.cards[0]
    qtbot.waitUntil(lambda: task.party_combo.hasFocus())
    qtbot.keyClick(task.party_combo, Qt.Key.Key_Down)  # the team
    type_in(qtbot, task.task_edit, TASK)
    type_in(qtbot, task.due_edit, typed(in_days(21)))

    click(qtbot, agreement.phases.add_button)  # the first period is suggested and saved
    phase = agreement.phases.cards[0]
    type_in(qtbot, phase.note_edit, SUPPORT_NOTE)
    type_in(qtbot, phase.end_edit, typed(in_days(30)))
    phase.mode_combo.setFocus()  # leaving the date saves it

    checkin_day = agreement.checkins.date_edit.date().toPython()
    click(qtbot, agreement.checkins.add_button)
    qtbot.waitUntil(lambda: agreement.sign_box.sign_button.isEnabled())
    assert "Everything needed is there" in agreement.sign_box.checklist_label.text()
    assert agreement.sign_box.manager_edit.text() == MANAGER  # from the consultation
    type_in(qtbot, agreement.sign_box.partner_edit, PARTNER)

    asked = []
    monkeypatch.setattr(
        SignConfirmation, "ask", classmethod(lambda cls, *args: asked.append(args[1:]) or True)
    )
    assert window.host.undo_action.isEnabled()
    click(qtbot, agreement.sign_box.sign_button)
    assert asked == [(1, MANAGER, PARTNER)]

    # What the window shows after signing ------------------------------------------------------
    assert agreement.signed_box.isVisible()
    assert editor.version_label.text() == "Agreement version 1 · signed"
    assert editor.editing.undo_stack.count() == 0
    assert not window.host.undo_action.isEnabled()
    assert "Version 1 of the agreement is signed" in editor.page(StepId.goal).locked_label.text()

    # What is stored ---------------------------------------------------------------------------
    ((status, team, manager, organisation, request, goal, version),) = sql(
        db_engine,
        "SELECT status, team_name, manager_name, organisation, request_verbatim, business_goal,"
        " agreement_version FROM engagement WHERE id = ?",
        eid,
    )
    assert (status, team, manager, organisation, request, goal, version) == (
        "agreed",
        TEAM,
        MANAGER,
        "Northwind Insurance",
        REQUEST,
        GOAL,
        1,
    )

    (m,) = stored(db_engine, lambda s: list_measures(session=s, engagement_id=eid))
    assert (m.name, m.unit, m.direction, m.data_source) == (
        MEASURE,
        "days",
        Direction.lower_is_better,
        "Claims system, weekly report",
    )
    assert (m.baseline_value, m.baseline_date, m.target_value, m.target_date) == (
        9.5,
        TODAY,
        5.0,
        in_days(180),
    )

    (b,) = stored(db_engine, lambda s: list_behaviours(session=s, engagement_id=eid))
    assert (b.role, b.expected, b.current) == (
        BEHAVIOUR_ROLE,
        BEHAVIOUR_EXPECTED,
        BEHAVIOUR_CURRENT,
    )
    stored_causes = stored(db_engine, lambda s: engagement_causes(session=s, engagement_id=eid))
    assert sorted((c.cell, c.evidence, c.confidence, c.behaviour_id) for c in stored_causes) == [
        (GilbertCell.knowledge, KNOWLEDGE_EVIDENCE, Confidence.medium, b.id),
        (GilbertCell.resources, RESOURCES_EVIDENCE, Confidence.high, b.id),
    ]

    cause_ids_by_id = {cid: cell for cell, cid in cause_ids.items()}

    def scaffold_rows(s):
        return [
            (
                x.name,
                x.kind,
                x.owner_role,
                x.due_date,
                [cause_ids_by_id[c] for c in scaffold_cause_ids(session=s, scaffold_id=x.id)],
            )
            for x in list_scaffolds(session=s, engagement_id=eid)
        ]

    assert stored(db_engine, scaffold_rows) == [
        (
            FIX_NAME,
            ScaffoldKind.environment_fix,
            OwnerRole.manager,
            in_days(14),
            [GilbertCell.resources],
        ),
        (
            LEARNING_NAME,
            ScaffoldKind.social_learning,
            OwnerRole.team,
            None,
            [GilbertCell.knowledge],
        ),
    ]
    assert sorted(sql(db_engine, "SELECT scaffold_id, cause_id FROM scaffold_cause")) == sorted(
        [
            (fix.record_id, cause_ids[GilbertCell.resources]),
            (learning.record_id, cause_ids[GilbertCell.knowledge]),
        ]
    )

    assert [
        (r.skill, r.rating, r.support)
        for r in stored(db_engine, lambda s: list_readiness(session=s, engagement_id=eid))
    ] == [
        (NewSkill.personal_knowledge_management, 2, ""),
        (NewSkill.connected_working, 4, SKILL_SUPPORT),
    ]

    assert [
        (r.party, r.task, r.due_date)
        for r in stored(db_engine, lambda s: list_responsibilities(session=s, engagement_id=eid))
    ] == [(OwnerRole.team, TASK, in_days(21))]
    assert [
        (p.mode, p.start_date, p.end_date, p.note)
        for p in stored(db_engine, lambda s: list_support_phases(session=s, engagement_id=eid))
    ] == [(SupportMode.upfront_advice, TODAY, in_days(30), SUPPORT_NOTE)]
    assert [
        p.due_on
        for p in stored(db_engine, lambda s: list_planned_checkins(session=s, engagement_id=eid))
    ] == [checkin_day]

    (v,) = stored(db_engine, lambda s: list_versions(session=s, engagement_id=eid))
    assert (v.number, v.manager_signature, v.manager_signed_on) == (1, MANAGER, TODAY)
    assert (v.partner_signature, v.partner_signed_on) == (PARTNER, TODAY)
    frozen = json.loads(v.content_json)
    assert frozen["goal"] == GOAL
    assert frozen["request"] == REQUEST
    assert [x["name"] for x in frozen["measures"]] == [MEASURE]
    ref_of = {c["evidence"]: c["ref"] for c in frozen["behaviours"][0]["causes"]}
    assert [(x["name"], x["addresses"]) for x in frozen["scaffolds"]] == [
        (FIX_NAME, [ref_of[RESOURCES_EVIDENCE]]),
        (LEARNING_NAME, [ref_of[KNOWLEDGE_EVIDENCE]]),
    ]


def test_dates_typed_as_written_on_the_agreement_page_are_stored_as_typed(
    qtbot, store, settings, db_engine
):
    """Step 7's check-in date and a support period's start, typed "19 Mar 2027" after Tab.

    The other date fields (measures, scaffolds, a task's "By") take a date typed as written.
    """
    eid = store.create(EngagementDetails(team_name=TEAM, manager_name=MANAGER))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    activate(qtbot, window)
    assert window.host.open(eid)
    window.host.step_actions[6].trigger()
    agreement = window.host.editor.page(StepId.agreement)
    day = in_days(110)

    checkin = agreement.checkins.date_edit
    checkin.setFocus(Qt.FocusReason.TabFocusReason)  # as when tabbing into the field
    qtbot.keyClicks(checkin, typed(day))
    click(qtbot, agreement.checkins.add_button)
    stored_days = [
        p.due_on
        for p in stored(db_engine, lambda s: list_planned_checkins(session=s, engagement_id=eid))
    ]

    click(qtbot, agreement.phases.add_button)
    phase = agreement.phases.cards[0]
    phase.start_edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(phase.start_edit, typed(day))
    phase.note_edit.setFocus()
    stored_starts = [
        p.start_date
        for p in stored(db_engine, lambda s: list_support_phases(session=s, engagement_id=eid))
    ]

    assert (stored_days, stored_starts) == ([day], [day])
