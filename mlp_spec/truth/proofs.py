"""Symbolic proofs (sympy) about the three update rules of the bias-free 3-layer sigmoid network.

For symbolic sizes n, m, k (the network, E = ½ Σ_a e_a² and the cross-entropy C of :mod:`.rules`), each
``prove_*`` returns a :class:`Proof`: σ′ = σ(1 − σ); the ``gradient`` rule adds −lr·∂E/∂W to both layers, with
∂E/∂who[a,b] = −e_a o_a(1−o_a) h_b and ∂E/∂wih[b,c] = −(Σ_i who[i,b] e_i o_i(1−o_i)) h_b(1−h_b) I_c; the
``book`` rule adds −lr·∂E/∂who to who and −lr·∂C/∂wih to wih, its hidden errors 1/(o(1−o)) ≥ 4 times the
gradient's per output; the ``article`` rule is the gradient of neither E nor C.

sympy differentiates d who[i,j]/d who[a,b] into KroneckerDelta(i,a)·KroneckerDelta(j,b), which ``Sum.doit()``
reduces only to a ``Piecewise`` (it cannot know that b is in range); :func:`reduce_deltas` sums them out with
``no_piecewise=True``, sound since a weight's free index is in range by definition. Identities are decided by
:func:`residual`, a normal form that is exactly 0 when they hold: fast and deterministic, unlike ``simplify``.
A nonzero residual only means "not proved"; disproofs use an exact counterexample instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import sympy as sp
from sympy.concrete.delta import deltasummation
from sympy.printing.lambdarepr import LambdaPrinter

from mlp_spec.truth import rules
from mlp_spec.truth.rules import ARTICLE, BOOK, GRADIENT, HIDDEN, Network, Rule, a, b, c, index, sigma


def reduce_deltas(expr: sp.Expr) -> sp.Expr:
    """Sum the KroneckerDeltas out, bottom-up, taking free indices to be in range (so no Piecewise)."""
    if not expr.args:
        return expr
    expr = expr.func(*[reduce_deltas(arg) for arg in expr.args])
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        var = expr.limits[0][0]
        if any(var in d.free_symbols for d in expr.function.atoms(sp.KroneckerDelta)):
            return deltasummation(expr.function, expr.limits[0], no_piecewise=True)
    return expr


def derivative(expr: sp.Expr, wrt: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(sympy's chain-rule derivative, with KroneckerDeltas; the same with the deltas summed out)."""
    raw = sp.diff(expr, wrt)
    return raw, reduce_deltas(raw)


def residual(expr: sp.Expr) -> sp.Expr:
    """A normal form of expr that is exactly 0 when expr vanishes identically (never 0 otherwise)."""
    expr = sp.expand(expr).replace(  # Σ_{v=lo..hi} f = (hi − lo + 1)·f when f does not depend on v
        lambda x: isinstance(x, sp.Sum) and len(x.limits) == 1 and x.limits[0][0] not in x.function.free_symbols,
        lambda x: (x.limits[0][2] - x.limits[0][1] + 1) * x.function,
    )
    sums: dict[tuple[sp.Expr, sp.Expr], sp.Expr] = {}
    canon: dict[tuple[sp.Expr, sp.Expr], sp.Dummy] = {}
    rest = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr)):
        found = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum) and len(f.limits) == 1]
        if len(found) != 1 or found[0].limits[0][0] in (coeff := term / found[0]).free_symbols:
            rest += term
            continue
        var, lo, hi = found[0].limits[0]
        v = canon.setdefault((lo, hi), sp.Dummy("s", integer=True))
        sums[(lo, hi)] = sums.get((lo, hi), 0) + coeff * found[0].function.xreplace({var: v})
    total = sp.cancel(rest) if rest != 0 else rest
    for (lo, hi), summand in sums.items():
        if (summand := sp.expand(summand)) != 0:
            total += sp.Sum(sp.cancel(summand), (canon[(lo, hi)], lo, hi))
    return total


