"""Reisatlas — the entry page: language, the atlas from the documents folder, the filters, navigation.

Run with ``make run``; the documents come from REISATLAS_DOCUMENTS (default: seeds/).
"""

import streamlit as st

from pages.common import build_view, language_choice, online_setting, open_requested_page, set_view
from reisatlas.i18n import t

st.set_page_config(page_title="Reisatlas", layout="wide")

lang = language_choice()
view = build_view(lang)
online_setting(lang)

pages = [
    st.Page("pages/kaart.py", title=t("page_map", lang), url_path="kaart", default=True),
    st.Page("pages/reizen.py", title=t("page_trips", lang), url_path="reizen"),
    st.Page("pages/tijdlijn.py", title=t("page_timeline", lang), url_path="tijdlijn"),
    st.Page("pages/presentatie.py", title=t("page_story", lang), url_path="presentatie"),
    st.Page("pages/over.py", title=t("page_about", lang), url_path="over"),
]
page = st.navigation(pages, position="top")
if view is None:
    st.stop()
set_view(view)
open_requested_page()
page.run()
