"""What a long-lived process (`sitegen serve`) keeps in memory between its builds.

The build cache (sitegen.cache) keeps results on disk for any later build; this keeps, for the
next build of the same process, the records the last one used, so they are neither read nor
unpickled again. A value is kept under its cache key (or, for a seed file, its status:
`reader.file_key`); only values that never change under their key are kept.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitegen.reader import KnownFiles, Loaded

FILES = "files"  # the kind under which a Memory keeps what the seed files were read as (never on disk)


class Memory:
    """What a long-lived process (`sitegen serve`) keeps between its builds.

    The per-article results the last build used, so a rebuild takes them from here rather than
    reading and unpickling them again (~4 s at 10,000 articles), and what its seed files were read
    as (`files`: ~2 s). Only values that never change under their key are kept (the kinds in
    KINDS), and only those the last build used (`settle`): memory follows the site, not the
    history of its edits.
    """

    KINDS = frozenset({"articles", "html", FILES})

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], object] = {}
        self._used: dict[tuple[str, str], object] = {}
        self.recalled: Counter[str] = Counter()  # values served from memory by kind, over the process's life

    def get(self, kind: str, key: str) -> object | None:
        """Return the value kept under (kind, key), else None."""
        found = self._kept.get((kind, key))
        if found is not None:
            self._used[(kind, key)] = found
            self.recalled[kind] += 1
        return found

    def note(self, kind: str, key: str, value: object) -> None:
        """Keep a value this build read from disk or made, when its kind is one memory keeps."""
        if kind in self.KINDS:
            self._used[(kind, key)] = value

    def settle(self) -> None:
        """After a build: keep what it used, drop the rest."""
        self._kept, self._used = self._used, {}

    def files(self) -> KnownFiles:
        """Return the seed files this process read, as `reader.read_seeds` asks for them."""
        return _KnownFiles(self)


class _KnownFiles:
    """The seed files a Memory keeps (kind "files"), by `reader.file_key`."""

    def __init__(self, memory: Memory) -> None:
        self._memory = memory

    def get(self, key: str) -> Loaded | None:
        """Return what an unchanged file was read as, else None."""
        found = self._memory.get(FILES, key)
        return found if isinstance(found, tuple) else None

    def note(self, key: str, loaded: Loaded) -> None:
        """Keep what a file was read as."""
        self._memory.note(FILES, key, loaded)
