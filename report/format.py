"""The official 2021 report format (国办公开办函〔2021〕30号) as data: the one source of truth."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

NOTICE_2021 = "国办公开办函〔2021〕30号"
NOTICE_2019 = "国办公开办函〔2019〕60号"
FORMAT_2021 = "2021"
FORMAT_2019 = "2019"


@dataclass(frozen=True)
class Section:
    """One of the six mandated top-level sections."""

    num: str
    heading: str
    kind: str  # "narrative" or "table"
    title: str  # heading without the numeral
    variants: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section("一", "一、总体情况", "narrative", "总体情况", ("总体情况", "基本情况", "概述")),
    Section("二", "二、主动公开政府信息情况", "table", "主动公开政府信息情况",
            ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况")),
    Section("三", "三、收到和处理政府信息公开申请情况", "table", "收到和处理政府信息公开申请情况",
            ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开情况")),
    Section("四", "四、政府信息公开行政复议、行政诉讼情况", "table", "政府信息公开行政复议、行政诉讼情况",
            ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
             "政府信息公开行政复议和行政诉讼情况", "行政复议、行政诉讼情况", "行政复议和行政诉讼情况")),
    Section("五", "五、存在的主要问题及改进情况", "narrative", "存在的主要问题及改进情况",
            ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及整改措施",
             "存在的主要问题及改进措施", "存在的问题及改进情况", "存在的主要问题和改进情况")),
    Section("六", "六、其他需要报告的事项", "narrative", "其他需要报告的事项",
            ("其他需要报告的事项", "其他需要报告的情况", "其他事项")),
)
SECTION_NUMS: tuple[str, ...] = tuple(s.num for s in SECTIONS)
NARRATIVE_SECTIONS: tuple[str, ...] = tuple(s.num for s in SECTIONS if s.kind == "narrative")
SECTION_BY_NUM: dict[str, Section] = {s.num: s for s in SECTIONS}

# Sub-heads of section 一 that real reports use (wording varies).
SECTION_ONE_SUBHEADS: tuple[str, ...] = ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")

# ---------------------------------------------------------------- Table 二


@dataclass(frozen=True)
class T2Cell:
    """One number cell of Table 二."""

    key: str  # e.g. "t2.regulations.made"
    block: str  # caption, e.g. "第二十条第（一）项"
    row: str  # official row label
    column: str  # official column label
    decimal: bool = False


T2_BLOCK_1 = "第二十条第（一）项"
T2_BLOCK_5 = "第二十条第（五）项"
T2_BLOCK_6 = "第二十条第（六）项"
T2_BLOCK_8 = "第二十条第（八）项"
T2_DOC_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")
T2_DOC_FIELDS = ("made", "repealed", "valid")
T2_DECISION_COLUMN = "本年处理决定数量"
T2_FEE_COLUMN = "本年收费金额（单位：万元）"
T2_ROW_LABEL_HEADER = "信息内容"
T2_DOC_ROWS = {"regulations": "规章", "normative_docs": "行政规范性文件"}
T2_SINGLE_ROWS = {"licensing": "行政许可", "penalty": "行政处罚", "coercion": "行政强制"}

T2_CELLS: tuple[T2Cell, ...] = (
    *(T2Cell(f"t2.{row}.{f}", T2_BLOCK_1, label, col)
      for row, label in T2_DOC_ROWS.items() for f, col in zip(T2_DOC_FIELDS, T2_DOC_COLUMNS)),
    T2Cell("t2.licensing", T2_BLOCK_5, "行政许可", T2_DECISION_COLUMN),
    T2Cell("t2.penalty", T2_BLOCK_6, "行政处罚", T2_DECISION_COLUMN),
    T2Cell("t2.coercion", T2_BLOCK_6, "行政强制", T2_DECISION_COLUMN),
    T2Cell("t2.fees_wan", T2_BLOCK_8, "行政事业性收费", T2_FEE_COLUMN, decimal=True),
)
T2_CELL_BY_KEY: dict[str, T2Cell] = {c.key: c for c in T2_CELLS}
FEE_MAX_DECIMALS = 4

# Grid of Table 二 as printed: (caption, header row, data rows); a data row is (label, [cell keys]).
T2_LAYOUT: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (T2_BLOCK_1, (T2_ROW_LABEL_HEADER, *T2_DOC_COLUMNS),
     tuple((label, tuple(f"t2.{row}.{f}" for f in T2_DOC_FIELDS)) for row, label in T2_DOC_ROWS.items())),
    (T2_BLOCK_5, (T2_ROW_LABEL_HEADER, T2_DECISION_COLUMN), (("行政许可", ("t2.licensing",)),)),
    (T2_BLOCK_6, (T2_ROW_LABEL_HEADER, T2_DECISION_COLUMN),
     (("行政处罚", ("t2.penalty",)), ("行政强制", ("t2.coercion",)))),
    (T2_BLOCK_8, (T2_ROW_LABEL_HEADER, T2_FEE_COLUMN), (("行政事业性收费", ("t2.fees_wan",)),)),
)

T2_LABEL_SYNONYMS: dict[str, str] = {
    "规范性文件": "行政规范性文件",
    "本年收费金额(单位:万元)": T2_FEE_COLUMN,
    "本年收费金额（单位：万元，保留4位小数）": T2_FEE_COLUMN,
    "本年收费金额(单位:万元,保留4位小数)": T2_FEE_COLUMN,
}

# The 2019 layout of Table 二 (国办公开办函〔2019〕60号), for reading old reports only.
T2_2019_LAYOUT: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
    ("第二十条第（五）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项")),
    ("第二十条第（六）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("信息内容", "上一年项目数量", "本年增/减"), ("行政事业性收费",)),
    ("第二十条第（九）项", ("信息内容", "采购项目数量", "采购总金额"), ("政府集中采购",)),
)
T2_2019_MARKERS: tuple[str, ...] = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "第二十条第（九）项", "第二十条第(九)项")

# ---------------------------------------------------------------- Table 三

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_HEADER = "申请人情况"
T3_LEGAL_PERSON_HEADER = "法人或其他组织"
T3_COLUMNS: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T3_COLUMN_KEYS: tuple[str, ...] = tuple(f"c{i}" for i in range(1, 8))
T3_NCOLS = 7
T3_TOTAL_COL = 7  # c7


@dataclass(frozen=True)
class T3Row:
    """One data row of Table 三 (r1…r25)."""

    key: str  # "r1"
    label: str  # official label of the row itself
    group: str = ""  # parent label, e.g. "（三）不予公开"; "" for top-level rows
    synonyms: tuple[str, ...] = field(default=())

    @property
    def full_label(self) -> str:
        """Label with its parent group, for messages."""
        return f"{self.group}{self.label}" if self.group else self.label


T3_RESULTS_LABEL = "三、本年度办理结果"
_G3, _G4, _G5, _G6 = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
T3_ROWS: tuple[T3Row, ...] = (
    T3Row("r1", "一、本年新收政府信息公开申请数量"),
    T3Row("r2", "二、上年结转政府信息公开申请数量"),
    T3Row("r3", "（一）予以公开", T3_RESULTS_LABEL),
    T3Row("r4", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", T3_RESULTS_LABEL, ("（二）部分公开",)),
    T3Row("r5", "1.属于国家秘密", _G3),
    T3Row("r6", "2.其他法律行政法规禁止公开", _G3, ("2.其他法律法规禁止公开",)),
    T3Row("r7", "3.危及“三安全一稳定”", _G3, ('3.危及"三安全一稳定"', "3.危及三安全一稳定")),
    T3Row("r8", "4.保护第三方合法权益", _G3),
    T3Row("r9", "5.属于三类内部事务信息", _G3),
    T3Row("r10", "6.属于四类过程性信息", _G3),
    T3Row("r11", "7.属于行政执法案卷", _G3),
    T3Row("r12", "8.属于行政查询事项", _G3),
    T3Row("r13", "1.本机关不掌握相关政府信息", _G4),
    T3Row("r14", "2.没有现成信息需要另行制作", _G4),
    T3Row("r15", "3.补正后申请内容仍不明确", _G4),
    T3Row("r16", "1.信访举报投诉类申请", _G5),
    T3Row("r17", "2.重复申请", _G5),
    T3Row("r18", "3.要求提供公开出版物", _G5),
    T3Row("r19", "4.无正当理由大量反复申请", _G5),
    T3Row("r20", "5.要求行政机关确认或重新出具已获取信息", _G5),
    T3Row("r21", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _G6),
    T3Row("r22", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _G6),
    T3Row("r23", "3.其他", _G6),
    T3Row("r24", "（七）总计", T3_RESULTS_LABEL),
    T3Row("r25", "四、结转下年度继续办理", "", ("四、结转下一年度继续办理",)),
)
T3_ROW_KEYS: tuple[str, ...] = tuple(r.key for r in T3_ROWS)
T3_ROW_BY_KEY: dict[str, T3Row] = {r.key: r for r in T3_ROWS}
T3_NROWS = 25
T3_TOTAL_ROW = "r24"
T3_RESULT_ROWS: tuple[str, ...] = tuple(f"r{i}" for i in range(3, 24))  # r3…r23, summed into r24
# Groups of result rows (for narrative paraphrases such as "不予公开 N 件").
T3_GROUPS: dict[str, tuple[str, ...]] = {
    "予以公开": ("r3",),
    "部分公开": ("r4",),
    "不予公开": tuple(f"r{i}" for i in range(5, 13)),
    "无法提供": ("r13", "r14", "r15"),
    "不予处理": tuple(f"r{i}" for i in range(16, 21)),
    "其他处理": ("r21", "r22", "r23"),
}
# Group headers in print order, with the first row they introduce (for rowspans in exporters).
T3_GROUP_HEADERS: dict[str, str] = {"r5": _G3, "r13": _G4, "r16": _G5, "r21": _G6}
T3_2019_OTHER_ROW = "（六）其他处理"  # 2019 single row, read into r23 (r21 = r22 = 0)
# Group-header variants seen in published reports (normalised on input, official form emitted).
T3_GROUP_SYNONYMS: dict[str, str] = {"（六）其他": _G6}

# ---------------------------------------------------------------- Table 四

T4_GROUPS: tuple[str, ...] = ("行政复议", "未经复议直接起诉", "复议后起诉")
T4_TOP_HEADERS = ("行政复议", "行政诉讼")
T4_RESULTS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_NCOLS = 15
T4_TOTAL_COLS: tuple[int, ...] = (5, 10, 15)
T4_COLUMN_LABELS: tuple[str, ...] = tuple(f"{g}{r}" for g in T4_GROUPS for r in T4_RESULTS)

# ---------------------------------------------------------------- cell keys and totals


def t3_key(row: str, col: int) -> str:
    """Cell key of Table 三, e.g. t3_key("r1", 7) == "t3.r1.c7"."""
    return f"t3.{row}.c{col}"


def t4_key(col: int) -> str:
    """Cell key of Table 四, e.g. "t4.c15"."""
    return f"t4.c{col}"


class CellKeyError(ValueError):
    """A cell key that names no cell of the official tables."""


_TOP_MARK = re.compile(r"^([一二三四五六七八九十]+)、")
_PAREN_MARK = re.compile(r"^（([一二三四五六七八九十]+)）")
_SUB_MARK = re.compile(r"^(\d+)\.")


def _row_mark(row: T3Row) -> str:
    """The printed number of a Table 三 row: "一", "(一)", "(四)1"."""
    if m := _SUB_MARK.match(row.label):
        parent = _PAREN_MARK.match(row.group)
        return f"({parent.group(1)}){m.group(1)}" if parent else m.group(1)
    if m := _PAREN_MARK.match(row.label):
        return f"({m.group(1)})"
    m = _TOP_MARK.match(row.label)
    return m.group(1) if m else row.key


@dataclass(frozen=True)
class CellRef:
    """One cell of the official tables, parsed from its key (t2.regulations.made, t3.r5.c1, t4.c15)."""

    key: str
    table: str  # "t2", "t3" or "t4"
    path: tuple[str, ...] = ()  # Table 二: attribute path, e.g. ("regulations", "made") or ("licensing",)
    row: str = ""  # Table 三: "r1"…"r25"
    col: int = 0  # Table 三: 1…7; Table 四: 1…15

    @property
    def index(self) -> int:
        """0-based position in the row (Table 三) or in Table 四."""
        return self.col - 1

    @property
    def is_total(self) -> bool:
        """True for a cell that the validator may fill (c7, r24, Table 四 totals)."""
        if self.table == "t3":
            return self.row == T3_TOTAL_ROW or self.col == T3_TOTAL_COL
        return self.table == "t4" and self.col in T4_TOTAL_COLS

    @property
    def label(self) -> str:
        """Full Chinese label for messages: "表三 （四）无法提供1.本机关不掌握相关政府信息·总计"."""
        if self.table == "t2":
            cell = T2_CELL_BY_KEY[self.key]
            return f"表二 {cell.row}·{cell.column}"
        if self.table == "t3":
            return f"表三 {T3_ROW_BY_KEY[self.row].full_label}·{T3_COLUMNS[self.index]}"
        return f"表四 {T4_COLUMN_LABELS[self.index]}"

    @property
    def position(self) -> str:
        """Short official position, as checkers write it: "表三 第(四)1行 总计", "表四 行政复议 总计"."""
        if self.table == "t2":
            cell = T2_CELL_BY_KEY[self.key]
            return f"表二 {cell.row} {cell.column}"
        if self.table == "t3":
            return f"表三 第{_row_mark(T3_ROW_BY_KEY[self.row])}行 {T3_COLUMNS[self.index]}"
        group, result = divmod(self.index, len(T4_RESULTS))
        return f"表四 {T4_GROUPS[group]} {T4_RESULTS[result]}"

    def get_in(self, data: dict[str, Any]) -> Any:
        """The cell's value in facts data as JSON (a Facts.model_dump)."""
        if self.table == "t2":
            value: Any = data["t2"]
            for part in self.path:
                value = value[part]
            return value
        return data["t3"][self.row][self.index] if self.table == "t3" else data["t4"][self.index]

    def set_in(self, data: dict[str, Any], value: Any) -> None:
        """Write the cell's value into facts data as JSON (a Facts.model_dump)."""
        if self.table == "t2":
            target = data["t2"]
            for part in self.path[:-1]:
                target = target[part]
            target[self.path[-1]] = value
        elif self.table == "t3":
            data["t3"][self.row][self.index] = value
        else:
            data["t4"][self.index] = value


