"""Plain-language prompts: Gilbert's six cells as questions, and hints on goals and measures."""

import re
from dataclasses import dataclass

from models.enums import GilbertCell


@dataclass(frozen=True)
class CellPrompt:
    """How one of Gilbert's cells is shown and asked about in the meeting."""

    cell: GilbertCell
    title: str
    environment: bool
    questions: tuple[str, ...]


# Environment first: most performance gaps live there, and a manager can change them.
CELL_PROMPTS: tuple[CellPrompt, ...] = (
    CellPrompt(
        GilbertCell.information,
        "Information and feedback",
        True,
        (
            "Do they know what good looks like, and why it matters?",
            "Do they hear how they are doing, soon enough to adjust?",
        ),
    ),
    CellPrompt(
        GilbertCell.resources,
        "Resources and tools",
        True,
        (
            "Do they have the tools, information sources and time the job needs?",
            "Do the process and the systems make the right thing the easy thing?",
        ),
    ),
    CellPrompt(
        GilbertCell.incentives,
        "Incentives and consequences",
        True,
        (
            "What happens to someone who does it well? And to someone who doesn't?",
            "Does anything reward the old way, or punish the new one?",
        ),
    ),
    CellPrompt(
        GilbertCell.knowledge,
        "Knowledge and skills",
        False,
        (
            "Could they do it if their job depended on it?",
            "Have they done it before, and do they do it often enough to stay fluent?",
        ),
    ),
    CellPrompt(
        GilbertCell.capacity,
        "Capacity",
        False,
        ("Is the task a fit for the people doing it, their workload and the way work is split?",),
    ),
    CellPrompt(
        GilbertCell.motives,
        "Motives",
        False,
        ("Do they want to do it, once the environment is fixed? What do they say about it?",),
    ),
)

PROMPT_BY_CELL = {p.cell: p for p in CELL_PROMPTS}

_VAGUE_VERBS = re.compile(
    r"\b(understand\w*|know|knows|knowing|appreciat\w*|be aware|awareness|familiari[sz]\w*|"
    r"learn about)\b",
    re.IGNORECASE,
)


def goal_hint(goal: str) -> str | None:
    """A hint when a business goal is stated as knowing rather than as a result in the work."""
    match = _VAGUE_VERBS.search(goal)
    if match is None:
        return None
    return (
        f"“{match.group(0)}” is hard to see or measure. Say what would be different in the "
        "work or the business when it happens: faster, fewer errors, more sales, happier customers."
    )
