"""The reports to check: files, folders (recursive) and .zip archives, each a Source read only when checked; a zip
is bounded in entries and uncompressed size, and a member whose path climbs out of it is refused."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Optional

from report.errors import NianbaoError, describe
from report.parser import MAX_DOCX_BYTES, SUFFIXES
from report.parser.zip_parts import ratio_problem

ZIP_SUFFIX = ".zip"
# Documents a region's folder holds that the parser does not read yet: listed with the parser's reason, not ignored.
DOCUMENT_SUFFIXES: tuple[str, ...] = (".pdf", ".doc", ".wps", ".ofd")
_UTF8_NAME = 0x800  # zip flag: the member name is UTF-8 (else Windows tools wrote it in the local code page)
_ENCRYPTED = 0x1


class InputError(NianbaoError):
    """A path given to check does not exist or cannot be read (Chinese message naming it)."""


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on one .zip: how many members, how many bytes once uncompressed in all, and per member."""

    entries: int
    total_bytes: int
    member_bytes: int = MAX_DOCX_BYTES


MB = 1024 * 1024
COMMAND_LINE_ZIP = ZipLimits(entries=20_000, total_bytes=4096 * MB)
UPLOAD_ZIP = ZipLimits(entries=1_000, total_bytes=200 * MB, member_bytes=20 * MB)


@dataclass(frozen=True)
class Source:
    """One report file to check: on disk (path), a member of a zip (path or data, and member), or uploaded (data)."""

    name: str  # as shown to the user: the path given, or 报告.zip/文件夹/文件.txt
    path: str = ""
    member: str = ""
    data: Optional[bytes] = None
    limit: int = MAX_DOCX_BYTES

    @property
    def filename(self) -> str:
        """The file's own name (its suffix tells the parser the kind)."""
        return PurePosixPath(self.member).name if self.member else Path(self.path or self.name).name

    def read(self) -> bytes:
        """The file's bytes (a zip member read within its bound); InputError in Chinese when it cannot be read."""
        try:
            if self.member:
                with zipfile.ZipFile(self.path or io.BytesIO(self.data or b"")) as zf:
                    with zf.open(self.member) as fh:
                        data = fh.read(self.limit + 1)
            elif self.data is not None:
                data = self.data
            else:
                with open(self.path, "rb") as fh:
                    data = fh.read(self.limit + 1)
        except (OSError, zipfile.BadZipFile, KeyError, RuntimeError) as e:
            raise InputError(f"无法读取文件 {self.name}：{describe(e)}") from None
        if len(data) > self.limit:
            raise InputError(f"文件过大（超过 {self.limit // MB} MB），未读取：{self.name}")
        return data


@dataclass(frozen=True)
class Refused:
    """A file that is not checked, and why (Chinese)."""

    name: str
    reason: str


@dataclass
class Inputs:
    """What was found under the paths: the sources to check, the files refused with a reason, and how many other
    files (not reports) were passed over."""

    sources: list[Source]
    refused: list[Refused]
    ignored: int = 0