@dataclass(frozen=True)
class Check:
    """One claim: `value` (normally residual(lhs − rhs)) is "zero", "nonzero" or "nonnegative"."""

    claim: str
    lhs: Any
    rhs: Any
    value: Any
    kind: str = "zero"

    @property
    def holds(self) -> bool:
        if isinstance(self.value, sp.MatrixBase):
            return bool(self.value.is_zero_matrix is (self.kind == "zero"))
        if self.kind == "nonnegative":
            return bool(self.value.is_nonnegative)
        return bool(self.value == 0) if self.kind == "zero" else self.value.is_zero is False


@dataclass(frozen=True)
class Proof:
    title: str
    checks: tuple[Check, ...]
    exprs: dict[str, Any] = field(default_factory=dict)

    @property
    def holds(self) -> bool:
        return all(check.holds for check in self.checks)

    def __getitem__(self, claim: str) -> Check:
        return next(check for check in self.checks if check.claim == claim)


def equal(claim: str, lhs: sp.Expr, rhs: sp.Expr) -> Check:
    return Check(claim, lhs, rhs, residual(lhs - rhs))


@cache
def prove_sigmoid_derivative() -> Proof:
    """σ′(x) = σ(x)(1 − σ(x)), differentiating σ(x) = 1/(1 + exp(−x)); sigma.fdiff agrees with it."""
    x = sp.Symbol("x", real=True)
    s = rules.sigmoid_definition(x)
    ds, fdiff = sp.diff(s, x), sp.diff(sigma(x), x)
    return Proof(
        "σ′ = σ(1 − σ)",
        (
            Check("derivative", ds, s * (1 - s), sp.simplify(ds - s * (1 - s))),
            Check("sigma.fdiff", fdiff, ds, sp.simplify(fdiff.rewrite(sp.exp) - ds)),
        ),
        {"x": x},
    )


@cache
def prove_gradient_rule(rule: Rule = GRADIENT) -> Proof:
    """∂E/∂W in closed form for symbolic sizes, and the rule's Δ = −lr·∂E/∂W for both layers."""
    net = Network()
    z = sp.IndexedBase("z")  # the final inputs as free variables, for the output delta
    dz_raw, dz = derivative(net.mse(lambda i: sigma(z[i])), z[a])
    who_raw, who = derivative(net.mse(), net.who[a, b])
    wih_raw, wih = derivative(net.mse(), net.wih[b, c])
    dh_raw, dh = derivative(net.mse(rules.outputs_of_hidden(net)), HIDDEN[b])
    h = net.hidden_outputs(b)
    o, i = rules.outputs_of_hidden(net), index("i")
    gradient_errors = sp.Sum(net.who[i, b] * (net.targets[i] - o(i)) * o(i) * (1 - o(i)), (i, 0, net.k - 1))
    return Proof(
        f"{rule.name}: Δ = −lr·∂E/∂W",
        (
            equal("∂E/∂final_inputs", dz, -((net.targets[a] - sigma(z[a])) * sigma(z[a]) * (1 - sigma(z[a])))),
            equal("−∂E/∂h = whoᵀ·(e∘o∘(1−o))", -dh, gradient_errors),
            equal("∂E/∂who", who, -net.output_delta(a) * h),
            equal("∂E/∂wih", wih, -rules.hidden_errors_gradient(net, b) * h * (1 - h) * net.inputs[c]),
            equal("Δwho = −lr·∂E/∂who", who, rule.who_update(net, a, b) / -net.lr),
            equal("Δwih = −lr·∂E/∂wih", wih, rule.wih_update(net, b, c) / -net.lr),
        ),
        {"net": net, "dE_dz_raw": dz_raw, "dE_dwho_raw": who_raw, "dE_dwih_raw": wih_raw, "dE_dh_raw": dh_raw},
    )


