"""The 批量检查 page as a page file of st.navigation (so it has its own URL, /batch)."""
from ui.batch import render

render()
