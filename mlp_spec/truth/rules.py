"""The bias-free 3-layer sigmoid network and its three update rules, as sympy expressions of symbolic sizes.

For n inputs, m hidden and k output nodes (indices from 0): h_b = σ(Σ_c wih[b,c] I_c),
o_a = σ(Σ_b who[a,b] h_b), e_a = t_a − o_a, E = ½ Σ_a e_a² and the cross-entropy
C = −Σ_a [t_a log o_a + (1 − t_a) log(1 − o_a)] (:class:`Network`). A :class:`Rule` (``article``, ``book``,
``gradient``) gives an entry's hidden errors and what one step adds to who and to wih. :mod:`.proofs` proves
what each rule is; :func:`rule_steps` evaluates the same expressions at 50 digits on concrete numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import mpmath
import sympy as sp


class sigma(sp.Function):  # type: ignore[misc]  # a sympy function, printed σ
    """σ(x) = 1/(1 + exp(−x)); that its derivative is σ(1 − σ) is prove_sigmoid_derivative()."""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sigma(self.args[0]) * (1 - sigma(self.args[0]))

    def _eval_rewrite_as_exp(self, x: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sigmoid_definition(x)


def sigmoid_definition(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def size(name: str) -> sp.Symbol:
    return sp.Symbol(name, integer=True, positive=True)


def index(name: str) -> sp.Symbol:
    return sp.Symbol(name, integer=True, nonnegative=True)


def _fresh(name: str, *used: sp.Expr) -> sp.Symbol:
    """A summation index named `name`, or name1, name2, … when that is free in `used`."""
    taken = set().union(*(sp.sympify(u).free_symbols for u in used))
    return next(v for v in (index(f"{name}{i or ''}") for i in range(len(taken) + 1)) if v not in taken)


a, b, c = index("a"), index("b"), index("c")  # the free indices: output, hidden, input


@dataclass(frozen=True)
class Network:
    """The network's quantities as sympy expressions of an index (indices from 0, sums to size − 1)."""

    n: sp.Expr = field(default_factory=lambda: size("n"))
    m: sp.Expr = field(default_factory=lambda: size("m"))
    k: sp.Expr = field(default_factory=lambda: size("k"))
    wih: ClassVar[sp.IndexedBase] = sp.IndexedBase("wih")
    who: ClassVar[sp.IndexedBase] = sp.IndexedBase("who")
    inputs: ClassVar[sp.IndexedBase] = sp.IndexedBase("I")
    targets: ClassVar[sp.IndexedBase] = sp.IndexedBase("t")
    lr: ClassVar[sp.Symbol] = sp.Symbol("lr", positive=True)

    def hidden_inputs(self, x: sp.Expr) -> sp.Expr:
        v = _fresh("l", x)
        return sp.Sum(self.wih[x, v] * self.inputs[v], (v, 0, self.n - 1))

    def hidden_outputs(self, x: sp.Expr) -> sp.Expr:
        return sigma(self.hidden_inputs(x))

    def final_inputs(self, x: sp.Expr) -> sp.Expr:
        v = _fresh("j", x)
        return sp.Sum(self.who[x, v] * self.hidden_outputs(v), (v, 0, self.m - 1))

    def final_outputs(self, x: sp.Expr) -> sp.Expr:
        return sigma(self.final_inputs(x))

    def output_errors(self, x: sp.Expr) -> sp.Expr:
        return self.targets[x] - self.final_outputs(x)

    def output_delta(self, x: sp.Expr) -> sp.Expr:
        return self.output_errors(x) * self.final_outputs(x) * (1 - self.final_outputs(x))

    def mse(self, o: Callable[[sp.Expr], sp.Expr] | None = None) -> sp.Expr:
        """E = ½ Σ_i (t_i − o_i)², o defaulting to the network's outputs."""
        o, i = o or self.final_outputs, index("i")
        return sp.Sum((self.targets[i] - o(i)) ** 2, (i, 0, self.k - 1)) / 2

    def cross_entropy(self, o: Callable[[sp.Expr], sp.Expr] | None = None) -> sp.Expr:
        """C = −Σ_i [t_i log o_i + (1 − t_i) log(1 − o_i)]."""
        o, i, t = o or self.final_outputs, index("i"), self.targets
        return -sp.Sum(t[i] * sp.log(o(i)) + (1 - t[i]) * sp.log(1 - o(i)), (i, 0, self.k - 1))


HIDDEN = sp.IndexedBase("h")
"""The hidden outputs as free variables, to differentiate a loss with respect to them."""


def outputs_of_hidden(net: Network) -> Callable[[sp.Expr], sp.Expr]:
    """o_x = σ(Σ_j who[x,j] h[j]) with h free: the network above the hidden layer."""

    def o(x: sp.Expr) -> sp.Expr:
        j = _fresh("j", x)
        return sigma(sp.Sum(net.who[x, j] * HIDDEN[j], (j, 0, net.m - 1)))

    return o


