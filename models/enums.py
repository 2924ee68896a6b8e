"""Closed vocabularies; the database and exchange files store their values."""

from enum import StrEnum


class EngagementStatus(StrEnum):
    """Where a consultation is in its life."""

    draft = "draft"
    agreed = "agreed"
    in_progress = "in_progress"
    closed = "closed"


class Direction(StrEnum):
    """Which way a performance measure improves."""

    higher_is_better = "higher"
    lower_is_better = "lower"


class Level(StrEnum):
    """Who a behaviour or scaffold is about."""

    individual = "individual"
    team = "team"
    organisation = "organisation"


class GilbertCell(StrEnum):
    """The six cells of Gilbert's Behavior Engineering Model, environment first."""

    information = "information"
    resources = "resources"
    incentives = "incentives"
    knowledge = "knowledge"
    capacity = "capacity"
    motives = "motives"

    @property
    def is_environment(self) -> bool:
        """True for the three cells a manager changes in the work environment."""
        return self in ENVIRONMENT_CELLS


ENVIRONMENT_CELLS = frozenset(
    {GilbertCell.information, GilbertCell.resources, GilbertCell.incentives}
)


class Confidence(StrEnum):
    """How sure the partner and manager are about a cause."""

    low = "low"
    medium = "medium"
    high = "high"


class ScaffoldKind(StrEnum):
    """Families of scaffolds, from environment fixes to formal training (the last resort)."""

    performance_support = "performance_support"
    environment_fix = "environment_fix"
    social_learning = "social_learning"
    individual_learning = "individual_learning"
    formal_training = "formal_training"
    other = "other"


class OwnerRole(StrEnum):
    """Who owns a scaffold or a responsibility."""

    manager = "manager"
    team = "team"
    partner = "partner"
    community_manager = "community_manager"


class ScaffoldStatus(StrEnum):
    """Progress of a chosen scaffold."""

    planned = "planned"
    under_way = "under_way"
    done = "done"
    dropped = "dropped"


class NewSkill(StrEnum):
    """The new skills of connected work whose readiness the team rates."""

    personal_knowledge_management = "personal_knowledge_management"
    connected_working = "connected_working"
    leading_connected_team = "leading_connected_team"
    community_management = "community_management"


class SupportMode(StrEnum):
    """The partner's involvement over time: advise up front, step back, stay on call."""

    upfront_advice = "upfront_advice"
    step_back = "step_back"
    on_call = "on_call"


class Decision(StrEnum):
    """What a check-in decided."""

    continue_ = "continue"
    adjust = "adjust"
    close = "close"


class TieType(StrEnum):
    """What one team member goes to another for."""

    help = "help"
    advice = "advice"
    information = "information"
    new_ideas = "new_ideas"


class IndicatorKind(StrEnum):
    """Kinds of learning indicator: activity data kept apart from performance measures."""

    attendance = "attendance"
    completion = "completion"
    satisfaction = "satisfaction"
    knowledge_check = "knowledge_check"
    other = "other"


class ScaffoldRole(StrEnum):
    """What a team member does for a scaffold, usually chosen from the value-network findings."""

    champion = "champion"
    peer_coach = "peer_coach"
    community_lead = "community_lead"
    backup = "backup"


class CheckInAction(StrEnum):
    """What happened to a check-in, as kept in its history."""

    recorded = "recorded"
    edited = "edited"
    deleted = "deleted"
