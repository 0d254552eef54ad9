"""The truth: what the spec's numbers and claims are checked against, independently of the reference
(docs/layout.md lists its modules). It imports nothing else of mlp_spec: the harness and the report rest on it.
"""
