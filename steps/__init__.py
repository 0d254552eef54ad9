"""Step definitions of the spec, one module per concept; :mod:`mlp_spec.plugin` registers each of ``PARTS``.

Steps never compute the network themselves: they build Protocol 1 requests from what the feature says,
send them to the backend under test, and compare its answers through :mod:`mlp_spec.truth.compare`.
"""

PARTS = (
    "mlp_spec.steps.world",
    "mlp_spec.steps.matrices",
    "mlp_spec.steps.sigmoid",
    "mlp_spec.steps.network",
    "mlp_spec.steps.symbolic",
    "mlp_spec.steps.proofs",
    "mlp_spec.steps.rejection",
    "mlp_spec.steps.digits",
)
