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

  These are the book's names, which the spec uses throughout; the article's code calls them
  hidden_layer_input, hidden_layer_output_sig, final_layer_input and final_layer_output_sig.

  σ is what makes the layers more than one matrix. The article says why it is applied:

    > 適用することによりモデルに非線形性を与えより柔軟な表現力を持たせることが出来るようです。
    > (Applying it gives the model nonlinearity and, it seems, a more flexible power of expression.)

  Without σ, who·(wih·I) = (who·wih)·I: the two layers would be one linear map, the single matrix
  who·wih, and no number of layers would express more than one matrix does.

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

  @id:forward.article @op:forward @quoted
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

  @id:forward.other-weights @op:forward @certified
  Scenario: Other weights give other outputs
    The article: ウェイトの値が変わると結果も変わります (when the weights change, so does the result). It shows
    no other weights; this example is the spec's: the two weight matrices trade places.

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

  @id:forward.without-sigmoid @op:matmul @certified
  Scenario: Without σ the two layers collapse into one matrix, who·wih
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    When wih·I is computed
    And who·(wih·I) is computed
    And who·wih is computed
    And (who·wih)·I is computed
    Then who·wih is the matrix:
      | 0.27 | 0.37               | 0.31 |
      | 0.53 | 0.6900000000000001 | 0.4  |
      | 0.51 | 0.29               | 0.23 |
    And who·(wih·I) is the vector:
      | 0.507 | 0.8420000000000001 | 0.627 |
    And (who·wih)·I is the vector:
      | 0.507 | 0.8420000000000001 | 0.627 |
