Feature: The conversation holds to Protocol 1
  Protocol 1 is a conversation of JSON lines: a handshake (`start`), then `run` requests, then `stop`. An
  implementation answers every line but a blank one and `stop`; a line it cannot honour gets an error that
  names what is wrong, and it keeps serving. The conformance run never sends an op or rule the handshake does not declare, so
  `skipped` is an answer for what the implementation declares it lacks, and never for what the protocol
  does not define: a command or op that does not exist gets an error, as any other bad input.

  @id:conduct.unknown-command
  Scenario: A command the protocol does not define is rejected
    When the command "reboot" is sent
    Then the request is rejected, naming cmd
