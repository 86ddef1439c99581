"""JSON text for the exports: the indented layout of json.dumps(indent=1) made fast, and one record per line."""

from __future__ import annotations

import json
import json.encoder
import math
from collections.abc import Callable, Iterable
from typing import Any


class _Unusual(Exception):
    """A value indented_json leaves to the json module (a float that is not finite, an unknown type)."""


def indented_json(data: Any) -> str:
    """Return exactly json.dumps(data, ensure_ascii=False, indent=1), several times faster.

    The json module encodes in C only without indent; with one it walks the data through Python
    generators. This writes the same text into one list: dicts with str keys, lists, tuples, str,
    int, finite float, bool and None; anything else is left to json.dumps.
    """
    out: list[str] = []
    try:
        _write_json(data, 0, out.append)
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=1)
    return "".join(out)


encode_record = json.JSONEncoder(ensure_ascii=False).encode  # without indent, the json module encodes in C


def json_record_lines(items: Iterable[Any], level: int) -> bytes:
    """Return a JSON array at nesting `level` of a document laid out like `indented_json`, each item on one line.

    The items are encoded one at a time (they may come from a generator and are not kept) by the
    json module's C encoder, several times faster than indenting them; one record per line also
    keeps a diff of two builds' files to the records that changed.
    """
    return record_lines(map(encode_record, items), level)


def record_lines(records: Iterable[str], level: int) -> bytes:
    """Return `json_record_lines` of records already encoded by `encode_record`."""
    chunks: list[bytes] = []
    inner = "\n" + " " * (level + 1)
    for record in records:
        chunks.append(((inner if not chunks else "," + inner) + record).encode("utf-8"))
    if not chunks:
        return b"[]"
    return b"[" + b"".join(chunks) + ("\n" + " " * level + "]").encode("utf-8")


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for strings


_LITERALS: dict[Any, str] = {None: "null", True: "true", False: "false"}


def _write_json(value: Any, level: int, write: Callable[[str], None]) -> None:
    kind = type(value)
    if kind is str:
        write(_encode_str(value))
    elif value is None or kind is bool:
        write(_LITERALS[value])
    elif isinstance(value, str):
        write(_encode_str(value))
    elif isinstance(value, int):
        write(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Unusual
        write(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            write("{}")
            return
        inner = "\n" + " " * (level + 1)
        write("{")
        separator = inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            kind = type(item)  # the common scalars inline: no call per value
            if kind is str:
                write(f"{separator}{_encode_str(key)}: {_encode_str(item)}")
            elif item is None or kind is bool:
                write(f"{separator}{_encode_str(key)}: {_LITERALS[item]}")
            else:
                write(f"{separator}{_encode_str(key)}: ")
                _write_json(item, level + 1, write)
            separator = "," + inner
        write("\n" + " " * level + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            write("[]")
            return
        inner = "\n" + " " * (level + 1)
        write("[")
        separator = inner
        for item in value:
            if type(item) is str:
                write(separator + _encode_str(item))
            else:
                write(separator)
                _write_json(item, level + 1, write)
            separator = "," + inner
        write("\n" + " " * level + "]")
    else:
        raise _Unusual
