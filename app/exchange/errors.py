"""The one error an exchange file can raise, and the two ways the exchange raises it."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from app.validation import NotFoundError, ValidationError

MAX_MESSAGE_CHARS = 300
"""A message longer than this is cut: it quotes the file, and a file can hold anything."""

# Line breaks and other control characters a message may quote from the file.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """`text` on one line that any terminal can print: control characters and lone surrogates
    (which JSON allows in strings and keys) are written as escapes such as \\n or \\ud800."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shortened(text: str, limit: int = 40) -> str:
    """A name or value from the file for a message: printable and at most `limit` characters."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = 40) -> str:
    """`shortened`, in quotes."""
    return f"“{shortened(text, limit)}”"


class ExchangeError(Exception):
    """An exchange file that cannot be read or imported; the message says why, in one line."""

    def __init__(self, message: str) -> None:
        message = printable(message)
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[: MAX_MESSAGE_CHARS - 1] + "…"
        super().__init__(message)
        self.message = message


def refuse(message: str) -> NoReturn:
    raise ExchangeError(message)


@contextmanager
def at(where: str, item: dict[str, Any] | None = None) -> Iterator[None]:
    """Turn a service's refusal into an `ExchangeError` that says where in the file it is."""
    try:
        yield
    except ValidationError as exc:
        field = exc.field
        if item is not None and field.split("[", 1)[0] in item:
            where = f"{where}.{field}"
        raise ExchangeError(f"{where}: {exc.message}") from exc
    except NotFoundError as exc:
        raise ExchangeError(f"{where}: {exc}") from exc
