"""What the seed files were read as, by their status, kept in the build cache between builds.

Reading, decoding and normalising 10,000 seed files takes over a second on every build, though
an edit to the overrides changes none of them. Like git's index, the cache keeps what each file
was read as under its status (`reader.file_key`: path, device, inode, size, modification and
change times), and a rebuild reads again only the files whose status changed. A file changed
within `reader.RECENT_NS` of the build is always read (a write in the same tick of the file
system's clock could leave its status as it was). `sitegen serve` keeps the same in memory
(sitegen.memory), which it asks first; and when no entry of the seeds folder changed status since
its last build (`folder_status`), it takes that build's whole read as it was.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from sitegen import reader
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


def folder_status(seeds: Path, now_ns: int | None = None) -> str | None:
    """Return the digest of every entry directly inside `seeds` with its status (`reader.file_key`: links followed);
    None when one changed within RECENT_NS of `now_ns` (default: now), or the folder cannot be listed (the reader
    then says why). A broken link counts as such while it stays broken."""
    now = time.time_ns() if now_ns is None else now_ns
    h = hashlib.sha256(f"{os.path.realpath(seeds)}\0".encode())
    try:
        with os.scandir(seeds) as listing:
            entries = sorted((entry.name, entry.path) for entry in listing)
    except OSError:
        return None
    for name, path in entries:
        key = reader.file_key(Path(path), None, name, now)
        if key is None:
            if not (os.path.islink(path) and not os.path.exists(path)):
                return None  # changed just now, or gone meanwhile
            key = f"{name}\0a broken link"
        h.update(f"{key}\n".encode())
    return h.hexdigest()
