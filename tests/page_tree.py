"""The HTML report read as a browser reads it: a tree of elements (:class:`Node`) parsed from the page, and what
the report's tests look for in it. Shared by tests/test_report.py, tests/test_report_parts.py and
tests/test_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar


class Node:
    """An element of the parsed page."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'}{'.' + cls if cls else ''}> in <{self.tag} {self.attrs}>"
        first: Node = found[0]
        return first

    def by_id(self, anchor: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == anchor]
        assert len(found) == 1, f"{len(found)} elements with id {anchor!r}"
        return found[0]


class TreeBuilder(HTMLParser):
    """The page as a tree of :class:`Node`, parsed as a browser reads HTML (void elements need no end tag)."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs), self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        assert any(n.tag == tag for n in self.stack), f"</{tag}> closes nothing"
        while self.stack.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> Node:
    return parse_text(path.read_text(encoding="utf-8"))


def parse_text(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[n.tag for n in builder.stack[1:]]}"
    return builder.root


def words(node: Node) -> str:
    return " ".join(node.text().split())


def scenarios(page: Node) -> list[Node]:
    """Every scenario on the page, in order: an article each, or a row of its outline's table of examples."""
    return [n for n in page.iter() if "scenario" in n.classes or example_row(n)]


def example_row(node: Node) -> bool:
    return node.tag == "tr" and node.parent is not None and "examples" in node.parent.classes


def row_name(row: Node) -> str:
    """The name of the example a row of an outline's table shows: its second cell's first words."""
    first = row.find_all("td")[1].children[0]
    return first.strip() if isinstance(first, str) else ""


def scenario(page: Node, case: str, name: str) -> Node:
    """A scenario by its id, or an outline's passing example (a row without one) by its name."""
    found = [n for n in page.iter() if n.attrs.get("id") == f"case-{case}"]
    rows = [n for n in page.iter() if example_row(n) and row_name(n) == name]
    assert len(found + rows) == 1, f"{len(found + rows)} scenarios {case!r} named {name!r}"
    return (found + rows)[0]
