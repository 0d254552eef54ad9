"""The truth: what the spec's numbers and claims are checked against, independently of the reference.

The 50-digit mpmath engine (:mod:`.exact`), the one comparison |a − e| ≤ atol + rtol·|e| (:mod:`.compare`),
sympy's derivative of the loss at a point (:mod:`.symbolic`), the network and its three rules for symbolic
sizes (:mod:`.rules`) and the proofs of what each rule is (:mod:`.proofs`), the floor of the article rule's
family of weights (:mod:`.family`), and the derivation printed by ``mlp-spec derive`` (:mod:`.derive`,
typeset by :mod:`.typeset`, with its worked example at the article's point from :mod:`.worked`).

It imports nothing else of mlp_spec: the harness and the report rest on it.
"""
