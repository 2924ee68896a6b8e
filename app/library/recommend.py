"""Recommend scaffolds from the library for the causes recorded in a diagnostic.

Pure functions over `LibraryEntry` lists; no database. The rules, in order:

1. **Relevance.** Each recorded cause the entry addresses counts by its confidence (low 1, medium 2,
   high 3), so a cell with more causes, or surer ones, weighs more. A cause counts in full when
   the entry works at the level of the cause's behaviour (individual, team, organisation) and
   half otherwise. An entry that addresses no recorded cause is never recommended.
2. **Ease.** The relevance is then lightly discounted for effort (medium −5 %, high −10 %) and lead
   time (up to −10 % at 60 days or more), so between scaffolds that address the same causes the
   quicker, lighter one comes first, but a scaffold that addresses more causes still wins.
3. **Exclusions.** Retired entries are never recommended. Formal training is never recommended
   when no knowledge or skill gap is recorded. Entries over the lead time or effort allowed, or
   owned by an excluded role, are left out with the reason.
4. **Formal training is the last resort.** When it is recommended (a knowledge gap is recorded)
   it ranks below every other recommended scaffold — so never above an environment fix, and
   below performance support and learning in the work even when the only cause is a skill gap.
5. **Coverage.** When the causes recorded belong to behaviours at more than one level (say
   individual and team), the list holds at least one scaffold working at each of those levels;
   and every recorded cell is addressed by at least one scaffold — both when the library has an
   eligible one. Levels come first, then cells by weight. The best spare scaffold that meets an
   unmet need replaces the lowest-ranked one whose removal leaves every need met so far met (a
   scaffold listed for both levels counts for both); the one left out says why.
6. **Ties** are broken by name, then key, so the same input always gives the same list.

`not_chosen` explains the alternatives left out, most relevant first: live scaffolds that address
a recorded cause (by score: ranked below, made room, over a limit), then formal training barred
for want of a skill gap (the first by name; any others among the rest), then retired scaffolds that
would have been relevant, then the rest — at most `NOT_CHOSEN_LIMIT`, always including the
formal-training explanation when training was barred, because "why not a course?" is the
question the manager will ask. With no cause recorded nothing is recommended and `note` says why.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from app.flow.prompts import PROMPT_BY_CELL
from app.library.entry import Effort, LibraryEntry
from models.enums import Confidence, GilbertCell, Level, OwnerRole, ScaffoldKind

NOT_CHOSEN_LIMIT = 5

CONFIDENCE_WEIGHT = {Confidence.low: 1.0, Confidence.medium: 2.0, Confidence.high: 3.0}
OTHER_LEVEL_FACTOR = 0.5  # a cause counts half for a scaffold that works at another level
EFFORT_DISCOUNT = {Effort.low: 0.0, Effort.medium: 0.05, Effort.high: 0.10}
LEAD_TIME_DISCOUNT = 0.10  # at LEAD_TIME_CAP_DAYS or more
LEAD_TIME_CAP_DAYS = 60

_EFFORT_ORDER = {Effort.low: 0, Effort.medium: 1, Effort.high: 2}
_CELL_ORDER = {cell: i for i, cell in enumerate(GilbertCell)}

NO_GAP_REASON = "formal training: no knowledge or skill gap is recorded"
NO_CAUSES_NOTE = (
    "No causes are recorded yet: record why the behaviours don't happen, and scaffolds that "
    "address those causes will be recommended."
)
NOTHING_FITS_NOTE = (
    "Nothing in the library addresses the recorded causes within these limits: relax the "
    "limits, or add a scaffold of your own."
)


@dataclass(frozen=True)
class CauseInfo:
    """One recorded cause as the recommender needs it: its cell, confidence and behaviour level."""

    cell: GilbertCell
    confidence: Confidence
    level: Level


@dataclass(frozen=True)
class Constraints:
    """Limits set by the manager: how soon it must run, how much work it takes, who can't own it."""

    max_lead_time_days: int | None = None
    max_effort: Effort | None = None
    excluded_owners: frozenset[OwnerRole] = frozenset()


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class Recommendation:
    """A recommended scaffold, its score, the recorded cells it addresses and why, in words."""

    entry: LibraryEntry
    score: float
    matched: tuple[GilbertCell, ...]
    reason: str


@dataclass(frozen=True)
class NotChosen:
    """An alternative left out, and why."""

    entry: LibraryEntry
    reason: str


