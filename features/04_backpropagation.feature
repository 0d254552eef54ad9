Feature: Backpropagation
  The article finds this the hard part:

    > 順方向伝搬はどちらかといえば分かりやすかったですが、誤差逆伝搬法は難しいですね。
    > (Forward propagation was, if anything, easy to follow; backpropagation is hard.)

  Training compares the output with the answer wanted, the targets, and carries the error back through the
  weights:

    > 出力したアウトプットと求めているアウトプット(期待値)との差(エラー)を計算して、それぞれの重みの比重により各ノードのエラー具合を計算して
    > (Compute the difference, the error, between the output and the expected output, then each node's
    > share of the error in proportion to the weights.)

  With t the targets and o the final outputs, the output errors are e = t − o. From here on, three update
  rules are compared, by name:

    article   what the article's code computes, exactly as it runs
    book      the book's method (Rashid's), with column vectors
    gradient  exact gradient descent on the squared error E = ½Σₐ(tₐ − oₐ)²

  features/05 writes out how each one moves the weights. Here they differ only in what they carry back.

  The book splits the output errors back over the links by weight: hidden_errors = whoᵀ·e, each hidden
  node's share of the output errors. That is what the `article` and `book` rules carry back. The
  `gradient` rule carries back whoᵀ·(e∘o∘(1−o)) instead, where ∘ multiplies entry by entry and o(1 − o)
  is the output's slope σ′ (features/02). That is −∂E/∂h, how fast E falls as each hidden output h
  rises: by the chain rule the output's slope belongs inside the sum (`mlp-spec derive` shows the steps,
  features/08 checks them).

  The targets are chosen inside σ's range:

    > 出力は活性化関数で表現できる範囲内で設定しないと、「飽和」という現象を引き起こしより良い重みを学習する能力が低下するようです。
    > そのためシグモイド関数の幅である0~1の間で設定しました。
    > (Unless the outputs are set within the range the activation function can express, a phenomenon
    > called "saturation" sets in and the ability to learn better weights, it seems, declines. So I set
    > them between 0 and 1, the sigmoid's range.)

  This spec goes one step further, by its own design, not the article's: σ never reaches 0 or 1, so a
  target of exactly 0 or 1 (or beyond) could only be approached by driving the weights without bound,
  where σ′ vanishes (features/02). Targets must lie strictly between 0 and 1, and an implementation
  rejects any other (features/20).

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

  @id:backward.article @op:backward @quoted
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

  @id:backward.gradient @op:backward @certified
  Scenario: The gradient rule carries back whoᵀ·(e∘o∘(1−o))
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    When the errors are carried back under the rule "gradient"
    Then the output errors are:
      | -0.1394315935963916 | 0.25806941965769375 | -0.04545219605645056 |
    And the hidden errors are:
      | 0.0017116256276248937 | 0.0328072144393991 | 0.008203931639023242 |
