"""Jinja2 to HTML (autoescaped; user text is only ever data) and HTML to a tagged PDF.

WeasyPrint is imported inside `html_to_pdf`, never at module import.
"""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.reports.paths import templates_dir

PAPER_SIZES = {"a4": "A4", "letter": "letter"}


class ReportError(Exception):
    """A report that cannot be produced, in words for the user."""


@cache
def environment(root: Path) -> Environment:
    """The Jinja environment for one templates folder: autoescape on, undefined is an error."""
    return Environment(
        loader=FileSystemLoader(root),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
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
    from weasyprint import HTML

    from app.reports.fetcher import TemplateAssetFetcher

    folder = root or templates_dir()
    fetcher = fetcher or TemplateAssetFetcher(folder, logo=logo)
    document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher).render(
        pdf_variant=pdf_variant
    )
    # Nothing is ever attached: drop <link rel="attachment"> and attachment links, if any.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    pdf: bytes = document.write_pdf(pdf_variant=pdf_variant, attachments=None)
    return pdf