@cache
def prove_book_rule(rule: Rule = BOOK) -> Proof:
    """Δwho = −lr·∂E/∂who, Δwih = −lr·∂C/∂wih, ∂C/∂z = −(t − o), and the hidden-error ratio 1/(o(1−o)) ≥ 4."""
    net = Network()
    z = sp.IndexedBase("z")
    _, dz = derivative(net.cross_entropy(lambda i: sigma(z[i])), z[a])
    _, dE_who = derivative(net.mse(), net.who[a, b])
    _, dC_who = derivative(net.cross_entropy(), net.who[a, b])
    _, dC_wih = derivative(net.cross_entropy(), net.wih[b, c])
    dC_dh_raw, dC_dh = derivative(net.cross_entropy(rules.outputs_of_hidden(net)), HIDDEN[b])
    i, above = index("i"), rules.outputs_of_hidden(net)
    transpose_errors = sp.Sum(net.who[i, b] * (net.targets[i] - above(i)), (i, 0, net.k - 1))

    def contribution(hidden_errors: rules.HiddenErrors) -> sp.Expr:  # output a's term in hidden error b
        s = hidden_errors(net, b)
        return s.function.subs(s.limits[0][0], a)

    o, u = sp.Symbol("o", positive=True), sp.Symbol("u", positive=True)  # o = 1/(1 + u) ∈ (0, 1) for u > 0
    ratio = sp.cancel(contribution(rule.hidden_errors) / contribution(rules.hidden_errors_gradient))
    ratio = ratio.subs(net.final_outputs(a), o)
    f, half = o * (1 - o), sp.Rational(1, 2)
    critical = sp.Matrix(sp.solve(sp.diff(f, o), o))
    return Proof(
        f"{rule.name}: who by E, wih by cross-entropy",
        (
            equal("∂C/∂final_inputs", dz, -(net.targets[a] - sigma(z[a]))),
            equal("−∂C/∂h = whoᵀ·e", -dC_dh, transpose_errors),
            equal("Δwho = −lr·∂E/∂who", dE_who, rule.who_update(net, a, b) / -net.lr),
            equal("Δwih = −lr·∂C/∂wih", dC_wih, rule.wih_update(net, b, c) / -net.lr),
            equal("hidden-error ratio", ratio, 1 / f),
            Check("o(1−o)′ = 0 only at ½", critical, sp.Matrix([half]), critical - sp.Matrix([half])),
            equal("o(1−o)″", sp.diff(f, o, 2), sp.Integer(-2)),
            equal("¼ − o(1−o)", sp.Rational(1, 4) - f, (o - half) ** 2),
            equal("ratio at o = ½", ratio.subs(o, half), sp.Integer(4)),
            Check("ratio − 4 ≥ 0", ratio - 4, 0, sp.factor(ratio.subs(o, 1 / (1 + u)) - 4), "nonnegative"),
        ),
        {"dC_dwho": dC_who, "dC_dh_raw": dC_dh_raw, "o": o},
    )


# The article rule's counterexample: wih, who, inputs and targets of a 3-3-3 network, rational, where wih = 0
# makes h = ½ and who's rows summing to 0 make o = ½.
POINT = (
    sp.ImmutableMatrix.zeros(3, 3),
    sp.ImmutableMatrix([[1, -1, 0], [0, 1, -1], [-1, 0, 1]]),
    sp.ImmutableMatrix([1, 1, 2]),
    sp.ImmutableMatrix([sp.Rational(3, 4), sp.Rational(1, 4), sp.Rational(1, 2)]),
)


class _ExactPrinter(LambdaPrinter):  # type: ignore[misc]  # prints ½ as a sympy Rational, not the float 1/2
    def __init__(self) -> None:
        super().__init__({"allow_unknown_functions": True})

    def _print_Rational(self, expr: sp.Rational) -> str:
        return f"Rational({expr.p}, {expr.q})"


def evaluate(expr: sp.Expr, row: sp.Symbol, col: sp.Symbol) -> sp.Matrix:
    """The 3×3 matrix [expr(row=x, col=y)] at :data:`POINT`, a 3-3-3 network (n = m = k = 3), exactly (expr
    over the size-generic Network())."""
    net = Network()
    args = (net.n, net.m, net.k, row, col, net.wih, net.who, net.inputs, net.targets)
    f = sp.lambdify(
        args, expr, [{"sigma": rules.sigmoid_definition, "Rational": sp.Rational}, "sympy"], printer=_ExactPrinter
    )
    return sp.Matrix(3, 3, lambda x, y: f(3, 3, 3, x, y, *POINT))


