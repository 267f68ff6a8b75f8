"""Reports written by the tests themselves, in the layouts real sites produce, from one set of consistent figures."""
from __future__ import annotations

import io
from typing import Callable, Optional

from report import format as fmt

AGENCY = "示例县测试局"
YEAR = 2023
NARRATIVE = {
    "一": "2023年，本局认真贯彻《条例》，主动公开政府信息120条，全年新收政府信息公开申请若干件，均按时答复。",
    "五": "存在的问题是政策解读形式较少。下一步将丰富解读形式，加强业务培训，提升公开质量。",
    "六": "本年度未收取信息处理费。本局无其他需要报告的事项。",
}


def t3_values() -> dict[str, list[int]]:
    """A Table 三 whose identities hold, with distinct figures so that a shifted reading shows."""
    rows: dict[str, list[int]] = {}
    for i, key in enumerate(fmt.T3_RESULT_ROWS):
        parts = [(i * 7 + c * 3) % 11 for c in range(6)]
        rows[key] = parts + [sum(parts)]
    total = [sum(rows[k][c] for k in fmt.T3_RESULT_ROWS) for c in range(7)]
    carried_out = [(c + 1) % 3 for c in range(6)]
    carried_in = [c % 2 for c in range(6)]
    rows["r24"] = total
    rows["r25"] = carried_out + [sum(carried_out)]
    rows["r2"] = carried_in + [sum(carried_in)]
    new = [total[c] + carried_out[c] - carried_in[c] for c in range(6)]
    rows["r1"] = new + [sum(new)]
    return {k: rows[k] for k in fmt.T3_ROW_KEYS}


T3 = t3_values()
T4 = [3, 1, 2, 4, 10, 5, 0, 1, 2, 8, 1, 1, 0, 3, 5]
T2 = {"regulations": {"made": 0, "repealed": 0, "valid": 0},  # a county bureau makes no 规章
      "normative_docs": {"made": 6, "repealed": 3, "valid": 41},
      "licensing": 1234, "penalty": 56, "coercion": 7, "fees_wan": "12.3456"}
T2_ROWS = {"规章": [0, 0, 0], "行政规范性文件": [6, 3, 41], "行政许可": [1234], "行政处罚": [56], "行政强制": [7],
           "行政事业性收费": ["12.3456"]}


def label_cells(key: str) -> list[str]:
    """The three label columns of a Table 三 row in the official grid (merged cells written once)."""
    row = fmt.T3_ROW_BY_KEY[key]
    if not row.group:
        return [row.label, "", ""]
    if row.group == fmt.T3_RESULTS_LABEL:
        first = fmt.T3_RESULTS_LABEL if key == "r3" else ""
        return [first, row.label, ""]
    head = fmt.T3_GROUP_HEADERS.get(key, "")
    return ["", head, row.label]


def _num(v: object) -> str:
    return str(v)


def t2_lines(sep: str = "\t") -> list[str]:
    lines = []
    for caption, header, rows in fmt.T2_LAYOUT:
        lines.append(caption)
        lines.append(sep.join(header))
        for label, _ in rows:
            lines.append(sep.join([label, *map(_num, T2_ROWS[label])]))
    return lines


def t3_lines(layout: str, sep: str = "\t", cell: Callable[[str, int, int], str] = lambda k, c, v: str(v)) -> list[str]:
    """Table 三 rows: "merged" (labels over three columns), "flat" (one label cell), "cells" (one cell per line)."""
    head = [fmt.T3_NOTE, fmt.T3_APPLICANT_HEADER, *fmt.T3_COLUMNS]
    lines = [sep.join(head)] if layout != "cells" else list(head)
    for key in fmt.T3_ROW_KEYS:
        values = [cell(key, c, v) for c, v in enumerate(T3[key], start=1)]
        labels = label_cells(key)
        if layout == "merged":
            lines.append(sep.join([*labels, *values]))
        elif layout == "flat":
            lines.append(sep.join([" ".join(x for x in labels if x), *values]))
        else:
            lines.extend([x for x in labels if x] + values)
    return lines


