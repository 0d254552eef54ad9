"""Files mlp-spec writes: checked before a run starts, and written whole or not at all.

A regular file is filled in a temporary file beside it and renamed into place, so an interrupted run leaves the
previous file, never a truncated one; a symbolic link is followed and kept; what is no regular file
(``/dev/null``, a pipe) is written to as it is; ``-`` is standard output, after the console's lines.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

STDOUT = "-"


def problem(path: Path | str, folder: bool = False) -> str | None:
    """Why ``path`` cannot be written (a file, or with ``folder`` a folder, made if missing), or None."""
    if str(path) == STDOUT and not folder:
        return None
    path = Path(path).expanduser().absolute()
    if folder:
        existing = next(p for p in (path, *path.parents) if p.exists())  # where the missing ones will be made
        if not existing.is_dir():
            return f"not a folder: {existing}"
        return None if os.access(existing, os.W_OK) else f"not writable: {existing}"
    if path.is_dir():
        return f"a folder, not a file: {path}"
    target = path.resolve()
    if not target.parent.is_dir():
        what = "is a file, not a folder" if target.parent.exists() else "does not exist"
        return f"folder {what}: {target.parent}"
    if target.exists() and not os.access(target, os.W_OK):
        return f"not writable: {path}"
    if not target.exists() and not os.access(target.parent, os.W_OK):
        return f"cannot make a file in {target.parent}"
    return None


def special(path: Path | str) -> bool:
    """Whether ``path`` is standard output (``-``) or exists and is no regular file (``/dev/null``, a pipe)."""
    path = Path(path).expanduser()
    return str(path) == STDOUT or (path.exists() and not path.is_file() and not path.is_dir())


def clash(paths: dict[str, str | None]) -> str | None:
    """Two options that name one file (each would overwrite the other's), said as a usage error, or None."""
    seen: dict[Path, str] = {}
    for option, path in paths.items():
        if not path or special(path):  # standard output or /dev/null may take them all
            continue
        same = Path(path).expanduser().resolve()
        if same in seen:
            return f"{seen[same]} and {option} name the same file: {path}"
        seen[same] = option
    return None


def check(paths: dict[str, str | None]) -> str | None:
    """Why the outputs named by these options cannot all be written, as a usage error, or None."""
    for option, path in paths.items():
        if trouble := path and problem(path):
            return f"{option}: {trouble}"
    return clash(paths)


class Unwritten(OSError):
    """A file that could not be written after all (a full disk). An OSError still, so that a writer to whom a
    file is no loss (a cache) passes over it."""


Fill = Callable[[Path], object]


def write(path: Path | str, fill: Fill) -> None:
    """Make ``path`` by calling ``fill`` on a temporary file beside it, then renaming that into place; standard
    output and what is no regular file are filled as they are. The system's refusal is an :class:`Unwritten`."""
    write_all([(path, fill)])


def write_all(files: list[tuple[Path | str, Fill]]) -> None:
    """Fill every regular file in a temporary file beside it, write standard output and what is no regular file,
    and only when all that is done rename the regular files into place: a refusal leaves every regular file as
    it was (a run killed meanwhile leaves its ``.mlp-spec-*.part`` files beside them)."""
    staged: list[tuple[Path, Path]] = []
    current: Path | str = ""
    try:
        for current, fill in files:
            if not special(current):
                staged.append((_filled(Path(current).expanduser().resolve(), fill), Path(current)))
        for current, fill in files:
            if special(current):
                _direct(current, fill)
        for temporary, current in staged:
            os.replace(temporary, Path(current).expanduser().resolve())  # a link stays a link: its target is replaced
    except OSError as error:
        raise Unwritten(f"{current}: {error.strerror or error}") from error
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def _filled(path: Path, fill: Fill) -> Path:
    """A temporary file beside ``path``, filled, with the mode ``path`` has (or the umask's)."""
    # A short name of its own: one made from the file's name would pass the name-length limit before it does.
    handle, name = tempfile.mkstemp(prefix=".mlp-spec-", suffix=".part", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        fill(temporary)
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~umask)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _direct(given: Path | str, fill: Fill) -> None:
    if str(given) != STDOUT:
        fill(Path(given).expanduser())
        return
    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder) / "output"
        fill(made)
        with contextlib.suppress(BrokenPipeError):  # the reader took what it wanted (`| head`)
            sys.stdout.flush()
            sys.stdout.buffer.write(made.read_bytes())
            sys.stdout.flush()


def write_text(path: Path | str, text: str) -> None:
    write(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


class Console:
    """Standard output that outlives its reader (``mlp-spec run … | head``): once the pipe closes, what is written
    is dropped and the descriptor points at nothing, as Python's documentation of SIGPIPE advises, so that
    neither the run (pytest would end it as an internal error) nor Python's closing flush fails."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self.reader_gone()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.reader_gone()

    def reader_gone(self) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError):  # a stream with no descriptor (a test's) has none to move
            nothing = os.open(os.devnull, os.O_WRONLY)
            os.dup2(nothing, self.stream.fileno())
            os.close(nothing)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)  # isatty, encoding, fileno … as the stream says
