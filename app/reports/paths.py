"""Where the report templates live, and which asset URLs may be read from there.

`report_templates/` is a top-level folder beside the `app` package, not a package itself.
From a checkout, an editable install or a PyInstaller bundle (which copies it beside `app`)
it is found relative to this package; a wheel installs it as data under
`<prefix>/share/scaffold/report_templates`, the fallback.
"""

import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

TEMPLATES_DIRNAME = "report_templates"
# The one internal name the organisation's logo is served under, from memory (never from disk).
LOGO_NAME = "__logo__"


class AssetRefusedError(ValueError):
    """A URL the report renderer must not read."""


def _candidates() -> list[Path]:
    beside_app = Path(__file__).resolve().parent.parent.parent / TEMPLATES_DIRNAME
    installed = Path(sys.prefix) / "share" / "scaffold" / TEMPLATES_DIRNAME
    return [beside_app, installed]


@cache
def templates_dir() -> Path:
    """The resolved `report_templates/` folder; `FileNotFoundError` if it is missing."""
    for candidate in _candidates():
        if (candidate / "base.html").is_file():
            return candidate.resolve()
    searched = ", ".join(str(c) for c in _candidates())
    raise FileNotFoundError(f"The report templates are missing (looked in {searched}).")


def logo_url(root: Path) -> str:
    """The fixed URL of the logo inside `root`; only the fetcher answers it, from memory."""
    return (root.resolve() / LOGO_NAME).as_uri()


def asset_path(root: Path, url: str) -> Path:
    """The file a `file:` URL names, if it is a regular file inside `root`.

    Symlinks and `..` are resolved before the check, so neither can lead outside `root`.
    Every other scheme (http, https, ftp, data, …) and every file outside is refused with
    `AssetRefusedError`.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise AssetRefusedError(f"Only bundled template files may be read, not {url!r}.")
    if parts.netloc not in ("", "localhost"):
        raise AssetRefusedError(f"Remote files may not be read: {url!r}.")
    raw = url2pathname(unquote(parts.path))
    if "\x00" in raw:
        raise AssetRefusedError(f"Invalid file URL: {url!r}.")
    candidate = Path(raw)
    if not candidate.is_absolute():
        raise AssetRefusedError(f"Not an absolute file URL: {url!r}.")
    base = root.resolve()
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise AssetRefusedError(f"No such template asset: {url!r}.") from exc
    if not resolved.is_relative_to(base) or not resolved.is_file():
        raise AssetRefusedError(f"Outside the report templates: {url!r}.")
    return resolved
