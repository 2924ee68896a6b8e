"""The progress report, rendered for real from the demo (plus two check-ins) and read back."""

import re
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session
from weasyprint.urls import URLFetchingError

from app.demo import load_demo
from app.progress.maths import Reading, Yardstick, assess, closure_percent
from app.progress.series import engagement_progress
from app.reports.chart_fetcher import ChartAssetFetcher
from app.reports.paths import templates_dir
from app.reports.progress import progress_document, render_progress_pdf
from app.reports.progress_context import closure_text, progress_context
from app.reports.render import html_to_pdf
from app.services import (
    agreement,
    engagements,
    indicators,
    measures,
    people,
    scaffold_people,
    scaffolds,
)
from app.services.checkins import (
    CheckInInput,
    ObservationInput,
    ScaffoldUpdateInput,
    record_checkin,
)
from app.services.engagements import EngagementDetails
from app.services.indicators import IndicatorInput
from app.services.measures import MeasureInput, list_measures
from app.services.scaffolds import ScaffoldInput, list_scaffolds
from app.validation import NotFoundError
from models.db import open_database, transaction
from models.enums import Decision, Direction, ScaffoldRole, ScaffoldStatus

TODAY = date(2025, 3, 3)  # the demo's meeting is 42 days before: 20 Jan 2025
AS_OF = TODAY + timedelta(days=50)  # 22 Apr 2025, the day after the third check-in
LONG_CHANGE = (
    "Repeat contacts flat since the last check-in: the billing guide misses the new "
    "direct-debit question. The partner adds it this week; the team analyst pulls repeat "
    "contacts by topic so the huddle can pick the next fix. TAIL-THAT-IS-CUT"
)
HOSTILE = "<b>{{x}}</b>"
PRIVATE = "under pressure from her director"


@dataclass(frozen=True)
class Demo:
    """The demo report: its PDF, the engagement and the latest value of each measure."""

    pdf: Path
    letter: Path
    db: Path
    engagement_id: int
    latest: dict[str, float]


def add_two_checkins(session: Session, engagement_id: int) -> dict[str, float]:
    """Two more check-ins through the service; the latest value of each measure, by name."""
    fcr, repeat, csat = list_measures(session=session, engagement_id=engagement_id)
    plan = list_scaffolds(session=session, engagement_id=engagement_id)
    assert fcr.id and repeat.id and csat.id and plan[2].id and plan[4].id
    record_checkin(
        session=session,
        engagement_id=engagement_id,
        data=CheckInInput(
            held_on=TODAY + timedelta(days=21),
            decision=Decision.continue_,
            what_changed=f"Rota back on schedule. {HOSTILE} Buddy pairs meet weekly.",
            next_date=TODAY + timedelta(days=49),
            observations=(
                ObservationInput(fcr.id, 69.0, "Dashboard, week 8"),
                ObservationInput(repeat.id, 285.0, "CRM report"),
                ObservationInput(csat.id, 73.0, "Survey"),
            ),
            scaffold_updates=(
                ScaffoldUpdateInput(plan[2].id, ScaffoldStatus.done),
                ScaffoldUpdateInput(plan[4].id, ScaffoldStatus.under_way, "Two pairs, weekly."),
            ),
        ),
    )
    record_checkin(
        session=session,
        engagement_id=engagement_id,
        data=CheckInInput(
            held_on=TODAY + timedelta(days=49),
            decision=Decision.adjust,
            what_changed=LONG_CHANGE,
            next_date=TODAY + timedelta(days=77),
            observations=(
                ObservationInput(fcr.id, 71.5, "Dashboard, week 12"),
                ObservationInput(repeat.id, 283.0, "CRM report"),
            ),
        ),
    )
    return {fcr.name: 71.5, repeat.name: 283.0, csat.name: 73.0}


@pytest.fixture(scope="module")
def demo(module_dir: Path) -> Demo:
    """The demo engagement with two more check-ins, and its progress report on A4 and Letter."""
    db = module_dir / "progress.sqlite"
    engine = open_database(db)
    with transaction(engine) as session:
        eid = load_demo(session=session, today=TODAY).id
        assert eid is not None
        latest = add_two_checkins(session, eid)
    with Session(engine) as session:
        pdf = module_dir / "progress-a4.pdf"
        pdf.write_bytes(render_progress_pdf(session, eid, paper="a4", today=AS_OF))
        letter = module_dir / "progress-letter.pdf"
        letter.write_bytes(render_progress_pdf(session, eid, paper="letter", today=AS_OF))
    engine.dispose()
    return Demo(pdf=pdf, letter=letter, db=db, engagement_id=eid, latest=latest)


