"""The report: what a run tells its reader.

What the run observed (:mod:`.records`, plain data that every writer reads and none owns), the verdict by
capability, one implementation's or several side by side, and its JSON summary (:mod:`.verdict`), the console's
Gherkin-style output (:mod:`.console`), the pytest plugin that records a run (:mod:`.recorder`), the HTML
page (:mod:`.page`, with :mod:`.formulas`, :mod:`.network_svg`, :mod:`.plot` and ``templates/``) and the
Cucumber Messages (:mod:`.messages`).
"""
