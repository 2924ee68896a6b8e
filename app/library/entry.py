"""One scaffold of the library, as the recommender and the GUI see it (no database types)."""

from dataclasses import dataclass
from enum import StrEnum

from models.enums import GilbertCell, Level, NewSkill, OwnerRole, ScaffoldKind


class Effort(StrEnum):
    """How much work setting a scaffold up takes."""

    low = "low"
    medium = "medium"
    high = "high"


@dataclass(frozen=True)
class LibraryEntry:
    """A scaffold: what it is, how to set it up, which causes it addresses and who owns it."""

    key: str  # stable id, lowercase-with-dashes; never reused
    name: str
    kind: ScaffoldKind
    summary: str  # what it is, in a sentence or two
    setup: str  # how to set it up
    addresses: tuple[GilbertCell, ...]  # causes it helps with (at least one)
    does_not_address: tuple[GilbertCell, ...]  # causes people wrongly expect it to fix
    levels: tuple[Level, ...]  # individual / team / organisation (at least one)
    owner_role: OwnerRole
    effort: Effort
    lead_time_days: int  # from decision to running
    step_back: str  # what stepping back looks like for the partner
    signal: str  # the performance signal that shows it working
    reference: str  # where the idea comes from (a book, article or practice), in our words
    new_skills: tuple[NewSkill, ...] = ()  # new skills of connected work it builds, if any
    builtin: bool = True  # shipped with Scaffold (False: added by the partner)
    retired: bool = False  # kept for history, no longer recommended
