"""Kill the real app with SIGKILL while someone types: every edit older than one second is saved."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services.engagements import EngagementDetails, create_engagement, get_engagement
from app.storage import open_engine
from models.db import transaction

SESSION = Path(__file__).with_name("typing_session.py")
TEXT_START = "The team answers billing questions by phone and chat. "

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _saved_context(db: Path, engagement_id: int) -> str:
    engine = open_engine(db, backup=False)
    try:
        with transaction(engine) as s:
            return get_engagement(s, engagement_id).team_context
    finally:
        engine.dispose()


@pytest.mark.parametrize("run_for", [2.5, 4.0])
def test_sigkill_while_typing_loses_nothing_older_than_a_second(
    tmp_path: Path, run_for: float
) -> None:
    db = tmp_path / "scaffold.sqlite"
    engine = open_engine(db, backup=False)
    with transaction(engine) as s:
        eid = create_engagement(
            session=s, data=EngagementDetails(team_name="Billing", manager_name="Priya")
        ).id
    engine.dispose()
    assert eid is not None

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path.cwd())}
    typed_at: list[float] = []
    started = None
    with subprocess.Popen(
        [sys.executable, str(SESSION), str(db), str(eid)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as process:
        assert process.stdout is not None
        try:
            for line in process.stdout:
                if line.startswith("ready"):
                    started = time.monotonic()
                elif line.startswith("typed"):
                    _word, _n, at = line.split()
                    typed_at.append(float(at))
                if started is not None and time.monotonic() - started >= run_for:
                    break
            killed_at = time.monotonic()
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == -signal.SIGKILL
    assert len(typed_at) >= 20, "the session did not type"

    # Characters typed more than a second before the kill must all be in the database.
    old_enough = sum(1 for at in typed_at if at <= killed_at - 1.0)
    assert old_enough >= 10, "too little was typed before the last second to prove anything"
    expected = (TEXT_START * 10)[:old_enough]
    saved = _saved_context(db, eid)
    assert saved.startswith(expected.strip()), (old_enough, saved)
    assert len(saved) >= len(expected.strip())
