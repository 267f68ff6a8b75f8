"""Small named errors of the report domain; every message is Chinese and names the field or line."""


class NianbaoError(Exception):
    """Base of all errors the user should see as a plain Chinese message."""


class FactsError(NianbaoError):
    """The facts file is malformed; the message names each bad field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("事实数据有误：\n" + "\n".join(f"- {p}" for p in problems))


class ParseError(NianbaoError):
    """A past report could not be read at all."""


class NotAReportError(ParseError):
    """The file reads as text but is no annual report: no title, section heading or table (a list, a note)."""


class MessageTooLongError(NianbaoError):
    """A chat message longer than one reading takes."""


class ExportError(NianbaoError):
    """A report could not be rendered."""


_ERRNO_REASONS = {36: "文件名过长", 28: "磁盘空间不足", 13: "没有权限", 2: "找不到文件", 21: "是文件夹而不是文件",
                  20: "路径中有一段不是文件夹", 24: "打开的文件过多", 30: "磁盘只读"}


def describe(exc: BaseException) -> str:
    """A library exception in Chinese (the user never reads "Bad CRC-32" or "OSError"); NianbaoError as it is."""
    import json
    import zipfile
    import zlib

    if isinstance(exc, NianbaoError):
        return str(exc)
    if isinstance(exc, zipfile.BadZipFile):
        return "压缩文件已损坏（校验值不符）" if "CRC" in str(exc) else "压缩文件已损坏或不是有效的压缩文件"
    if isinstance(exc, (zlib.error, EOFError)):
        return "压缩数据已损坏或不完整"
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）"
    if isinstance(exc, (UnicodeDecodeError, UnicodeEncodeError)):
        return "文字编码无法识别，请另存为 UTF-8"
    if isinstance(exc, MemoryError):
        return "文件过大，内存不足"
    if isinstance(exc, RecursionError):
        return "内容嵌套过深"
    if isinstance(exc, TimeoutError):
        return "处理超时"
    if isinstance(exc, OSError):
        return _ERRNO_REASONS.get(exc.errno or 0, "文件读写失败")
    if isinstance(exc, KeyError):
        return "文件缺少必需的部分"
    if isinstance(exc, (ValueError, TypeError)):
        return "内容格式不对"
    return "无法处理（内部错误）"
