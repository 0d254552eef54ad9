"""The harness: how mlp-spec talks to an implementation of the network, and what it concludes.

Protocol 1's names (:mod:`.protocol`), the reference behind the protocol (:mod:`.adapter`, and
:mod:`.serve` on stdin/stdout), the backends the steps talk to (:mod:`.backends`: the reference in process,
the 50-digit engine; :mod:`.process`: a port in any language), what an answer's fields must look like
(:mod:`.shapes`), what one run learns (:mod:`.run`) and the pytest plugin that fills it (:mod:`.plugin`: the
implementation under test and its handshake, each scenario's outcome), the verdict by capability and its JSON
summary (:mod:`.verdict`), ``mlp-spec run`` over one or several implementations in
turn (:mod:`.suite`), and the golden vectors: every request the features send, with its certified answer
(:mod:`.vectors`).

It rests on :mod:`mlp_spec.truth` and on nothing of :mod:`mlp_spec.report`, which reads what it concludes.
"""
