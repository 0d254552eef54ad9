"""The report: the console, ``mlp-spec list``, the HTML page and its figures, the Cucumber Messages and JSON
(docs/report.md). It reads :mod:`mlp_spec.harness` and :mod:`mlp_spec.truth`; neither reads it."""

from __future__ import annotations

import importlib.util

PAGE_NEEDS = ("jinja2", "markdown_it", "matplotlib")
"""What the HTML page imports beyond the spec's own needs: the ``report`` extra."""


def needs(*modules: str) -> str:
    """What of ``modules`` is not installed (found, not imported: asking costs nothing), said for a usage error."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    return f"needs {', '.join(missing)}: pip install 'mlp-spec[report]'" if missing else ""
