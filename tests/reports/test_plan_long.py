"""A long engagement (20 behaviours, 30 scaffolds, 100-line texts): nothing lost or overflowing."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from app.reports.plan import render_plan_pdf
from app.services import agreement, behaviours, engagements, measures, scaffolds
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.engagements import EngagementDetails
from app.services.measures import MeasureInput
from app.services.scaffolds import ScaffoldInput
from models.db import open_database
from models.enums import GilbertCell

START = date(2025, 1, 6)
LONG = "\n".join(
    f"Line {n}: the team said something worth keeping, word for word." for n in range(100)
)
UNBROKEN = "x" * 400  # one "word" wider than any column


@pytest.fixture(scope="module")
def long_pdf(module_dir: Path) -> Path:
    engine = open_database(module_dir / "long.sqlite")
    with Session(engine) as session:
        e = engagements.create_engagement(
            session=session,
            data=EngagementDetails(
                team_name="Operations " + "North " * 20,
                manager_name="A Manager",
                partner_name="A Partner",
                team_context=LONG,
                request_verbatim=LONG + UNBROKEN,
                meeting_date=START,
            ),
        )
        eid = e.id
        assert eid is not None
        engagements.set_business_goal(session=session, engagement_id=eid, goal=LONG)
        measures.add_measure(
            session=session,
            engagement_id=eid,
            data=MeasureInput(
                name="Measure " + UNBROKEN[:150],
                unit="%",
                baseline_value=1,
                baseline_date=START,
                target_value=2,
                target_date=START + timedelta(days=90),
            ),
        )
        cause_ids = []
        cells = list(GilbertCell)
        for n in range(20):
            b = behaviours.add_behaviour(
                session=session,
                engagement_id=eid,
                data=BehaviourInput(
                    role=f"Role {n}", expected=f"Behaviour {n}\n" + LONG, current=UNBROKEN
                ),
            )
            assert b.id is not None
            cause = behaviours.add_cause(
                session=session,
                behaviour_id=b.id,
                data=CauseInput(cell=cells[n % 6], evidence=f"Evidence {n} " + LONG[:2000]),
            )
            assert cause.id is not None
            cause_ids.append(cause.id)
        for n in range(30):
            scaffolds.add_scaffold(
                session=session,
                engagement_id=eid,
                data=ScaffoldInput(
                    name=f"Scaffold number {n:02d}",
                    description=LONG if n % 10 == 0 else f"Short description {n}. {UNBROKEN}",
                    cause_ids=(cause_ids[n % 20],),
                    start_date=START,
                    due_date=START + timedelta(days=n + 1),
                ),
            )
        agreement.add_planned_checkin(session=session, engagement_id=eid, due_on=START)
        pdf = module_dir / "long.pdf"
        pdf.write_bytes(render_plan_pdf(session, eid, paper="letter"))
    engine.dispose()
    return pdf


def test_every_scaffold_is_printed(long_pdf, poppler):
    text = poppler.text(long_pdf)
    for n in range(30):
        assert f"Scaffold number {n:02d}" in text
    assert "Line 99:" in text


def test_nothing_runs_into_the_margin(long_pdf, poppler):
    assert poppler.overflowing(long_pdf) == []


def test_the_plan_table_header_repeats(long_pdf, poppler):
    text = poppler.text(long_pdf)
    assert "The scaffolds in full" in text  # long texts follow the table instead of swelling rows
    pages = text.split("The scaffolds in full")[0].split("\f")
    with_rows = [p for p in pages if "Scaffold number" in p and "The scaffolding plan" not in p]
    with_rows = [p for p in with_rows if "Chosen scaffolds" not in p]
    assert with_rows, "the plan table should run over several pages"
    assert all("Why (the causes it" in p for p in with_rows)


def test_summary_stays_on_page_one(long_pdf, poppler):
    pages = poppler.text(long_pdf).split("\f")
    assert "and 24 more" in pages[0]
    assert "The diagnostic trail" in pages[1]
