"""What the portfolio (app.progress.portfolio) is made of: plain values, no database.

Kept apart so the home page can be built before the database layer is imported.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from models.enums import EngagementStatus, GilbertCell

# The engagements whose check-ins and progress the portfolio follows: signed and not closed.
RUNNING = (EngagementStatus.agreed, EngagementStatus.in_progress)
WEEK_DAYS = 7  # "this week": today and the six days after it
RECURRING_TEAMS = 2  # a cause recurs when this many different teams recorded it


class OverallProgress(StrEnum):
    """Where an engagement stands on its measures as a whole (see `overall_progress`)."""

    on_track = "on_track"
    behind = "behind"
    moving_away = "moving_away"
    no_data = "no_data"


@dataclass(frozen=True)
class TeamRef:
    """An engagement named the way the home page names it."""

    engagement_id: int
    team_name: str
    manager_name: str


@dataclass(frozen=True)
class CheckinEntry:
    """A check-in that is due soon or was missed: whose, and on which date.

    `on` is the planned date: for an overdue one, the first date missed.
    """

    team: TeamRef
    on: date


@dataclass(frozen=True)
class ProgressGroup:
    """The running engagements in one overall state, by team name."""

    overall: OverallProgress
    teams: tuple[TeamRef, ...]

    @property
    def count(self) -> int:
        """How many engagements are in this state."""
        return len(self.teams)


@dataclass(frozen=True)
class CellRecurrence:
    """One of Gilbert's cells across the engagements: which ones recorded a cause in it."""

    cell: GilbertCell
    words: str  # the cell's plain name, e.g. "Information and feedback"
    engagements: tuple[TeamRef, ...]  # every engagement with a cause in the cell, by team
    teams: tuple[str, ...]  # the different team names among them, sorted

    @property
    def environment(self) -> bool:
        """True for a cell of the work environment (information, resources, incentives)."""
        return self.cell.is_environment

    @property
    def recurring(self) -> bool:
        """Whether at least two different teams recorded a cause in this cell."""
        return len(self.teams) >= RECURRING_TEAMS


@dataclass(frozen=True)
class Portfolio:
    """What the home page shows across engagements, as of `today`."""

    today: date
    due_this_week: tuple[CheckinEntry, ...]  # by date, then team
    overdue: tuple[CheckinEntry, ...]  # the longest overdue first
    progress: tuple[ProgressGroup, ...]  # one per `OverallProgress`, in its order
    cells: tuple[CellRecurrence, ...]  # all six, most teams first, environment first on ties

    @property
    def running(self) -> int:
        """How many engagements are agreed or in progress."""
        return sum(group.count for group in self.progress)

    def group(self, overall: OverallProgress) -> ProgressGroup:
        """The running engagements in one overall state."""
        return next(g for g in self.progress if g.overall is overall)

    @property
    def recurring_causes(self) -> tuple[CellRecurrence, ...]:
        """The cells in which causes recur across teams, most teams first."""
        return tuple(c for c in self.cells if c.recurring)
