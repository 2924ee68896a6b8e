"""The pages after the meeting, in the order the step list shows them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ui.editor.editing import EngagementEditing
from ui.followup.base import FollowupPage
from ui.followup.network_page import NetworkPage
from ui.followup.progress_page import ProgressPage

FOLLOWUP_FACTORIES: Sequence[Callable[[EngagementEditing], FollowupPage]] = (
    ProgressPage,
    NetworkPage,
)

# (key, title) of each page, for the Go menu (Ctrl+8, Ctrl+9…).
FOLLOWUP_TITLES: tuple[tuple[str, str], ...] = (
    (ProgressPage.key, ProgressPage.title),
    (NetworkPage.key, NetworkPage.title),
)
