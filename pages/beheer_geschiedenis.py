"""Beheer · Geschiedenis: every change as a sentence (who, when in Amsterdam's time, which document and trip, which
field with before → after, whether it was undone), filtered by document and by admin, with undo. The sentences
come from reisatlas.store.history_text; the log's own lines only behind an expander."""

import pandas as pd
import streamlit as st

from reisatlas.i18n import t
from reisatlas.store import ConflictError, StoreError
from reisatlas.store.history_text import history_entries
from reisatlas.text import markdown_literal as literal
from ui.beheer import current_lang, error_text, names_and_titles, signed_in, store

lang = current_lang()
admin = signed_in(lang)
st.title(t("beheer_beheer", lang) + " · " + t("beheer_history", lang))

changes = store().history(limit=500)
documents = {c.target.split("|", 1)[0] for c in changes if c.action.removeprefix("undo.").startswith("correction.")}
names, titles = names_and_titles(lang, documents)
entries = history_entries(changes, names, titles, lang)

about, by = st.columns(2)
chosen_document = about.selectbox(
    t("history_filter_document", lang),
    options=["", *dict.fromkeys(e.document for e in entries if e.document)],
    format_func=lambda key: names.get(key, key.removeprefix("file:")) if key else t("history_all_documents", lang),
    key="history_document",
)
chosen_admin = by.selectbox(
    t("history_filter_admin", lang),
    options=["", *sorted({e.who for e in entries})],
    format_func=lambda name: name or t("history_all_admins", lang),
    key="history_admin",
)
shown = [
    e
    for e in entries
    if (not chosen_document or e.document == chosen_document) and (not chosen_admin or e.who == chosen_admin)
]
st.caption(t("history_shown", lang, shown=len(shown), total=len(entries)))
if not shown:
    st.info(t("history_none", lang))

for entry in shown:
    with st.container(border=True, key=f"change-{entry.id}"):
        left, right = st.columns([5, 1])
        left.markdown(literal(entry.sentence))
        if entry.undone:
            left.caption("↩ " + entry.undone)
        elif entry.undoable and right.button(t("beheer_undo", lang), key=f"undo-{entry.id}"):
            try:
                store().undo(entry.id, admin)
            except (ConflictError, StoreError) as err:
                st.error(literal(error_text(err, lang)), icon="⚠️")
            else:
                st.rerun()

with st.expander(t("history_technical", lang)):
    st.dataframe(  # the log as stored: UTC, keys, JSON
        pd.DataFrame(
            [
                {
                    "id": c.id,
                    "at (UTC)": c.at,
                    "by": c.by,
                    "action": c.action,
                    "target": c.target,
                    "before": repr(c.before),
                    "after": repr(c.after),
                    "undone_by": c.undone_by,
                }
                for c in changes
            ]
        ),
        hide_index=True,
    )
