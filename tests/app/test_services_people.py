"""Team members and ties, learning indicators and private notes."""

import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import indicators as ind
from app.services import notes as nt
from app.services import people as pp
from app.services.engagements import EngagementDetails, create_engagement
from app.services.indicators import IndicatorInput
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import IndicatorKind, TieType


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


def new_engagement(engine: Engine, team: str = "Claims") -> int:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name=team, manager_name="D"))
        assert e.id is not None
        return e.id


@pytest.fixture
def engagement_id(engine: Engine) -> int:
    return new_engagement(engine)


def member(engine: Engine, engagement_id: int, name: str, role: str = "") -> int:
    with transaction(engine) as s:
        row = pp.add_member(session=s, engagement_id=engagement_id, name=name, role=role)
        assert row.id is not None
        return row.id


def tie(engine: Engine, engagement_id: int, a: int, b: int, kind: TieType = TieType.help) -> int:
    with transaction(engine) as s:
        row = pp.add_tie(
            session=s, engagement_id=engagement_id, from_member_id=a, to_member_id=b, tie_type=kind
        )
        assert row.id is not None
        return row.id


def names(engine: Engine, engagement_id: int) -> list[str]:
    with transaction(engine) as s:
        return [m.name for m in pp.list_members(session=s, engagement_id=engagement_id)]


def ties(engine: Engine, engagement_id: int) -> list[tuple[int, int, TieType]]:
    with transaction(engine) as s:
        return [
            (t.from_member_id, t.to_member_id, t.tie_type)
            for t in pp.list_ties(session=s, engagement_id=engagement_id)
        ]


# --- members --------------------------------------------------------------------------------


def test_members_trimmed_and_listed_in_order(engine: Engine, engagement_id: int) -> None:
    member(engine, engagement_id, "  Ana ", " Handler ")
    member(engine, engagement_id, "Ben")
    with transaction(engine) as s:
        rows = pp.list_members(session=s, engagement_id=engagement_id)
    assert [(m.name, m.role, m.position) for m in rows] == [
        ("Ana", "Handler", 0),
        ("Ben", "", 1),
    ]


