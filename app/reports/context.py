"""The plan's data for the templates: plain words and dates, built from the stored engagement.

Built from `agreement_content` (the agreed content) plus the status, signatures, check-ins and
learning indicators. Private notes are never read here, so they cannot reach a template.
"""

from datetime import date
from typing import Any

from sqlmodel import Session

from app.exchange.document import agreement_content
from app.flow.plain_words import (
    CELL_WORDS,
    CONFIDENCE_WORDS,
    DIRECTION_WORDS,
    KIND_WORDS,
    LEVEL_WORDS,
    PARTY_WORDS,
    SKILL_WORDS,
    SUPPORT_MODE_WORDS,
    plain_date,
    plain_number,
)
from app.flow.state import learning_verdict
from app.reports.network_section import network_print, parts_by_scaffold
from app.services.agreement import list_versions
from app.services.checkins import list_checkins
from app.services.common import get_engagement, is_current_version_signed
from app.services.indicators import LTEM_TIERS, list_indicators
from app.services.scaffold_people import print_names
from models.enums import (
    Confidence,
    Direction,
    EngagementStatus,
    GilbertCell,
    Level,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    SupportMode,
)

Ctx = dict[str, Any]

STATUS_WORDS = {
    EngagementStatus.draft: "Draft",
    EngagementStatus.agreed: "Agreed",
    EngagementStatus.in_progress: "In progress",
    EngagementStatus.closed: "Closed",
}


def _measure(m: Ctx) -> Ctx:
    unit = f" {m['unit']}" if m["unit"] else ""
    return {
        "name": m["name"],
        "baseline": plain_number(m["baseline_value"]) + unit,
        "baseline_date": plain_date(m["baseline_date"]),
        "target": plain_number(m["target_value"]) + unit,
        "target_date": plain_date(m["target_date"]),
        "direction": DIRECTION_WORDS[Direction(m["direction"])],
        "source": m["data_source"],
        "owner": m["owner"],
    }


def _behaviours(content: Ctx) -> tuple[list[Ctx], dict[str, Ctx]]:
    """Behaviours numbered from 1, and every cause by its local ref."""
    behaviours: list[Ctx] = []
    causes: dict[str, Ctx] = {}
    for number, b in enumerate(content["behaviours"], start=1):
        rows = []
        for c in b["causes"]:
            cell = GilbertCell(c["cell"])
            cause = {
                "behaviour": number,
                "cell": cell,
                "cell_words": CELL_WORDS[cell],
                "environment": cell.is_environment,
                "evidence": c["evidence"],
                "confidence": CONFIDENCE_WORDS[Confidence(c["confidence"])],
            }
            causes[c["ref"]] = cause
            rows.append(cause)
        behaviours.append(
            {
                "number": number,
                "role": b["role"],
                "expected": b["expected"],
                "current": b["current"],
                "level": LEVEL_WORDS[Level(b["level"])],
                "causes": rows,
            }
        )
    return behaviours, causes


def _cells(causes: dict[str, Ctx]) -> list[Ctx]:
    """The six cells in the model's order (environment first), each with its causes."""
    return [
        {
            "words": CELL_WORDS[cell],
            "environment": cell.is_environment,
            "causes": [c for c in causes.values() if c["cell"] is cell],
        }
        for cell in GilbertCell
    ]


TABLE_TEXT_CHARS = 240  # a plan-table cell says this much; the rest follows under the table


