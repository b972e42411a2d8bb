"""What the Beheer (admin) pages share: the sign-in gate, the navigation entries, the documents
to choose from, and reading one for review. The work is done by reisatlas.store; this is the glue.

A Beheer page starts with ``admin = signed_in(lang)``: without a session it draws the sign-in form and
stops, so its URL shows nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from reisatlas.atlas import DocumentCache, DocumentSource, document_paths, read_document
from reisatlas.errors import DocumentError, ReisatlasError
from reisatlas.geocoding import default_geocoder
from reisatlas.i18n import t
from reisatlas.model import Notice, Trip
from reisatlas.store import SignInError, Store, StoreUnreachable, folder_key
from reisatlas.store.accounts import Session
from reisatlas.store.accounts import prepare as prepare_sign_in
from reisatlas.store.corrections import trip_keys
from reisatlas.text import markdown_literal
from ui.atlas import _gazetteer, documents_folder, shared_store
from ui.links import language_only

PAGES = (("beheer", "documents"), ("beheer_controle", "review"), ("beheer_geschiedenis", "history"))


def beheer_pages(lang: str) -> list:
    """The Beheer pages for app.py's navigation: listed for a signed-in admin; for a session opened at a Beheer
    address, hidden (the page then shows the sign-in form); for every other session not there at all, so a
    resident's browser is never even told their names."""
    try:
        signed_in = session_admin() is not None
    except StoreUnreachable:  # the session cannot be checked now: its pages stay listed, and say why (signed_in)
        signed_in = admin_session_of(st.session_state) is not None
    if not signed_in and not urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1].startswith("beheer"):
        return []
    visibility = "visible" if signed_in else "hidden"
    return [
        st.Page(f"pages/{file}.py", title=t(f"beheer_{title}", lang), url_path=file, visibility=visibility)
        for file, title in PAGES
    ]


def saved(lang: str) -> None:
    """Say "saved" on the next run (after st.rerun), then rerun."""
    st.session_state["beheer_flash"] = t("beheer_saved", lang)
    st.rerun()


def error_text(err: Exception, lang: str) -> str:
    """An error as the reader reads it: in their language when Reisatlas said it by its text's key."""
    if isinstance(err, StoreUnreachable):  # the address and the driver's words are for the log, not the page
        return t("beheer_store_unreachable", lang)
    return err.text(lang) if isinstance(err, ReisatlasError) else str(err)


def current_lang() -> str:
    """The language the frame's switch chose (its widget state)."""
    lang = st.session_state.get("lang")
    return lang if lang in ("nl", "en") else "nl"


def store() -> Store:
    return shared_store()


def admin_session_of(state) -> Session | None:
    """The admin session a session's state holds (still to be checked: Store.session_ended), or None. Also asked
    by the server for another session (ui.guard: may it upload?)."""
    try:
        session = state["admin_session"]
    except KeyError:
        return None
    return session if isinstance(session, Session) and session.name else None


def session_admin() -> str | None:
    """The signed-in admin's name while the session holds; a session that no longer holds (new password, lock,
    removed account, idle too long: reisatlas.store.Store.session_ended) is ended here, and why is kept for the form."""
    session = st.session_state.get("admin_session")
    if session is None:
        return None
    if ended := store().session_ended(session):
        sign_out()
        st.session_state["beheer_ended"] = ended
        return None
    st.session_state["admin_session"] = replace(session, seen=store().clock())
    return session.name


def sign_out() -> None:
    for key in ("admin", "admin_session"):
        st.session_state.pop(key, None)


