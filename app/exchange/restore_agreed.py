"""Restoring the agreed content through the services: measures, behaviours, scaffolds, the plan."""

from sqlmodel import Session

from app.exchange import Json
from app.exchange.errors import at
from app.exchange.values import new_id, read_date, read_day
from app.services.agreement import (
    ResponsibilityInput,
    SupportPhaseInput,
    add_planned_checkin,
    add_responsibility,
    add_support_phase,
)
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.measures import MeasureInput, add_measure
from app.services.readiness import set_readiness
from app.services.scaffolds import ScaffoldInput, add_scaffold
from models.enums import (
    Confidence,
    Direction,
    GilbertCell,
    Level,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    SupportMode,
)


def restore_measures(session: Session, eid: int, e: Json, where: str) -> dict[str, int]:
    """Add the measures; returns their new ids by local ref."""
    measure_ids: dict[str, int] = {}
    for i, m in enumerate(e["measures"]):
        with at(f"{where}.measures[{i}]", m):
            row = add_measure(
                session=session,
                engagement_id=eid,
                data=MeasureInput(
                    name=m["name"],
                    unit=m["unit"],
                    direction=Direction(m["direction"]),
                    baseline_value=m["baseline_value"],
                    baseline_date=read_day(m["baseline_date"]),
                    target_value=m["target_value"],
                    target_date=read_day(m["target_date"]),
                    data_source=m["data_source"],
                    owner=m["owner"],
                    exemplar_value=m["exemplar_value"],
                    typical_value=m["typical_value"],
                ),
            )
        measure_ids[m["ref"]] = new_id(row.id)
    return measure_ids


def restore_behaviours(session: Session, eid: int, e: Json, where: str) -> dict[str, int]:
    """Add the behaviours and their causes; returns the causes' new ids by local ref."""
    cause_ids: dict[str, int] = {}
    for i, b in enumerate(e["behaviours"]):
        with at(f"{where}.behaviours[{i}]", b):
            behaviour = add_behaviour(
                session=session,
                engagement_id=eid,
                data=BehaviourInput(
                    role=b["role"],
                    expected=b["expected"],
                    current=b["current"],
                    level=Level(b["level"]),
                ),
            )
        for j, c in enumerate(b["causes"]):
            with at(f"{where}.behaviours[{i}].causes[{j}]", c):
                cause = add_cause(
                    session=session,
                    behaviour_id=new_id(behaviour.id),
                    data=CauseInput(
                        cell=GilbertCell(c["cell"]),
                        evidence=c["evidence"],
                        confidence=Confidence(c["confidence"]),
                    ),
                )
            cause_ids[c["ref"]] = new_id(cause.id)
    return cause_ids


def restore_scaffolds(
    session: Session, eid: int, e: Json, where: str, cause_ids: dict[str, int]
) -> dict[str, int]:
    """Add the scaffolds with the causes they address; returns their new ids by local ref."""
    scaffold_ids: dict[str, int] = {}
    for i, s in enumerate(e["scaffolds"]):
        with at(f"{where}.scaffolds[{i}]", s):
            scaffold = add_scaffold(
                session=session,
                engagement_id=eid,
                data=ScaffoldInput(
                    name=s["name"],
                    kind=ScaffoldKind(s["kind"]),
                    level=Level(s["level"]),
                    owner_role=OwnerRole(s["owner_role"]),
                    description=s["description"],
                    library_key=s["library_key"],
                    start_date=read_date(s["start_date"]),
                    due_date=read_date(s["due_date"]),
                    cause_ids=tuple(cause_ids[ref] for ref in s["addresses"]),
                    training_reason=s["training_reason"],
                ),
            )
        scaffold_ids[s["ref"]] = new_id(scaffold.id)
    return scaffold_ids


def restore_plan(session: Session, eid: int, e: Json, where: str) -> None:
    """Readiness, responsibilities, support phases and planned check-ins."""
    for i, r in enumerate(e["readiness"]):
        with at(f"{where}.readiness[{i}]", r):
            set_readiness(
                session=session,
                engagement_id=eid,
                skill=NewSkill(r["skill"]),
                rating=r["rating"],
                support=r["support"],
            )
    for i, r in enumerate(e["responsibilities"]):
        with at(f"{where}.responsibilities[{i}]", r):
            add_responsibility(
                session=session,
                engagement_id=eid,
                data=ResponsibilityInput(
                    party=OwnerRole(r["party"]), task=r["task"], due_date=read_date(r["due_date"])
                ),
            )
    for i, p in enumerate(e["support_phases"]):
        with at(f"{where}.support_phases[{i}]", p):
            add_support_phase(
                session=session,
                engagement_id=eid,
                data=SupportPhaseInput(
                    mode=SupportMode(p["mode"]),
                    start_date=read_day(p["start_date"]),
                    end_date=read_date(p["end_date"]),
                    note=p["note"],
                ),
            )
    for i, p in enumerate(e["planned_checkins"]):
        with at(f"{where}.planned_checkins[{i}]", p):
            add_planned_checkin(session=session, engagement_id=eid, due_on=read_day(p["due_on"]))