def test_member_name_required(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        member(engine, engagement_id, "  ")
    assert (caught.value.field, caught.value.message) == ("name", "The member's name is required.")


@pytest.mark.parametrize("again", ["Ana", "ANA", " ana "])
def test_duplicate_name_refused_whatever_the_case(
    engine: Engine, engagement_id: int, again: str
) -> None:
    member(engine, engagement_id, "Ana")
    with pytest.raises(ValidationError) as caught:
        member(engine, engagement_id, again)
    assert caught.value.field == "name"
    assert caught.value.message == (
        f"“{again.strip()}” is already in this team; use another name or a pseudonym."
    )
    assert names(engine, engagement_id) == ["Ana"]


def test_same_name_in_another_team_is_fine(engine: Engine, engagement_id: int) -> None:
    other = new_engagement(engine, "Other")
    member(engine, engagement_id, "Ana")
    member(engine, other, "Ana")
    assert names(engine, other) == ["Ana"]


def test_rename_refuses_a_clash_but_allows_own_name_in_other_case(
    engine: Engine, engagement_id: int
) -> None:
    ana = member(engine, engagement_id, "Ana")
    member(engine, engagement_id, "Ben")
    with pytest.raises(ValidationError, match="already in this team"), transaction(engine) as s:
        pp.update_member(session=s, member_id=ana, name="BEN")
    with transaction(engine) as s:
        pp.update_member(session=s, member_id=ana, name="ANA", role="Lead")
    assert names(engine, engagement_id) == ["ANA", "Ben"]


# --- ties -----------------------------------------------------------------------------------


def test_tie_recorded(engine: Engine, engagement_id: int) -> None:
    a, b = member(engine, engagement_id, "Ana"), member(engine, engagement_id, "Ben")
    tie(engine, engagement_id, a, b, TieType.advice)
    tie(engine, engagement_id, b, a, TieType.advice)  # the other direction is another tie
    tie(engine, engagement_id, a, b, TieType.new_ideas)  # another type is another tie
    assert ties(engine, engagement_id) == [
        (a, b, TieType.advice),
        (b, a, TieType.advice),
        (a, b, TieType.new_ideas),
    ]


def test_self_tie_refused(engine: Engine, engagement_id: int) -> None:
    a = member(engine, engagement_id, "Ana")
    with pytest.raises(ValidationError) as caught:
        tie(engine, engagement_id, a, a)
    assert (caught.value.field, caught.value.message) == ("tie", "Ana cannot go to themselves.")
    assert ties(engine, engagement_id) == []


def test_duplicate_tie_refused(engine: Engine, engagement_id: int) -> None:
    a, b = member(engine, engagement_id, "Ana"), member(engine, engagement_id, "Ben")
    tie(engine, engagement_id, a, b, TieType.help)
    with pytest.raises(ValidationError) as caught:
        tie(engine, engagement_id, a, b, TieType.help)
    assert caught.value.field == "tie"
    assert caught.value.message == "Ana → Ben (help) is already recorded."
    assert len(ties(engine, engagement_id)) == 1


@pytest.mark.parametrize("foreign_end", ["from", "to", "both"])
def test_tie_across_engagements_refused(
    engine: Engine, engagement_id: int, foreign_end: str
) -> None:
    other = new_engagement(engine, "Other")
    mine_a, mine_b = member(engine, engagement_id, "Ana"), member(engine, engagement_id, "Ben")
    theirs_a, theirs_b = member(engine, other, "Cy"), member(engine, other, "Di")
    a, b = {
        "from": (theirs_a, mine_b),
        "to": (mine_a, theirs_b),
        "both": (theirs_a, theirs_b),
    }[foreign_end]
    with pytest.raises(ValidationError) as caught:
        tie(engine, engagement_id, a, b)
    assert caught.value.message == "Both people must be members of this engagement's team."
    assert ties(engine, engagement_id) == []
    assert ties(engine, other) == []


def test_tie_to_unknown_member_not_found(engine: Engine, engagement_id: int) -> None:
    a = member(engine, engagement_id, "Ana")
    with pytest.raises(NotFoundError):
        tie(engine, engagement_id, a, 999)


def test_deleting_a_member_removes_their_ties(
    engine: Engine, engagement_id: int, db_path: Path
) -> None:
    a, b, c = (member(engine, engagement_id, n) for n in ("Ana", "Ben", "Cy"))
    tie(engine, engagement_id, a, b)
    tie(engine, engagement_id, c, a, TieType.information)
    kept = tie(engine, engagement_id, b, c)
    with transaction(engine) as s:
        pp.delete_member(session=s, member_id=a)
        # Within the same session the ties are gone too.
        assert [t.id for t in pp.list_ties(session=s, engagement_id=engagement_id)] == [kept]
    assert ties(engine, engagement_id) == [(b, c, TieType.help)]
    assert names(engine, engagement_id) == ["Ben", "Cy"]
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT from_member_id, to_member_id FROM network_tie").fetchall()
    finally:
        con.close()
    assert rows == [(b, c)]


def test_delete_tie(engine: Engine, engagement_id: int) -> None:
    a, b = member(engine, engagement_id, "Ana"), member(engine, engagement_id, "Ben")
    tie_id = tie(engine, engagement_id, a, b)
    with transaction(engine) as s:
        pp.delete_tie(session=s, tie_id=tie_id)
    assert ties(engine, engagement_id) == []
    with pytest.raises(NotFoundError), transaction(engine) as s:
        pp.delete_tie(session=s, tie_id=tie_id)


def test_add_members_in_order_after_existing(engine: Engine, engagement_id: int) -> None:
    member(engine, engagement_id, "Ana")
    with transaction(engine) as s:
        rows = pp.add_members(session=s, engagement_id=engagement_id, names=[" Ben ", "Cy"])
    assert [(m.name, m.position) for m in rows] == [("Ben", 1), ("Cy", 2)]
    assert names(engine, engagement_id) == ["Ana", "Ben", "Cy"]


@pytest.mark.parametrize("batch", [["ana"], ["Ben", "BEN"], ["Ben", " "]])
def test_add_members_refuses_clashes_and_blanks(
    engine: Engine, engagement_id: int, batch: list[str]
) -> None:
    member(engine, engagement_id, "Ana")
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        pp.add_members(session=s, engagement_id=engagement_id, names=batch)
    assert caught.value.field == "name"
    assert names(engine, engagement_id) == ["Ana"]


def test_find_tie(engine: Engine, engagement_id: int) -> None:
    a, b = member(engine, engagement_id, "Ana"), member(engine, engagement_id, "Ben")
    tie_id = tie(engine, engagement_id, a, b, TieType.advice)
    with transaction(engine) as s:
        found = pp.find_tie(session=s, from_member_id=a, to_member_id=b, tie_type=TieType.advice)
        assert found is not None and found.id == tie_id
        assert (
            pp.find_tie(session=s, from_member_id=b, to_member_id=a, tie_type=TieType.advice)
            is None
        )
        assert (
            pp.find_tie(session=s, from_member_id=a, to_member_id=b, tie_type=TieType.help) is None
        )


def test_add_ties_skips_what_is_already_recorded(engine: Engine, engagement_id: int) -> None:
    a, b, c = (member(engine, engagement_id, n) for n in ("Ana", "Ben", "Cy"))
    tie(engine, engagement_id, a, b)
    batch = [
        pp.TieInput(a, b, TieType.help),  # already recorded
        pp.TieInput(b, c, TieType.help),
        pp.TieInput(b, c, TieType.help),  # twice in the batch
        pp.TieInput(b, c, TieType.advice),
    ]
    with transaction(engine) as s:
        result = pp.add_ties(session=s, engagement_id=engagement_id, ties=batch)
    assert result == pp.TiesAdded(added=2, duplicates=2)
    assert ties(engine, engagement_id) == [
        (a, b, TieType.help),
        (b, c, TieType.help),
        (b, c, TieType.advice),
    ]


def test_add_ties_refuses_self_and_foreign_ties_whole(engine: Engine, engagement_id: int) -> None:
    a, b = member(engine, engagement_id, "Ana"), member(engine, engagement_id, "Ben")
    stranger = member(engine, new_engagement(engine, "Other"), "Cy")
    for bad, message in (
        (pp.TieInput(a, a, TieType.help), "Ana cannot go to themselves."),
        (
            pp.TieInput(a, stranger, TieType.help),
            "Both people must be members of this engagement's team.",
        ),
    ):
        with pytest.raises(ValidationError) as caught, transaction(engine) as s:
            pp.add_ties(
                session=s, engagement_id=engagement_id, ties=[pp.TieInput(a, b, TieType.help), bad]
            )
        assert (caught.value.field, caught.value.message) == ("tie", message)
    assert ties(engine, engagement_id) == []


# --- learning indicators --------------------------------------------------------------------


def test_indicator_recorded_and_updated(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        row = ind.add_indicator(
            session=s,
            engagement_id=engagement_id,
            data=IndicatorInput(
                name="  Course completion ",
                ltem_tier=2,
                kind=IndicatorKind.completion,
                value=87.5,
                unit="%",
                recorded_on=date(2026, 3, 1),
            ),
        )
        assert row.id is not None
        row_id = row.id
    with transaction(engine) as s:
        ind.update_indicator(
            session=s, indicator_id=row_id, data=IndicatorInput(name="Quiz", ltem_tier=4)
        )
    with transaction(engine) as s:
        (found,) = ind.list_indicators(session=s, engagement_id=engagement_id)
    assert (found.name, found.ltem_tier, found.kind, found.value) == (
        "Quiz",
        4,
        IndicatorKind.other,
        None,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (IndicatorInput(name="Quiz", ltem_tier=0), "ltem_tier"),
        (IndicatorInput(name="Quiz", ltem_tier=9), "ltem_tier"),
        (IndicatorInput(name=" ", ltem_tier=1), "name"),
        (IndicatorInput(name="Quiz", ltem_tier=1, value=float("nan")), "value"),
    ],
)
def test_indicator_rules(
    engine: Engine, engagement_id: int, data: IndicatorInput, field: str
) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ind.add_indicator(session=s, engagement_id=engagement_id, data=data)
    assert caught.value.field == field
    with transaction(engine) as s:
        assert ind.list_indicators(session=s, engagement_id=engagement_id) == []


# --- private notes --------------------------------------------------------------------------


def test_private_notes_added_updated_deleted(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        first = nt.add_private_note(session=s, engagement_id=engagement_id, text="  First  ")
        nt.add_private_note(session=s, engagement_id=engagement_id, text="Second")
        assert first.id is not None
        first_id, created = first.id, first.updated_at
    time.sleep(0.02)  # let a coarse clock tick
    with transaction(engine) as s:
        nt.update_private_note(session=s, note_id=first_id, text="First, revised")
    with transaction(engine) as s:
        notes = nt.list_private_notes(session=s, engagement_id=engagement_id)
        assert [n.text for n in notes] == ["First, revised", "Second"]
        assert notes[0].updated_at > created
        nt.delete_private_note(session=s, note_id=first_id)
    with transaction(engine) as s:
        assert [n.text for n in nt.list_private_notes(session=s, engagement_id=engagement_id)] == [
            "Second"
        ]
    with pytest.raises(NotFoundError), transaction(engine) as s:
        nt.delete_private_note(session=s, note_id=first_id)


def test_private_note_text_required(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        nt.add_private_note(session=s, engagement_id=engagement_id, text=" \n ")
    assert (caught.value.field, caught.value.message) == ("text", "The note is required.")
