"""Full-text indexes for the engagements list: SQLite FTS5 tables with the trigram tokenizer.

The indexes hold no text of their own ("external content"): they index `engagement` (team,
manager, request, goal) and `private_note` (text), and plain-SQL triggers keep them in step with
every insert, update and delete, whoever writes (the app, a migration, another SQLite tool).
The trigram tokenizer finds any substring of three characters or more, case-insensitively
beyond ASCII (SQLite's simple Unicode case folding).

Batch mode drops a table's triggers when it recreates the table: a later revision that
recreates `engagement` or `private_note` must create its triggers again and then run
`rebuild_sql(...)` for its index.
"""

from sqlalchemy import DDL, Table, event

from models.engagement import Engagement
from models.people import PrivateNote

ENGAGEMENT_SEARCH = "engagement_search"
PRIVATE_NOTE_SEARCH = "private_note_search"

# Index name -> (indexed table, indexed columns).
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    ENGAGEMENT_SEARCH: (
        "engagement",
        ("team_name", "manager_name", "request_verbatim", "business_goal"),
    ),
    PRIVATE_NOTE_SEARCH: ("private_note", ("text",)),
}

# FTS5 stores an index in these shadow tables, named after it.
_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def index_ddl(index: str) -> list[str]:
    """The CREATE statements of one index: its virtual table and its three triggers."""
    table, columns = INDEXES[index]
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # Names come from INDEXES above, never from input (hence the noqa on S608).
    insert = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608
    delete = (
        f"INSERT INTO {index}({index}, rowid, {names}) "  # noqa: S608
        f"VALUES ('delete', old.id, {old});"
    )
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def rebuild_sql(index: str) -> str:
    """The statement that builds an index again from its table's rows."""
    return f"INSERT INTO {index}({index}) VALUES ('rebuild')"  # noqa: S608 (a constant name)


def is_search_table(name: str) -> bool:
    """Whether a table is one of these indexes or their shadow tables (none is a model)."""
    return any(
        name == index or name in {index + suffix for suffix in _SHADOW_SUFFIXES}
        for index in INDEXES
    )


def include_in_autogenerate(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic's `include_name` hook: compare models with everything but these indexes."""
    return not (type_ == "table" and name is not None and is_search_table(name))


# A new database gets the indexes with its tables (migrations create them in revision 0002).
_INDEXED_TABLES: dict[str, Table] = {
    ENGAGEMENT_SEARCH: Engagement.__table__,  # type: ignore[attr-defined]
    PRIVATE_NOTE_SEARCH: PrivateNote.__table__,  # type: ignore[attr-defined]
}
for _index, _table in _INDEXED_TABLES.items():
    for _statement in index_ddl(_index):
        event.listen(_table, "after_create", DDL(_statement))  # type: ignore[no-untyped-call]
