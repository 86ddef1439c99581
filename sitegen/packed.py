"""Payloads of many small texts kept between builds: pickled and gzip-compressed (a tenth of their size), with the
few made since they were packed kept beside them, so that a rebuild after an edit stores the packed bytes again as
they were rather than packing hundreds of megabytes anew (sitegen.site.fragments, sitegen.site.markup)."""

from __future__ import annotations

import gzip
import io
import pickle
from typing import Any

# texts made since the last packing, or of items gone since, past which all of a payload is packed again
PACK_FROM = 4096


def pack(value: object) -> bytes:
    """Return `value` pickled and gzip-compressed (fast level, no time stamp): a large payload of text that a cache
    entry holds packed, a tenth of its size, and a long-lived process may keep as it is."""
    sink = io.BytesIO()
    with gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=1, mtime=0) as packing:
        pickle.dump(value, packing, protocol=pickle.HIGHEST_PROTOCOL)
    return sink.getvalue()


def unpack_dict(packed: bytes, added: dict[Any, Any] | None = None) -> dict[Any, Any]:
    """Return the dict `pack` packed (unpacked as a stream), {} for nothing packed or a value that is not a dict,
    updated with `added` (those kept beside it)."""
    found = pickle.load(gzip.GzipFile(fileobj=io.BytesIO(packed), mode="rb")) if packed else {}
    out = found if isinstance(found, dict) else {}
    if added:
        out.update(added)
    return out


def beside(packed: bytes, added: int, fresh: int, gone: int) -> bool:
    """Return True when `fresh` new texts may be kept beside `packed` ones (with the `added` already beside them)
    rather than all packed anew: there are packed ones, and those beside them and those of items `gone` are few."""
    return bool(packed) and added + fresh <= PACK_FROM and gone <= PACK_FROM