def flat(text: str) -> str:
    return " ".join(text.split())


def inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed after it (the structure tree is in one)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            out.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_each_closure_percent_is_the_one_maths_computes(demo, poppler):
    text = flat(poppler.text(demo.pdf))
    engine = open_database(demo.db)
    with Session(engine) as session:
        rows = list_measures(session=session, engagement_id=demo.engagement_id)
    engine.dispose()
    for m in rows:
        value = closure_percent(m.direction, m.baseline_value, m.target_value, demo.latest[m.name])
        assert f"{value:.1f}% of the gap closed" in text, m.name
    # The same figures worked by hand: (71.5−61)/14, (340−283)/100, (73−71)/9.
    for shown in ("75.0%", "57.0%", "22.2%"):
        assert f"{shown} of the gap closed" in text


def test_figures_and_the_plain_summary_of_each_measure(demo, poppler):
    text = flat(poppler.text(demo.pdf))
    for value in (
        "First-contact resolution",
        "61 % of contacts",
        "75 % of contacts",
        "71.5 % of contacts",
        "on 21 Apr 2025",
        "283 contacts per week",
        "by 19 Jun 2025",
    ):
        assert value in text, value
    engine = open_database(demo.db)
    with Session(engine) as session:
        found = engagement_progress(session=session, engagement_id=demo.engagement_id, as_of=AS_OF)
    engine.dispose()
    assert len(found) == 3
    for item in found:
        assert item.summary in text, item.summary


def test_header_decisions_and_next_checkin(demo, poppler):
    text = flat(poppler.text(demo.pdf))
    for value in (
        "Progress report",
        "Customer Support – Tier 1",
        "Manager: Priya Nair",
        "Partner: Sam Okafor",
        "As of: 22 Apr 2025",
        "Next check-in: 19 May 2025",
    ):
        assert value in text, value
    decisions = text.split("Decisions so far")[1]
    for held, decision in (("24 Feb 2025", "Adjust"), ("24 Mar 2025", "Continue")):
        assert f"{held} {decision}" in decisions
    assert "21 Apr 2025 Adjust Repeat contacts flat since the last check-in" in decisions
    assert "TAIL-THAT-IS-CUT" not in text  # "what changed" is shortened…
    assert "…" in decisions  # …and says so
    assert text.count("Next check-in: 19 May 2025") == 2  # in the header and after decisions


def test_scaffold_status_and_who_has_a_part(demo, poppler):
    lines = poppler.text(demo.pdf, layout=True).splitlines()

    def row(name: str) -> str:
        return flat(next(line for line in lines if line.strip().startswith(name)))

    assert row("Buddy for new starters") == (
        "Buddy for new starters Under way Aisha (peer coach) 10 Mar 2025"
    )
    assert row("Knowledge-base owners rota") == "Knowledge-base owners rota Done — 21 Mar 2025"
    assert row("Fix of the day") == "Fix of the day Not started — 20 Apr 2025"
    # The latest note on a scaffold prints under its status.
    assert "Two pairs, weekly." in flat(poppler.text(demo.pdf).split("Buddy for new starters")[1])


def test_learning_activity_is_its_own_section_after_the_measures(demo, poppler):
    text = flat(poppler.text(demo.pdf))
    start = text.index("Performance measures")
    learning = text.index("Learning activity (not performance)")
    assert start < text.index("22.2% of the gap closed") < text.index("Scaffolds") < learning
    measures_part, learning_part = text[start:learning], text[learning:]
    assert "LTEM" not in measures_part and "Learning" not in measures_part
    assert "of the gap closed" not in learning_part
    assert "not performance measures" in learning_part

    engine = open_database(demo.db)
    with Session(engine) as session:
        html = progress_document(session, demo.engagement_id, today=AS_OF).html
    engine.dispose()
    performance, _, learning_html = html.partition('<section class="indicators')
    assert performance.count('class="trend-chart"') == 3
    assert "indicator-chart" not in performance
    assert learning_html.count('class="indicator-chart"') == 1
    assert "trend-chart" not in learning_html


