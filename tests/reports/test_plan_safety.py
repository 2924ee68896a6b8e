"""Hostile text prints literally; the renderer reads nothing outside report_templates/."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session
from weasyprint.urls import URLFetchingError

from app.reports.fetcher import TemplateAssetFetcher
from app.reports.paths import templates_dir
from app.reports.plan import render_plan_pdf
from app.reports.render import html_to_pdf, render_html
from app.services import behaviours, engagements, measures, scaffolds
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.engagements import EngagementDetails
from app.services.measures import MeasureInput
from app.services.scaffolds import ScaffoldInput
from models.db import open_database
from models.enums import GilbertCell

HOSTILE = (
    '<img src="file:///etc/passwd">',
    "{{ 7*7 }}",
    "{% raw %}",
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>@import url(http://example.com/x.css)</style>",
)
TEXT = " ".join(HOSTILE)
NAMES = ("Zażółć Gęślą Jaźń", "王小明", "فاطمة الزهراء", "Émilie Dupré")
PASSWD_LINE = "root:x:0:0"


@pytest.fixture(scope="module")
def hostile_pdf(module_dir: Path) -> Path:
    """A plan whose every text field is hostile, with Polish, Chinese and Arabic names."""
    engine = open_database(module_dir / "hostile.sqlite")
    with Session(engine) as session:
        e = engagements.create_engagement(
            session=session,
            data=EngagementDetails(
                team_name=f"Team {NAMES[1]} {{{{ 7*7 }}}}",
                manager_name=NAMES[2],
                partner_name=NAMES[0],
                organisation=NAMES[3],
                team_context=TEXT,
                request_verbatim=TEXT,
                meeting_date=date(2025, 1, 6),
            ),
        )
        assert e.id is not None
        engagements.set_business_goal(session=session, engagement_id=e.id, goal=TEXT)
        measures.add_measure(
            session=session,
            engagement_id=e.id,
            data=MeasureInput(
                name="{{ 7*7 }} <b>x</b>",
                unit="{% raw %}",
                baseline_value=1,
                baseline_date=date(2025, 1, 1),
                target_value=2,
                target_date=date(2025, 6, 1),
            ),
        )
        b = behaviours.add_behaviour(
            session=session,
            engagement_id=e.id,
            data=BehaviourInput(role=HOSTILE[0], expected=TEXT, current=TEXT),
        )
        assert b.id is not None
        cause = behaviours.add_cause(
            session=session,
            behaviour_id=b.id,
            data=CauseInput(cell=GilbertCell.knowledge, evidence=TEXT),
        )
        assert cause.id is not None
        scaffolds.add_scaffold(
            session=session,
            engagement_id=e.id,
            data=ScaffoldInput(name=HOSTILE[3], description=TEXT, cause_ids=(cause.id,)),
        )
        pdf = module_dir / "hostile.pdf"
        pdf.write_bytes(render_plan_pdf(session, e.id))
    engine.dispose()
    return pdf


def test_hostile_text_prints_literally(hostile_pdf, poppler):
    text = " ".join(poppler.text(hostile_pdf).split())
    for value in HOSTILE:
        assert value in text, value
    assert "49" not in text
    assert PASSWD_LINE not in text


def test_no_attachment_and_no_file_content(hostile_pdf, poppler):
    assert "0 embedded files" in poppler.attachments(hostile_pdf)
    data = hostile_pdf.read_bytes()
    assert b"/EmbeddedFile" not in data
    assert b"/FileAttachment" not in data


def test_polish_chinese_and_arabic_names_have_glyphs(hostile_pdf, poppler):
    text = poppler.text(hostile_pdf)
    for name in (NAMES[0], NAMES[1], NAMES[3]):
        assert name in text, name
    # Arabic is laid out right to left; pdftotext gives its words back, maybe reordered.
    assert all(word in text for word in NAMES[2].split())
    fonts = poppler.fonts(hostile_pdf)
    assert all(embedded for _, embedded in fonts)
    assert any("Scaffold-CJK" in name for name, _ in fonts)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "data:text/css,body{}",
        "file://evil.example.com/etc/passwd",
    ],
)
def test_fetcher_refuses_outside_urls(url):
    fetcher = TemplateAssetFetcher(templates_dir())
    with pytest.raises(URLFetchingError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_dot_dot_and_symlink_escapes(tmp_path):
    root = tmp_path / "templates"
    root.mkdir()
    (tmp_path / "secret.css").write_text("secret")
    (root / "link.css").symlink_to(tmp_path / "secret.css")
    fetcher = TemplateAssetFetcher(root)
    for url in (
        root.as_uri() + "/../secret.css",
        root.as_uri() + "/%2e%2e/secret.css",
        (root / "link.css").as_uri(),
        root.as_uri() + "/missing.css",
    ):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4


def test_fetcher_serves_bundled_assets():
    fetcher = TemplateAssetFetcher(templates_dir())
    response = fetcher.fetch((templates_dir() / "print.css").as_uri())
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


def test_a_hostile_template_still_reads_nothing_outside(tmp_path, poppler):
    root = tmp_path / "templates"
    root.mkdir()
    (tmp_path / "outside.css").write_text("body { color: red }")
    (root / "inside.css").write_text("p { margin: 0 }")
    (root / "escape.css").symlink_to(tmp_path / "outside.css")
    (root / "evil.html").write_text(
        "<html><head>"
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="attachment" href="inside.css">'
        '<link rel="stylesheet" href="http://example.com/x.css">'
        '<link rel="stylesheet" href="../outside.css">'
        '<link rel="stylesheet" href="escape.css">'
        '<link rel="stylesheet" href="inside.css">'
        "<style>@import url(file:///etc/passwd);</style>"
        "</head><body><p>{{ greeting }}</p>"
        '<img src="file:///etc/passwd"><img src="/etc/passwd">'
        '<object data="file:///etc/passwd"></object>'
        '<a rel="attachment" href="file:///etc/passwd">attach</a>'
        '<a rel="attachment" href="inside.css">attach inside</a>'
        "</body></html>"
    )
    html = render_html("evil.html", {"greeting": "hello {{ 7*7 }}"}, root=root)
    fetcher = TemplateAssetFetcher(root)
    pdf = tmp_path / "evil.pdf"
    pdf.write_bytes(html_to_pdf(html, root=root, fetcher=fetcher))

    refused = set(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert "http://example.com/x.css" in refused
    assert (tmp_path / "outside.css").as_uri() in refused
    assert (root / "escape.css").as_uri() in refused
    assert "hello {{ 7*7 }}" in poppler.text(pdf)
    assert "0 embedded files" in poppler.attachments(pdf)
    data = pdf.read_bytes()
    assert b"/EmbeddedFile" not in data
    assert PASSWD_LINE.encode() not in data
