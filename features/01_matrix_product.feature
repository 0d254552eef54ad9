Feature: The matrix product
  This spec follows one blog post, 「(その2) Pythonでニューラルネットワークを構築しながらディープラーニングを勉強してみる」
  (Part 2: studying deep learning by building a neural network in Python), on the blog that introduces
  itself as 「自分のキャリアをあれこれ考えながら、Pythonで様々なデータを分析していくブログです」 (a blog that
  analyses all kinds of data in Python while thinking over my career). Following the book
  ニューラルネットワーク自作入門 (Tariq Rashid's *Make Your Own Neural Network*), the post builds a three-layer
  perceptron in numpy, and begins with the one operation the whole network is built on:

    > 多層パーセプトロンの実装で重要なのが、行列積の計算です。
    > (What matters in implementing a multi-layer perceptron is the matrix product.)

  Entry (i, j) of a·b is the sum over l of a[i][l]·b[l][j]: row i of a against column j of b. The
  article checks numpy's `np.dot` on a 2×2 example and writes out each entry's sum, taking the method and
  the results from a matrix-calculator website:

    > 計算方法と結果は素直に行列積計算サイトを参照しました 笑
    > (For the method and the results I simply looked at a matrix-product website, ha.)

  In its forward pass, a comment of its code warns that the order of the factors matters:

    > 順番が逆だと異なるアウトプットになるので注意。np.dot(I,wih)はダメ
    > (Mind the order: reversed, it gives a different output. np.dot(I, wih) is wrong.)

  wih·I weighs input c into hidden node b by wih[b][c]; I·wih treats I as a row and weighs it by
  wih[c][b], the transposed matrix. Both are vectors of three numbers (the table below writes I·wih as
  the one row it is).

  Each scenario's tag says where its numbers come from. `@quoted`: as the article prints them, compared
  within the tolerance the scenario states. `@certified`: the float64 nearest the exact result of the
  float64 inputs, computed with 50 significant figures by an engine that shares no code with the
  reference. `@measured` (features/07): counts measured on the reference, required with a margin
  (docs/numbers.md). So 0.8·0.8 + 0.2·0.3 + 0.7·0.2 is certified as 0.8400000000000001, where Python,
  rounding after each product and each sum, prints 0.8400000000000002, as does `np.dot` (and neither is
  0.84). The two are one unit in the last place apart, well within this feature's tolerance.

  Background:
    Given numbers are compared within atol 1e-15 and rtol 1e-15

  @id:matmul.article-2x2 @op:matmul @quoted
  Scenario: The article's 2×2 product
    Given the matrix a:
      | 1 | 2 |
      | 3 | 4 |
    And the matrix b:
      | 5 | 6 |
      | 7 | 8 |
    When a·b is computed
    Then a·b is the matrix:
      | 19 | 22 |
      | 43 | 50 |
    And each entry of a·b is the sum the article writes out:
      | entry | sum                 |
      | c11   | 1 x 5 + 2 x 7 = 19 |
      | c12   | 1 x 6 + 2 x 8 = 22 |
      | c21   | 3 x 5 + 4 x 7 = 43 |
      | c22   | 3 x 6 + 4 x 8 = 50 |

  @id:matmul.order @op:matmul @certified
  Scenario: Order matters: wih·I is not I·wih
    Given the matrix wih, the weights from the input layer to the hidden layer:
      | 0.8 | 0.2 | 0.3 |
      | 0.3 | 0.5 | 0.1 |
      | 0.2 | 0.4 | 0.5 |
    And the vector I, the inputs:
      | 0.8 | 0.2 | 0.7 |
    When wih·I is computed
    And I·wih is computed
    Then wih·I is the vector:
      | 0.89 | 0.41000000000000003 | 0.59 |
    And I·wih is the matrix:
      | 0.8400000000000001 | 0.54 | 0.61 |
    And wih·I and I·wih differ
