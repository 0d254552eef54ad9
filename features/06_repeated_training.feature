Feature: Repeated training
  The article ends where training begins:

    > あとはこの作業を何回も繰り返してベストな重みを求めていくことになります。
    > (All that remains is to repeat this many times to find the best weights.)

  Here the step is repeated 10,000 times on the article's one sample, under each rule.

  `book` and `gradient` each move every weight by its own amount, so the three outputs can be pulled
  towards three different targets: after 10,000 steps every output is within 0.02 of its target.

  `article` cannot get there. Each of its steps adds one number to all of who and one number to all of
  wih, so after any number of steps who = who₀ + c·J and wih = wih₀ + d·J, with J the matrix of ones: two
  numbers, c and d, are all that training can change. Adding c·J to who adds the same c·Σh to all three
  final inputs, so the outputs can only rise or fall together, while the targets 0.5, 0.99 and 0.6 ask the
  first and third to fall and the second to rise. The loss stalls on that two-number family, well above
  what the other rules reach.

  Background:
    Given the vector I, the inputs:
      | 0.8 | 0.2 | 0.7 |
    And the matrix wih, the weights from the input layer to the hidden layer:
      | 0.8 | 0.2 | 0.3 |
      | 0.3 | 0.5 | 0.1 |
      | 0.2 | 0.4 | 0.5 |
    And the matrix who, the weights from the hidden layer to the output layer:
      | 0.1 | 0.3 | 0.5 |
      | 0.2 | 0.9 | 0.5 |
      | 0.5 | 0.3 | 0.1 |
    And the vector targets:
      | 0.5 | 0.99 | 0.6 |
    And the learning rate 0.1

  @id:train-repeat.converges
  Scenario Outline: 10,000 steps of the <rule> rule reach every target
    When the network is trained for 10000 steps under the rule "<rule>"
    And the network runs forward on I
    Then every final output is within 0.02 of its target
    And the loss E = ½Σ(t − o)² is lower than before training

    Examples:
      | id       | rule     |
      | book     | book     |
      | gradient | gradient |

  @id:train-repeat.article-stalls
  Scenario: 10,000 steps of the article's rule stall
    Given numbers are compared within atol 1e-12 and rtol 0
    When the network is trained for 10000 steps under the rule "article"
    And the network runs forward on I
    Then the loss E = ½Σ(t − o)² is lower than before training
    But the loss E = ½Σ(t − o)² is above 0.03
    And who has moved by one number in every entry, not by 0
    And wih has moved by one number in every entry, not by 0
