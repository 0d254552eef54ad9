Feature: One training step, under three rules
  With the errors known, each weight is moved a little, scaled by the learning rate:

    > 学習率を設定し一気に更新しすぎないようにしている。(最適な値を飛び越えてしまうのを緩和する)
    > (A learning rate keeps each update small, so as not to jump past the best value.)

  The article's code, abbreviated (o for final_layer_output_sig, h for hidden_layer_output_sig), is

    who += learning_rate * np.dot((output_errors * o * (1.0 - o)), np.transpose(h))
    wih += learning_rate * np.dot((hidden_errors * h * (1.0 - h)), np.transpose(I))

  with o, h and I one-dimensional numpy arrays. The transpose of a 1-D array is the same 1-D array, and
  `np.dot` of two 1-D arrays is their inner product, Σⱼ xⱼyⱼ: one number. In who's update it pairs
  output j with hidden node j, in wih's hidden node j with input j. So the article adds the same number
  to every weight of a layer, which is why all nine of its updated weights in each layer share one
  increment: c for who, d for wih.

  Which way c points is decided by the sign of Σⱼ eⱼ·oⱼ(1 − oⱼ)·hⱼ (e the output errors), and there the
  target 0.99 dominates: its term is +0.0304, against −0.0228 and −0.0067 for the targets 0.5 and 0.6.
  So c > 0, and d > 0 too. Every output rose, but mostly through wih. The final inputs rose by
  0.000882, 0.001434 and 0.000851. Of that, who's c gave each the same c·Σh = 0.000187 (h after the
  step). The rest, 0.000695, 0.001247 and 0.000664, came from wih's d = 0.00197: it lifted every hidden
  input by d·ΣI = 0.0034, so every hidden output rose, and with it every final input, since every weight
  of who is positive. The article's guess is right about the direction:

    > 正解データの0.99に引っ張られているのでしょうか?すべての値が若干増えたようです。
    > (Pulled by the target 0.99, perhaps? Every value seems to have risen slightly.)

  The article's first section (features/01) gave the matrix product this very purpose:

    > 行列積を計算することによってニューラルネットワークのノード間の重みを低コストで更新することが可能になります。
    > (Computing matrix products makes it possible to update the weights between the nodes of a neural
    > network at low cost.)

  With column vectors, as in the book, that holds: one matrix product, an outer product, gives every
  weight of a layer its own increment at once. With 1-D arrays it becomes an inner product, one number
  for the whole layer: a numpy pitfall, not the book's method. The three rules named in features/04, side
  by side (e = output_errors, o = final_outputs, h = hidden_outputs, lr = learning_rate, ∘ the entry by
  entry product):

    article   who += lr·Σⱼ(e∘o∘(1−o))ⱼhⱼ              wih += lr·Σⱼ(whoᵀe ∘ h∘(1−h))ⱼIⱼ     (one number each)
    book      who += lr·(e∘o∘(1−o))·hᵀ                wih += lr·(whoᵀe ∘ h∘(1−h))·Iᵀ       (outer products)
    gradient  who += lr·(e∘o∘(1−o))·hᵀ                wih += lr·(whoᵀ(e∘o∘(1−o)) ∘ h∘(1−h))·Iᵀ

  `book` is Rashid's method with column vectors; `gradient` is exact gradient descent on
  E = ½Σ(t − o)². Each scenario takes one step and runs the network forward again. At the article's
  learning rate, 0.1, the loss E falls under every rule; a far larger rate overshoots.

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

  @id:train-step.article @op:train @quoted
  Scenario: The article's step: one number added to every weight of a layer
    Given numbers are compared within atol 5e-9 and rtol 0
    When the network is trained for 1 step under the rule "article"
    Then the updated who is:
      | 0.10009555 | 0.30009555 | 0.50009555 |
      | 0.20009555 | 0.90009555 | 0.50009555 |
      | 0.50009555 | 0.30009555 | 0.10009555 |
    And the updated wih is:
      | 0.80197431 | 0.20197431 | 0.30197431 |
      | 0.30197431 | 0.50197431 | 0.10197431 |
      | 0.20197431 | 0.40197431 | 0.50197431 |
    And every entry of who grew by 0.00009555
    And every entry of wih grew by 0.00197431
    When the network runs forward on I
    Then the hidden inputs are:
      | 0.89335633 | 0.41335633 | 0.59335633 |
    And the hidden outputs are:
      | 0.70958232 | 0.60189239 | 0.64413487 |
    And the final inputs are:
      | 0.57378025 | 1.00587392 | 0.59995923 |
    And the final outputs are:
      | 0.63963499 | 0.73221189 | 0.64564698 |
    And the loss E = ½Σ(t − o)² is lower than before the step

  @id:train-step.article-direction @op:backward @certified
  Scenario: The article's one number for who: the target 0.99 outweighs the other two
    The number added to every entry of who is lr·Σⱼ(e∘o∘(1−o))ⱼhⱼ, a sum of one term per output j, each
    paired with hidden node j.

    When the errors are carried back under the rule "article"
    And the network runs forward on I
    Then the terms eⱼ·oⱼ(1 − oⱼ)·hⱼ, one per output, are to the digits shown:
      | -0.0228 | 0.0304 | -0.0067 |
    And their sum times the learning rate is 0.00009555 to the digits shown, the article's increment of who

  @id:train-step.book @op:train @certified
  Scenario: The book's step: outer products, hidden errors whoᵀe
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    When the network is trained for 1 step under the rule "book"
    Then the updated who is:
      | 0.09772111763479512 | 0.29806767166472714 | 0.49793176215209317 |
      | 0.2035894893371705  | 0.9030436287810542  | 0.5032577011499786  |
      | 0.4992626516554799  | 0.29937478163821124 | 0.09933080716384816 |
    And the updated wih is:
      | 0.8002467237039628  | 0.2000616809259907  | 0.3002158832409674  |
      | 0.30339141485898974 | 0.5008478537147474  | 0.10296748800161602 |
      | 0.20100541029505214 | 0.40025135257376304 | 0.5008797340081707  |
    When the network runs forward on I
    Then the hidden inputs are:
      | 0.8903608334170455 | 0.41495994423127247 | 0.5914704125565138 |
    And the hidden outputs are:
      | 0.7089646303036049 | 0.6022765819890958 | 0.6437024554458087 |
    And the final inputs are:
      | 0.5693198924702483 | 1.0121679951231641 | 0.5982054659469017 |
    And the final outputs are:
      | 0.6386062290801215 | 0.7334442149766331 | 0.6452456378830643 |
    And the loss E = ½Σ(t − o)² is lower than before the step

  @id:train-step.gradient @op:train @certified
  Scenario: The gradient step: outer products, hidden errors whoᵀ(e∘o∘(1−o))
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    When the network is trained for 1 step under the rule "gradient"
    Then the updated who is:
      | 0.09772111763479512 | 0.29806767166472714 | 0.49793176215209317 |
      | 0.2035894893371705  | 0.9030436287810542  | 0.5032577011499786  |
      | 0.4992626516554799  | 0.29937478163821124 | 0.09933080716384816 |
    And the updated wih is:
      | 0.8000282575555443  | 0.20000706438888607 | 0.30002472536110114 |
      | 0.30062932436670625 | 0.5001573310916766  | 0.10055065882086799 |
      | 0.20015058902940464 | 0.4000376472573512  | 0.500131765400729   |
    When the network runs forward on I
    Then the hidden inputs are:
      | 0.8900413266749835 | 0.41092038688630794 | 0.5902202364555043 |
    And the hidden outputs are:
      | 0.7088987008674731 | 0.6013085498111438 | 0.6434156765682965 |
    And the final inputs are:
      | 0.5688821143628581 | 1.01113607361354 | 0.5978542594425225 |
    And the final outputs are:
      | 0.6385051888797532 | 0.7332424218084722 | 0.6451652413128054 |
    And the loss E = ½Σ(t − o)² is lower than before the step

  @id:train-step.learning-rate @op:train
  Scenario Outline: One step is proportional to the learning rate: <rule>
    The learning rate only scales the step: four times the rate, four times the step, in every weight.
    (Each step is read as new weights − old weights, so it carries the rounding of weights near 1: hence
    the relative tolerance.)

    Given numbers are compared within atol 1e-17 and rtol 1e-9
    When the network is trained for 1 step under the rule "<rule>" with the learning rate 0.1
    And the network is trained for 1 step under the rule "<rule>" with the learning rate 0.4
    Then the step at learning rate 0.4 is 4 times the step at learning rate 0.1

    Examples:
      | id       | rule     |
      | article  | article  |
      | book     | book     |
      | gradient | gradient |

  @id:train-step.overshoot @op:train @certified
  Scenario Outline: At learning rate <rate> one gradient step takes E to <loss>, <verdict> than before
    Too large a step jumps past the lowest point along its direction, as the article warns:
    最適な値を飛び越えてしまう. At 20 the step lands far down; at 50 it overshoots so far that E rises.

    Given the learning rate <rate>
    When the network is trained for 1 step under the rule "gradient"
    And the network runs forward on I
    Then the loss E = ½Σ(t − o)² is <loss> to the digits shown
    And the loss E = ½Σ(t − o)² is <verdict> than before the step

    Examples:
      | id  | rate | loss      | verdict |
      | 0.1 | 0.1  | 0.043574  | lower   |
      | 20  | 20   | 0.0048956 | lower   |
      | 50  | 50   | 0.060573  | higher  |
