"""Small pieces of plain English shared by the network findings and the diagram caption."""

from collections.abc import Sequence

from models.enums import TieType

TIE_WORDS = {
    TieType.help: "help with the work",
    TieType.advice: "advice",
    TieType.information: "information",
    TieType.new_ideas: "new ideas",
}

# Beyond this many names, a list reads as "Ana, Ben, Cy, Dee, Eve and 3 others".
MAX_NAMES_READ_ALOUD = 5


def join_words(words: Sequence[str]) -> str:
    """'Ana', 'Ana and Ben', 'Ana, Ben and Cy'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def name_list(names: Sequence[str]) -> str:
    """Names to read aloud; a long list ends with "and N others"."""
    if len(names) <= MAX_NAMES_READ_ALOUD + 1:  # never "and 1 others"
        return join_words(names)
    shown = list(names[:MAX_NAMES_READ_ALOUD])
    return f"{', '.join(shown)} and {len(names) - len(shown)} others"


def tie_phrase(tie_types: Sequence[TieType]) -> str:
    """' for advice' or ' for advice or new ideas'; empty when every type is analysed."""
    if len(tie_types) == len(TieType) or not tie_types:
        return ""
    words = [TIE_WORDS[t] for t in tie_types]
    if len(words) == 1:
        return f" for {words[0]}"
    return f" for {', '.join(words[:-1])} or {words[-1]}"


def people(count: int) -> str:
    """'1 person', '3 people'."""
    return "1 person" if count == 1 else f"{count} people"
