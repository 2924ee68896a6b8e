"""Rendering the plan's PDF off the GUI thread, with its own database session."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal
from sqlalchemy.exc import SQLAlchemyError

from app.storage import StorageError, transaction
from app.validation import NotFoundError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

# (session, engagement_id, paper) -> PDF bytes; `app.reports.plan.render_plan_pdf` in the app.
RenderFunction = Callable[["Session", int, str], bytes]

_log = logging.getLogger(__name__)


def _render_with_weasyprint(session: Session, engagement_id: int, paper: str) -> bytes:
    """The real renderer, imported only when a plan is first shown (WeasyPrint is slow to load)."""
    from app.reports.plan import render_plan_pdf

    return render_plan_pdf(session, engagement_id, paper=paper)


def failure_message(exc: Exception) -> str:
    """What to tell the person when the plan could not be made (never a traceback)."""
    if isinstance(exc, NotFoundError):
        return "This consultation no longer exists, so there is no plan to show."
    if isinstance(exc, ValidationError):
        return f"The plan could not be prepared: {exc.message}"
    if isinstance(exc, StorageError | SQLAlchemyError):
        reason = getattr(exc, "orig", None) or exc
        return f"The plan could not be read from the database: {reason}"
    return f"The plan could not be prepared: {exc or type(exc).__name__}"


class PlanRender(QThread):
    """Renders one engagement's plan to PDF in a worker thread, inside its own transaction.

    Emits `rendered(pdf_bytes)` or `failed(message)`, then `finished`.
    """

    rendered = Signal(bytes)
    failed = Signal(str)

    def __init__(
        self,
        engine: Engine,
        engagement_id: int,
        paper: str,
        render: RenderFunction | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engagement_id = engagement_id
        self.paper = paper
        self._engine = engine
        self._render = render or _render_with_weasyprint

    def run(self) -> None:
        """Render, in the worker thread: never touches a widget or the GUI thread's session."""
        try:
            with transaction(self._engine) as session:
                data = self._render(session, self.engagement_id, self.paper)
        except Exception as exc:  # every failure must reach the person as a message
            _log.info(
                "The plan of engagement %s failed to render", self.engagement_id, exc_info=True
            )
            self.failed.emit(failure_message(exc))
        else:
            self.rendered.emit(bytes(data))
