"""Reading an exchange file into the database: everything, or nothing.

The checks run in this order, and the first failure raises `ExchangeError` with one line that
says where and what: size (before parsing), JSON syntax (line and column), the `format` field,
the `format_version`, the JSON Schema (JSON path and what is wrong), values no schema can
express, engagements already in the database (by uid), dangling or repeated local refs, the
file's own consistency, and finally every domain rule, by creating the content through the
services (so each rule lives in one place). Then timestamps, the status history, the signed
versions and the status are restored exactly. All writes happen inside a savepoint: on any
failure nothing is written, even if the caller goes on to commit.
"""

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, NoReturn

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from app.exchange import FORMAT_BUNDLE, FORMAT_ENGAGEMENT, FORMAT_VERSION
from app.exchange.errors import ExchangeError
from app.exchange.schema import validator
from app.services.agreement import (
    ResponsibilityInput,
    SignOff,
    SupportPhaseInput,
    add_planned_checkin,
    add_responsibility,
    add_support_phase,
    clean_signoff,
)
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.checkins import (
    CheckInInput,
    ObservationInput,
    ScaffoldUpdateInput,
    record_checkin,
)
from app.services.engagements import EngagementDetails, create_engagement, set_business_goal
from app.services.indicators import IndicatorInput, add_indicator
from app.services.measures import MeasureInput, add_measure
from app.services.notes import add_private_note
from app.services.people import add_member, add_tie
from app.services.readiness import set_readiness
from app.services.scaffolds import ScaffoldInput, add_scaffold, set_scaffold_status
from app.validation import NotFoundError, ValidationError
from models.enums import (
    Confidence,
    Decision,
    Direction,
    EngagementStatus,
    GilbertCell,
    IndicatorKind,
    Level,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    ScaffoldStatus,
    SupportMode,
    TieType,
)
from models.tables import AgreementVersion, Engagement, StatusChange

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Files above this size (20 MB) are refused before they are parsed."""

MAX_INTEGER = 2**63 - 1  # what SQLite can store

Json = dict[str, Any]


# --- reading and checking the document ------------------------------------------------------


def _refuse(message: str) -> NoReturn:
    raise ExchangeError(message)


def _shown(value: object, limit: int = 60) -> str:
    """A value as it reads in JSON, shortened for a one-line message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_path(parts: Sequence[str | int], root: str = "") -> str:
    """engagements[0].measures[1] from ("engagements", 0, "measures", 1)."""
    out = root
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "the document"


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        size = len(data) if len(data) > MAX_DOCUMENT_BYTES else len(data.encode("utf-8", "replace"))
    else:
        size = len(data)
    if size > MAX_DOCUMENT_BYTES:
        _refuse(
            f"The file is {size:,} bytes; an exchange file can be at most "
            f"{MAX_DOCUMENT_BYTES:,} bytes (20 MB). Nothing was read."
        )
    if isinstance(data, str):
        text = data
    else:
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            _refuse(
                f"The file is not UTF-8 text (byte {exc.start:,} cannot be read), so it is not "
                "an exchange file: those are UTF-8 JSON."
            )
    return text.removeprefix("\ufeff")


class _DuplicateKeyError(ValueError):
    pass


class _ConstantError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> Json:
    obj: Json = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKeyError(key)
        obj[key] = value
    return obj


def _no_constants(name: str) -> NoReturn:
    raise _ConstantError(name)


def _parse(text: str) -> Any:
    if not text.strip():
        _refuse("The file is empty: it holds no JSON.")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            _refuse(
                f"The file ends before its JSON is complete ({exc.msg} at {where}): "
                "it looks truncated. Export it again."
            )
        _refuse(f"The file is not valid JSON: {exc.msg} at {where}.")
    except _DuplicateKeyError as exc:
        _refuse(f"The file is not valid for Scaffold: the key “{exc}” appears twice in one object.")
    except _ConstantError as exc:
        _refuse(f"The file is not valid JSON: {exc} is not a JSON number.")
    except RecursionError:
        _refuse("The file is not an exchange file: its JSON is nested too deeply.")


