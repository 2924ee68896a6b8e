"""Writing the exchange document: one engagement, or a bundle, as plain JSON-ready dicts.

No database id is written. Rows that others point at get a local reference derived from their
order ("m1" for the first measure, "b2c1" for the first cause of the second behaviour, "s3",
"p4" for the fourth team member), so exporting what an import produced gives the same text.
Dates are ISO 8601, datetimes ISO 8601 in UTC with microseconds and a "Z", enums their values.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.exchange import FORMAT_BUNDLE, FORMAT_ENGAGEMENT, FORMAT_VERSION
from app.services.agreement import (
    list_planned_checkins,
    list_responsibilities,
    list_support_phases,
    list_versions,
    version_content,
)
from app.services.behaviours import list_behaviours, list_causes
from app.services.checkins import list_checkins
from app.services.common import get_engagement
from app.services.engagements import status_history
from app.services.indicators import list_indicators
from app.services.measures import list_measures
from app.services.notes import list_private_notes
from app.services.people import list_members, list_ties
from app.services.readiness import list_readiness
from app.services.scaffolds import list_scaffolds, scaffold_cause_ids
from models.enums import TieType
from models.tables import Engagement, Observation, ScaffoldUpdate

Json = dict[str, Any]

# The engagement's own fields that make up the agreed context (see `agreement_content`).
CONTEXT_FIELDS = (
    "organisation",
    "business_unit",
    "team_name",
    "team_size",
    "team_context",
    "manager_name",
    "partner_name",
    "meeting_date",
)


def iso_datetime(value: datetime) -> str:
    """A datetime as ISO 8601 UTC with microseconds, e.g. 2025-03-01T09:30:00.000000Z.

    SQLite gives back naive datetimes; Scaffold only ever stores UTC, so naive means UTC.
    """
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_date(value: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return None if value is None else value.isoformat()


def number(value: float | None) -> float | None:
    """A float for JSON; -0.0 becomes 0.0 (SQLite does the same, so round trips stay equal)."""
    return None if value is None else float(value) + 0.0


@dataclass
class _Refs:
    """Local references of one engagement's rows, by database id."""

    measures: dict[int, str] = field(default_factory=dict)
    causes: dict[int, str] = field(default_factory=dict)
    scaffolds: dict[int, str] = field(default_factory=dict)
    members: dict[int, str] = field(default_factory=dict)


def _id(value: int | None) -> int:
    assert value is not None, "rows read from the database have ids"
    return value


def _measures(session: Session, engagement_id: int, refs: _Refs) -> list[Json]:
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


def _behaviours(session: Session, engagement_id: int, refs: _Refs) -> list[Json]:
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


