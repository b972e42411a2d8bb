"""Reisatlas — the frame: the page's settings, the language, the atlas, the sidebar and navigation.

Served by ``make run`` (``streamlit run ui/server.py``); the documents come from REISATLAS_DOCUMENTS
(default: seeds/). Each page in pages/ draws only its own part, from the view this frame made.
"""

import streamlit as st

from reisatlas.i18n import t
from ui import links
from ui.frame import frame

st.set_page_config(page_title="Reisatlas", layout="wide")

lang, view = frame()
pages = [
    st.Page("pages/kaart.py", title=t("page_map", lang), url_path="kaart", default=True),
    st.Page("pages/reizen.py", title=t("page_trips", lang), url_path="reizen"),
    st.Page("pages/tijdlijn.py", title=t("page_timeline", lang), url_path="tijdlijn"),
    st.Page("pages/presentatie.py", title=t("page_story", lang), url_path="presentatie"),
    st.Page("pages/over.py", title=t("page_about", lang), url_path="over"),
]
# Our own links rather than position="top": Streamlit's navigation drops the address's query on a page
# change, these carry the view along (see ui.links).
page = st.navigation(pages, position="hidden")
if view is None:
    st.stop()
links.show(view, page.url_path)
links.navigation_bar(pages, page, view)
page.run()
