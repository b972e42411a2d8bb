"""Beheer · Geschiedenis: who changed what and when, with undo."""

import json

import streamlit as st

from reisatlas.i18n import t
from reisatlas.store import ConflictError, StoreError
from reisatlas.text import markdown_literal as literal
from ui.beheer import current_lang, error_text, signed_in, store

lang = current_lang()
admin = signed_in(lang)
st.title(t("beheer_beheer", lang) + " · " + t("beheer_history", lang))


def shown(value) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False)[:400]


for change in store().history():
    with st.container(border=True):
        left, right = st.columns([5, 1])
        left.markdown(f"**{literal(change.action)}** · {literal(change.by)} · {change.at}")
        left.text(f"{change.target}\n{shown(change.before)}\n→ {shown(change.after)}")  # st.text: inert
        if change.undone_by:
            right.caption(f"↩ #{change.undone_by}")
        elif change.action in store().UNDOABLE and right.button(t("beheer_undo", lang), key=f"undo-{change.id}"):
            try:
                store().undo(change.id, admin)
            except (ConflictError, StoreError) as err:
                st.error(literal(error_text(err, lang)), icon="⚠️")
            else:
                st.rerun()
