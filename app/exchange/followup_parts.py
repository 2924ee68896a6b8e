"""The check-in history, people's parts in scaffolds and pseudonyms, to and from the file.

All three are optional in a file (files written before they existed lack them).
"""

from sqlmodel import Session

from app.exchange import Json
from app.exchange.errors import at, quoted, refuse
from app.exchange.serialise import Refs
from app.exchange.values import iso_date, iso_datetime, read_day, read_moment
from app.services.checkin_history import list_checkin_history
from app.services.checkins import list_checkins
from app.services.scaffold_people import give_part, list_parts, set_pseudonym
from models.enums import CheckInAction, ScaffoldRole
from models.tables import CheckInChange


def history_of(session: Session, engagement_id: int) -> list[Json]:
    """The check-in history, oldest first; `checkin` is the index in the file's check-ins."""
    index = {
        c.id: n for n, c in enumerate(list_checkins(session=session, engagement_id=engagement_id))
    }
    entries = reversed(list_checkin_history(session=session, engagement_id=engagement_id))
    return [
        {
            "checkin": index.get(h.checkin_id),
            "held_on": iso_date(h.held_on),
            "action": h.action.value,
            "changed_at": iso_datetime(h.changed_at),
            "summary": h.summary,
        }
        for h in entries
    ]


def parts_of(session: Session, engagement_id: int, refs: Refs) -> list[Json]:
    """Who has which part in which scaffold, by the file's refs."""
    return [
        {
            "scaffold": refs.scaffolds[p.scaffold_id],
            "member": refs.members[p.member_id],
            "role": p.role.value,
            "reason": p.reason,
        }
        for p in list_parts(session=session, engagement_id=engagement_id)
    ]


def check_followup_refs(e: Json, where: str) -> None:
    """Parts name known scaffolds and members; history entries name existing check-ins."""
    scaffolds = {s["ref"] for s in e["scaffolds"]}
    members = {m["ref"] for m in e["team_members"]}
    for i, p in enumerate(e.get("scaffold_people", [])):
        if p["scaffold"] not in scaffolds:
            refuse(
                f"{where}.scaffold_people[{i}].scaffold: {quoted(p['scaffold'])} is not the ref "
                "of any scaffold in this engagement."
            )
        if p["member"] not in members:
            refuse(
                f"{where}.scaffold_people[{i}].member: {quoted(p['member'])} is not the ref of any "
                "team member in this engagement."
            )
    count = len(e["checkins"])
    for i, h in enumerate(e.get("checkin_history", [])):
        index = h["checkin"]
        if index is not None and index >= count:
            refuse(
                f"{where}.checkin_history[{i}].checkin: there is no check-in number {index} "
                f"(the file holds {count}, counted from 0)."
            )
        if index is not None and h["action"] == CheckInAction.deleted.value:
            refuse(f"{where}.checkin_history[{i}]: a deleted check-in cannot point to one held.")


def restore_followup_parts(
    session: Session,
    eid: int,
    e: Json,
    where: str,
    *,
    checkin_ids: list[int],
    scaffold_ids: dict[str, int],
    member_ids: dict[str, int],
) -> None:
    """Pseudonyms, parts in scaffolds and the check-in history as the file has them."""
    for i, member in enumerate(e["team_members"]):
        if member.get("pseudonym"):
            with at(f"{where}.team_members[{i}]", member):
                set_pseudonym(
                    session=session,
                    member_id=member_ids[member["ref"]],
                    pseudonym=member["pseudonym"],
                )
    for i, p in enumerate(e.get("scaffold_people", [])):
        with at(f"{where}.scaffold_people[{i}]", p):
            give_part(
                session=session,
                scaffold_id=scaffold_ids[p["scaffold"]],
                member_id=member_ids[p["member"]],
                role=ScaffoldRole(p["role"]),
                reason=p["reason"],
            )
    for h in e.get("checkin_history", []):
        index = h["checkin"]
        session.add(
            CheckInChange(
                engagement_id=eid,
                checkin_id=None if index is None else checkin_ids[index],
                held_on=read_day(h["held_on"]),
                action=CheckInAction(h["action"]),
                changed_at=read_moment(h["changed_at"]),
                summary=h["summary"],
            )
        )
    session.flush()
