"""The only way WeasyPrint may read anything: files inside `report_templates/`.

Imports WeasyPrint, so import this module only where a PDF is being rendered.
"""

import mimetypes
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from app.reports.paths import AssetRefusedError, asset_path, logo_url

_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".png": "image/png"}


class TemplateAssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serves bundled template assets; refuses the network, other schemes and other files.

    No redirects are followed and no request ever reaches urllib: `fetch` reads the file
    itself. Every refused URL is kept in `refused`, for tests and diagnostics.
    `logo` (bytes and MIME type, from the settings) is answered at the one fixed `logo_url`
    only; without it that URL is refused like any other missing file.
    """

    def __init__(self, root: Path, *, logo: tuple[bytes, str] | None = None) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []
        self._logo = logo
        self._logo_url = logo_url(self.root)

    def fetch(self, url: str, headers: Any = None) -> Any:
        """The asset as a response; `URLFetchingError` (which WeasyPrint skips) otherwise."""
        if self._logo is not None and url == self._logo_url:
            logo, logo_type = self._logo
            return URLFetcherResponse(url, body=logo, headers={"Content-Type": logo_type})
        try:
            path = asset_path(self.root, url)
        except AssetRefusedError as exc:
            self.refused.append(url)
            raise URLFetchingError(str(exc)) from exc
        mime = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        return URLFetcherResponse(
            path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )
