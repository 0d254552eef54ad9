"""The harness: how mlp-spec talks to an implementation of the network.

Protocol 1's names (:mod:`.protocol`), the reference behind the protocol (:mod:`.adapter`, and
:mod:`.serve` on stdin/stdout), the backends the steps talk to (:mod:`.backends`: the reference in process,
the 50-digit engine; :mod:`.process`: a port in any language), what an answer's fields must look like
(:mod:`.shapes`), the pytest plugin that picks the implementation under test and holds its handshake
(:mod:`.plugin`), the tally of what each scenario asked and how it ended (:mod:`.tally`), and ``mlp-spec
run`` over one or several implementations in turn (:mod:`.suite`).
"""
