"""Files mlp-spec writes: checked before a run starts, and written whole or not at all.

Each file goes to a temporary file in its own folder and is renamed into place, so an interrupted or failed
run leaves the previous file (or none), never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


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
        return None if os.access(existing, os.W_OK) else f"not writable: {existing}"
    if path.is_dir():
        return f"a folder, not a file: {path}"
    if not path.parent.is_dir():
        what = "is a file, not a folder" if path.parent.exists() else "does not exist"
        return f"folder {what}: {path.parent}"
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"not writable: {path}"
    return None


def write(path: Path, fill: Callable[[Path], object]) -> None:
    """Make ``path`` by calling ``fill`` on a temporary file beside it, then renaming that into place."""
    path = Path(os.path.expanduser(path))
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
