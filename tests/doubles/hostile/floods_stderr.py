"""Shakes hands, then writes to its standard error without end and without a newline, and never answers."""

import os

import _serve

_serve.shake_hands()
chunk = b"e" * 65536
while True:
    os.write(2, chunk)
