"""Step definitions of the spec, loaded as one pytest plugin (``pytest_plugins = ["mlp_spec.steps"]``).

Steps never compute the network themselves: they build Protocol 1 requests from what the feature says,
send them to the backend under test, and compare its answers through :mod:`mlp_spec.truth.compare`.
"""

pytest_plugins = [
    "mlp_spec.steps.world",
    "mlp_spec.steps.matrices",
    "mlp_spec.steps.sigmoid",
    "mlp_spec.steps.network",
    "mlp_spec.steps.symbolic",
    "mlp_spec.steps.proofs",
    "mlp_spec.steps.rejection",
    "mlp_spec.steps.digits",
]
