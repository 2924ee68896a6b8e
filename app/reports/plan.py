"""The printed scaffolding plan: its context from the stored engagement, and its PDF."""

from datetime import date

from sqlmodel import Session

from app.reports.context import plan_context
from app.reports.render import html_to_pdf, render_html

PLAN_TEMPLATE = "plan.html"

__all__ = ["plan_context", "plan_html", "render_plan_pdf"]


def plan_html(
    session: Session, engagement_id: int, *, paper: str = "a4", today: date | None = None
) -> str:
    """The final HTML of the plan (what WeasyPrint lays out)."""
    context = plan_context(session, engagement_id, today=today)
    return render_html(PLAN_TEMPLATE, context, paper=paper)


def render_plan_pdf(
    session: Session, engagement_id: int, *, paper: str = "a4", today: date | None = None
) -> bytes:
    """The plan of one engagement as a tagged PDF on A4 or US Letter paper."""
    return html_to_pdf(plan_html(session, engagement_id, paper=paper, today=today))
