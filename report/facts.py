"""The facts file: one agency's figures and notes for one year, as a pydantic model with Chinese errors."""
from __future__ import annotations

import json
import math
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer, field_validator

from report import format as fmt
from report.errors import FactsError
from report.textnorm import BIDI, bidi_controls, normalise_name, normalise_text

Cell = Optional[int]
Level = Literal["国务院部门", "省级人民政府", "省级部门", "设区的市人民政府", "市级部门", "县级人民政府", "县级部门", "乡镇街道"]
YEAR_MIN, YEAR_MAX = 2008, 2100
COUNT_MAX = 10_000_000  # no agency reports more than 10^7 of anything in a year
FEE_MAX_WAN = Decimal(10_000_000)  # 信息处理费 above 10^7 万元 is a typing error
AGENCY_MAX_CHARS = 100
NOTE_MAX_CHARS = 5_000  # one note
CHAT_MAX_CHARS = 5_000  # one chat message (the reading is bounded by it)
NOTES_MAX = 200  # notes of one section
SECTION_MAX_CHARS = 50_000  # one section's text
FACTS_MAX_BYTES = 5_000_000
JSON_MAX_DEPTH = 32  # a facts file nests 4 deep
NUMBER_MAX_DIGITS = 40  # digits of one number in a facts file


def _shown(value: Any) -> str:
    """A value as quoted in a message, shortened when long (a 5,000-digit number is not printed whole)."""
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}…（共{len(text)}个字符）"


def _count(value: Any) -> Cell:
    """Coerce one count cell: a non-negative integer or None; refuse text, fractions and negatives."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"应为非负整数，收到“{_shown(value)}”")
    if isinstance(value, float):
        if not math.isfinite(value) or value > COUNT_MAX:
            raise ValueError(f"数值过大（收到 {_shown(value)}），超过合理上限 {COUNT_MAX:,}")
        if not value.is_integer():
            raise ValueError(f"应为整数，不能是小数（收到 {value}）")
        value = int(value)
    if value < 0:
        raise ValueError(f"不能为负数（收到 {_shown(value)}）")
    if value > COUNT_MAX:
        raise ValueError(f"数值过大（收到 {_shown(value)}），超过合理上限 {COUNT_MAX:,}")
    return value


def _fee(value: Any) -> Optional[Decimal]:
    """Coerce the fee (万元): a non-negative decimal with at most 4 decimals, or None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"应为金额数字，收到“{value}”")
    if isinstance(value, str) and len(value) > NUMBER_MAX_DIGITS:
        raise ValueError(f"应为金额数字（万元），收到“{_shown(value)}”")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"应为金额数字（万元），收到“{_shown(value)}”") from None
    if not amount.is_finite():
        raise ValueError(f"应为金额数字（万元），收到“{_shown(value)}”")
    if amount < 0:
        raise ValueError(f"不能为负数（收到 {_shown(value)}）")
    if amount > FEE_MAX_WAN:
        raise ValueError(f"金额过大（收到 {_shown(value)} 万元），超过合理上限 {FEE_MAX_WAN:,} 万元")
    if -amount.as_tuple().exponent > fmt.FEE_MAX_DECIMALS:
        raise ValueError(f"最多保留{fmt.FEE_MAX_DECIMALS}位小数（收到 {value}）")
    return amount


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class DocCounts(_Strict):
    """本年制发件数 / 本年废止件数 / 现行有效件数 of one document row of Table 二."""

    made: Cell = 0
    repealed: Cell = 0
    valid: Cell = 0

    _c = field_validator("made", "repealed", "valid", mode="before")(lambda v: _count(v))


class Table2(_Strict):
    """Table 二: 主动公开政府信息情况."""

    regulations: DocCounts = Field(default_factory=DocCounts)
    normative_docs: DocCounts = Field(default_factory=DocCounts)
    licensing: Cell = 0
    penalty: Cell = 0
    coercion: Cell = 0
    fees_wan: Optional[Decimal] = Decimal("0")

    _c = field_validator("licensing", "penalty", "coercion", mode="before")(lambda v: _count(v))
    _f = field_validator("fees_wan", mode="before")(lambda v: _fee(v))

    @field_serializer("fees_wan")
    def _dump_fee(self, v: Optional[Decimal]) -> Optional[str]:
        return None if v is None else format(v, "f")

    def get(self, key: str) -> Any:
        """Value of a cell key such as "t2.regulations.made"."""
        value: Any = self
        for part in fmt.cell_ref(key).path:
            value = getattr(value, part)
        return value


