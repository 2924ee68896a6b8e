"""Plan settings: paper, organisation and logo reach the PDF; bad logos are refused."""

import io
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session
from weasyprint.urls import URLFetchingError

from app.cli import main
from app.reports.fetcher import TemplateAssetFetcher
from app.reports.paths import LOGO_NAME, logo_url, templates_dir
from app.reports.plan import plan_paper, render_plan_pdf
from app.services import engagements
from app.services.engagements import EngagementDetails
from app.services.settings import (
    MAX_LOGO_BYTES,
    PlanSettings,
    load_plan_settings,
    save_plan_settings,
)
from app.validation import ValidationError

LETTER = "612 x 792 pts"
A4 = "595.276 x 841.89 pts"


def picture(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> bytes:
    """A small real picture, as the bytes of a PNG or JPEG file."""
    out = io.BytesIO()
    Image.new("RGB", size, (23, 50, 77)).save(out, format=kind)
    return out.getvalue()


def add_engagement(engine: Engine, organisation: str = "") -> int:
    with Session(engine) as session:
        e = engagements.create_engagement(
            session=session,
            data=EngagementDetails(
                team_name="Claims desk",
                manager_name="Priya Shah",
                organisation=organisation,
                meeting_date=date(2025, 3, 3),
            ),
        )
        session.commit()
        assert e.id is not None
        return e.id


def save(engine: Engine, data: PlanSettings) -> None:
    with Session(engine) as session:
        save_plan_settings(session=session, data=data)
        session.commit()


def render(engine: Engine, engagement_id: int, target: Path, paper: str | None = None) -> Path:
    with Session(engine) as session:
        target.write_bytes(render_plan_pdf(session, engagement_id, paper=paper))
    return target


def images(pdf: Path) -> list[str]:
    """The rows of `pdfimages -list` (one per image drawn)."""
    out = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return out.splitlines()[2:]


def stored_keys(engine: Engine) -> dict[str, str]:
    with sqlite3.connect(str(engine.url.database)) as db:
        return dict(db.execute("SELECT key, value FROM app_setting WHERE key LIKE 'plan.%'"))


def test_defaults_when_nothing_is_set(db_engine):
    with Session(db_engine) as session:
        assert load_plan_settings(session=session) == PlanSettings()
        assert plan_paper(session) == "a4"
        assert plan_paper(session, "letter") == "letter"


def test_paper_comes_from_the_settings(db_engine, tmp_path, poppler):
    eid = add_engagement(db_engine)
    assert poppler.info(render(db_engine, eid, tmp_path / "a4.pdf"))["Page size"].startswith(A4)
    save(db_engine, PlanSettings(paper="letter"))
    pdf = render(db_engine, eid, tmp_path / "letter.pdf")
    assert poppler.info(pdf)["Page size"].startswith(LETTER)
    # An explicit paper still wins over the setting.
    pdf = render(db_engine, eid, tmp_path / "asked.pdf", paper="a4")
    assert poppler.info(pdf)["Page size"].startswith(A4)


def test_cli_render_without_paper_uses_the_setting(db_engine, tmp_path, capsys, poppler):
    eid = add_engagement(db_engine)
    save(db_engine, PlanSettings(paper="letter"))
    db = str(db_engine.url.database)
    target = tmp_path / "cli.pdf"
    assert main(["render", str(eid), "-o", str(target), "--db", db]) == 0
    assert "(LETTER)" in capsys.readouterr().out
    assert poppler.info(target)["Page size"].startswith(LETTER)


def test_organisation_from_the_settings_when_the_engagement_has_none(db_engine, tmp_path, poppler):
    save(db_engine, PlanSettings(organisation="Northwind Mutual"))
    bare = add_engagement(db_engine)
    text = poppler.text(render(db_engine, bare, tmp_path / "bare.pdf")).upper()
    assert text.count("NORTHWIND MUTUAL") >= 2  # page 1's masthead and the running footer
    own = add_engagement(db_engine, organisation="Contoso Care")
    text = poppler.text(render(db_engine, own, tmp_path / "own.pdf")).upper()
    assert "CONTOSO CARE" in text and "NORTHWIND" not in text


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_the_logo_is_drawn_on_page_one(db_engine, tmp_path, kind):
    eid = add_engagement(db_engine)
    assert images(render(db_engine, eid, tmp_path / "none.pdf")) == []
    save(db_engine, PlanSettings(organisation="Northwind", logo_png=picture(kind)))
    rows = images(render(db_engine, eid, tmp_path / "logo.pdf"))
    assert len(rows) == 1
    page, _num, _type, width, height = rows[0].split()[:5]
    assert (page, width, height) == ("1", "120", "40")


def test_removing_the_logo_removes_it_from_the_plan(db_engine, tmp_path):
    eid = add_engagement(db_engine)
    save(db_engine, PlanSettings(logo_png=picture()))
    save(db_engine, PlanSettings(logo_png=None))
    assert "plan.logo" in stored_keys(db_engine) and stored_keys(db_engine)["plan.logo"] == ""
    assert images(render(db_engine, eid, tmp_path / "removed.pdf")) == []


@pytest.mark.parametrize(
    ("logo", "words"),
    [
        (b"%PDF-1.7 not a picture", "PNG or JPEG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG or JPEG"),
        (b"GIF89a" + bytes(40), "PNG or JPEG"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(MAX_LOGO_BYTES), "at most 1 MB"),
    ],
)
def test_a_bad_logo_is_refused_and_nothing_is_stored(db_engine, logo, words):
    with Session(db_engine) as session, pytest.raises(ValidationError) as caught:
        save_plan_settings(
            session=session, data=PlanSettings(paper="letter", organisation="X", logo_png=logo)
        )
    assert caught.value.field == "logo"
    assert words in caught.value.message
    assert stored_keys(db_engine) == {}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PlanSettings(paper="a3"), "paper"),
        (PlanSettings(organisation="x" * 201), "organisation"),
    ],
)
def test_bad_paper_or_organisation_is_refused(db_engine, data, field):
    with Session(db_engine) as session, pytest.raises(ValidationError) as caught:
        save_plan_settings(session=session, data=data)
    assert caught.value.field == field
    assert stored_keys(db_engine) == {}


