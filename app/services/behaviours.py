"""Critical behaviours and their causes, placed in Gilbert's six cells."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.services.common import editable_engagement
from app.services.ordered import append, assign, fetch, list_for
from app.validation import ValidationError, clean_name, clean_text
from models.enums import Confidence, GilbertCell, Level, ScaffoldKind
from models.tables import Behaviour, Cause, ChosenScaffold


@dataclass(frozen=True)
class BehaviourInput:
    """What people in a role should do, against what they do now."""

    role: str
    expected: str
    current: str = ""
    level: Level = Level.individual


@dataclass(frozen=True)
class CauseInput:
    """A reason the behaviour does not happen, with the evidence for it."""

    cell: GilbertCell
    evidence: str = ""
    confidence: Confidence = Confidence.medium


def _clean_behaviour(data: BehaviourInput) -> dict[str, object]:
    return {
        "role": clean_name(data.role, "role", "The role (who should do this)"),
        "expected": clean_text(data.expected, "expected", "What people should do", required=True),
        "current": clean_text(data.current, "current", "What people do now"),
        "level": Level(data.level),
    }


def _clean_cause(data: CauseInput) -> dict[str, object]:
    return {
        "cell": GilbertCell(data.cell),
        "evidence": clean_text(data.evidence, "evidence", "Evidence"),
        "confidence": Confidence(data.confidence),
    }


def list_behaviours(*, session: Session, engagement_id: int) -> list[Behaviour]:
    """The engagement's critical behaviours in order."""
    return list_for(session, Behaviour, engagement_id)


def _behaviour(session: Session, behaviour_id: int) -> Behaviour:
    return fetch(session, Behaviour, behaviour_id, "behaviour")


def add_behaviour(*, session: Session, engagement_id: int, data: BehaviourInput) -> Behaviour:
    """Add a critical behaviour at the end of the list."""
    values = _clean_behaviour(data)
    editable_engagement(session, engagement_id)
    return append(session, Behaviour, engagement_id, values)


def update_behaviour(*, session: Session, behaviour_id: int, data: BehaviourInput) -> Behaviour:
    """Replace a behaviour's text, role and level."""
    values = _clean_behaviour(data)
    behaviour = _behaviour(session, behaviour_id)
    editable_engagement(session, behaviour.engagement_id)
    return assign(session, behaviour, values)


def delete_behaviour(*, session: Session, behaviour_id: int) -> None:
    """Remove a behaviour with its causes."""
    behaviour = _behaviour(session, behaviour_id)
    editable_engagement(session, behaviour.engagement_id)
    session.delete(behaviour)
    check_training_still_justified(session, behaviour.engagement_id)


def list_causes(*, session: Session, behaviour_id: int) -> list[Cause]:
    """A behaviour's causes in order."""
    return list_for(session, Cause, behaviour_id, owner="behaviour_id")


def engagement_causes(*, session: Session, engagement_id: int) -> list[Cause]:
    """Every cause recorded in an engagement, behaviour by behaviour."""
    return list(
        session.exec(
            select(Cause)
            .join(Behaviour, col(Behaviour.id) == col(Cause.behaviour_id))
            .where(col(Behaviour.engagement_id) == engagement_id)
            .order_by(col(Behaviour.position), col(Behaviour.id), col(Cause.position))
        )
    )


def check_training_still_justified(session: Session, engagement_id: int) -> None:
    """Refuse a change that leaves formal training with neither a skill gap nor a reason."""
    session.flush()
    if any(
        c.cell is GilbertCell.knowledge
        for c in engagement_causes(session=session, engagement_id=engagement_id)
    ):
        return
    unjustified = session.exec(
        select(ChosenScaffold.name).where(
            col(ChosenScaffold.engagement_id) == engagement_id,
            col(ChosenScaffold.kind) == ScaffoldKind.formal_training,
            col(ChosenScaffold.training_reason) == "",
        )
    ).first()
    if unjustified is not None:
        raise ValidationError(
            "cell",
            f"“{unjustified}” is formal training chosen for the only knowledge or skill gap. "
            "Record why it is still needed, or remove it, before changing this cause.",
        )


def _cause(session: Session, cause_id: int) -> tuple[Cause, Behaviour]:
    cause = fetch(session, Cause, cause_id, "cause")
    return cause, _behaviour(session, cause.behaviour_id)


def add_cause(*, session: Session, behaviour_id: int, data: CauseInput) -> Cause:
    """Record a cause for a behaviour."""
    values = _clean_cause(data)
    behaviour = _behaviour(session, behaviour_id)
    editable_engagement(session, behaviour.engagement_id)
    return append(session, Cause, behaviour_id, values, owner="behaviour_id")


def update_cause(*, session: Session, cause_id: int, data: CauseInput) -> Cause:
    """Replace a cause's cell, evidence and confidence."""
    values = _clean_cause(data)
    cause, behaviour = _cause(session, cause_id)
    editable_engagement(session, behaviour.engagement_id)
    for name, value in values.items():
        setattr(cause, name, value)
    session.add(cause)
    check_training_still_justified(session, behaviour.engagement_id)
    return cause


def delete_cause(*, session: Session, cause_id: int) -> None:
    """Remove a cause (scaffolds stop pointing at it)."""
    cause, behaviour = _cause(session, cause_id)
    editable_engagement(session, behaviour.engagement_id)
    session.delete(cause)
    check_training_still_justified(session, behaviour.engagement_id)