def _parse_cell(key: str) -> CellRef:
    parts = key.split(".") if isinstance(key, str) else []
    if parts[:1] == ["t2"] and key in T2_CELL_BY_KEY:
        return CellRef(key, "t2", path=tuple(parts[1:]))
    if parts[:1] == ["t3"] and len(parts) == 3 and parts[1] in T3_ROW_BY_KEY and parts[2] in T3_COLUMN_KEYS:
        return CellRef(key, "t3", row=parts[1], col=int(parts[2][1:]))
    if parts[:1] == ["t4"] and len(parts) == 2 and parts[1] in T4_COLUMN_KEYS:
        return CellRef(key, "t4", col=int(parts[1][1:]))
    raise CellKeyError(f"单元格键“{key}”不存在（应为 t2.regulations.made、t3.r1.c7、t4.c15 这样的键）")


T4_COLUMN_KEYS: tuple[str, ...] = tuple(f"c{i}" for i in range(1, T4_NCOLS + 1))
ALL_CELL_KEYS: tuple[str, ...] = (
    *(c.key for c in T2_CELLS),
    *(t3_key(r, c) for r in T3_ROW_KEYS for c in range(1, T3_NCOLS + 1)),
    *(t4_key(c) for c in range(1, T4_NCOLS + 1)),
)
CELL_REFS: dict[str, CellRef] = {k: _parse_cell(k) for k in ALL_CELL_KEYS}


