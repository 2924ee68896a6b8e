"""The one error an exchange file can raise."""


class ExchangeError(Exception):
    """An exchange file that cannot be read or imported; the message says why, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
