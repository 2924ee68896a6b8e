"""The diagnostic flow without Qt: steps, completeness, the learning verdict, signing blockers."""

from datetime import date

import pytest

from app.demo import load_demo
from app.flow.prompts import CELL_PROMPTS, goal_hint
from app.flow.state import Completeness, LearningAnswer, flow_state, learning_verdict
from app.flow.steps import STEPS, StepId, next_step, previous_step
from app.services.agreement import amend_agreement
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.engagements import EngagementDetails, create_engagement, set_business_goal
from app.services.measures import MeasureInput, add_measure
from models.db import open_database, transaction
from models.enums import Direction, GilbertCell


@pytest.fixture
def engine(tmp_path):
    return open_database(tmp_path / "flow.sqlite")


def test_seven_steps_in_the_meeting_order():
    assert [s.id for s in STEPS] == [
        StepId.context,
        StepId.goal,
        StepId.performance,
        StepId.causes,
        StepId.scaffolds,
        StepId.new_skills,
        StepId.agreement,
    ]
    assert [s.number for s in STEPS] == list(range(1, 8))
    assert next_step(StepId.context) is StepId.goal
    assert next_step(StepId.agreement) is None
    assert previous_step(StepId.context) is None
    assert previous_step(StepId.causes) is StepId.performance


def test_the_cells_are_asked_environment_first():
    flags = [p.environment for p in CELL_PROMPTS]
    assert flags == [True, True, True, False, False, False]
    assert {p.cell for p in CELL_PROMPTS} == set(GilbertCell)
    assert all(p.questions for p in CELL_PROMPTS)


@pytest.mark.parametrize(
    ("cells", "answer"),
    [
        ([], LearningAnswer.unknown),
        ([GilbertCell.resources, GilbertCell.incentives], LearningAnswer.no),
        ([GilbertCell.motives], LearningAnswer.no),
        ([GilbertCell.knowledge], LearningAnswer.yes),
        ([GilbertCell.knowledge, GilbertCell.information], LearningAnswer.partly),
    ],
)
def test_learning_verdict(cells, answer):
    assert learning_verdict(cells).answer is answer


def test_partly_says_to_fix_the_environment_first():
    verdict = learning_verdict([GilbertCell.knowledge, GilbertCell.resources])
    assert verdict.explanation.startswith("Fix the environment first")
    assert "1 of 2 causes" in verdict.explanation


@pytest.mark.parametrize(
    "goal", ["Staff understand the new policy", "Agents know the tariffs", "Be aware of risks"]
)
def test_vague_goals_get_a_hint(goal):
    hint = goal_hint(goal)
    assert hint is not None
    assert "measure" in hint


def test_a_result_goal_gets_no_hint():
    assert goal_hint("Cut repeat contacts by a third before the spring peak") is None


def test_a_new_engagement_is_mostly_empty_and_cannot_be_signed(engine):
    with transaction(engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Ops", manager_name="Ana")
        )
        state = flow_state(session=s, engagement_id=e.id or 0)
    assert state.step(StepId.context).completeness is Completeness.partial
    assert state.step(StepId.context).missing == ("the request as the manager put it",)
    for step in (StepId.goal, StepId.performance, StepId.scaffolds, StepId.new_skills):
        assert state.step(step).completeness is Completeness.empty
    assert not state.can_sign
    assert len(state.signing_blockers) == 5
    assert state.learning.answer is LearningAnswer.unknown


def test_completeness_follows_what_is_recorded(engine):
    with transaction(engine) as s:
        e = create_engagement(
            session=s,
            data=EngagementDetails(
                team_name="Ops", manager_name="Ana", request_verbatim="A course"
            ),
        )
        eid = e.id or 0
        set_business_goal(session=s, engagement_id=eid, goal="Fewer late invoices")
        add_measure(
            session=s,
            engagement_id=eid,
            data=MeasureInput(
                name="Invoices paid late",
                baseline_value=40,
                baseline_date=date(2026, 1, 1),
                target_value=20,
                target_date=date(2026, 6, 1),
                direction=Direction.lower_is_better,
            ),
        )
        one = add_behaviour(
            session=s, engagement_id=eid, data=BehaviourInput(role="Clerk", expected="Checks")
        )
        add_behaviour(
            session=s, engagement_id=eid, data=BehaviourInput(role="Lead", expected="Reviews")
        )
        add_cause(session=s, behaviour_id=one.id or 0, data=CauseInput(cell=GilbertCell.resources))
        state = flow_state(session=s, engagement_id=eid)
    assert state.step(StepId.context).completeness is Completeness.complete
    assert state.step(StepId.goal).completeness is Completeness.complete
    assert state.step(StepId.performance).completeness is Completeness.complete
    assert state.step(StepId.causes).completeness is Completeness.partial
    assert state.step(StepId.causes).missing == ("causes for “Reviews”",)
    assert state.learning.answer is LearningAnswer.no
    assert state.signing_blockers == (
        "Choose at least one scaffold.",
        "Agree the date of at least one check-in.",
    )


def test_the_signed_demo_is_complete_and_amending_reopens_signing(engine):
    with transaction(engine) as s:
        e = load_demo(session=s, today=date(2026, 11, 28))
        eid = e.id or 0
        state = flow_state(session=s, engagement_id=eid)
        assert state.version_signed and state.signed_versions == (1,)
        assert all(st.completeness is Completeness.complete for st in state.steps)
        assert state.learning.answer is LearningAnswer.partly
        assert not state.can_sign
        amend_agreement(session=s, engagement_id=eid)
        amended = flow_state(session=s, engagement_id=eid)
    assert amended.version == 2
    assert not amended.version_signed
    assert amended.can_sign
    assert amended.step(StepId.agreement).completeness is Completeness.partial
