"""The derivation of the three update rules, step by step, rendered by sympy from mlp_spec.truth.proofs.

Every formula is sympy's rendering (pretty, or LaTeX: a document pdflatex compiles as it is) of the expressions
:mod:`.proofs` checks, shortened and ordered by :mod:`.typeset`; only the labels and the prose are written by
hand. Every line fits :data:`WIDTH` columns.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import sympy as sp

from mlp_spec.truth import proofs, rules
from mlp_spec.truth.rules import Network, a, b, c, sigma
from mlp_spec.truth.typeset import ERR, H, O, abbreviate, arrange, latex_prose, pull_constants, side_by_side
from mlp_spec.truth.worked import POINT, SHOWN_RULES, counterexample, fixed, worked_example

WIDTH = 100
"""The widest line, in columns, of either form of the derivation."""
CELL = 13
"""The width of a number in the worked example's tables: -0.12345678 and two spaces."""


class _Writer:
    def __init__(self, latex: bool, net: Network) -> None:
        self.latex, self.net = latex, net
        self.lines: list[str] = []

    def text(self, line: str = "") -> None:
        """A line of prose, wrapped to WIDTH under its own indent (in LaTeX, escaped; a blank line ends a
        paragraph)."""
        if self.latex:
            self.lines.append(latex_prose(line))
            return
        indent = line[: len(line) - len(line.lstrip())]
        self.lines += textwrap.wrap(line, WIDTH, subsequent_indent=indent) or [""]

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
        elif _width(together := side_by_side(parts, " = ", indent="    ")) <= WIDTH:
            self.raw(together)
        else:
            self.raw(side_by_side(parts[:2], " = ", indent="    "))
            for part in parts[2:]:
                self.raw(side_by_side([" " * len(parts[0].split("\n")[0]), part], " = ", indent="    "))
        self.text()

    def partial(self, loss: str, wrt: str, sub: str) -> sp.Symbol:
        return self.label(f"∂{loss}/∂{wrt}[{sub}]", rf"\frac{{\partial {loss}}}{{\partial {wrt}_{{{sub}}}}}")

    def numbers(self, name: str, latex_name: str, rows: Sequence[Sequence[Any]], digits: int = 8) -> None:
        """A named vector (one row) or matrix of numbers, to ``digits`` decimals."""
        if self.latex and len(rows) == len(rows[0]) == 1:
            self.raw(rf"\[ {latex_name} = {fixed(rows[0][0], digits)} \]")
        elif self.latex:
            body = r" \\ ".join(" & ".join(fixed(x, digits) for x in row) for row in rows)
            self.raw(rf"\[ {latex_name} = \begin{{pmatrix}} {body} \end{{pmatrix}} \]")
        elif len(rows) == 1:
            self.raw(f"      {name:<27}{_matrix(rows, digits)}")
        else:
            self.raw(f"      {name}")
            self.raw(textwrap.indent(_matrix(rows, digits), "      "))


def _matrix(rows: Sequence[Sequence[Any]], digits: int) -> str:
    return "\n".join("".join(fixed(x, digits).rjust(CELL) for x in row) for row in rows)


def _width(block: str) -> int:
    return max(len(line) for line in block.split("\n"))


def proved(*items: proofs.Proof | proofs.Check) -> str:
    return "proved" if all(item.holds for item in items) else "NOT PROVED"


@cache
def derivation(latex: bool = False) -> str:
    """The derivation: notation, network, losses, σ′, the chain rule, what hidden errors are, the three
    rules, why each output's term of the book's hidden errors is at least 4 times the gradient's, and one
    step at the article's numbers."""
    sig, grad, book = proofs.prove_sigmoid_derivative(), proofs.prove_gradient_rule(), proofs.prove_book_rule()
    net: Network = grad.exprs["net"]
    w = _Writer(latex, net)
    if latex:
        w.lines += [r"\documentclass{article}", r"\usepackage{amsmath}", r"\begin{document}"]
        w.raw(r"\section*{Derivation of the update rules}")
    w.text("Derivation of the update rules (n inputs, m hidden, k outputs, no biases; indices from 0)")
    w.text()
    _notation(w)
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
    _per_output_bound(w, book)
    _worked_example(w)
    w.heading("11. In short")
    w.text(f"   gradient: −lr·∂E/∂W for both layers ({proved(grad)})")
    w.text("   book:     −lr·∂E/∂who for who, −lr·∂C/∂wih for wih; each output's term of its hidden errors is")
    w.text(f"             1/(o(1 − o)) ≥ 4 times the gradient's, though their sums need not be ({proved(book)})")
    w.text("   article:  one number added to every entry, so who and wih only move along the all-ones matrix;")
    article = proved(proofs.prove_article_rule())
    w.text(f"             not −lr·∂E/∂W nor −lr·∂C/∂W (rational 3-3-3 counterexample: {article})")
    if latex:
        w.raw(r"\end{document}")
        # Lines broken at spaces to WIDTH: a line break is a space to LaTeX, in text and in maths.
        wrap = textwrap.TextWrapper(WIDTH, break_long_words=False, break_on_hyphens=False)
        w.lines = [part for line in w.lines for part in wrap.wrap(line) or [""]]
    return "\n".join(w.lines).rstrip() + "\n"


