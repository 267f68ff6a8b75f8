"""An argparse parser whose errors are Chinese and raised, not printed with a usage dump in English."""
from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, Callable

from report.errors import NianbaoError, describe

DEBUG_VAR = "NIANBAO_DEBUG"  # set to 1 to see the traceback of an unexpected error


class UsageError(Exception):
    """The command line itself is wrong; the message is Chinese."""


_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数：{0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "未知参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后缺少取值"),
    (re.compile(r"argument (\S+): invalid int value: '(.+)'"), "参数 {0} 应为整数，收到“{1}”"),
    (re.compile(r"argument (\S+): invalid choice: '?([^' ]+)'? \(choose from (.+)\)"), "参数 {0} 取值“{1}”无效，可选：{2}"),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """ArgumentParser that raises UsageError with a Chinese message instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, template in _MESSAGES:
            if m := pattern.search(message):
                raise UsageError(template.format(*m.groups()))
        raise UsageError(f"参数有误：{message}")


def run_command(argv: list[str], usage: str, parser: Any,
                body: Callable[[argparse.Namespace], int]) -> int:
    """Parse argv and run body; -h prints usage; a bad command line or input prints a Chinese message (exit 2)."""
    if any(a in ("-h", "--help") for a in argv):
        print(usage)
        return 0
    try:
        return body(parser.parse_args(argv))
    except UsageError as e:
        print(f"{e}\n{usage}", file=sys.stderr)
        return 2
    except NianbaoError as e:
        print(str(e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 — whatever a library raises on bad input: a Chinese line, never a traceback
        if os.environ.get(DEBUG_VAR):
            raise
        print(f"处理失败：{describe(e)}（设置环境变量 {DEBUG_VAR}=1 可查看详细信息）", file=sys.stderr)
        return 2
