"""Starts a child that keeps the port's standard output open, then serves the reference: at ``stop`` the port
exits and its child goes on holding the pipe the harness reads."""

import _serve

_serve.sleeper()
_serve.shake_hands()
_serve.serve_the_rest()
