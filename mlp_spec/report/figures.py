"""The page's figures that the reference computes (the loss plot, the digits section, the formulas): drawn when
``--html`` asks, and kept in the spec's cache (:mod:`mlp_spec.cache`) keyed by the code that draws each
(:data:`SOURCES`) and the libraries' versions. A port's own loss plot is never kept.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from mlp_spec import cache

LIBRARIES = ("numpy", "scipy", "matplotlib", "scikit-learn", "mpmath", "sympy")
REFERENCE = ("mlp_ref", "mlp_spec.harness.adapter", "mlp_spec.harness.backends")
SOURCES = {
    "plot": (*REFERENCE, "mlp_spec.report.plot"),
    "digits": (*REFERENCE, "mlp_spec.digits", "mlp_spec.train", "mlp_spec.report.digits", "mlp_spec.report.plot"),
    "formulas": ("mlp_spec.report.formulas",),
}
"""What each figure is drawn by."""


def key(name: str) -> str:
    """A digest of everything the figure ``name`` depends on."""
    return cache.digest(SOURCES[name], LIBRARIES)


def kept(name: str, draw: Callable[[], str]) -> str:
    """The figure ``name`` as text: read from the cache, or drawn by ``draw`` and kept."""
    where = cache.folder()
    path = None if where is None else where / f"{name}-{key(name)}.txt"
    data = cache.read(path)
    if data is not None:
        with contextlib.suppress(UnicodeDecodeError):  # cut short in the middle of a character: drawn again
            return data.decode("utf-8")
    text = draw()
    cache.keep(path, text.encode("utf-8"))
    return text