def test_values_are_cleaned_and_read_back(db_engine):
    logo = picture("JPEG")
    save(db_engine, PlanSettings(paper=" Letter ", organisation="  Northwind  ", logo_png=logo))
    with Session(db_engine) as session:
        assert load_plan_settings(session=session) == PlanSettings("letter", "Northwind", logo)


def test_a_damaged_stored_logo_is_ignored(db_engine):
    with sqlite3.connect(str(db_engine.url.database)) as db:
        db.execute(
            "INSERT INTO app_setting (key, value) VALUES ('plan.logo', 'bm90IGEgcGljdHVyZQ==')"
        )
    with Session(db_engine) as session:
        assert load_plan_settings(session=session).logo_png is None


def test_the_fetcher_serves_the_logo_only_at_its_one_url():
    root = templates_dir()
    logo = picture()
    fetcher = TemplateAssetFetcher(root, logo=(logo, "image/png"))
    response = fetcher.fetch(logo_url(root))
    assert response.content_type == "image/png" and response.read() == logo
    refused = [
        (root / (LOGO_NAME + "x")).as_uri(),
        (root / "sections" / LOGO_NAME).as_uri(),
        logo_url(root) + "?x=1",
        (root.parent / LOGO_NAME).as_uri(),
        "file:///etc/passwd",
        "http://example.com/" + LOGO_NAME,
    ]
    for url in refused:
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)
    assert fetcher.refused == refused
    # Without a logo in the settings, its URL is refused like any missing file.
    bare = TemplateAssetFetcher(root)
    with pytest.raises(URLFetchingError):
        bare.fetch(logo_url(root))
    assert bare.refused == [logo_url(root)]
