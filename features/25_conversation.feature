Feature: The conversation holds to Protocol 1
  Protocol 1 is a conversation of JSON lines: a handshake (`start`), then `run` requests, then `stop`. An
  implementation answers every line but a blank one and `stop`; a line it cannot honour gets an error that
  names what is wrong, and it keeps serving. The conformance run never sends an op or rule the handshake
  does not declare, so `skipped` is an answer for what the implementation declares it lacks, and never for
  what the protocol does not define: a command or op that does not exist gets an error, as any other bad
  input.

  An answer carries the `seq` of the line it answers: the line's own when the line is a JSON object whose
  `seq` is an integer, else `"seq": null`. The harness checks it with every answer, so a port that answers
  under the wrong `seq` fails the scenario.

  @id:conduct.unknown-command
  Scenario: A command the protocol does not define is rejected
    When the command "reboot" is sent
    Then the request is rejected, naming cmd

  @id:conduct.bad-line
  Scenario Outline: A line that is no request is rejected, naming <name>: <problem>
    When the line <line> is sent
    Then the request is rejected, naming <name>

    Examples: Lines that are not a JSON object
      | id            | line             | name | problem     |
      | not-json      | this is not JSON | line | not JSON    |
      | not-an-object | [1, 2, 3]        | line | a JSON list |

    Examples: Requests without what a run needs
      | id                 | line                                                              | name | problem              |
      | cmd-missing        | {"seq": 7, "op": "sigmoid", "args": {"x": [0.5]}}                 | cmd  | no cmd               |
      | op-missing         | {"cmd": "run", "seq": 7, "args": {"x": [0.5]}}                    | op   | no op                |
      | args-missing       | {"cmd": "run", "seq": 7, "op": "sigmoid"}                         | args | no args              |
      | args-not-an-object | {"cmd": "run", "seq": 7, "op": "sigmoid", "args": [0.5]}          | args | args a list          |
      | seq-missing        | {"cmd": "run", "op": "sigmoid", "args": {"x": [0.5]}}             | seq  | no seq               |
      | seq-text           | {"cmd": "run", "seq": "7", "op": "sigmoid", "args": {"x": [0.5]}} | seq  | seq "7", text        |
      | seq-fraction       | {"cmd": "run", "seq": 7.5, "op": "sigmoid", "args": {"x": [0.5]}} | seq  | seq 7.5, no integer  |

    Examples: A handshake for another protocol
      | id             | line                            | name     | problem          |
      | other-protocol | {"cmd": "start", "protocol": 2} | protocol | only 1 is spoken |

    Examples: Lines whose seq is no integer, answered under "seq": null whatever their cmd
      | id                 | line                                           | name     | problem                 |
      | unknown-seq-text   | {"cmd": "reboot", "seq": "7"}                  | cmd      | no such cmd, seq "7"    |
      | other-seq-fraction | {"cmd": "start", "protocol": 2, "seq": 7.5}    | protocol | protocol 2, seq 7.5     |

  @id:conduct.not-utf-8
  Scenario: A line that is not UTF-8 is rejected, naming line
    When a line of the bytes ff fe 7b 7d is sent
    Then the request is rejected, naming line

  @id:conduct.blank-line
  Scenario: A blank line gets no answer
    An implementation that answered it would answer every later request with the answer before, under the
    wrong `seq`.

    When a blank line is sent, then the command "reboot"
    Then the request is rejected, naming cmd
