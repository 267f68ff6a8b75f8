"""年报助手 — Streamlit entry point (thin: the views live in ui/)."""
from ui.page import run

run()
