"""The demo engagement's plan, rendered for real and read back with poppler-utils."""

import re
import zlib
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from app.demo import load_demo
from app.reports.plan import plan_context, plan_html, render_plan_pdf
from app.services.agreement import SignOff, amend_agreement, sign_agreement
from models.db import open_database, transaction

TODAY = date(2025, 3, 3)
PRIVATE = "under pressure from her director"

SECTIONS = (
    "Scaffolding plan",
    "Business goal",
    "Measures",
    "Critical behaviours",
    "Chosen scaffolds",
    "The diagnostic trail",
    "The request, as asked",
    "The reframed business goal",
    "Why they don't happen: causes by the six cells",
    "Will learning help?",
    "The scaffolding plan",
    "Performance measures and review",
    "Review schedule",
    "Learning indicators",
    "Roles and responsibilities",
    "The partner's support over time",
    "New-skills readiness",
    "Sign-off",
)
VALUES = (
    "Northwind Utilities",
    "Customer Support – Tier 1",
    "Priya Nair",
    "Sam Okafor",
    "First-contact resolution",
    "61 % of contacts",
    "75 % of contacts",
    "Repeat-contact feedback for each adviser",
    "Billing decision guide",
    "Fix of the day",
    "Knowledge-base owners rota",
    "empathy course",
    "Information and feedback",
    "Knowledge and skills",
    "Advisers who opened the billing guide",
    "Stepping back",
    "Personal knowledge management",
    "Partly.",
    "Page 1 of",
    "Version 1",
)


@pytest.fixture(scope="module")
def demo(module_dir: Path) -> dict[str, Path]:
    """The demo plan on A4 (signed), on Letter, and as an unsigned draft after amending."""
    engine = open_database(module_dir / "demo.sqlite")
    out = {}
    with transaction(engine) as session:
        eid = load_demo(session=session, today=TODAY).id
        assert eid is not None
        for name, paper in (("a4", "a4"), ("letter", "letter")):
            out[name] = module_dir / f"{name}.pdf"
            out[name].write_bytes(render_plan_pdf(session, eid, paper=paper, today=TODAY))
        amend_agreement(session=session, engagement_id=eid)
        out["draft"] = module_dir / "draft.pdf"
        out["draft"].write_bytes(render_plan_pdf(session, eid, today=TODAY))
        sign_agreement(
            session=session,
            engagement_id=eid,
            data=SignOff("Priya Nair", TODAY, "Sam Okafor", TODAY),
        )
        out["resigned"] = module_dir / "resigned.pdf"
        out["resigned"].write_bytes(render_plan_pdf(session, eid, today=TODAY))
    engine.dispose()
    return out


def test_every_section_and_key_value_is_printed(demo, poppler):
    text = " ".join(poppler.text(demo["a4"]).split())
    for heading in SECTIONS + VALUES:
        assert heading in text, heading


def test_page_one_is_the_summary(demo, poppler):
    first = poppler.text(demo["a4"]).split("\f")[0]
    for value in ("Business goal", "Chosen scaffolds", "Next check-in", "Fix of the day"):
        assert value in first
    assert "The diagnostic trail" not in first


def test_page_sizes(demo, poppler):
    assert poppler.info(demo["a4"])["Page size"].startswith("595.276 x 841.89 pts")
    assert poppler.info(demo["letter"])["Page size"].startswith("612 x 792 pts")


def test_metadata_and_tagging(demo, poppler):
    info = poppler.info(demo["a4"])
    assert info["Title"] == "Scaffolding plan – Customer Support – Tier 1"
    assert info["Author"] == "Sam Okafor"
    assert info["Tagged"] == "yes"
    assert b"/Lang (en)" in inflated(demo["a4"].read_bytes())


def inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed after it (object streams hold the catalog)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            out.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_bundled_fonts_are_embedded(demo, poppler):
    fonts = poppler.fonts(demo["a4"])
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("Scaffold-Sans" in name for name, _ in fonts)


def test_private_notes_are_absent(demo, poppler):
    for name in ("a4", "draft", "resigned"):
        assert PRIVATE not in " ".join(poppler.text(demo[name]).split())


def test_private_notes_are_not_even_in_the_context(module_dir):
    engine = open_database(module_dir / "context.sqlite")
    with Session(engine) as session:
        eid = load_demo(session=session, today=TODAY).id
        assert eid is not None
        assert PRIVATE not in repr(plan_context(session, eid, today=TODAY))
        assert PRIVATE not in plan_html(session, eid, today=TODAY)
    engine.dispose()


def test_draft_mark_only_while_unsigned(demo, poppler):
    assert "DRAFT" not in poppler.text(demo["a4"])
    draft = poppler.text(demo["draft"])
    assert "DRAFT" in draft
    assert "draft, not signed" in draft
    assert "Version 2" in draft
    assert "DRAFT" not in poppler.text(demo["resigned"])


def test_signatures_print_names_and_dates_once_signed(demo, poppler):
    signoff = poppler.text(demo["a4"]).split("Sign-off")[-1]
    assert "Manager: Priya Nair" in signoff and "Partner: Sam Okafor" in signoff
    assert signoff.count("Date: 21 Jan 2025") == 2  # the day after the meeting (TODAY - 41 days)


def test_nothing_runs_into_the_margin(demo, poppler):
    for name in ("a4", "letter"):
        assert poppler.overflowing(demo[name]) == []


def test_no_attachment_is_embedded(demo, poppler):
    assert "0 embedded files" in poppler.attachments(demo["a4"])
    assert b"/EmbeddedFile" not in demo["a4"].read_bytes()
