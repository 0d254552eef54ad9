Feature: The gradient, symbolically
  Which rule is gradient descent? The question is settled by mathematics, not by the code checking itself.
  sympy builds the article's 3-3-3 network from symbols (eighteen weights, three inputs, three targets),
  writes the loss

    E = ½ Σₐ (tₐ − oₐ)²,   o = σ(who · σ(wih · I))

  and differentiates it with respect to every weight. Evaluated at the article's point with 50 digits, the
  steepest-descent step −learning_rate·∂E/∂W is compared with the step each rule actually takes, read off
  the implementation as (weights after one step) − (weights before).

  By the chain rule ∂E/∂who[a][b] = −eₐ·oₐ(1 − oₐ)·h_b, which all but the article's rule take. One layer
  further back, ∂E/∂wih[b][c] = −(Σₐ who[a][b]·eₐ·oₐ(1 − oₐ))·h_b(1 − h_b)·I_c: the output's σ′ sits inside
  the sum. The book's rule leaves it out, and the article's rule replaces each matrix by one number.

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
    And numbers are compared within atol 1e-15 and rtol 1e-12

  @id:gradient.rules @op:train
  Scenario Outline: The <rule> rule's step, against −learning_rate·∂E/∂W
    Given sympy's derivative of E with respect to every weight, at these weights
    When the network is trained for 1 step under the rule "<rule>"
    Then the step in who <who> −learning_rate·∂E/∂who
    And the step in wih <wih> −learning_rate·∂E/∂wih

    Examples:
      | id       | rule     | who          | wih          |
      | gradient | gradient | equals       | equals       |
      | book     | book     | equals       | differs from |
      | article  | article  | differs from | differs from |
