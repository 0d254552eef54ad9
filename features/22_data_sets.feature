Feature: Data sets that are refused, by name
  `query` and `fit` take a whole data set at once: `inputs` is a matrix with one sample a row, and `fit`'s
  `targets` a matrix with one row of targets per sample. They refuse what the other ops refuse (see
  features/20_bad_input.feature), and what only a data set can get wrong: a vector where a matrix of
  samples belongs, rows that do not fit the network, a target row for each sample but one, and `epochs`
  that is not a whole number from 1 to 1,000 (`3.0` is one). A data set holds at most 10,000,000 numbers, a
  bound no scenario reaches: a request past it is over 20 MB.

  Each example starts from a valid request on the article's network, two samples, and changes one
  argument.

  Background:
    Given the matrix wih, the weights from the input layer to the hidden layer:
      | 0.8 | 0.2 | 0.3 |
      | 0.3 | 0.5 | 0.1 |
      | 0.2 | 0.4 | 0.5 |
    And the matrix who, the weights from the hidden layer to the output layer:
      | 0.1 | 0.3 | 0.5 |
      | 0.2 | 0.9 | 0.5 |
      | 0.5 | 0.3 | 0.1 |
    And the matrix inputs, two samples of three:
      | 0.8 | 0.2 | 0.7 |
      | 0.1 | 0.9 | 0.4 |
    And the matrix targets, one row for each sample:
      | 0.5  | 0.99 | 0.6  |
      | 0.01 | 0.5  | 0.99 |
    And the learning rate 0.1

  @id:reject.data-set
  Scenario Outline: <op> rejects <argument> = <value> (<problem>)
    Given <argument> is <value>
    When the op <op> is requested
    Then the request is rejected, naming <argument>

    Examples: Samples that are not a matrix of samples, or do not fit the network
      | id                   | op    | argument | value                                    | problem                      |
      | query-inputs-vector  | query | inputs   | [0.8, 0.2, 0.7]                          | one sample, not a matrix     |
      | query-inputs-columns | query | inputs   | [[0.8, 0.2], [0.1, 0.9]]                 | 2 inputs for 3 columns       |
      | query-inputs-ragged  | query | inputs   | [[0.8, 0.2, 0.7], [0.1, 0.9]]            | ragged rows                  |
      | query-inputs-empty   | query | inputs   | []                                       | no samples                   |
      | query-inputs-nan     | query | inputs   | [[0.8, "NaN", 0.7], [0.1, 0.9, 0.4]]     | NaN                          |
      | query-inputs-text    | query | inputs   | [[0.8, 0.2, 0.7], [0.1, "0.9", 0.4]]     | text for a number            |
      | query-inputs-boolean | query | inputs   | [[0.8, 0.2, 0.7], [0.1, true, 0.4]]      | a boolean                    |
      | query-who-columns    | query | who      | [[0.1, 0.3], [0.2, 0.9], [0.5, 0.3]]     | 2 columns for 3 hidden       |
      | fit-inputs-columns   | fit   | inputs   | [[0.8, 0.2, 0.7, 0.1], [0.1, 0.9, 0.4, 0.2]] | 4 inputs for 3 columns   |
      | fit-inputs-infinity  | fit   | inputs   | [[0.8, 0.2, 0.7], [0.1, "-Infinity", 0.4]] | −infinity                  |

    Examples: Targets that do not match the samples, or that the sigmoid cannot reach
      | id                   | op    | argument | value                                    | problem                      |
      | fit-targets-rows     | fit   | targets  | [[0.5, 0.99, 0.6]]                       | 1 row for 2 samples          |
      | fit-targets-columns  | fit   | targets  | [[0.5, 0.99], [0.01, 0.5]]               | 2 targets for 3 outputs      |
      | fit-targets-vector   | fit   | targets  | [0.5, 0.99, 0.6]                         | one row, not a matrix        |
      | fit-targets-one      | fit   | targets  | [[0.5, 0.99, 0.6], [0.01, 0.5, 1]]       | 1 is never reached           |
      | fit-targets-zero     | fit   | targets  | [[0, 0.99, 0.6], [0.01, 0.5, 0.99]]      | 0 is never reached           |
      | fit-targets-nan      | fit   | targets  | [[0.5, 0.99, 0.6], ["NaN", 0.5, 0.99]]   | NaN                          |

    Examples: Epochs, learning rates, rules, and arguments the op does not have
      | id                   | op    | argument      | value       | problem                     |
      | fit-epochs-zero      | fit   | epochs        | 0           | not ≥ 1                     |
      | fit-epochs-negative  | fit   | epochs        | -1          | not ≥ 1                     |
      | fit-epochs-fraction  | fit   | epochs        | 2.5         | not a whole number          |
      | fit-epochs-text      | fit   | epochs        | "3"         | text for a number           |
      | fit-epochs-boolean   | fit   | epochs        | true        | a boolean                   |
      | fit-epochs-null      | fit   | epochs        | null        | not a number                |
      | fit-epochs-too-many  | fit   | epochs        | 1001        | more than 1,000             |
      | fit-lr-zero          | fit   | learning_rate | 0           | not > 0                     |
      | fit-rule-unknown     | fit   | rule          | "sgd"       | no such rule                |
      | fit-steps            | fit   | steps         | 5           | fit counts epochs, not steps |
      | fit-epoch-misspelt   | fit   | epoch         | 5           | no argument "epoch"         |
      | query-targets        | query | targets       | [[0.5, 0.99, 0.6], [0.01, 0.5, 0.99]] | query has no targets |
      | query-rule           | query | rule          | "book"      | query has no rule           |

    Examples: Sums that overflow float64
      | id                   | op    | argument | value                                                           | problem            |
      | query-wih-overflow   | query | wih      | [[1.5e308, 1.5e308, 1.5e308], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]] | wih·I is infinite |
      | fit-wih-overflow     | fit   | wih      | [[1.5e308, 1.5e308, 1.5e308], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]] | wih·I is infinite |

  @id:reject.data-set-whole-float
  Scenario: fit takes epochs = 3.0 as 3 epochs
    As with train's steps, a whole number written with a point is a whole number of epochs.

    Given epochs is 3.0
    When the op fit is requested
    Then the answer is the same, bit for bit, as to epochs = 3

  @id:reject.data-set-missing
  Scenario Outline: <op> without <argument> is rejected
    Given <argument> is missing
    When the op <op> is requested
    Then the request is rejected, naming <argument>

    Examples:
      | id             | op    | argument |
      | query-inputs   | query | inputs   |
      | fit-targets    | fit   | targets  |
      | fit-rule       | fit   | rule     |
      | fit-lr         | fit   | learning_rate |

  @id:reject.data-set-article
  Scenario: The article's rule needs a square network, over a data set too
    Given the matrix inputs, two samples of two:
      | 0.8 | 0.2 |
      | 0.1 | 0.9 |
    And the matrix wih, three hidden nodes by two inputs:
      | 0.8 | 0.2 |
      | 0.3 | 0.5 |
      | 0.2 | 0.4 |
    And rule is "article"
    When the op fit is requested
    Then the request is rejected, naming rule
