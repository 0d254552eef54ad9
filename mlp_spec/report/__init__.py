"""The report: what a run tells its reader.

What the run observed (:mod:`.records`, plain data that every writer reads and none owns), the console's
Gherkin-style output with the verdict by capability (:mod:`.console`), the pytest plugin that records a run
(:mod:`.recorder`), the HTML page (:mod:`.page`, with :mod:`.views`, :mod:`.formulas`, :mod:`.network_svg`,
:mod:`.plot`, :mod:`.digits`, :mod:`.figures` and ``templates/``), the Cucumber Messages (:mod:`.messages`)
and the Cucumber JSON (:mod:`.cucumber_json`), and ``mlp-spec list`` (:mod:`.listing`).

It reads :mod:`mlp_spec.harness` and :mod:`mlp_spec.truth`; neither reads it.
"""
