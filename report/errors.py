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


class ExportError(NianbaoError):
    """A report could not be rendered."""
