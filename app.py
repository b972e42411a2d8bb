"""Reisatlas — the entry page: language, the atlas from the documents folder, the filters, navigation
(and the Beheer pages, listed only for a signed-in admin).

Run with ``make run``; the documents come from REISATLAS_DOCUMENTS (default: seeds/).
"""

import streamlit as st

from pages.common import build_view, language_choice, online_setting, open_requested_page, set_view
from reisatlas.i18n import t
from ui.beheer import PAGES as BEHEER_PAGES, tt

st.set_page_config(page_title="Reisatlas", layout="wide")

lang = language_choice()

pages = [
    st.Page("pages/kaart.py", title=t("page_map", lang), url_path="kaart", default=True),
    st.Page("pages/reizen.py", title=t("page_trips", lang), url_path="reizen"),
    st.Page("pages/tijdlijn.py", title=t("page_timeline", lang), url_path="tijdlijn"),
    st.Page("pages/presentatie.py", title=t("page_story", lang), url_path="presentatie"),
    st.Page("pages/over.py", title=t("page_about", lang), url_path="over"),
]
# Beheer: in the navigation only for a signed-in admin; without a session its URLs show the sign-in form.
admin = "admin" in st.session_state
beheer = [
    st.Page(f"pages/{file}.py", title=tt(title, lang), url_path=file, visibility="visible" if admin else "hidden")
    for file, title in BEHEER_PAGES
]
page = st.navigation({"": pages, tt("beheer", lang): beheer} if admin else pages + beheer, position="top")
if page.url_path.startswith("beheer"):
    page.run()
    st.stop()
view = build_view(lang)
online_setting(lang)
if view is None:
    st.stop()
set_view(view)
open_requested_page()
page.run()
