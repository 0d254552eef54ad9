"""The report: what a run tells its reader.

What the run observed (:mod:`.records`, plain data that every writer reads and none owns), the console's
Gherkin-style output with the verdict by capability (:mod:`.console`), the pytest plugin that records a run
(:mod:`.recorder`), the HTML page (:mod:`.page`, with :mod:`.views`, :mod:`.formulas`, :mod:`.network_svg`,
:mod:`.plot`, :mod:`.digits`, :mod:`.figures` and ``templates/``), the Cucumber Messages (:mod:`.messages`)
and the Cucumber JSON (:mod:`.cucumber_json`), and ``mlp-spec list`` (:mod:`.listing`).

It reads :mod:`mlp_spec.harness` and :mod:`mlp_spec.truth`; neither reads it.
"""

from __future__ import annotations

import importlib.util

PAGE_NEEDS = ("jinja2", "markdown_it", "matplotlib")
"""What the HTML page imports beyond the spec's own needs: the ``report`` extra."""


def needs(*modules: str) -> str:
    """What of ``modules`` is not installed, said for a usage error ("needs …: pip install …"); "" if nothing.

    Found, not imported, so that asking costs a run nothing."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    return f"needs {', '.join(missing)}: pip install 'mlp-spec[report]'" if missing else ""
