"""Each part of an agreement's content as items in plain words, ready to compare."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.flow.plain_words import (
    CONFIDENCE_WORDS,
    DIRECTION_WORDS,
    KIND_WORDS,
    LEVEL_WORDS,
    PARTY_WORDS,
    SKILL_WORDS,
    SUPPORT_MODE_WORDS,
    plain_date,
    plain_number,
)
from app.flow.prompts import PROMPT_BY_CELL

Content = Mapping[str, Any]


@dataclass(frozen=True)
class Item:
    """One item of a part: what matches it across versions, its line, and its details."""

    key: str
    text: str
    fields: tuple[tuple[str, str], ...]
    label: str = ""  # how a person names the item in a sentence


def _word(words: Mapping[Any, str], value: Any) -> str:
    # The vocabularies are StrEnums, so their stored values find them directly.
    return words.get(value) or str(value or "").replace("_", " ")


def _cell_title(value: str) -> str:
    prompt = PROMPT_BY_CELL.get(value)  # type: ignore[call-overload]
    return prompt.title if prompt is not None else value


def short(text: str, limit: int = 60) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _context_items(content: Content) -> list[Item]:
    context = content.get("context") or {}
    labels = (
        ("team_name", "Team"),
        ("manager_name", "Manager"),
        ("organisation", "Organisation"),
        ("business_unit", "Business unit"),
        ("team_size", "Team size"),
        ("partner_name", "Partner"),
        ("meeting_date", "Meeting date"),
        ("team_context", "About the team"),
    )
    items = []
    for name, label in labels:
        value = context.get(name)
        if value in (None, ""):
            continue
        shown = plain_date(value) if name == "meeting_date" else _text(value)
        items.append(Item(label, f"{label}: {shown}", ((label, shown),)))
    return items


def _single(label: str, value: Any) -> list[Item]:
    text = _text(value)
    return [Item(label, text, ((label, text),))] if text else []


def _measure_items(content: Content) -> list[Item]:
    items = []
    for m in content.get("measures") or []:
        unit = f" {m.get('unit')}" if m.get("unit") else ""
        direction = _word(DIRECTION_WORDS, m.get("direction"))
        text = (
            f"{m.get('name', '')}: from {plain_number(m.get('baseline_value'))} to "
            f"{plain_number(m.get('target_value'))}{unit} by {plain_date(m.get('target_date'))} "
            f"({direction})"
        )
        fields = (
            ("Name", _text(m.get("name"))),
            ("Unit", _text(m.get("unit"))),
            ("Which way is better", direction),
            ("Now", plain_number(m.get("baseline_value"))),
            ("Measured on", plain_date(m.get("baseline_date"))),
            ("Target", plain_number(m.get("target_value"))),
            ("Target date", plain_date(m.get("target_date"))),
            ("Where the figures come from", _text(m.get("data_source"))),
            ("Who provides them", _text(m.get("owner"))),
            ("Best performers", plain_number(m.get("exemplar_value"))),
            ("Typical performers", plain_number(m.get("typical_value"))),
        )
        items.append(Item(_text(m.get("name")).casefold(), text, fields, _text(m.get("name"))))
    return items


def _behaviour_items(content: Content) -> list[Item]:
    items = []
    for b in content.get("behaviours") or []:
        now = f" (now: {_text(b.get('current'))})" if b.get("current") else ""
        text = f"{_text(b.get('role')) or 'Everyone'}: {_text(b.get('expected'))}{now}"
        fields = (
            ("Who", _text(b.get("role"))),
            ("Should do", _text(b.get("expected"))),
            ("Does now", _text(b.get("current"))),
            ("About", _word(LEVEL_WORDS, b.get("level"))),
        )
        label = short(_text(b.get("expected")), 50)
        items.append(Item(_text(b.get("expected")).casefold(), text, fields, label))
    return items


def _cause_labels(content: Content) -> dict[str, str]:
    labels = {}
    for b in content.get("behaviours") or []:
        for c in b.get("causes") or []:
            labels[str(c.get("ref"))] = (
                f"{_cell_title(str(c.get('cell')))} for “{short(_text(b.get('expected')), 40)}”"
            )
    return labels


def _cause_items(content: Content) -> list[Item]:
    items = []
    for b in content.get("behaviours") or []:
        behaviour = short(_text(b.get("expected")), 40)
        for c in b.get("causes") or []:
            cell = _cell_title(str(c.get("cell")))
            sure = _word(CONFIDENCE_WORDS, c.get("confidence"))
            evidence = _text(c.get("evidence")) or "no evidence noted"
            text = f"{cell} — {evidence} ({sure}) · for “{behaviour}”"
            fields = (
                ("Kind of cause", cell),
                ("Evidence", _text(c.get("evidence"))),
                ("How sure", sure),
                ("Behaviour", behaviour),
            )
            key = f"{_text(b.get('expected')).casefold()}|{c.get('cell')}"
            items.append(Item(key, text, fields, f"{cell} for “{behaviour}”"))
    return items


def _scaffold_items(content: Content) -> list[Item]:
    causes = _cause_labels(content)
    items = []
    for s in content.get("scaffolds") or []:
        owner = _word(PARTY_WORDS, s.get("owner_role"))
        kind = _word(KIND_WORDS, s.get("kind"))
        when = _span(s.get("start_date"), s.get("due_date"))
        text = f"{_text(s.get('name'))} ({kind}; {owner.lower()} owns it{when})"
        addresses = ", ".join(causes.get(str(ref), str(ref)) for ref in s.get("addresses") or [])
        fields = (
            ("Name", _text(s.get("name"))),
            ("Kind", kind),
            ("For", _word(LEVEL_WORDS, s.get("level"))),
            ("Owner", owner),
            ("What it is", _text(s.get("description"))),
            ("Starts", plain_date(s.get("start_date"))),
            ("Done by", plain_date(s.get("due_date"))),
            ("Answers", addresses or "no cause"),
            ("Why training", _text(s.get("training_reason"))),
        )
        items.append(Item(_text(s.get("name")).casefold(), text, fields, _text(s.get("name"))))
    return items


def _span(start: str | None, end: str | None) -> str:
    if start and end:
        return f"; {plain_date(start)} to {plain_date(end)}"
    if start:
        return f"; from {plain_date(start)}"
    if end:
        return f"; by {plain_date(end)}"
    return ""


def _readiness_items(content: Content) -> list[Item]:
    items = []
    for r in content.get("readiness") or []:
        skill = _word(SKILL_WORDS, r.get("skill"))
        support = _text(r.get("support"))
        text = f"{skill}: {plain_number(r.get('rating'))} of 5" + (
            f" — {support}" if support else ""
        )
        fields = (("Readiness", f"{plain_number(r.get('rating'))} of 5"), ("Support", support))
        items.append(Item(str(r.get("skill")), text, fields, skill))
    return items


def _responsibility_items(content: Content) -> list[Item]:
    items = []
    for r in content.get("responsibilities") or []:
        party = _word(PARTY_WORDS, r.get("party"))
        due = f" — by {plain_date(r.get('due_date'))}" if r.get("due_date") else ""
        text = f"{party}: {_text(r.get('task'))}{due}"
        fields = (
            ("Who", party),
            ("Task", _text(r.get("task"))),
            ("By", plain_date(r.get("due_date"))),
        )
        label = short(_text(r.get("task")), 50)
        items.append(Item(_text(r.get("task")).casefold(), text, fields, label))
    return items


def _phase_items(content: Content) -> list[Item]:
    items = []
    for p in content.get("support_phases") or []:
        mode = _word(SUPPORT_MODE_WORDS, p.get("mode"))
        until = plain_date(p.get("end_date"), none="no end date")
        note = f" — {_text(p.get('note'))}" if p.get("note") else ""
        start = plain_date(p.get("start_date"))
        span = f"{start} to {until}" if p.get("end_date") else f"from {start} on"
        text = f"{mode}: {span}{note}"
        fields = (
            ("How", mode),
            ("From", plain_date(p.get("start_date"))),
            ("Until", until),
            ("Note", _text(p.get("note"))),
        )
        items.append(Item(str(p.get("mode")), text, fields, mode))
    return items


def _checkin_items(content: Content) -> list[Item]:
    return [
        Item(str(p.get("due_on")), plain_date(p.get("due_on")), ())
        for p in content.get("planned_checkins") or []
    ]


PARTS: tuple[tuple[str, str, str, Callable[[Content], list[Item]]], ...] = (
    ("context", "The team", "Team detail", _context_items),
    ("request", "The request", "The request", lambda c: _single("The request", c.get("request"))),
    ("goal", "Business goal", "The business goal", lambda c: _single("Goal", c.get("goal"))),
    ("measures", "Measures", "Measure", _measure_items),
    ("behaviours", "Critical behaviours", "Behaviour", _behaviour_items),
    ("causes", "Causes", "Cause", _cause_items),
    ("scaffolds", "Scaffolds", "Scaffold", _scaffold_items),
    ("readiness", "New skills: readiness", "Readiness", _readiness_items),
    ("responsibilities", "Who does what by when", "Responsibility", _responsibility_items),
    ("support_phases", "The partner's support", "Support period", _phase_items),
    ("planned_checkins", "Check-in dates", "Check-in date", _checkin_items),
)
