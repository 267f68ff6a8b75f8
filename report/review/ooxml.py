"""WordprocessingML of review marks: tracked changes (w:ins / w:del) written as runs, and resolved into one view."""
from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from docx.oxml.ns import nsdecls, qn

ASSISTANT = "年报助手"  # author of the 批注 and 修订 the app writes
ASSISTANT_INITIALS = "NB"
INSERTED, DELETED = ("ins", "moveTo"), ("del", "moveFrom")  # run-level revision elements (moves read as ins/del)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Accept = Callable[[str], bool]  # author → is this author's open change applied in the view?


def local(el) -> str:
    """Local name of an element ("p", "ins"…); "" for comments and processing instructions."""
    tag = el.tag
    return tag[len(_W):] if isinstance(tag, str) and tag.startswith(_W) else ""


def author(el) -> str:
    """The w:author of a revision or comment element ("" when absent)."""
    return el.get(qn("w:author")) or ""


def now_iso() -> str:
    """Revision timestamp as Word writes it (UTC, no fraction)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class RevisionIds:
    """Unique w:id values for the revisions of one document (kept apart from comment ids)."""

    def __init__(self, start: int = 1000):
        self.next = start

    def attrs(self, who: str, when: str) -> str:
        """The id, author and date attributes of one revision element."""
        self.next += 1
        return f'w:id="{self.next}" w:author={quoteattr(who)} w:date="{when}"'


def run_xml(text: str, rpr: str = "", deleted: bool = False) -> str:
    """One w:r holding text (w:delText inside a deletion)."""
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


def revision_xml(kind: str, attrs: str, runs: str) -> str:
    """Runs wrapped in a w:ins or w:del."""
    return f"<w:{kind} {attrs}>{runs}</w:{kind}>"


def paragraph_mark(kind: str, attrs: str) -> str:
    """The w:rPr of a paragraph mark that was inserted or deleted as a whole (goes inside w:pPr)."""
    return f"<w:rPr><w:{kind} {attrs}/></w:rPr>"


def ns_wrap(fragment: str) -> str:
    """A fragment of w: elements inside one root that declares the namespace (for parse_xml)."""
    return f'<w:body {nsdecls("w")}>{fragment}</w:body>'


# ---------------------------------------------------------------- reading tracked changes


def _unwrap(el) -> None:
    """Replace an element by its children."""
    parent = el.getparent()
    index = parent.index(el)
    for i, child in enumerate(list(el)):
        parent.insert(index + i, child)
    parent.remove(el)


def _undelete(el) -> None:
    """Deleted text made visible again: w:delText → w:t, w:delInstrText → w:instrText."""
    for t in el.iter(qn("w:delText")):
        t.tag = qn("w:t")
    for t in el.iter(qn("w:delInstrText")):
        t.tag = qn("w:instrText")


def _mark_gone(p, accept: Accept) -> bool:
    """Whether the view removes this paragraph's mark (an inserted mark rejected or a deleted mark accepted)."""
    rpr = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if rpr is None:
        return False
    gone = False
    for kind in ("ins", "del"):
        mark = rpr.find(qn(f"w:{kind}"))
        if mark is not None:
            gone = gone or (accept(author(mark)) == (kind == "del"))
            rpr.remove(mark)
    return gone


def _merge_into_next(p) -> None:
    """A paragraph whose mark is gone joins the next paragraph (its content goes before the next one's)."""
    nxt = p.getnext()
    if nxt is None or local(nxt) != "p":
        return
    ppr = nxt.find(qn("w:pPr"))
    at = 1 if ppr is not None else 0
    for i, child in enumerate(c for c in list(p) if local(c) != "pPr"):
        nxt.insert(at + i, child)
    p.getparent().remove(p)


def resolve(root, accept: Accept) -> None:
    """Apply or drop every open tracked change in place, as the view given by accept(author) sees the text."""
    for el in list(root.iter(*(qn(f"w:{k}") for k in INSERTED + DELETED))):
        if el.getparent() is None or local(el.getparent()) == "rPr":
            continue  # paragraph marks are handled below
        applied = accept(author(el))
        if local(el) in INSERTED:
            _unwrap(el) if applied else el.getparent().remove(el)
        elif applied:
            el.getparent().remove(el)
        else:
            _undelete(el)
            _unwrap(el)
    for p in list(root.iter(qn("w:p"))):
        if _mark_gone(p, accept):
            _merge_into_next(p)


def resolved_copy(root, accept: Accept):
    """A deep copy of root with resolve() applied."""
    out = copy.deepcopy(root)
    resolve(out, accept)
    return out


def open_changes(p) -> list[tuple[str, str, str]]:
    """(kind "insert"/"delete", author, text) of each open tracked change in a paragraph, in order; adjacent pieces
    of one change (LibreOffice splits them by script) joined."""
    out: list[tuple[str, str, str]] = []
    last = None
    for el in p.iter(*(qn(f"w:{k}") for k in INSERTED + DELETED)):
        if local(el.getparent()) == "rPr":
            continue
        kind = "insert" if local(el) in INSERTED else "delete"
        text = "".join(t.text or "" for t in el.iter(qn("w:t"), qn("w:delText")))
        if not text:
            continue
        if out and last is not None and el.getprevious() is last and out[-1][:2] == (kind, author(el)):
            out[-1] = (kind, author(el), out[-1][2] + text)
        else:
            out.append((kind, author(el), text))
        last = el
    return out


def everyone(_: str) -> bool:
    """Accept every open change."""
    return True


def nobody(_: str) -> bool:
    """Reject every open change."""
    return False


def all_but(names: Iterable[str]) -> Accept:
    """Accept the changes of every author except these."""
    skip = set(names)
    return lambda who: who not in skip

