"""Restoring what follows the agreement: check-ins, indicators, people and private notes."""

from sqlmodel import Session

from app.exchange import Json
from app.exchange.errors import at
from app.exchange.values import new_id, read_date, read_day, read_moment
from app.services.checkins import (
    CheckInInput,
    ObservationInput,
    ScaffoldUpdateInput,
    record_checkin,
)
from app.services.indicators import IndicatorInput, add_indicator
from app.services.notes import add_private_note
from app.services.people import add_member, add_tie
from app.services.scaffolds import set_scaffold_status
from models.enums import Decision, IndicatorKind, ScaffoldStatus, SupportMode, TieType


def restore_checkins(
    session: Session,
    eid: int,
    e: Json,
    where: str,
    measure_ids: dict[str, int],
    scaffold_ids: dict[str, int],
) -> list[int]:
    """Record the check-ins with their observations, scaffold updates and timestamps; their ids.

    The services' own history entries are not written: the file brings its history.
    """
    ids: list[int] = []
    for i, c in enumerate(e["checkins"]):
        with at(f"{where}.checkins[{i}]", c):
            checkin = record_checkin(
                session=session,
                engagement_id=eid,
                data=CheckInInput(
                    held_on=read_day(c["held_on"]),
                    decision=Decision(c["decision"]),
                    what_changed=c["what_changed"],
                    next_date=read_date(c["next_date"]),
                    support_mode=None
                    if c["support_mode"] is None
                    else SupportMode(c["support_mode"]),
                    observations=tuple(
                        ObservationInput(
                            measure_id=measure_ids[o["measure"]], value=o["value"], note=o["note"]
                        )
                        for o in c["observations"]
                    ),
                    scaffold_updates=tuple(
                        ScaffoldUpdateInput(
                            scaffold_id=scaffold_ids[u["scaffold"]],
                            status=ScaffoldStatus(u["status"]),
                            note=u["note"],
                        )
                        for u in c["scaffold_updates"]
                    ),
                ),
                log=False,
            )
        checkin.created_at = read_moment(c["created_at"])
        checkin.updated_at = read_moment(c["updated_at"])
        session.add(checkin)
        ids.append(new_id(checkin.id))
    return ids


def restore_scaffold_statuses(
    session: Session, e: Json, where: str, scaffold_ids: dict[str, int]
) -> None:
    """Each scaffold's status as the file has it, whatever the check-ins set."""
    for i, s in enumerate(e["scaffolds"]):
        with at(f"{where}.scaffolds[{i}]", s):
            set_scaffold_status(
                session=session,
                scaffold_id=scaffold_ids[s["ref"]],
                status=ScaffoldStatus(s["status"]),
            )


def restore_indicators(session: Session, eid: int, e: Json, where: str) -> None:
    """The learning indicators."""
    for i, ind in enumerate(e["learning_indicators"]):
        with at(f"{where}.learning_indicators[{i}]", ind):
            add_indicator(
                session=session,
                engagement_id=eid,
                data=IndicatorInput(
                    name=ind["name"],
                    ltem_tier=ind["ltem_tier"],
                    kind=IndicatorKind(ind["kind"]),
                    value=ind["value"],
                    unit=ind["unit"],
                    recorded_on=read_date(ind["recorded_on"]),
                    note=ind["note"],
                ),
            )


def restore_people(session: Session, eid: int, e: Json, where: str) -> dict[str, int]:
    """The team members, then the ties between them; the members' ids by ref."""
    member_ids: dict[str, int] = {}
    for i, member in enumerate(e["team_members"]):
        with at(f"{where}.team_members[{i}]", member):
            row_member = add_member(
                session=session, engagement_id=eid, name=member["name"], role=member["role"]
            )
        member_ids[member["ref"]] = new_id(row_member.id)
    for i, t in enumerate(e["network_ties"]):
        with at(f"{where}.network_ties[{i}]", t):
            add_tie(
                session=session,
                engagement_id=eid,
                from_member_id=member_ids[t["from"]],
                to_member_id=member_ids[t["to"]],
                tie_type=TieType(t["tie_type"]),
            )
    return member_ids


def restore_private_notes(session: Session, eid: int, e: Json, where: str) -> None:
    """The private notes, if the file carries them, with their timestamps."""
    for i, n in enumerate(e.get("private_notes", [])):
        with at(f"{where}.private_notes[{i}]", n):
            note = add_private_note(session=session, engagement_id=eid, text=n["text"])
        note.created_at = read_moment(n["created_at"])
        note.updated_at = read_moment(n["updated_at"])
        session.add(note)
