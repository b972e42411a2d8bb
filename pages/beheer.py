"""Beheer · Documenten: upload a new overview, publish, withdraw; carried-over corrections to review."""

import streamlit as st

from reisatlas.atlas import DocumentSource, read_document
from reisatlas.i18n import t
from reisatlas.store import ConflictError, StoreError, UploadError
from reisatlas.store.corrections import field_values
from reisatlas.store.upload import receive
from reisatlas.text import markdown_literal as literal
from ui.beheer import current_lang, error_text, geocoder, signed_in, store

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
        st.error(literal(error_text(err, lang)), icon="⚠️")
    else:
        st.success(t("beheer_uploaded", lang, name=literal(document.name), trips=len(reading.parsed.trips)))
        for notice in reading.parsed.notices:
            if notice.key == "document_mixed_encoding":  # read, but some letters may be wrong: say where
                st.warning(literal(notice.text(lang)), icon="⚠️")
        if previous is not None:
            old = store().document(previous)
            placed = read_document(DocumentSource(document.name, upload.getvalue(), document.key), geocoder())
            carried, review = store().carry_over(old.key, document.key, field_values(placed.trips), admin)
            st.info(t("beheer_carried", lang, carried=len(carried), review=len(review)))
        documents = store().documents()

if not documents:
    st.info(t("beheer_no_documents", lang))
for document in reversed(documents):
    with st.container(border=True, key=f"document-{document.id}"):
        left, right = st.columns([3, 2])
        status_label = t(f"beheer_status_{document.status}", lang)
        left.markdown(f"**{literal(document.name)}** — {status_label}")
        left.caption(
            f"{literal(document.uploaded_by)} · {document.uploaded_at} · {document.size:,} B · sha256 {document.sha256[:12]}"
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

waiting = store().corrections(needs_review=True)
if waiting:
    st.subheader(t("beheer_to_review", lang))
    for correction in waiting:
        with st.container(border=True):
            st.text(f"{correction.document} · {correction.trip} · {correction.describe()}")
            st.text(f"← {correction.original!r}")
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
