"""Jinja2 to HTML (autoescaped; user text is only ever data) and HTML to a tagged PDF.

WeasyPrint is imported only when a PDF is rendered, never at module import.
"""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.reports.paths import templates_dir
from app.reports.pdf_run import pdf_run

PAPER_SIZES = {"a4": "A4", "letter": "letter"}


class ReportError(Exception):
    """A report that cannot be produced, in words for the user."""


@cache
def environment(root: Path) -> Environment:
    """The Jinja environment for one templates folder: autoescape on, undefined is an error.

    Made once per folder and kept: each template is compiled on first use only. The templates
    are bundled and never change while Scaffold runs, so they are not checked for changes.
    """
    return Environment(
        loader=FileSystemLoader(root),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def page_size(paper: str) -> str:
    """The CSS page size for "a4" or "letter"; `ReportError` for anything else."""
    try:
        return PAPER_SIZES[paper.lower()]
    except KeyError:
        raise ReportError(f"Unknown paper size {paper!r}; use a4 or letter.") from None


def render_html(
    template: str, context: dict[str, Any], *, paper: str = "a4", root: Path | None = None
) -> str:
    """The final HTML of a report template."""
    folder = root or templates_dir()
    return environment(folder).get_template(template).render(**context, page_size=page_size(paper))


def html_to_pdf(
    html: str,
    *,
    root: Path | None = None,
    fetcher: Any = None,
    pdf_variant: str = "pdf/ua-1",
    logo: tuple[bytes, str] | None = None,
) -> bytes:
    """A tagged PDF of `html`, reading assets only from the templates folder; no attachments.

    `fetcher` defaults to a `TemplateAssetFetcher` on `root` (serving `logo`, bytes and MIME
    type, at the fixed logo URL); pass one to inspect what it refused.
    """
    from app.reports.fetcher import TemplateAssetFetcher

    folder = root or templates_dir()
    fetcher = fetcher or TemplateAssetFetcher(folder, logo=logo)
    with pdf_run(folder) as fonts:  # until the PDF is written: its fonts are read till then
        return _write_pdf(html, folder, fetcher, fonts, pdf_variant)


def _write_pdf(html: str, folder: Path, fetcher: Any, fonts: Any, pdf_variant: str) -> bytes:
    """Parse, lay out and write; all of it is dropped on return, before `pdf_run` ends."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher).render(
        pdf_variant=pdf_variant, font_config=fonts
    )
    # Nothing is ever attached: drop <link rel="attachment"> and attachment links, if any.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    pdf: bytes = document.write_pdf(pdf_variant=pdf_variant, attachments=None)
    return pdf
