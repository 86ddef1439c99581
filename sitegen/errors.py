"""The one exception family sitegen raises for user-facing problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


class SitegenError(Exception):
    """A problem the user can fix; the CLI prints it on one line and exits 1."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.key = key
        super().__init__(self.render())

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with every field (a worker process's error is raised again in the build as itself)."""
        return (_rebuilt, (type(self), self.message, self.path, self.line, self.column, self.key))

    def render(self) -> str:
        """Return `file:line:column: key: message`, leaving out the parts that are unknown."""
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


def _rebuilt(cls: type[SitegenError], message: str, path: str | None, line: int | None, column: int | None,
             key: str | None) -> SitegenError:
    return cls(message, path=path, line=line, column=column, key=key)


class ConfigError(SitegenError):
    """A YAML file under content/ (or a packaged data file) is wrong."""


class InputError(SitegenError):
    """A seed article cannot be read."""


class OutputError(SitegenError):
    """The output folder cannot be written safely."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return 'did you mean X?' for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {close[0]}?" if close else ""