def _rows(value: Any, omitted: Cell = 0) -> dict[str, list[Cell]]:
    """Validate Table 三: keys r1…r25, each a list of 7 cells; omitted rows become zeros (or `omitted`)."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ValueError("应为以 r1…r25 为键的对象")
    unknown = [k for k in value if k not in fmt.T3_ROW_BY_KEY]
    if unknown:
        raise ValueError(f"未知的行：{'、'.join(map(str, unknown))}（应为 r1…r25）")
    rows: dict[str, list[Cell]] = {}
    for key in fmt.T3_ROW_KEYS:
        raw = value.get(key)
        if raw is None:
            rows[key] = [omitted] * fmt.T3_NCOLS
            continue
        label = fmt.T3_ROW_BY_KEY[key].full_label
        if not isinstance(raw, list) or len(raw) != fmt.T3_NCOLS:
            n = len(raw) if isinstance(raw, list) else "非列表"
            raise ValueError(f"{key}（{label}）应有{fmt.T3_NCOLS}个数值，收到 {n} 个")
        cells = []
        for i, v in enumerate(raw, start=1):
            try:
                cells.append(_count(v))
            except ValueError as e:
                raise ValueError(f"{key}.c{i}（{fmt.cell_label(fmt.t3_key(key, i))}）{e}") from None
        rows[key] = cells
    return rows


def _t4(value: Any) -> list[Cell]:
    """Validate Table 四: 15 cells in official column order."""
    if value is None:
        return [0] * fmt.T4_NCOLS
    if not isinstance(value, list) or len(value) != fmt.T4_NCOLS:
        n = len(value) if isinstance(value, list) else "非列表"
        raise ValueError(f"表四应有{fmt.T4_NCOLS}个数值，收到 {n} 个")
    cells = []
    for i, v in enumerate(value, start=1):
        try:
            cells.append(_count(v))
        except ValueError as e:
            raise ValueError(f"c{i}（{fmt.cell_label(fmt.t4_key(i))}）{e}") from None
    return cells


def _section_keys(value: Any, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{what}应为以 一…六 为键的对象")
    unknown = [k for k in value if k not in fmt.SECTION_NUMS]
    if unknown:
        raise ValueError(f"未知的部分：{'、'.join(map(str, unknown))}（应为 一、二、三、四、五、六）")
    return value


def _text(text: str, what: str, limit: int) -> str:
    """A note or a section's text: invisible characters and bidi controls removed, look-alikes folded, length bounded."""
    if len(text) > limit:
        raise ValueError(f"{what}过长（{len(text):,} 字，最多 {limit:,} 字）")
    return BIDI.sub("", normalise_text(text))


