"""A past report as read from a file: agency, year, format, six sections, three tables, parse notes."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Optional

from pydantic import BaseModel, Field

from report import format as fmt


def fee_in_facts(value: Any) -> Any:
    """A fee as read (text) with at most FEE_MAX_DECIMALS decimals, rounded half up when printed with more."""
    if not isinstance(value, str):
        return value
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    if not amount.is_finite() or -amount.as_tuple().exponent <= fmt.FEE_MAX_DECIMALS:  # type: ignore[operator]
        return value
    return format(amount.quantize(Decimal(1).scaleb(-fmt.FEE_MAX_DECIMALS), rounding=ROUND_HALF_UP), "f")


class OcrCell(BaseModel):
    """A table cell whose figure was read by OCR from a scanned page: to be checked against the original."""

    page: int  # from 1
    confidence: Optional[float] = None  # the recogniser's score, 0…1
    text: str = ""  # what was read


class ParsedReport(BaseModel):
    """What the parser returns; tables have the facts-file shape, an unread cell is None."""

    agency: Optional[str] = None
    year: Optional[int] = None
    format: Optional[str] = None  # "2021", "2019" or None when unknown
    title: str = ""
    source: str = ""
    sections: dict[str, str] = Field(default_factory=dict)  # keys 一…六, only those found
    headings: dict[str, str] = Field(default_factory=dict)  # 一…六 → the heading line as printed, where found
    preamble: str = ""  # the front matter between the title and the first section heading
    t2: Optional[dict[str, Any]] = None  # {"regulations": {"made":…}, …, "fees_wan": "0"}; None when absent
    t3: Optional[dict[str, list[Optional[int]]]] = None  # r1…r25 → 7 cells
    t4: Optional[list[Optional[int]]] = None  # 15 cells
    notes: list[str] = Field(default_factory=list)  # Chinese parse notes
    blank_cells: list[str] = Field(default_factory=list)  # cells printed blank or "/" (unread cells are None too)
    ocr: dict[str, OcrCell] = Field(default_factory=dict)  # cell key → where OCR read it; {} for text input

    def tables_complete(self) -> bool:
        """True when all three tables were found and every cell was read."""
        if self.t2 is None or self.t3 is None or self.t4 is None:
            return False
        t2_values = [v for k in fmt.T2_DOC_ROWS for v in self.t2.get(k, {}).values()]
        t2_values += [self.t2.get(k) for k in (*fmt.T2_SINGLE_ROWS, "fees_wan")]
        cells = t2_values + [v for row in self.t3.values() for v in row] + list(self.t4)
        return all(v is not None for v in cells) and len(self.t3) == fmt.T3_NROWS

    def cell_value(self, key: str) -> Any:
        """The value read for a cell key (None when unread, blank or its table absent)."""
        ref = fmt.cell_ref(key)
        table = getattr(self, ref.table)
        if table is None:
            return None
        try:
            return ref.get_in({ref.table: table})
        except (KeyError, IndexError, TypeError):
            return None

    def cells_read(self) -> int:
        """How many of the tables' cells were read: a value, or a cell printed blank (itself a finding, S4)."""
        blank = set(self.blank_cells)
        return sum(1 for key in fmt.ALL_CELL_KEYS if key in blank or self.cell_value(key) is not None)

    def to_facts_tables(self) -> dict[str, Any]:
        """The tables that were found, in facts-file shape (e.g. for a Facts or its `previous`); a fee printed with
        more than 4 decimals is rounded to 4 (the check reports the printed one, S5)."""
        out = {name: table for name in ("t2", "t3", "t4") if (table := getattr(self, name)) is not None}
        if "t2" in out and (fee := fee_in_facts(out["t2"].get("fees_wan"))) != out["t2"].get("fees_wan"):
            out["t2"] = {**out["t2"], "fees_wan": fee}
        return out

    def to_json_dict(self) -> dict[str, Any]:
        """The `nianbao parse --json` object (with "ocr" only when some figures were read by OCR)."""
        out: dict[str, Any] = {
            "agency": self.agency, "year": self.year, "format": self.format, "sections": self.sections,
            "t2": self.t2, "t3": self.t3, "t4": self.t4, "notes": self.notes,
        }
        if self.ocr:
            out["ocr"] = {key: cell.model_dump() for key, cell in self.ocr.items()}
        return out

    def to_previous(self) -> Optional[Any]:
        """This report's tables as a facts file's `previous` part (each table only if it was found), or None."""
        from pydantic import ValidationError

        from report.facts import Previous

        parts = self.to_facts_tables()
        for key in list(parts):
            try:
                Previous.model_validate({key: parts[key]})
            except ValidationError:
                parts.pop(key)  # a table read with odd values is left out rather than trusted
        return Previous.model_validate(parts) if parts else None


def with_previous(facts: Any, previous: Any) -> Any:
    """Facts with what last year's report adds: its tables when the facts give none (P1/P2, the guard's comparisons)
    and its narrative for P8; figures the user gave are never replaced."""
    if previous is None:
        return facts
    from report.facts import Previous

    prior = previous.to_previous() if hasattr(previous, "to_previous") else None
    have = facts.previous if facts.previous is not None else prior or Previous()
    sections = {k: v for k, v in (getattr(previous, "sections", None) or {}).items()
                if k in fmt.NARRATIVE_SECTIONS and isinstance(v, str) and v.strip()}
    if have.sections is None and sections:
        have = have.model_copy(update={"sections": sections})
    if have == facts.previous or (facts.previous is None and have == Previous()):
        return facts
    return facts.model_copy(update={"previous": have})
