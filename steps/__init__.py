"""Step definitions of the spec, loaded as one pytest plugin (``pytest_plugins = ["steps"]``).

Steps never compute the network themselves: they build Protocol 1 requests from what the feature says,
send them to the backend under test, and compare its answers through :mod:`mlp_spec.compare`.
"""

pytest_plugins = [
    "steps.world",
    "steps.matrices",
    "steps.sigmoid",
    "steps.network",
    "steps.symbolic",
    "steps.proofs",
    "steps.rejection",
]