def _wanted(name: str) -> bool:
    """True for a file the checker takes from a folder or zip: a readable report or a document it should explain."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in SUFFIXES or suffix in DOCUMENT_SUFFIXES


def _hidden(name: str) -> bool:
    """True for dot files, Word's ~$ lock files and macOS resource forks."""
    return any(part.startswith((".", "~$")) or part == "__MACOSX" for part in PurePosixPath(name).parts)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author wrote it: names without the UTF-8 flag are read as GB18030 (Windows zips)."""
    if info.flag_bits & _UTF8_NAME:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    """True for a member path that is absolute, names a drive, or climbs out of the archive."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def zip_sources(shown: str, limits: ZipLimits, path: str = "", data: Optional[bytes] = None) -> Inputs:
    """The reports inside one zip (on disk at path, or its bytes), within the limits; what is refused says why."""
    out = Inputs([], [])
    try:
        with zipfile.ZipFile(path or io.BytesIO(data or b"")) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (OSError, zipfile.BadZipFile) as e:
        out.refused.append(Refused(shown, f"压缩包无法打开（{describe(e)}）"))
        return out
    if len(infos) > limits.entries:
        out.refused.append(Refused(shown, f"压缩包内文件过多（{len(infos)} 个，上限 {limits.entries} 个），未读取"))
        return out
    total = 0
    for info in infos:
        name = member_name(info)
        where = f"{shown}/{name}"
        if _unsafe(name):
            out.refused.append(Refused(where, "压缩包内的文件路径不安全（绝对路径或含“..”），已跳过"))
        elif _hidden(name):
            continue
        elif name.lower().endswith(ZIP_SUFFIX):
            out.refused.append(Refused(where, "压缩包内的压缩包不展开，请解压后再检查"))
        elif not _wanted(name):
            out.ignored += 1
        elif info.flag_bits & _ENCRYPTED:
            out.refused.append(Refused(where, "文件已加密，无法读取"))
        elif info.file_size > limits.member_bytes:
            out.refused.append(Refused(where, f"文件解压后过大（超过 {limits.member_bytes // MB} MB），未读取"))
        elif problem := ratio_problem(info):
            out.refused.append(Refused(where, f"文件{problem}，未读取"))
        elif total + info.file_size > limits.total_bytes:
            out.refused.append(Refused(where, f"压缩包解压后总大小超过 {limits.total_bytes // MB} MB，其余文件未读取"))
            break
        else:
            total += info.file_size
            source = Source(where, path=path, member=info.filename, data=data, limit=limits.member_bytes)
            try:  # a member of an in-memory zip gets its own bytes: a worker is sent the file, not the archive
                out.sources.append(source if path else Source(where, data=source.read(), limit=source.limit))
            except InputError as e:
                out.refused.append(Refused(where, str(e)))
    return out


def _merge(into: Inputs, more: Inputs) -> None:
    into.sources += more.sources
    into.refused += more.refused
    into.ignored += more.ignored


def _folder(root: Path, limits: ZipLimits) -> Inputs:
    """Every report under a folder, recursively, in name order (zips expanded; other files passed over)."""
    out = Inputs([], [])
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if not p.is_file() or _hidden(rel):
            continue
        if p.suffix.lower() == ZIP_SUFFIX:
            _merge(out, zip_sources(str(p), limits, path=str(p)))
        elif _wanted(p.name):
            out.sources.append(Source(str(p), path=str(p)))
        else:
            out.ignored += 1
    return out


def collect(paths: Iterable[str], limits: ZipLimits = COMMAND_LINE_ZIP) -> Inputs:
    """The sources under the given files, folders and zips, each file once; InputError for a path that is not
    there. A file named on its own is always checked (the parser says why it cannot read it)."""
    out = Inputs([], [])
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            _merge(out, _folder(p, limits))
        elif p.is_file() and p.suffix.lower() == ZIP_SUFFIX:
            _merge(out, zip_sources(raw, limits, path=raw))
        elif p.is_file():
            out.sources.append(Source(raw, path=raw))
        else:
            raise InputError(f"找不到文件或文件夹：{raw}")
    seen: set[tuple[str, str]] = set()
    unique = []
    for s in out.sources:
        key = (str(Path(s.path).resolve()), s.member)
        if key not in seen:
            seen.add(key)
            unique.append(s)
    out.sources = unique
    return out


def upload_sources(files: Iterable[tuple[str, bytes]], limits: ZipLimits = UPLOAD_ZIP) -> Inputs:
    """Sources from uploaded files (name, bytes): a .zip is expanded within the upload limits."""
    out = Inputs([], [])
    for name, data in files:
        if name.lower().endswith(ZIP_SUFFIX):
            _merge(out, zip_sources(name, limits, data=data))
        else:
            out.sources.append(Source(name, data=data, limit=limits.member_bytes))
    return out
