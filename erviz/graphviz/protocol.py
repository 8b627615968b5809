"""Messages between the client and the worker: a 4-byte length, then a
pickled dict (both ends are erviz's own, started by erviz)."""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

HEADER = struct.Struct(">I")


def encode(message: dict[str, Any]) -> bytes:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(body)) + body


def read(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (length,) = HEADER.unpack(header)
    body = stream.read(length)
    if len(body) < length:
        return None
    message: dict[str, Any] = pickle.loads(body)
    return message
