"""What the Beheer (admin) pages share: the sign-in gate, their texts in Dutch and English, the documents
to choose from, and reading one for review. The work is done by reisatlas.store; this is the glue.

A Beheer page starts with ``admin = signed_in(lang)``: without a session it draws the sign-in form and
stops, so its URL shows nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from pages.common import _gazetteer, documents_folder, shared_store
from reisatlas.atlas import DocumentCache, DocumentSource, document_paths, read_document
from reisatlas.geocoding import default_geocoder
from reisatlas.model import Notice, Trip
from reisatlas.store import SignInError, Store, folder_key
from reisatlas.store.corrections import trip_keys

TEXTS = {
    "beheer": ("Beheer", "Admin"),
    "documents": ("Documenten", "Documents"),
    "review": ("Controleren", "Review"),
    "history": ("Geschiedenis", "History"),
    "sign_in": ("Aanmelden", "Sign in"),
    "sign_in_intro": ("Alleen voor beheerders. Een account maakt u met `reisatlas admin add NAAM`.",
                      "For admins only. Create an account with `reisatlas admin add NAME`."),
    "name": ("Naam", "Name"),
    "password": ("Wachtwoord", "Password"),
    "sign_out": ("Afmelden", "Sign out"),
    "signed_in_as": ("Aangemeld als {name}", "Signed in as {name}"),
    "upload": ("Nieuw overzicht uploaden (.txt of .pdf)", "Upload a new overview (.txt or .pdf)"),
    "replaces": ("Vervangt", "Replaces"),
    "replaces_none": ("— niets (een nieuw document) —", "— nothing (a new document) —"),
    "keep": ("Inlezen en bewaren als concept", "Read and keep as a draft"),
    "uploaded": ("{name} ingelezen: {trips} reizen, bewaard als concept.", "{name} read: {trips} trips, kept as a draft."),
    "carried": ("{carried} correcties meegenomen; {review} te controleren.", "{carried} corrections carried over; {review} to review."),
    "status_draft": ("concept", "draft"),
    "status_published": ("gepubliceerd", "published"),
    "status_withdrawn": ("ingetrokken", "withdrawn"),
    "status_folder": ("map (alleen lezen)", "folder (read-only)"),
    "publish": ("Publiceren", "Publish"),
    "withdraw": ("Intrekken", "Withdraw"),
    "to_draft": ("Terug naar concept", "Back to draft"),
    "to_review": ("Te controleren na een nieuwe versie", "To review after a new version"),
    "accept": ("Toch toepassen", "Apply anyway"),
    "drop": ("Laten vallen", "Drop"),
    "document": ("Document", "Document"),
    "source_text": ("Brontekst", "Source text"),
    "trips": ("Reizen", "Trips"),
    "preview": ("Kaart (voorbeeld, met correcties)", "Map (preview, corrected)"),
    "line": ("regel", "line"),
    "save": ("Opslaan", "Save"),
    "saved": ("Opgeslagen.", "Saved."),
    "nothing_changed": ("Niets gewijzigd.", "Nothing changed."),
    "conflict": ("Niet opgeslagen: {message}. Bekijk de wijziging en sla opnieuw op om haar te vervangen.",
                 "Not saved: {message}. Look at the change and save again to replace it."),
    "officials": ("Bestuurders (één per regel: rol | naam)", "Officials (one per line: role | name)"),
    "months": ("Maanden (JJJJ-MM, gescheiden door komma's)", "Months (YYYY-MM, comma-separated)"),
    "start": ("Eerste dag (JJJJ-MM-DD, leeg: onbekend)", "First day (YYYY-MM-DD, empty: unknown)"),
    "end": ("Laatste dag (JJJJ-MM-DD, leeg: onbekend)", "Last day (YYYY-MM-DD, empty: unknown)"),
    "themes": ("Thema's", "Themes"),
    "costs": ("Kosten", "Costs"),
    "title": ("Titel", "Title"),
    "stops": ("Plaatsen", "Places"),
    "stop": ("Plaats {n}: {name} ({country})", "Place {n}: {name} ({country})"),
    "place_as_is": ("zoals nu: {where}", "as now: {where}"),
    "place_coordinates": ("eigen coördinaten (hieronder)", "own coordinates (below)"),
    "not_on_map": ("niet op de kaart", "not on the map"),
    "coordinates": ("Breedte, lengte (bijv. 59.20, 17.83)", "Latitude, longitude (e.g. 59.20, 17.83)"),
    "to_reviewed": ("Ook als gecontroleerde plaats bewaren (voor elk document)", "Also keep as a reviewed place (for every document)"),
    "remove": ("Geen reis: verwijderen", "Not a trip: remove"),
    "restore": ("Toch een reis: terugzetten", "A trip after all: restore"),
    "split": ("Splitsen: plaatsnummers per reis, bijv. 1,2 | 3", "Split: place numbers per trip, e.g. 1,2 | 3"),
    "join": ("Samenvoegen met", "Join with"),
    "add_trip": ("Een gemiste reis toevoegen", "Add a trip the reader missed"),
    "place_name": ("Plaats", "Place"),
    "country_code": ("Landcode (ISO, bijv. SE)", "Country code (ISO, e.g. SE)"),
    "removed": ("verwijderd", "removed"),
    "warnings": ("Waarschuwingen", "Warnings"),
    "corrected_fields": ("Gecorrigeerd: {fields}", "Corrected: {fields}"),
    "undo": ("Ongedaan maken", "Undo"),
    "undone": ("Ongedaan gemaakt.", "Undone."),
    "no_documents": ("Nog geen documenten.", "No documents yet."),
    "bad_value": ("Niet opgeslagen: {reason}", "Not saved: {reason}"),
}


PAGES = (("beheer", "documents"), ("beheer_controle", "review"), ("beheer_geschiedenis", "history"))


def tt(key: str, lang: str, **values) -> str:
    """A Beheer text in the page's language."""
    text = TEXTS[key][0 if lang == "nl" else 1]
    return text.format(**values) if values else text


