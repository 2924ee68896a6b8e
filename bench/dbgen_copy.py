"""Copying template engagements, row by row through every table they own, into new engagements.

The tables and their links come from the models' metadata: a table is copied when it has a
foreign key to `engagement` or to a table already copied, parents before children, and each
copied row's foreign keys point at the copies of its parents. Plain sqlite3, no ORM: ten
thousand engagements take seconds.
"""

import random
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import dbgen_text as text

if TYPE_CHECKING:  # SQLAlchemy loads with the models, only when copying
    from sqlalchemy import Column, Table

BATCH = 500  # engagements written per executemany round
MAX_DAYS_BACK = 365

_Row = list[object]


@dataclass
class TablePlan:
    """How to copy one table: its columns, key, links to copied parents and dates to move."""

    name: str
    columns: list[str]
    key: int | None  # position of the integer primary key, if the table has one
    links: list[tuple[int, str]]  # (position, parent table) of each foreign key to a copied table
    dates: list[int]
    moments: list[int]
    rows_of: dict[int, list[tuple[object, ...]]] = field(default_factory=dict)  # by engagement

    def insert_sql(self) -> str:
        """The INSERT statement for a row of this table."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        return f'INSERT INTO "{self.name}" ({names}) VALUES ({marks})'


def copied_tables() -> "list[Table]":
    """`engagement` and every table that belongs to one, parents first."""
    from models.tables import metadata

    copied: list[Table] = []
    names: set[str] = set()
    for table in metadata.sorted_tables:
        parents = {fk.column.table.name for fk in table.foreign_keys}
        if table.name == "engagement" or parents & names:
            copied.append(table)
            names.add(table.name)
    return copied


def _plan(table: "Table", copied: set[str]) -> TablePlan:
    columns = list(table.columns)
    keys = list(table.primary_key.columns)
    key = columns.index(keys[0]) if len(keys) == 1 and keys[0].name == "id" else None
    links = [
        (i, fk.column.table.name)
        for i, c in enumerate(columns)
        for fk in c.foreign_keys
        if fk.column.table.name in copied
    ]
    return TablePlan(
        name=table.name,
        columns=[c.name for c in columns],
        key=key,
        links=links,
        dates=[i for i, c in enumerate(columns) if _python_type(c) is date],
        moments=[i for i, c in enumerate(columns) if _python_type(c) is datetime],
    )


def _python_type(column: "Column[Any]") -> type | None:
    """The Python type a column holds (a date, a datetime…), None when the type will not say."""
    kind = getattr(column.type, "impl", column.type)  # a TypeDecorator says it through its impl
    try:
        found: type = kind.python_type
    except NotImplementedError:
        return None
    return found


def _read(con: sqlite3.Connection, plans: list[TablePlan]) -> None:
    """Every row of the templates, grouped by the engagement it belongs to."""
    owner_of: dict[str, dict[object, int]] = {}
    for plan in plans:
        names = ", ".join(f'"{c}"' for c in plan.columns)
        owners: dict[object, int] = {}
        for row in con.execute(f'SELECT {names} FROM "{plan.name}"'):
            if plan.name == "engagement":
                owner = int(row[plan.key or 0])  # type: ignore[call-overload]
            else:
                owner = next(
                    owner_of[parent][row[i]] for i, parent in plan.links if row[i] is not None
                )
            if plan.key is not None:
                owners[row[plan.key]] = owner
            plan.rows_of.setdefault(owner, []).append(row)
        owner_of[plan.name] = owners


def _moved_date(value: object, back: timedelta) -> object:
    return None if value is None else (date.fromisoformat(str(value)) - back).isoformat()


def _moved_moment(value: object, back: timedelta) -> object:
    if value is None:
        return None
    return (datetime.fromisoformat(str(value)) - back).strftime("%Y-%m-%d %H:%M:%S.%f")


def _engagement_texts(plan: TablePlan, row: _Row, rng: random.Random) -> None:
    """A copy's own uid, people and words (its diagnostic stays the template's)."""
    at = {name: i for i, name in enumerate(plan.columns)}
    manager = text.person(rng)
    size = rng.randint(4, 40)
    row[at["uid"]] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    row[at["team_name"]] = text.team_name(rng)
    row[at["manager_name"]] = manager
    row[at["organisation"]] = rng.choice(text.ORGANISATIONS)
    row[at["business_unit"]] = rng.choice(text.BUSINESS_UNITS)
    row[at["partner_name"]] = rng.choice(text.PARTNERS)
    row[at["team_size"]] = size
    row[at["team_context"]] = text.team_context(rng, size)
    row[at["request_verbatim"]] = text.request(rng)
    row[at["business_goal"]] = text.goal(rng, may_be_empty=not row[at["business_goal"]])


def _copy_one(
    plans: list[TablePlan],
    template: int,
    rng: random.Random,
    next_id: dict[str, int],
    out: dict[str, list[_Row]],
) -> None:
    """Add the rows of one copy of `template` to `out`."""
    back = timedelta(days=rng.randint(0, MAX_DAYS_BACK))
    new_ids: dict[tuple[str, object], int] = {}
    manager = ""
    for plan in plans:
        for source in plan.rows_of.get(template, ()):
            row = list(source)
            if plan.key is not None:
                new_ids[(plan.name, row[plan.key])] = row[plan.key] = next_id[plan.name]
                next_id[plan.name] += 1
            for i, parent in plan.links:
                if row[i] is not None:
                    row[i] = new_ids[(parent, row[i])]
            for i in plan.dates:
                row[i] = _moved_date(row[i], back)
            for i in plan.moments:
                row[i] = _moved_moment(row[i], back)
            if plan.name == "engagement":
                _engagement_texts(plan, row, rng)
                manager = str(row[plan.columns.index("manager_name")])
            elif plan.name == "private_note":
                row[plan.columns.index("text")] = text.note(rng, manager)
            out[plan.name].append(row)


def copy_engagements(
    con: sqlite3.Connection, templates: Sequence[int], copies: int, rng: random.Random
) -> None:
    """Add `copies` engagements, copies of the `templates` in turn, in one transaction."""
    tables = copied_tables()
    names = {t.name for t in tables}
    plans = [_plan(t, names) for t in tables]
    _read(con, plans)
    next_id = {
        p.name: con.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{p.name}"').fetchone()[0]
        for p in plans
        if p.key is not None
    }
    con.execute("BEGIN")
    try:
        done = 0
        while done < copies:
            out: dict[str, list[_Row]] = {p.name: [] for p in plans}
            for n in range(done, min(copies, done + BATCH)):
                _copy_one(plans, templates[n % len(templates)], rng, next_id, out)
            for plan in plans:
                con.executemany(plan.insert_sql(), out[plan.name])
            done += BATCH
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
