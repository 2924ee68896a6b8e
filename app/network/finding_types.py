"""The shape of a network finding, and what every finding rule reads from an analysis."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.network.analysis import NetworkAnalysis, PersonMetrics
from app.network.wording import name_list, tie_phrase


class FindingKind(StrEnum):
    """What a finding is about."""

    caution = "caution"
    champion = "champion"
    peer_coach = "peer_coach"
    bottleneck = "bottleneck"
    broker = "broker"
    sole_contact = "sole_contact"
    divided = "divided"
    isolate = "isolate"
    unreached = "unreached"
    not_seeking = "not_seeking"

    @property
    def label(self) -> str:
        """A short heading for a finding of this kind."""
        return _LABELS[self]


_LABELS = {
    FindingKind.caution: "Read with care",
    FindingKind.champion: "Champion",
    FindingKind.peer_coach: "Peer coach",
    FindingKind.bottleneck: "One-person bottleneck",
    FindingKind.broker: "Broker",
    FindingKind.sole_contact: "Only contact",
    FindingKind.divided: "Separate groups",
    FindingKind.isolate: "No ties",
    FindingKind.unreached: "No one goes to them",
    FindingKind.not_seeking: "Goes to no one",
}


@dataclass(frozen=True)
class Finding:
    """One thing worth saying about the network.

    Attributes:
        kind: what the finding is about.
        member_ids: the people it concerns, the main person first (may be empty).
        sentence: a plain sentence the partner can read aloud in the meeting.
        scaffold_role: what it suggests doing, e.g. "Could lead peer coaching…" (empty for
            cautions).
    """

    kind: FindingKind
    member_ids: tuple[int, ...]
    sentence: str
    scaffold_role: str


class NetworkReading:
    """An analysis with the names to use, the tie-type phrase and the average in-degree."""

    def __init__(self, analysis: NetworkAnalysis, names: Mapping[int, str] | None) -> None:
        self.analysis = analysis
        self.names = {p.member_id: p.name for p in analysis.people} | dict(names or {})
        self.phrase = tie_phrase(analysis.tie_types)
        self.mean_in = len(analysis.links) / analysis.size if analysis.size else 0.0

    def name(self, member_id: int) -> str:
        """The name to show for a member."""
        return self.names[member_id]

    def names_of(self, member_ids: Sequence[int]) -> str:
        """Several members' names, to read aloud."""
        return name_list([self.names[m] for m in member_ids])

    def strongest(
        self,
        keep: Callable[[PersonMetrics], bool],
        key: Callable[[PersonMetrics], float],
        limit: int,
    ) -> list[PersonMetrics]:
        """Up to `limit` people that `keep` accepts, highest `key` first (ties: member order)."""
        chosen = [p for p in self.analysis.people if keep(p)]
        return sorted(chosen, key=lambda p: -key(p))[:limit]
