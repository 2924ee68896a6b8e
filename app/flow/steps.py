"""The seven steps of the needs-to-performance diagnostic and the question each one asks."""

from dataclasses import dataclass
from enum import StrEnum


class StepId(StrEnum):
    """Identifies a step of the diagnostic."""

    context = "context"
    goal = "goal"
    performance = "performance"
    causes = "causes"
    scaffolds = "scaffolds"
    new_skills = "new_skills"
    agreement = "agreement"


@dataclass(frozen=True)
class Step:
    """A step: its place, its title and the question it puts to the manager."""

    id: StepId
    number: int
    title: str
    question: str


STEPS: tuple[Step, ...] = (
    Step(
        StepId.context,
        1,
        "Context and request",
        "What did you ask for? And what would be different in the business if it worked?",
    ),
    Step(
        StepId.goal,
        2,
        "Business goal and measures",
        "Which business result does the request serve, and how will we both see it move?",
    ),
    Step(
        StepId.performance,
        3,
        "Performance",
        "What must people in which role do differently from what they do now?",
    ),
    Step(
        StepId.causes,
        4,
        "Causes",
        "Why doesn't it happen today? Look at the work environment before the people.",
    ),
    Step(
        StepId.scaffolds,
        5,
        "Scaffolds",
        "Which conditions, tools and habits will help the team learn and perform as it works?",
    ),
    Step(
        StepId.new_skills,
        6,
        "New skills",
        "How ready is the team to find, make sense of and share what it learns together?",
    ),
    Step(
        StepId.agreement,
        7,
        "Agreement",
        "Who does what by when, how will support step back, and when do we check progress?",
    ),
)

STEP_BY_ID = {step.id: step for step in STEPS}


def next_step(current: StepId) -> StepId | None:
    """The step after `current`, or None at the end."""
    index = [s.id for s in STEPS].index(current)
    return STEPS[index + 1].id if index + 1 < len(STEPS) else None


def previous_step(current: StepId) -> StepId | None:
    """The step before `current`, or None at the start."""
    index = [s.id for s in STEPS].index(current)
    return STEPS[index - 1].id if index > 0 else None
