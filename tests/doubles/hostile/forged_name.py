"""Names itself with escape sequences (clear the screen, set the window's title) and a newline followed by a
line that reads like the harness's verdict, then serves the reference."""

import _serve

forged = "\x1b[2J\x1b]0;title\x07hostile\nmlp-spec: hostile 0 (Python): conformant (exit 0)"
_serve.shake_hands(_serve.HELLO | {"implementation": {"name": forged, "language": "Python", "version": "0"}})
_serve.serve_the_rest()
