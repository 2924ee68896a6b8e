"""The pages of the diagnostic, in step order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ui.editor.editing import EngagementEditing
from ui.pages.base import StepPage
from ui.pages.context_page import ContextPage

PAGE_FACTORIES: Sequence[Callable[[EngagementEditing], StepPage]] = (ContextPage,)
