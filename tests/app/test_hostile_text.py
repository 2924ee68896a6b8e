"""Hostile text in every text field the services take: kept exactly (trimmed) or refused by name.

Emoji, right-to-left scripts, combining marks, zero-width and control characters, markup and
template syntax, and texts at and beyond the length limits go through the real services into a
real SQLite file and are read back. Nothing may be silently changed (beyond trimming the ends),
and nothing may fail with anything but a `ValidationError` that names its field.
"""

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from app.services import checkins, engagements, indicators, notes, people, scaffolds
from app.services.checkins import CheckInInput
from app.services.engagements import EngagementDetails
from app.services.indicators import IndicatorInput
from app.services.measures import MeasureInput, add_measure, list_measures
from app.services.scaffolds import ScaffoldInput
from app.validation import MAX_NAME_CHARS, MAX_TEXT_CHARS, ValidationError
from models.db import open_database, transaction

SPECIAL = [
    "👩🏽‍💼",  # emoji with a skin tone and a zero-width joiner
    "مرحبا",  # Arabic, right to left
    "שלום",  # Hebrew
    "\u202egnp.exe",  # right-to-left override
    "e\u0301",  # combining accent
    "\u200b",  # zero-width space
    "<b>{{ 7*7 }}</b>",  # markup and template syntax
    "'; DROP TABLE engagement; --",
    "%_\\",  # LIKE wildcards and the escape character
    "\t",
    "\u00a0",
]
hostile = st.lists(
    st.one_of(st.sampled_from(SPECIAL), st.text(min_size=0, max_size=12)), max_size=6
).map("".join)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_database(tmp_path_factory.mktemp("hostile") / "t.sqlite")
    yield engine
    engine.dispose()


def _engagement(engine: Engine) -> int:
    with transaction(engine) as s:
        e = engagements.create_engagement(
            session=s, data=EngagementDetails(team_name="Desk", manager_name="Mo")
        )
        return e.id or 0


def _store_or_refuse(
    engine: Engine, write: Callable[..., object], read: Callable[..., str], text: str, field: str
) -> None:
    """Either the trimmed text comes back exactly, or a ValidationError names `field`."""
    try:
        with transaction(engine) as s:
            row_id = write(s, text)
    except ValidationError as exc:
        assert exc.field == field
        assert exc.message
        return
    with transaction(engine) as s:
        assert read(s, row_id) == text.strip()


FIELDS: dict[str, tuple[Callable[..., object], Callable[..., str], str]] = {}


def _engagement_field(name: str) -> None:
    def write(s: object, text: str) -> int:
        details = {"team_name": "Desk", "manager_name": "Mo", name: text}
        return engagements.create_engagement(session=s, data=EngagementDetails(**details)).id or 0  # type: ignore[arg-type]

    def read(s: object, eid: int) -> str:
        return str(getattr(engagements.get_engagement(s, eid), name))  # type: ignore[arg-type]

    FIELDS[f"engagement.{name}"] = (write, read, name)


for _name in ("team_name", "manager_name", "organisation", "team_context", "request_verbatim"):
    _engagement_field(_name)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=hostile, which=st.sampled_from(sorted(FIELDS)))
def test_engagement_text_is_kept_exactly_or_refused_by_name(
    engine: Engine, text: str, which: str
) -> None:
    write, read, field = FIELDS[which]
    _store_or_refuse(engine, write, read, text, field)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=hostile)
def test_every_follow_up_text_is_kept_exactly_or_refused_by_name(engine: Engine, text: str) -> None:
    eid = _engagement(engine)

    def measure(s: object, t: str) -> int:
        data = MeasureInput(
            name=t,
            baseline_value=1,
            baseline_date=date(2026, 1, 1),
            target_value=2,
            target_date=date(2026, 6, 1),
            data_source=t,
        )
        return add_measure(session=s, engagement_id=eid, data=data).id or 0  # type: ignore[arg-type]

    def measure_name(s: object, mid: int) -> str:
        return next(m.name for m in list_measures(session=s, engagement_id=eid) if m.id == mid)  # type: ignore[arg-type]

    _store_or_refuse(engine, measure, measure_name, text, "name")

    def scaffold(s: object, t: str) -> int:
        data = ScaffoldInput(name=f"Guide {t}".strip(), description=t)
        return scaffolds.add_scaffold(session=s, engagement_id=eid, data=data).id or 0  # type: ignore[arg-type]

    def scaffold_description(s: object, sid: int) -> str:
        return next(
            x.description
            for x in scaffolds.list_scaffolds(session=s, engagement_id=eid)  # type: ignore[arg-type]
            if x.id == sid
        )

    _store_or_refuse(engine, scaffold, scaffold_description, text, "description")

    def checkin(s: object, t: str) -> int:
        data = CheckInInput(held_on=date(2026, 3, 1), what_changed=t)
        return checkins.record_checkin(session=s, engagement_id=eid, data=data).id or 0  # type: ignore[arg-type]

    def what_changed(s: object, cid: int) -> str:
        return next(
            c.what_changed
            for c in checkins.list_checkins(session=s, engagement_id=eid)  # type: ignore[arg-type]
            if c.id == cid
        )

    _store_or_refuse(engine, checkin, what_changed, text, "what_changed")

    def indicator(s: object, t: str) -> int:
        data = IndicatorInput(name="Attendance", ltem_tier=1, note=t)
        return indicators.add_indicator(session=s, engagement_id=eid, data=data).id or 0  # type: ignore[arg-type]

    def indicator_note(s: object, iid: int) -> str:
        return next(
            i.note
            for i in indicators.list_indicators(session=s, engagement_id=eid)  # type: ignore[arg-type]
            if i.id == iid
        )

    _store_or_refuse(engine, indicator, indicator_note, text, "note")

    def note(s: object, t: str) -> int:
        return notes.add_private_note(session=s, engagement_id=eid, text=t).id or 0  # type: ignore[arg-type]

    def note_text(s: object, nid: int) -> str:
        return next(
            n.text
            for n in notes.list_private_notes(session=s, engagement_id=eid)  # type: ignore[arg-type]
            if n.id == nid
        )

    _store_or_refuse(engine, note, note_text, text, "text")

    def member(s: object, t: str) -> int:
        return people.add_member(session=s, engagement_id=eid, name=t).id or 0  # type: ignore[arg-type]

    def member_name(s: object, mid: int) -> str:
        return next(
            m.name
            for m in people.list_members(session=s, engagement_id=eid)  # type: ignore[arg-type]
            if m.id == mid
        )

    _store_or_refuse(engine, member, member_name, text, "name")


@pytest.mark.parametrize(
    ("limit", "write"),
    [
        (
            MAX_NAME_CHARS,
            lambda s, t: engagements.create_engagement(
                session=s, data=EngagementDetails(team_name=t, manager_name="Mo")
            ),
        ),
        (
            MAX_TEXT_CHARS,
            lambda s, t: engagements.create_engagement(
                session=s,
                data=EngagementDetails(team_name="Desk", manager_name="Mo", team_context=t),
            ),
        ),
    ],
    ids=["name", "text"],
)
def test_the_length_limits_hold_to_the_character(
    engine: Engine, limit: int, write: Callable[..., object]
) -> None:
    text = "😀" * limit  # characters, not bytes, are counted
    with transaction(engine) as s:
        write(s, text)
    with (
        pytest.raises(ValidationError, match=f"{limit + 1:,} characters long"),
        transaction(engine) as s,
    ):
        write(s, text + "a")
