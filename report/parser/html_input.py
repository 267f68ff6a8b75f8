"""HTML to text lines: paragraphs as lines, each data-table row as one tab-separated line (merged cells once)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

from report.parser.tokens import mark_blank_cells

MAX_NODES = 100_000  # elements kept; parsing stops soon after (a long report page has about 10 000)
CHUNK = 64 * 1024
MAX_DEPTH = 400
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "select", "option", "iframe"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed",
                   "param"})
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
                    "article", "header", "footer", "main", "nav", "aside", "blockquote", "pre", "form", "center",
                    "figure", "figcaption", "caption", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "address",
                    "fieldset", "body", "html"})
_CELL = ("td", "th")
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")


class _Node:
    __slots__ = ("tag", "children", "nested_table")

    def __init__(self, tag: str):
        self.tag = tag
        self.children: list["_Node | str"] = []
        self.nested_table = False  # a table that holds another table is a layout table


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: unclosed cells and rows close themselves, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack: list[_Node] = [self.root]
        self.skip_depth = 0
        self.nodes = 0
        self.truncated = False

    def _pop_to(self, tags: tuple[str, ...], stop: tuple[str, ...] = ("table",)) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                del self.stack[i:]
                return
            if tag in stop:
                return

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.skip_depth:
            if tag in _SKIP:
                self.skip_depth += 1
            return
        if tag in _SKIP:
            self.skip_depth = 1
            return
        if tag == "br":
            self.stack[-1].children.append("\n")
            return
        if tag in _VOID:
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.truncated = True
            return
        if tag in _CELL:
            self._pop_to(_CELL)
        elif tag == "tr":
            self._pop_to(("tr",))
        elif tag == "table":
            for node in self.stack:
                if node.tag == "table":
                    node.nested_table = True
        node = _Node(tag)
        self.stack[-1].children.append(node)
        if len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag in _SKIP:
                self.skip_depth -= 1
            return
        self._pop_to((tag,), stop=("table",) if tag in ("td", "th", "tr") else ())

    def handle_data(self, data: str) -> None:
        if not self.skip_depth and not self.truncated:
            self.stack[-1].children.append(data)


def _inline_text(node: _Node) -> str:
    """All text under a node on one line (a table cell): <span>3</span><span>968</span> is 3968; blocks part words."""
    parts: list[str] = []
    todo: list["_Node | str"] = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            parts.append(item)
        else:
            if item.tag in _BLOCK:
                parts.append(" ")
                todo.append(" ")
            todo.extend(reversed(item.children))
    return _SPACE.sub(" ", "".join(parts)).strip()


def _rows(table: _Node) -> list[list[str]]:
    """Cell texts of each row of a data table, each merged cell once, in document order."""
    rows: list[list[str]] = []
    todo: list["_Node | str"] = list(reversed(table.children))
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            continue
        if item.tag == "tr":
            rows.append(mark_blank_cells([_inline_text(c) for c in item.children
                                          if isinstance(c, _Node) and c.tag in _CELL]))
        elif item.tag in _CELL:  # cells outside any <tr>
            rows.append([_inline_text(item)])
        else:
            todo.extend(reversed(item.children))
    return rows


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Plain text of an HTML page: one line per block, data-table rows tab-separated; notes on truncation."""
    builder = _TreeBuilder()
    try:
        for start in range(0, len(html), CHUNK):
            builder.feed(html[start:start + CHUNK])
            if builder.truncated:
                break
        else:
            builder.close()
    except Exception:  # html.parser is lenient; anything left is reported, not raised
        builder.truncated = True
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(buf)).strip()
        if text:
            lines.append(text)
        buf.clear()

    todo: list[Optional["_Node | str"]] = [builder.root]
    while todo:
        item = todo.pop()
        if item is None:  # end of a block
            flush()
        elif isinstance(item, str):
            if item == "\n":
                flush()
            else:
                buf.append(item)
        elif item.tag == "table" and not item.nested_table:
            flush()
            lines.extend("\t".join(cells) for cells in _rows(item) if any(cells))
        else:
            if item.tag in _BLOCK:
                flush()
                todo.append(None)
            todo.extend(reversed(item.children))
    flush()
    notes = ["网页结构过大或无法完整解析，只读取了前面部分"] if builder.truncated else []
    return "\n".join(lines), notes