def t4_lines(sep: str = "\t", split: int = 1) -> list[str]:
    """Table 四: header rows then the data row (split over `split` lines)."""
    lines = [sep.join(fmt.T4_TOP_HEADERS), sep.join(fmt.T4_GROUPS), sep.join(fmt.T4_RESULTS * 3)]
    size = -(-len(T4) // split)
    lines += [sep.join(map(str, T4[i:i + size])) for i in range(0, len(T4), size)]
    return lines


def report_text(t2: Optional[list[str]] = None, t3: Optional[list[str]] = None, t4: Optional[list[str]] = None,
                title: Optional[str] = None) -> str:
    """A whole report around the given table lines."""
    s = {sec.num: sec.heading for sec in fmt.SECTIONS}
    parts = [title or fmt.report_title(AGENCY, YEAR), "",
             f"本报告依据{fmt.NOTICE_2021}编制，统计期限为{YEAR}年1月1日至12月31日。", "",
             s["一"], NARRATIVE["一"], "", s["二"], *(t2 if t2 is not None else t2_lines()), "",
             s["三"], *(t3 if t3 is not None else t3_lines("merged")), "",
             s["四"], *(t4 if t4 is not None else t4_lines()), "",
             s["五"], NARRATIVE["五"], "", s["六"], NARRATIVE["六"], ""]
    return "\n".join(parts)


# ---------------------------------------------------------------- HTML with rowspan/colspan


def _td(text: object, **attrs: int) -> str:
    a = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<td{a}>{text}</td>"


def html_report() -> str:
    """The report as a CMS page: Table 三 with the official rowspans/colspans, layout div wrappers, a script."""
    t2 = ['<table border="1">']
    for caption, header, rows in fmt.T2_LAYOUT:
        t2.append(f"<tr>{_td(caption, colspan=4)}</tr>")
        t2.append("<tr>" + _td(header[0]) + "".join(_td(h, colspan=4 - len(header) + 1) if len(header) == 2 else _td(h)
                                                    for h in header[1:]) + "</tr>")
        for label, _ in rows:
            vals = T2_ROWS[label]
            cells = "".join(_td(v) for v in vals) if len(vals) == 3 else _td(vals[0], colspan=3)
            t2.append(f"<tr>{_td(label)}{cells}</tr>")
    t2.append("</table>")
    t3 = ['<table border="1"><tbody>',
          f"<tr>{_td(fmt.T3_NOTE, rowspan=3, colspan=3)}{_td(fmt.T3_APPLICANT_HEADER, colspan=7)}</tr>",
          f"<tr>{_td('自然人', rowspan=2)}{_td(fmt.T3_LEGAL_PERSON_HEADER, colspan=5)}{_td('总计', rowspan=2)}</tr>",
          "<tr>" + "".join(_td(c) for c in fmt.T3_COLUMNS[1:6]) + "</tr>"]
    spans = {"r5": 8, "r13": 3, "r16": 5, "r21": 3}
    for key in fmt.T3_ROW_KEYS:
        row = fmt.T3_ROW_BY_KEY[key]
        if not row.group:
            label = _td(row.label, colspan=3)
        elif row.group == fmt.T3_RESULTS_LABEL:
            label = (_td(fmt.T3_RESULTS_LABEL, rowspan=22) if key == "r3" else "") + _td(row.label, colspan=2)
        else:
            label = (_td(row.group, rowspan=spans[key]) if key in spans else "") + _td(row.label)
        t3.append(f"<tr>{label}{''.join(_td(v) for v in T3[key])}</tr>")
    t3.append("</tbody></table>")
    t4 = ['<table border="1">',
          f"<tr>{_td('行政复议', colspan=5)}{_td('行政诉讼', colspan=10)}</tr>",
          "<tr>" + "".join(_td(r, rowspan=2) for r in fmt.T4_RESULTS) + _td(fmt.T4_GROUPS[1], colspan=5)
          + _td(fmt.T4_GROUPS[2], colspan=5) + "</tr>",
          "<tr>" + "".join(_td(r) for r in fmt.T4_RESULTS * 2) + "</tr>",
          "<tr>" + "".join(_td(v) for v in T4) + "</tr>", "</table>"]
    s = {sec.num: sec.heading for sec in fmt.SECTIONS}
    body = [f"<h1>{fmt.report_title(AGENCY, YEAR)}</h1>",
            f"<p>本报告依据{fmt.NOTICE_2021}编制，统计期限为{YEAR}年1月1日至12月31日。</p>",
            f"<p><strong>{s['一']}</strong></p><p>{NARRATIVE['一']}</p>",
            f"<p>{s['二']}</p>", *t2, f"<p>{s['三']}</p>", *t3, f"<p>{s['四']}</p>", *t4,
            f"<p>{s['五']}</p><p>{NARRATIVE['五']}</p>", f"<p>{s['六']}</p><p>{NARRATIVE['六']}</p>"]
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年报</title>"
            "<script>var t='<table><tr><td>规章</td><td>99</td></tr></table>';</script></head>"
            "<body><div class=\"nav\">首页 &gt; 信息公开</div><div id=\"content\"><div class=\"article\">"
            + "\n".join(body) + "</div></div></body></html>")


# ---------------------------------------------------------------- Word with merged cells


