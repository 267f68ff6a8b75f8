"""Realistic publishing layouts of a report (CMS pages, Word files, text dumps, mirrors) from its figures and text.

A `Source` holds what a report says (agency, year, every cell, the narrative); the builders below print it the ways
agencies and crawlers do, and `parsed_cells` reads a ParsedReport back into the same shape for a cell-by-cell compare.
"""
from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import Any, Callable, Optional

from report import format as fmt
from report.export.grid import Grid, GridCell, t2_grid, t3_grid, t4_grid
from report.facts import Facts, facts_from_dict
from report.parsed import ParsedReport

Cells = dict[str, Any]  # cell key → int, Decimal (the fee) or None
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Source:
    """What a report says: agency, year, every cell by key, and the narrative sections 一, 五, 六."""

    agency: str
    year: int
    cells: Cells
    sections: dict[str, str]

    def facts(self) -> Facts:
        """The source as facts (totals typed as given)."""
        return facts_from_dict({"agency": self.agency, "year": self.year, **tables_of(self.cells),
                                "sections": dict(self.sections)})


def squash(text: str) -> str:
    """Text without any whitespace, for comparing narrative across layouts."""
    return SPACE.sub("", text)


# ---------------------------------------------------------------- cells ⇄ facts-file tables


def parsed_cells(r: ParsedReport) -> Cells:
    """Every cell of a parsed report by key (None when unread or when the table is absent); the fee as Decimal."""
    out: Cells = dict.fromkeys(fmt.ALL_CELL_KEYS)
    if r.t2 is not None:
        for cell in fmt.T2_CELLS:
            parts = cell.key.split(".")[1:]
            value = r.t2.get(parts[0])
            value = value.get(parts[1]) if isinstance(value, dict) else value
            out[cell.key] = Decimal(value) if cell.decimal and value is not None else value
    for row, values in (r.t3 or {}).items():
        for col, value in enumerate(values, start=1):
            out[fmt.t3_key(row, col)] = value
    for col, value in enumerate(r.t4 or [], start=1):
        out[fmt.t4_key(col)] = value
    return out


def facts_cells(facts: Facts) -> Cells:
    """Every cell of facts by key."""
    return {key: facts.cell(key) for key in fmt.ALL_CELL_KEYS}


def tables_of(cells: Cells) -> dict[str, Any]:
    """Facts-file t2/t3/t4 from cells by key."""
    t2: dict[str, Any] = {}
    for cell in fmt.T2_CELLS:
        parts = cell.key.split(".")[1:]
        value = cells[cell.key]
        value = format(value, "f") if isinstance(value, Decimal) else value
        if len(parts) == 2:
            t2.setdefault(parts[0], {})[parts[1]] = value
        else:
            t2[parts[0]] = value
    t3 = {r: [cells[fmt.t3_key(r, c)] for c in range(1, fmt.T3_NCOLS + 1)] for r in fmt.T3_ROW_KEYS}
    return {"t2": t2, "t3": t3, "t4": [cells[fmt.t4_key(c)] for c in range(1, fmt.T4_NCOLS + 1)]}


def source_of(r: ParsedReport) -> Source:
    """The source of a parsed (bundled) report."""
    assert r.agency and r.year
    return Source(r.agency, r.year, parsed_cells(r), {n: r.sections[n] for n in fmt.NARRATIVE_SECTIONS})


# ---------------------------------------------------------------- random consistent facts


def _count(rng: random.Random, low: int, high: int) -> int:
    """Mostly small counts, some zeros, some up to `high` (a few thousand)."""
    roll = rng.random()
    if roll < 0.3:
        return low
    return rng.randint(low, 20 if roll < 0.7 else high)


def random_fee(rng: random.Random, low: int = 0, high: int = 5000) -> Decimal:
    """A fee in 万元 with 0 to 4 decimals (trailing zeros kept as written)."""
    places = rng.randint(0, fmt.FEE_MAX_DECIMALS)
    return Decimal(rng.randint(low * 10 ** places, high * 10 ** places)).scaleb(-places)