def _notes(value: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in _section_keys(value, "notes").items():
        items = [v] if isinstance(v, str) else v
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise ValueError(f"第{k}部分的要点应为文字列表")
        if len(items) > NOTES_MAX:
            raise ValueError(f"第{k}部分的要点过多（{len(items):,} 条，最多 {NOTES_MAX} 条）")
        texts = [_text(x, f"第{k}部分第{i}条要点", NOTE_MAX_CHARS) for i, x in enumerate(items, start=1)]
        out[k] = [x for x in texts if x.strip()]
    return out


def _sections(value: Any) -> Optional[dict[str, str]]:
    if value is None:
        return None
    out = _section_keys(value, "sections")
    for k, v in out.items():
        if not isinstance(v, str):
            raise ValueError(f"第{k}部分的正文应为文字")
    return {k: _text(v, f"第{k}部分的正文", SECTION_MAX_CHARS) for k, v in out.items()}


def agency_name(value: Any) -> str:
    """The agency name as stored: NFKC, no zero-width characters, bounded; refused with the reason when it cannot be
    shown as typed (bidi controls) or is empty once the invisible characters are gone."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("机关名称不能为空")
    if len(value) > AGENCY_MAX_CHARS:
        raise ValueError(f"机关名称过长（{len(value):,} 字，最多 {AGENCY_MAX_CHARS} 字）")
    if controls := bidi_controls(value):
        raise ValueError(f"机关名称含有改变文字方向的控制字符（{'、'.join(dict.fromkeys(controls))}），"
                         "显示出来会是另一个名称，请删除后重新输入")
    name = normalise_name(value)
    if not name:
        raise ValueError("机关名称只有看不见的字符（如零宽空格），请填写机关名称")
    return name


class Previous(_Strict):
    """Last year's figures, each part optional; a check runs only when its figures are given."""

    t2: Optional[Table2] = None
    t3: Optional[dict[str, list[Cell]]] = None
    t4: Optional[list[Cell]] = None
    sections: Optional[dict[str, str]] = None  # last year's narrative, for P8 (repetition of last year's text)

    # last year's rows that are not given stay unknown, so no cross-year check runs on them
    _r = field_validator("t3", mode="before")(lambda v: None if v is None else _rows(v, omitted=None))
    _t = field_validator("t4", mode="before")(lambda v: None if v is None else _t4(v))
    _s = field_validator("sections", mode="before")(lambda v: _sections(v))

    def cell(self, key: str) -> Any:
        """Last year's value of a cell key; None when that table or field was not given."""
        ref = fmt.cell_ref(key)
        table = getattr(self, ref.table)
        if table is None:
            return None
        if ref.table == "t3":
            return table[ref.row][ref.index]
        if ref.table == "t4":
            return table[ref.index]
        value: Any = table
        for part in ref.path:
            if part not in value.model_fields_set:
                return None  # a default, not a figure of last year's report
            value = getattr(value, part)
        return value


class Facts(_Strict):
    """One year's facts for one agency: the three tables, notes and optional narrative."""

    agency: str
    year: int
    level: Level = "县级部门"
    t2: Table2 = Field(default_factory=Table2)
    t3: dict[str, list[Cell]] = Field(default_factory=lambda: _rows({}))
    t4: list[Cell] = Field(default_factory=lambda: _t4(None))
    notes: dict[str, list[str]] = Field(default_factory=dict)
    sections: Optional[dict[str, str]] = None
    previous: Optional[Previous] = None

    _rows = field_validator("t3", mode="before")(lambda v: _rows(v))
    _t4 = field_validator("t4", mode="before")(lambda v: _t4(v))
    _notes = field_validator("notes", mode="before")(lambda v: _notes(v))
    _sections = field_validator("sections", mode="before")(lambda v: _sections(v))

    @field_validator("agency", mode="before")
    @classmethod
    def _agency(cls, v: Any) -> str:
        return agency_name(v)

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int) or not YEAR_MIN <= v <= YEAR_MAX:
            raise ValueError(f"年度应为 {YEAR_MIN}–{YEAR_MAX} 之间的整数，收到“{_shown(v)}”")
        return v

    def cell(self, key: str) -> Any:
        """Value of any cell key (t2.*, t3.rN.cM, t4.cN); CellKeyError for a key of no cell."""
        ref = fmt.cell_ref(key)
        if ref.table == "t2":
            return self.t2.get(key)
        return self.t3[ref.row][ref.index] if ref.table == "t3" else self.t4[ref.index]

    def to_json(self) -> str:
        """The facts file's JSON text (UTF-8, Chinese kept readable)."""
        return json.dumps(self.model_dump(mode="json", exclude_none=False), ensure_ascii=False, indent=1)


_FIELD_NAMES = {
    "agency": "agency（机关名称）", "year": "year（年度）", "level": "level（层级）", "t2": "t2（表二）",
    "t3": "t3（表三）", "t4": "t4（表四）", "notes": "notes（要点）", "sections": "sections（正文）",
    "previous": "previous（上年数据）",
}
_PYDANTIC_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段",
    "literal_error": "取值无效，应为：" + "、".join(fmt.LEVELS),
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "string_type": "应为文字",
}


def _describe(error: dict) -> str:
    loc = [str(p) for p in error.get("loc", ())]
    where = ".".join(loc) or "（整个文件）"
    if loc:
        where = _FIELD_NAMES.get(where, where)
        if loc[0] == "t2" and len(loc) > 1:
            where = f"{where}（{fmt.cell_label(where)}）" if where in fmt.T2_CELL_BY_KEY else where
    msg = _PYDANTIC_MESSAGES.get(error.get("type", ""), "")
    if not msg:
        msg = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "literal_error" and error.get("input") is not None:
        msg = f"“{_shown(error['input'])}”{msg}"
    return f"字段 {where}：{msg}"


def facts_from_dict(data: Any) -> Facts:
    """Build Facts from parsed JSON; raise FactsError with one Chinese line per bad field."""
    if not isinstance(data, dict):
        raise FactsError(["事实文件应为一个 JSON 对象"])
    try:
        return Facts.model_validate(data)
    except ValidationError as e:
        raise FactsError([_describe(err) for err in e.errors()]) from None


