"""Where the app listens: an address other networks can reach is said at start and on the page, and refused unless
NIANBAO_ALLOW_NETWORK=1 (the app has no sign-in)."""
from __future__ import annotations

import ipaddress
import sys

import streamlit as st

from ui import state

ALLOW_VAR = "NIANBAO_ALLOW_NETWORK"


def listening_address() -> str:
    """The address the server binds ("" when unset: Streamlit then listens on every interface)."""
    return str(st.get_option("server.address") or "").strip()


def reachable_from_network(address: str) -> bool:
    """True unless the address is this machine only (127.x, ::1, localhost, a unix socket)."""
    if address.startswith("unix://") or address.lower() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return True  # every interface ("") or a host name: reachable


def exposure_message(address: str, allowed: bool) -> str:
    """What the user is told about a network-reachable address, in Chinese."""
    where = address or "所有网络接口（未设置 server.address）"
    said = f"年报助手正在监听 {where}，同一网络中的其他电脑可以打开它；应用没有登录保护，草稿和数据会被他人看到、修改。"
    if allowed:
        return said + f"已按 {ALLOW_VAR}=1 允许。"
    return (said + f"为安全起见已拒绝服务。请只在本机地址 127.0.0.1 上启动（scripts/app.sh 默认如此）；"
                   f"确需在网络上提供服务时，先设置环境变量 {ALLOW_VAR}=1。")


@st.cache_resource(show_spinner=False)
def _said_once(address: str, allowed: bool) -> bool:
    """Print the exposure to the console once per server (the first page load)."""
    print(exposure_message(address, allowed), file=sys.stderr, flush=True)
    return True


def refuse_if_exposed() -> bool:
    """Say on the page (and once in the console) that the app is reachable from the network; True when it must stop."""
    address = listening_address()
    if not reachable_from_network(address):
        return False
    allowed = state.settings().allow_network
    _said_once(address, allowed)
    (st.warning if allowed else st.error)(exposure_message(address, allowed))
    return not allowed


def address_in_args(argv: list[str], default: str = "127.0.0.1") -> str:
    """The --server.address given to `streamlit run` (the last one wins), else STREAMLIT_SERVER_ADDRESS, else default."""
    import os

    found = os.environ.get("STREAMLIT_SERVER_ADDRESS", default)
    for i, arg in enumerate(argv):
        if arg == "--server.address" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--server.address="):
            found = arg.split("=", 1)[1]
    return found


def main(argv: list[str]) -> int:
    """Before the server starts (scripts/app.sh): say when it would be reachable from the network; 2 when refused."""
    from settings import get_settings

    address = address_in_args(argv)
    if not reachable_from_network(address):
        return 0
    allowed = get_settings().allow_network
    print(exposure_message(address, allowed), file=sys.stderr)
    return 0 if allowed else 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