def current_lang() -> str:
    """The language the frame's switch chose (its widget state)."""
    lang = st.session_state.get("lang")
    return lang if lang in ("nl", "en") else "nl"


def store() -> Store:
    return shared_store()


def signed_in(lang: str) -> str:
    """The admin's name; otherwise the sign-in form, and the page stops there."""
    admin = st.session_state.get("admin")
    if admin and admin in store().accounts():
        st.sidebar.caption(tt("signed_in_as", lang, name=admin))
        if st.sidebar.button(tt("sign_out", lang), key="sign_out"):
            del st.session_state["admin"]
            st.rerun()
        for column, (file, title) in zip(st.columns(len(PAGES)), PAGES):
            column.page_link(f"pages/{file}.py", label=tt(title, lang))
        return admin
    st.title(tt("sign_in", lang))
    st.caption(tt("sign_in_intro", lang))
    with st.form("sign_in"):
        name = st.text_input(tt("name", lang), key="sign_in_name")
        password = st.text_input(tt("password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(tt("sign_in", lang))
    if submitted:
        try:
            st.session_state["admin"] = store().sign_in(name.strip(), password)
        except SignInError as err:
            st.error(str(err), icon="🔒")
        else:
            st.rerun()
    st.stop()


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
        found.append(Choice(document.key, f"{document.name} ({tt('status_' + document.status, lang)})", source, document.id))
    folder = documents_folder()
    for path in document_paths(folder) if folder.is_dir() else []:
        key = folder_key(path.name)
        found.append(Choice(key, f"{path.name} ({tt('status_folder', lang)})", DocumentSource(str(path), path.read_bytes(), key), None))
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
    return Review(decode(choice.source.data, choice.source.name), as_read.trips, trip_keys(as_read.trips),
                  corrected.trips, corrected.notices)


def notices_at(review: Review, index: int) -> list[Notice]:
    """The notices whose line falls in the block of trip ``index``."""
    first = review.trips[index].source.line
    last = review.trips[index + 1].source.line if index + 1 < len(review.trips) else float("inf")
    return [n for n in review.notices if n.line is not None and first <= n.line < last]

