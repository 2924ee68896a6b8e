"""The plan's network section and people's parts in scaffolds, with the names prints may show.

Names come from `print_names`: pseudonyms when the engagement asks prints to hide names. The
diagram is the same SVG the app shows (app.charts.network), drawn only when a PDF is rendered.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.network.analysis import NetworkAnalysis, analyse_engagement
from app.network.findings import network_findings
from app.services.scaffold_people import ROLE_WORDS, list_parts, print_names

NETWORK_CHART = "network.svg"

Ctx = dict[str, Any]


@dataclass(frozen=True)
class NetworkPrint:
    """What the plan prints about the team's network, and what its diagram needs."""

    context: Ctx | None  # None: no team recorded, no section
    analysis: NetworkAnalysis | None
    names: dict[int, str]


def parts_by_scaffold(
    session: Session, engagement_id: int, *, names: Mapping[int, str] | None = None
) -> dict[str, list[str]]:
    """Each scaffold's people, as "Aisha (peer coach)", by scaffold name.

    `names` are the engagement's `print_names`, if the caller has them already.
    """
    if names is None:
        names = print_names(session=session, engagement_id=engagement_id)
    out: dict[str, list[str]] = {}
    for part in list_parts(session=session, engagement_id=engagement_id):
        label = f"{names.get(part.member_id, part.member_name)} ({ROLE_WORDS[part.role]})"
        out.setdefault(part.scaffold_name, []).append(label)
    return out


def network_print(
    session: Session, engagement_id: int, *, names: Mapping[int, str] | None = None
) -> NetworkPrint:
    """The network section's context (None without team members) and the diagram's inputs.

    `names` are the engagement's `print_names`, if the caller has them already.
    """
    names = dict(
        print_names(session=session, engagement_id=engagement_id) if names is None else names
    )
    if not names:
        return NetworkPrint(None, None, names)
    analysis = analyse_engagement(session=session, engagement_id=engagement_id)
    findings = network_findings(analysis, names=names)
    ties = len(analysis.links)
    context: Ctx = {
        "people": len(names),
        "ties": ties,
        "chart": NETWORK_CHART if ties else "",
        "alt": (
            f"Diagram of who goes to whom in a team of {len(names)}: circle size shows how "
            "many people go to each person."
        ),
        "findings": [
            {"label": f.kind.label, "sentence": f.sentence, "role": f.scaffold_role}
            for f in findings
        ],
    }
    return NetworkPrint(context, analysis, names)


def network_chart(section: NetworkPrint) -> dict[str, bytes]:
    """The diagram's SVG by the name the template uses, if the section shows one."""
    if section.context is None or section.analysis is None or not section.context["chart"]:
        return {}
    from app.charts.network import network_diagram_svg

    svg = network_diagram_svg(section.analysis, names=section.names)
    return {NETWORK_CHART: svg}
