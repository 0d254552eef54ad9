"""Where the spec lives (the repository's ``features/``, or the wheel's ``mlp_spec/features/``) and how a pytest
session of it starts: the test module :mod:`mlp_spec.spec`, the spec's own configuration (``spec.toml``, not a
project's around it), and no plugin but pytest-bdd and the spec's, whatever else is installed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE if (PACKAGE / "features").is_dir() else PACKAGE.parent
"""The folder that holds ``features/``: the package when installed from a wheel, else the repository."""
FEATURES = ROOT / "features"
SPEC = PACKAGE / "spec.py"
"""The test module that binds every scenario of the features."""
CONFIG = PACKAGE / "spec.toml"


def session_args(*extra: str) -> list[str]:
    """The arguments of a pytest session of the spec; ``extra`` (selection, outputs, ``--impl``) go last."""
    # Plugins installed for other projects stay out (pytest-html would claim --html; others cost start-up time).
    # No cache: --lf, --ff and --sw are unknown options, not a quiet rerun of everything. no:html tells the
    # recorder (mlp_spec.report.recorder) that --html is the spec's.
    named = ("no:cacheprovider", "no:stepwise", "no:html", "pytest_bdd.plugin", "mlp_spec.plugin")
    plugins = [arg for plugin in named for arg in ("-p", plugin)]
    return [str(SPEC), "--rootdir", str(ROOT), "-c", str(CONFIG), "--disable-plugin-autoload", *plugins, *extra]


@contextlib.contextmanager
def without_addopts() -> Iterator[None]:
    """A session the command runs for itself (``list``'s collection, the vectors' recording) takes no options
    from ``PYTEST_ADDOPTS``: they are meant for the user's runs, and one it has no use for would end it."""
    saved = os.environ.pop("PYTEST_ADDOPTS", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["PYTEST_ADDOPTS"] = saved
