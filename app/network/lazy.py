"""networkx, imported only when a measure or a layout is needed (it costs about 0.4 s)."""

from typing import Any


def networkx() -> Any:
    """The networkx module (untyped: it ships no type hints, so it is handled as `Any`)."""
    import networkx as nx  # type: ignore[import-untyped]

    return nx
