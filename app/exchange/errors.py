"""The one error an exchange file can raise, and the two ways the exchange raises it."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from app.validation import NotFoundError, ValidationError


class ExchangeError(Exception):
    """An exchange file that cannot be read or imported; the message says why, in one line."""

    def __init__(self, message: str) -> None:
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
