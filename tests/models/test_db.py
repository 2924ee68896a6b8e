"""The engine's promises: pragmas, whole transactions, frozen signed versions, cheap start-up."""

import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models.db import open_database, read_schema_state, transaction
from models.schema_version import HEAD_REVISION
from models.tables import AgreementVersion, Engagement


def test_pragmas_are_set_on_every_connection(tmp_path):
    engine = open_database(tmp_path / "p.sqlite")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_a_new_file_is_stamped_with_the_head_revision(tmp_path):
    path = tmp_path / "new.sqlite"
    open_database(path)
    state = read_schema_state(path)
    assert state.exists
    assert state.revision == HEAD_REVISION


def test_an_error_rolls_back_the_whole_transaction(tmp_path):
    engine = open_database(tmp_path / "t.sqlite")
    with pytest.raises(RuntimeError), transaction(engine) as session:
        session.add(Engagement(uid="a", team_name="A", manager_name="M"))
        session.flush()
        raise RuntimeError("boom")
    count = sqlite3.connect(tmp_path / "t.sqlite").execute("SELECT count(*) FROM engagement")
    assert count.fetchone() == (0,)


def test_foreign_keys_are_enforced(tmp_path):
    engine = open_database(tmp_path / "fk.sqlite")
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(
            AgreementVersion(
                engagement_id=999,
                number=1,
                manager_signature="M",
                manager_signed_on=date(2026, 1, 1),
                partner_signature="P",
                partner_signed_on=date(2026, 1, 1),
                content_json="{}",
            )
        )
        session.flush()


def test_a_signed_version_cannot_be_updated_even_with_raw_sql(tmp_path):
    engine = open_database(tmp_path / "v.sqlite")
    with transaction(engine) as session:
        engagement = Engagement(uid="u", team_name="A", manager_name="M")
        session.add(engagement)
        session.flush()
        assert engagement.id is not None
        session.add(
            AgreementVersion(
                engagement_id=engagement.id,
                number=1,
                manager_signature="M",
                manager_signed_on=date(2026, 1, 1),
                partner_signature="P",
                partner_signed_on=date(2026, 1, 1),
                content_json='{"goal": "before"}',
            )
        )
    with pytest.raises(Exception, match="cannot be changed"), engine.begin() as conn:
        conn.execute(text("UPDATE agreement_version SET content_json = '{}'"))
    row = sqlite3.connect(tmp_path / "v.sqlite").execute(
        "SELECT content_json FROM agreement_version"
    )
    assert row.fetchone() == ('{"goal": "before"}',)


def test_deleting_an_engagement_still_removes_its_signed_versions(tmp_path):
    engine = open_database(tmp_path / "d.sqlite")
    with transaction(engine) as session:
        engagement = Engagement(uid="u", team_name="A", manager_name="M")
        session.add(engagement)
        session.flush()
        assert engagement.id is not None
        session.add(
            AgreementVersion(
                engagement_id=engagement.id,
                number=1,
                manager_signature="M",
                manager_signed_on=date(2026, 1, 1),
                partner_signature="P",
                partner_signed_on=date(2026, 1, 1),
                content_json="{}",
            )
        )
    with transaction(engine) as session:
        found = session.get(Engagement, 1)
        assert found is not None
        session.delete(found)
    con = sqlite3.connect(tmp_path / "d.sqlite")
    assert con.execute("SELECT count(*) FROM agreement_version").fetchone() == (0,)


def test_opening_the_current_schema_does_not_import_alembic_or_weasyprint(tmp_path):
    path = tmp_path / "s.sqlite"
    open_database(path)
    probe = (
        "import sys; from pathlib import Path; from models.db import open_database; "
        f"open_database(Path({str(path)!r})); "
        "import app.cli; "
        "print(sorted(m for m in ('alembic', 'weasyprint', 'PySide6') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