def _short(text: str, limit: int = TABLE_TEXT_CHARS) -> str:
    """The start of `text` for a table cell, so no row grows taller than a page."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def _scaffold(s: Ctx, causes: dict[str, Ctx]) -> Ctx:
    why = [
        f"B{causes[ref]['behaviour']} · {causes[ref]['cell_words']}: {causes[ref]['evidence']}"
        for ref in s["addresses"]
    ]
    long_text = any(
        len(" ".join(t.split())) > limit
        for t, limit in (
            (s["description"], TABLE_TEXT_CHARS),
            (s["training_reason"], TABLE_TEXT_CHARS),
            *((w, TABLE_TEXT_CHARS // 2) for w in why),
        )
    )
    return {
        "name": s["name"],
        "description": s["description"],
        "description_short": _short(s["description"]),
        "why_short": [_short(w, TABLE_TEXT_CHARS // 2) for w in why],
        "training_reason_short": _short(s["training_reason"]),
        "in_full_below": long_text,
        "kind": KIND_WORDS[ScaffoldKind(s["kind"])],
        "owner": PARTY_WORDS[OwnerRole(s["owner_role"])],
        "level": LEVEL_WORDS[Level(s["level"])],
        "start": plain_date(s["start_date"], "—"),
        "due": plain_date(s["due_date"], "—"),
        "why": why,
        "training_reason": s["training_reason"],
    }


def _next_checkin(planned: list[Ctx], today: date) -> str:
    upcoming = sorted(p["due_on"] for p in planned if p["due_on"] >= today.isoformat())
    return plain_date(upcoming[0]) if upcoming else "none planned"


def _signoff(session: Session, engagement_id: int, number: int) -> Ctx | None:
    for v in list_versions(session=session, engagement_id=engagement_id):
        if v.number == number:
            return {
                "manager": v.manager_signature,
                "manager_on": plain_date(v.manager_signed_on),
                "partner": v.partner_signature,
                "partner_on": plain_date(v.partner_signed_on),
            }
    return None


def plan_context(session: Session, engagement_id: int, *, today: date | None = None) -> Ctx:
    """Everything the plan prints, as plain values; raises `NotFoundError` for an unknown id."""
    engagement = get_engagement(session, engagement_id)
    content = agreement_content(session, engagement_id)
    context = content["context"]
    behaviours, causes = _behaviours(content)
    signed = is_current_version_signed(session, engagement)
    verdict = learning_verdict([c["cell"] for c in causes.values()])
    names = print_names(session=session, engagement_id=engagement_id)
    parts = parts_by_scaffold(session, engagement_id, names=names)
    network = network_print(session, engagement_id, names=names)
    scaffolds = [_scaffold(s, causes) for s in content["scaffolds"]]
    for scaffold in scaffolds:
        scaffold["people"] = parts.get(scaffold["name"], [])
    return {
        "lang": "en",
        "organisation": context["organisation"],
        "business_unit": context["business_unit"],
        "team": context["team_name"],
        "team_size": context["team_size"],
        "team_context": context["team_context"],
        "manager": context["manager_name"],
        "partner": context["partner_name"],
        "meeting_date": plain_date(context["meeting_date"]),
        "version": engagement.agreement_version,
        "status": STATUS_WORDS[engagement.status],
        "signed": signed,
        "signoff": _signoff(session, engagement_id, engagement.agreement_version),
        "request": content["request"],
        "goal": content["goal"],
        "measures": [_measure(m) for m in content["measures"]],
        "behaviours": behaviours,
        "cells": _cells(causes),
        "verdict": {"answer": verdict.answer.value, "explanation": verdict.explanation},
        "scaffolds": scaffolds,
        "network": network.context,
        "network_print": network,  # for the renderer's diagram; templates ignore it
        "planned_checkins": [plain_date(p["due_on"]) for p in content["planned_checkins"]],
        "next_checkin": _next_checkin(content["planned_checkins"], today or date.today()),
        "checkins_held": [
            {"on": plain_date(c.held_on), "decision": c.decision.value}
            for c in list_checkins(session=session, engagement_id=engagement_id)
        ],
        "indicators": [
            {
                "name": i.name,
                "tier": f"{i.ltem_tier} · {LTEM_TIERS.get(i.ltem_tier, '')}",
                "value": plain_number(i.value) + (f" {i.unit}" if i.unit else ""),
                "on": plain_date(i.recorded_on),
            }
            for i in list_indicators(session=session, engagement_id=engagement_id)
        ],
        "responsibilities": [
            {
                "party": PARTY_WORDS[OwnerRole(r["party"])],
                "task": r["task"],
                "due": plain_date(r["due_date"], "ongoing"),
            }
            for r in content["responsibilities"]
        ],
        "support_phases": [
            {
                "mode": SUPPORT_MODE_WORDS[SupportMode(p["mode"])],
                "start": plain_date(p["start_date"]),
                "end": plain_date(p["end_date"], "open-ended"),
                "note": p["note"],
            }
            for p in content["support_phases"]
        ],
        "readiness": [
            {
                "skill": SKILL_WORDS[NewSkill(r["skill"])],
                "rating": r["rating"],
                "support": r["support"],
            }
            for r in content["readiness"]
        ],
    }
