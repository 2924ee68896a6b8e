"""What a render keeps for the next one gives the same PDF as a fresh start, and nothing stale.

Kept between renders: WeasyPrint's font configuration (by templates folder), the compiled
templates, the network's analysis and diagram (by their content). Changing the data changes the
plan. The garbage collector, paused while WeasyPrint works, always runs again afterwards.
"""

import gc
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.demo import load_demo
from app.reports.network_section import NETWORK_CHART, network_chart, network_print
from app.reports.paths import templates_dir
from app.reports.pdf_run import forget_font_configurations, pdf_run
from app.reports.plan import plan_html, render_plan_pdf
from app.reports.progress import render_progress_pdf
from app.services import people
from app.services.scaffold_people import set_print_pseudonyms
from models.db import transaction
from models.enums import TieType

TODAY = date(2026, 3, 1)


@pytest.fixture
def demo(db_engine: Engine) -> int:
    with transaction(db_engine) as s:
        return load_demo(session=s, today=TODAY).id or 0


def test_a_kept_font_configuration_makes_the_same_pdf_as_a_fresh_one(
    db_engine: Engine, demo: int
) -> None:
    forget_font_configurations()
    with transaction(db_engine) as s:
        fresh = render_plan_pdf(s, demo, today=TODAY)
        render_progress_pdf(s, demo, today=TODAY)  # another document on the same fonts
        kept = render_plan_pdf(s, demo, today=TODAY)
    assert kept == fresh
    with pdf_run(templates_dir()) as first:
        pass
    with pdf_run(templates_dir()) as second:
        pass
    assert second is first  # it was kept, not made again


def test_renders_at_the_same_time_never_share_a_font_configuration(tmp_path: Path) -> None:
    root = templates_dir()
    with pdf_run(root) as one, pdf_run(root) as two:
        assert one is not two
    with pdf_run(root) as again, pdf_run(root) as again_too:
        assert {id(again), id(again_too)} == {id(one), id(two)}
    with pdf_run(tmp_path) as elsewhere:
        assert elsewhere not in (one, two)  # another folder's fonts are its own


def test_the_plan_html_is_the_same_when_rendered_again(db_engine: Engine, demo: int) -> None:
    with transaction(db_engine) as s:
        first = plan_html(s, demo, today=TODAY)
        assert plan_html(s, demo, today=TODAY) == first


def test_a_new_tie_or_pseudonyms_change_the_network_section_and_diagram(
    db_engine: Engine, demo: int
) -> None:
    with transaction(db_engine) as s:
        before = network_print(s, demo)
        diagram = network_chart(before)[NETWORK_CHART]
        assert before.analysis is not None
        linked = {(link.from_id, link.to_id) for link in before.analysis.links}
        ids = [p.member_id for p in before.analysis.people]
        asker, asked = next((a, b) for a in ids for b in ids if a != b and (a, b) not in linked)
        people.add_tie(
            session=s,
            engagement_id=demo,
            from_member_id=asker,
            to_member_id=asked,
            tie_type=TieType.help,
        )
    with transaction(db_engine) as s:
        with_tie = network_print(s, demo)
        set_print_pseudonyms(session=s, engagement_id=demo, on=True)
    with transaction(db_engine) as s:
        hidden = network_print(s, demo)
    assert before.context is not None and with_tie.context is not None
    assert with_tie.context["ties"] == before.context["ties"] + 1
    assert network_chart(with_tie)[NETWORK_CHART] != diagram
    assert hidden.analysis == with_tie.analysis  # the same network, printed under other names
    assert hidden.names != with_tie.names
    assert network_chart(hidden)[NETWORK_CHART] != network_chart(with_tie)[NETWORK_CHART]


def test_the_collector_is_paused_while_any_render_runs_and_runs_again_after() -> None:
    root = templates_dir()
    assert gc.isenabled()
    with pdf_run(root):
        assert not gc.isenabled()
        with pdf_run(root):
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first render is still running
    assert gc.isenabled()


def test_a_failed_render_runs_the_collector_again_and_its_fonts_are_not_kept() -> None:
    root = templates_dir()
    with pytest.raises(RuntimeError), pdf_run(root) as failed:
        raise RuntimeError("layout failed")
    assert gc.isenabled()
    with pdf_run(root) as one, pdf_run(root) as two, pdf_run(root) as three:
        assert failed not in (one, two, three)


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with pdf_run(templates_dir()):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
