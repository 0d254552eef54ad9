Feature: Bad input is rejected, by name
  The article's story ends with features/09; from here on the spec is about conformance: what any
  implementation must also do, beyond the article's numbers.

  A specification is also a promise about what is refused. Every op checks its arguments before it
  computes anything and answers a request it cannot honour with an error that names the argument and the
  problem (for example `wih: ragged matrix: row 1 has 2 entries, row 0 has 3`), never with a crash, a hang,
  or a number that looks like a result.

  JSON has no NaN or infinity, so a request carries them as the strings "NaN", "Infinity" and "-Infinity"
  (see the protocol); an implementation reads those as the float values, and then rejects them.

  Each example starts from the article's network and changes one argument of one op.

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

  @id:reject.argument
  Scenario Outline: <op> rejects <argument> = <value> (<problem>)
    Given <argument> is <value>
    When the op <op> is requested
    Then the request is rejected, naming <argument>

    Examples: Matrices that are not matrices
      | id                | op      | argument | value                                   | problem                   |
      | wih-ragged        | forward | wih      | [[0.8, 0.2, 0.3], [0.3, 0.5]]           | ragged rows               |
      | wih-empty         | forward | wih      | []                                      | empty                     |
      | who-empty-row     | forward | who      | [[], [], []]                            | empty rows                |
      | who-not-a-list    | forward | who      | 0.5                                     | a number, not a matrix    |
      | a-ragged          | matmul  | a        | [[1, 2], [3]]                           | ragged rows               |

    Examples: Shapes that do not fit
      | id                | op      | argument | value                                   | problem                   |
      | inputs-short      | forward | inputs   | [0.8, 0.2]                              | 2 inputs for 3 columns    |
      | inputs-empty      | forward | inputs   | []                                      | empty                     |
      | inputs-not-a-list | forward | inputs   | 0.8                                     | a number, not a vector    |
      | who-columns       | forward | who      | [[0.1, 0.3], [0.2, 0.9], [0.5, 0.3]]    | 2 columns for 3 hidden    |
      | b-rows            | matmul  | b        | [1, 2]                                  | 2 rows for a's 3 columns  |
      | b-matrix-rows     | matmul  | b        | [[1, 2], [3, 4]]                        | 2 rows for a's 3 columns  |
      | targets-short     | backward| targets  | [0.5, 0.99]                             | 2 targets for 3 outputs   |
      | targets-long      | train   | targets  | [0.5, 0.99, 0.6, 0.5]                   | 4 targets for 3 outputs   |

    Examples: Numbers that are not finite numbers
      | id                | op      | argument | value                                   | problem                   |
      | inputs-nan        | forward | inputs   | [0.8, "NaN", 0.7]                       | NaN                       |
      | wih-infinity      | forward | wih      | [[0.8, 0.2, 0.3], [0.3, "Infinity", 0.1], [0.2, 0.4, 0.5]] | infinity |
      | x-minus-infinity  | sigmoid | x        | [0, "-Infinity"]                        | −infinity                 |
      | targets-nan       | backward| targets  | [0.5, "NaN", 0.6]                       | NaN                       |
      | inputs-text       | forward | inputs   | [0.8, "0.2", 0.7]                       | text for a number         |
      | who-text          | forward | who      | [[0.1, 0.3, 0.5], [0.2, "x", 0.5], [0.5, 0.3, 0.1]] | text for a number |
      | x-boolean         | sigmoid | x        | [true]                                  | a boolean                 |
      | inputs-null       | forward | inputs   | [0.8, null, 0.7]                        | null                      |
      | b-text            | matmul  | b        | ["a", "b", "c"]                         | text for a number         |

    Examples: Targets the sigmoid cannot reach
      | id                | op      | argument | value                                   | problem                   |
      | targets-one       | train   | targets  | [0.5, 1, 0.6]                           | 1 is never reached        |
      | targets-zero      | train   | targets  | [0, 0.99, 0.6]                          | 0 is never reached        |
      | targets-negative  | backward| targets  | [0.5, 0.99, -0.6]                       | below 0                   |
      | targets-above-one | backward| targets  | [0.5, 1.5, 0.6]                         | above 1                   |

    Examples: Sums that overflow float64, and arguments the op does not have
      | id                | op      | argument      | value                                            | problem              |
      | a-overflow        | matmul  | a             | [[1.5e308, 1.5e308, 1.5e308], [0, 0, 0], [0, 0, 0]] | a·b is infinite   |
      | wih-overflow      | forward | wih           | [[1.5e308, 1.5e308, 1.5e308], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]] | wih·I is infinite |
      | who-overflow      | forward | who           | [[1.5e308, 1.5e308, 1.5e308], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]] | who·h is infinite |
      | who-overflow-back | backward| who           | [[1.5e308, 1.5e308, 1.5e308], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]] | who·h is infinite |
      | step-misspelt     | train   | step          | 10000                                            | no argument "step"   |
      | forward-rule      | forward | rule          | "book"                                           | forward has no rule  |

    Examples: Learning rates, step counts and rules
      | id                | op      | argument      | value       | problem                   |
      | lr-zero           | train   | learning_rate | 0           | not > 0                   |
      | lr-negative       | train   | learning_rate | -0.1        | not > 0                   |
      | lr-text           | train   | learning_rate | "0.1"       | text for a number         |
      | lr-nan            | train   | learning_rate | "NaN"       | NaN                       |
      | lr-infinity       | train   | learning_rate | "Infinity"  | infinity                  |
      | steps-zero        | train   | steps         | 0           | not ≥ 1                   |
      | steps-negative    | train   | steps         | -1          | not ≥ 1                   |
      | steps-fraction    | train   | steps         | 2.5         | not a whole number        |
      | steps-text        | train   | steps         | "3"         | text for a number         |
      | steps-boolean     | train   | steps         | true        | a boolean                 |
      | steps-null        | train   | steps         | null        | not a number              |
      | steps-too-many    | train   | steps         | 1000001     | more than 1,000,000       |
      | rule-unknown      | train   | rule          | "sgd"       | no such rule              |
      | rule-case         | backward| rule          | "Book"      | rule names are lower-case |
      | rule-null         | backward| rule          | null        | not a name                |

  @id:reject.training-overflow
  Scenario Outline: <op> names <argument> when <sum> overflows at step <step>
    Training can overflow float64 with finite arguments. At the first step the sums are over the given
    weights, so the layer is named: `wih` for wih · inputs, `who` for who · hidden_outputs and for the hidden
    errors' sum. The weights' update is the learning rate's doing, so `learning_rate` is named when the update
    overflows, at the first step too, and for any sum at a later step, whose weights the learning rate made;
    fit counts its steps across samples and epochs. Each request is sent with a rule the implementation
    declares, and overflows the same way under each rule that fits it.

    1.7e308 is below float64's largest number (1.797…e308); two of them add past it. With wih = 0 every
    hidden output is ½, whatever the inputs, so an input of 1.7e308 leaves step 1's sums finite; but step 1
    adds learning_rate times a hidden node's error term times 1.7e308 to wih, and at step 2 wih · inputs overflows.
    A learning rate of 1e10 makes that addition overflow itself, at step 1. For the hidden errors' sum,
    wih = [[50, 0, 0]] × 2 with inputs [1, 0, 0] makes h = σ(50) = 1 exactly; who = [[1.7e308, −1.7e308]] × 10
    then cancels, who · h = 0 and o = ½, and with targets 0.99 (e = 0.49) ten terms of 1.7e308 · 0.49 (whoᵀ·e,
    the book's and the article's hidden errors) or of 1.7e308 · 0.1225 (whoᵀ·(e∘o∘(1−o)), the gradient's) add
    past float64's largest number. The article's rule pairs layers of one size, so ten outputs and two hidden
    nodes are sent with the book's or the gradient's rule only.

    Given wih is <wih>
    And who is <who>
    And inputs is <inputs>
    And targets is <targets>
    And learning_rate is <learning_rate>
    And <count> is <n>
    When the op <op> is requested
    Then the request is rejected, naming <argument>

    Examples: One sample, steps of train
      | id               | op    | argument      | step | sum                  | wih                                           | who                                                                   | inputs          | targets         | learning_rate | count | n |
      | train-wih        | train | wih           | 1    | wih · inputs         | [[1.7e308, 1.7e308, 0], [0, 0, 0], [0, 0, 0]] | [[1, 1, 1], [1, 1, 1], [1, 1, 1]]                                     | [1, 1, 0]       | [0.9, 0.9, 0.9] | 0.1           | steps | 1 |
      | train-who        | train | who           | 1    | who · hidden_outputs | [[50, 0, 0], [50, 0, 0], [50, 0, 0]]          | [[1.7e308, 1.7e308, 0], [1.7e308, 1.7e308, 0], [1.7e308, 1.7e308, 0]] | [1, 0, 0]       | [0.9, 0.9, 0.9] | 0.1           | steps | 1 |
      | train-update     | train | learning_rate | 1    | the weights' update  | [[0, 0, 0], [0, 0, 0], [0, 0, 0]]             | [[1, 1, 1], [1, 1, 1], [1, 1, 1]]                                     | [1.7e308, 0, 0] | [0.9, 0.9, 0.9] | 1e10          | steps | 1 |
      | train-later-step | train | learning_rate | 2    | wih · inputs         | [[0, 0, 0], [0, 0, 0], [0, 0, 0]]             | [[1, 1, 1], [1, 1, 1], [1, 1, 1]]                                     | [1.7e308, 0, 0] | [0.9, 0.9, 0.9] | 0.1           | steps | 2 |

    Examples: A data set, steps of fit
      | id               | op  | argument      | step                  | sum                  | wih                                           | who                                                                   | inputs                             | targets                            | learning_rate | count  | n |
      | fit-wih          | fit | wih           | 1                     | wih · inputs         | [[1.7e308, 1.7e308, 0], [0, 0, 0], [0, 0, 0]] | [[1, 1, 1], [1, 1, 1], [1, 1, 1]]                                     | [[1, 1, 0]]                        | [[0.9, 0.9, 0.9]]                  | 0.1           | epochs | 1 |
      | fit-who          | fit | who           | 1                     | who · hidden_outputs | [[50, 0, 0], [50, 0, 0], [50, 0, 0]]          | [[1.7e308, 1.7e308, 0], [1.7e308, 1.7e308, 0], [1.7e308, 1.7e308, 0]] | [[1, 0, 0]]                        | [[0.9, 0.9, 0.9]]                  | 0.1           | epochs | 1 |
      | fit-update       | fit | learning_rate | 1                     | the weights' update  | [[0, 0, 0], [0, 0, 0], [0, 0, 0]]             | [[1, 1, 1], [1, 1, 1], [1, 1, 1]]                                     | [[1.7e308, 0, 0]]                  | [[0.9, 0.9, 0.9]]                  | 1e10          | epochs | 1 |
      | fit-later-epoch  | fit | learning_rate | 2 (epoch 2, sample 1) | wih · inputs         | [[0, 0, 0], [0, 0, 0], [0, 0, 0]]             | [[1, 1, 1], [1, 1, 1], [1, 1, 1]]                                     | [[1.7e308, 0, 0]]                  | [[0.9, 0.9, 0.9]]                  | 0.1           | epochs | 2 |
      | fit-later-sample | fit | learning_rate | 2 (epoch 1, sample 2) | wih · inputs         | [[0, 0, 0], [0, 0, 0], [0, 0, 0]]             | [[1, 1, 1], [1, 1, 1], [1, 1, 1]]                                     | [[1.7e308, 0, 0], [1.7e308, 0, 0]] | [[0.9, 0.9, 0.9], [0.9, 0.9, 0.9]] | 0.1           | epochs | 1 |

    Examples: The hidden errors' sum, over ten output nodes
      | id                  | op    | argument | step | sum                    | wih                      | who                                                                                                                                                                                                                | inputs      | targets                                                        | learning_rate | count  | n |
      | train-hidden-errors | train | who      | 1    | the hidden errors' sum | [[50, 0, 0], [50, 0, 0]] | [[1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308]] | [1, 0, 0]   | [0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99]   | 0.1           | steps  | 1 |
      | fit-hidden-errors   | fit   | who      | 1    | the hidden errors' sum | [[50, 0, 0], [50, 0, 0]] | [[1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308], [1.7e308, -1.7e308]] | [[1, 0, 0]] | [[0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99]] | 0.1           | epochs | 1 |

  @id:reject.whole-float
  Scenario: train takes steps = 3.0 as 3 steps
    JSON does not tell 3 from 3.0, and many languages' JSON readers do not either: a whole number written
    with a point is a whole number of steps.

    Given steps is 3.0
    When the op train is requested
    Then the answer is the same, bit for bit, as to steps = 3

  @id:reject.side-limit
  Scenario: A vector of more than 100,000 entries is rejected
    A vector, or a side of a matrix, holds at most 100,000 entries, so that a mistaken request is refused
    rather than taking the machine's memory. (A data set's bound of 10,000,000 numbers is not checked: only
    a request of over 20 MB reaches it.)

    Given x holds 100,001 zeros
    When the op sigmoid is requested
    Then the request is rejected, naming x

  @id:reject.missing
  Scenario Outline: <op> without <argument> is rejected
    Given <argument> is missing
    When the op <op> is requested
    Then the request is rejected, naming <argument>

    Examples:
      | id              | op      | argument      |
      | forward-wih     | forward | wih           |
      | train-lr        | train   | learning_rate |
      | backward-rule   | backward| rule          |
      | matmul-b        | matmul  | b             |
      | sigmoid-x       | sigmoid | x             |

  @id:reject.article-shape
  Scenario: The article's rule needs a square network
    Its inner products Σⱼ(e∘o∘(1−o))ⱼhⱼ and Σⱼ(whoᵀe∘h∘(1−h))ⱼIⱼ pair output j with hidden j, and hidden j
    with input j: with two inputs and three hidden nodes there is no such pairing.

    Given the vector I, two inputs:
      | 0.8 | 0.2 |
    And the matrix wih, three hidden nodes by two inputs:
      | 0.8 | 0.2 |
      | 0.3 | 0.5 |
      | 0.2 | 0.4 |
    And rule is "article"
    When the op train is requested
    Then the request is rejected, naming rule

  @id:reject.op
  Scenario: An op the protocol does not define is rejected
    When the op "predict" is requested
    Then the request is rejected, naming op
