Feature: The sigmoid
  Each hidden and output node passes its summed input through an activation function. The article follows
  the book and uses the logistic sigmoid, computed by `scipy.special.expit`:

    σ(x) = 1 / (1 + e^(−x))

    > 活性化関数を利用する理由としては出力を自然界で見られる信号の応答にするため
    > (An activation function is used so that the output responds the way signals in nature do.)

  σ squeezes every real number into the open interval (0, 1): large inputs come close to 1, very negative
  ones close to 0, and σ(0) is exactly one half. The article prints seven values in full; in float64
  σ(100) rounds to 1.0, while σ(−100) is a tiny but exact 3.72e-44, which is why these values are
  compared with a relative tolerance.

  Backpropagation needs the slope of σ, and the sigmoid's slope is written with its own value:

    σ′(x) = σ(x)·(1 − σ(x))

  Background:
    Given numbers are compared within atol 0 and rtol 1e-15

  @id:sigmoid.article @quoted
  Scenario Outline: σ(<x>) as the article prints it
    When σ is applied to <x>
    Then σ(<x>) is <y>

    Examples:
      | id   | x    | y                      |
      | 1    | 1    | 0.7310585786300049     |
      | 2    | 2    | 0.8807970779778823     |
      | 100  | 100  | 1.0                    |
      | -1   | -1   | 0.2689414213699951     |
      | -2   | -2   | 0.11920292202211755    |
      | -100 | -100 | 3.7200759760208356e-44 |
      | 0    | 0    | 0.5                    |

  @id:sigmoid.slope
  Scenario Outline: The slope of σ at <x> is σ(<x>)·(1 − σ(<x>))
    When σ is applied to <x> and to <x> ± 1e-5
    Then the central difference (σ(x + h) − σ(x − h)) / 2h is σ(x)·(1 − σ(x)) within 1e-9

    Examples:
      | id | x    |
      | -2 | -2   |
      | 0  | 0    |
      | 1  | 1    |
      | 3  | 3    |

  @id:sigmoid.derivative
  Scenario: σ′ = σ·(1 − σ), derived symbolically
    When sympy differentiates σ(x) = 1 / (1 + e^(−x))
    Then σ′(x) − σ(x)·(1 − σ(x)) simplifies to 0
