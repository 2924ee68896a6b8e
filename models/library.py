"""The scaffold library as stored: the built-in scaffolds as last loaded, the partner's edits and
the partner's own scaffolds."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import enum_type, utcnow
from models.enums import OwnerRole, ScaffoldKind


class LibraryScaffold(SQLModel, table=True):
    """One scaffold of the library (app.library.entry.LibraryEntry is its domain shape).

    The list fields hold JSON arrays of enum values. `builtin_hash` is the hash of the shipped
    content this row was last loaded from (None for the partner's own scaffolds); `user_edited`
    says the partner changed a built-in, which an upgrade of the library then leaves alone.
    """

    __tablename__ = "library_scaffold"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=80, description="Stable id; chosen_scaffold refers")
    name: str
    kind: ScaffoldKind = Field(sa_type=enum_type(ScaffoldKind))
    summary: str = ""
    setup: str = ""
    addresses: str = Field(default="[]", description="JSON array of GilbertCell values")
    does_not_address: str = Field(default="[]", description="JSON array of GilbertCell values")
    levels: str = Field(default="[]", description="JSON array of Level values")
    new_skills: str = Field(default="[]", description="JSON array of NewSkill values")
    owner_role: OwnerRole = Field(sa_type=enum_type(OwnerRole))
    effort: str = Field(max_length=40, description="app.library.entry.Effort value")
    lead_time_days: int
    step_back: str = ""
    signal: str = ""
    reference: str = ""
    builtin: bool = False
    user_edited: bool = False
    retired: bool = False
    builtin_hash: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