def docx_report() -> bytes:
    """The report as a .docx whose Table 三 is the official 28 × 10 grid with merged label and header cells."""
    import docx

    doc = docx.Document()
    s = {sec.num: sec.heading for sec in fmt.SECTIONS}
    doc.add_paragraph(fmt.report_title(AGENCY, YEAR))
    doc.add_paragraph(f"本报告依据{fmt.NOTICE_2021}编制，统计期限为{YEAR}年1月1日至12月31日。")
    doc.add_paragraph(s["一"])
    doc.add_paragraph(NARRATIVE["一"])
    doc.add_paragraph(s["二"])
    t2 = doc.add_table(rows=0, cols=4)
    for caption, header, rows in fmt.T2_LAYOUT:
        r = t2.add_row().cells
        r[0].merge(r[3]).text = caption
        r = t2.add_row().cells
        r[0].text = header[0]
        if len(header) == 2:
            r[1].merge(r[3]).text = header[1]
        else:
            for i, h in enumerate(header[1:], start=1):
                r[i].text = h
        for label, _ in rows:
            r = t2.add_row().cells
            r[0].text = label
            vals = T2_ROWS[label]
            if len(vals) == 3:
                for i, v in enumerate(vals, start=1):
                    r[i].text = str(v)
            else:
                r[1].merge(r[3]).text = str(vals[0])
    doc.add_paragraph(s["三"])
    t3 = doc.add_table(rows=28, cols=10)
    g = t3.rows
    g[0].cells[0].merge(g[2].cells[2]).text = fmt.T3_NOTE
    g[0].cells[3].merge(g[0].cells[9]).text = fmt.T3_APPLICANT_HEADER
    g[1].cells[3].merge(g[2].cells[3]).text = "自然人"
    g[1].cells[4].merge(g[1].cells[8]).text = fmt.T3_LEGAL_PERSON_HEADER
    g[1].cells[9].merge(g[2].cells[9]).text = "总计"
    for i, name in enumerate(fmt.T3_COLUMNS[1:6], start=4):
        g[2].cells[i].text = name
    first = {k: 3 + i for i, k in enumerate(fmt.T3_ROW_KEYS)}
    g[first["r3"]].cells[0].merge(g[first["r24"]].cells[0]).text = fmt.T3_RESULTS_LABEL
    spans = {"r5": "r12", "r13": "r15", "r16": "r20", "r21": "r23"}
    for start, end in spans.items():
        g[first[start]].cells[1].merge(g[first[end]].cells[1]).text = fmt.T3_GROUP_HEADERS[start]
    for key, i in first.items():
        row = fmt.T3_ROW_BY_KEY[key]
        cells = g[i].cells
        if not row.group:
            cells[0].merge(cells[2]).text = row.label
        elif row.group == fmt.T3_RESULTS_LABEL:
            cells[1].merge(cells[2]).text = row.label
        else:
            cells[2].text = row.label
        for c, v in enumerate(T3[key]):
            g[i].cells[3 + c].text = str(v)
    doc.add_paragraph(s["四"])
    t4 = doc.add_table(rows=4, cols=15)
    h = t4.rows
    h[0].cells[0].merge(h[0].cells[4]).text = "行政复议"
    h[0].cells[5].merge(h[0].cells[14]).text = "行政诉讼"
    for i, name in enumerate(fmt.T4_RESULTS):
        h[1].cells[i].merge(h[2].cells[i]).text = name
    h[1].cells[5].merge(h[1].cells[9]).text = fmt.T4_GROUPS[1]
    h[1].cells[10].merge(h[1].cells[14]).text = fmt.T4_GROUPS[2]
    for i, name in enumerate(fmt.T4_RESULTS * 2, start=5):
        h[2].cells[i].text = name
    for i, v in enumerate(T4):
        h[3].cells[i].text = str(v)
    for num in ("五", "六"):
        doc.add_paragraph(s[num])
        doc.add_paragraph(NARRATIVE[num])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- 2019 format


def report_2019_text() -> str:
    """A 2019-format report: old Table 二 columns, single （六）其他处理 row."""
    s = {sec.num: sec.heading for sec in fmt.SECTIONS}
    t2 = []
    for caption, header, labels in fmt.T2_2019_LAYOUT:
        t2 += [caption, "\t".join(header)]
        t2 += ["\t".join([label, *["1"] * (len(header) - 1)]) for label in labels]
    t3 = ["\t".join([fmt.T3_NOTE, *fmt.T3_COLUMNS])]
    for key in fmt.T3_ROW_KEYS:
        if key in ("r21", "r22"):
            continue
        values = T3[key]
        label = fmt.T3_2019_OTHER_ROW if key == "r23" else fmt.T3_ROW_BY_KEY[key].full_label
        if key == "r23":  # the single 2019 row carries all three 2021 sub-rows
            values = [sum(T3[r][c] for r in ("r21", "r22", "r23")) for c in range(7)]
        t3.append("\t".join([label, *map(str, values)]))
    parts = ["示例县旧格式局2020年政府信息公开工作年度报告", "", s["一"], NARRATIVE["一"], s["二"], *t2, s["三"], *t3,
             s["四"], *t4_lines(), s["五"], NARRATIVE["五"], s["六"], NARRATIVE["六"]]
    return "\n".join(parts)
