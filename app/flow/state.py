"""Where an engagement stands in the diagnostic: completeness per step, the learning verdict,
and what still blocks signing — computed from what is stored, never kept separately."""

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session

from app.flow.steps import STEPS, StepId
from app.services.agreement import (
    list_planned_checkins,
    list_responsibilities,
    list_support_phases,
    list_versions,
    signing_blockers,
)
from app.services.behaviours import engagement_causes, list_behaviours
from app.services.common import get_engagement, is_current_version_signed
from app.services.measures import list_measures
from app.services.readiness import list_readiness
from app.services.scaffolds import list_scaffolds, scaffold_cause_ids
from models.enums import GilbertCell, NewSkill


class Completeness(StrEnum):
    """How far a step has been filled in."""

    empty = "empty"
    partial = "partial"
    complete = "complete"


class LearningAnswer(StrEnum):
    """The answer to "Will learning help here?"."""

    unknown = "unknown"
    no = "no"
    partly = "partly"
    yes = "yes"


@dataclass(frozen=True)
class LearningVerdict:
    """The answer and the reason for it, in words for the manager."""

    answer: LearningAnswer
    explanation: str


@dataclass(frozen=True)
class StepState:
    """One step's completeness and what is still missing in it."""

    step: StepId
    completeness: Completeness
    missing: tuple[str, ...]


@dataclass(frozen=True)
class FlowState:
    """The whole diagnostic at a glance."""

    engagement_id: int
    steps: tuple[StepState, ...]
    learning: LearningVerdict
    signing_blockers: tuple[str, ...]
    version: int
    version_signed: bool
    signed_versions: tuple[int, ...]

    def step(self, step_id: StepId) -> StepState:
        """The state of one step."""
        return next(s for s in self.steps if s.step is step_id)

    @property
    def can_sign(self) -> bool:
        """Whether the current version may be signed now."""
        return not self.version_signed and not self.signing_blockers


def _grade(done: int, total: int) -> Completeness:
    if total == 0 or done == 0:
        return Completeness.empty
    return Completeness.complete if done >= total else Completeness.partial


def learning_verdict(cells: list[GilbertCell]) -> LearningVerdict:
    """Derive "Will learning help here?" from the causes recorded."""
    if not cells:
        return LearningVerdict(
            LearningAnswer.unknown, "Record why the behaviours don't happen to answer this."
        )
    skill_gaps = sum(1 for c in cells if c is GilbertCell.knowledge)
    environment = sum(1 for c in cells if c.is_environment)
    if skill_gaps == 0:
        return LearningVerdict(
            LearningAnswer.no,
            "No knowledge or skill gap is recorded: training would not remove these causes. "
            "Change the conditions people work in instead.",
        )
    if skill_gaps == len(cells):
        return LearningVerdict(
            LearningAnswer.yes,
            "Every cause recorded is a knowledge or skill gap: learning at work, with practice "
            "and feedback, should help.",
        )
    first = "Fix the environment first; " if environment else ""
    return LearningVerdict(
        LearningAnswer.partly,
        f"{first}learning helps with {skill_gaps} of {len(cells)} causes (the knowledge and "
        "skill gaps); the others need other scaffolds.",
    )


def flow_state(*, session: Session, engagement_id: int) -> FlowState:
    """Compute the flow state of one engagement."""
    engagement = get_engagement(session, engagement_id)
    measures = list_measures(session=session, engagement_id=engagement_id)
    behaviours = list_behaviours(session=session, engagement_id=engagement_id)
    causes = engagement_causes(session=session, engagement_id=engagement_id)
    scaffolds = list_scaffolds(session=session, engagement_id=engagement_id)
    readiness = list_readiness(session=session, engagement_id=engagement_id)
    signed = is_current_version_signed(session, engagement)

    context_missing = [
        label
        for label, value in (
            ("the team", engagement.team_name),
            ("the manager", engagement.manager_name),
            ("the request as the manager put it", engagement.request_verbatim),
        )
        if not value.strip()
    ]
    goal_missing = []
    if not engagement.business_goal.strip():
        goal_missing.append("the business goal")
    if not measures:
        goal_missing.append("a performance measure")

    with_cause = {c.behaviour_id for c in causes}
    causes_missing = [
        f"causes for “{b.expected[:40]}”" for b in behaviours if b.id not in with_cause
    ]
    addressed = {
        cid
        for s in scaffolds
        if s.id
        for cid in scaffold_cause_ids(session=session, scaffold_id=s.id)
    }
    unaddressed = [c for c in causes if c.id not in addressed]
    scaffold_missing = ["a scaffold"] if not scaffolds else []
    scaffold_missing += [f"a scaffold for the {c.cell.value} cause" for c in unaddressed]

    rated = {r.skill for r in readiness}
    skills_missing = [
        f"a rating for {s.value.replace('_', ' ')}" for s in NewSkill if s not in rated
    ]

    parts = {
        "who does what": bool(list_responsibilities(session=session, engagement_id=engagement_id)),
        "the partner's support over time": bool(
            list_support_phases(session=session, engagement_id=engagement_id)
        ),
        "a check-in date": bool(
            list_planned_checkins(session=session, engagement_id=engagement_id)
        ),
    }
    agreement_missing = [name for name, present in parts.items() if not present]
    if not signed:
        agreement_missing.append("the signatures")

    states = {
        StepId.context: StepState(
            StepId.context, _grade(3 - len(context_missing), 3), tuple(context_missing)
        ),
        StepId.goal: StepState(StepId.goal, _grade(2 - len(goal_missing), 2), tuple(goal_missing)),
        StepId.performance: StepState(
            StepId.performance,
            Completeness.complete if behaviours else Completeness.empty,
            () if behaviours else ("a critical behaviour",),
        ),
        StepId.causes: StepState(
            StepId.causes,
            _grade(len(with_cause), len(behaviours)),
            tuple(causes_missing) if behaviours else ("a behaviour to examine",),
        ),
        StepId.scaffolds: StepState(
            StepId.scaffolds,
            Completeness.empty
            if not scaffolds
            else (Completeness.partial if unaddressed else Completeness.complete),
            tuple(scaffold_missing),
        ),
        StepId.new_skills: StepState(
            StepId.new_skills, _grade(len(rated), len(NewSkill)), tuple(skills_missing)
        ),
        StepId.agreement: StepState(
            StepId.agreement,
            _grade(len(parts) + 1 - len(agreement_missing), len(parts) + 1),
            tuple(agreement_missing),
        ),
    }
    blockers = (
        ()
        if signed
        else tuple(msg for _, msg in signing_blockers(session=session, engagement_id=engagement_id))
    )
    return FlowState(
        engagement_id=engagement_id,
        steps=tuple(states[s.id] for s in STEPS),
        learning=learning_verdict([c.cell for c in causes]),
        signing_blockers=blockers,
        version=engagement.agreement_version,
        version_signed=signed,
        signed_versions=tuple(
            v.number for v in list_versions(session=session, engagement_id=engagement_id)
        ),
    )
