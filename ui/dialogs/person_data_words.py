"""What the People's data dialog says: what is held about a person, and what forgetting does."""

from __future__ import annotations

import re

from app.services.person_data import ForgetSummary, Holdings, PersonData
from app.services.scaffold_people import ROLE_WORDS
from app.vocab import TieType

TIE_WORDS = {
    TieType.help: "help",
    TieType.advice: "advice",
    TieType.information: "information",
    TieType.new_ideas: "new ideas",
}
EXCERPT_CHARS = 90
# The lists of a signed version's content, one item each, for "measure 1, owner".
_ITEM_WORDS = {
    "measures": "measure",
    "behaviours": "behaviour",
    "causes": "cause",
    "scaffolds": "scaffold",
    "readiness": "readiness",
    "responsibilities": "responsibility",
    "support_phases": "support phase",
    "planned_checkins": "planned check-in",
}
_ITEM = re.compile(r"(\w+)\[(\d+)\]")


def counted(n: int, one: str, many: str) -> str:
    """'1 tie', '3 ties'."""
    return f"{n} {one if n == 1 else many}"


def _kinds(members: int, ties: int, parts: int, mentions: int) -> list[str]:
    kinds = []
    if members:
        kinds.append(counted(members, "team member entry", "team member entries"))
    if ties:
        kinds.append(counted(ties, "tie", "ties"))
    if parts:
        kinds.append(counted(parts, "part in a scaffold", "parts in scaffolds"))
    if mentions:
        kinds.append(counted(mentions, "mention in text", "mentions in text"))
    return kinds


def join(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def held_summary(data: PersonData) -> str:
    """One sentence: how much is held about the person, in how many consultations."""
    if data.is_empty:
        return f"Scaffold holds nothing about “{data.name}”."
    counts = (data.count(k) for k in ("members", "ties", "parts", "mentions"))
    kinds = _kinds(*counts)
    where = counted(len(data.holdings), "consultation", "consultations")
    sentence = (
        f"Scaffold holds this about “{data.name}” in {where}: {join(kinds)}." if kinds else ""
    )
    signed = data.count("signed")
    if signed:
        places = counted(signed, "place", "places")
        sentence = f"{sentence} Signed agreements name them in {places}.".strip()
    return sentence


def excerpt(text: str) -> str:
    """Text on one line, cut to a readable length."""
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT_CHARS else line[: EXCERPT_CHARS - 1] + "…"


def detail_lines(h: Holdings) -> list[str]:
    """One line per thing held in one consultation, for the dialog's tree."""
    lines = [
        f"Team member: {m.name}"
        + (f" ({m.role})" if m.role else "")
        + (f", pseudonym “{m.pseudonym}”" if m.pseudonym else "")
        for m in h.members
    ]
    for t in h.ties:
        source, target = (
            (t.member_name, t.other_name) if t.outgoing else (t.other_name, t.member_name)
        )
        lines.append(f"Tie: {source} goes to {target} for {TIE_WORDS[t.tie_type]}")
    for p in h.parts:
        reason = f": {excerpt(p.reason)}" if p.reason else ""
        lines.append(f"Part: {ROLE_WORDS[p.role]} in “{p.scaffold_name}”{reason}")
    lines += [f"{m.where}: “{excerpt(m.text)}”" for m in h.mentions]
    lines += [
        f"Signed version {s.version_number}, {place_in_content(s.where)}: “{excerpt(s.text)}”"
        for s in h.signed
    ]
    return lines


def place_in_content(where: str) -> str:
    """A path into a signed version's content in words: "measures[0].owner" → "measure 1, owner"."""
    words = _ITEM.sub(lambda m: f"{_ITEM_WORDS.get(m[1], m[1])} {int(m[2]) + 1}", where)
    return words.replace(".", ", ").replace("_", " ")


def forget_question(data: PersonData) -> str:
    """What forgetting the person will remove, for the confirmation."""
    parts = []
    members = data.count("members")
    if members:
        entries = counted(members, "team member entry", "team member entries")
        also = _kinds(0, data.count("ties"), data.count("parts"), 0)
        with_them = f", with their {join(also)}," if also else ""
        parts.append(f"{entries}{with_them} will be deleted")
    mentions = data.count("mentions")
    if mentions:
        places = counted(mentions, "piece of text", "pieces of text")
        parts.append(f"the name will be replaced by “[removed]” in {places}")
    where = counted(len(data.holdings), "consultation", "consultations")
    text = f"In {where}, {join(parts)}. " if parts else ""
    text += "This cannot be undone, and the old text is erased from the database file."
    if data.count("signed"):
        text += (
            f" Signed agreements name them too: {signed_versions(data)}. Signed versions are "
            "frozen; tick the box to replace the name in them as well (they stay signed, but "
            "no longer read as they were agreed)."
        )
    return text


def signed_versions(data: PersonData) -> str:
    """The signed versions that name the person: '“Claims” version 1'."""
    return "; ".join(
        f"“{h.team_name}” version{'s' if len(h.signed_versions) > 1 else ''} "
        + ", ".join(str(n) for n in h.signed_versions)
        for h in data.holdings
        if h.signed
    )


SIGNED_CHOICE = "Also replace the name in the signed agreements"


def forgotten(name: str, summary: ForgetSummary) -> str:
    """What forgetting did, for the status line."""
    done = []
    if summary.members:
        done.append(
            counted(summary.members, "team member entry", "team member entries") + " deleted"
        )
    if summary.texts:
        done.append(f"the name replaced in {counted(summary.texts, 'text', 'texts')}")
    if summary.signed_versions:
        done.append(
            f"and in {counted(summary.signed_versions, 'signed version', 'signed versions')}"
        )
    return f"Forgot “{name}”: {', '.join(done) or 'nothing was held'}."
