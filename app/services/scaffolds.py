"""The scaffolds chosen for an engagement and the causes each one addresses."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, delete, select

from app.services.behaviours import engagement_causes
from app.services.common import editable_engagement, get_engagement, touch
from app.services.ordered import append, fetch, list_for
from app.validation import (
    ValidationError,
    check_date_order,
    check_plausible_date,
    clean_name,
    clean_text,
)
from models.enums import GilbertCell, Level, OwnerRole, ScaffoldKind, ScaffoldStatus
from models.tables import ChosenScaffold, ScaffoldCause


@dataclass(frozen=True)
class ScaffoldInput:
    """A scaffold as chosen in the diagnostic."""

    name: str
    kind: ScaffoldKind = ScaffoldKind.other
    level: Level = Level.team
    owner_role: OwnerRole = OwnerRole.manager
    description: str = ""
    library_key: str | None = None
    start_date: date | None = None
    due_date: date | None = None
    cause_ids: tuple[int, ...] = ()
    training_reason: str = ""


def _clean(session: Session, engagement_id: int, data: ScaffoldInput) -> dict[str, object]:
    check_plausible_date(data.start_date, "start_date", "Start date")
    check_plausible_date(data.due_date, "due_date", "Due date")
    check_date_order(data.start_date, data.due_date, "due_date", "the start date", "The due date")
    causes = {c.id: c for c in engagement_causes(session=session, engagement_id=engagement_id)}
    unknown = [cid for cid in data.cause_ids if cid not in causes]
    if unknown:
        raise ValidationError(
            "cause_ids", f"Cause {unknown[0]} is not one of this engagement's recorded causes."
        )
    reason = clean_text(data.training_reason, "training_reason", "The reason for training")
    kind = ScaffoldKind(data.kind)
    if kind is ScaffoldKind.formal_training and not reason:
        has_skill_gap = any(c.cell is GilbertCell.knowledge for c in causes.values())
        if not has_skill_gap:
            raise ValidationError(
                "training_reason",
                "No knowledge or skill gap is recorded, so training is unlikely to help. "
                "Record why formal training is still chosen.",
            )
    key = None if data.library_key is None else data.library_key.strip() or None
    return {
        "name": clean_name(data.name, "name", "The scaffold's name"),
        "kind": kind,
        "level": Level(data.level),
        "owner_role": OwnerRole(data.owner_role),
        "description": clean_text(data.description, "description", "Description"),
        "library_key": key,
        "start_date": data.start_date,
        "due_date": data.due_date,
        "training_reason": reason,
    }


def list_scaffolds(*, session: Session, engagement_id: int) -> list[ChosenScaffold]:
    """The engagement's chosen scaffolds in order."""
    return list_for(session, ChosenScaffold, engagement_id)


def scaffold_cause_ids(*, session: Session, scaffold_id: int) -> list[int]:
    """Ids of the causes a scaffold addresses, in cause order."""
    return sorted(
        session.exec(
            select(ScaffoldCause.cause_id).where(col(ScaffoldCause.scaffold_id) == scaffold_id)
        )
    )


def _get(session: Session, scaffold_id: int) -> ChosenScaffold:
    return fetch(session, ChosenScaffold, scaffold_id, "scaffold")


def _link(session: Session, scaffold_id: int, cause_ids: tuple[int, ...]) -> None:
    session.exec(delete(ScaffoldCause).where(col(ScaffoldCause.scaffold_id) == scaffold_id))
    for cause_id in dict.fromkeys(cause_ids):
        session.add(ScaffoldCause(scaffold_id=scaffold_id, cause_id=cause_id))
    session.flush()


def add_scaffold(*, session: Session, engagement_id: int, data: ScaffoldInput) -> ChosenScaffold:
    """Add a chosen scaffold with the causes it addresses."""
    get_engagement(session, engagement_id)
    values = _clean(session, engagement_id, data)
    editable_engagement(session, engagement_id)
    scaffold = append(session, ChosenScaffold, engagement_id, values)
    assert scaffold.id is not None
    _link(session, scaffold.id, data.cause_ids)
    return scaffold


def update_scaffold(*, session: Session, scaffold_id: int, data: ScaffoldInput) -> ChosenScaffold:
    """Replace a scaffold's plan details and the causes it addresses."""
    scaffold = _get(session, scaffold_id)
    values = _clean(session, scaffold.engagement_id, data)
    editable_engagement(session, scaffold.engagement_id)
    for name, value in values.items():
        setattr(scaffold, name, value)
    session.add(scaffold)
    _link(session, scaffold_id, data.cause_ids)
    return scaffold


def set_scaffold_status(
    *, session: Session, scaffold_id: int, status: ScaffoldStatus
) -> ChosenScaffold:
    """Record progress on a scaffold; allowed after signing, as progress is not the agreement."""
    scaffold = _get(session, scaffold_id)
    scaffold.status = ScaffoldStatus(status)
    touch(get_engagement(session, scaffold.engagement_id))
    session.add(scaffold)
    session.flush()
    return scaffold


def delete_scaffold(*, session: Session, scaffold_id: int) -> None:
    """Remove a chosen scaffold."""
    scaffold = _get(session, scaffold_id)
    editable_engagement(session, scaffold.engagement_id)
    session.delete(scaffold)
    session.flush()
