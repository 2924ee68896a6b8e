"""The parts of an engagement as JSON-ready dicts, with the local refs that stand for row ids."""

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.exchange import Json
from app.exchange.values import iso_date, iso_datetime, number
from app.services.agreement import (
    list_planned_checkins,
    list_responsibilities,
    list_support_phases,
)
from app.services.behaviours import list_behaviours, list_causes
from app.services.checkins import list_checkins
from app.services.measures import list_measures
from app.services.people import list_members, list_ties
from app.services.readiness import list_readiness
from app.services.scaffolds import list_scaffolds, scaffold_cause_ids
from models.enums import TieType
from models.tables import Engagement, Observation, ScaffoldUpdate


@dataclass
class Refs:
    """Local references of one engagement's rows, by database id."""

    measures: dict[int, str] = field(default_factory=dict)
    causes: dict[int, str] = field(default_factory=dict)
    scaffolds: dict[int, str] = field(default_factory=dict)
    members: dict[int, str] = field(default_factory=dict)


def _id(value: int | None) -> int:
    assert value is not None, "rows read from the database have ids"
    return value


def measures_of(session: Session, engagement_id: int, refs: Refs) -> list[Json]:
    out: list[Json] = []
    for i, m in enumerate(list_measures(session=session, engagement_id=engagement_id), start=1):
        ref = f"m{i}"
        refs.measures[_id(m.id)] = ref
        out.append(
            {
                "ref": ref,
                "name": m.name,
                "unit": m.unit,
                "direction": m.direction.value,
                "baseline_value": number(m.baseline_value),
                "baseline_date": iso_date(m.baseline_date),
                "target_value": number(m.target_value),
                "target_date": iso_date(m.target_date),
                "data_source": m.data_source,
                "owner": m.owner,
                "exemplar_value": number(m.exemplar_value),
                "typical_value": number(m.typical_value),
            }
        )
    return out


def behaviours_of(session: Session, engagement_id: int, refs: Refs) -> list[Json]:
    out: list[Json] = []
    behaviours = list_behaviours(session=session, engagement_id=engagement_id)
    for i, b in enumerate(behaviours, start=1):
        ref = f"b{i}"
        causes: list[Json] = []
        for j, c in enumerate(list_causes(session=session, behaviour_id=_id(b.id)), start=1):
            cause_ref = f"{ref}c{j}"
            refs.causes[_id(c.id)] = cause_ref
            causes.append(
                {
                    "ref": cause_ref,
                    "cell": c.cell.value,
                    "evidence": c.evidence,
                    "confidence": c.confidence.value,
                }
            )
        out.append(
            {
                "ref": ref,
                "role": b.role,
                "expected": b.expected,
                "current": b.current,
                "level": b.level.value,
                "causes": causes,
            }
        )
    return out


def scaffolds_of(
    session: Session, engagement_id: int, refs: Refs, *, with_status: bool
) -> list[Json]:
    cause_order = {cause_id: n for n, cause_id in enumerate(refs.causes)}
    out: list[Json] = []
    for i, s in enumerate(list_scaffolds(session=session, engagement_id=engagement_id), start=1):
        ref = f"s{i}"
        refs.scaffolds[_id(s.id)] = ref
        cause_ids = sorted(
            scaffold_cause_ids(session=session, scaffold_id=_id(s.id)),
            key=lambda cid: cause_order[cid],
        )
        item: Json = {
            "ref": ref,
            "name": s.name,
            "description": s.description,
            "kind": s.kind.value,
            "level": s.level.value,
            "owner_role": s.owner_role.value,
            "library_key": s.library_key,
            "start_date": iso_date(s.start_date),
            "due_date": iso_date(s.due_date),
            "training_reason": s.training_reason,
            "addresses": [refs.causes[cid] for cid in cause_ids],
        }
        if with_status:
            item["status"] = s.status.value
        out.append(item)
    return out


