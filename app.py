"""年报助手 — Streamlit entry point (thin: the views live in ui/)."""
import streamlit as st

st.set_page_config(page_title="年报助手", layout="wide")
st.title("年报助手")
st.info("应用界面正在建设中。")