@dataclass(frozen=True)
class RecommendationResult:
    """The recommended scaffolds, best first; the top alternatives left out; a note if empty."""

    recommended: tuple[Recommendation, ...]
    not_chosen: tuple[NotChosen, ...]
    note: str = ""  # set when nothing could be recommended, saying why


def cell_label(cell: GilbertCell) -> str:
    """A cell in a few plain words: "information & feedback"."""
    return PROMPT_BY_CELL[cell].title.lower().replace(" and ", " & ")


def owner_label(owner: OwnerRole) -> str:
    """An owner role in words: "community manager"."""
    return owner.value.replace("_", " ")


def lead_time_label(days: int) -> str:
    """A lead time in rounded words: "about 2 weeks"."""
    if days <= 0:
        return "ready at once"
    if days < 7:
        return f"about {days} day{'s' if days != 1 else ''}"
    if days < 56:
        weeks = math.floor(days / 7 + 0.5)
        return f"about {weeks} week{'s' if weeks != 1 else ''}"
    months = math.floor(days / 30 + 0.5)
    return f"about {months} months"


@dataclass(frozen=True)
class _Scored:
    entry: LibraryEntry
    score: float
    matched: tuple[GilbertCell, ...]

    @property
    def is_training(self) -> bool:
        return self.entry.kind is ScaffoldKind.formal_training

    @property
    def rank_key(self) -> tuple[bool, float, str, str]:
        # Formal training after everything else; then best score; then name, key.
        return (self.is_training, -self.score, self.entry.name, self.entry.key)


def _score(entry: LibraryEntry, causes: Sequence[CauseInfo]) -> _Scored:
    per_cell: dict[GilbertCell, float] = {}
    for cause in causes:
        if cause.cell not in entry.addresses:
            continue
        weight = CONFIDENCE_WEIGHT[cause.confidence]
        if cause.level not in entry.levels:
            weight *= OTHER_LEVEL_FACTOR
        per_cell[cause.cell] = per_cell.get(cause.cell, 0.0) + weight
    matched = tuple(sorted(per_cell, key=lambda c: (-per_cell[c], _CELL_ORDER[c])))
    relevance = sum(per_cell.values())
    lead = min(max(entry.lead_time_days, 0), LEAD_TIME_CAP_DAYS) / LEAD_TIME_CAP_DAYS
    ease = 1.0 - EFFORT_DISCOUNT[entry.effort] - LEAD_TIME_DISCOUNT * lead
    return _Scored(entry, round(relevance * ease, 4), matched)


def _constraint_reasons(entry: LibraryEntry, constraints: Constraints) -> list[str]:
    reasons = []
    limit = constraints.max_lead_time_days
    if limit is not None and entry.lead_time_days > limit:
        reasons.append(f"lead time {entry.lead_time_days} days is over the {limit} allowed")
    effort = constraints.max_effort
    if effort is not None and _EFFORT_ORDER[entry.effort] > _EFFORT_ORDER[effort]:
        reasons.append(f"effort {entry.effort.value} is over the {effort.value} allowed")
    if entry.owner_role in constraints.excluded_owners:
        reasons.append(f"owner {owner_label(entry.owner_role)} is excluded")
    return reasons


def _reason(scored: _Scored, recorded: set[GilbertCell]) -> str:
    entry = scored.entry
    parts = ["Addresses: " + ", ".join(cell_label(c) for c in scored.matched)]
    wrong = [c for c in entry.does_not_address if c in recorded]
    if wrong:
        parts.append("won't fix: " + ", ".join(cell_label(c) for c in wrong))
    parts.append(f"owner: {owner_label(entry.owner_role)}")
    parts.append(f"effort: {entry.effort.value}")
    parts.append(f"set-up: {lead_time_label(entry.lead_time_days)}")
    if scored.is_training:
        parts.append("formal training: the last resort, after the scaffolds above")
    return " · ".join(parts)


@dataclass(frozen=True)
class _Need:
    """Something the list should include: a level, or a recorded cell."""

    level: Level | None = None
    cell: GilbertCell | None = None

    def met_by(self, scored: _Scored) -> bool:
        if self.level is not None:
            return self.level in scored.entry.levels
        return self.cell in scored.matched

    def reason(self, candidate: _Scored) -> str:
        name = candidate.entry.name
        if self.level is not None:
            return f"left out to include a {self.level.value}-level scaffold ({name})"
        if self.cell is not None:
            return f"left out so that {cell_label(self.cell)} is addressed too ({name})"
        return f"left out to make room for {name}"


