"""The spec's cache on disk (docs/report.md#the-cache): its own mathematics (:func:`memo`) and the page's figures
(:mod:`mlp_spec.report.figures`), each entry named with a digest of the sources it depends on and of the
libraries' versions, so that only an edit of its sources makes it again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.util
import os
import pickle
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mlp_spec import outputs

MATHS = ("mlp_spec.truth",)
MATHS_LIBRARIES = ("sympy", "mpmath")


def folder() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    chosen = os.environ.get("MLP_SPEC_CACHE", "")
    if chosen.lower() == "off":
        return None
    return Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mlp-spec"


@functools.cache
def digest(modules: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    """A digest of the Python sources of ``modules`` (a package: all of its modules; found, not imported) and of
    the versions of Python and of ``libraries``."""
    text = hashlib.sha256(platform.python_version().encode())
    for library in libraries:
        try:
            text.update(f"{library} {version(library)}".encode())
        except PackageNotFoundError:
            text.update(f"{library} none".encode())
    for name in modules:
        spec = importlib.util.find_spec(name)
        folders = [Path(folder) for folder in (spec.submodule_search_locations or [])] if spec else []
        files = [(f, f.relative_to(folder)) for folder in folders for f in sorted(folder.rglob("*.py"))]
        if spec and spec.origin and not folders:
            files = [(Path(spec.origin), Path(Path(spec.origin).name))]
        for source, relative in files:
            text.update(f"{name}/{relative.as_posix()}".encode())
            text.update(source.read_bytes())
    return text.hexdigest()[:24]


def read(path: Path | None) -> bytes | None:
    """An entry's bytes, or None if it is not kept (or cannot be read): it is made again."""
    try:
        return None if path is None else path.read_bytes()
    except OSError:
        return None


def keep(path: Path | None, data: bytes) -> None:
    if path is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs the next run the same time again
            path.parent.mkdir(parents=True, exist_ok=True)
            outputs.write(path, lambda temporary: temporary.write_bytes(data))


def memo(function: str, *args: Any) -> Any:
    """``function(*args)``, for a function of :mod:`mlp_spec.truth` named as ``"module.name"``: kept on disk.

    Named, not passed: a warm run finds the result without importing the module, and so without sympy, whose
    import benchmarks/timings.md measures."""
    where = folder()
    call = hashlib.sha256(f"{function}{args!r}".encode()).hexdigest()[:24]
    path = None if where is None else where / f"maths-{digest(MATHS, MATHS_LIBRARIES)}-{call}.pickle"
    data = read(path)
    if data is not None:
        with contextlib.suppress(Exception):  # cut short, or another version's objects: made again
            return pickle.loads(data)
    module, name = function.rsplit(".", 1)
    result = getattr(importlib.import_module(f"mlp_spec.truth.{module}"), name)(*args)
    keep(path, pickle.dumps(result))
    return result
