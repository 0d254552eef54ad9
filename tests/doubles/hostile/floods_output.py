"""Shakes hands, then prints without end and without a newline: a line no reader could hold."""

import os

import _serve

_serve.shake_hands()
chunk = b"x" * 65536
while True:
    os.write(1, chunk)
