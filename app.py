"""年报助手 — Streamlit entry point (thin: the views live in ui/)."""
from ui.page import run

if __name__ == "__main__":  # Streamlit runs this file as __main__; a batch-check worker process imports it, not runs it
    run()
