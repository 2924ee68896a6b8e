"""Hostile text in every field of an engagement prints literally, and rendering reads nothing
outside report_templates/.

Every free-text field of the full hand-built engagement (the one that uses every part of the
exchange file) gets a numbered marker and a hostile snippet: markup, script, file and CSS
URLs, Jinja expressions and includes, LaTeX. It is imported through the exchange file, so the
services check each value. The organisation's name in the Preferences is hostile too, and the
logo is a PNG whose body is SVG pointing at /etc/passwd. Both reports are rendered while an
audit hook lists every file Python opens.
"""

import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from jinja2 import TemplateNotFound
from sqlmodel import Session
from strategies import build_full_engagement

from app.exchange.document import dumps, export_engagement
from app.exchange.importer import import_document
from app.exchange.schema import load_schema
from app.reports.paths import templates_dir
from app.reports.plan import plan_html, render_plan_pdf
from app.reports.progress import progress_document, render_progress_pdf
from app.reports.render import environment, render_html
from app.services.settings import PlanSettings, save_plan_settings
from models.db import open_database, transaction

SNIPPETS = (
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<img src=file:///etc/passwd>",
    '<link rel="stylesheet" href="file:///etc/passwd">',
    "<style>@import url(file:///etc/passwd)</style>",
    "url(file:///etc/passwd)",
    "{{ 7*7 }}",
    "{% include '../../etc/passwd' %}",
    "{{ self.__init__.__globals__ }}",
    r"$\frac{1}{2}$ \input{/etc/passwd}",
    "&amp; &lt;i&gt;",
    '<a href="file:///etc/passwd" rel="attachment">x</a>',
)
PASSWD = b"root:x:0:0"
PRIVATE = "PRIVATE-"
TODAY = date(2025, 4, 1)


def _enum_values() -> set[str]:
    values: set[str] = set()
    for definition in load_schema()["$defs"].values():
        values.update(v for v in definition.get("enum", []) if isinstance(v, str))
    return values


# Keys of the exchange file that hold free text; all others are refs, dates, enums or numbers.
FREE_TEXT = frozenset(
    {
        "business_goal",
        "business_unit",
        "current",
        "data_source",
        "description",
        "evidence",
        "expected",
        "goal",
        "manager_name",
        "manager_signature",
        "name",
        "note",
        "organisation",
        "owner",
        "partner_name",
        "partner_signature",
        "pseudonym",
        "reason",
        "request",
        "request_verbatim",
        "role",
        "summary",
        "support",
        "task",
        "team_context",
        "team_name",
        "text",
        "unit",
        "what_changed",
    }
)


# Where the hostile text must print (list indexes left out): every field the plan or the
# progress report shows. The rest (old signed versions, the check-in history, member names
# under pseudonyms, private notes…) does not print.
MUST_PRINT = (
    "team_name",
    "manager_name",
    "partner_name",
    "team_context",
    "request_verbatim",
    "business_goal",
    "measures[].name",
    "measures[].unit",
    "measures[].data_source",
    "measures[].owner",
    "behaviours[].role",
    "behaviours[].expected",
    "behaviours[].current",
    "behaviours[].causes[].evidence",
    "scaffolds[].name",
    "scaffolds[].description",
    "readiness[].support",
    "responsibilities[].task",
    "support_phases[].note",
    "checkins[].what_changed",
    "checkins[].scaffold_updates[].note",
    "learning_indicators[].name",
    "learning_indicators[].unit",
    "team_members[].pseudonym",
)


