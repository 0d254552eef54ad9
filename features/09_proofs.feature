Feature: The book's and the gradient rule, proven for every size; the article's, disproved
  features/08 compared each rule with sympy's derivative at the article's one point. Here the book's and
  the gradient rule are proven for every network: n inputs, m hidden and k output nodes, with n, m and k
  symbols; the article's rule is disproved at one exact point, and for 2, 3 and 4 nodes a layer.
  sympy writes the network with indexed weights wih[b, c] and who[a, b] and sums over symbolic ranges,
  differentiates, and reduces the Kronecker deltas that appear (∂wih[j, l]/∂wih[b, c] is 1 where j = b
  and l = c, else 0).

  The article names no loss: it speaks of the difference, the error (差(エラー)), between the output and
  the expected output. Two losses measure it. The squared error E is the one the book's who step descends;
  the binary cross-entropy C is the one its wih step descends:

    E = ½ Σₐ (tₐ − oₐ)²        C = −Σₐ [tₐ·log oₐ + (1 − tₐ)·log(1 − oₐ)]

  With zₐ = final_inputs[a], the chain rule gives ∂E/∂zₐ = −eₐ·oₐ(1 − oₐ) but ∂C/∂zₐ = −eₐ: the
  cross-entropy's log cancels σ′. Read as calculus, that is what the book's rule does (the book itself
  splits the output errors back by weight, and never names C): its who step is −lr·∂E/∂who, but its
  hidden errors whoᵀ·e carry the cross-entropy's −∂C/∂zₐ = eₐ back, so its wih step is exactly
  −lr·∂C/∂wih. Output by output, its hidden error is larger than the gradient's by 1/(oₐ(1 − oₐ)), and
  since o(1 − o) is at most ¼ (at o = ½), that factor is at least 4; summed over the outputs, the terms
  can cancel.

  The article's rule moves all of who by one number and all of wih by one number. At an exact rational
  3-3-3 point its steps differ from the descent of E and of C in both layers, so it is the gradient of
  neither loss. It could agree with −lr·∂E/∂who only where that gradient is one number too: every entry
  δₐh_b (δ = e∘o∘(1−o)) equal to S = Σⱼδⱼhⱼ. Then the diagonal gives (diag(h) − 1·hᵀ)·δ = 0, a matrix
  whose determinant is (1 − s)·Πh (the matrix determinant lemma; sympy checks it for s = 2, 3 and 4),
  never 0 for s ≥ 2 nodes a layer; so δ = 0, and e = 0. The one other case is a network of one node a
  layer, where the article's rule is the book's: like the book's, it descends E in who and C in wih.
  Training can only reach who₀ + c·J and wih₀ + d·J, so it stalls (features/06).

  A proof is about expressions, and the last scenario ties them to the code: the very expressions proved
  here, evaluated at 50 digits, must be what the implementation under test computes, on random networks
  of random sizes. Every claim a proof makes is listed in its table (31 in all), and every one must hold.

  `mlp-spec derive` prints the same derivation step by step (`--latex` for a LaTeX document).

  @id:proof.sigmoid
  Scenario: σ′ = σ·(1 − σ), derived from the definition
    The proofs below write σ as a sympy function whose derivative is declared to be σ(1 − σ). That is only
    sound if it agrees with σ′ as features/02 derived it from the definition: here it is held to it.

    When sympy proves the sigmoid's derivative from σ(x) = 1/(1 + e^(−x))
    Then each of these claims holds:
      | claim       | meaning                                                   |
      | derivative  | d/dx [1/(1 + e^(−x))] − σ(x)(1 − σ(x)) reduces to 0       |
      | sigma.fdiff | the σ used in the proofs below differentiates to σ(1 − σ) |

  @id:proof.gradient
  Scenario: The gradient rule is gradient descent on E, for every n, m and k
    When sympy proves the gradient rule for symbolic sizes n, m and k
    Then each of these claims holds:
      | claim                     | meaning                                                                               |
      | ∂E/∂final_inputs          | ∂E/∂zₐ = −eₐ·oₐ(1 − oₐ)                                                               |
      | −∂E/∂h = whoᵀ·(e∘o∘(1−o)) | the gradient's hidden errors are −∂E/∂h: how fast E falls as each hidden output rises |
      | ∂E/∂who                   | ∂E/∂who[a, b] = −eₐ·oₐ(1 − oₐ)·h_b                                                    |
      | ∂E/∂wih                   | ∂E/∂wih[b, c] = −(Σₐ who[a, b]·eₐ·oₐ(1 − oₐ))·h_b(1 − h_b)·I_c                        |
      | Δwho = −lr·∂E/∂who        | the rule's who step is the steepest descent of E                                      |
      | Δwih = −lr·∂E/∂wih        | the rule's wih step is the steepest descent of E                                      |

  @id:proof.book
  Scenario: The book's rule descends E in who and the cross-entropy C in wih, for every n, m and k
    When sympy proves the book rule for symbolic sizes n, m and k
    Then each of these claims holds:
      | claim                 | meaning                                                          |
      | ∂C/∂final_inputs      | ∂C/∂zₐ = −eₐ: the o(1 − o) factor cancels                        |
      | −∂C/∂h = whoᵀ·e       | the book's hidden errors are −∂C/∂h, the same for C              |
      | Δwho = −lr·∂E/∂who    | the who step is the steepest descent of E                        |
      | Δwih = −lr·∂C/∂wih    | the wih step is the steepest descent of C, not of E              |
      | hidden-error ratio    | per output, book ÷ gradient hidden contribution = 1/(oₐ(1 − oₐ)) |
      | o(1−o)′ = 0 only at ½ | the slope of o(1 − o) vanishes only at o = ½                     |
      | o(1−o)″               | its second derivative is −2: o = ½ is its maximum                |
      | ¼ − o(1−o)            | ¼ − o(1 − o) = (o − ½)² ≥ 0: o(1 − o) is at most ¼               |
      | ratio at o = ½        | where the factor 1/(o(1 − o)) is 4                               |
      | ratio − 4 ≥ 0         | so the factor is at least 4, for every o in (0, 1)               |

  @id:proof.article
  Scenario: The article's rule is the gradient of neither loss, and agrees with one only in degenerate cases
    When sympy proves the article rule at an exact point and for square sizes
    Then each of these claims holds:
      | claim                                   | meaning                                                  |
      | Δwho ≠ −lr·∂E/∂who at the point         | at an exact rational 3-3-3 point, not the descent of E   |
      | Δwho ≠ −lr·∂C/∂who at the point         | nor of C                                                 |
      | Δwih ≠ −lr·∂E/∂wih at the point         | the same for wih                                         |
      | Δwih ≠ −lr·∂C/∂wih at the point         | and of C                                                 |
      | det(diag(h) − 1·hᵀ) = (1 − s)·Πh, s = 2 | agreeing with −lr·∂E/∂who means (diag(h) − 1·hᵀ)·δ = 0 … |
      | det ≠ 0 for h > 0, s = 2                | … which forces δ = 0, that is e = 0                      |
      | det(diag(h) − 1·hᵀ) = (1 − s)·Πh, s = 3 | the same with three nodes a layer                        |
      | det ≠ 0 for h > 0, s = 3                |                                                          |
      | det(diag(h) − 1·hᵀ) = (1 − s)·Πh, s = 4 | and with four                                            |
      | det ≠ 0 for h > 0, s = 4                |                                                          |
      | e = 0 ⇒ Δwho = 0                        | with no error it agrees: neither moves                   |
      | 1-1-1: Δwho = −lr·∂E/∂who               | with one node a layer it is the book's rule: E in who …  |
      | 1-1-1: Δwih = −lr·∂C/∂wih               | … and C in wih                                           |

  @id:proof.book-factor @op:backward @certified
  Scenario: With one output, the book's hidden errors are 1/(o(1 − o)) ≥ 4 times the gradient's
    The article's network with only its first output node: every hidden error comes from that one output,
    so the ratio of the two rules' hidden errors is the factor itself.

    Given numbers are compared within atol 1e-15 and rtol 1e-12
    And the vector I, the inputs:
      | 0.8 | 0.2 | 0.7 |
    And the matrix wih, the weights from the input layer to the hidden layer:
      | 0.8 | 0.2 | 0.3 |
      | 0.3 | 0.5 | 0.1 |
      | 0.2 | 0.4 | 0.5 |
    And the matrix who, one output node:
      | 0.1 | 0.3 | 0.5 |
    And the vector targets:
      | 0.5 |
    When the network runs forward on I
    Then the final outputs are:
      | 0.6394315935963916 |
    When the errors are carried back under the rule "book"
    Then the hidden errors are:
      | -0.013943159359639159 | -0.04182947807891747 | -0.0697157967981958 |
    When the errors are carried back under the rule "gradient"
    Then the hidden errors are:
      | -0.0032147185183221474 | -0.009644155554966442 | -0.016073592591610737 |
    And the book's hidden errors are 1/(o(1 − o)) times the gradient's, and 1/(o(1 − o)) is at least 4

  @id:proof.code @op:backward @op:train
  Scenario Outline: The proofs' <rule> rule is what the implementation computes, on random networks
    The expressions the proofs reason about, evaluated at 50 digits on 4 networks drawn at random (seed
    <seed>; 1 to 5 nodes a layer, square for the article's rule), against the implementation under test:
    its hidden errors (backward) and the step it takes (train, one step: new weights − old).

    Given numbers are compared within atol 1e-14 and rtol 1e-9
    When the proofs' <rule> rule is evaluated on 4 random networks drawn with seed <seed>
    Then the implementation's hidden errors and one-step updates are the proofs' expressions

    Examples:
      | id       | rule     | seed |
      | article  | article  | 1    |
      | book     | book     | 2    |
      | gradient | gradient | 3    |
