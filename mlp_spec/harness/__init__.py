"""The harness: how mlp-spec talks to an implementation of the network, and what it concludes.

Protocol 1 and the reference behind it, the backends the steps talk to (a port in any language among them),
a run, its verdict, ``mlp-spec run`` over several implementations, and the golden vectors (docs/layout.md). It
rests on :mod:`mlp_spec.truth` and on nothing of :mod:`mlp_spec.report`, which reads what it concludes.
"""