def _depth(text: str) -> int:
    """The deepest nesting of [ and { in JSON text (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _decoded(data: bytes) -> str:
    """The text of a facts file; its encoding named in Chinese when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:200].count(b"\x00") > len(data[:200]) // 4:
        raise FactsError(["文件是 UTF-16 编码，请另存为 UTF-8 编码后再试（记事本：“另存为”时编码选 UTF-8）"])
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        raise FactsError(["文件不是 UTF-8 编码的文字，请另存为 UTF-8 编码后再试"]) from None
    raise FactsError(["文件是 GBK（GB18030）编码，请另存为 UTF-8 编码后再试"])


_JSON_MESSAGES = (("Expecting value", "此处缺少值"), ("Expecting ',' delimiter", "缺少逗号"),
                  ("Expecting ':' delimiter", "缺少冒号"), ("Expecting property name", "键名应使用英文双引号"),
                  ("Unterminated string", "字符串缺少结尾的引号"), ("Extra data", "JSON 结束后还有多余内容"),
                  ("Invalid control character", "字符串中有不能出现的控制字符"), ("Invalid \\escape", "无效的转义符"),
                  ("Invalid \\uXXXX escape", "无效的 \\u 转义"))


def json_error(e: json.JSONDecodeError) -> str:
    """A JSON syntax error in Chinese, with its line and column."""
    reason = next((zh for en, zh in _JSON_MESSAGES if e.msg.startswith(en)), "格式不对")
    return f"JSON 格式错误：第 {e.lineno} 行第 {e.colno} 列{reason}"


class LongNumber(float):
    """A number of a facts file too long to be a figure (more than NUMBER_MAX_DIGITS digits): infinite, shown short."""

    text: str

    def __new__(cls, text: str) -> "LongNumber":
        number = super().__new__(cls, -math.inf if text.startswith("-") else math.inf)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


def _bounded_int(text: str) -> int | float:
    """An integer of the JSON text, or a LongNumber the field check refuses naming the cell (never a 5,000-digit int)."""
    return LongNumber(text) if len(text.lstrip("-")) > NUMBER_MAX_DIGITS else int(text)


def facts_from_json(data: bytes, name: str = "") -> Facts:
    """Facts from the bytes of a facts JSON file; FactsError (Chinese) on a wrong encoding, size, depth, syntax or
    field — never a library exception."""
    if len(data) > FACTS_MAX_BYTES:
        raise FactsError([f"文件过大（{len(data):,} 字节），事实数据文件最多 {FACTS_MAX_BYTES:,} 字节"])
    text = _decoded(data)
    if (depth := _depth(text)) > JSON_MAX_DEPTH:
        raise FactsError([f"JSON 嵌套过深（{depth:,} 层，最多 {JSON_MAX_DEPTH} 层），不是事实数据文件"])
    try:
        parsed = json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as e:
        raise FactsError([json_error(e)]) from None
    except (RecursionError, ValueError):
        raise FactsError(["JSON 无法读取（嵌套过深或数字过长），不是事实数据文件"]) from None
    return facts_from_dict(parsed)


def load_facts(path: str | Path) -> Facts:
    """Read a facts JSON file; raise FactsError (Chinese) on unreadable or invalid content."""
    p = Path(path)
    try:
        if p.stat().st_size > FACTS_MAX_BYTES:
            raise FactsError([f"文件过大（{p.stat().st_size:,} 字节），事实数据文件最多 {FACTS_MAX_BYTES:,} 字节"])
        data = p.read_bytes()
    except FileNotFoundError:
        raise FactsError([f"找不到文件：{p}"]) from None
    except IsADirectoryError:
        raise FactsError([f"{p} 是文件夹，请给出事实数据文件（.json）"]) from None
    except PermissionError:
        raise FactsError([f"没有权限读取文件：{p}"]) from None
    except OSError as e:
        raise FactsError([f"无法读取文件 {p}（{e.strerror or type(e).__name__}）"]) from None
    return facts_from_json(data, str(p))


def blank_facts(agency: str, year: int, level: str = "县级部门") -> Facts:
    """New facts with zeros everywhere and every total left for the validator to fill."""
    facts = Facts(agency=agency, year=year, level=level)
    for row in fmt.T3_ROW_KEYS:
        facts.t3[row][fmt.T3_TOTAL_COL - 1] = None
    facts.t3[fmt.T3_TOTAL_ROW] = [None] * fmt.T3_NCOLS
    for c in fmt.T4_TOTAL_COLS:
        facts.t4[c - 1] = None
    return facts
