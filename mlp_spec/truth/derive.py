"""The derivation of the three update rules, step by step, rendered by sympy from mlp_spec.truth.proofs.

Every formula is produced by sympy (pretty printer, or LaTeX with ``latex=True``) from the expressions
that :mod:`mlp_spec.truth.proofs` builds and checks; only the labels and the prose are written by hand.
Nested sigmoids are shown abbreviated: σ(Σ_l wih[b,l] I[l]) as h[b] and σ(Σ_j who[a,j] h[j]) as o[a].
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import sympy as sp

from mlp_spec.truth import proofs
from mlp_spec.truth.proofs import Network, a, b, c, sigma

H, O, Z, ERR = sp.IndexedBase("h"), sp.IndexedBase("o"), sp.IndexedBase("z"), sp.IndexedBase("e")


def abbreviate(expr: sp.Expr, net: Network, errors: bool = True) -> sp.Expr:
    """σ(hidden_inputs(x)) → h[x]; σ(final_inputs(x)), σ(z[x]) → o[x]; t[x] − o[x] → e[x] if errors."""

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
        for term in node.args:
            if isinstance(term, sp.Indexed) and term.base == net.targets:
                x = term.indices[0]
                return ERR[x] if node == net.targets[x] - O[x] else node
        return node

    expr = expr.replace(lambda node: isinstance(node, sigma), short)
    return expr.replace(lambda node: isinstance(node, sp.Add), error) if errors else expr


class _Writer:
    def __init__(self, latex: bool, net: Network) -> None:
        self.latex, self.net = latex, net
        self.lines: list[str] = []

    def text(self, line: str = "") -> None:
        self.lines.append(line)

    def label(self, unicode: str, latex: str) -> sp.Symbol:
        return sp.Symbol(latex if self.latex else unicode)

    def render(self, expr: sp.Basic, errors: bool = True) -> str:
        expr = abbreviate(expr, self.net, errors)
        return str(sp.latex(expr) if self.latex else sp.pretty(expr, use_unicode=True, wrap_line=False))

    def eq(self, lhs: sp.Basic, *rhs: sp.Basic, errors: bool = True) -> None:
        """lhs = rhs[0] = rhs[1] = …, each side rendered by sympy; stacked when too wide."""
        parts = [self.render(e, errors) for e in (lhs, *rhs)]
        if self.latex:
            self.text(
                r"\begin{align*} " + r" \\ &= ".join([parts[0] + " &= " + parts[1], *parts[2:]]) + r" \end{align*}"
            )
        elif max(map(len, side_by_side(parts, " = ").split("\n"))) <= 110:
            self.text(side_by_side(parts, " = ", indent="    "))
        else:
            self.text(side_by_side(parts[:2], " = ", indent="    "))
            for part in parts[2:]:
                self.text(side_by_side([" " * len(parts[0].split("\n")[0]), part], " = ", indent="    "))
        self.text()


def side_by_side(blocks: list[str], sep: str = "    ", indent: str = "") -> str:
    """Join multi-line pretty-printed blocks horizontally, vertically centred on the middle line."""
    split = [block.split("\n") for block in blocks]
    height = max(len(lines) for lines in split)
    out = [indent] * height
    for i, lines in enumerate(split):
        width, top = max(len(line) for line in lines), (height - len(lines)) // 2
        padded = [""] * top + lines + [""] * (height - len(lines) - top)
        joiner = sep if i else ""
        for row in range(height):
            out[row] += (joiner if row == height // 2 else " " * len(joiner)) + padded[row].ljust(width)
    return "\n".join(line.rstrip() for line in out)


def derivation(latex: bool = False) -> str:
    """The derivation as text: network, losses, σ′, chain rule, deltas, and the three rules."""
    sig, grad, book = proofs.prove_sigmoid_derivative(), proofs.prove_gradient_rule(), proofs.prove_book_rule()
    art = proofs.prove_article_rule()
    net: Network = grad.exprs["net"]
    w = _Writer(latex, net)
    lbl = w.label

    def partial(loss: str, wrt: str, sub: str) -> sp.Symbol:
        return lbl(f"∂{loss}/∂{wrt}[{sub}]", rf"\frac{{\partial {loss}}}{{\partial {wrt}_{{{sub}}}}}")

    def proved(*items: proofs.Proof | proofs.Check) -> str:
        return "proved" if all(item.holds for item in items) else "NOT PROVED"

    w.text("Derivation of the update rules (n inputs, m hidden, k outputs, no biases; indices from 0)")
    w.text()
    w.text("1. The network")
    hidden_inputs, final_inputs = (
        lbl("hidden_inputs[b]", r"\mathrm{hidden\_inputs}_{b}"),
        lbl("final_inputs[a]", r"\mathrm{final\_inputs}_{a}"),
    )
    w.eq(hidden_inputs, net.hidden_inputs(b))
    w.eq(H[b], sigma(hidden_inputs))
    w.eq(final_inputs, net.final_inputs(a))
    w.eq(O[a], sigma(final_inputs))
    w.eq(ERR[a], net.output_errors(a), errors=False)
    w.text("2. The losses: squared error E, and the binary cross-entropy C")
    w.eq(lbl("E", "E"), net.mse())
    w.eq(lbl("C", "C"), net.cross_entropy())
    w.text(f"3. The sigmoid's derivative, differentiating σ(x) = 1/(1 + exp(−x)) ({proved(sig)})")
    x = sig.exprs["x"]
    w.eq(lbl("σ'(x)", r"\sigma'(x)"), sig["derivative"].lhs, sig["derivative"].rhs, sigma(x) * (1 - sigma(x)))
    deltas = proved(grad["∂E/∂final_inputs"], book["∂C/∂final_inputs"])
    w.text(f"4. The output deltas, with z = final_inputs and o = σ(z) ({deltas})")
    for p, loss, claim in ((grad, "E", "∂E/∂final_inputs"), (book, "C", "∂C/∂final_inputs")):
        w.eq(partial(loss, "z", "a"), p[claim].lhs, p[claim].rhs)
    w.text("   The o(1 − o) factor of σ′ cancels against the cross-entropy's 1/(o(1 − o)).")
    w.text()
    w.text("5. The chain rule for who: sympy differentiates the sums, with d who[i,j]/d who[a,b] = δ(i,a)·δ(j,b);")
    w.text("   summing the Kronecker deltas out leaves one term")
    w.eq(partial("E", "who", "a,b"), grad.exprs["dE_dwho_raw"], grad["∂E/∂who"].lhs, grad["∂E/∂who"].rhs)
    w.text("6. The chain rule for wih: the hidden delta, the output deltas sent back through who")
    w.eq(partial("E", "wih", "b,c"), grad.exprs["dE_dwih_raw"], grad["∂E/∂wih"].lhs, grad["∂E/∂wih"].rhs)
    claim = "Δwih = −lr·∂C/∂wih"
    w.eq(partial("C", "wih", "b,c"), book[claim].lhs, book[claim].rhs)
    w.text("7. The three rules, what each adds to an entry (lr = learning rate; article needs n = m = k)")
    rules = [proofs.ARTICLE, proofs.BOOK, proofs.GRADIENT]

    def shown(r: proofs.Rule, expr: sp.Expr) -> sp.Expr:  # the hidden-error sums by name
        named = sp.IndexedBase(r"\mathrm{hidden\_errors}" if latex else "hidden_errors")
        return expr.xreplace({r.hidden_errors(net, v): named[v] for v in (b, proofs.index("j"))})

    rows: list[tuple[str, Callable[[proofs.Rule], sp.Expr]]] = [
        ("hidden_errors[b]", lambda r: r.hidden_errors(net, b)),
        ("who[a,b] +=", lambda r: r.who_update(net, a, b)),
        ("wih[b,c] +=", lambda r: shown(r, r.wih_update(net, b, c))),
    ]
    if latex:
        w.text(r"\[ \begin{array}{l|lll} & \text{article} & \text{book} & \text{gradient} \\ \hline")
        for name, f in rows:
            label = name.replace("_", r"\_")
            w.text(rf"\text{{{label}}} & " + " & ".join(w.render(f(r)) for r in rules) + r" \\")
        w.text(r"\end{array} \]")
    else:
        for name, f in rows:
            w.text(f"   {name}")
            w.text(side_by_side([f"{r.name}:\n" + w.render(f(r)) for r in rules], sep="  │  ", indent="    "))
            w.text()
    w.text(f"   gradient: −lr·∂E/∂W for both layers ({proved(grad)})")
    w.text("   book:     −lr·∂E/∂who for who, −lr·∂C/∂wih for wih; its hidden errors are 1/(o(1 − o)) ≥ 4 times")
    w.text(f"             the gradient's, output by output ({proved(book)})")
    w.text("   article:  one number added to every entry, so who and wih only move along the all-ones matrix;")
    w.text(f"             not −lr·∂E/∂W nor −lr·∂C/∂W (rational 3-3-3 counterexample: {proved(art)})")
    return "\n".join(w.lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """`mlp-spec derive [--latex]`: print the derivation."""
    parser = argparse.ArgumentParser(prog="mlp-spec derive", description=__doc__.split("\n")[0])
    parser.add_argument("--latex", action="store_true", help="LaTeX instead of Unicode pretty printing")
    args = parser.parse_args(argv)
    sys.stdout.write(derivation(latex=args.latex))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
