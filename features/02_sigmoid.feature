Feature: The sigmoid
  Each hidden and output node passes its summed input through an activation function. The article says
  why, and which ones there are:

    > 活性化関数を利用する理由としては出力を自然界で見られる信号の応答にするため
    > (An activation function is used so that the output responds the way signals in nature do.)

    > 活性化関数として利用するものは色々考えられており、Sigmoid、tanh、ReLU関数などが存在します。この中でも最近はReLUが他の活性化関数よりも計算が容易で、勾配消失問題が低減されるなどといった理由から使われることが多いようです。
    > (Many have been devised: Sigmoid, tanh, ReLU and others. Of these, ReLU seems to be used most
    > nowadays, for reasons such as being easier to compute than the others and easing the vanishing
    > gradient problem.)

  Even so, it follows the book and uses the logistic sigmoid, computed by `scipy.special.expit`:

    σ(x) = 1 / (1 + e^(−x))

  ReLU would do too, it adds, but is usually best kept out of the output layer and of RNNs
  (アウトプットレイヤーやRNNでは通常使わない方がいいようです).

  σ squeezes every real number into the open interval (0, 1): large inputs come close to 1, very negative
  ones close to 0, and σ(0) is exactly one half. The article prints seven values in full. In float64
  σ(100) rounds to 1.0, and σ(−100) is about 3.72e-44: tiny, but not 0.

  The printed values are scipy's, and three of them are not the float64 nearest the true value: σ(2),
  σ(−2) and σ(−100) are each one unit in the last place (ulp) away from it. So the article's values are
  compared within a relative 1e-15 (a few ulp), and the correctly rounded values stand beside them.

  Backpropagation needs the slope of σ, and the sigmoid's slope is written with its own value:

    σ′(x) = σ(x)·(1 − σ(x))

  That slope is at most ¼ (at x = 0) and vanishes as |x| grows. A node whose summed input is far from 0
  is saturated: its output barely moves, and it learns almost nothing. The vanishing gradient of the
  quote above is another matter: in a network of many layers the slopes multiply, and the gradient
  reaching the first layers shrinks towards nothing.

  Background:
    Given numbers are compared within atol 0 and rtol 1e-15

  @id:sigmoid.article @op:sigmoid @quoted
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

  @id:sigmoid.correctly-rounded @op:sigmoid @certified
  Scenario Outline: σ(<x>) correctly rounded is <nearest>, one ulp from the printed <printed>
    When σ is applied to <x>
    Then σ(<x>) is <nearest>
    And <nearest> is the float64 next to <printed>

    Examples:
      | id   | x    | nearest               | printed                |
      | 2    | 2    | 0.8807970779778824    | 0.8807970779778823     |
      | -2   | -2   | 0.11920292202211756   | 0.11920292202211755    |
      | -100 | -100 | 3.720075976020836e-44 | 3.7200759760208356e-44 |

  @id:sigmoid.far @op:sigmoid @certified
  Scenario Outline: σ(<x>), far from 0, is a number from 0 to 1, never an overflow
    Below x = −709.78, e^(−x) is past float64's largest number, so 1/(1 + e^(−x)) written naively
    overflows (Python's math.exp raises an error), though σ itself is tiny. σ(−710) is a subnormal
    number, which an implementation may flush to 0: hence the absolute tolerance.

    Given numbers are compared within atol 1e-300 and rtol 1e-15
    When σ is applied to <x>
    Then σ(<x>) is <y>

    Examples:
      | id    | x     | y                     |
      | -710  | -710  | 4.47628622567513e-309 |
      | -1000 | -1000 | 0.0                   |
      | 1000  | 1000  | 1.0                   |

  @id:sigmoid.derivative
  Scenario: σ′ = σ·(1 − σ), derived symbolically
    When sympy differentiates σ(x) = 1 / (1 + e^(−x))
    Then σ′(x) − σ(x)·(1 − σ(x)) simplifies to 0

  @id:sigmoid.slope @op:sigmoid @certified
  Scenario Outline: The slope of σ at <x> is σ(<x>)·(1 − σ(<x>)) = <slope>
    The implementation's own σ, differentiated numerically, has the slope σ′ predicts; at x = 10 the slope
    is more than 5,000 times smaller than at 0.

    When σ is applied to <x> and to <x> ± 1e-5
    Then the central difference (σ(x + h) − σ(x − h)) / 2h is σ(x)·(1 − σ(x)) within 1e-9
    And σ(x)·(1 − σ(x)) is <slope> to the digits shown

    Examples:
      | id  | x   | slope  |
      | -2  | -2  | 0.105  |
      | 0   | 0   | 0.25   |
      | 1   | 1   | 0.197  |
      | 3   | 3   | 0.0452 |
      | 10  | 10  | 4.5e-5 |
      | -10 | -10 | 4.5e-5 |
