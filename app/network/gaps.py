"""Findings about gaps: separate groups, people with no ties, no one going to them, or to no one."""

from app.network.finding_types import Finding, FindingKind, NetworkReading
from app.network.wording import join_words


def divided(r: NetworkReading) -> list[Finding]:
    """Two or more groups of 2+ people with no tie between them."""
    groups = r.analysis.groups
    if len(groups) < 2:
        return []
    sizes = join_words([str(len(g)) for g in groups])
    return [
        Finding(
            FindingKind.divided,
            tuple(m for g in groups for m in g),
            f"The team falls into {len(groups)} groups (of {sizes} people) that do not go to "
            f"each other{r.phrase}.",
            "Bridge the groups: a joint session, or buddy pairs across them.",
        )
    ]


def isolates(r: NetworkReading) -> list[Finding]:
    """Everyone with no ties either way, in one finding."""
    alone = r.analysis.isolates
    if not alone:
        return []
    has = "has" if len(alone) == 1 else "have"
    return [
        Finding(
            FindingKind.isolate,
            alone,
            f"{r.names_of(alone)} {has} no ties{r.phrase}: no one goes to them and they go to "
            "no one.",
            "Invite them into a buddy pair or peer coaching; first check whether they are new, "
            "remote or missed the survey.",
        )
    ]


def unreached(r: NetworkReading) -> list[Finding]:
    """Everyone who goes to others but to whom no one goes, in one finding."""
    found = tuple(p.member_id for p in r.analysis.people if p.in_degree == 0 < p.out_degree)
    if not found:
        return []
    return [
        Finding(
            FindingKind.unreached,
            found,
            f"No one goes to {r.names_of(found)}{r.phrase}.",
            "Make what they know visible: show and tell, or working out loud.",
        )
    ]


def not_seeking(r: NetworkReading) -> list[Finding]:
    """Everyone others go to who goes to no one, in one finding."""
    found = tuple(p.member_id for p in r.analysis.people if p.out_degree == 0 < p.in_degree)
    if not found:
        return []
    go = "goes" if len(found) == 1 else "go"
    return [
        Finding(
            FindingKind.not_seeking,
            found,
            f"{r.names_of(found)} {go} to no one{r.phrase}, though others go to them.",
            "Check they have someone to go to themselves (or whether they skipped the survey).",
        )
    ]
