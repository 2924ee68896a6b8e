"""One row of the engagements list, and how urgent its check-ins are.

Apart from `app.services.listing`, which reads them, so that the window's list and overview can
be built before the database layer (SQLAlchemy, the models: ~0.5 s) is even imported.
"""

from datetime import date
from enum import Enum
from typing import NamedTuple

from models.enums import EngagementStatus

# A planned check-in this close (in days) is "due" and stands out in the list.
DUE_SOON_DAYS = 7


class CheckinDue(Enum):
    """Where an engagement stands with its check-ins, for the list."""

    none = "none"  # no check-in planned ahead
    planned = "planned"  # the next one is more than a week away (or the engagement is closed)
    due = "due"  # the next one is within a week
    overdue = "overdue"  # a planned date passed and no check-in was held since


class EngagementSummary(NamedTuple):
    """One row of the engagements list (a named tuple: the list builds 10,000 of them at once).

    `overdue_since` is the first planned check-in date already past after which no check-in
    was held (never set once the engagement is closed); `days_to_next` counts from the day the
    list was made to `next_checkin`.
    """

    id: int
    team_name: str
    manager_name: str
    status: EngagementStatus
    business_goal: str
    next_checkin: date | None
    overdue_since: date | None = None
    days_to_next: int | None = None

    @property
    def checkin_due(self) -> CheckinDue:
        """How urgent the check-ins are (closed engagements are never overdue or due)."""
        if self.status is EngagementStatus.closed:
            return CheckinDue.none if self.next_checkin is None else CheckinDue.planned
        if self.overdue_since is not None:
            return CheckinDue.overdue
        if self.days_to_next is None:
            return CheckinDue.none
        return CheckinDue.due if self.days_to_next <= DUE_SOON_DAYS else CheckinDue.planned
