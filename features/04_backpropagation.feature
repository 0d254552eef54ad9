Feature: Backpropagation
  Training compares the output with the answer wanted, the targets, and carries the error back through the
  weights:

    > 出力したアウトプットと求めているアウトプット(期待値)との差(エラー)を計算して、それぞれの重みの比重により各ノードのエラー具合を計算して
    > (Compute the difference, the error, between the output and the expected output, then each node's
    > share of the error in proportion to the weights.)

  The output errors are e = targets − final_outputs. The book splits them back over the links by weight:
  hidden_errors = whoᵀ·e. That is what the `article` and `book` rules carry back. Exact gradient descent
  (the `gradient` rule) carries back whoᵀ·(e∘o∘(1−o)) instead: the output's σ′ = o(1 − o) belongs inside
  the sum, by the chain rule.

  The targets must lie strictly between 0 and 1:

    > 出力は活性化関数で表現できる範囲内で設定しないと、「飽和」という現象を引き起こしより良い重みを学習する能力が低下するようです。
    > (Unless the targets lie in the range the activation function can express, "saturation" sets in and
    > the network loses its ability to learn better weights.)

  σ never reaches 0 or 1, so a target of 0 or 1 (or beyond) could only be approached by driving the
  weights without bound, where σ′ vanishes and learning stops. Such targets are rejected.

  Background:
    Given numbers are compared within atol 5e-9 and rtol 0
    And the vector I, the inputs:
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

  @id:backward.article @quoted
  Scenario Outline: The article's errors, carried back by the <rule> rule
    When the errors are carried back under the rule "<rule>"
    Then the output errors are:
      | -0.13943159 | 0.25806942 | -0.0454522 |
    And the hidden errors are:
      | 0.01494463 | 0.17679734 | 0.05477369 |

    Examples:
      | id      | rule    |
      | article | article |
      | book    | book    |

  @id:backward.gradient @certified
  Scenario: The gradient rule carries back whoᵀ·(e∘o∘(1−o))
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    When the errors are carried back under the rule "gradient"
    Then the output errors are:
      | -0.1394315935963916 | 0.25806941965769375 | -0.04545219605645056 |
    And the hidden errors are:
      | 0.0017116256276248937 | 0.0328072144393991 | 0.008203931639023242 |

  @id:backward.unreachable-targets
  Scenario Outline: A target σ cannot reach is rejected: <targets>
    Given targets is <targets>
    When the errors are carried back under the rule "book"
    Then the request is rejected, naming targets

    Examples:
      | id         | targets          |
      | one        | [0.5, 1.0, 0.6]  |
      | zero       | [0.0, 0.99, 0.6] |
      | negative   | [-0.1, 0.99, 0.6] |
      | above-one  | [0.5, 1.5, 0.6]  |
