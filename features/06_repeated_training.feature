Feature: Repeated training
  The article ends where training begins:

    > あとはこの作業を何回も繰り返してベストな重みを求めていくことになります。
    > (All that remains is to repeat this many times to find the best weights.)

  Here the step is repeated on the article's one sample, under each rule: 2, 10 and 10,000 times, each
  time from the article's weights, and the weights are pinned at every count. An implementation whose
  learning rate drifted by a hundredth of a percent a step would be off by up to 4e-7 after two steps of
  the book's or the gradient rule (2e-7 of the article's, in wih). After 10,000 steps of float64
  arithmetic an honest implementation still agrees with the 50-digit answer to about 1e-14
  (benchmarks/drift.py measures 1.2e-14 for the reference and for the JavaScript and Go ports), so these
  runs are compared within 1e-12, with a margin of almost a hundred.

  `book` and `gradient` each move every weight by its own amount, so the three outputs can be pulled
  towards three different targets: after 10,000 steps every output is within 0.02 of its target.

  `article` cannot get there. Each of its steps adds one number to all of who and one number to all of
  wih, so after any number of steps who = who₀ + c·J and wih = wih₀ + d·J, with J the matrix of ones: two
  numbers, c and d, are all that training can change, and two numbers cannot fit three targets. The
  outputs do move: after 10,000 steps (c = −0.119, d = 2.36) they are 0.6310, 0.7736 and 0.6312, from
  0.6394, 0.7319 and 0.6455, the first and third fallen and the second risen. But as d grows every hidden
  input grows by d·ΣI, every hidden output tends to 1, and the final inputs tend to rowsum(who₀) + 3c:
  0.9 + 3c, 1.6 + 3c and 0.9 + 3c. So the first and third outputs tend to the same value, while their
  targets, 0.5 and 0.6, differ.

  On that family the loss keeps falling as d grows. The least loss over c in that limit, 0.0321828…, is
  the family's floor: at every depth checked (d = 1, 2, 4, 8 and 16) the least loss over c is higher, and
  falls towards it as d grows. So the hidden layer must saturate, and as it does its slope h(1 − h)
  vanishes (features/02): each step moves d less than the one before, and the loss creeps down towards
  the floor without reaching it. After 10,000 steps it is 0.032487.

  The gradient is the steepest way down only for an infinitely small step. At this point the book's
  larger hidden step lowers E more than the gradient does, after one step and after 10,000. The book
  carries back whoᵀ·e, the gradient whoᵀ·(e∘o∘(1−o)) (features/04): output by output, the book's term
  lacks the factor oₐ(1 − oₐ), at most ¼ (features/02), so it is at least 4 times the gradient's.
  Summed over the outputs the terms can cancel, so no such bound holds for the sum; here the book's
  hidden errors are 8.73, 5.39 and 6.68 times the gradient's.

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

  @id:train-repeat.converges/book @op:train @certified
  Scenario: The book's rule after 2, 10 and 10,000 steps: every output within 0.02 of its target
    Each weight moves by its own amount.

    Given numbers are compared within atol 1e-12 and rtol 1e-12
    When the network is trained afresh for 2 steps under the rule "book"
    Then the updated who is:
      | 0.09545323210264006 | 0.29614106730639134 | 0.49587264181897717 |
      | 0.2071454879334386  | 0.9060645054067346  | 0.5064863601410476  |
      | 0.4985283844935512  | 0.2987510101584353  | 0.09866413134550113 |
    And the updated wih is:
      | 0.8005124461026133  | 0.20012811152565332 | 0.30044839033978654 |
      | 0.30677987602169016 | 0.5016949690054225  | 0.1059323915189789  |
      | 0.20202561136909614 | 0.40050640284227407 | 0.5017724099479591  |
    When the network is trained afresh for 10 steps under the rule "book"
    Then the updated who is:
      | 0.07770537144654524 | 0.28094064544733205 | 0.4797284803611892  |
      | 0.23443530460554443 | 0.929436333010624   | 0.5313100328680916  |
      | 0.4927627795703992  | 0.29381293377409956 | 0.09341949810243384 |
    And the updated wih is:
      | 0.8032769547141654 | 0.20081923867854135 | 0.30286733537489463 |
      | 0.3337606981763647 | 0.5084401745440912  | 0.12954061090431912 |
      | 0.2106824613158038 | 0.402670615328951   | 0.5093471536513283  |
    When the network is trained afresh for 10000 steps under the rule "book"
    Then the updated who is:
      | -0.2123307664037585 | 0.0038005413645323147 | 0.2061209089786827    |
      | 1.0998232943806057  | 1.7977166485245024    | 1.3781531447652642    |
      | 0.33877489577692294 | 0.1423759599913419    | -0.054509119945490965 |
    And the updated wih is:
      | 2.1253681228100536 | 0.5313420307025134 | 1.4596971074587968 |
      | 2.3321544731666175 | 1.0080386182916543 | 1.8781351640207902 |
      | 1.8819823057520932 | 0.8204955764380233 | 1.9717345175330814 |
    When the network runs forward on I
    Then every final output is within 0.02 of its target
    And the loss E = ½Σ(t − o)² is 2.06e-5 to the digits shown
    And the loss E = ½Σ(t − o)² is lower than before training

  @id:train-repeat.converges/gradient @op:train @certified
  Scenario: The gradient rule after 2, 10 and 10,000 steps: every output within 0.02 of its target
    The same who as the book's after one step (features/05), but not after two: from the second step on
    the two rules start from different weights. After 10,000 steps E is more than twice the book's.

    Given numbers are compared within atol 1e-12 and rtol 1e-12
    When the network is trained afresh for 2 steps under the rule "gradient"
    Then the updated who is:
      | 0.0954548211606716  | 0.2961453329093736 | 0.4958748100411383  |
      | 0.20714966805904597 | 0.9060634761890122 | 0.5064890158614268  |
      | 0.4985296826126368  | 0.2987530559224367 | 0.09866554459244352 |
    And the updated wih is:
      | 0.8000602567786796  | 0.2000150641946699 | 0.30005272468134464 |
      | 0.30125700438663955 | 0.50031425109666   | 0.10109987883830963 |
      | 0.2003034584849411  | 0.4000758646212353 | 0.5002655261743235  |
    When the network is trained afresh for 10 steps under the rule "gradient"
    Then the updated who is:
      | 0.07777655681562994 | 0.2811268939669118  | 0.4798248624752163 |
      | 0.23461873002628225 | 0.9293995167649783  | 0.5314279264517573 |
      | 0.4928208492496557  | 0.29390316131961525 | 0.0934825433105667 |
    And the updated wih is:
      | 0.8004415888174056  | 0.2001103972043514  | 0.30038639021522984 |
      | 0.30621870282146335 | 0.5015546757053658  | 0.10544136496878044 |
      | 0.20160273275485932 | 0.40040068318871486 | 0.5014023911605019  |
    When the network is trained afresh for 10000 steps under the rule "gradient"
    Then the updated who is:
      | -0.21950697086963933 | 0.02175829398894198 | 0.20813924725909166  |
      | 1.4682297948155614   | 2.04720737767362    | 1.6769032894277311   |
      | 0.3693918859526755   | 0.18510921117903584 | -0.01978179276332793 |
    And the updated wih is:
      | 1.0116016001195447  | 0.2529004000298862  | 0.4851514001046015 |
      | 0.7199891577217866  | 0.6049972894304466  | 0.4674905130065633 |
      | 0.48898519585255695 | 0.47224629896313924 | 0.7528620463709873 |
    When the network runs forward on I
    Then every final output is within 0.02 of its target
    And the loss E = ½Σ(t − o)² is 5.55e-5 to the digits shown
    And the loss E = ½Σ(t − o)² is lower than before training

  @id:train-repeat.book-beats-gradient @op:train @certified
  Scenario: After one step the book's rule has lowered E more than the gradient's
    Given numbers are compared within atol 1e-15 and rtol 1e-12
    When the network is trained for 1 step under the rule "book"
    And the network runs forward on I
    Then the loss E = ½Σ(t − o)² is 0.043540 to the digits shown
    When the network is trained afresh for 1 step under the rule "gradient"
    And the network runs forward on I
    Then the loss E = ½Σ(t − o)² is 0.043574 to the digits shown
    And the loss after the book's rule is below the loss after the gradient's

  @id:train-repeat.article-stalls @op:train @certified
  Scenario: The article's rule after 2, 10 and 10,000 steps: stalled above the floor of its family
    Every entry of a layer carries the same increment, at every count.

    Given numbers are compared within atol 1e-12 and rtol 1e-12
    When the network is trained afresh for 2 steps under the rule "article"
    Then the updated who is:
      | 0.10018133740286078 | 0.3001813374028608 | 0.5001813374028607  |
      | 0.2001813374028608  | 0.9001813374028608 | 0.5001813374028607  |
      | 0.5001813374028607  | 0.3001813374028608 | 0.10018133740286078 |
    And the updated wih is:
      | 0.8039382537090134  | 0.20393825370901333 | 0.30393825370901334 |
      | 0.30393825370901334 | 0.5039382537090134  | 0.10393825370901333 |
      | 0.20393825370901333 | 0.4039382537090134  | 0.5039382537090134  |
    When the network is trained afresh for 10 steps under the rule "article"
    Then the updated who is:
      | 0.10054184709765433 | 0.3005418470976543 | 0.5005418470976544  |
      | 0.20054184709765432 | 0.9005418470976544 | 0.5005418470976544  |
      | 0.5005418470976544  | 0.3005418470976543 | 0.10054184709765433 |
    And the updated wih is:
      | 0.8192986762769278  | 0.21929867627692773 | 0.3192986762769277  |
      | 0.3192986762769277  | 0.5192986762769277  | 0.11929867627692771 |
      | 0.21929867627692773 | 0.41929867627692774 | 0.5192986762769277  |
    When the network is trained afresh for 10000 steps under the rule "article"
    Then the updated who is:
      | -0.019275749279585756 | 0.18072425072041423 | 0.3807242507204142    |
      | 0.08072425072041425   | 0.7807242507204143  | 0.3807242507204142    |
      | 0.3807242507204142    | 0.18072425072041423 | -0.019275749279585756 |
    And the updated wih is:
      | 3.1602498636873655 | 2.5602498636873654 | 2.6602498636873655 |
      | 2.6602498636873655 | 2.8602498636873657 | 2.4602498636873658 |
      | 2.5602498636873654 | 2.7602498636873656 | 2.8602498636873657 |
    And who has moved by one number in every entry, not by 0
    And wih has moved by one number in every entry, not by 0
    When the network runs forward on I
    Then the loss E = ½Σ(t − o)² is 0.032487 to the digits shown
    And the loss E = ½Σ(t − o)² is lower than before training
    But the loss E = ½Σ(t − o)² is above 0.03218284568802359, the floor of its family
    And 0.03218284568802359 is the limit as d → ∞ of the least loss over c, falling towards it at d = 1, 2, 4, 8 and 16