def cell_ref(key: str) -> CellRef:
    """The parsed cell of a key; CellKeyError (a ValueError, with a Chinese message) for a key of no cell."""
    return CELL_REFS.get(key) or _parse_cell(key)


def is_cell_key(key: str) -> bool:
    """True for the key of a cell of the official tables."""
    return key in CELL_REFS


def is_total_cell(key: str) -> bool:
    """True for a cell that the validator may fill (c7, r24, Table 四 totals)."""
    ref = CELL_REFS.get(key)
    return bool(ref and ref.is_total)


def is_t3_total_column(key: str) -> bool:
    """True for a cell of Table 三's 总计 column (c7), where a count whose applicants are not told goes."""
    ref = CELL_REFS.get(key)
    return bool(ref and ref.table == "t3" and ref.col == T3_TOTAL_COL)


def cell_label(key: str) -> str:
    """Human (Chinese) label of a cell key, for messages (the key itself when it names no cell)."""
    ref = CELL_REFS.get(key)
    return ref.label if ref else key


def cell_position(key: str) -> str:
    """Short official position of a cell key ("表三 第(四)1行 总计"), the key itself when it names no cell."""
    ref = CELL_REFS.get(key)
    return ref.position if ref else key


PREAMBLE = "前言"  # section.前言: the front matter a finding can be about (P7 in the preamble)