def _check_format(doc: Any) -> str:
    if not isinstance(doc, dict):
        kind = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}.get(
            type(doc), "a number"
        )
        _refuse(
            f"This is not a Scaffold exchange file: it holds {kind} where an object with a "
            "“format” field was expected."
        )
    if "format" not in doc:
        keys = ", ".join(_shown(k, 30) for k in list(doc)[:5]) or "none"
        _refuse(
            "This is not a Scaffold exchange file: it has no “format” field "
            f"(its fields are: {keys})."
        )
    found = doc["format"]
    if found not in (FORMAT_ENGAGEMENT, FORMAT_BUNDLE):
        _refuse(
            f"This is not a Scaffold exchange file: its format is {_shown(found)}, "
            f"where Scaffold reads “{FORMAT_ENGAGEMENT}” or “{FORMAT_BUNDLE}”."
        )
    return str(found)


def _check_version(doc: Json) -> None:
    if "format_version" not in doc:
        _refuse("The file has no “format_version”, so Scaffold cannot tell how to read it.")
    version = doc["format_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        _refuse(f"format_version must be a whole number from 1, not {_shown(version)}.")
    if version > FORMAT_VERSION:
        _refuse(
            f"This file was written by a newer Scaffold (format {version}); this version reads "
            f"up to {FORMAT_VERSION}. Update Scaffold to import it."
        )


_JSON_TYPES = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _describe(error: Any) -> str:
    """What a jsonschema error means, in one line for a person."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("description", "")
    if kind == "required":
        missing = [name for name in expected if name not in instance]
        return f"the field “{missing[0]}” is missing."
    if kind == "additionalProperties":
        known = schema.get("properties", {})
        extra = [name for name in instance if name not in known]
        return f"unknown field “{extra[0]}” (format {FORMAT_VERSION} has no such field)."
    if kind == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in expected)
        return f"{_shown(instance)} is not one of: {allowed}."
    if kind == "const":
        return f"must be {_shown(expected)}, not {_shown(instance)}."
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_JSON_TYPES.get(w, w) for w in wanted)
        return f"must be {words}, not {_json_type(instance)}."
    if kind in ("pattern", "format"):
        return f"{_shown(instance)} is not valid here: {hint or 'it has the wrong form.'}"
    if kind == "minItems":
        return "must not be empty."
    if kind == "minimum":
        return f"must be at least {expected}, not {_shown(instance)}."
    if kind == "uniqueItems":
        return "lists the same entry twice."
    message = str(error.message)
    return message if len(message) <= 200 else message[:199] + "…"


def _check_schema(doc: Json) -> None:
    from jsonschema.exceptions import best_match

    error = best_match(validator().iter_errors(doc))
    if error is not None:
        _refuse(f"{json_path(list(error.absolute_path))}: {_describe(error)}")


def _check_values(node: Any, path: list[str | int]) -> None:
    """What JSON allows but Scaffold cannot store: lone surrogates, huge or infinite numbers."""
    if isinstance(node, str):
        try:
            node.encode("utf-8")
        except UnicodeEncodeError:
            _refuse(f"{json_path(path)}: contains an invalid character (a lone surrogate).")
    elif isinstance(node, bool):
        return
    elif isinstance(node, int):
        if abs(node) > MAX_INTEGER:
            _refuse(f"{json_path(path)}: the number {_shown(node, 30)} is too large.")
    elif isinstance(node, float):
        if not math.isfinite(node):
            _refuse(f"{json_path(path)}: the number is too large to store.")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _check_values(item, [*path, i])
    elif isinstance(node, dict):
        for key, item in node.items():
            _check_values(item, [*path, key])


def read_document(data: str | bytes) -> Json:
    """Parse and check a document up to its schema; raises `ExchangeError`. Writes nothing."""
    text = _decode(data)
    doc = _parse(text)
    _check_format(doc)
    _check_version(doc)
    _check_schema(doc)
    _check_values(doc, [])
    checked: Json = doc
    return checked


def _engagements(doc: Json) -> list[tuple[str, Json]]:
    """Each engagement of the document with the path that names it in messages."""
    if doc["format"] == FORMAT_BUNDLE:
        return [(f"engagements[{i}]", e) for i, e in enumerate(doc["engagements"])]
    return [("engagement", doc["engagement"])]


def _check_uids(session: Session, engagements: list[tuple[str, Json]]) -> None:
    seen: dict[str, str] = {}
    for where, e in engagements:
        uid = e["uid"]
        if uid in seen:
            _refuse(f"{where}.uid: the file holds engagement {uid} twice (also at {seen[uid]}).")
        seen[uid] = where
        existing = session.exec(select(Engagement).where(col(Engagement.uid) == uid)).first()
        if existing is not None:
            _refuse(
                f"{where}: this database already holds the engagement of team "
                f"“{existing.team_name}” (manager {existing.manager_name}, uid {uid}). "
                "Nothing was imported; delete that engagement first to import it again."
            )


def _collect_refs(items: list[Json], path: str, what: str, refs: dict[str, str]) -> None:
    for i, item in enumerate(items):
        ref = item["ref"]
        if ref in refs:
            _refuse(f"{path}[{i}].ref: “{ref}” is already the ref of {what} {refs[ref]}.")
        refs[ref] = f"{path}[{i}]"


def _check_pointer(ref: str, known: Mapping[str, str], path: str, what: str) -> None:
    if ref not in known:
        _refuse(f"{path}: “{ref}” is not the ref of any {what} in this engagement.")


def _check_content_refs(content: Json, where: str) -> tuple[dict[str, str], dict[str, str]]:
    """Refs of measures, causes and scaffolds in the agreed content; addresses must resolve."""
    measures: dict[str, str] = {}
    behaviours: dict[str, str] = {}
    causes: dict[str, str] = {}
    _collect_refs(content["measures"], f"{where}.measures", "measure", measures)
    _collect_refs(content["behaviours"], f"{where}.behaviours", "behaviour", behaviours)
    for i, b in enumerate(content["behaviours"]):
        _collect_refs(b["causes"], f"{where}.behaviours[{i}].causes", "cause", causes)
    scaffolds: dict[str, str] = {}
    _collect_refs(content["scaffolds"], f"{where}.scaffolds", "scaffold", scaffolds)
    for i, s in enumerate(content["scaffolds"]):
        for k, ref in enumerate(s["addresses"]):
            _check_pointer(ref, causes, f"{where}.scaffolds[{i}].addresses[{k}]", "cause")
    return measures, scaffolds


def _check_refs(e: Json, where: str) -> None:
    measures, scaffolds = _check_content_refs(e, where)
    for i, c in enumerate(e["checkins"]):
        for k, o in enumerate(c["observations"]):
            path = f"{where}.checkins[{i}].observations[{k}].measure"
            _check_pointer(o["measure"], measures, path, "measure")
        for k, u in enumerate(c["scaffold_updates"]):
            path = f"{where}.checkins[{i}].scaffold_updates[{k}].scaffold"
            _check_pointer(u["scaffold"], scaffolds, path, "scaffold")
    members: dict[str, str] = {}
    _collect_refs(e["team_members"], f"{where}.team_members", "team member", members)
    for i, t in enumerate(e["network_ties"]):
        for end in ("from", "to"):
            path = f"{where}.network_ties[{i}].{end}"
            _check_pointer(t[end], members, path, "team member")
    for i, v in enumerate(e["agreement_versions"]):
        _check_content_refs(v["content"], f"{where}.agreement_versions[{i}].content")


def _check_consistency(e: Json, where: str) -> None:
    """Rules of the file itself, that no service sees: versions, history, one rating a skill."""
    numbers = [v["number"] for v in e["agreement_versions"]]
    if numbers != list(range(1, len(numbers) + 1)):
        found = ", ".join(str(n) for n in numbers)
        _refuse(
            f"{where}.agreement_versions: signed versions must be numbered 1, 2, 3… "
            f"oldest first, not {found}."
        )
    current, signed = e["agreement_version"], len(numbers)
    if signed == 0 and current != 1:
        _refuse(
            f"{where}.agreement_version: no version is signed, so the version being edited "
            f"is 1, not {current}."
        )
    if signed and current not in (signed, signed + 1):
        _refuse(
            f"{where}.agreement_version: with {signed} signed version(s) it must be {signed} "
            f"(signed) or {signed + 1} (being amended), not {current}."
        )
    last = e["status_history"][-1]["to_status"]
    if last != e["status"]:
        _refuse(
            f"{where}.status: the status is “{e['status']}” but the status history ends "
            f"with “{last}”."
        )
    rated: set[str] = set()
    for i, r in enumerate(e["readiness"]):
        if r["skill"] in rated:
            _refuse(f"{where}.readiness[{i}].skill: “{r['skill']}” is rated twice.")
        rated.add(r["skill"])


# --- writing through the services -----------------------------------------------------------


@contextmanager
def _at(where: str, item: Json | None = None) -> Iterator[None]:
    """Turn a service's refusal into an `ExchangeError` that says where in the file it is."""
    try:
        yield
    except ValidationError as exc:
        field = exc.field
        if item is not None and field.split("[", 1)[0] in item:
            where = f"{where}.{field}"
        raise ExchangeError(f"{where}: {exc.message}") from exc
    except NotFoundError as exc:
        raise ExchangeError(f"{where}: {exc}") from exc


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _new_id(value: int | None) -> int:
    assert value is not None, "a flushed row has an id"
    return value


def _restore(session: Session, e: Json, where: str) -> int:
    with _at(where, e):
        engagement = create_engagement(
            session=session,
            data=EngagementDetails(
                team_name=e["team_name"],
                manager_name=e["manager_name"],
                organisation=e["organisation"],
                business_unit=e["business_unit"],
                team_size=e["team_size"],
                team_context=e["team_context"],
                partner_name=e["partner_name"],
                meeting_date=_date(e["meeting_date"]),
                request_verbatim=e["request_verbatim"],
            ),
        )
        eid = _new_id(engagement.id)
        engagement.uid = e["uid"]
        set_business_goal(session=session, engagement_id=eid, goal=e["business_goal"])

    measure_ids: dict[str, int] = {}
    for i, m in enumerate(e["measures"]):
        with _at(f"{where}.measures[{i}]", m):
            row = add_measure(
                session=session,
                engagement_id=eid,
                data=MeasureInput(
                    name=m["name"],
                    unit=m["unit"],
                    direction=Direction(m["direction"]),
                    baseline_value=m["baseline_value"],
                    baseline_date=_day(m["baseline_date"]),
                    target_value=m["target_value"],
                    target_date=_day(m["target_date"]),
                    data_source=m["data_source"],
                    owner=m["owner"],
                    exemplar_value=m["exemplar_value"],
                    typical_value=m["typical_value"],
                ),
            )
        measure_ids[m["ref"]] = _new_id(row.id)

    cause_ids: dict[str, int] = {}
    for i, b in enumerate(e["behaviours"]):
        with _at(f"{where}.behaviours[{i}]", b):
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
            with _at(f"{where}.behaviours[{i}].causes[{j}]", c):
                cause = add_cause(
                    session=session,
                    behaviour_id=_new_id(behaviour.id),
                    data=CauseInput(
                        cell=GilbertCell(c["cell"]),
                        evidence=c["evidence"],
                        confidence=Confidence(c["confidence"]),
                    ),
                )
            cause_ids[c["ref"]] = _new_id(cause.id)

    scaffold_ids: dict[str, int] = {}
    for i, s in enumerate(e["scaffolds"]):
        with _at(f"{where}.scaffolds[{i}]", s):
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
                    start_date=_date(s["start_date"]),
                    due_date=_date(s["due_date"]),
                    cause_ids=tuple(cause_ids[ref] for ref in s["addresses"]),
                    training_reason=s["training_reason"],
                ),
            )
        scaffold_ids[s["ref"]] = _new_id(scaffold.id)

    for i, r in enumerate(e["readiness"]):
        with _at(f"{where}.readiness[{i}]", r):
            set_readiness(
                session=session,
                engagement_id=eid,
                skill=NewSkill(r["skill"]),
                rating=r["rating"],
                support=r["support"],
            )
    for i, r in enumerate(e["responsibilities"]):
        with _at(f"{where}.responsibilities[{i}]", r):
            add_responsibility(
                session=session,
                engagement_id=eid,
                data=ResponsibilityInput(
                    party=OwnerRole(r["party"]), task=r["task"], due_date=_date(r["due_date"])
                ),
            )
    for i, p in enumerate(e["support_phases"]):
        with _at(f"{where}.support_phases[{i}]", p):
            add_support_phase(
                session=session,
                engagement_id=eid,
                data=SupportPhaseInput(
                    mode=SupportMode(p["mode"]),
                    start_date=_day(p["start_date"]),
                    end_date=_date(p["end_date"]),
                    note=p["note"],
                ),
            )
    for i, p in enumerate(e["planned_checkins"]):
        with _at(f"{where}.planned_checkins[{i}]", p):
            add_planned_checkin(session=session, engagement_id=eid, due_on=_day(p["due_on"]))

    for i, c in enumerate(e["checkins"]):
        with _at(f"{where}.checkins[{i}]", c):
            checkin = record_checkin(
                session=session,
                engagement_id=eid,
                data=CheckInInput(
                    held_on=_day(c["held_on"]),
                    decision=Decision(c["decision"]),
                    what_changed=c["what_changed"],
                    next_date=_date(c["next_date"]),
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
            )
        checkin.created_at = _moment(c["created_at"])
        checkin.updated_at = _moment(c["updated_at"])
        session.add(checkin)
    # Check-ins move scaffolds along; the file says where each one stands now.
    for i, s in enumerate(e["scaffolds"]):
        with _at(f"{where}.scaffolds[{i}]", s):
            set_scaffold_status(
                session=session,
                scaffold_id=scaffold_ids[s["ref"]],
                status=ScaffoldStatus(s["status"]),
            )

    for i, ind in enumerate(e["learning_indicators"]):
        with _at(f"{where}.learning_indicators[{i}]", ind):
            add_indicator(
                session=session,
                engagement_id=eid,
                data=IndicatorInput(
                    name=ind["name"],
                    ltem_tier=ind["ltem_tier"],
                    kind=IndicatorKind(ind["kind"]),
                    value=ind["value"],
                    unit=ind["unit"],
                    recorded_on=_date(ind["recorded_on"]),
                    note=ind["note"],
                ),
            )
    member_ids: dict[str, int] = {}
    for i, member in enumerate(e["team_members"]):
        with _at(f"{where}.team_members[{i}]", member):
            row_member = add_member(
                session=session, engagement_id=eid, name=member["name"], role=member["role"]
            )
        member_ids[member["ref"]] = _new_id(row_member.id)
    for i, t in enumerate(e["network_ties"]):
        with _at(f"{where}.network_ties[{i}]", t):
            add_tie(
                session=session,
                engagement_id=eid,
                from_member_id=member_ids[t["from"]],
                to_member_id=member_ids[t["to"]],
                tie_type=TieType(t["tie_type"]),
            )
    for i, n in enumerate(e.get("private_notes", [])):
        with _at(f"{where}.private_notes[{i}]", n):
            note = add_private_note(session=session, engagement_id=eid, text=n["text"])
        note.created_at = _moment(n["created_at"])
        note.updated_at = _moment(n["updated_at"])
        session.add(note)

    # The signed versions come last: once the current one is signed, its content is frozen.
    for i, v in enumerate(e["agreement_versions"]):
        with _at(f"{where}.agreement_versions[{i}]", v):
            signoff = clean_signoff(
                SignOff(
                    manager_signature=v["manager_signature"],
                    manager_signed_on=_day(v["manager_signed_on"]),
                    partner_signature=v["partner_signature"],
                    partner_signed_on=_day(v["partner_signed_on"]),
                )
            )
        session.add(
            AgreementVersion(
                engagement_id=eid,
                number=v["number"],
                signed_at=_moment(v["signed_at"]),
                manager_signature=signoff.manager_signature,
                manager_signed_on=signoff.manager_signed_on,
                partner_signature=signoff.partner_signature,
                partner_signed_on=signoff.partner_signed_on,
                content_json=json.dumps(v["content"], sort_keys=True, ensure_ascii=False),
            )
        )

    # The history as it was, not as the services just wrote it.
    session.exec(delete(StatusChange).where(col(StatusChange.engagement_id) == eid))
    for h in e["status_history"]:
        session.add(
            StatusChange(
                engagement_id=eid,
                from_status=None
                if h["from_status"] is None
                else EngagementStatus(h["from_status"]),
                to_status=EngagementStatus(h["to_status"]),
                changed_at=_moment(h["changed_at"]),
            )
        )
    engagement.status = EngagementStatus(e["status"])
    engagement.agreement_version = e["agreement_version"]
    engagement.created_at = _moment(e["created_at"])
    engagement.updated_at = _moment(e["updated_at"])
    session.add(engagement)
    session.flush()
    return eid


def import_document(session: Session, text_or_bytes: str | bytes) -> list[int]:
    """Add the engagement(s) of an exchange file; returns their new ids, in file order.

    Raises `ExchangeError` (one line: where and what) and writes nothing when anything is wrong.
    """
    doc = read_document(text_or_bytes)
    engagements = _engagements(doc)
    _check_uids(session, engagements)
    for where, e in engagements:
        _check_refs(e, where)
    for where, e in engagements:
        _check_consistency(e, where)
    try:
        with session.begin_nested():
            return [_restore(session, e, where) for where, e in engagements]
    except IntegrityError as exc:
        raise ExchangeError(
            f"The database refused the file's content ({exc.orig}); nothing was imported."
        ) from exc