@cache
def descent() -> dict[tuple[str, str], sp.Matrix]:
    """−lr·∂E/∂W and −lr·∂C/∂W at :data:`POINT`, keyed by (loss, layer), from the size-generic derivatives."""
    grad, book, lr = prove_gradient_rule(), prove_book_rule(), Network.lr
    return {
        ("E", "who"): -lr * evaluate(grad["∂E/∂who"].lhs, a, b),
        ("E", "wih"): -lr * evaluate(grad["∂E/∂wih"].lhs, b, c),
        ("C", "who"): -lr * evaluate(book.exprs["dC_dwho"], a, b),
        ("C", "wih"): -lr * evaluate(book["Δwih = −lr·∂C/∂wih"].lhs, b, c),
    }


@cache
def prove_article_rule(rule: Rule = ARTICLE) -> Proof:
    """The article rule is not gradient descent on E or on C, except where the gradient is one number too.

    Its who step adds one scalar, lr·S with S = Σ_j δ_j h_j (δ = e∘o∘(1−o)), to every entry, and its wih
    step likewise. At :data:`POINT`, an exact rational 3-3-3 network, both steps differ from −lr·∂E/∂W and from
    −lr·∂C/∂W: one counterexample refutes the rule as the gradient of either loss.

    When could it agree? −lr·∂E/∂who has entries lr·δ_a h_b; equal to lr·S everywhere, the diagonal says
    δ_a h_a − Σ_j δ_j h_j = 0 for every a: a linear system (diag(h) − 1·hᵀ)·δ = 0. Its determinant is
    (1 − s)·Π h_a by the matrix determinant lemma, never 0 for s ≥ 2 as h_a > 0, so δ = 0, and as o(1 − o) > 0,
    e = 0. The determinant is checked for s = 2, 3 and 4; with s = 1 the rule is the book's, checked too.
    """
    checks, at_point = [], descent()
    for layer, update, (row, col) in (("who", rule.who_update, (a, b)), ("wih", rule.wih_update, (b, c))):
        step = evaluate(update(Network(), row, col), row, col)
        for loss in "EC":
            d = at_point[(loss, layer)]
            checks.append(Check(f"Δ{layer} ≠ −lr·∂{loss}/∂{layer} at the point", step, d, step - d, "nonzero"))
    for s in (2, 3, 4):
        h = sp.symbols(f"h0:{s}", positive=True)
        system = sp.diag(*h) - sp.ones(s, 1) * sp.Matrix([h])
        determinant = system.det()
        checks.append(equal(f"det(diag(h) − 1·hᵀ) = (1 − s)·Πh, s = {s}", determinant, (1 - s) * sp.prod(h)))
        checks.append(Check(f"det ≠ 0 for h > 0, s = {s}", determinant, 0, determinant, "nonzero"))
    one = Network(n=1, m=1, k=1)
    for layer, update, loss, f, w in (
        ("who", rule.who_update, "E", one.mse(), one.who[0, 0]),
        ("wih", rule.wih_update, "C", one.cross_entropy(), one.wih[0, 0]),
    ):
        claim = f"1-1-1: Δ{layer} = −lr·∂{loss}/∂{layer}"
        checks.append(equal(claim, update(one, 0, 0).doit(), -one.lr * derivative(f, w)[1].doit()))
    net = Network(n=rules.size("s"), m=rules.size("s"), k=rules.size("s"))
    zero_error = rule.who_update(net, a, b).replace(
        lambda x: isinstance(x, sp.Indexed) and x.base == net.targets, lambda x: net.final_outputs(x.indices[0])
    )
    checks.append(Check("e = 0 ⇒ Δwho = 0", zero_error, 0, residual(zero_error.doit())))
    return Proof(f"{rule.name}: not a gradient", tuple(checks))


def proved(function: str) -> tuple[str, dict[str, bool]]:
    """The proof this module gives by ``function`` (``"prove_book_rule"`` …), as its title and whether each of
    its claims holds: plain values, so that a run that reads them from the cache imports no sympy."""
    proof: Proof = globals()[function]()
    return proof.title, {check.claim: check.holds for check in proof.checks}