def plan_of(session: Session, engagement_id: int) -> Json:
    """Readiness, responsibilities, support phases and planned check-ins."""
    return {
        "readiness": [
            {"skill": r.skill.value, "rating": r.rating, "support": r.support}
            for r in list_readiness(session=session, engagement_id=engagement_id)
        ],
        "responsibilities": [
            {"party": r.party.value, "task": r.task, "due_date": iso_date(r.due_date)}
            for r in list_responsibilities(session=session, engagement_id=engagement_id)
        ],
        "support_phases": [
            {
                "mode": p.mode.value,
                "start_date": iso_date(p.start_date),
                "end_date": iso_date(p.end_date),
                "note": p.note,
            }
            for p in list_support_phases(session=session, engagement_id=engagement_id)
        ],
        "planned_checkins": [
            {"due_on": iso_date(p.due_on)}
            for p in list_planned_checkins(session=session, engagement_id=engagement_id)
        ],
    }


def context_of(engagement: Engagement) -> Json:
    return {
        "organisation": engagement.organisation,
        "business_unit": engagement.business_unit,
        "team_name": engagement.team_name,
        "team_size": engagement.team_size,
        "team_context": engagement.team_context,
        "manager_name": engagement.manager_name,
        "partner_name": engagement.partner_name,
        "meeting_date": iso_date(engagement.meeting_date),
    }


def checkins_of(session: Session, engagement_id: int, refs: Refs) -> list[Json]:
    measure_order = {mid: n for n, mid in enumerate(refs.measures)}
    scaffold_order = {sid: n for n, sid in enumerate(refs.scaffolds)}
    out: list[Json] = []
    for c in list_checkins(session=session, engagement_id=engagement_id):
        observations = sorted(
            session.exec(select(Observation).where(col(Observation.checkin_id) == c.id)),
            key=lambda o: (measure_order[o.measure_id], _id(o.id)),
        )
        updates = sorted(
            session.exec(select(ScaffoldUpdate).where(col(ScaffoldUpdate.checkin_id) == c.id)),
            key=lambda u: (scaffold_order[u.scaffold_id], _id(u.id)),
        )
        out.append(
            {
                "held_on": iso_date(c.held_on),
                "decision": c.decision.value,
                "what_changed": c.what_changed,
                "next_date": iso_date(c.next_date),
                "support_mode": None if c.support_mode is None else c.support_mode.value,
                "created_at": iso_datetime(c.created_at),
                "updated_at": iso_datetime(c.updated_at),
                "observations": [
                    {
                        "measure": refs.measures[o.measure_id],
                        "value": number(o.value),
                        "note": o.note,
                    }
                    for o in observations
                ],
                "scaffold_updates": [
                    {
                        "scaffold": refs.scaffolds[u.scaffold_id],
                        "status": u.status.value,
                        "note": u.note,
                    }
                    for u in updates
                ],
            }
        )
    return out


def people_of(session: Session, engagement_id: int, refs: Refs) -> Json:
    members: list[Json] = []
    for i, m in enumerate(list_members(session=session, engagement_id=engagement_id), start=1):
        ref = f"p{i}"
        refs.members[_id(m.id)] = ref
        members.append({"ref": ref, "name": m.name, "role": m.role, "pseudonym": m.pseudonym})
    member_order = {mid: n for n, mid in enumerate(refs.members)}
    tie_order = {t: n for n, t in enumerate(TieType)}
    ties = sorted(
        list_ties(session=session, engagement_id=engagement_id),
        key=lambda t: (
            member_order[t.from_member_id],
            member_order[t.to_member_id],
            tie_order[t.tie_type],
        ),
    )
    return {
        "team_members": members,
        "network_ties": [
            {
                "from": refs.members[t.from_member_id],
                "to": refs.members[t.to_member_id],
                "tie_type": t.tie_type.value,
            }
            for t in ties
        ],
    }
