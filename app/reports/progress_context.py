"""The progress report's data for its template: each measure's movement, the scaffolds, the
decisions so far and the learning indicators, as plain words and dates.

Read from the live engagement (not a signed version): a progress report says where things stand
today. Private notes are never read here, so they cannot reach a template.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.flow.plain_words import DIRECTION_WORDS, plain_number
from app.progress.maths import Progress, Status
from app.progress.series import MeasureProgress, TierGroup, engagement_progress, indicators_by_tier
from app.progress.wording import format_day
from app.reports.context import STATUS_WORDS
from app.services.agreement import list_planned_checkins
from app.services.checkin_history import DECISION_WORDS
from app.services.checkin_history import STATUS_WORDS as SCAFFOLD_STATUS_WORDS
from app.services.checkins import list_checkins, list_scaffold_updates
from app.services.common import get_engagement
from app.services.scaffold_people import ROLE_WORDS, list_parts, print_names
from app.services.scaffolds import list_scaffolds
from models.enums import Decision, ScaffoldStatus
from models.tables import CheckIn

WHAT_CHANGED_CHARS = 140  # a decision row quotes this much of "what changed"
GOAL_CHARS = 220
MINUS = "\u2212"

MEASURE_STATUS_WORDS = {
    Status.reached: "Target reached",
    Status.on_track: "On track",
    Status.behind: "Behind",
    Status.moving_away: "Moving away from the target",
    Status.too_early: "Too early to tell",
    Status.no_observations: "No observations yet",
}


@dataclass(frozen=True)
class MeasureReport:
    """One performance measure as the report prints it, with its chart's file name."""

    name: str
    direction: str
    baseline: str  # "61 % of contacts"
    baseline_on: str
    target: str
    target_by: str
    latest: str  # "66.5 % of contacts", or "—"
    latest_on: str  # "24 Feb 2025", or "no observation yet"
    closure: str  # "39.3%", or "—" without an observation
    status: str
    status_key: str  # the `Status` value, for styling
    days_left: str
    summary: str  # the sentence from app.progress.wording, also the chart's alt text
    chart: str  # the chart's name, served from memory beside the templates
    source: MeasureProgress  # what the chart is drawn from


@dataclass(frozen=True)
class ScaffoldRow:
    """A scaffold's status, who has a part in it, its due date and the latest note on it."""

    name: str
    status: str
    people: tuple[str, ...]  # "Aisha (peer coach)": print names, so pseudonyms are respected
    due: str
    note: str


@dataclass(frozen=True)
class DecisionRow:
    """One check-in held: its date, the decision and what changed (shortened)."""

    on: str
    decision: str
    what_changed: str
    next_on: str


@dataclass(frozen=True)
class IndicatorSection:
    """The learning indicators by LTEM tier, their chart and its alt text."""

    groups: tuple[TierGroup, ...]
    chart: str
    alt: str

    @property
    def count(self) -> int:
        """How many indicators are recorded."""
        return sum(len(g.indicators) for g in self.groups)


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress report prints, as of one day."""

    title: str
    organisation: str
    business_unit: str
    team: str
    manager: str
    partner: str
    as_of: str
    status: str
    version: int
    goal: str
    measures: tuple[MeasureReport, ...]
    scaffolds: tuple[ScaffoldRow, ...]
    decisions: tuple[DecisionRow, ...]
    next_checkin: str
    indicators: IndicatorSection


def closure_text(progress: Progress) -> str:
    """The share of the gap closed, to one decimal ("39.3%", "−12.5%"); "—" without a reading.

    An unreached target never shows as 100%, whatever the rounding.
    """
    value = progress.closure_percent
    if value is None:
        return "—"
    text = f"{abs(value):.1f}"
    if progress.status is not Status.reached and value > 0 and text == "100.0":
        text = "99.9"
    sign = MINUS if value < 0 and text != "0.0" else ""
    return f"{sign}{text}%"


def short(text: str, limit: int) -> str:
    """`text` on one line, cut at a word before `limit` characters with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def _amount(value: float, unit: str) -> str:
    return plain_number(value) + (f" {unit}" if unit else "")


def _days_left(progress: Progress) -> str:
    days = progress.days_to_target
    if days > 1:
        return f"{days} days to the target date"
    if days == 1:
        return "1 day to the target date"
    if days == 0:
        return "the target date is today"
    return f"target date passed {-days} day{'s' if days != -1 else ''} ago"


