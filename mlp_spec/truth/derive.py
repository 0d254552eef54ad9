"""The derivation of the three update rules, step by step, rendered by sympy from mlp_spec.truth.proofs.

Every formula is produced by sympy (pretty printer, or LaTeX with ``latex=True``) from the expressions
that :mod:`mlp_spec.truth.proofs` builds and checks; only the labels and the prose are written by hand.
:mod:`mlp_spec.truth.typeset` shortens and orders them as the article writes them. ``--latex`` writes a
LaTeX document that compiles as it is (pdflatex, amsmath).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import cache

import sympy as sp

from mlp_spec.truth import proofs, rules
from mlp_spec.truth.rules import Network, a, b, c, sigma
from mlp_spec.truth.typeset import ERR, H, O, abbreviate, arrange, latex_prose, pull_constants, side_by_side


class _Writer:
    def __init__(self, latex: bool, net: Network) -> None:
        self.latex, self.net = latex, net
        self.lines: list[str] = []

    def text(self, line: str = "") -> None:
        """A line of prose (in LaTeX, escaped; a blank line ends a paragraph)."""
        self.lines.append(latex_prose(line) if self.latex else line)

    def raw(self, line: str) -> None:
        self.lines.append(line)

    def heading(self, title: str) -> None:
        if self.latex:
            self.raw(r"\subsection*{" + latex_prose(title) + "}")
        else:
            self.text(title)

    def label(self, unicode: str, latex: str) -> sp.Symbol:
        return sp.Symbol(latex if self.latex else unicode)

    def render(self, expr: sp.Basic, errors: bool = True) -> str:
        expr = arrange(pull_constants(abbreviate(expr, self.net, errors)))
        if self.latex:
            return str(sp.latex(expr, order="none", mul_symbol="dot"))
        return str(sp.pretty(expr, use_unicode=True, wrap_line=False, order="none"))

    def eq(self, lhs: sp.Basic, *rhs: sp.Basic, errors: bool = True) -> None:
        """lhs = rhs[0] = rhs[1] = …, each side rendered by sympy (a side the same as the one before it is left
        out); stacked when too wide."""
        parts: list[str] = []
        for e in (lhs, *rhs):
            part = self.render(e, errors)
            if not parts or part != parts[-1]:
                parts.append(part)
        if self.latex:
            self.raw(
                r"\begin{align*} " + r" \\ &= ".join([parts[0] + " &= " + parts[1], *parts[2:]]) + r" \end{align*}"
            )
        elif max(map(len, side_by_side(parts, " = ").split("\n"))) <= 110:
            self.raw(side_by_side(parts, " = ", indent="    "))
        else:
            self.raw(side_by_side(parts[:2], " = ", indent="    "))
            for part in parts[2:]:
                self.raw(side_by_side([" " * len(parts[0].split("\n")[0]), part], " = ", indent="    "))
        self.text()

    def partial(self, loss: str, wrt: str, sub: str) -> sp.Symbol:
        return self.label(f"∂{loss}/∂{wrt}[{sub}]", rf"\frac{{\partial {loss}}}{{\partial {wrt}_{{{sub}}}}}")


def proved(*items: proofs.Proof | proofs.Check) -> str:
    return "proved" if all(item.holds for item in items) else "NOT PROVED"


@cache  # the proofs it renders are cached too: the same text every time
def derivation(latex: bool = False) -> str:
    """The derivation: network, losses, σ′, output deltas, the chain rule, what hidden errors are, the
    three rules, and why the book's hidden step is at least 4 times the gradient's."""
    sig, grad, book = proofs.prove_sigmoid_derivative(), proofs.prove_gradient_rule(), proofs.prove_book_rule()
    net: Network = grad.exprs["net"]
    w = _Writer(latex, net)
    if latex:
        w.lines += [r"\documentclass{article}", r"\usepackage{amsmath}", r"\begin{document}"]
        w.raw(r"\section*{Derivation of the update rules}")
    w.text("Derivation of the update rules (n inputs, m hidden, k outputs, no biases; indices from 0)")
    w.text()
    w.heading("1. The network")
    hidden_inputs = w.label("hidden_inputs[b]", r"\mathrm{hidden\_inputs}_{b}")
    final_inputs = w.label("final_inputs[a]", r"\mathrm{final\_inputs}_{a}")
    w.eq(hidden_inputs, net.hidden_inputs(b))
    w.eq(H[b], sigma(hidden_inputs))
    w.eq(final_inputs, net.final_inputs(a))
    w.eq(O[a], sigma(final_inputs))
    w.eq(ERR[a], net.output_errors(a), errors=False)
    w.heading("2. The losses: squared error E, and the binary cross-entropy C")
    w.eq(w.label("E", "E"), net.mse())
    w.eq(w.label("C", "C"), net.cross_entropy())
    w.heading(f"3. The sigmoid's derivative, differentiating σ(x) = 1/(1 + exp(−x)) ({proved(sig)})")
    x = sig.exprs["x"]
    w.eq(w.label("σ'(x)", r"\sigma'(x)"), sig["derivative"].lhs, sig["derivative"].rhs, sigma(x) * (1 - sigma(x)))
    _chain_rule(w, grad, book)
    _rules_table(w, net, latex)
    _quarter_bound(w, book)
    w.heading("10. In short")
    w.text(f"   gradient: −lr·∂E/∂W for both layers ({proved(grad)})")
    w.text("   book:     −lr·∂E/∂who for who, −lr·∂C/∂wih for wih; its hidden errors are 1/(o(1 − o)) ≥ 4 times")
    w.text(f"             the gradient's, output by output ({proved(book)})")
    w.text("   article:  one number added to every entry, so who and wih only move along the all-ones matrix;")
    article = proved(proofs.prove_article_rule())
    w.text(f"             not −lr·∂E/∂W nor −lr·∂C/∂W (rational 3-3-3 counterexample: {article})")
    if latex:
        w.raw(r"\end{document}")
    return "\n".join(w.lines).rstrip() + "\n"


def _chain_rule(w: _Writer, grad: proofs.Proof, book: proofs.Proof) -> None:
    w.heading(f"4. The output deltas, with z = final_inputs and o = σ(z) ({proved(grad['∂E/∂final_inputs'])})")
    w.text("   By the chain rule, ∂E/∂z[a] = ∂E/∂o[a] · σ′(z[a]) = (−e[a]) · o[a](1 − o[a]):")
    w.eq(w.partial("E", "z", "a"), grad.exprs["dE_dz_raw"], grad["∂E/∂final_inputs"].rhs)
    cancels = proved(book["∂C/∂final_inputs"])
    w.text(f"   For the cross-entropy, whose log cancels o(1 − o), the delta is −e[a] ({cancels}):")
    w.eq(w.partial("C", "z", "a"), book["∂C/∂final_inputs"].lhs, book["∂C/∂final_inputs"].rhs)
    w.heading("5. The chain rule for who: sympy differentiates the sums, with ∂who[i,j]/∂who[a,b] = δ(i,a)·δ(j,b)")
    w.text("   Summing the Kronecker deltas out leaves one term:")
    w.eq(w.partial("E", "who", "a,b"), grad.exprs["dE_dwho_raw"], grad["∂E/∂who"].lhs, grad["∂E/∂who"].rhs)
    claim_e, claim_c = "−∂E/∂h = whoᵀ·(e∘o∘(1−o))", "−∂C/∂h = whoᵀ·e"
    w.heading(f"6. What hidden errors are: how the loss changes with a hidden output h[b] ({proved(grad[claim_e])})")
    w.text("   Taking h[b] as a variable, every output depends on it through who[·,b]:")
    w.eq(w.partial("E", "h", "b"), grad.exprs["dE_dh_raw"], -grad[claim_e].rhs)
    w.text("   So the gradient's hidden errors, whoᵀ·(e∘o∘(1−o)), are −∂E/∂h: how fast E falls as h[b] rises.")
    w.text(f"   For the cross-entropy the same step gives whoᵀ·e, the book's hidden errors ({proved(book[claim_c])}):")
    w.eq(w.partial("C", "h", "b"), book.exprs["dC_dh_raw"], -book[claim_c].rhs)
    w.heading("7. The chain rule for wih: the hidden errors, through the hidden node's own slope h(1 − h)")
    w.eq(w.partial("E", "wih", "b,c"), grad.exprs["dE_dwih_raw"], grad["∂E/∂wih"].lhs, grad["∂E/∂wih"].rhs)
    claim = "Δwih = −lr·∂C/∂wih"
    w.eq(w.partial("C", "wih", "b,c"), book[claim].lhs, book[claim].rhs)


def _rules_table(w: _Writer, net: Network, latex: bool) -> None:
    w.heading("8. The three rules, what each adds to an entry (lr = learning rate; article needs n = m = k)")
    shown_rules = [rules.ARTICLE, rules.BOOK, rules.GRADIENT]

    def shown(r: rules.Rule, expr: sp.Expr) -> sp.Expr:  # the hidden-error sums by name
        named = sp.IndexedBase(r"\mathrm{hidden\_errors}" if latex else "hidden_errors")
        return expr.xreplace({r.hidden_errors(net, v): named[v] for v in (b, rules.index("j"))})

    rows: list[tuple[str, Callable[[rules.Rule], sp.Expr]]] = [
        ("hidden_errors[b]", lambda r: r.hidden_errors(net, b)),
        ("who[a,b] +=", lambda r: r.who_update(net, a, b)),
        ("wih[b,c] +=", lambda r: shown(r, r.wih_update(net, b, c))),
    ]
    for name, f in rows:
        if latex:
            w.text(name)
            w.raw(r"\begin{align*}")
            w.raw(r" \\ ".join(rf"\text{{{r.name}: }} & {w.render(f(r))}" for r in shown_rules))
            w.raw(r"\end{align*}")
        else:
            blocks = [w.render(f(r)) for r in shown_rules]
            widths = [max(len(line) for line in block.split("\n")) for block in blocks]
            w.text(f"   {name}")
            header = "     ".join(f"{r.name}:".ljust(width) for r, width in zip(shown_rules, widths, strict=True))
            w.raw(f"    {header}".rstrip())
            w.raw(side_by_side(blocks, sep="  │  ", indent="    "))
            w.text()


def _quarter_bound(w: _Writer, book: proofs.Proof) -> None:
    """The steps of 1/(o(1 − o)) ≥ 4, each a claim of the book's proof."""
    o = book.exprs["o"]
    f = o * (1 - o)
    steps = ("hidden-error ratio", "o(1−o)′ = 0 only at ½", "o(1−o)″", "¼ − o(1−o)", "ratio − 4 ≥ 0")
    w.heading(f"9. Why the book's hidden step is at least 4 times the gradient's ({proved(*(book[s] for s in steps))})")
    w.text("   Output by output, book ÷ gradient in hidden error b is the ratio of whoᵀ·e to whoᵀ·(e∘o∘(1−o)):")
    w.eq(w.label("ratio", r"\mathrm{ratio}"), book["hidden-error ratio"].lhs, book["hidden-error ratio"].rhs)
    w.text("   o(1 − o) has slope 1 − 2o, zero only at o = ½, and second derivative −2 there: a maximum.")
    w.eq(sp.Derivative(f, o), sp.diff(f, o))
    w.eq(sp.Derivative(f, (o, 2)), book["o(1−o)″"].lhs)
    w.text("   Its value there is ¼, and no o does better, since the difference is a square:")
    w.eq(book["¼ − o(1−o)"].lhs, book["¼ − o(1−o)"].rhs)
    w.text("   So 1/(o(1 − o)) ≥ 4 for every o in (0, 1): with o = 1/(1 + u), u > 0, the excess is a square over u:")
    w.eq(w.label("1/(o(1 − o)) − 4", r"\frac{1}{o(1 - o)} - 4"), book["ratio − 4 ≥ 0"].value)


def main(argv: list[str] | None = None) -> int:
    """`mlp-spec derive [--latex]`: print the derivation."""
    parser = argparse.ArgumentParser(prog="mlp-spec derive", description=__doc__.split("\n")[0])
    parser.add_argument("--latex", action="store_true", help="LaTeX instead of Unicode pretty printing")
    args = parser.parse_args(argv)
    sys.stdout.write(derivation(latex=args.latex))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
