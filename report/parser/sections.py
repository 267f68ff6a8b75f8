"""Find the six top-level headings (variants tolerated) and cut the text into sections 一…六."""
from __future__ import annotations

import re
from typing import Optional

from report import format as fmt
from report.parser.normalize import canon, label_core, normalize
from report.parser.tokens import Cell

MAX_HEADING_CHARS = 40
MIN_SIMILARITY = 0.5
_HEADING = re.compile(r"^(?:第)?([一二三四五六])(?:\s*[、.]\s*|部分\s*|\s+)(\S.*)$")
_DECOR = re.compile(r"^[#*\s>]+|[*\s]+$")
_SUBHEAD = re.compile(r"^\s*\(([一二三四五])\)")
_VARIANTS: dict[str, tuple[str, ...]] = {s.num: tuple(canon(v) for v in (s.title, *s.variants)) for s in fmt.SECTIONS}
# A line of the site around the article: footer, print/close/share links, neighbour-article links.
_PAGE_CHROME = re.compile(r"^\s*(?:【\s*(?:打印|关闭|收藏|字体)|扫一扫|分享到|主办单位|主办:|承办单位|协办单位|"
                          r"技术支持|版权所有|Copyright|©|网站标识码|ICP备案|上一篇|下一篇|相关链接|相关文章)"
                          r"|ICP备\s*\d|公网安备\s*\d")
_DATE_LINE = re.compile(r"^\s*(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                        r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！？!?、]")
MAX_SIGNATURE_CHARS = 40  # the agency's name line of a 落款 (at least 3 characters: "没有" before a date is text)
_T3_LABELS = frozenset(label_core(r.label) for r in fmt.T3_ROWS) | {label_core(fmt.T3_RESULTS_LABEL)}


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _similar(rest: str, variants: tuple[str, ...]) -> bool:
    """True when the heading text is, contains or closely resembles one of the section's variants."""
    for v in variants:
        if rest == v or (len(rest) >= 4 and (v in rest or rest in v)):
            return True
    a = _bigrams(rest)
    for v in variants:
        b = _bigrams(v)
        if a and b and 2 * len(a & b) / (len(a) + len(b)) >= MIN_SIMILARITY:
            return True
    return False


def heading_num(line: str) -> Optional[str]:
    """The section numeral of a heading line such as "四、因政府信息公开工作被申请行政复议…情况", else None."""
    if len(line) > 3 * MAX_HEADING_CHARS:
        return None
    s = _DECOR.sub("", line)
    if not s or len(s) > MAX_HEADING_CHARS:
        return None
    m = _HEADING.match(normalize(s))
    if not m:
        return None
    num, rest = m.group(1), canon(m.group(2)).rstrip(":。")
    if label_core(s) in _T3_LABELS or re.search(r"\d\s*$", rest):
        return None
    return num if _similar(rest, _VARIANTS[num]) else None


def find_headings(lines: list[str], cells: Optional[list[list[Cell]]] = None) -> dict[str, int]:
    """Line index of each top-level heading found, in increasing section order (a heading is not a table row)."""
    candidates = [(i, num) for i, line in enumerate(lines) if (num := heading_num(line)) is not None
                  and not (cells is not None and _followed_by_values(cells, i))]
    found: dict[str, int] = {}
    last = -1
    for i, num in _without_contents_list(lines, candidates):
        order = fmt.SECTION_NUMS.index(num)
        if order > last:
            found[num] = i
            last = order
    if 0 < len(found) < len(fmt.SECTION_NUMS):
        _misnumbered(lines, cells, found)
    return found


def _misnumbered(lines: list[str], cells: Optional[list[list[Cell]]], found: dict[str, int]) -> None:
    """A missing section whose heading is printed with another numeral ("三、政府信息公开行政复议、行政诉讼情况"
    between 三 and 五): its exact official wording, in its place between the headings found, makes it that heading."""
    for num in fmt.SECTION_NUMS:
        if num in found:
            continue
        k = fmt.SECTION_NUMS.index(num)
        after = max((found[n] for n in fmt.SECTION_NUMS[:k] if n in found), default=-1)
        before = min((found[n] for n in fmt.SECTION_NUMS[k + 1:] if n in found), default=len(lines))
        for i in range(after + 1, before):
            if len(lines[i]) > MAX_HEADING_CHARS or cells is not None and _followed_by_values(cells, i):
                continue
            m = _HEADING.match(normalize(_DECOR.sub("", lines[i])))
            if m and m.group(1) != num and canon(m.group(2)).rstrip(":。") in _VARIANTS[num]:
                found[num] = i
                break


