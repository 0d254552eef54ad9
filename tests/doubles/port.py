"""A test double: the reference behind Protocol 1 as a process (``python tests/doubles/port.py DEFECT``), with
one planted defect, for checking the harness. Defects of conduct (:data:`CONDUCT`: hang, crash, garbage …,
``canned``, which answers sigmoid from a script as fast as a compiled port, and ``echo``, whose handshake says
the line it read as ``heard`` and whose every other answer is an error that is the line it read) load nothing
but the standard library. ``no-article`` does not declare the article's rule; ``lying`` has its second final
output off by 1e-3, and no gradient rule (the failing port of the report's tests); ``none`` is a correct port.
"""

from __future__ import annotations

import json
import sys
import time

HELLO = {
    "protocol": 1,
    "implementation": {"name": "mlp_ref", "language": "Python", "version": "1.0.0"},
    "ops": ["matmul", "sigmoid", "forward", "backward", "train"],
    "rules": ["article", "book", "gradient"],
}
CONDUCT = {"hang", "hang-start", "crash", "garbage", "garbage-start", "wrong-seq", "missing-field", "canned", "echo"}


def main(defect: str) -> int:
    if defect in CONDUCT:
        return misbehave(defect)
    from mlp_spec.harness import serve

    for line in sys.stdin:
        reply = serve.answer(line)
        if reply is serve.STOP:
            return 0
        if reply is None:
            continue
        if "rules" in reply and defect == "no-article":
            reply["rules"] = ["book", "gradient"]
        if "rules" in reply and defect == "lying":
            reply["rules"] = ["article", "book"]
            reply["implementation"] = {"name": "lying-port", "language": "Python", "version": "0.0.1"}
        result = reply.get("result")
        if defect == "lying" and isinstance(result, dict) and "hidden_outputs" in result:
            outputs = result["final_outputs"]
            outputs[min(1, len(outputs) - 1)] += 1e-3  # a network of one output has no second
        print(json.dumps(reply), flush=True)
    return 0


def misbehave(defect: str) -> int:
    """Shake hands, then hang, crash, print garbage or answer amiss at the first run."""
    for line in sys.stdin:
        message = json.loads(line)
        cmd = message.get("cmd")
        if defect == "echo" and cmd not in ("start", "stop"):
            print(json.dumps({"seq": message.get("seq"), "error": line.rstrip("\n")}), flush=True)
        elif cmd == "start":
            if defect == "garbage-start":
                print("Hello from the port!", flush=True)
                continue
            if defect == "hang-start":
                time.sleep(3600)
            heard = {"implementation": HELLO["implementation"] | {"heard": line.rstrip("\n")}}
            print(json.dumps(HELLO | heard if defect == "echo" else HELLO), flush=True)
        elif cmd == "stop":
            return 0
        elif cmd == "run":
            if defect == "hang":
                time.sleep(3600)
            if defect == "crash":
                print("adapter: cannot allocate the weights", file=sys.stderr, flush=True)
                return 3
            if defect == "wrong-seq":
                print(json.dumps({"seq": message["seq"] + 1, "result": {"y": [0.5]}}), flush=True)
                continue
            if defect == "canned":
                nan = message["args"]["x"] == ["NaN"]
                answer = {"error": "x: entry [0] is NaN"} if nan else {"result": {"y": [0.5]}}
                print(json.dumps({"seq": message["seq"], **answer}), flush=True)
                continue
            if defect == "missing-field":  # a forward pass of a 1-1-1 network, but for its final outputs
                result = {"hidden_inputs": [1.0], "hidden_outputs": [0.7], "final_inputs": [0.7]}
                print(json.dumps({"seq": message["seq"], "result": result}), flush=True)
                continue
            print("Hello from the port!", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "none"))
