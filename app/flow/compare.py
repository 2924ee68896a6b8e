"""Comparing two versions of an agreement part by part, in words a manager understands.

The contents compared are what `app.exchange.document.agreement_content` produces (and what a
signed version froze). Items of a list are matched by what identifies them for a person (a
measure by its name, a check-in by its date); an item whose name changed is still matched to
its old self when most of its other details are the same.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.flow.compare_items import PARTS, Content, Item, short


class ChangeKind(StrEnum):
    """What happened to one item between the two versions."""

    unchanged = "unchanged"
    changed = "changed"
    added = "added"
    removed = "removed"


@dataclass(frozen=True)
class ItemDiff:
    """One item in both versions: its line before and after (None where it is absent)."""

    kind: ChangeKind
    before: str | None
    after: str | None
    details: tuple[str, ...] = ()  # for a changed item: "Target: 75 → 80"
    label: str = ""  # the item's name, for a changed item


@dataclass(frozen=True)
class SectionDiff:
    """One part of the agreement compared, item by item, in the order of the newer version."""

    key: str
    title: str
    noun: str  # one item, as in "Measure added: …"
    items: tuple[ItemDiff, ...]

    @property
    def single(self) -> bool:
        """Whether this part is one text (the request, the goal) rather than a list."""
        return self.key in ("request", "goal")

    @property
    def changed(self) -> bool:
        """Whether anything in this part differs."""
        return any(item.kind is not ChangeKind.unchanged for item in self.items)

    def sentences(self) -> list[str]:
        """What changed in this part, one plain sentence per item."""
        out = []
        for item in self.items:
            if item.kind is ChangeKind.added:
                out.append(f"{self.noun} added: {item.after}")
            elif item.kind is ChangeKind.removed:
                out.append(f"{self.noun} removed: {item.before}")
            elif item.kind is ChangeKind.changed:
                name = f": {item.label}" if item.label else ""
                out.append(f"{self.noun} changed{name} — " + "; ".join(item.details))
        return out


# Matching -----------------------------------------------------------------------------------


def _unique_keys(items: Iterable[Item]) -> list[Item]:
    seen: dict[str, int] = {}
    out = []
    for item in items:
        seen[item.key] = seen.get(item.key, 0) + 1
        key = item.key if seen[item.key] == 1 else f"{item.key}#{seen[item.key]}"
        out.append(Item(key, item.text, item.fields, item.label))
    return out


def _similar(a: Item, b: Item) -> bool:
    if not a.fields or len(a.fields) != len(b.fields):
        return False
    same = sum(1 for x, y in zip(a.fields, b.fields, strict=True) if x == y)
    return same * 2 >= len(a.fields)


def _pairs(old: Sequence[Item], new: Sequence[Item]) -> dict[int, int]:
    """Which old item (by index) each new item (by index) is."""
    old_index = {item.key: i for i, item in enumerate(old)}
    new_keys = {item.key for item in new}
    pairs = {j: old_index[item.key] for j, item in enumerate(new) if item.key in old_index}
    taken = set(pairs.values())
    for j, item in enumerate(new):
        if j in pairs:
            continue
        for i, candidate in enumerate(old):
            if i not in taken and candidate.key not in new_keys and _similar(candidate, item):
                pairs[j] = i
                taken.add(i)
                break
    return pairs


def _details(a: Item, b: Item) -> tuple[str, ...]:
    if len(a.fields) != len(b.fields):
        return (f"{a.text} → {b.text}",)
    out = []
    for (label, before), (_, after) in zip(a.fields, b.fields, strict=True):
        if before != after:
            out.append(f"{label}: {short(before) or 'nothing'} → {short(after) or 'nothing'}")
    return tuple(out)


def _diff_items(old: Sequence[Item], new: Sequence[Item]) -> tuple[ItemDiff, ...]:
    """Items of one part compared, in the newer order with removed ones where they were."""
    old, new = _unique_keys(old), _unique_keys(new)
    pairs = _pairs(old, new)
    matched_old = set(pairs.values())
    out: list[ItemDiff] = []
    emitted: set[int] = set()

    def removed_before(limit: int) -> None:
        for i in range(limit):
            if i not in matched_old and i not in emitted:
                emitted.add(i)
                out.append(ItemDiff(ChangeKind.removed, old[i].text, None))

    for j, item in enumerate(new):
        i = pairs.get(j)
        if i is None:
            out.append(ItemDiff(ChangeKind.added, None, item.text))
            continue
        removed_before(i)
        before = old[i]
        if before.text == item.text and before.fields == item.fields:
            out.append(ItemDiff(ChangeKind.unchanged, before.text, item.text))
        else:
            details = _details(before, item) or (f"{before.text} → {item.text}",)
            out.append(ItemDiff(ChangeKind.changed, before.text, item.text, details, item.label))
    removed_before(len(old))
    return tuple(out)


def compare_contents(old: Content, new: Content) -> tuple[SectionDiff, ...]:
    """Every part of two agreement contents compared, older first."""
    return tuple(
        SectionDiff(key, title, noun, _diff_items(items(old), items(new)))
        for key, title, noun, items in PARTS
    )


def summarise(sections: Iterable[SectionDiff]) -> list[str]:
    """Everything that changed, one plain sentence per change."""
    out = []
    for section in sections:
        if section.single and section.changed:
            item = section.items[0] if len(section.items) == 1 else None
            if item is not None and item.kind is ChangeKind.changed:
                out.append(f"{section.noun} changed.")
            elif any(i.kind is ChangeKind.added for i in section.items):
                out.append(f"{section.noun} was written down.")
            else:
                out.append(f"{section.noun} was cleared.")
            continue
        out.extend(section.sentences())
    return out
