"""Beheer · Documenten: upload a new overview, publish, withdraw; carried-over corrections to review."""

import streamlit as st

from reisatlas.errors import ReisatlasError
from reisatlas.i18n import count, number, t
from reisatlas.notices import by_trip
from reisatlas.paths import site_dir, site_url
from reisatlas.site import embed_snippet, publish
from reisatlas.store import ConflictError, StoreError, UploadError
from reisatlas.store.corrections import field_values, trip_keys
from reisatlas.store.history_text import correction_text
from reisatlas.store.upload import found, receive
from reisatlas.text import markdown_literal as literal
from ui.atlas import shown_atlas
from ui.beheer import current_lang, error_text, geocoder, names_and_titles, signed_in, store
from ui.links import language_only

lang = current_lang()
admin = signed_in(lang)

st.title(t("beheer_beheer", lang) + " · " + t("beheer_documents", lang))

documents = store().documents()
with st.form("upload", clear_on_submit=True):
    upload = st.file_uploader(t("beheer_upload", lang), key="upload_file")
    previous = st.selectbox(
        t("beheer_replaces", lang),
        options=[None, *[d.id for d in documents]],
        format_func=lambda i: (
            t("beheer_replaces_none", lang) if i is None else next(d.name for d in documents if d.id == i)
        ),
        key="upload_replaces",
    )
    submitted = st.form_submit_button(t("beheer_keep", lang))
if submitted and upload is not None:
    try:
        document, reading = receive(store(), upload.name, upload.getvalue(), admin, replaces=previous)
    except (UploadError, StoreError) as err:
        st.session_state.pop("upload_result", None)
        st.error(literal(error_text(err, lang)), icon="⚠️")
    else:
        placed = found(document, upload.getvalue(), reading, geocoder())
        warned, whole = by_trip(placed.trips, placed.notices)
        # Kept until the next upload: the warnings stay in view while the admin publishes or follows a link.
        st.session_state["upload_result"] = (document.name, document.key, len(placed.trips), warned, whole)
        st.session_state["upload_keys"] = trip_keys(placed.trips)
        if previous is not None:
            old = store().document(previous)
            carried, review = store().carry_over(old.key, document.key, field_values(placed.trips), admin)
            st.info(t("beheer_carried", lang, carried=len(carried), review=len(review)))
        documents = store().documents()

if result := st.session_state.get("upload_result"):
    name, key, trips, warned, whole = result
    keys = st.session_state.get("upload_keys", [])
    st.success(t("beheer_uploaded", lang, name=literal(name), trips=trips))
    if warned or whole:
        total = sum(len(w.notices) for w in warned) + len(whole)
        with st.container(border=True, key="upload_warnings"):
            warnings = count(total, "warning", lang)
            said = (
                t("beheer_upload_warnings", lang, warnings=warnings, trips=count(len(warned), "trip", lang))
                if warned
                else t("beheer_upload_warnings_document", lang, warnings=warnings)
            )
            st.warning(said, icon="⚠️")
            for trip in warned:  # each trip with its warnings, and a link that opens it in Controleren
                with st.container(key=f"warned-{trip.index}"):
                    st.markdown(f"**{literal(t('beheer_warning_trip', lang, line=trip.line, title=trip.title))}**")
                    st.markdown("\n".join(f"- {literal(notice.reason(lang))}" for notice in trip.notices))
                    st.page_link(
                        "pages/beheer_controle.py",
                        label=t("beheer_open_in_review", lang),
                        icon="⚠️",
                        query_params={"document": key, "open": keys[trip.index], **(language_only(lang) or {})},
                    )
            if whole:
                st.markdown("\n".join(f"- {literal(notice.reason(lang))}" for notice in whole))

if not documents:
    st.info(t("beheer_no_documents", lang))
for document in reversed(documents):
    with st.container(border=True, key=f"document-{document.id}"):
        left, right = st.columns([3, 2])
        status_label = t(f"beheer_status_{document.status}", lang)
        left.markdown(f"**{literal(document.name)}** — {status_label}")
        left.caption(
            f"{literal(document.uploaded_by)} · {document.uploaded_at} · {number(document.size, lang)} B · sha256 {document.sha256[:12]}"
        )
        actions = {
            "published": ("withdraw", "withdrawn"),
            "withdrawn": ("publish", "published"),
            "draft": ("publish", "published"),
        }
        label, status = actions[document.status]
        if right.button(t(f"beheer_{label}", lang), key=f"status-{document.id}"):
            store().set_status(document.id, status, admin)
            st.rerun()
        if document.status != "draft" and right.button(t("beheer_to_draft", lang), key=f"draft-{document.id}"):
            store().set_status(document.id, "draft", admin)
            st.rerun()

with st.container(border=True, key="site"):  # the public atlas as a static website (reisatlas publish)
    st.subheader(t("beheer_site", lang))
    st.caption(t("beheer_site_help", lang, folder=literal(str(site_dir()))))
    if st.button(t("beheer_site", lang), key="publish_site"):
        with st.spinner(t("beheer_site", lang)):
            try:
                public = shown_atlas().atlas
                publish(public.trips, public.stops, site_dir(), url=site_url())  # Dutch first, English in en/
            except ReisatlasError as err:
                st.error(literal(err.text(lang)), icon="⚠️")
            else:
                trips = count(len(public.trips), "trip", lang)
                st.success(t("beheer_site_written", lang, folder=literal(str(site_dir())), trips=trips))
    st.markdown(t("site_embed_text", lang))
    st.code(embed_snippet(site_url() + "embed.html", lang, t("site_title", lang)), language="html", wrap_lines=True)

waiting = store().corrections(needs_review=True)
if waiting:
    st.subheader(t("beheer_to_review", lang))
    names, titles = names_and_titles(lang, {c.document for c in waiting})
    for correction in waiting:
        with st.container(border=True):
            st.markdown(literal(correction_text(correction, names, titles, lang)))
            one, two = st.columns(2)
            if one.button(t("beheer_accept", lang), key=f"accept-{correction.id}"):
                store().accept_review(correction.id, admin)
                st.rerun()
            if two.button(t("beheer_drop", lang), key=f"drop-{correction.id}"):
                try:
                    store().delete_correction(
                        correction.document,
                        correction.trip,
                        correction.field,
                        admin,
                        expected_version=correction.version,
                    )
                except ConflictError as err:
                    st.error(t("beheer_conflict", lang, message=literal(error_text(err, lang))))
                else:
                    st.rerun()