def make_hostile(doc: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Give every free-text value a marker (Q001…) and a snippet; returns marker → (where
    in the engagement, without list indexes; the whole text).

    Private notes get PRIVATE- markers: they must never print.
    """
    enums = _enum_values()
    texts: dict[str, tuple[str, str]] = {}
    stack: list[tuple[Any, str]] = [(doc["engagement"], "")]
    while stack:
        node, where = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            inner = f"{where}[]" if isinstance(key, int) else f"{where}.{key}".lstrip(".")
            if isinstance(value, dict | list):
                stack.append((value, inner))
            elif key in FREE_TEXT and isinstance(value, str) and value not in enums:
                n = len(texts) + 1
                marker = f"{PRIVATE}{n:03d}" if key == "text" else f"Q{n:03d}"
                node[key] = f"{marker} {SNIPPETS[n % len(SNIPPETS)]}"
                texts[marker] = (inner, node[key])
    doc["engagement"]["organisation"] = ""  # so the Preferences' name prints instead
    return texts


@dataclass(frozen=True)
class Rendered:
    texts: dict[str, tuple[str, str]]  # marker → (where, the whole hostile value)
    organisation: str
    plan_html: str
    progress_html: str
    plan_text: str
    progress_text: str
    pdf_bytes: bytes
    opened: list[str]  # every file Python opened while rendering


class _OpenedFiles:
    """An audit hook listing the files opened by this thread while `recording`."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.thread: int | None = None

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and self.thread == threading.get_ident() and args[0] is not None:
            path = args[0]
            if isinstance(path, bytes):
                path = path.decode(errors="replace")
            if isinstance(path, str | Path):
                self.paths.append(str(path))

    def recording(self) -> "_Recording":
        return _Recording(self)


class _Recording:
    def __init__(self, owner: _OpenedFiles) -> None:
        self.owner = owner

    def __enter__(self) -> list[str]:
        self.owner.paths = []
        self.owner.thread = threading.get_ident()
        return self.owner.paths

    def __exit__(self, *exc: object) -> None:
        self.owner.thread = None


OPENED = _OpenedFiles()
sys.addaudithook(OPENED.audit)  # hooks cannot be removed; it records only while asked


def _png_polyglot() -> bytes:
    """PNG's signature, then SVG that would read /etc/passwd if anything took it for SVG."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/>'
        '<text><tref xlink:href="file:///etc/passwd#x"/></text></svg>'
    )
    return b"\x89PNG\r\n\x1a\n" + svg.encode()


@pytest.fixture(scope="module")
def rendered(module_dir: Path, poppler: Any) -> Iterator[Rendered]:
    source = open_database(module_dir / "source.sqlite")
    with transaction(source) as session:
        eid = build_full_engagement(session)
    with transaction(source) as session:
        doc = export_engagement(session, eid, include_private=True)
    source.dispose()
    texts = make_hostile(doc)

    engine = open_database(module_dir / "hostile.sqlite")
    organisation = "Org <i>x</i> {{ 7*7 }} url(file:///etc/passwd)"
    with transaction(engine) as session:
        (new_id,) = import_document(session, dumps(doc))
        save_plan_settings(
            session=session,
            data=PlanSettings(organisation=organisation, logo_png=_png_polyglot()),
        )
    with Session(engine) as session:
        html_plan = plan_html(session, new_id, today=TODAY)
        html_progress = progress_document(session, new_id, today=TODAY).html
        # A first render imports WeasyPrint and fills matplotlib's caches (reading system
        # files such as /etc/mime.types once); the second shows what rendering itself reads.
        render_plan_pdf(session, new_id, today=TODAY)
        render_progress_pdf(session, new_id, today=TODAY)
        with OPENED.recording() as opened:
            plan = render_plan_pdf(session, new_id, today=TODAY)
            progress = render_progress_pdf(session, new_id, today=TODAY)
            opened = list(opened)
    engine.dispose()
    (module_dir / "plan.pdf").write_bytes(plan)
    (module_dir / "progress.pdf").write_bytes(progress)
    yield Rendered(
        texts=texts,
        organisation=organisation,
        plan_html=html_plan,
        progress_html=html_progress,
        plan_text=poppler.text(module_dir / "plan.pdf"),
        progress_text=poppler.text(module_dir / "progress.pdf"),
        pdf_bytes=plan + progress,
        opened=opened,
    )


def _squeezed(text: str) -> str:
    """Without any white space: a line broken anywhere by the layout still matches."""
    return re.sub(r"\s+", "", text)


def test_every_field_that_prints_prints_literally(rendered: Rendered) -> None:
    printed = _squeezed(rendered.plan_text + rendered.progress_text)
    shown = {marker for marker in rendered.texts if marker in printed}
    # A marker is followed by its whole snippet, exactly as typed: nothing was interpreted.
    for marker in shown:
        assert _squeezed(rendered.texts[marker][1]) in printed, rendered.texts[marker]
    assert {rendered.texts[marker][0] for marker in shown} >= set(MUST_PRINT)
    assert _squeezed(rendered.organisation) in _squeezed(rendered.plan_text)


def test_each_kind_of_hostile_snippet_is_among_the_printed_fields(rendered: Rendered) -> None:
    printed = _squeezed(rendered.plan_text + rendered.progress_text)
    for snippet in SNIPPETS:
        assert _squeezed(snippet) in printed, snippet


def test_private_notes_never_print(rendered: Rendered) -> None:
    assert PRIVATE not in rendered.plan_text + rendered.progress_text
    assert PRIVATE not in rendered.plan_html + rendered.progress_html


def test_markup_reaches_the_html_escaped_only(rendered: Rendered) -> None:
    for html in (rendered.plan_html, rendered.progress_html):
        for snippet in SNIPPETS:
            if any(c in snippet for c in "<>&'\""):
                assert snippet not in html, snippet
        assert "{{ 7*7 }}" in html  # data is never rendered as a template
    both = rendered.plan_html + rendered.progress_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in both
    assert "{% include &#39;../../etc/passwd&#39; %}" in both


def test_no_file_content_and_no_attachment(rendered: Rendered, module_dir: Path, poppler) -> None:
    assert PASSWD not in rendered.pdf_bytes
    assert b"/EmbeddedFile" not in rendered.pdf_bytes
    for name in ("plan.pdf", "progress.pdf"):
        assert "0 embedded files" in poppler.attachments(module_dir / name)


def _allowed(path: Path) -> bool:
    """Where rendering may read: the templates, the program's installed files (Python, the
    data of WeasyPrint and matplotlib, matplotlib's font cache) and the folders WeasyPrint
    makes for the templates' fonts, for fontconfig."""
    roots = {templates_dir(), Path(sys.prefix), Path(sys.base_prefix)}
    roots |= {Path(matplotlib.get_cachedir()), Path(matplotlib.get_configdir())}
    if any(path.is_relative_to(root.resolve()) for root in roots):
        return True
    temp = Path(tempfile.gettempdir()).resolve()
    return path.is_relative_to(temp) and path.relative_to(temp).parts[0].startswith("weasyprint-")


def test_rendering_reads_no_file_outside_the_templates_and_the_program(
    rendered: Rendered,
) -> None:
    outside = [path for path in rendered.opened if not _allowed(Path(path).resolve())]
    assert outside == []
    assert not any("passwd" in path for path in rendered.opened)
    # The recording works: the stylesheet came from the templates (fonts may be cached).
    assert str(templates_dir() / "print.css") in rendered.opened


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "sections/../../pyproject.toml", "..\\plan.html"],
)
def test_the_template_loader_stays_inside_the_templates(name: str) -> None:
    with pytest.raises(TemplateNotFound):
        environment(templates_dir()).get_template(name)


def test_an_include_in_a_template_cannot_leave_the_templates(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    (tmp_path / "secret.html").write_text("SECRET")
    (root / "evil.html").write_text("{% include '../secret.html' %}")
    with pytest.raises(TemplateNotFound):
        render_html("evil.html", {}, root=root)


def test_user_text_is_data_even_where_templates_would_evaluate_it(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    (root / "echo.html").write_text("<p>{{ value }}</p>")
    value = "{% include 'echo.html' %}{{ 7*7 }}<b>"
    html = render_html("echo.html", {"value": value}, root=root)
    assert html == "<p>{% include &#39;echo.html&#39; %}{{ 7*7 }}&lt;b&gt;</p>"