def _notation(w: _Writer) -> None:
    w.heading("Notation")
    for line in (
        "   I[c]: the inputs; t[a]: the targets; lr: the learning rate.",
        "   wih[b,c]: the weight from input c to hidden node b; who[a,b]: from hidden node b to output a.",
        "   Free indices: a for an output, b for a hidden node, c for an input. Sums run over i (outputs), "
        "j (hidden nodes) or l (inputs), from 0 to the layer's size − 1.",
        "   x∘y is the element-wise product of two vectors, whoᵀ the transpose of who, and · a product.",
        "   δ is the Kronecker delta: δ with indices a,i is 1 when a = i and 0 otherwise. sympy writes it "
        "when it differentiates a sum by one of its terms: ∂who[i,j]/∂who[a,b] = δ(i,a)·δ(j,b).",
    ):
        w.text(line)
    w.text()


def _chain_rule(w: _Writer, grad: proofs.Proof, book: proofs.Proof) -> None:
    w.heading(f"4. The output layer, with z = final_inputs and o = σ(z) ({proved(grad['∂E/∂final_inputs'])})")
    w.text("   By the chain rule, ∂E/∂z[a] = ∂E/∂o[a] · σ′(z[a]) = (−e[a]) · o[a](1 − o[a]):")
    w.eq(w.partial("E", "z", "a"), grad.exprs["dE_dz_raw"], grad["∂E/∂final_inputs"].rhs)
    cancels = proved(book["∂C/∂final_inputs"])
    w.text(f"   For the cross-entropy, whose log cancels o(1 − o), it is −e[a] ({cancels}):")
    w.eq(w.partial("C", "z", "a"), book["∂C/∂final_inputs"].lhs, book["∂C/∂final_inputs"].rhs)
    w.heading("5. The chain rule for who: sympy differentiates the sums")
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
    w.text("   sympy's derivative nests three sums with Kronecker deltas; summed out as in step 5, it is")
    w.eq(w.partial("E", "wih", "b,c"), grad["∂E/∂wih"].lhs, grad["∂E/∂wih"].rhs)
    claim = "Δwih = −lr·∂C/∂wih"
    w.eq(w.partial("C", "wih", "b,c"), book[claim].lhs, book[claim].rhs)


def _rules_table(w: _Writer, net: Network, latex: bool) -> None:
    w.heading("8. The three rules, what each adds to an entry")
    w.text(
        "   The article's code takes np.dot of two 1-D arrays, their inner product: its sums pair output j "
        "with hidden node j, and hidden node j with input j, so it needs n = m = k."
    )

    def shown(r: rules.Rule, expr: sp.Expr) -> sp.Expr:  # the hidden-error sums by name
        named = sp.IndexedBase(r"\mathrm{hidden\_errors}" if latex else "hidden_errors")
        return expr.xreplace({r.hidden_errors(net, v): named[v] for v in (b, rules.index("j"))})

    rows: list[tuple[str, Callable[[rules.Rule], sp.Expr]]] = [
        ("hidden_errors[b] (step 6)", lambda r: r.hidden_errors(net, b)),
        ("who[a,b] +=", lambda r: r.who_update(net, a, b)),
        ("wih[b,c] +=", lambda r: shown(r, r.wih_update(net, b, c))),
    ]
    for name, f in rows:
        if latex:
            w.text(name)
            w.raw(r"\begin{align*}")
            w.raw(r" \\ ".join(rf"\text{{{r.name}: }} & {w.render(f(r))}" for r in SHOWN_RULES))
            w.raw(r"\end{align*}")
            continue
        blocks = [w.render(f(r)) for r in SHOWN_RULES]
        widths = [_width(block) for block in blocks]
        w.text(f"   {name}")
        header = "     ".join(f"{r.name}:".ljust(width) for r, width in zip(SHOWN_RULES, widths, strict=True))
        row = side_by_side(blocks, sep="  │  ", indent="    ")
        if _width(row) <= WIDTH:
            w.raw(f"    {header}".rstrip())
            w.raw(row)
        else:  # one rule under the other
            for r, block in zip(SHOWN_RULES, blocks, strict=True):
                w.raw(side_by_side([f"{r.name}:".ljust(10), block], indent="    "))
        w.text()


