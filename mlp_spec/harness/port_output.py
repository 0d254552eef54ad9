"""What a port prints, read without trusting it: every read is bounded, whatever the port prints or however
long it prints it, and what it says is shown as escaped text, cut short."""

from __future__ import annotations

import contextlib
import os
import queue
from collections import deque

from mlp_spec.harness.protocol import LINE_LIMIT

SAID = 1000
"""Characters kept of a port's error or skip message: one of 50 MB would fill a CI log."""
KEPT_STDERR = 20
"""Lines kept of a port's standard error, to tell why it failed (each cut to 200 characters)."""
CHUNK = 65536


def shortened(text: str, limit: int = SAID) -> str:
    """``text``, or its first ``limit`` characters and how many it has in all."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters in all)"


def printable(text: str, limit: int = SAID) -> str:
    """What a port said, cut to ``limit`` characters and every control character escaped (``\\x1b``, ``\\n``), so
    that it cannot move the cursor, clear the screen or start a line of its own on the console."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in shortened(text, limit))


def read_lines(fd: int, lines: queue.Queue[bytes | int | None], limit: int = LINE_LIMIT) -> None:
    """Put each line the port prints in ``lines``, None at its end; past ``limit`` bytes of one line, how many
    were read (an int), and the reading stops: a port printing without end costs no more than that."""
    parts: list[bytes] = []
    size = 0
    with contextlib.suppress(OSError):
        while chunk := os.read(fd, CHUNK):
            while (end := chunk.find(b"\n")) >= 0:
                lines.put(b"".join([*parts, chunk[:end]]))
                parts, size, chunk = [], 0, chunk[end + 1 :]
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                lines.put(size)
                return
    lines.put(None)


def read_tail(fd: int, tail: deque[str]) -> None:
    """Keep the last lines of the port's standard error in ``tail``, each made printable and cut short; of a line
    without end, only its last characters."""
    pending = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(fd, CHUNK):
            *complete, pending = (pending + chunk).split(b"\n")
            tail.extend(printable(line.decode("utf-8", "replace"), 200) for line in complete[-KEPT_STDERR:])
            pending = pending[-CHUNK:]
    if pending:
        tail.append(printable(pending.decode("utf-8", "replace"), 200))