def _scaffolds(
    session: Session, engagement_id: int, refs: _Refs, *, with_status: bool
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


def _plan(session: Session, engagement_id: int) -> Json:
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


def _context(engagement: Engagement) -> Json:
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


def agreement_content(session: Session, engagement_id: int) -> dict[str, Any]:
    """The agreed content only, as frozen in a signed version.

    Context, request, goal, measures, behaviours with causes, scaffolds (without their live
    status), readiness, responsibilities, support phases and planned check-in dates; never
    check-ins, learning indicators, people or private notes.
    """
    engagement = get_engagement(session, engagement_id)
    refs = _Refs()
    content: Json = {
        "context": _context(engagement),
        "request": engagement.request_verbatim,
        "goal": engagement.business_goal,
        "measures": _measures(session, engagement_id, refs),
        "behaviours": _behaviours(session, engagement_id, refs),
    }
    content["scaffolds"] = _scaffolds(session, engagement_id, refs, with_status=False)
    content.update(_plan(session, engagement_id))
    return content


def _checkins(session: Session, engagement_id: int, refs: _Refs) -> list[Json]:
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


def _people(session: Session, engagement_id: int, refs: _Refs) -> Json:
    members: list[Json] = []
    for i, m in enumerate(list_members(session=session, engagement_id=engagement_id), start=1):
        ref = f"p{i}"
        refs.members[_id(m.id)] = ref
        members.append({"ref": ref, "name": m.name, "role": m.role})
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


def _engagement(session: Session, engagement_id: int, *, include_private: bool) -> Json:
    engagement = get_engagement(session, engagement_id)
    refs = _Refs()
    out: Json = {
        "uid": engagement.uid,
        **_context(engagement),
        "request_verbatim": engagement.request_verbatim,
        "business_goal": engagement.business_goal,
        "status": engagement.status.value,
        "agreement_version": engagement.agreement_version,
        "created_at": iso_datetime(engagement.created_at),
        "updated_at": iso_datetime(engagement.updated_at),
        "status_history": [
            {
                "from_status": None if h.from_status is None else h.from_status.value,
                "to_status": h.to_status.value,
                "changed_at": iso_datetime(h.changed_at),
            }
            for h in status_history(session=session, engagement_id=engagement_id)
        ],
        "measures": _measures(session, engagement_id, refs),
        "behaviours": _behaviours(session, engagement_id, refs),
    }
    out["scaffolds"] = _scaffolds(session, engagement_id, refs, with_status=True)
    out.update(_plan(session, engagement_id))
    out["agreement_versions"] = [
        {
            "number": v.number,
            "signed_at": iso_datetime(v.signed_at),
            "manager_signature": v.manager_signature,
            "manager_signed_on": iso_date(v.manager_signed_on),
            "partner_signature": v.partner_signature,
            "partner_signed_on": iso_date(v.partner_signed_on),
            "content": version_content(v),
        }
        for v in list_versions(session=session, engagement_id=engagement_id)
    ]
    out["checkins"] = _checkins(session, engagement_id, refs)
    out["learning_indicators"] = [
        {
            "name": i.name,
            "kind": i.kind.value,
            "ltem_tier": i.ltem_tier,
            "value": number(i.value),
            "unit": i.unit,
            "recorded_on": iso_date(i.recorded_on),
            "note": i.note,
        }
        for i in list_indicators(session=session, engagement_id=engagement_id)
    ]
    out.update(_people(session, engagement_id, refs))
    if include_private:
        out["private_notes"] = [
            {
                "text": n.text,
                "created_at": iso_datetime(n.created_at),
                "updated_at": iso_datetime(n.updated_at),
            }
            for n in list_private_notes(session=session, engagement_id=engagement_id)
        ]
    return out


def export_engagement(
    session: Session, engagement_id: int, *, include_private: bool = False
) -> dict[str, Any]:
    """One engagement as a `scaffold.engagement` document.

    Private notes stay out unless `include_private` is true; then they travel under
    "private_notes". Raises `NotFoundError` for an unknown id.
    """
    return {
        "format": FORMAT_ENGAGEMENT,
        "format_version": FORMAT_VERSION,
        "engagement": _engagement(session, engagement_id, include_private=include_private),
    }


def export_bundle(
    session: Session, engagement_ids: Iterable[int], *, include_private: bool = False
) -> dict[str, Any]:
    """Several engagements, in the order given (repeats dropped), as a `scaffold.bundle`."""
    return {
        "format": FORMAT_BUNDLE,
        "format_version": FORMAT_VERSION,
        "engagements": [
            _engagement(session, engagement_id, include_private=include_private)
            for engagement_id in dict.fromkeys(engagement_ids)
        ],
    }


def dumps(doc: dict[str, Any]) -> str:
    """The canonical text of a document: sorted keys, two-space indent, UTF-8 as is, final newline.

    Export → import → export gives the same text byte for byte.
    """
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


__all__ = [
    "CONTEXT_FIELDS",
    "agreement_content",
    "dumps",
    "export_bundle",
    "export_engagement",
    "iso_date",
    "iso_datetime",
]
