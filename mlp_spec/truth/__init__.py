"""The truth: what the spec's numbers and claims are checked against, independently of the reference.

The 50-digit mpmath engine (:mod:`.exact`), the one comparison |a − e| ≤ atol + rtol·|e| (:mod:`.compare`),
sympy's derivative of the loss at a point (:mod:`.symbolic`) and for symbolic sizes (:mod:`.proofs`), the
derivation printed by ``mlp-spec derive`` (:mod:`.derive`), and the golden vectors built from them
(:mod:`.vectors`).
"""
