"""Restoring one engagement: its row, every part through the services, versions and history."""

import json

from sqlmodel import Session, col, delete

from app.exchange import Json
from app.exchange.errors import at
from app.exchange.followup_parts import restore_followup_parts
from app.exchange.restore_agreed import (
    restore_behaviours,
    restore_measures,
    restore_plan,
    restore_scaffolds,
)
from app.exchange.restore_tracking import (
    restore_checkins,
    restore_indicators,
    restore_people,
    restore_private_notes,
    restore_scaffold_statuses,
)
from app.exchange.values import new_id, read_date, read_day, read_moment
from app.services.agreement import SignOff, clean_signoff
from app.services.engagements import EngagementDetails, create_engagement, set_business_goal
from models.enums import EngagementStatus
from models.tables import AgreementVersion, Engagement, StatusChange


def restore_engagement(
    session: Session, e: Json, where: str, *, engagement_id: int | None = None
) -> int:
    """Write one engagement of the file; returns its id. Each service checks its own rules.

    `engagement_id` puts it back under an id it had before (undo); imports leave it out.
    """
    engagement = _create(session, e, where, engagement_id)
    eid = new_id(engagement.id)
    measure_ids = restore_measures(session, eid, e, where)
    cause_ids = restore_behaviours(session, eid, e, where)
    scaffold_ids = restore_scaffolds(session, eid, e, where, cause_ids)
    restore_plan(session, eid, e, where)
    checkin_ids = restore_checkins(session, eid, e, where, measure_ids, scaffold_ids)
    # Check-ins move scaffolds along; the file says where each one stands now.
    restore_scaffold_statuses(session, e, where, scaffold_ids)
    restore_indicators(session, eid, e, where)
    member_ids = restore_people(session, eid, e, where)
    restore_followup_parts(
        session,
        eid,
        e,
        where,
        checkin_ids=checkin_ids,
        scaffold_ids=scaffold_ids,
        member_ids=member_ids,
    )
    restore_private_notes(session, eid, e, where)
    # The signed versions come last: once the current one is signed, its content is frozen.
    _restore_versions(session, eid, e, where)
    # The history as it was, not as the services just wrote it.
    _restore_history(session, engagement, e)
    return eid


def _create(session: Session, e: Json, where: str, engagement_id: int | None) -> Engagement:
    """The engagement's own row, with the file's uid and business goal."""
    with at(where, e):
        engagement = create_engagement(
            session=session,
            engagement_id=engagement_id,
            data=EngagementDetails(
                team_name=e["team_name"],
                manager_name=e["manager_name"],
                organisation=e["organisation"],
                business_unit=e["business_unit"],
                team_size=e["team_size"],
                team_context=e["team_context"],
                partner_name=e["partner_name"],
                meeting_date=read_date(e["meeting_date"]),
                request_verbatim=e["request_verbatim"],
            ),
        )
        eid = new_id(engagement.id)
        engagement.uid = e["uid"]
        engagement.print_pseudonyms = bool(e.get("print_pseudonyms", False))
        set_business_goal(session=session, engagement_id=eid, goal=e["business_goal"])
    return engagement


def _restore_versions(session: Session, eid: int, e: Json, where: str) -> None:
    """The signed versions, each with its signatures, signing time and frozen content."""
    for i, v in enumerate(e["agreement_versions"]):
        with at(f"{where}.agreement_versions[{i}]", v):
            signoff = clean_signoff(
                SignOff(
                    manager_signature=v["manager_signature"],
                    manager_signed_on=read_day(v["manager_signed_on"]),
                    partner_signature=v["partner_signature"],
                    partner_signed_on=read_day(v["partner_signed_on"]),
                )
            )
        session.add(
            AgreementVersion(
                engagement_id=eid,
                number=v["number"],
                signed_at=read_moment(v["signed_at"]),
                manager_signature=signoff.manager_signature,
                manager_signed_on=signoff.manager_signed_on,
                partner_signature=signoff.partner_signature,
                partner_signed_on=signoff.partner_signed_on,
                content_json=json.dumps(v["content"], sort_keys=True, ensure_ascii=False),
            )
        )


def _restore_history(session: Session, engagement: Engagement, e: Json) -> None:
    """The status history, status, version number and timestamps exactly as the file has them."""
    eid = new_id(engagement.id)
    session.exec(delete(StatusChange).where(col(StatusChange.engagement_id) == eid))
    for h in e["status_history"]:
        session.add(
            StatusChange(
                engagement_id=eid,
                from_status=None
                if h["from_status"] is None
                else EngagementStatus(h["from_status"]),
                to_status=EngagementStatus(h["to_status"]),
                changed_at=read_moment(h["changed_at"]),
            )
        )
    engagement.status = EngagementStatus(e["status"])
    engagement.agreement_version = e["agreement_version"]
    engagement.created_at = read_moment(e["created_at"])
    engagement.updated_at = read_moment(e["updated_at"])
    session.add(engagement)
    session.flush()