def signed_in(lang: str) -> str:
    """The admin's name; otherwise the sign-in form, and the page stops there. While the store's server cannot
    be reached, the page stops after the admin's bar (sign out, the Beheer pages; the public pages are in the
    navigation above) with the message: nothing of the page, so nothing half saved."""
    try:
        admin = session_admin()
    except StoreUnreachable as err:  # the session cannot be checked, nor anything read or saved
        session = admin_session_of(st.session_state)
        _admin_bar(session.name if session else "", lang)
        st.error(error_text(err, lang), icon="⚠️")
        st.stop()
    if admin:
        _admin_bar(admin, lang)
        if message := st.session_state.pop("beheer_flash", None):
            st.toast(message, icon="✅")  # a toast: the page's layout (and open expanders) stay as they were
        return admin
    prepare_sign_in()  # once per process: the first attempt then takes as long as any other
    st.title(t("beheer_sign_in", lang))
    st.caption(t("beheer_sign_in_intro", lang))
    if ended := st.session_state.pop("beheer_ended", None):
        st.info(markdown_literal(error_text(ended, lang)), icon="🔒")
    with st.form("sign_in"):
        name = st.text_input(t("beheer_name", lang), key="sign_in_name")
        password = st.text_input(t("beheer_password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("beheer_sign_in", lang))
    if submitted:
        try:  # throttled per name and per client address (loopback is None: one local client)
            admin = store().sign_in(name.strip(), password, client=st.context.ip_address)
            st.session_state["admin_session"] = store().open_session(admin)
            st.session_state["admin"] = admin
        except SignInError as err:
            st.error(markdown_literal(error_text(err, lang)), icon="🔒")
        except StoreUnreachable as err:  # nothing checked, nothing counted: said as on every Beheer page
            st.error(error_text(err, lang), icon="⚠️")
        else:
            st.rerun()
    st.stop()


def _admin_bar(admin: str, lang: str) -> None:
    """Who is signed in and the sign-out button (sidebar), the Beheer pages' links (top of the page)."""
    st.sidebar.caption(t("beheer_signed_in_as", lang, name=admin))
    if st.sidebar.button(t("beheer_sign_out", lang), key="sign_out"):
        sign_out()
        st.rerun()
    for column, (file, title) in zip(st.columns(len(PAGES)), PAGES):
        column.page_link(f"pages/{file}.py", label=t(f"beheer_{title}", lang), query_params=language_only(lang))


@dataclass(frozen=True)
class Choice:
    """A document an admin can review: an upload in the store or a file of the read-only folder."""

    key: str
    label: str
    source: DocumentSource
    document_id: int | None  # None for a folder document


def choices(lang: str) -> list[Choice]:
    found = []
    for document in store().documents():
        source = DocumentSource(document.name, store().content(document.id), document.key)
        status = t(f"beheer_status_{document.status}", lang)
        found.append(Choice(document.key, f"{document.name} ({status})", source, document.id))
    folder = documents_folder()
    for path in document_paths(folder) if folder.is_dir() else []:
        key = folder_key(path.name)
        status = t("beheer_status_folder", lang)
        found.append(Choice(key, f"{path.name} ({status})", DocumentSource(str(path), path.read_bytes(), key), None))
    return found


@dataclass
class Review:
    """One document for review: its text, its trips as read with their keys, the corrected trips and every notice."""

    text: str
    trips: list[Trip]
    keys: list[str]
    corrected: list[Trip]
    notices: list[Notice]


def geocoder():
    return default_geocoder(online=False, gazetteer=_gazetteer())


def read_for_review(choice: Choice) -> Review:
    """Raises DocumentError when the document cannot be read (a folder file may be broken)."""
    from reisatlas.documents import decode

    cache = DocumentCache()
    as_read = read_document(choice.source, geocoder(), cache)
    corrected = read_document(choice.source, geocoder(), cache, store().fixes(choice.key))
    return Review(
        decode(choice.source.data, choice.source.name),
        as_read.trips,
        trip_keys(as_read.trips),
        corrected.trips,
        corrected.notices,
    )


def notices_at(review: Review, index: int) -> list[Notice]:
    """The notices whose line falls in the block of trip ``index``."""
    from reisatlas.notices import at

    return at(review.trips, review.notices, index)


def review_map_fit(main_width: int, height: int) -> tuple[int, int]:
    """The review map's size in pixels, to fit its camera to: the trips column beside the text (3 of 5 of the main
    column, less the gap), or the whole column on a phone, where the columns stack."""
    from ui.client import PHONE_WIDTH

    return (main_width if main_width <= PHONE_WIDTH else int((main_width - 16) * 3 / 5), height)


def names_and_titles(lang: str, wanted: set[str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Every document's name by its key, and the trip titles (by trip key) of the documents in ``wanted``, read as
    Controleren reads them (from the document cache): what the history's sentences name."""
    from reisatlas.store.history_text import trip_titles

    names, titles = {}, {}
    for choice in choices(lang):
        names[choice.key] = Path(choice.source.name).name
        if choice.key in wanted:
            try:
                titles[choice.key] = trip_titles(read_document(choice.source, geocoder(), DocumentCache()).trips)
            except DocumentError:
                titles[choice.key] = {}  # a folder file that cannot be read now: its trips go unnamed
    return names, titles