def _cover(chosen: list[_Scored], spare: list[_Scored], needs: list[_Need]) -> dict[str, str]:
    """Swap spare candidates in until every need is met where possible; return who made room.

    For each unmet need, the best spare candidate that meets it replaces the lowest-ranked
    chosen scaffold whose removal leaves every need met so far still met.
    """
    displaced: dict[str, str] = {}
    for need in needs:
        if any(need.met_by(s) for s in chosen):
            continue
        candidate = next((s for s in spare if need.met_by(s)), None)
        if candidate is None:
            continue
        met = [n for n in needs if any(n.met_by(s) for s in chosen)]
        for victim in reversed(chosen):  # lowest ranked first
            after = [s for s in chosen if s is not victim] + [candidate]
            if all(any(n.met_by(s) for s in after) for n in met):
                break
        else:
            continue
        chosen[:] = sorted(after, key=lambda s: s.rank_key)
        spare.remove(candidate)
        spare.append(victim)
        spare.sort(key=lambda s: s.rank_key)
        displaced.pop(candidate.entry.key, None)
        displaced[victim.entry.key] = need.reason(candidate)
    return displaced


def _tier(entry: LibraryEntry, relevant: bool) -> int:
    # 0: live alternatives that address a recorded cause; 2: retired ones; 3: the rest.
    # (1 is the first formal training barred for want of a skill gap.)
    if not relevant:
        return 3
    return 2 if entry.retired else 0


def recommend(
    entries: Sequence[LibraryEntry],
    causes: Sequence[CauseInfo],
    constraints: Constraints = NO_CONSTRAINTS,
    limit: int = 8,
) -> RecommendationResult:
    """Rank the library's scaffolds against the recorded causes; explain what was left out."""
    if not causes:
        return RecommendationResult((), (), NO_CAUSES_NOTE)
    recorded = {c.cell for c in causes}
    skill_gap = GilbertCell.knowledge in recorded
    limit = max(limit, 0)

    eligible: list[_Scored] = []
    barred: list[tuple[int, _Scored, str]] = []  # (tier, scored, reason)
    no_gap: list[_Scored] = []  # formal training barred for want of a skill gap
    for entry in entries:
        scored = _score(entry, causes)
        relevant = bool(scored.matched)
        if entry.retired:
            reason = "retired: kept for history, no longer recommended"
        elif entry.kind is ScaffoldKind.formal_training and not skill_gap:
            no_gap.append(scored)
            continue
        elif not relevant:
            reason = "does not address any recorded cause"
        elif reasons := _constraint_reasons(entry, constraints):
            reason = "; ".join(reasons)
        else:
            eligible.append(scored)
            continue
        barred.append((_tier(entry, relevant), scored, reason))

    eligible.sort(key=lambda s: s.rank_key)
    chosen, spare = eligible[:limit], eligible[limit:]
    levels = [lv for lv in Level if any(c.level is lv for c in causes)]
    needs = [_Need(level=lv) for lv in levels] if len(levels) > 1 else []
    weight = {c: 0.0 for c in recorded}
    for cause in causes:
        weight[cause.cell] += CONFIDENCE_WEIGHT[cause.confidence]
    cells = sorted(recorded, key=lambda c: (-weight[c], _CELL_ORDER[c]))
    needs += [_Need(cell=c) for c in cells]
    displaced = _cover(chosen, spare, needs) if chosen else {}

    below = f"ranked below {chosen[-1].entry.name} " if chosen else ""
    for scored in spare:
        reason = displaced.get(scored.entry.key, "")
        if not reason:
            reason = f"{below}(only {limit} are recommended)"
            if scored.is_training:
                reason = "formal training is the last resort: " + reason
        barred.append((0, scored, reason))

    no_gap.sort(key=lambda s: s.rank_key)
    barred += [(1 if i == 0 else 3, s, NO_GAP_REASON) for i, s in enumerate(no_gap)]
    barred.sort(key=lambda t: (t[0], -t[1].score, t[1].entry.name, t[1].entry.key))
    shown = barred[:NOT_CHOSEN_LIMIT]
    training = next((t for t in barred if t[0] == 1), None)
    if training is not None and training not in shown and shown:
        shown[-1] = training
    recommended = tuple(
        Recommendation(s.entry, s.score, s.matched, _reason(s, recorded)) for s in chosen
    )
    not_chosen = tuple(NotChosen(s.entry, reason) for _, s, reason in shown)
    return RecommendationResult(recommended, not_chosen, "" if chosen else NOTHING_FITS_NOTE)
