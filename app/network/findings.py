"""Plain-language findings from a network analysis, each with the scaffold role it suggests.

Rules and thresholds live in `roles` (champion, peer coach, bottleneck, broker, only contact) and
`gaps` (separate groups, no ties, unreached, goes to no one); docs/value-network.md explains them.
Role findings are withheld for teams of fewer than `MIN_PEOPLE`: there the numbers cannot tell a
pattern from chance, and a caution says so instead. With no ties, only a caution is given.
"""

from collections.abc import Mapping

from app.network import gaps, roles
from app.network.analysis import NetworkAnalysis
from app.network.finding_types import Finding, FindingKind, NetworkReading
from app.network.wording import people

__all__ = ["MIN_PEOPLE", "Finding", "FindingKind", "network_findings"]

# Below this many people, only factual findings (who has no ties…) are given.
MIN_PEOPLE = 4


def _caution(r: NetworkReading) -> list[Finding]:
    size = r.analysis.size
    if size == 0:
        text = "No team members are recorded yet, so there is no network to read."
    elif not r.analysis.links:
        text = (
            f"No ties are recorded yet{r.phrase}: add who goes to whom before reading "
            "anything into the network."
        )
    elif size < MIN_PEOPLE:
        text = (
            f"With only {people(size)}, these measures say little: talk the picture through "
            "with the team rather than read roles into it."
        )
    else:
        return []
    return [Finding(FindingKind.caution, (), text, "")]


def network_findings(
    analysis: NetworkAnalysis, *, names: Mapping[int, str] | None = None
) -> tuple[Finding, ...]:
    """What the analysis says, in sentences: a caution if due, then roles, then gaps.

    `names` overrides the stored names (e.g. pseudonyms for a shared screen or a printout).
    """
    r = NetworkReading(analysis, names)
    found = _caution(r)
    if not analysis.links:
        return tuple(found)
    if analysis.size >= MIN_PEOPLE:
        found += roles.champions(r) + roles.peer_coaches(r) + roles.bottlenecks(r)
        found += roles.brokers(r) + roles.sole_contacts(r)
    found += gaps.divided(r) + gaps.isolates(r) + gaps.unreached(r) + gaps.not_seeking(r)
    return tuple(found)
