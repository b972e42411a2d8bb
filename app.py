"""Reisatlas — the frame: the page's settings, the language, the atlas, the sidebar and navigation
(the Beheer pages, listed for a signed-in admin only, draw no atlas and no filters).

Served by ``make run`` (``streamlit run ui/server.py``); the documents come from REISATLAS_DOCUMENTS
(default: seeds/). Each page in pages/ draws only its own part, from the view this frame made.
"""

from functools import partial

import streamlit as st

from reisatlas.i18n import t
from ui import links
from ui.beheer import beheer_pages
from ui.client import client
from ui.frame import public_view
from ui.sidebar import language_button, language_choice
from ui.streamlit_internals import version_message
from ui.view import forget_view

# Projector mode (?present=1, the presentation full screen) starts without the sidebar.
st.set_page_config(
    page_title="Reisatlas",
    layout="wide",
    initial_sidebar_state="collapsed" if st.query_params.get("present") == "1" else "auto",
)

links.arrive()  # the address, when it came from outside (a link, Back, Forward), sets the view
lang = language_choice()
# A phone hides the sidebar (its language control too) behind a button: the bar offers the other language itself.
# Drawn on every screen and shown by CSS where the sidebar starts closed (ui.streamlit_internals.PAGE_CSS): a button
# added once a phone has reported its width pushed the whole page down while it loaded.
switch = partial(language_button, lang)
if untested := version_message(lang):  # as ui.server refuses to start; here for `streamlit run app.py` and AppTest
    st.error(untested)
    st.stop()
client(lang)  # <html lang>, the main column's width, Streamlit's own words in the reader's language
# Beheer: listed only for a signed-in admin; without a session its URLs show the sign-in form and nothing else.
beheer = beheer_pages(lang)
public = [
    st.Page("pages/kaart.py", title=t("page_map", lang), url_path="kaart", default=True),
    st.Page("pages/reizen.py", title=t("page_trips", lang), url_path="reizen"),
    st.Page("pages/tijdlijn.py", title=t("page_timeline", lang), url_path="tijdlijn"),
    st.Page("pages/presentatie.py", title=t("page_story", lang), url_path="presentatie"),
    st.Page("pages/over.py", title=t("page_about", lang), url_path="over"),
]
pages = public + beheer
# Our own links rather than position="top": Streamlit's navigation drops the address's query on a page
# change, these carry the view along (see ui.links).
page = st.navigation(pages, position="hidden")
if page.url_path in {p.url_path for p in beheer}:
    links.navigation_bar(public, None, switch)  # the Beheer pages draw their own links (ui.beheer)
    page.run()
    st.stop()
view = public_view(lang)
if view is None:
    st.stop()
links.show(view, page.url_path)
if st.query_params.get("present") != "1":  # projector mode shows the presentation alone
    links.navigation_bar(pages, view, switch)
try:
    page.run()
finally:
    forget_view()
