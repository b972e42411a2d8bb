"""A presenter's clicker on the presentation page: → / PageDown / space go forward, ← / PageUp go back.

A clicker is a keyboard to the browser (most send PageDown and PageUp, some the arrows). A tiny
``st.components.v2`` component (our own code, no data from documents) listens for those keys in the page and
clicks the page's own step buttons, so a key does exactly what a click does (the same callback, the same
address). It leaves a key alone while the reader types in a field or holds a modifier, and leaves space to a
focused button, switch or link (space is theirs). The buttons are found by the class Streamlit gives a keyed
widget (ui.streamlit_internals ``keyed``).
"""

from __future__ import annotations

import streamlit as st

from .streamlit_internals import keyed

FORWARD = ("ArrowRight", "PageDown", " ")
BACK = ("ArrowLeft", "PageUp")

_JS = r"""
export default function (component) {
  const { data } = component;
  if (window.__reisatlasKeys) document.removeEventListener("keydown", window.__reisatlasKeys, true);
  const typing = (element) => element && (element.isContentEditable
    || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName) || element.getAttribute("role") === "combobox");
  const pressable = (element) => element && (["BUTTON", "A"].includes(element.tagName)
    || ["switch", "checkbox", "button", "tab", "radio", "slider"].includes(element.getAttribute("role")));
  const onKey = (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const focused = document.activeElement;
    if (typing(focused)) return;
    const forward = data.forward.includes(event.key), back = data.back.includes(event.key);
    if (!forward && !back) return;
    if (event.key === " " && pressable(focused)) return;
    const button = document.querySelector((forward ? data.next : data.previous) + " button");
    event.preventDefault();  // no scrolling the page instead
    if (button && !button.disabled) button.click();
  };
  document.addEventListener("keydown", onKey, true);
  window.__reisatlasKeys = onKey;
  return () => document.removeEventListener("keydown", onKey, true);
}
"""

_component = st.components.v2.component("reisatlas_presenter_keys", js=_JS)


def presenter_keys(previous_key: str, next_key: str) -> None:
    """Let a clicker's keys press the buttons keyed ``previous_key`` and ``next_key``."""
    _component(
        key="presenter_keys",
        data={"forward": list(FORWARD), "back": list(BACK), "next": keyed(next_key), "previous": keyed(previous_key)},
        height=0,
    )