def _without_contents_list(lines: list[str], candidates: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a preamble's list of the parts: back-to-back "headings" from 一 whose numerals come again later."""
    def next_in_list(a: tuple[int, str], b: tuple[int, str]) -> bool:
        later = fmt.SECTION_NUMS.index(b[1]) > fmt.SECTION_NUMS.index(a[1])
        return later and not any(lines[j].strip() for j in range(a[0] + 1, b[0]))

    drop: set[int] = set()
    k = 0
    while k < len(candidates):
        end = k + 1
        while end < len(candidates) and next_in_list(candidates[end - 1], candidates[end]):
            end += 1
        listed = {num for _, num in candidates[k:end]}
        if end - k >= 2 and candidates[k][1] == "一" and any(num in listed for _, num in candidates[end:]):
            drop.update(i for i, _ in candidates[k:end])
        k = end
    return [c for c in candidates if c[0] not in drop]


def _followed_by_values(cells: list[list[Cell]], i: int) -> bool:
    """True when the next non-empty line holds only numbers (the "heading" is then a one-cell-per-line row label)."""
    for j in range(i + 1, min(i + 4, len(cells))):
        if any(c.kind != "empty" for c in cells[j]):
            return _is_value_line(cells[j])
    return False


def _is_value_line(cells: list[Cell]) -> bool:
    return len(cells) > 0 and all(c.is_value or c.kind == "empty" for c in cells) and any(c.is_value for c in cells)


def cut_sections(lines: list[str], norm: list[str], headings: dict[str, int], cells: list[list[Cell]],
                 table_starts: list[int], notes: list[str]) -> dict[str, str]:
    """Text of each section found (heading line excluded); narrative sections stop at a table that follows them."""
    order = sorted(headings.items(), key=lambda kv: kv[1])
    bounds: dict[str, tuple[int, int]] = {}
    for k, (num, start) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        if fmt.SECTION_BY_NUM[num].kind == "narrative":
            end = min([t for t in table_starts if start < t < end] + [end])
        if k + 1 == len(order):  # the page's footer (网站标识码, ICP备案号, 【关闭窗口】…) is not part of the report
            end = next((j for j in range(start + 1, end) if _PAGE_CHROME.search(norm[j])), end)
            end = closing_start(norm, start + 1, end)  # nor is the 落款 (机关名称, 成文日期)
        bounds[num] = (start + 1, end)
    _recover_one(norm, headings, bounds, notes)
    _recover_five(cells, bounds, notes)
    return {num: _join(lines[a:b]) for num, (a, b) in sorted(bounds.items(), key=lambda kv: kv[1][0])
            if _join(lines[a:b])}


def closing_start(norm: list[str], start: int, end: int) -> int:
    """Index where a trailing 落款 begins in lines[start:end] (a date line, after a short name line), else end."""
    filled = [j for j in range(start, end) if norm[j].strip()]
    if len(filled) < 2 or not _DATE_LINE.match(norm[filled[-1]]):
        return end
    name = norm[filled[-2]].strip()
    if 3 <= len(name) <= MAX_SIGNATURE_CHARS and not _SENTENCE_PUNCT.search(name) and not _DATE_LINE.match(name):
        return filled[-2]
    return filled[-1]


def _recover_one(norm: list[str], headings: dict[str, int], bounds: dict[str, tuple[int, int]],
                 notes: list[str]) -> None:
    """Without "一、总体情况", text before the first heading that uses its sub-heads (（二）依申请公开…) is section 一."""
    if "一" in headings:
        return
    end = min(headings.values(), default=len(norm))
    subs = [i for i in range(end)
            if _SUBHEAD.match(norm[i][:30]) and any(h in norm[i][:30] for h in fmt.SECTION_ONE_SUBHEADS)]
    if len(subs) >= 2:
        bounds["一"] = (subs[0], end)
        notes.append("未找到“一、总体情况”标题，按其小标题（主动公开、依申请公开等）推断出第一部分")


def _recover_five(cells: list[list[Cell]], bounds: dict[str, tuple[int, int]], notes: list[str]) -> None:
    """Without the 五 heading, narrative after Table 四's data row (and its 注) is taken as section 五."""
    if "五" in bounds or "四" not in bounds or "六" not in bounds:
        return
    a, b = bounds["四"]
    data = [i for i in range(a, b) if _is_value_line(cells[i]) and sum(c.is_value for c in cells[i]) >= 5]
    if not data:
        return
    start = data[-1] + 1
    while start < b and (not cells[start] or (cells[start][0].text.startswith("注"))):
        start += 1
    text = "".join(c.text for i in range(start, b) for c in cells[i])
    if len(text) >= 100:
        bounds["四"] = (a, start)
        bounds["五"] = (start, b)
        notes.append("未找到“五、存在的主要问题及改进情况”标题，已将表四之后的文字作为第五部分")


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip()
