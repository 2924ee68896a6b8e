"""The one error a broken library file raises: it names the file, the entry and what is wrong."""


class LibraryDataError(Exception):
    """The built-in library file cannot be used; the message says where and why, in one line.

    Attributes:
        file: the file as a person would look for it (a path).
        problem: what is wrong, without the location.
        index: 0-based position of the `[[scaffold]]` entry, when known.
        key: that entry's key, when known.
        line: the line in the file, when known (TOML syntax errors).
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        index: int | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.index = index
        self.key = key
        self.line = line
        where = file
        if line is not None:
            where += f", line {line}"
        if index is not None:
            where += f", scaffold #{index + 1}"
            if key:
                where += f' (key "{key}")'
        super().__init__(f"{where}: {problem}")
        self.message = str(self)
