"""Typesetting the derivation: sympy's expressions shortened, ordered as the article writes them, and laid out.

Nested sigmoids are shown abbreviated: σ(Σ_l wih[b,l] I[l]) as h[b] and σ(Σ_j who[a,j] h[j]) as o[a];
constant factors are taken out of sums (so that sympy's −2·…/2 cancels), and the factors of a product are
written in the article's order (lr, the errors, o, 1 − o, h, 1 − h, I), as in e∘o∘(1−o). Only the order in
which sympy prints changes, never the expression.
"""

from __future__ import annotations

import re

import sympy as sp

from mlp_spec.truth.rules import Network, sigma

H, O, Z, ERR = sp.IndexedBase("h"), sp.IndexedBase("o"), sp.IndexedBase("z"), sp.IndexedBase("e")


def abbreviate(expr: sp.Expr, net: Network, errors: bool = True) -> sp.Expr:
    """σ(hidden_inputs(x)) → h[x]; σ(final_inputs(x)), σ(z[x]) → o[x]; t[x] − o[x] → e[x] (o − t → −e) if errors."""

    def short(node: sp.Expr) -> sp.Expr:
        arg = node.args[0]
        if isinstance(arg, sp.Indexed) and arg.base == Z:
            return O[arg.indices[0]]
        if isinstance(arg, sp.Sum):
            var, lo, hi = arg.limits[0]
            for f in arg.function.atoms(sp.Indexed):
                if len(f.indices) == 2 and f.indices[1] == var:
                    x = f.indices[0]
                    if arg == net.hidden_inputs(x):
                        return H[x]
                    if arg == sp.Sum(net.who[x, var] * H[var], (var, lo, hi)):
                        return O[x]
        return node

    def error(node: sp.Expr) -> sp.Expr:
        for term in node.atoms(sp.Indexed):
            if term.base == net.targets:
                x = term.indices[0]
                if node == net.targets[x] - O[x]:
                    return ERR[x]
                if node == O[x] - net.targets[x]:
                    return -ERR[x]
        return node

    expr = expr.replace(lambda node: isinstance(node, sigma), short)
    return expr.replace(lambda node: isinstance(node, sp.Add), error) if errors else expr


def pull_constants(expr: sp.Expr) -> sp.Expr:
    """Σ c·f → c·Σ f for a number c, and 2·x − 2 → 2·(x − 1), bottom-up, so that sympy's −2·…/2 cancels."""
    if not expr.args or isinstance(expr, sp.Indexed):
        return expr
    expr = expr.func(*[pull_constants(arg) for arg in expr.args])
    if isinstance(expr, sp.Add):
        return sp.factor_terms(expr)
    if isinstance(expr, sp.Sum):
        coeff, rest = expr.function.as_coeff_Mul()
        if coeff != 1:
            return coeff * sp.Sum(rest, *expr.limits)
    return expr


ORDER = ["who", "e", "t", "hidden_errors", r"\mathrm{hidden\_errors}", "o", "h", "I", "wih"]
"""The article's order of the factors of a product, after the number and lr (1 − o right after o)."""


def _rank(factor: sp.Expr) -> tuple[int, str]:
    """Where a factor stands in a product: lr·e∘o∘(1−o)·h∘(1−h)·I, and a sum last."""
    base = factor.base if isinstance(factor, sp.Pow) else factor
    if base.is_Number:
        return (0, "")
    if isinstance(base, sp.Symbol) and str(base) == "lr":
        return (1, "")
    if isinstance(base, sp.KroneckerDelta):
        return (90, str(base))
    if isinstance(base, sp.Sum) and not isinstance(factor, sp.Pow):
        return (85, "")  # last: a factor printed after Σ would read as inside it
    names = {str(x.base) for x in base.atoms(sp.Indexed)} | {str(x) for x in base.atoms(sp.Symbol)}
    for position, name in enumerate(ORDER):
        if name in names:
            return (10 + 2 * position + (1 if isinstance(base, sp.Add) else 0), str(base))
    return (80, str(base))


def _one_below(term: sp.Expr) -> sp.Expr | None:
    """x when term is x − 1 for an output o[·] or a hidden output h[·]."""
    if isinstance(term, sp.Add) and len(term.args) == 2 and sp.Integer(-1) in term.args:
        x = next(arg for arg in term.args if arg != -1)
        if isinstance(x, sp.Indexed) and str(x.base) in ("o", "h"):
            return x
    return None


def arrange(expr: sp.Expr) -> sp.Expr:
    """Rebuild products in the article's order and sums with their positive terms first, unevaluated, for
    printing with ``order="none"`` (t − o, not −o + t)."""
    if not expr.args or isinstance(expr, sp.Indexed | sp.KroneckerDelta):
        return expr
    args = [arrange(arg) for arg in expr.args]
    if isinstance(expr, sp.Mul):
        # x − 1 of an output or hidden value reads better as −(1 − x), the form σ′ = σ(1 − σ) takes
        below = [_one_below(arg) for arg in args]
        args = [arg if x is None else sp.Add(1, -x, evaluate=False) for arg, x in zip(args, below, strict=True)]
        if sum(x is not None for x in below) % 2:
            coeff = [arg for arg in args if arg.is_Number]
            args = [arg for arg in args if not arg.is_Number] + [-coeff[0] if coeff else sp.Integer(-1)]
            args = [arg for arg in args if arg != 1]
        return sp.Mul(*sorted(args, key=_rank), evaluate=False)
    if isinstance(expr, sp.Add):
        return sp.Add(*sorted(args, key=lambda term: term.could_extract_minus_sign()), evaluate=False)
    return expr.func(*args)


# Prose in a LaTeX document: the characters pdflatex cannot take as text, as math.
LATEX_PROSE = {
    "σ": r"$\sigma$",
    "∂": r"$\partial$",
    "−": "-",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "·": r"$\cdot$",
    "δ": r"$\delta$",
    "′": "'",
    "½": r"$\frac{1}{2}$",
    "¼": r"$\frac{1}{4}$",
    "∘": r"$\circ$",
    "ᵀ": r"$^{\top}$",
    "Σ": r"$\Sigma$",
    "→": r"$\to$",
    "…": r"\ldots{}",
    "÷": r"$\div$",
    "×": r"$\times$",
}


def latex_prose(line: str) -> str:
    """A line of prose as LaTeX text: special characters escaped, the Unicode of the prose as math."""
    special = {c: "\\" + c for c in "&%$#_{}"} | {"\\": r"\textbackslash{}", "~": r"\~{}", "^": r"\^{}"}
    table = special | LATEX_PROSE
    return re.sub("|".join(map(re.escape, table)), lambda m: table[m.group(0)], line).strip()


def side_by_side(blocks: list[str], sep: str = "    ", indent: str = "") -> str:
    """Join multi-line pretty-printed blocks horizontally, vertically centred on the middle line."""
    split = [block.split("\n") for block in blocks]
    height = max(len(lines) for lines in split)
    out = [indent] * height
    for i, lines in enumerate(split):
        width, top = max(len(line) for line in lines), height // 2 - len(lines) // 2  # middle lines level
        padded = [""] * top + lines + [""] * (height - len(lines) - top)
        joiner = sep if i else ""
        for row in range(height):
            out[row] += (joiner if row == height // 2 else " " * len(joiner)) + padded[row].ljust(width)
    return "\n".join(line.rstrip() for line in out)
