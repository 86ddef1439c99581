"""What the seed files were read as, by their status, kept in the build cache between builds.

Reading, decoding and normalising 10,000 seed files takes over a second on every build, though
an edit to the overrides changes none of them. Like git's index, the cache keeps what each file
was read as under its status (`reader.file_key`: path, device, inode, size, modification and
change times), and a rebuild reads again only the files whose status changed. A file changed
within `reader.RECENT_NS` of the build is always read (a write in the same tick of the file
system's clock could leave its status as it was). `sitegen serve` keeps the same in memory
(sitegen.memory), which it asks first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitegen.cache import Store
from sitegen.digest import code_digest
from sitegen.reader import Loaded

KIND = "seed-reads"  # one entry per seeds folder


class SeedReads:
    """The seed files one build may take as the last build read them (`reader.KnownFiles`), and what it read."""

    def __init__(self, store: Store, seeds: Path) -> None:
        self._store = store
        self._key = hashlib.sha256(f"{KIND}\0{code_digest()}\0{seeds.resolve()}".encode()).hexdigest()
        found = store.get(KIND, self._key)
        self._known: dict[str, Loaded] = found if isinstance(found, dict) else {}
        self._seen: dict[str, Loaded] = {}
        self.read = 0  # files whose status was new, read afresh

    def get(self, key: str) -> Loaded | None:
        """Return what the file of this status was read as by the last build, else None."""
        found = self._known.get(key)
        if found is not None:
            self._seen[key] = found
        return found

    def note(self, key: str, loaded: Loaded) -> None:
        """Keep what a file of this status was read as."""
        self._seen[key] = loaded
        self.read += 1

    def save(self) -> None:
        """Store what this build's files were read as, unless the store holds exactly that already."""
        if self._seen.keys() != self._known.keys():
            self._store.put(KIND, self._key, self._seen)