def _per_output_bound(w: _Writer, book: proofs.Proof) -> None:
    """1/(o(1 − o)) ≥ 4 for each output's term, each step a claim of the book's proof; and not for the sums."""
    steps = ("hidden-error ratio", "¼ − o(1−o)", "ratio − 4 ≥ 0")
    ok = proved(*(book[s] for s in steps))
    w.heading(f"9. Each output's term of the book's hidden errors is ≥ 4 times the gradient's ({ok})")
    w.text(
        "   Output a's term in hidden error b is who[a,b]·e[a] for the book, who[a,b]·e[a]·o[a](1 − o[a]) "
        "for the gradient. Their ratio:"
    )
    w.eq(w.label("ratio", r"\mathrm{ratio}"), book["hidden-error ratio"].lhs, book["hidden-error ratio"].rhs)
    w.text("   o(1 − o) is never above ¼ on (0, 1), since the difference is a square:")
    w.eq(book["¼ − o(1−o)"].lhs, book["¼ − o(1−o)"].rhs)
    w.text(
        "   So o(1 − o) is in (0, ¼]: the ratio is at least 4, and 4 only at o = ½. The square is the proof "
        "to read; sympy checks the inequality a second way, as it decides the sign by itself only once o in "
        "(0, 1) is written as 1/(1 + u) with u positive, where the excess is a square over u:"
    )
    w.eq(w.label("1/(o(1 − o)) − 4", r"\frac{1}{o(1 - o)} - 4"), book["ratio − 4 ≥ 0"].value)
    book_sum, gradient_sum = counterexample()
    w.text("   This holds term by term, not for the sums, whose terms can cancel. With two outputs,")
    w.text(
        "   e = (0.1, −0.1), o = (0.5, 0.9) and who[·,b] = (1, 1), the book's hidden error b is "
        f"{book_sum[-1]} and the gradient's {gradient_sum[-1]} = {float(gradient_sum[-1])}:"
    )
    w.eq(w.label("book", r"\mathrm{book}"), *book_sum)
    w.eq(w.label("gradient", r"\mathrm{gradient}"), *gradient_sum)


def _worked_example(w: _Writer) -> None:
    """Step 10: one step of each rule at the article's point, the numbers the article prints among them."""
    ex = worked_example()
    w.heading("10. A worked example: one step at the article's point (features/03 to 06)")
    w.text("   The article's inputs, targets, learning rate and weights:")
    w.numbers("I", "I", [POINT["I"]])
    w.numbers("t", "t", [POINT["t"]])
    w.numbers("lr", r"\mathrm{lr}", [[POINT["lr"]]])
    w.numbers("wih", r"\mathrm{wih}", POINT["wih"])
    w.numbers("who", r"\mathrm{who}", POINT["who"])
    w.text(
        "   The formulas above, evaluated by mpmath at 50 digits and shown to 8 decimals, as the article prints them:"
    )
    w.numbers("h = σ(wih·I)", r"h = \sigma(\mathrm{wih} \cdot I)", [ex["h"]])
    w.numbers("o = σ(who·h)", r"o = \sigma(\mathrm{who} \cdot h)", [ex["o"]])
    w.numbers("e = t − o", "e = t - o", [ex["e"]])
    w.numbers("whoᵀ·e (article, book)", r"\mathrm{who}^{\top} e", [ex["book"]["hidden errors"]])
    gradient_errors = ex["gradient"]["hidden errors"]
    w.numbers("whoᵀ·(e∘o∘(1−o)) (gradient)", r"\mathrm{who}^{\top} (e \circ o \circ (1 - o))", [gradient_errors])
    ratios = [x / y for x, y in zip(ex["book"]["hidden errors"], gradient_errors, strict=True)]
    w.numbers("book ÷ gradient", r"\mathrm{book} \div \mathrm{gradient}", [ratios], 2)
    w.text(
        "   Here every hidden error of the book's is more than 4 times the gradient's, though step 9 shows "
        "that it need not be. What one step adds, rule by rule:"
    )
    who_step, wih_step = ex["article"]["who"][0][0], ex["article"]["wih"][0][0]
    w.text(f"   article: {fixed(who_step)} to every entry of who, {fixed(wih_step)} to every entry of wih")
    w.text("   book and gradient, the same to who, lr·(e∘o∘(1−o))·hᵀ:")
    w.numbers("who +=", r"\Delta \mathrm{who}", ex["book"]["who"])
    w.text("   book and gradient to wih, each with its own hidden errors (above):")
    if w.latex:
        w.numbers("", r"\Delta \mathrm{wih}_{\mathrm{book}}", ex["book"]["wih"])
        w.numbers("", r"\Delta \mathrm{wih}_{\mathrm{gradient}}", ex["gradient"]["wih"])
    else:
        blocks = [f"{r}: wih +=\n" + _matrix(ex[r]["wih"], 8) for r in ("book", "gradient")]
        w.raw(side_by_side(blocks, "   ", indent="      "))
    after = ", ".join(f"{r.name} {fixed(ex[r.name]['E'])}" for r in SHOWN_RULES)
    w.text(f"   The loss E (step 2) is {fixed(ex['E'])} before the step, and after it: {after}.")
    w.text()


def main(argv: list[str] | None = None) -> int:
    """`mlp-spec derive [--latex]`: print the derivation."""
    parser = argparse.ArgumentParser(prog="mlp-spec derive", description=__doc__.split("\n")[0])
    parser.add_argument("--latex", action="store_true", help="LaTeX instead of Unicode pretty printing")
    args = parser.parse_args(argv)
    sys.stdout.write(derivation(latex=args.latex))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
