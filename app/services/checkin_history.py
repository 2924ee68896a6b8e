"""A check-in's history: when it was recorded, edited or deleted, and what an edit changed."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select, update

from app.flow.plain_words import plain_date, plain_number
from models.enums import CheckInAction, Decision, ScaffoldStatus, SupportMode
from models.tables import (
    CheckIn,
    CheckInChange,
    ChosenScaffold,
    Observation,
    PerformanceMeasure,
    ScaffoldUpdate,
)

DECISION_WORDS = {
    Decision.continue_: "continue",
    Decision.adjust: "adjust",
    Decision.close: "close",
}
STATUS_WORDS = {
    ScaffoldStatus.planned: "not started",
    ScaffoldStatus.under_way: "under way",
    ScaffoldStatus.done: "done",
    ScaffoldStatus.dropped: "dropped",
}
SUPPORT_WORDS = {
    SupportMode.upfront_advice: "upfront advice",
    SupportMode.step_back: "stepping back",
    SupportMode.on_call: "on call",
}
QUOTE_CHARS = 60


@dataclass(frozen=True)
class CheckInState:
    """What a check-in says, in words, for comparing before and after an edit."""

    held_on: date
    fields: dict[str, str]
    observations: dict[str, str]
    scaffolds: dict[str, str]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "(empty)"
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1] + "…"
    return f"“{text}”"


def checkin_state(session: Session, checkin: CheckIn) -> CheckInState:
    """A check-in as it stands in the database (flushed), ready to compare."""
    observations: dict[str, str] = {}
    rows = session.exec(
        select(Observation, PerformanceMeasure)
        .join(PerformanceMeasure, col(PerformanceMeasure.id) == col(Observation.measure_id))
        .where(col(Observation.checkin_id) == checkin.id)
    )
    for obs, measure in rows:
        note = f" ({_quote(obs.note)})" if obs.note else ""
        observations[measure.name] = plain_number(obs.value) + note
    scaffolds: dict[str, str] = {}
    updates = session.exec(
        select(ScaffoldUpdate, ChosenScaffold)
        .join(ChosenScaffold, col(ChosenScaffold.id) == col(ScaffoldUpdate.scaffold_id))
        .where(col(ScaffoldUpdate.checkin_id) == checkin.id)
    )
    for upd, scaffold in updates:
        note = f" ({_quote(upd.note)})" if upd.note else ""
        scaffolds[scaffold.name] = STATUS_WORDS[ScaffoldStatus(upd.status)] + note
    support = "none" if checkin.support_mode is None else SUPPORT_WORDS[checkin.support_mode]
    return CheckInState(
        held_on=checkin.held_on,
        fields={
            "Date": plain_date(checkin.held_on),
            "Decision": DECISION_WORDS[Decision(checkin.decision)],
            "What changed": _quote(checkin.what_changed),
            "Next check-in": plain_date(checkin.next_date, "none"),
            "Support": support,
        },
        observations=observations,
        scaffolds=scaffolds,
    )


def _changes(label: str, before: dict[str, str], after: dict[str, str]) -> list[str]:
    out: list[str] = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        name = f"{label}{key}"
        if old == new:
            continue
        if old is None:
            out.append(f"{name}: added {new}")
        elif new is None:
            out.append(f"{name}: removed {old}")
        else:
            out.append(f"{name}: {old} → {new}")
    return out


def describe_edit(before: CheckInState, after: CheckInState) -> str:
    """The differences between two states, one clause per change; empty when nothing changed."""
    parts = [
        *_changes("", before.fields, after.fields),
        *_changes("", before.observations, after.observations),
        *_changes("Scaffold ", before.scaffolds, after.scaffolds),
    ]
    return "; ".join(parts)


def describe_record(state: CheckInState) -> str:
    """One line for a newly recorded check-in."""
    observed = len(state.observations)
    updated = len(state.scaffolds)
    return (
        f"Recorded with {observed} observation{'s' if observed != 1 else ''} and "
        f"{updated} scaffold update{'s' if updated != 1 else ''}; decision: "
        f"{state.fields['Decision']}."
    )


def log_change(
    session: Session, checkin: CheckIn, action: CheckInAction, summary: str
) -> CheckInChange:
    """Add one entry to the engagement's check-in history."""
    entry = CheckInChange(
        engagement_id=checkin.engagement_id,
        checkin_id=None if action is CheckInAction.deleted else checkin.id,
        held_on=checkin.held_on,
        action=action,
        summary=summary,
    )
    session.add(entry)
    if action is CheckInAction.deleted:
        # The check-in's id may be given to a new one later: its older entries let go of it.
        session.exec(
            update(CheckInChange)
            .where(col(CheckInChange.checkin_id) == checkin.id)
            .values(checkin_id=None)
        )
    session.flush()
    return entry


def list_checkin_history(*, session: Session, engagement_id: int) -> list[CheckInChange]:
    """Every recorded, edited and deleted check-in of the engagement, newest first."""
    return list(
        session.exec(
            select(CheckInChange)
            .where(col(CheckInChange.engagement_id) == engagement_id)
            .order_by(col(CheckInChange.changed_at).desc(), col(CheckInChange.id).desc())
        )
    )
