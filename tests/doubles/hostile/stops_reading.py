"""Shakes hands, then never reads its input again: a large request fills the pipe, and writing it waits."""

import time

import _serve

_serve.shake_hands()
time.sleep(600)