def random_cells(rng: random.Random, low: int = 0, high: int = 3000) -> Cells:
    """Cells of Tables 二/三/四 whose identities (O1, S1, S2, S3) all hold; `low` > 0 fills every column."""
    cells: Cells = {}
    for row in ("regulations", "normative_docs"):
        for f in fmt.T2_DOC_FIELDS:
            cells[f"t2.{row}.{f}"] = _count(rng, low, high)
        made, repealed = cells[f"t2.{row}.made"], cells[f"t2.{row}.repealed"]  # in force: at least made − repealed (F1)
        cells[f"t2.{row}.valid"] = max(cells[f"t2.{row}.valid"], made - repealed + 1)
    for row in fmt.T2_SINGLE_ROWS:
        cells[f"t2.{row}"] = _count(rng, low, high * 10)
    cells["t2.fees_wan"] = random_fee(rng, low)
    rows: dict[str, list[int]] = {r: [_count(rng, low, high // 10 or 1) for _ in range(6)] for r in fmt.T3_RESULT_ROWS}
    rows["r24"] = [sum(rows[r][c] for r in fmt.T3_RESULT_ROWS) for c in range(6)]
    rows["r25"] = [_count(rng, low, high // 10 or 1) for _ in range(6)]
    rows["r2"] = [rng.randint(min(low, t + o), t + o) for t, o in zip(rows["r24"], rows["r25"], strict=True)]
    rows["r1"] = [t + o - c for t, o, c in zip(rows["r24"], rows["r25"], rows["r2"], strict=True)]
    for row in fmt.T3_ROW_KEYS:
        for c, v in enumerate([*rows[row], sum(rows[row])], start=1):
            cells[fmt.t3_key(row, c)] = v
    for first in (1, 6, 11):
        parts = [_count(rng, low, high // 10 or 1) for _ in range(4)]
        for i, v in enumerate([*parts, sum(parts)]):
            cells[fmt.t4_key(first + i)] = v
    return cells


SUBHEADS = ("（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）政府信息公开平台建设情况",
            "（五）监督保障情况")
_SENTENCES = (
    "全年通过门户网站发布政府信息{a}条，较上年增长{b}%。", "召开新闻发布会{b}场，发布政策解读{a}篇，其中图解{b}篇。",
    "对重大行政决策事项开展预公开，收到意见{a}条，采纳{b}条，对未采纳意见逐条说明理由。",
    "举办业务培训{b}期，累计参训{a}人次；“政务公开日”活动吸引群众{a}人次参与。",
    "本年度新收政府信息公开申请{a}件，均在法定期限内答复，未发生超期答复情形。",
    "政务新媒体经清理整合后保留{b}个，季度检查合格率为100%。",
)
_PROBLEMS = ("一是政策解读形式仍较单一；二是基层公开标准化水平不高；三是答复文书说理不够充分。",
             "1.建立政策解读与文件同步起草、同步审签、同步发布机制。", "2.每季度对基层公开专区开展一次检查并通报。",
             "3.对不予公开、无法提供类答复实行法律顾问审核。")
_OTHER = ("（一）信息处理费收取情况。本年度未收取信息处理费。",
          "（二）落实上级年度政务公开工作要点情况。对照年度工作要点细化任务{b}项，均已落实。",
          "（三）人大代表建议和政协提案办理结果公开情况。承办建议{a}件、提案{b}件，办理复文均已公开。")


def random_sections(rng: random.Random) -> dict[str, str]:
    """Narrative sections 一, 五, 六 with sub-heads, inline leads, numbered lines and figures."""
    def line(template: str) -> str:
        return template.format(a=rng.randint(1, 9999), b=rng.randint(1, 99))

    one = [line(rng.choice(_SENTENCES))]
    for head in rng.sample(SUBHEADS, rng.randint(1, len(SUBHEADS))):
        one += [head, *(line(s) for s in rng.sample(_SENTENCES, rng.randint(1, 3)))]
    five = ["（一）上年度问题整改情况", line(rng.choice(_SENTENCES)), "（二）存在的主要问题及改进措施", *_PROBLEMS]
    six = [line(s) for s in _OTHER[:rng.randint(1, len(_OTHER))]]
    return {"一": "\n".join(one), "五": "\n".join(five), "六": "\n".join(six)}


def random_source(seed: int, agency: str = "示例县测试局", low: int = 0) -> Source:
    """A report of random consistent figures and narrative (seeded)."""
    rng = random.Random(seed)
    return Source(agency, rng.randint(2021, 2025), random_cells(rng, low), random_sections(rng))


# ---------------------------------------------------------------- label and number variants

# Simplified → traditional, written here independently of the parser's table (a mirror site's conversion).
_S2T_PAIRS = (
    "万萬与與业業为為举舉体體关關况況决決务務动動区區单單县縣发發后後国國处處复復审審实實属屬于於当當废廢开開强強总總"
    "执執护護报報据據数數无無时時机機权權条條来來构構现現电電确確稳穩类類系係纠糾纳納组組织織经經结結统統继繼续續维維"
    "缴繳网網罚罰规規计計认認议議许許讼訟访訪诉訴询詢请請费費转轉载載过過这這进進门門问問间間阅閱项項题題额額补補获獲"
    "范範会會户戶没沒众眾应應产產书書页頁码碼备備标標识識号號话話传傳联聯办辦图圖库庫编編写寫览覽单單乡鄉镇鎮厅廳"
    "级級镇鎮营營监監质質环環卫衛农農财財资資设設运運态態环環党黨听聽样樣录錄馈饋选選举舉线線络絡视視频頻"
)
S2T = {ord(_S2T_PAIRS[i]): _S2T_PAIRS[i + 1] for i in range(0, len(_S2T_PAIRS), 2)}
_WIDE = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
_ENUM_DOT = re.compile(r"(?<![\d.])(\d)\.(?!\d)")
_SPACED = {"商业企业": "商业 企业", "社会公益组织": "社会 公益组织", "予以公开": "予以 公开", "重复申请": "重复 申请",
           "本年制发件数": "本年 制发件数", "结果维持": "结果 维持"}
_SYNONYMS = {"行政规范性文件": "规范性文件", "其他法律行政法规禁止公开": "其他法律法规禁止公开",
             "结转下年度继续办理": "结转下一年度继续办理", "（六）其他处理": "（六）其他"}


def traditional(text: str) -> str:
    """A mirror site's traditional-character rendering."""
    return text.translate(S2T)


def half_brackets(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def enum_commas(text: str) -> str:
    """"1.属于国家秘密" → "1、属于国家秘密"."""
    return _ENUM_DOT.sub(r"\1、", text)


def spaced(text: str) -> str:
    """Spaces typed inside labels ("商业 企业")."""
    for old, new in _SPACED.items():
        text = text.replace(old, new)
    return text


def local_names(text: str) -> str:
    """Non-official label names seen in real reports (规范性文件, 其他法律法规禁止公开, 结转下一年度…)."""
    for old, new in _SYNONYMS.items():
        text = text.replace(old, new)
    return text


def plain_number(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def wide_number(value: Any) -> str:
    return plain_number(value).translate(_WIDE)


def grouped_number(value: Any) -> str:
    """Thousands separators, e.g. 12,846 and 3,968.0475."""
    return format(value, ",f") if isinstance(value, Decimal) else f"{value:,}"


# ---------------------------------------------------------------- the tables as printed rows


@dataclass(frozen=True)
class Printed:
    """How a table's texts are printed: label and number variants, and marks for blanked cells."""

    label: Callable[[str], str] = lambda s: s
    number: Callable[[Any], str] = plain_number
    blanks: dict[str, str] = field(default_factory=dict)  # cell key → what is printed instead ("", "/", "-")

    def value(self, key: str, cells: Cells) -> str:
        return self.blanks[key] if key in self.blanks else self.number(cells[key])


GRIDS: dict[str, Callable[[], Grid]] = {"二": t2_grid, "三": t3_grid, "四": t4_grid}


def grid_cells(num: str, cells: Cells, p: Printed) -> list[tuple[GridCell, str]]:
    """The anchored cells of a table's official grid (merged cells once) with their printed text."""
    return [(c, p.value(c.key, cells) if c.role == "value" else p.label(c.text)) for c in GRIDS[num]().cells]


def grid_rows(num: str, cells: Cells, p: Printed) -> list[list[tuple[str, int, int]]]:
    """(text, rowspan, colspan) of the anchored cells of each row of a table's official grid."""
    rows: list[list[tuple[str, int, int]]] = [[] for _ in range(GRIDS[num]().nrows)]
    for c, text in grid_cells(num, cells, p):
        rows[c.row].append((text, c.rowspan, c.colspan))
    return rows


def t3_flat_rows(cells: Cells, p: Printed) -> list[list[str]]:
    """Table 三 with one label cell per row holding its parent group ("（三）不予公开1.属于国家秘密")."""
    head = [[p.label(fmt.T3_NOTE), p.label(fmt.T3_APPLICANT_HEADER)], [p.label(c) for c in fmt.T3_COLUMNS]]
    body = [[p.label(r.full_label), *(p.value(fmt.t3_key(r.key, c), cells) for c in range(1, 8))] for r in fmt.T3_ROWS]
    return head + body


def t4_rows(cells: Cells, p: Printed, how: str, split: int = 3) -> list[list[str]]:
    """Table 四: official header rows and one data row, or the data row split over lines, or three labelled rows."""
    values = [p.value(fmt.t4_key(c), cells) for c in range(1, fmt.T4_NCOLS + 1)]
    if how == "groups":
        return [[p.label(r) for r in fmt.T4_RESULTS],
                *([p.label(g), *values[5 * i:5 * i + 5]] for i, g in enumerate(fmt.T4_GROUPS))]
    head = [[text for text, _, _ in row] for row in grid_rows("四", cells, p)[:-1]]
    if how == "split":
        size = -(-len(values) // split)
        return head + [values[i:i + size] for i in range(0, len(values), size)]
    return head + [values]


# ---------------------------------------------------------------- text layouts


@dataclass(frozen=True)
class TextLayout:
    """A text dump of a report: how cells are separated, how Table 三/四 are laid out, and the front matter."""

    sep: str = "\t"  # "\t", "|" (pipe rows), "spaces" (runs of spaces), "lines" (one cell per line)
    t3: str = "grid"  # "grid" (official merged grid, merged cells once) or "flat" (group + label in one cell)
    t4: str = "row"  # "row", "split" or "groups"
    printed: Printed = field(default_factory=Printed)
    headings: dict[str, str] = field(default_factory=dict)  # numeral → heading line used instead of the official one
    front: Optional[tuple[str, ...]] = None  # title lines, meta lines and preamble (default: title + a preamble)
    tail: tuple[str, ...] = ()  # lines after section 六 (signature, page chrome)
    heading_style: Callable[[str], str] = lambda s: s
    wrap: int = 0  # PDF dump: a row label longer than this wraps inside its cell over several lines
    figures_on: str = "first"  # the wrapped label's line that carries the row's figures: "first" or "last"
    page_break: int = 0  # PDF dump: a page number and Table 三's header rows again after this many of its data rows


def _join_row(cells: list[str], sep: str, rng: random.Random) -> list[str]:
    if sep == "lines":
        return list(cells)
    if sep == "|":
        return ["| " + " | ".join(cells) + " |"]
    if sep == "spaces":
        return ["".join(c + " " * rng.randint(2, 6) for c in cells).rstrip()]
    return [sep.join(cells)]


def _wrapped_row(cells: list[str], layout: TextLayout, rng: random.Random) -> list[str]:
    """A row whose long label wraps inside its cell, the figures beside its first or last piece (pdftotext -layout)."""
    label, rest = cells[0], cells[1:]
    if not layout.wrap or len(label) <= layout.wrap or not rest:
        return _join_row(cells, layout.sep, rng)
    pieces = [label[i:i + layout.wrap] for i in range(0, len(label), layout.wrap)]
    at = 0 if layout.figures_on == "first" else len(pieces) - 1
    return [line for i, piece in enumerate(pieces)
            for line in (_join_row([piece, *rest], layout.sep, rng) if i == at else [piece])]


def _table_lines(num: str, cells: Cells, layout: TextLayout, rng: random.Random) -> list[str]:
    rows = table_rows(num, cells, layout)
    head = 2 if num == "三" and layout.t3 == "flat" else 3
    lines: list[str] = []
    for i, row in enumerate(rows):
        if num == "三" and layout.page_break and i > head and (i - head) % layout.page_break == 0:
            lines += ["", f"- {i // layout.page_break + 3} -", ""]
            lines += [line for header in rows[:head] for line in _join_row(header, layout.sep, rng)]
        lines += _wrapped_row(row, layout, rng)
    return lines


def table_rows(num: str, cells: Cells, layout: TextLayout) -> list[list[str]]:
    """The printed rows of one table in a text layout."""
    p = layout.printed
    if num == "三" and layout.t3 == "flat":
        return t3_flat_rows(cells, p)
    if num == "四":
        return t4_rows(cells, p, layout.t4)
    return [[text for text, _, _ in row] for row in grid_rows(num, cells, p)]


def default_front(src: Source) -> tuple[str, ...]:
    return (fmt.report_title(src.agency, src.year), "",
            f"本报告依据《中华人民共和国政府信息公开条例》和{fmt.NOTICE_2021}编制，"
            f"统计期限为{src.year}年1月1日至{src.year}年12月31日。", "")


def text_report(src: Source, layout: TextLayout = TextLayout(), seed: int = 0) -> str:
    """The whole report as a text dump in the given layout."""
    rng = random.Random(seed)
    lines = list(layout.front if layout.front is not None else default_front(src))
    for section in fmt.SECTIONS:
        lines += [layout.heading_style(layout.headings.get(section.num, section.heading)), ""]
        if section.kind == "narrative":
            lines += [line for line in src.sections[section.num].splitlines() if line.strip()]
        else:
            lines += _table_lines(section.num, src.cells, layout, rng)
        lines.append("")
    return "\n".join([*lines, *layout.tail]) + "\n"


# ---------------------------------------------------------------- CMS page (HTML)

NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进示例", "政府信息公开", "政府信息公开指南", "政府信息公开制度",
       "法定主动公开内容", "政府信息公开年报", "依申请公开", "政策解读", "回应关切", "新闻发布会", "数据开放")
FOOTER = ("【打印本页】【关闭窗口】", "扫一扫在手机打开当前页",
          "主办单位：示例县人民政府办公室　承办单位：示例县大数据发展中心",
          "网站标识码：3311230001　ICP备案号：浙ICP备12345678号-1　浙公网安备 33112302000123号",
          "联系电话：0578-1234567　传真：0578-7654321　地址：示例县人民路1号　邮编：323000")
_STYLE = "font-family:仿宋_GB2312;font-size:16pt"


def _cell_html(text: str, rowspan: int, colspan: int, word: bool) -> str:
    """A <td> as CMS editors leave it: <p><span style=…>, &nbsp; for blanks, <br> inside long labels; pasted from Word
    (`word`), every text split over several <span> runs (digits too) with <o:p></o:p> after it."""
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    if word and text:
        cut = max(1, len(text) // 2)
        runs = "".join(f"<span lang=EN-US style='font-size:10.5pt;mso-bidi-font-family:宋体'>{escape(part)}</span>"
                       for part in (text[:cut], text[cut:]) if part)
        return (f"<td{attrs} width=38 style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt'>"
                f"<p class=MsoNormal align=center style='text-align:center'>{runs}<o:p></o:p></p></td>")
    body = escape(text, quote=False)
    if len(text) > 8 and not text[:1].isdigit():
        cut = len(text) // 2
        body = escape(text[:cut], quote=False) + "<br/>" + escape(text[cut:], quote=False)
    body = body or "&nbsp;"
    return (f'<td{attrs} style="border:1px solid #000" valign="middle"><p style="text-align:center">'
            f'<span style="font-size:10.5pt">{body}</span></p></td>')


def html_table(num: str, cells: Cells, p: Printed, word: bool = False) -> str:
    """A table with the official rowspan/colspan structure."""
    rows = grid_rows(num, cells, p)
    trs = ["<tr>" + "".join(_cell_html(t, rs, cs, word) for t, rs, cs in row) + "</tr>" for row in rows]
    return ('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse" width="600">'
            "<tbody>" + "\n".join(trs) + "</tbody></table>")


def _para(line: str) -> str:
    text = escape(line, quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;")
    if line.startswith("（") and len(line) < 30:
        return f'<p style="text-indent:2em"><strong><span style="font-family:楷体_GB2312">{text}</span></strong></p>'
    return f'<p style="text-indent:2em">&nbsp;&nbsp;<span style="{_STYLE}">{text}</span></p>'


def html_page(src: Source, p: Printed = Printed(), headings: Optional[dict[str, str]] = None,
              front: Optional[tuple[str, ...]] = None, chrome: bool = True, nav_repeat: int = 1,
              word: bool = False) -> str:
    """The report as a government CMS page: nav (`nav_repeat` × the menu), breadcrumbs, meta table, article, footer."""
    headings = headings or {}
    title = fmt.report_title(src.agency, src.year)
    parts = [f'<h1 style="text-align:center">{escape(title)}</h1>'] if front is None else [
        f"<p>{escape(line)}</p>" for line in front if line]
    if front is None:
        parts.append(f"<p>&nbsp;&nbsp;本报告依据{fmt.NOTICE_2021}编制，统计期限为{src.year}年1月1日至{src.year}年12月31日。</p>")
    for section in fmt.SECTIONS:
        heading = escape(headings.get(section.num, section.heading))
        parts.append(f'<p style="text-indent:2em"><span style="font-family:黑体;font-size:16pt">{heading}</span></p>')
        if section.kind == "narrative":
            parts += [_para(line) for line in src.sections[section.num].splitlines() if line.strip()]
        else:
            parts.append(html_table(section.num, src.cells, p, word))
    article = ('<div class="TRS_Editor"><style>.TRS_Editor p{line-height:2}</style>'
               + ("<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->"
                  if word else "") + "\n".join(parts) + "</div>")
    if not chrome:
        return f"<html><body>{article}</body></html>"
    links = "".join(f'<li><a href="/col/{i}/">{n}</a></li>' for i, n in enumerate(NAV * nav_repeat))
    nav = f'<ul class="nav">{links}</ul>'
    meta = ('<table class="xxgk"><tr><td>索引号：</td><td>001008003/2024-00012</td>'
            "<td>分类：</td><td>政务公开</td></tr>"
            f"<tr><td>发布机构：</td><td>{escape(src.agency)}</td>"
            f"<td>发文日期：</td><td>{src.year + 1}-01-19</td></tr></table>")
    footer = '<div class="footer">' + "".join(f"<p>{escape(line)}</p>" for line in FOOTER) + "</div>"
    return ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f"<title>{escape(title)}</title><style>td{{font-size:12px}}</style>"
            "<script>var _hmt=_hmt||[];document.write('<table><tr><td>规章</td><td>99</td></tr></table>');</script>"
            f'</head><body><div class="header">{nav}<form><input name="q"><select><option>全站</option></select></form>'
            '</div><div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a>政府信息公开</a> &gt; '
            "政府信息公开年报</div>"
            f'{meta}<div class="info">发布时间：{src.year + 1}-01-19 15:30　来源：{escape(src.agency)}　浏览次数：1024'
            '　字号：[大 中 小]</div><!-- 正文开始 -->' + article + "<!-- 正文结束 -->"
            '<script src="/js/share.js"></script><div class="share">分享到：</div>' + footer + "</body></html>")


def browser_text(html: str) -> str:
    """The page as a crawler flattens it: every block and every table cell on its own line, merged cells once."""
    html = re.sub(r"<(script|style|title)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<br\s*/?>", "", html)
    text = re.sub(r"</(?:p|div|td|tr|li|h1|table|ul)>|<(?:p|div|tr|li|h1|table|ul)\b[^>]*>", "\n", html)
    text = re.sub(r"<[^>]+>", "", text)
    for entity, ch in (("&nbsp;", "\u00a0"), ("&gt;", ">"), ("&lt;", "<"), ("&amp;", "&"), ("&ldquo;", "“"),
                       ("&rdquo;", "”")):
        text = text.replace(entity, ch)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip("\u00a0 \t"))


# ---------------------------------------------------------------- Word file


def docx_file(src: Source, p: Printed = Printed(), headings: Optional[dict[str, str]] = None,
              front: Optional[tuple[str, ...]] = None) -> bytes:
    """The report as a .docx made with python-docx: genuinely merged table cells, 黑体 headings, 仿宋 body."""
    import docx
    from docx.oxml.ns import qn

    def run_font(paragraph: Any, text: str, font: str) -> None:
        run = paragraph.add_run(text)
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    headings = headings or {}
    doc = docx.Document()
    for line in front if front is not None else (fmt.report_title(src.agency, src.year),):
        run_font(doc.add_paragraph(), line, "方正小标宋简体")
    if front is None:
        preamble = f"本报告依据{fmt.NOTICE_2021}编制，统计期限为{src.year}年1月1日至12月31日。"
        run_font(doc.add_paragraph(), preamble, "仿宋_GB2312")
    for section in fmt.SECTIONS:
        run_font(doc.add_paragraph(), headings.get(section.num, section.heading), "黑体")
        if section.kind == "narrative":
            for line in src.sections[section.num].splitlines():
                if line.strip():
                    run_font(doc.add_paragraph(), line, "楷体_GB2312" if line.startswith("（") else "仿宋_GB2312")
            continue
        grid = GRIDS[section.num]()
        table = doc.add_table(rows=grid.nrows, cols=grid.ncols)
        table.style = "Table Grid"
        flat = table._cells  # read once: table.cell() rescans the whole table on every call
        for c, text in grid_cells(section.num, src.cells, p):
            cell = flat[c.row * grid.ncols + c.col]
            if c.rowspan > 1 or c.colspan > 1:  # merged regions are disjoint, so a corner is never absorbed before
                cell = cell.merge(flat[(c.row + c.rowspan - 1) * grid.ncols + c.col + c.colspan - 1])
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
