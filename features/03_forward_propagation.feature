Feature: Forward propagation
  The article's network has three layers of three nodes each, and no biases. Inputs flow forward: each
  layer's summed input is the weight matrix times the previous layer's output, and each hidden or output
  node applies σ to it.

    > 順方向伝搬とは、ニューラルネットワークでインプットデータが前方へとアウトプット作成するために流れていく過程のことになります。
    > (Forward propagation is the process by which input data flows forward through the network to make
    > an output.)

  The input layer only presents the inputs, so σ is not applied there (入力層では単にインプットを表すだけ).

    hidden_inputs  = wih · I               hidden_outputs = σ(hidden_inputs)
    final_inputs   = who · hidden_outputs  final_outputs  = σ(final_inputs)

  The article prints every intermediate vector to 8 decimals, so they are compared within an absolute
  5e-9, half a unit in the last printed place.

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

  @id:forward.article @quoted
  Scenario: The article's forward pass
    When the network runs forward on I
    Then the hidden inputs are:
      | 0.89 | 0.41 | 0.59 |
    And the hidden outputs are:
      | 0.70889017 | 0.60108788 | 0.64336515 |
    And the final inputs are:
      | 0.57289795 | 1.0044397 | 0.59910796 |
    And the final outputs are:
      | 0.63943159 | 0.73193058 | 0.6454522 |

  @id:forward.other-weights @certified
  Scenario: Other weights give other outputs
    The article: ウェイトの値が変わると結果も変わります (when the weights change, so does the result).
    Here the two weight matrices trade places.

    Given numbers are compared within atol 1e-15 and rtol 1e-12
    And the matrix wih, now the article's who:
      | 0.1 | 0.3 | 0.5 |
      | 0.2 | 0.9 | 0.5 |
      | 0.5 | 0.3 | 0.1 |
    And the matrix who, now the article's wih:
      | 0.8 | 0.2 | 0.3 |
      | 0.3 | 0.5 | 0.1 |
      | 0.2 | 0.4 | 0.5 |
    When the network runs forward on I
    Then the hidden inputs are:
      | 0.49 | 0.6900000000000001 | 0.53 |
    And the hidden outputs are:
      | 0.6201064323430902 | 0.6659669267518202 | 0.6294831119673949 |
    And the final inputs are:
      | 0.8181234648150546 | 0.5819637042755766 | 0.7051496131530436 |
    And the final outputs are:
      | 0.6938378586469343 | 0.6415191293837742 | 0.6693285171742812 |
    And the final outputs are not:
      | 0.63943159 | 0.73193058 | 0.6454522 |

  @id:forward.non-square @certified
  Scenario: Any sizes: 2 inputs, 4 hidden nodes, 3 outputs
    Nothing in the network needs three of everything. With n inputs, m hidden and k output nodes, wih is
    m×n and who is k×m; a port that mixes up rows and columns can hide behind square matrices, not here.

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