def test_one_or_two_pages_tagged_with_alt_text_for_every_chart(demo, poppler):
    info = poppler.info(demo.pdf)
    assert info["Pages"] in ("1", "2")
    assert info["Page size"].startswith("595.276 x 841.89 pts")
    letter = poppler.info(demo.letter)
    assert letter["Pages"] in ("1", "2")
    assert letter["Page size"].startswith("612 x 792 pts")
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Progress report – Customer Support – Tier 1"
    tree = inflated(demo.pdf.read_bytes())
    engine = open_database(demo.db)
    with Session(engine) as session:
        found = engagement_progress(session=session, engagement_id=demo.engagement_id, as_of=AS_OF)
    engine.dispose()
    for item in found:
        assert b"/Alt (" + item.summary.encode() + b")" in tree, item.summary
    assert b"/Alt (Learning indicators by LTEM tier. Advisers who opened the billing guide" in tree


def test_fonts_embedded_nothing_attached_nothing_in_the_margin(demo, poppler):
    assert all(embedded for _, embedded in poppler.fonts(demo.pdf))
    assert "0 embedded files" in poppler.attachments(demo.pdf)
    assert poppler.overflowing(demo.pdf) == []
    assert poppler.overflowing(demo.letter) == []


def test_private_notes_and_other_names_stay_out(demo):
    engine = open_database(demo.db)
    with Session(engine) as session:  # never committed: the other tests see the demo unchanged
        html = progress_document(session, demo.engagement_id, today=AS_OF).html
        assert PRIVATE not in html
        assert "Aisha (peer coach)" in html
        scaffold_people.set_print_pseudonyms(
            session=session, engagement_id=demo.engagement_id, on=True
        )
        report = progress_context(session, demo.engagement_id, today=AS_OF)
        html = progress_document(session, demo.engagement_id, today=AS_OF).html
    engine.dispose()
    buddy = next(s for s in report.scaffolds if s.name == "Buddy for new starters")
    assert buddy.people == ("Person A (peer coach)",)
    assert "Aisha" not in html


def test_an_unknown_engagement_is_refused(tmp_path):
    engine = open_database(tmp_path / "empty.sqlite")
    with Session(engine) as session, pytest.raises(NotFoundError):
        render_progress_pdf(session, 99)
    engine.dispose()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (999.6, "99.9%"),  # 99.96% rounds to 100.0, but the target is not reached
        (1000.0, "100.0%"),
        (1250.0, "125.0%"),
        (393.0, "39.3%"),
        (-0.3, "0.0%"),  # no "−0.0%"
        (-125.0, "\u221212.5%"),
    ],
)
def test_closure_text(value, shown):
    yardstick = Yardstick(Direction.higher_is_better, 0, date(2025, 1, 1), 1000, date(2025, 6, 1))
    progress = assess(yardstick, [Reading(date(2025, 2, 1), value, 1)], as_of=date(2025, 2, 2))
    assert closure_text(progress) == shown
    assert closure_text(assess(yardstick, [], as_of=date(2025, 2, 2))) == "—"


def test_next_checkin_prefers_the_date_the_latest_checkin_agreed(tmp_path):
    engine = open_database(tmp_path / "next.sqlite")
    with transaction(engine) as session:
        e = engagements.create_engagement(
            session=session, data=EngagementDetails(team_name="Claims", manager_name="D")
        )
        assert e.id is not None
        for due in (date(2025, 3, 1), date(2025, 5, 1)):
            agreement.add_planned_checkin(session=session, engagement_id=e.id, due_on=due)

        def next_on(day: date) -> str:
            return progress_context(session, e.id, today=day).next_checkin

        assert next_on(date(2025, 2, 1)) == "1 Mar 2025"
        assert next_on(date(2025, 6, 1)) == "none planned"
        record_checkin(
            session=session,
            engagement_id=e.id,
            data=CheckInInput(held_on=date(2025, 3, 1), next_date=date(2025, 4, 12)),
        )
        assert next_on(date(2025, 3, 2)) == "12 Apr 2025"
        assert next_on(date(2025, 4, 13)) == "1 May 2025"  # the agreed date passed
    engine.dispose()


