"""Files mlp-spec writes: checked before a run starts, and written whole or not at all.

Each file goes to a temporary file in its own folder and is renamed into place, so an interrupted or failed
run leaves the previous file (or none), never a truncated one. A symbolic link is followed (its target is
replaced, the link kept), and what is no regular file (``/dev/null``, ``/dev/stdout``, a named pipe) is
written to as it is, never replaced by a file. The check before the run makes and removes a temporary file
where the output will go, so that a folder that cannot take one (``/proc``, a read-only disk) is refused
then, not after the run.

The console is not a file, but it too can lose its reader (``mlp-spec run … | head``): :class:`Console` then
goes on without it, so that the run still ends with its verdict's exit status.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO


def problem(path: Path, folder: bool = False) -> str | None:
    """Why ``path`` cannot be written (a file, or with ``folder`` a folder, made if missing), or None."""
    path = Path(os.path.expanduser(path)).absolute()
    if folder:
        if path.exists() and not path.is_dir():
            return f"not a folder: {path}"
        # The nearest folder that exists is where the missing ones will be made.
        existing = next(p for p in (path, *path.parents) if p.exists())
        if not existing.is_dir():
            return f"not a folder: {existing}"
        return _cannot_make_files(existing)
    if path.is_dir():
        return f"a folder, not a file: {path}"
    if str(path) in STANDARD_INPUT:
        return f"standard input is no output: {path}"
    if special(path):
        return None if os.access(path, os.W_OK) else f"not writable: {path}"
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not target.parent.is_dir():
        what = "is a file, not a folder" if target.parent.exists() else "does not exist"
        return f"folder {what}: {target.parent}"
    if target.exists() and not os.access(target, os.W_OK):
        return f"not writable: {path}"
    return _cannot_make_files(target.parent)


def clash(paths: dict[str, str | None]) -> str | None:
    """Two options that name one file (each would overwrite the other's), said as a usage error, or None."""
    seen: dict[Path, str] = {}
    for option, path in paths.items():
        given = Path(os.path.expanduser(path)) if path else None
        if given is None or special(given):  # /dev/null, or /dev/stdout even as a pipe, may take them all
            continue
        same = Path(os.path.realpath(given))
        if same in seen:
            return f"{seen[same]} and {option} name the same file: {path}"
        seen[same] = option
    return None


STANDARD_INPUT = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
"""Standard input by its names: written to, it would swallow a page or wait for a reader."""


def special(path: Path) -> bool:
    """Whether ``path`` is something other than a regular file or a folder: a device, a pipe, a socket, or
    one of the process's own streams by name (``/dev/stdout``), whatever it was redirected to."""
    if stream(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def stream(path: Path) -> int | None:
    """The descriptor ``path`` names (``/dev/stdout`` 1, ``/dev/stderr`` 2, ``/dev/fd/N`` and
    ``/proc/self/fd/N`` N), or None. Such a path is written through its descriptor, where the stream stands:
    opened again, it would start the file the stream was redirected to afresh, or be renamed over."""
    text = os.path.expanduser(str(path))
    named = {"/dev/stdout": 1, "/dev/stderr": 2}
    if text in named:
        return named[text]
    for folder in ("/dev/fd/", "/proc/self/fd/"):
        number = text.removeprefix(folder)
        if text.startswith(folder) and number.isdigit() and int(number) != 0:  # 0 is standard input
            return int(number)
    return None


def _cannot_make_files(folder: Path) -> str | None:
    """Why no file can be made in ``folder`` (found by making one and removing it), or None."""
    try:
        handle, name = tempfile.mkstemp(prefix=".mlp-spec-", suffix=".probe", dir=folder)
    except OSError as error:
        return f"cannot make a file in {folder} ({error.strerror})"
    os.close(handle)
    os.unlink(name)
    return None


class Unwritten(OSError):
    """A file that could not be written after all (a full disk): the path, and what the system said. An
    OSError still, so that a writer to whom a file is no loss (a cache) passes over it as before."""


def write(path: Path, fill: Callable[[Path], object]) -> None:
    """Make ``path`` by calling ``fill`` on a temporary file beside it, then renaming that into place; a path
    that is no regular file (``/dev/null``) is filled as it is. The system's refusal is an :class:`Unwritten`."""
    try:
        _write(Path(os.path.expanduser(path)), fill)
    except OSError as error:
        raise Unwritten(f"{path}: {error.strerror or error}") from error


def _write(path: Path, fill: Callable[[Path], object]) -> None:
    # A pipe whose reader has gone (`--summary /dev/stdout | head`) took what it wanted: no error of ours.
    descriptor = stream(path)
    if descriptor is not None:
        with tempfile.TemporaryDirectory() as folder:
            made = Path(folder) / "output"
            fill(made)
            data = made.read_bytes()
        for open_stream in (sys.stdout, sys.stderr):  # what the console has written comes first
            with contextlib.suppress(OSError, ValueError):
                open_stream.flush()
        with contextlib.suppress(BrokenPipeError):
            while data:
                data = data[os.write(descriptor, data) :]
        return
    if special(path):
        with contextlib.suppress(BrokenPipeError):
            fill(path)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # a link stays a link: what it points to is replaced
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.absolute().parent)
    os.close(handle)
    temporary = Path(name)
    try:
        fill(temporary)
        # mkstemp makes the file private (0600); the finished file gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    write(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


class Console:
    """Standard output that outlives its reader: once the reader has gone (a closed pipe), what is written is
    dropped and the descriptor points at nothing, so that neither the run nor Python's closing flush fails."""

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
        # A stream with no descriptor (a test's) has nothing to point elsewhere.
        with contextlib.suppress(OSError, ValueError):
            nothing = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(nothing, self.stream.fileno())
            finally:
                os.close(nothing)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)  # isatty, encoding, fileno … as the stream says
