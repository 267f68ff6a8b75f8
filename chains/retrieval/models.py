"""Records the retrieval module hands out: a passage with its provenance, and the counts of an ingest run."""
from __future__ import annotations

from pydantic import BaseModel, Field


class Passage(BaseModel):
    """A retrieved past-report passage ("参考段落") with where it comes from; the text is data, never instructions."""

    text: str
    agency: str = ""
    year: int = 0
    level: str = ""
    section: str = ""
    subheading: str = ""
    source: str = ""
    position: int = 0
    score: float = 0.0

    @property
    def provenance(self) -> str:
        """Where the passage comes from, in Chinese: 青溪县人民政府 2023年 第一部分（qingxi-gov-2023.txt）."""
        year = f" {self.year}年" if self.year else ""
        return f"{self.agency or '（机关不详）'}{year} 第{self.section}部分（{self.source}）"

    def to_json_dict(self) -> dict:
        """The `nianbao search --json` object."""
        return {"text": self.text, "agency": self.agency, "year": self.year, "section": self.section,
                "source": self.source, "score": round(self.score, 6)}


class IngestStats(BaseModel):
    """What an ingest run did: files added/updated/skipped/removed, chunks written, files that could not be read."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    removed: int = 0
    chunks: int = 0  # chunks written in this run
    total_chunks: int = 0  # chunks in the index afterwards
    failed: list[str] = Field(default_factory=list)  # "file：reason", in Chinese

    @property
    def changed(self) -> bool:
        """True when the run changed the index."""
        return bool(self.added or self.updated or self.removed)

    @property
    def summary(self) -> str:
        """One Chinese line for the CLI and the app."""
        line = (f"新增 {self.added} 份，更新 {self.updated} 份，跳过 {self.skipped} 份（未变化），"
                f"删除 {self.removed} 份；写入段落 {self.chunks} 个，索引共 {self.total_chunks} 个段落")
        if self.failed:
            line += f"；{len(self.failed)} 份无法读取"
        return line