@pytest.fixture(scope="module")
def hostile_pdf(module_dir: Path) -> Path:
    """A progress report whose every typed text is markup or template syntax."""
    engine = open_database(module_dir / "hostile.sqlite")
    with transaction(engine) as session:
        e = engagements.create_engagement(
            session=session,
            data=EngagementDetails(
                team_name=f"Team {HOSTILE}",
                manager_name=f"Manager {HOSTILE}",
                partner_name='<img src="file:///etc/passwd">',
                organisation="{% raw %}",
            ),
        )
        assert e.id is not None
        m = measures.add_measure(
            session=session,
            engagement_id=e.id,
            data=MeasureInput(
                name=f"Measure {HOSTILE}",
                unit="<i>u</i>",
                baseline_value=1,
                baseline_date=date(2025, 1, 1),
                target_value=2,
                target_date=date(2025, 6, 1),
            ),
        )
        s = scaffolds.add_scaffold(
            session=session, engagement_id=e.id, data=ScaffoldInput(name=f"Scaffold {HOSTILE}")
        )
        member = people.add_member(session=session, engagement_id=e.id, name=f"Ann {HOSTILE}")
        assert m.id and s.id and member.id
        scaffold_people.give_part(
            session=session, scaffold_id=s.id, member_id=member.id, role=ScaffoldRole.champion
        )
        record_checkin(
            session=session,
            engagement_id=e.id,
            data=CheckInInput(
                held_on=date(2025, 2, 1),
                what_changed=f"Changed {HOSTILE} {{{{ 7*7 }}}}",
                observations=(ObservationInput(m.id, 1.5, HOSTILE),),
                scaffold_updates=(ScaffoldUpdateInput(s.id, ScaffoldStatus.under_way, HOSTILE),),
            ),
        )
        indicators.add_indicator(
            session=session,
            engagement_id=e.id,
            data=IndicatorInput(name=f"Indicator {HOSTILE}", ltem_tier=3, value=4),
        )
        pdf = module_dir / "hostile.pdf"
        pdf.write_bytes(render_progress_pdf(session, e.id, today=date(2025, 2, 2)))
    engine.dispose()
    return pdf


def test_hostile_text_prints_literally(hostile_pdf, poppler):
    text = flat(poppler.text(hostile_pdf))
    for value in (
        f"Team {HOSTILE}",
        f"Manager {HOSTILE}",
        f"Measure {HOSTILE}",
        "1.5 <i>u</i>",
        f"Scaffold {HOSTILE}",
        f"Ann {HOSTILE} (champion)",
        f"Changed {HOSTILE} {{{{ 7*7 }}}}",
        "50.0% of the gap closed",
    ):
        assert value in text, value
    # A narrow cell may wrap the partner's name; its characters are all there, in order.
    assert '<imgsrc="file:///etc/passwd">' in "".join(text.split())
    assert "49" not in text
    assert "root:x:0:0" not in text
    assert "0 embedded files" in poppler.attachments(hostile_pdf)


def test_the_chart_fetcher_serves_its_charts_and_refuses_the_rest(tmp_path, poppler):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
        b'<rect width="20" height="10"/></svg>'
    )
    fetcher = ChartAssetFetcher(templates_dir(), {"__chart__.svg": svg})
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="print.css"></head>'
        '<body><p>charts</p><img src="__chart__.svg" alt="A chart">'
        f'<img src="data:image/svg+xml,{svg.decode()}" alt="inline">'
        '<img src="file:///etc/passwd" alt="x"><img src="__other__.svg" alt="y"></body></html>'
    )
    pdf = tmp_path / "charts.pdf"
    pdf.write_bytes(html_to_pdf(html, fetcher=fetcher))
    assert fetcher.served == [(templates_dir() / "__chart__.svg").as_uri()]
    assert {url.split(",")[0] for url in fetcher.refused} == {
        "data:image/svg+xml",
        "file:///etc/passwd",
        (templates_dir() / "__other__.svg").as_uri(),
    }
    assert b"/Alt (A chart)" in inflated(pdf.read_bytes())
    with pytest.raises(URLFetchingError):
        fetcher.fetch((templates_dir().parent / "__chart__.svg").as_uri())
