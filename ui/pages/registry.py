"""The pages of the diagnostic, in step order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ui.editor.editing import EngagementEditing
from ui.pages.agreement_page import AgreementPage
from ui.pages.base import StepPage
from ui.pages.causes_page import CausesPage
from ui.pages.context_page import ContextPage
from ui.pages.goal_page import GoalPage
from ui.pages.new_skills_page import NewSkillsPage
from ui.pages.performance_page import PerformancePage
from ui.pages.scaffolds_page import ScaffoldsPage

PAGE_FACTORIES: Sequence[Callable[[EngagementEditing], StepPage]] = (
    ContextPage,
    GoalPage,
    PerformancePage,
    CausesPage,
    ScaffoldsPage,
    NewSkillsPage,
    AgreementPage,
)