def _measure(number: int, item: MeasureProgress) -> MeasureReport:
    series, progress = item.series, item.progress
    y = series.yardstick
    current = progress.current
    return MeasureReport(
        name=series.name,
        direction=DIRECTION_WORDS[y.direction],
        baseline=_amount(y.baseline_value, series.unit),
        baseline_on=format_day(y.baseline_date),
        target=_amount(y.target_value, series.unit),
        target_by=format_day(y.target_date),
        latest="—" if current is None else _amount(current.value, series.unit),
        latest_on="no observation yet" if current is None else format_day(current.on),
        closure=closure_text(progress),
        status=MEASURE_STATUS_WORDS[progress.status],
        status_key=progress.status.value,
        days_left=_days_left(progress),
        summary=item.summary,
        chart=f"__progress_chart_{number}__.svg",
        source=item,
    )


def _scaffolds(session: Session, engagement_id: int, held: list[CheckIn]) -> list[ScaffoldRow]:
    names = print_names(session=session, engagement_id=engagement_id)
    people: dict[int, list[str]] = {}
    for part in list_parts(session=session, engagement_id=engagement_id):
        who = f"{names.get(part.member_id, '—')} ({ROLE_WORDS[part.role]})"
        people.setdefault(part.scaffold_id, []).append(who)
    notes: dict[int, str] = {}
    for checkin in held:  # oldest first: a later note replaces an earlier one
        for update in list_scaffold_updates(session=session, checkin_id=checkin.id or 0):
            if update.note:
                notes[update.scaffold_id] = update.note
    rows = []
    for s in list_scaffolds(session=session, engagement_id=engagement_id):
        assert s.id is not None
        rows.append(
            ScaffoldRow(
                name=s.name,
                status=SCAFFOLD_STATUS_WORDS[ScaffoldStatus(s.status)].capitalize(),
                people=tuple(people.get(s.id, ())),
                due=format_day(s.due_date) if s.due_date else "—",
                note=short(notes.get(s.id, ""), WHAT_CHANGED_CHARS // 2),
            )
        )
    return rows


def _decision(checkin: CheckIn) -> DecisionRow:
    return DecisionRow(
        on=format_day(checkin.held_on),
        decision=DECISION_WORDS[Decision(checkin.decision)].capitalize(),
        what_changed=short(checkin.what_changed, WHAT_CHANGED_CHARS),
        next_on=format_day(checkin.next_date) if checkin.next_date else "",
    )


def next_checkin(session: Session, engagement_id: int, held: list[CheckIn], today: date) -> str:
    """The next check-in: the date the latest check-in agreed, if still ahead; otherwise the
    first planned one from today; otherwise "none planned"."""
    if held and held[-1].next_date is not None and held[-1].next_date >= today:
        return format_day(held[-1].next_date)
    planned = list_planned_checkins(session=session, engagement_id=engagement_id)
    ahead = sorted(p.due_on for p in planned if p.due_on >= today)
    return format_day(ahead[0]) if ahead else "none planned"


def indicator_alt(groups: tuple[TierGroup, ...]) -> str:
    """The indicator chart in words: each indicator with its LTEM tier and value."""
    if not groups:
        return "No learning indicators recorded."
    parts = []
    for group in groups:
        for point in group.indicators:
            value = "no value" if point.value is None else _amount(point.value, point.unit)
            parts.append(f"{point.name}: tier {group.tier} ({group.tier_name}), {value}")
    return "Learning indicators by LTEM tier. " + "; ".join(parts) + "."


def progress_context(
    session: Session, engagement_id: int, *, today: date | None = None
) -> ProgressReport:
    """The report's content as of `today` (default: today); `NotFoundError` for an unknown id."""
    as_of = today or date.today()
    engagement = get_engagement(session, engagement_id)
    progress = engagement_progress(session=session, engagement_id=engagement_id, as_of=as_of)
    held = list_checkins(session=session, engagement_id=engagement_id)
    groups = tuple(indicators_by_tier(session=session, engagement_id=engagement_id))
    return ProgressReport(
        title=f"Progress report – {engagement.team_name}",
        organisation=engagement.organisation,
        business_unit=engagement.business_unit,
        team=engagement.team_name,
        manager=engagement.manager_name,
        partner=engagement.partner_name,
        as_of=format_day(as_of),
        status=STATUS_WORDS[engagement.status],
        version=engagement.agreement_version,
        goal=short(engagement.business_goal, GOAL_CHARS),
        measures=tuple(_measure(n, item) for n, item in enumerate(progress, start=1)),
        scaffolds=tuple(_scaffolds(session, engagement_id, held)),
        decisions=tuple(_decision(c) for c in held),
        next_checkin=next_checkin(session, engagement_id, held, as_of),
        indicators=IndicatorSection(
            groups=groups, chart="__progress_indicators__.svg", alt=indicator_alt(groups)
        ),
    )
