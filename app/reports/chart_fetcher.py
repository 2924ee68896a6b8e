"""The template fetcher, also answering a report's charts from memory at fixed names.

Imports WeasyPrint (through `app.reports.fetcher`), so import it only where a PDF is rendered.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcherResponse

from app.reports.fetcher import TemplateAssetFetcher

SVG_TYPE = "image/svg+xml"


class ChartAssetFetcher(TemplateAssetFetcher):
    """A `TemplateAssetFetcher` that also serves SVG charts drawn for this one report.

    `charts` maps a bare file name (as the template's `<img src>` gives it) to SVG bytes; each
    is answered only at its exact URL inside the templates folder, from memory, and nothing is
    written to disk. Every other URL goes through the template fetcher's checks unchanged.
    """

    def __init__(
        self,
        root: Path,
        charts: Mapping[str, bytes],
        *,
        logo: tuple[bytes, str] | None = None,
    ) -> None:
        super().__init__(root, logo=logo)
        self._charts = {(self.root / name).as_uri(): svg for name, svg in charts.items()}
        self.served: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        """A chart from memory, else whatever the template fetcher answers (or refuses)."""
        svg = self._charts.get(url)
        if svg is None:
            return super().fetch(url, headers)
        self.served.append(url)
        return URLFetcherResponse(url, body=svg, headers={"Content-Type": SVG_TYPE})