def pseudo_cell_name(key: str) -> str | None:
    """Chinese name of a pseudo key (section.六 → 第六部分正文, section.前言 → 前言, notes.一 → 第一部分要点), else None."""
    kind, _, rest = key.partition(".")
    if kind == "section" and rest == PREAMBLE:
        return PREAMBLE
    if kind in ("section", "notes") and rest in SECTION_BY_NUM:
        return f"第{rest}部分{'正文' if kind == 'section' else '要点'}"
    return None


# ---------------------------------------------------------------- levels

LEVELS: tuple[str, ...] = (
    "国务院部门", "省级人民政府", "省级部门", "设区的市人民政府", "市级部门", "县级人民政府", "县级部门", "乡镇街道",
)
# Only these may make 规章 (立法法): others should report 0 (P6).
LEVELS_MAKING_REGULATIONS: frozenset[str] = frozenset({"国务院部门", "省级人民政府", "设区的市人民政府"})
# A government's general office reports the 规章 its government makes (上海市人民政府办公厅 and the like).
GOVERNMENT_OFFICE_SUFFIXES: tuple[str, ...] = ("人民政府办公厅", "人民政府办公室", "政府办公厅", "政府办公室")
OFFICE_LEVEL_OF_GOVERNMENT: dict[str, str] = {"省级部门": "省级人民政府", "市级部门": "设区的市人民政府"}
GOVERNMENT_LEVELS: frozenset[str] = frozenset({"省级人民政府", "设区的市人民政府", "县级人民政府", "乡镇街道"})


def report_title(agency: str, year: int) -> str:
    """Official title: <机关全称><YYYY>年政府信息公开工作年度报告."""
    return f"{agency}{year}年政府信息公开工作年度报告"
