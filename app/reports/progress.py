"""The printed progress report: where each measure stands, the scaffolds, the decisions so far
and the learning indicators, with the charts drawn for it, as one tagged PDF.

It shares the plan's layout (`base.html`), stylesheet, fonts and restricted fetcher; the only
thing the fetcher answers beyond the templates folder is this report's own charts, from memory.
"""

from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import Session

from app.reports.paths import LOGO_NAME, templates_dir
from app.reports.progress_context import ProgressReport, progress_context
from app.reports.render import html_to_pdf, render_html
from app.services.settings import PlanSettings, load_plan_settings, logo_mime_type

PROGRESS_TEMPLATE = "progress.html"

__all__ = ["ProgressDocument", "progress_charts", "progress_document", "render_progress_pdf"]


@dataclass(frozen=True)
class ProgressDocument:
    """The report's final HTML, the charts it shows (by name) and the logo, ready for WeasyPrint."""

    html: str
    charts: dict[str, bytes]
    logo: tuple[bytes, str] | None


def progress_charts(report: ProgressReport) -> dict[str, bytes]:
    """Every chart the report shows, as SVG bytes by the name its template uses."""
    from app.charts.indicators import indicator_chart_svg
    from app.charts.trend import trend_chart_svg

    charts = {m.chart: trend_chart_svg(m.source.series, m.source.progress) for m in report.measures}
    if report.indicators.groups:
        charts[report.indicators.chart] = indicator_chart_svg(report.indicators.groups)
    return charts


def _values(report: ProgressReport, settings: PlanSettings) -> dict[str, object]:
    """The template's variables: the report's fields, with the settings' organisation and logo."""
    values: dict[str, object] = {f.name: getattr(report, f.name) for f in fields(report)}
    values["organisation"] = report.organisation or settings.organisation
    # Relative to the templates folder: the fetcher answers it from memory, nothing else.
    values["logo_url"] = LOGO_NAME if settings.logo_png else ""
    values["lang"] = "en"
    return values


def progress_document(
    session: Session, engagement_id: int, *, paper: str | None = None, today: date | None = None
) -> ProgressDocument:
    """The report as HTML with its charts; `NotFoundError` for an unknown engagement."""
    settings = load_plan_settings(session=session)
    report = progress_context(session, engagement_id, today=today)
    html = render_html(PROGRESS_TEMPLATE, _values(report, settings), paper=paper or settings.paper)
    logo = None
    if settings.logo_png is not None:
        mime = logo_mime_type(settings.logo_png)
        logo = (settings.logo_png, mime) if mime else None
    return ProgressDocument(html=html, charts=progress_charts(report), logo=logo)


def render_progress_pdf(
    session: Session, engagement_id: int, *, paper: str | None = None, today: date | None = None
) -> bytes:
    """The progress report of one engagement as a tagged PDF on A4 or US Letter (None: the
    setting), as of `today` (default: today)."""
    from app.reports.chart_fetcher import ChartAssetFetcher  # imports WeasyPrint

    document = progress_document(session, engagement_id, paper=paper, today=today)
    fetcher = ChartAssetFetcher(templates_dir(), document.charts, logo=document.logo)
    return html_to_pdf(document.html, fetcher=fetcher)
