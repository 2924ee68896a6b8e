"""The printed scaffolding plan: its context from the stored engagement, and its PDF.

The plan settings (`app.services.settings`) give the paper when none is asked for, the
organisation's name when the engagement has none, and the logo on page 1.
"""

from datetime import date

from sqlmodel import Session

from app.reports.context import Ctx, plan_context
from app.reports.network_section import NetworkPrint, network_chart
from app.reports.paths import LOGO_NAME, templates_dir
from app.reports.render import html_to_pdf, render_html
from app.services.settings import PlanSettings, load_plan_settings, logo_mime_type

PLAN_TEMPLATE = "plan.html"

__all__ = ["plan_context", "plan_html", "plan_paper", "render_plan_pdf"]


def plan_paper(session: Session, paper: str | None = None) -> str:
    """`paper` if given, otherwise the paper chosen in the settings ("a4" by default)."""
    return paper if paper is not None else load_plan_settings(session=session).paper


def _with_settings(context: Ctx, settings: PlanSettings) -> Ctx:
    """The organisation from the settings when the engagement names none, and the logo's URL."""
    return {
        **context,
        "organisation": context["organisation"] or settings.organisation,
        # Relative to the templates folder: the fetcher answers it from memory, nothing else.
        "logo_url": LOGO_NAME if settings.logo_png else "",
    }


def _plan(
    session: Session,
    engagement_id: int,
    paper: str | None,
    today: date | None,
    settings: PlanSettings,
) -> tuple[str, NetworkPrint]:
    context = _with_settings(plan_context(session, engagement_id, today=today), settings)
    html = render_html(PLAN_TEMPLATE, context, paper=paper or settings.paper)
    return html, context["network_print"]


def plan_html(
    session: Session, engagement_id: int, *, paper: str | None = None, today: date | None = None
) -> str:
    """The final HTML of the plan (what WeasyPrint lays out)."""
    settings = load_plan_settings(session=session)
    return _plan(session, engagement_id, paper, today, settings)[0]


def render_plan_pdf(
    session: Session, engagement_id: int, *, paper: str | None = None, today: date | None = None
) -> bytes:
    """The plan of one engagement as a tagged PDF on A4 or US Letter (None: the setting).

    With a team network recorded, its diagram (the app's own SVG) is served from memory.
    """
    from app.reports.chart_fetcher import ChartAssetFetcher  # imports WeasyPrint

    settings = load_plan_settings(session=session)
    html, network = _plan(session, engagement_id, paper, today, settings)
    logo = None
    if settings.logo_png is not None:
        mime = logo_mime_type(settings.logo_png)
        logo = (settings.logo_png, mime) if mime else None
    fetcher = ChartAssetFetcher(templates_dir(), network_chart(network), logo=logo)
    return html_to_pdf(html, fetcher=fetcher)
