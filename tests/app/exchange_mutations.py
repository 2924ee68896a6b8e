"""Hostile exchange files for the fuzz tests: random JSON, and real exports with changes.

A mutated document starts from a real export and gets one to three changes to its tree
(deleted keys, other types, swapped values, huge strings, deep nesting, repeated or dangling
refs, NaN and numbers no float holds, lone surrogates, enum values in another case, …), is
written as JSON text, then maybe gets one change to its bytes (truncation, a BOM, a byte that
is not UTF-8, another encoding: see exchange_bytes).
"""

import copy
from collections.abc import Callable
from typing import Any

from exchange_bytes import BYTE_CHANGES, Tokens, serialise
from hypothesis import strategies as st

Doc = dict[str, Any]
Node = tuple[Any, Any]  # (the list or dict holding a value, its index or key)

FORMATS = ("scaffold.engagement", "scaffold.bundle")
POINTER_KEYS = ("measure", "scaffold", "member", "from", "to")
ENUM_WORDS = frozenset(
    {
        "draft",
        "agreed",
        "in_progress",
        "closed",
        "higher",
        "lower",
        "individual",
        "team",
        "organisation",
        "information",
        "resources",
        "incentives",
        "knowledge",
        "capacity",
        "motives",
        "low",
        "medium",
        "high",
        "performance_support",
        "social_learning",
        "formal_training",
        "manager",
        "partner",
        "planned",
        "under_way",
        "done",
        "dropped",
        "continue",
        "adjust",
        "close",
        "help",
        "advice",
        "new_ideas",
        "attendance",
        "completion",
        "champion",
        "backup",
    }
)
# Raw JSON number texts that no float or SQLite integer holds, or that JSON does not allow.
BAD_NUMBERS = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "9223372036854775808",
    "-9223372036854775809",
    "1" * 5000,
    "-" + "9" * 4301,
    "1." + "1" * 10_000,
    "01",
    "1.",
    ".5",
    "+1",
    "0x10",
)
EDGE_INTEGERS = (0, -1, -(2**63), 2**63 - 1, 2**63, 10**30, 1.0, 3.0, 1e300, True, False)
EDGE_DATES = (
    "1899-12-31",
    "1900-01-01",
    "2200-12-31",
    "2201-01-01",
    "9999-12-31",
    "0000-01-01",
    "0001-01-01",
    "2025-02-29",
    "2024-02-29",
    "2025-13-01",
    "2025-1-1",
    "20250101",
    "2025-W01-1",
    "2025-01-01\n",
    "٢٠٢٥-٠١-٠١",
    "2025-01-01T00:00:00Z",
    "0001-01-01T00:00:00.000000Z",
    "9999-12-31T23:59:59.999999Z",
    "1899-12-31T23:59:59.000000Z",
    "2025-01-01T24:00:00Z",
    "2025-01-01T00:00:00+14:00",
    "2025-01-01T00:00:00.0000000Z",
    "2025-01-01T00:00:00Z\n",
)
HOSTILE_TEXT = (
    "",
    " ",
    "\u00a0",
    "\x00",
    "\u2028",
    "\ufeff",
    "<b>x</b>",
    "{{ 7*7 }}",
    "'; DROP TABLE engagement; --",
    "m1",
    "s1",
    "p1",
    "b1c1",
    "m0",
    "m-1",
    "M1",
    "m1\n",
    "m01",
)

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(HOSTILE_TEXT + EDGE_DATES)
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12) | st.sampled_from(FORMATS), children, max_size=4)
    ),
    max_leaves=20,
)


def nodes(doc: Any) -> list[Node]:
    """Every value in the tree as (holder, key), depth first, the root's children first."""
    out: list[Node] = []
    stack = [doc]
    while stack:
        holder = stack.pop()
        items = enumerate(holder) if isinstance(holder, list) else holder.items()
        for key, value in items:
            out.append((holder, key))
            if isinstance(value, list | dict) and value:
                stack.append(value)
    return out


def _pick(draw: st.DrawFn, choices: list[Node]) -> Node | None:
    """One of `choices`; the document's own top fields (format, format_version…) seldom, so
    that most changes reach the engagement."""
    inner = [c for c in choices if not isinstance(c[0], dict) or "format" not in c[0]]
    if inner and draw(st.integers(0, 9)):
        choices = inner
    if not choices:
        return None
    return choices[draw(st.integers(0, len(choices) - 1))]


