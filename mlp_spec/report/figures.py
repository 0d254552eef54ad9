"""The page's figures that the reference computes — the loss plot of features/06, the digits section of
features/07 and the formulas — drawn in the run's own process when ``--html`` asks for them, and kept.

None depends on the implementation under test: only on mlp-spec's and the reference's code and on the
versions of Python and the libraries that draw them. They are kept in the spec's cache (:mod:`mlp_spec.cache`),
keyed by all of these, so only the first ``--html`` run of a version pays for them (about two seconds). A
port's own loss plot is drawn from its answers every time, and never kept.
"""

from __future__ import annotations

from collections.abc import Callable

from mlp_spec import cache

LIBRARIES = ("numpy", "scipy", "matplotlib", "scikit-learn", "mpmath", "sympy")


def key() -> str:
    """A digest of everything a figure depends on: the code of mlp_spec (its steps too) and mlp_ref, and the
    versions of the libraries that draw it."""
    return cache.digest(("mlp_spec", "mlp_spec.steps", "mlp_ref"), LIBRARIES)


def kept(name: str, draw: Callable[[], str]) -> str:
    """The figure ``name`` as text: read from the cache, or drawn by ``draw`` and kept."""
    where = cache.folder()
    path = None if where is None else where / f"{name}-{key()}.txt"
    data = cache.read(path)
    if data is not None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:  # cut short in the middle of a character: drawn again
            pass
    text = draw()
    cache.keep(path, text.encode("utf-8"))
    return text
