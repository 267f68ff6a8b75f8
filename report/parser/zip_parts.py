"""Bounds on the parts of a zip package (.docx, .zip), checked on the directory before any library inflates one."""
from __future__ import annotations

import zipfile
from typing import Iterable, Optional

MB = 1024 * 1024
MAX_PART_BYTES = 40 * MB  # one part of a .docx once inflated (a long real report's document.xml is a few MB)
MAX_PACKAGE_BYTES = 200 * MB  # all parts of a .docx together (python-docx holds every part in memory)
MAX_PARTS = 5_000  # parts of a .docx
MAX_RATIO = 200  # inflated / compressed bytes; real XML packs 5–30 times, a zip bomb about 1 000 times
RATIO_FLOOR = 1 * MB  # below this a part is small whatever its ratio


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{max(size // 1024, 1)} KB"


def ratio_problem(info: zipfile.ZipInfo) -> Optional[str]:
    """Chinese reason when a part inflates far more than real documents do (a zip bomb), else None."""
    if info.file_size <= RATIO_FLOOR:
        return None
    if info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (f"压缩比异常（{_mb(info.compress_size)} 解压后为 {_mb(info.file_size)}，"
                f"超过 {MAX_RATIO} 倍），疑似压缩炸弹")
    return None


def part_problem(info: zipfile.ZipInfo, limit: int = MAX_PART_BYTES) -> Optional[str]:
    """Chinese reason why one part must not be inflated (too big once inflated, or a bomb's ratio), else None."""
    if info.file_size > limit:
        return f"解压后过大（{_mb(info.file_size)}，上限 {_mb(limit)}）"
    return ratio_problem(info)


def package_problem(infos: Iterable[zipfile.ZipInfo]) -> Optional[str]:
    """Chinese reason why a .docx package must not be opened (naming the part), else None."""
    infos = list(infos)
    if len(infos) > MAX_PARTS:
        return f"包含的部件过多（{len(infos)} 个，上限 {MAX_PARTS} 个）"
    for info in infos:
        if problem := part_problem(info):
            return f"中的部件 {info.filename} {problem}"
    total = sum(i.file_size for i in infos)
    if total > MAX_PACKAGE_BYTES:
        return f"解压后总大小过大（{_mb(total)}，上限 {_mb(MAX_PACKAGE_BYTES)}）"
    return None
