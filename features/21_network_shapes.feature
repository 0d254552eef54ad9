Feature: Networks of any shape
  Conformance, beyond the article's story: nothing in the network needs three of everything. With n
  inputs, m hidden and k output nodes, wih is m×n and who is k×m. A port that mixes up rows and columns
  can hide behind the article's square matrices; it cannot hide here, with 2 inputs, 4 hidden nodes and
  3 outputs. (Only the `article` rule needs a square network: see features/20.)

  Background:
    Given the vector targets:
      | 0.5 | 0.99 | 0.6 |
    And the learning rate 0.1

  @id:forward.non-square @op:forward @certified
  Scenario: Forward propagation on a network of 2 inputs, 4 hidden nodes and 3 outputs
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    And the vector I, two inputs:
      | 0.8 | 0.2 |
    And the matrix wih, four hidden nodes by two inputs:
      | 0.8 | 0.2 |
      | 0.3 | 0.5 |
      | 0.2 | 0.4 |
      | 0.6 | 0.1 |
    And the matrix who, three outputs by four hidden nodes:
      | 0.1 | 0.3 | 0.5 | 0.2 |
      | 0.2 | 0.9 | 0.5 | 0.4 |
      | 0.5 | 0.3 | 0.1 | 0.7 |
    When the network runs forward on I
    Then the hidden inputs are:
      | 0.68 | 0.34 | 0.24000000000000002 | 0.5 |
    And the hidden outputs are:
      | 0.6637386974043527 | 0.5841905229354074 | 0.5597136492671929 | 0.6224593312018546 |
    And the final inputs are:
      | 0.6459797174950249 | 1.1873597672370755 | 0.998819402350816 |
    And the final outputs are:
      | 0.6561039301926613 | 0.7662685281857657 | 0.7308263957342612 |

  @id:train-step.non-square @op:train @certified
  Scenario: The gradient step on a network of 2 inputs, 4 hidden nodes and 3 outputs
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    And the vector I, two inputs:
      | 0.8 | 0.2 |
    And the matrix wih, four hidden nodes by two inputs:
      | 0.8 | 0.2 |
      | 0.3 | 0.5 |
      | 0.2 | 0.4 |
      | 0.6 | 0.1 |
    And the matrix who, three outputs by four hidden nodes:
      | 0.1 | 0.3 | 0.5 | 0.2 |
      | 0.2 | 0.9 | 0.5 | 0.4 |
      | 0.5 | 0.3 | 0.1 | 0.7 |
    When the network is trained for 1 step under the rule "gradient"
    Then the updated wih is:
      | 0.7998504429716439 | 0.19996261074291097 |
      | 0.3003454418132281 | 0.500086360453307   |
      | 0.1999970561977271 | 0.3999992640494318  |
      | 0.5998302066459105 | 0.09995755166147763 |
    And the updated who is:
      | 0.0976621813018889  | 0.29794236567324067 | 0.49802857805343886 | 0.1978075753771956  |
      | 0.20265963721360605 | 0.9023408833336237  | 0.5022428031639194  | 0.40249422853857236 |
      | 0.4982917980633626  | 0.2984965237275663  | 0.0985595175580698  | 0.6983980348905447  |
    When the network runs forward on I
    Then the loss E = ½Σ(t − o)² is lower than before the step