Update = Callable[[Network, sp.Expr, sp.Expr], sp.Expr]  # (net, row, column) -> what is added to the entry
HiddenErrors = Callable[[Network, sp.Expr], sp.Expr]


@dataclass(frozen=True)
class Rule:
    name: str
    hidden_errors: HiddenErrors
    who_update: Update
    wih_update: Update


def hidden_errors_transpose(net: Network, x: sp.Expr) -> sp.Expr:
    """(whoᵀ·e)_x, the article's and the book's."""
    i = _fresh("i", x)
    return sp.Sum(net.who[i, x] * net.output_errors(i), (i, 0, net.k - 1))


def hidden_errors_gradient(net: Network, x: sp.Expr) -> sp.Expr:
    """(whoᵀ·(e∘o∘(1−o)))_x, the gradient's."""
    i = _fresh("i", x)
    return sp.Sum(net.who[i, x] * net.output_delta(i), (i, 0, net.k - 1))


def outer_who(net: Network, x: sp.Expr, y: sp.Expr) -> sp.Expr:
    return net.lr * net.output_delta(x) * net.hidden_outputs(y)


def outer_wih(hidden_errors: HiddenErrors) -> Update:
    def update(net: Network, x: sp.Expr, y: sp.Expr) -> sp.Expr:
        h = net.hidden_outputs(x)
        return net.lr * hidden_errors(net, x) * h * (1 - h) * net.inputs[y]

    return update


def article_who(net: Network, x: sp.Expr, y: sp.Expr) -> sp.Expr:
    """lr·Σ_j (e∘o∘(1−o))_j h_j, one number for every entry (needs k = m)."""
    j = _fresh("j", x, y)
    return net.lr * sp.Sum(net.output_delta(j) * net.hidden_outputs(j), (j, 0, net.m - 1))


def article_wih(net: Network, x: sp.Expr, y: sp.Expr) -> sp.Expr:
    """lr·Σ_j (whoᵀe)_j h_j(1−h_j) I_j, one number for every entry (needs m = n)."""
    j = _fresh("j", x, y)
    h = net.hidden_outputs(j)
    return net.lr * sp.Sum(hidden_errors_transpose(net, j) * h * (1 - h) * net.inputs[j], (j, 0, net.n - 1))


ARTICLE = Rule("article", hidden_errors_transpose, article_who, article_wih)
BOOK = Rule("book", hidden_errors_transpose, outer_who, outer_wih(hidden_errors_transpose))
GRADIENT = Rule("gradient", hidden_errors_gradient, outer_who, outer_wih(hidden_errors_gradient))
RULES = {rule.name: rule for rule in (ARTICLE, BOOK, GRADIENT)}


def mpmath_function(expr: sp.Expr) -> Callable[..., Any]:
    """``expr`` (over the size-generic :class:`Network`) as a function of (n, m, k, a, b, c, wih, who, I, t, lr)
    evaluated by mpmath at its working precision."""
    net = Network()
    args = (net.n, net.m, net.k, a, b, c, net.wih, net.who, net.inputs, net.targets, net.lr)
    modules = [{"sigma": lambda x: 1 / (1 + mpmath.exp(-x))}, "mpmath"]
    function: Callable[..., Any] = sp.lambdify(args, expr, modules=modules)
    return function


def rule_steps(name: str, cases: list[tuple[dict[str, Any], float]]) -> list[dict[str, Any]]:
    """The proofs' own expressions for rule `name` at each (network, learning rate) of ``cases``, evaluated at 50
    digits and rounded to float64: the hidden errors, and what one step adds to who and to wih."""
    steps = []
    for net, lr in cases:
        wih, who = tuple(map(tuple, net["wih"])), tuple(map(tuple, net["who"]))
        steps.append(_rule_step(name, wih, who, tuple(net["inputs"]), tuple(net["targets"]), lr))
    return steps


@cache
def _compiled(name: str) -> tuple[Callable[..., Any], ...]:
    """The rule's hidden errors, who step and wih step as mpmath functions."""
    rule, net = RULES[name], Network()
    exprs = (rule.hidden_errors(net, b), rule.who_update(net, a, b), rule.wih_update(net, b, c))
    return tuple(map(mpmath_function, exprs))


Row = tuple[float, ...]


@cache  # a run of the spec inside another (the report's and the vectors' tests) asks again for the same
def _rule_step(
    name: str, wih: tuple[Row, ...], who: tuple[Row, ...], inputs: Row, targets: Row, lr: float
) -> dict[str, Any]:
    hidden, who_step, wih_step = _compiled(name)
    n, m, k = len(inputs), len(wih), len(who)
    with mpmath.workdps(50):
        values = (*map(mpmath.matrix, (wih, who, inputs, targets)), mpmath.mpf(lr))
        return {
            "hidden_errors": [float(hidden(n, m, k, 0, y, 0, *values)) for y in range(m)],
            "who": [[float(who_step(n, m, k, x, y, 0, *values)) for y in range(m)] for x in range(k)],
            "wih": [[float(wih_step(n, m, k, 0, x, y, *values)) for y in range(n)] for x in range(m)],
        }