def _token(tokens: Tokens, raw: str) -> str:
    """A placeholder string that `serialise` swaps for raw JSON text (deep nesting, NaN…)."""
    name = f"@@token{len(tokens)}@@"
    tokens[name] = raw
    return name


# --- changes to the tree --------------------------------------------------------------------


def delete_key(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    node = _pick(draw, [n for n in nodes(doc) if isinstance(n[0], dict)])
    if node is not None:
        del node[0][node[1]]


def change_type(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    node = _pick(draw, nodes(doc))
    if node is not None:
        node[0][node[1]] = draw(json_values)


def swap_values(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    everything = nodes(doc)
    a, b = _pick(draw, everything), _pick(draw, everything)
    if a is not None and b is not None:
        va, vb = a[0][a[1]], b[0][b[1]]
        if va is b[0] or vb is a[0]:
            return  # one holds the other: swapping would make a cycle
        a[0][a[1]], b[0][b[1]] = copy.deepcopy(vb), copy.deepcopy(va)


def huge_string(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    node = _pick(draw, [n for n in nodes(doc) if isinstance(n[0][n[1]], str)])
    if node is not None:
        size = draw(st.sampled_from([201, 100_001, 1_000_000]))
        node[0][node[1]] = draw(st.sampled_from("x \u00e9\U0001f600<")) * size


def deep_nesting(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    node = _pick(draw, nodes(doc))
    if node is not None:
        depth = draw(st.sampled_from([2, 100, 900, 990, 1100, 100_000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        node[0][node[1]] = _token(tokens, opener * depth + "1" + closer * depth)


def _refs(doc: Doc) -> list[Node]:
    return [n for n in nodes(doc) if n[1] == "ref"]


def duplicate_ref(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    refs = _refs(doc)
    a, b = _pick(draw, refs), _pick(draw, refs)
    if a is not None and b is not None:
        a[0]["ref"] = b[0][b[1]]


def dangling_ref(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    pointers = [
        n
        for n in nodes(doc)
        if n[1] in POINTER_KEYS
        or n[1] == "checkin"
        or (isinstance(n[0], list) and isinstance(n[0][n[1]], str) and "c" in n[0][n[1]][:6])
    ]
    node = _pick(draw, pointers)
    if node is not None:
        node[0][node[1]] = draw(
            st.sampled_from(["m999", "s999", "p999", "b9c9", "b1c99", "m0", "", None, 999, -1])
        )


def bad_number(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    numbers = [n for n in nodes(doc) if isinstance(n[0][n[1]], int | float)]
    node = _pick(draw, numbers) or _pick(draw, nodes(doc))
    if node is not None:
        node[0][node[1]] = _token(tokens, draw(st.sampled_from(BAD_NUMBERS)))


def edge_integer(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    numbers = [n for n in nodes(doc) if isinstance(n[0][n[1]], int | float)]
    node = _pick(draw, numbers)
    if node is not None:
        node[0][node[1]] = draw(st.sampled_from(EDGE_INTEGERS))


def edge_date(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    dated = [n for n in nodes(doc) if isinstance(n[1], str) and n[1][-3:] in ("_on", "ate", "_at")]
    node = _pick(draw, dated)
    if node is not None:
        node[0][node[1]] = draw(st.sampled_from(EDGE_DATES))


def lone_surrogate(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    node = _pick(draw, [n for n in nodes(doc) if isinstance(n[0][n[1]], str)])
    if node is not None:
        text = node[0][node[1]]
        at = draw(st.integers(0, len(text)))
        bad = draw(st.sampled_from(["\ud800", "\udfff", "\udc80"]))
        node[0][node[1]] = text[:at] + bad + text[at:]


def surrogate_key(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    node = _pick(draw, [n for n in nodes(doc) if isinstance(n[0][n[1]], dict)])
    holder = doc if node is None else node[0][node[1]]
    holder[draw(st.sampled_from(["\ud800", "a\nb", "\x00", "format", "x" * 300]))] = 1


def enum_case(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    enums = [n for n in nodes(doc) if isinstance(n[0][n[1]], str) and n[0][n[1]] in ENUM_WORDS]
    node = _pick(draw, enums)
    if node is not None:
        change = draw(st.sampled_from([str.upper, str.title, lambda s: s + " ", lambda s: " " + s]))
        node[0][node[1]] = change(node[0][node[1]])


def hostile_text(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    node = _pick(draw, [n for n in nodes(doc) if isinstance(n[0][n[1]], str)])
    if node is not None:
        node[0][node[1]] = draw(st.sampled_from(HOSTILE_TEXT) | st.text(max_size=30))


def repeat_item(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    """A list item twice (an engagement twice in a bundle, a measure twice, …)."""
    lists = [n for n in nodes(doc) if isinstance(n[0][n[1]], list) and n[0][n[1]]]
    node = _pick(draw, lists)
    if node is not None:
        items = node[0][node[1]]
        items.append(copy.deepcopy(items[draw(st.integers(0, len(items) - 1))]))


def drop_item(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    lists = [n for n in nodes(doc) if isinstance(n[0][n[1]], list) and n[0][n[1]]]
    node = _pick(draw, lists)
    if node is not None:
        items = node[0][node[1]]
        del items[draw(st.integers(0, len(items) - 1))]


def existing_uid(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    """The uid of the engagement the target database already holds (set by the test)."""
    node = _pick(draw, [n for n in nodes(doc) if n[1] == "uid"])
    if node is not None:
        node[0]["uid"] = EXISTING_UID[0]


EXISTING_UID = ["00000000-0000-4000-8000-000000000000"]


def swap_alike(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    """Two texts, two numbers or two lists swap places: the types stay right."""
    kind = draw(st.sampled_from([str, int | float, list]))
    alike = [n for n in nodes(doc) if isinstance(n[0][n[1]], kind)]
    a, b = _pick(draw, alike), _pick(draw, alike)
    if a is not None and b is not None:
        va, vb = copy.deepcopy(a[0][a[1]]), copy.deepcopy(b[0][b[1]])
        a[0][a[1]], b[0][b[1]] = vb, va


def other_enum(draw: st.DrawFn, doc: Doc, tokens: Tokens) -> None:
    """A closed-list value becomes another one (maybe one of another list)."""
    enums = [n for n in nodes(doc) if isinstance(n[0][n[1]], str) and n[0][n[1]] in ENUM_WORDS]
    node = _pick(draw, enums)
    if node is not None:
        node[0][node[1]] = draw(st.sampled_from(sorted(ENUM_WORDS)))


TREE_CHANGES: tuple[Callable[[st.DrawFn, Doc, Tokens], None], ...] = (
    delete_key,
    change_type,
    swap_values,
    huge_string,
    deep_nesting,
    duplicate_ref,
    dangling_ref,
    bad_number,
    edge_integer,
    edge_date,
    lone_surrogate,
    surrogate_key,
    enum_case,
    hostile_text,
    repeat_item,
    drop_item,
    existing_uid,
    swap_alike,
    other_enum,
)
# Changes that mostly keep to the schema, so that the later checks and the services judge them.
SUBTLE_CHANGES = (
    duplicate_ref,
    dangling_ref,
    edge_integer,
    edge_date,
    hostile_text,
    repeat_item,
    drop_item,
    existing_uid,
    swap_alike,
    other_enum,
)


@st.composite
def mutated_documents(draw: st.DrawFn, seeds: dict[str, Doc], *, subtle: bool = False) -> bytes:
    """A real export with one to three changes to its tree and maybe one to its bytes.

    `subtle` keeps to the changes that mostly leave the file valid for the schema, and to
    the bytes as written.
    """
    doc = copy.deepcopy(seeds[draw(st.sampled_from(sorted(seeds)))])
    tokens: Tokens = {}
    for _ in range(draw(st.integers(1, 3))):
        change = draw(st.sampled_from(SUBTLE_CHANGES if subtle else TREE_CHANGES))
        change(draw, doc, tokens)
    data = serialise(draw, doc, tokens)
    if subtle or draw(st.integers(0, 3)):
        return data  # three in four reach the checks after parsing
    return draw(st.sampled_from(BYTE_CHANGES))(draw, data)


@st.composite
def random_documents(draw: st.DrawFn) -> bytes:
    """Random JSON of any shape, half the time under a Scaffold "format" so it gets further."""
    shaped = st.fixed_dictionaries(
        {
            "format": st.sampled_from(FORMATS) | json_values,
            "format_version": st.just(1) | json_values,
        },
        optional={"engagement": json_values, "engagements": st.lists(json_values, max_size=3)},
    )
    doc = draw(json_values | shaped)
    return serialise(draw, doc, {})
