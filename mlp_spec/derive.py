"""The derivation of the three update rules, step by step, rendered by sympy from mlp_spec.proofs.

Every formula is produced by sympy (pretty printer, or LaTeX with ``latex=True``) from the expressions
that :mod:`mlp_spec.proofs` builds and checks; only the labels and the prose are written by hand.
Nested sigmoids are shown abbreviated: σ(Σ_l wih[b,l] I[l]) as h[b] and σ(Σ_j who[a,j] h[j]) as o[a].
"""

from __future__ import annotations

import argparse
import sys

import sympy as sp

from mlp_spec import proofs
from mlp_spec.proofs import Network, a, b, c, sigma

H, O, Z = sp.IndexedBase("h"), sp.IndexedBase("o"), sp.IndexedBase("z")


def abbreviate(expr: sp.Expr, net: Network) -> sp.Expr:
    """Replace σ(hidden_inputs(x)) by h[x], σ(final_inputs(x)) and σ(z[x]) by o[x] (bottom-up)."""

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

    return expr.replace(lambda node: isinstance(node, sigma), short)


class _Writer:
    def __init__(self, latex: bool, net: Network) -> None:
        self.latex, self.net, self.lines = latex, net, []

    def text(self, line: str = "") -> None:
        self.lines.append(line)

    def label(self, unicode: str, latex: str) -> sp.Symbol:
        return sp.Symbol(latex if self.latex else unicode)

    def render(self, expr: sp.Basic) -> str:
        expr = abbreviate(expr, self.net) if isinstance(expr, sp.Basic) else expr
        return sp.latex(expr) if self.latex else sp.pretty(expr, use_unicode=True)

    def eq(self, lhs: sp.Basic, *rhs: sp.Basic) -> None:
        """lhs = rhs[0] = rhs[1] = …, each side rendered by sympy."""
        if self.latex:
            self.text(r"\[ " + " = ".join(self.render(e) for e in (lhs, *rhs)) + r" \]")
        else:
            blocks = [self.render(lhs)] + [self.render(e) for e in rhs]
            self.text(side_by_side(blocks, " = ", indent="    "))
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
    net = grad.exprs["net"]
    w = _Writer(latex, net)
    lbl = w.label
    w.text("Derivation of the update rules (n inputs, m hidden, k outputs, no biases; indices from 0)")
    w.text()
    w.text("1. The network")
    w.eq(lbl("hidden_inputs[b]", r"\mathrm{hidden\_inputs}_{b}"), net.hidden_inputs(b))
    w.eq(H[b], sigma(lbl("hidden_inputs[b]", r"\mathrm{hidden\_inputs}_{b}")))
    w.eq(lbl("final_inputs[a]", r"\mathrm{final\_inputs}_{a}"), net.final_inputs(a))
    w.eq(O[a], sigma(lbl("final_inputs[a]", r"\mathrm{final\_inputs}_{a}")))
    w.eq(lbl("e[a]", "e_{a}"), net.output_errors(a))
    w.text("2. The losses")
    w.eq(lbl("E", "E"), net.mse())
    w.eq(lbl("C", "C"), net.cross_entropy())
    w.text("3. The sigmoid's derivative, from σ(x) = 1/(1 + exp(−x))" + (" — holds" if sig.holds else " — FAILS"))
    x = sig.exprs["x"]
    w.eq(lbl("σ'(x)", r"\sigma'(x)"), sig["derivative"].lhs, sig["derivative"].rhs, sigma(x) * (1 - sigma(x)))
    w.text("4. Output layer: with z = final_inputs, the output deltas (chain rule through σ)")
    w.eq(lbl("∂E/∂z[a]", r"\frac{\partial E}{\partial z_{a}}"), grad["∂E/∂final_inputs"].lhs)
    w.eq(lbl("∂C/∂z[a]", r"\frac{\partial C}{\partial z_{a}}"), book["∂C/∂final_inputs"].lhs)
    w.text("5. Chain rule for who: sympy differentiates the sums, d who[i,j]/d who[a,b] = δ(i,a)·δ(j,b) …")
    w.eq(lbl("∂E/∂who[a,b]", r"\frac{\partial E}{\partial who_{a,b}}"), grad.exprs["dE_dwho_raw"])
    w.text("   … and summing the Kronecker deltas out leaves")
    w.eq(lbl("∂E/∂who[a,b]", r"\frac{\partial E}{\partial who_{a,b}}"), grad["∂E/∂who"].lhs)
    w.text("6. Chain rule for wih: the hidden delta")
    w.eq(lbl("∂E/∂wih[b,c]", r"\frac{\partial E}{\partial wih_{b,c}}"), grad.exprs["dE_dwih_raw"])
    w.eq(lbl("∂E/∂wih[b,c]", r"\frac{\partial E}{\partial wih_{b,c}}"), grad["∂E/∂wih"].lhs)
    w.eq(lbl("∂C/∂wih[b,c]", r"\frac{\partial C}{\partial wih_{b,c}}"), book["Δwih = −lr·∂C/∂wih"].lhs)
    w.text("7. The three rules (what is added to each entry; lr = learning rate)")
    rules = [proofs.ARTICLE, proofs.BOOK, proofs.GRADIENT]
    rows = [("hidden_errors[b]", lambda r: r.hidden_errors(net, b)), ("who[a,b] +=", lambda r: r.who_update(net, a, b)),
            ("wih[b,c] +=", lambda r: r.wih_update(net, b, c))]
    verdicts = {
        "article": f"neither −lr·∂E/∂W nor −lr·∂C/∂W (counterexample {'found' if art.holds else 'MISSING'})",
        "book": f"who: −lr·∂E/∂who, wih: −lr·∂C/∂wih ({'proved' if book.holds else 'NOT proved'})",
        "gradient": f"−lr·∂E/∂W for both layers ({'proved' if grad.holds else 'NOT proved'})",
    }
    if latex:
        w.text(r"\[ \begin{array}{l|lll} & \text{article} & \text{book} & \text{gradient} \\ \hline")
        for name, f in rows:
            w.text(rf"\text{{{name}}} & " + " & ".join(w.render(f(r)) for r in rules) + r" \\")
        w.text(r"\end{array} \]")
    else:
        for name, f in rows:
            w.text(f"   {name}")
            w.text(side_by_side([f"{r.name}:\n" + w.render(f(r)) for r in rules], sep="  │  ", indent="    "))
            w.text()
    for r in rules:
        w.text(f"   {r.name}: {verdicts[r.name]}")
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
