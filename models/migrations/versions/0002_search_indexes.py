"""Full-text search over engagements and private notes: FTS5 indexes with the trigram tokenizer.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 16:00:00

The engagements list searched with a Python `casefold()` over every row: about 60-75 ms per
keystroke with 10,000 engagements and their notes. These external-content FTS5 tables index
engagement (team, manager, request, goal) and private_note (text) without copying the text, kept
in step by plain-SQL triggers. The statements are copied from models/search.py as literal SQL,
so later edits there never change this script (a test compares the two schemas).
"""

from collections.abc import Sequence

from alembic import op

# Revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = ("engagement_search", "private_note_search")

CREATE = (
    (
        "CREATE VIRTUAL TABLE engagement_search USING fts5(team_name, manager_name, "
        "request_verbatim, business_goal, content='engagement', content_rowid='id', "
        "tokenize='trigram')"
    ),
    (
        "CREATE TRIGGER engagement_search_insert AFTER INSERT ON engagement BEGIN INSERT INTO "
        "engagement_search(rowid, team_name, manager_name, request_verbatim, business_goal) "
        "VALUES (new.id, new.team_name, new.manager_name, new.request_verbatim, "
        "new.business_goal); END"
    ),
    (
        "CREATE TRIGGER engagement_search_delete AFTER DELETE ON engagement BEGIN INSERT INTO "
        "engagement_search(engagement_search, rowid, team_name, manager_name, "
        "request_verbatim, business_goal) VALUES ('delete', old.id, old.team_name, "
        "old.manager_name, old.request_verbatim, old.business_goal); END"
    ),
    (
        "CREATE TRIGGER engagement_search_update AFTER UPDATE OF team_name, manager_name, "
        "request_verbatim, business_goal ON engagement BEGIN INSERT INTO "
        "engagement_search(engagement_search, rowid, team_name, manager_name, "
        "request_verbatim, business_goal) VALUES ('delete', old.id, old.team_name, "
        "old.manager_name, old.request_verbatim, old.business_goal); INSERT INTO "
        "engagement_search(rowid, team_name, manager_name, request_verbatim, business_goal) "
        "VALUES (new.id, new.team_name, new.manager_name, new.request_verbatim, "
        "new.business_goal); END"
    ),
    (
        "CREATE VIRTUAL TABLE private_note_search USING fts5(text, content='private_note', "
        "content_rowid='id', tokenize='trigram')"
    ),
    (
        "CREATE TRIGGER private_note_search_insert AFTER INSERT ON private_note BEGIN INSERT "
        "INTO private_note_search(rowid, text) VALUES (new.id, new.text); END"
    ),
    (
        "CREATE TRIGGER private_note_search_delete AFTER DELETE ON private_note BEGIN INSERT "
        "INTO private_note_search(private_note_search, rowid, text) VALUES ('delete', old.id, "
        "old.text); END"
    ),
    (
        "CREATE TRIGGER private_note_search_update AFTER UPDATE OF text ON private_note BEGIN "
        "INSERT INTO private_note_search(private_note_search, rowid, text) VALUES ('delete', "
        "old.id, old.text); INSERT INTO private_note_search(rowid, text) VALUES (new.id, "
        "new.text); END"
    ),
)


def upgrade() -> None:
    """Create both indexes with their triggers, then fill them from the existing rows."""
    for statement in CREATE:
        op.execute(statement)
    op.execute("INSERT INTO engagement_search(engagement_search) VALUES ('rebuild')")
    op.execute("INSERT INTO private_note_search(private_note_search) VALUES ('rebuild')")


def downgrade() -> None:
    """Drop the triggers and the indexes (their shadow tables go with them)."""
    for index in INDEXES:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER {index}_{event}")
        op.execute(f"DROP TABLE {index}")
