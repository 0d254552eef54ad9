Feature: The rules, proven for every size
  features/07 compared each rule with sympy's derivative at the article's one point. Here the answer is a
  proof that holds for every network: n inputs, m hidden and k output nodes, with n, m and k symbols.
  sympy writes the network with indexed weights wih[b, c] and who[a, b] and sums over symbolic ranges,
  differentiates, and reduces the Kronecker deltas that appear (∂wih[j, l]/∂wih[b, c] is δ(j, b)·δ(l, c)).

  The two losses are the squared error E of the article and the book, and the binary cross-entropy C:

    E = ½ Σₐ (tₐ − oₐ)²        C = −Σₐ [tₐ·log oₐ + (1 − tₐ)·log(1 − oₐ)]

  With zₐ = final_inputs[a], the chain rule gives ∂E/∂zₐ = −eₐ·oₐ(1 − oₐ) but ∂C/∂zₐ = −eₐ: the
  cross-entropy's log cancels σ′. That is the whole secret of the book's rule. Its who step is
  −lr·∂E/∂who, but its hidden errors whoᵀ·e carry the cross-entropy's output deltas back, so its wih step
  is exactly −lr·∂C/∂wih. The book mixes two losses. Per output, its hidden step is larger than the
  gradient's by 1/(oₐ(1 − oₐ)), and since o(1 − o) is at most ¼ (at o = ½), that factor is at least 4.

  The article's rule moves all of who by one number and all of wih by one number. That is the gradient of
  neither loss, except where the gradient happens to be one number too (no error at all, or a network of
  one node a layer). Training can then only reach who₀ + c·J and wih₀ + d·J, so it stalls (features/06).

  `mlp-spec derive` prints the same derivation step by step (`--latex` for LaTeX).

  @id:proof.sigmoid
  Scenario: σ′ = σ·(1 − σ), derived from the definition
    When sympy proves the sigmoid's derivative from σ(x) = 1/(1 + e^(−x))
    Then each of these claims holds:
      | claim       | meaning                                                   |
      | derivative  | d/dx [1/(1 + e^(−x))] − σ(x)(1 − σ(x)) reduces to 0       |
      | sigma.fdiff | the σ used in the proofs below differentiates to σ(1 − σ) |

  @id:proof.gradient
  Scenario: The gradient rule is gradient descent on E, for every n, m and k
    When sympy proves the gradient rule for symbolic sizes n, m and k
    Then each of these claims holds:
      | claim                 | meaning                                                     |
      | ∂E/∂final_inputs      | ∂E/∂zₐ = −eₐ·oₐ(1 − oₐ)                                     |
      | ∂E/∂who               | ∂E/∂who[a, b] = −eₐ·oₐ(1 − oₐ)·h_b                          |
      | ∂E/∂wih               | ∂E/∂wih[b, c] = −(Σₐ who[a, b]·eₐ·oₐ(1 − oₐ))·h_b(1 − h_b)·I_c |
      | Δwho = −lr·∂E/∂who    | the rule's who step is the steepest descent of E            |
      | Δwih = −lr·∂E/∂wih    | the rule's wih step is the steepest descent of E            |

  @id:proof.book
  Scenario: The book's rule descends E in who and the cross-entropy C in wih, for every n, m and k
    When sympy proves the book rule for symbolic sizes n, m and k
    Then each of these claims holds:
      | claim                  | meaning                                                        |
      | ∂C/∂final_inputs       | ∂C/∂zₐ = −eₐ: the o(1 − o) factor cancels                      |
      | Δwho = −lr·∂E/∂who     | the who step is the steepest descent of E                      |
      | Δwih = −lr·∂C/∂wih     | the wih step is the steepest descent of C, not of E            |
      | hidden-error ratio     | per output, book ÷ gradient hidden contribution = 1/(oₐ(1 − oₐ)) |
      | ¼ − o(1−o)             | o(1 − o) is largest at o = ½, where it is ¼                     |
      | ratio − 4 ≥ 0          | so the factor 1/(o(1 − o)) is at least 4                        |

  @id:proof.article
  Scenario: The article's rule is the gradient of neither loss
    When sympy proves the article rule for symbolic sizes n, m and k
    Then each of these claims holds:
      | claim                                | meaning                                                  |
      | Δwho ≠ −lr·∂E/∂who at the point      | at an exact rational 3-3-3 point, not the descent of E   |
      | Δwho ≠ −lr·∂C/∂who at the point      | nor of C                                                 |
      | Δwih ≠ −lr·∂E/∂wih at the point      | the same for wih                                          |
      | Δwih ≠ −lr·∂C/∂wih at the point      |                                                          |
      | Δwho is one scalar (moves along J)   | every step adds one number to all of who                 |
      | e = 0 ⇒ Δwho = 0                     | it agrees with the gradient where there is no error      |
      | 1-1-1: Δwho = −lr·∂E/∂who            | and in a network of one node a layer …                   |
      | 1-1-1: Δwih = −lr·∂C/∂wih            | … where it is the book's rule                             |

  @id:proof.book-factor @certified
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
