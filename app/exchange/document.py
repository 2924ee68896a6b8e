"""Writing the exchange document: one engagement, or a bundle, as plain JSON-ready dicts.

No database id is written. Rows that others point at get a local reference derived from their
order ("m1" for the first measure, "b2c1" for the first cause of the second behaviour, "s3",
"p4" for the fourth team member), so exporting what an import produced gives the same text.
Dates are ISO 8601, datetimes ISO 8601 in UTC with microseconds and a "Z", enums their values.
"""

import json
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from app.exchange import FORMAT_BUNDLE, FORMAT_ENGAGEMENT, FORMAT_VERSION, Json
from app.exchange.followup_parts import history_of, parts_of
from app.exchange.serialise import (
    Refs,
    behaviours_of,
    checkins_of,
    context_of,
    measures_of,
    people_of,
    plan_of,
    scaffolds_of,
)
from app.exchange.values import iso_date, iso_datetime, number
from app.services.agreement import list_versions, version_content
from app.services.common import get_engagement
from app.services.engagements import status_history
from app.services.indicators import list_indicators
from app.services.notes import list_private_notes

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


def agreement_content(session: Session, engagement_id: int) -> dict[str, Any]:
    """The agreed content only, as frozen in a signed version.

    Context, request, goal, measures, behaviours with causes, scaffolds (without their live
    status), readiness, responsibilities, support phases and planned check-in dates; never
    check-ins, learning indicators, people or private notes.
    """
    engagement = get_engagement(session, engagement_id)
    refs = Refs()
    content: Json = {
        "context": context_of(engagement),
        "request": engagement.request_verbatim,
        "goal": engagement.business_goal,
        "measures": measures_of(session, engagement_id, refs),
        "behaviours": behaviours_of(session, engagement_id, refs),
    }
    content["scaffolds"] = scaffolds_of(session, engagement_id, refs, with_status=False)
    content.update(plan_of(session, engagement_id))
    return content


def _engagement(session: Session, engagement_id: int, *, include_private: bool) -> Json:
    engagement = get_engagement(session, engagement_id)
    refs = Refs()
    out: Json = {
        "uid": engagement.uid,
        **context_of(engagement),
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
        "measures": measures_of(session, engagement_id, refs),
        "behaviours": behaviours_of(session, engagement_id, refs),
    }
    out["scaffolds"] = scaffolds_of(session, engagement_id, refs, with_status=True)
    out.update(plan_of(session, engagement_id))
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
    out["checkins"] = checkins_of(session, engagement_id, refs)
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
    out.update(people_of(session, engagement_id, refs))
    out["print_pseudonyms"] = engagement.print_pseudonyms
    out["scaffold_people"] = parts_of(session, engagement_id, refs)
    out["checkin_history"] = history_of(session, engagement_id)
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
