"""Which schema revisions this build knows, readable without importing Alembic."""

# Oldest first; the last one is the head. A test checks this against the migration scripts.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
HEAD_REVISION = KNOWN_REVISIONS[-1]
