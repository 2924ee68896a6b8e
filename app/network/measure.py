"""The per-person measures a diagram can size people by, with words to explain each."""

from enum import StrEnum


class Measure(StrEnum):
    """A per-person measure the diagram can size people by."""

    in_degree = "in_degree"
    betweenness = "betweenness"
    pagerank = "pagerank"

    @property
    def label(self) -> str:
        """A short name for a menu: "Sought out (in-degree)"."""
        return _MEASURE_WORDS[self][0]

    @property
    def meaning(self) -> str:
        """What a high value means, in plain words, for a caption."""
        return _MEASURE_WORDS[self][1]


_MEASURE_WORDS = {
    Measure.in_degree: ("Sought out (in-degree)", "how many people go to them"),
    Measure.betweenness: (
        "Broker (betweenness)",
        "how often they lie on the shortest route from one person to another",
    ),
    Measure.pagerank: (
        "Reach (PageRank)",
        "how much they are sought out by people who are themselves sought out",
    ),
}
