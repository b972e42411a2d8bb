"""Beheer · Controleren: a document's trips beside its text (line numbers), each warning at its trip, a map
preview with the corrections; correct fields and places, remove, split, join and add trips."""

import re
import uuid
from datetime import date

import streamlit as st

from reisatlas.colours import colouring
from reisatlas.countries import country_name
from reisatlas.errors import DocumentError, SelectionError
from reisatlas.fixes import costs_text
from reisatlas.geocoding.candidates import place_choices
from reisatlas.i18n import count, t
from reisatlas.map import build_deck
from reisatlas.selection import stops_frame, trips_frame
from reisatlas.store import ConflictError, StoreError
from reisatlas.store.corrections import field_value
from reisatlas.store.history_text import fields_text
from reisatlas.text import markdown_literal as literal
from reisatlas.themes import load_themes
from ui.beheer import (
    choices,
    current_lang,
    error_text,
    notices_at,
    read_for_review,
    review_map_fit,
    saved,
    signed_in,
    store,
)
from ui.client import main_width, narrow

REVIEW_MAP_HEIGHT = 360

lang = current_lang()
admin = signed_in(lang)
st.title(t("beheer_beheer", lang) + " · " + t("beheer_review", lang))

options = choices(lang)
if not options:
    st.info(t("beheer_no_documents", lang))
    st.stop()
labels = {choice.key: choice.label for choice in options}
if st.query_params.get("document") in labels and "review_document" not in st.session_state:
    st.session_state["review_document"] = st.query_params["document"]  # a warning's link names its document
chosen_key = st.selectbox(
    t("beheer_document", lang), options=list(labels), format_func=labels.get, key="review_document"
)
choice = next(c for c in options if c.key == chosen_key)
try:
    review = read_for_review(choice)
except DocumentError as err:
    st.error(literal(error_text(err, lang)))
    st.stop()
document = choice.key
seen = st.session_state.setdefault("seen", {})  # (document, trip, field) -> (version, value) when first shown


def current(trip_key: str, field: str, original):
    """The field's value in force and remember what this editor saw first (for optimistic locking)."""
    correction = store().correction(document, trip_key, field)
    value = correction.value if correction and not correction.needs_review else original
    seen.setdefault((document, trip_key, field), (correction.version if correction else 0, value))
    return value


def save(trip_key: str, changes: dict, originals: dict, also=None) -> bool:
    """Save the fields this editor changed, in one transaction with ``also()`` (all or nothing). When
    another admin saved one of them since it was shown, nothing is saved and their change is shown. True when saved."""
    written = {}
    try:
        with store().transaction():
            for field, value in changes.items():
                version, shown = seen[(document, trip_key, field)]
                if value != shown:
                    written[field] = store().save_correction(
                        document, trip_key, field, value, admin, expected_version=version, original=originals.get(field)
                    )
            if also:
                written.update(also() or {})
    except ConflictError as err:
        other = err.current
        field = other.field if other else next(f for f in changes if f not in written)
        # What is in force now counts as shown: saving again replaces it, knowingly.
        seen[(document, trip_key, field)] = (other.version, other.value) if other else (0, originals.get(field))
        st.error(t("beheer_conflict", lang, message=literal(error_text(err, lang))), icon="⚠️")
        return False
    for field, correction in written.items():
        if field in changes:
            seen[(document, trip_key, field)] = (correction.version, changes[field])
    return bool(written)


def officials_text(value) -> str:
    return "\n".join(f"{o['role']} | {o['name']}" for o in value)


def parse_officials(text: str) -> list[dict]:
    people = []
    for line in text.splitlines():
        role, _, name = line.rpartition("|")
        if role.strip() or name.strip():  # a line of only "|" names nobody
            people.append({"role": role.strip(), "name": name.strip()})
    return people


def parse_months(text: str) -> list[str]:
    months = [m.strip() for m in text.split(",") if m.strip()]
    for month in months:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise SelectionError.said("beheer_not_a_month", month=repr(month))
    return months


def parse_day(text: str) -> str | None:
    try:
        return date.fromisoformat(text.strip()).isoformat() if text.strip() else None
    except ValueError:
        raise SelectionError.said("beheer_not_a_day", day=repr(text.strip())) from None


def parse_coordinates(text: str) -> tuple[float, float] | None:
    if not text.strip():
        return None
    try:
        lat, lon = (float(part) for part in text.replace(";", ",").split(","))
    except ValueError:
        raise SelectionError.said("beheer_not_coordinates", text=repr(text.strip())) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SelectionError.said("beheer_not_on_earth", lat=lat, lon=lon)
    return lat, lon


themes = {theme.id: theme.label(lang) for theme in load_themes()}
if narrow():  # a phone: the map and the trips first (a warning's link opens one), the source text folded below them
    trips_column, text_column = st.container(), st.expander(t("beheer_source_text", lang))
else:
    text_column, trips_column = st.columns([2, 3])
with text_column:
    if not narrow():
        st.subheader(t("beheer_source_text", lang))
    st.code(
        review.text, language=None, line_numbers=True, wrap_lines=True, height=900
    )  # a code block: document text stays text

with trips_column:
    st.subheader(t("beheer_preview", lang))
    corrected_trips = trips_frame(review.corrected)
    st.pydeck_chart(  # fitted to every place of the document at the map's own size
        build_deck(
            corrected_trips,
            stops_frame(review.corrected),
            colouring(corrected_trips, "official", lang),
            lang,
            fit=review_map_fit(main_width(), REVIEW_MAP_HEIGHT),
        ),
        height=REVIEW_MAP_HEIGHT,
        key="review_map",
    )
    st.subheader(t("beheer_trips", lang))
    titles = {key: trip.title for key, trip in zip(review.keys, review.trips)}
    for index, (key, trip) in enumerate(zip(review.keys, review.trips)):
        removed = current(key, "removed", False)
        fields = sorted({c.field for c in store().corrections(document) if c.trip == key})
        warnings = notices_at(review, index)
        label = (
            ("⚠️ " if warnings else "")
            + t("beheer_line", lang)
            + f" {trip.source.line} · {trip.title}"
            + ((" · " + t("beheer_removed", lang)) if removed else "")
            + ((" · " + count(len(warnings), "warning", lang)) if warnings else "")
        )
        opened = st.query_params.get("open") == key  # a warning's link from the upload result opens its trip
        with st.expander(literal(label), expanded=opened, key=f"trip-{key}"):  # a key: stays open across saves
            for notice in warnings:
                st.warning(literal(notice.text(lang)), icon="⚠️")
            if fields:
                st.caption(t("beheer_corrected_fields", lang, fields=fields_text(fields, lang)))
            original = {
                f: field_value(trip, f)
                for f in ("title", "officials", "months", "start", "end", "themes", "costs", "stops")
            }
            # The document's costs in the admin's language; its original stays as field_value writes it (Dutch).
            shown = {**original, "costs": costs_text(trip.costs, lang)}
            values = {f: current(key, f, shown[f]) for f in original}
            with st.form(f"fields-{key}"):
                title = st.text_input(t("beheer_title", lang), value=values["title"], key=f"title-{key}")
                officials = st.text_area(
                    t("beheer_officials", lang), value=officials_text(values["officials"]), key=f"officials-{key}"
                )
                months = st.text_input(t("beheer_months", lang), value=", ".join(values["months"]), key=f"months-{key}")
                start = st.text_input(t("beheer_start", lang), value=values["start"] or "", key=f"start-{key}")
                end = st.text_input(t("beheer_end", lang), value=values["end"] or "", key=f"end-{key}")
                chosen_themes = st.multiselect(
                    t("beheer_themes", lang),
                    options=list(themes),
                    default=[t for t in values["themes"] if t in themes],
                    format_func=themes.get,
                    key=f"themes-{key}",
                )
                costs = st.text_input(t("beheer_costs", lang), value=values["costs"], key=f"costs-{key}")
                if st.form_submit_button(t("beheer_save", lang)):
                    try:
                        new = {
                            "title": title.strip(),
                            "officials": parse_officials(officials),
                            "months": parse_months(months),
                            "start": parse_day(start),
                            "end": parse_day(end),
                            "themes": chosen_themes,
                            "costs": costs.strip(),
                        }
                    except ValueError as err:
                        st.error(t("beheer_bad_value", lang, reason=literal(error_text(err, lang))))
                    else:
                        if save(key, new, original):
                            saved(lang)
                        st.info(t("beheer_nothing_changed", lang))
            # Not a form: a search shows its places at once (Enter), the document's own spelling without typing.
            with st.container(border=True, key=f"stops-{key}"):
                st.markdown("**" + t("beheer_stops", lang) + "**")
                answers = []
                for number, stop in enumerate(values["stops"], start=1):
                    where = (
                        f"{stop['lat']:.4f}, {stop['lon']:.4f}"
                        if stop["lat"] is not None
                        else t("beheer_not_on_map", lang)
                    )
                    st.markdown(
                        t("beheer_stop", lang, n=number, name=literal(stop["name"]), country=literal(stop["country"]))
                        + f" — {t('beheer_place_as_is', lang, where=where)}"
                    )
                    search = st.text_input(
                        t("beheer_place_search", lang),
                        key=f"search-{key}-{number}",
                        placeholder=t("beheer_place_search_hint", lang),
                    )
                    found = {str(c.geonameid): c for c in place_choices(stop["name"], stop["country_code"], search)}
                    pick = st.selectbox(
                        t("beheer_place_pick", lang, n=number),
                        options=["", *found],
                        index=1 if search.strip() and found else 0,  # a search chooses its best place
                        format_func=lambda i, found=found: (
                            t("beheer_place_keep", lang) if not i else found[i].label(lang)
                        ),
                        key=f"pick-{key}-{number}-{search.strip()}",
                    )
                    if pick:  # the whole label: a phone's selectbox cuts it off
                        st.caption(found[pick].label(lang))
                    typed = st.text_input(t("beheer_coordinates", lang), key=f"coordinates-{key}-{number}")
                    answers.append((stop, found.get(pick), typed))
                    if not found:
                        st.caption(t("beheer_place_none_found", lang))
                keep_place = st.checkbox(t("beheer_to_reviewed", lang), key=f"reviewed-{key}")
                if st.button(t("beheer_save", lang), key=f"save-stops-{key}"):
                    try:
                        new_stops, placed = [], []
                        for stop, chosen, typed in answers:
                            point = parse_coordinates(typed)
                            if point:
                                stop = {**stop, "lat": point[0], "lon": point[1]}
                            elif chosen:
                                stop = {**stop, "lat": chosen.lat, "lon": chosen.lon}
                                if chosen.country_code != stop["country_code"]:  # the document named the wrong one
                                    stop.update(
                                        country_code=chosen.country_code, country=country_name(chosen.country_code)
                                    )
                            if point or chosen:
                                placed.append(stop)
                            new_stops.append(stop)
                    except ValueError as err:
                        st.error(t("beheer_bad_value", lang, reason=literal(error_text(err, lang))))
                    else:

                        def keep_places():
                            return {
                                f"place {stop['name']}": store().save_place(
                                    stop["name"],
                                    stop["country_code"],
                                    stop["lat"],
                                    stop["lon"],
                                    f"Beheer, {document}",
                                    admin,
                                )
                                for stop in placed
                                if keep_place and stop["country_code"]
                            }

                        if save(key, {"stops": new_stops}, original, keep_places):
                            saved(lang)
                        st.info(t("beheer_nothing_changed", lang))
            one, two = st.columns(2)
            if one.button(t("beheer_restore" if removed else "beheer_remove", lang), key=f"remove-{key}"):
                if save(key, {"removed": not removed}, {"removed": False}):
                    saved(lang)
            others = [k for k in review.keys if k != key]
            joined = current(key, "joined", [])
            with two.form(f"join-{key}"):
                chosen = st.multiselect(
                    t("beheer_join", lang),
                    options=others,
                    default=[k for k in joined if k in others],
                    format_func=lambda k: titles[k],
                    key=f"joined-{key}",
                )
                if st.form_submit_button(t("beheer_save", lang)) and save(key, {"joined": chosen}, {"joined": []}):
                    saved(lang)
            split_now = current(key, "split", field_value(trip, "split"))
            with st.form(f"split-{key}"):
                groups_text = " | ".join(",".join(str(i + 1) for i in group) for group in split_now)
                typed = st.text_input(t("beheer_split", lang), value=groups_text, key=f"split-text-{key}")
                if st.form_submit_button(t("beheer_save", lang)):
                    try:
                        groups = [[int(n) - 1 for n in part.split(",") if n.strip()] for part in typed.split("|")]
                        if any(not 0 <= i < len(trip.stops) for group in groups for i in group):
                            raise ValueError(f"plaatsnummers 1 tot en met {len(trip.stops)}")
                    except ValueError as err:
                        st.error(t("beheer_bad_value", lang, reason=literal(error_text(err, lang))))
                    else:
                        if save(key, {"split": [g for g in groups if g]}, {"split": field_value(trip, "split")}):
                            saved(lang)

    st.subheader(t("beheer_add_trip", lang))
    with st.form("add-trip", clear_on_submit=True):
        title = st.text_input(t("beheer_title", lang), key="add-title")
        officials = st.text_area(t("beheer_officials", lang), key="add-officials")
        months = st.text_input(t("beheer_months", lang), key="add-months")
        place = st.text_input(t("beheer_place_name", lang), key="add-place")
        code = st.text_input(t("beheer_country_code", lang), key="add-country")
        where = st.text_input(t("beheer_coordinates", lang), key="add-coordinates")
        if st.form_submit_button(t("beheer_save", lang)) and title.strip():
            try:
                point = parse_coordinates(where)
                trip = {
                    "title": title.strip(),
                    "kind": "Werkbezoek",
                    "officials": parse_officials(officials),
                    "months": parse_months(months),
                    "stops": [
                        {
                            "name": place.strip(),
                            "country": code.strip().upper(),
                            "country_code": code.strip().upper() or None,
                            "lat": point[0] if point else None,
                            "lon": point[1] if point else None,
                        }
                    ]
                    if place.strip()
                    else [],
                }
            except ValueError as err:
                st.error(t("beheer_bad_value", lang, reason=literal(error_text(err, lang))))
            else:
                added_key = f"added-{uuid.uuid4().hex[:12]}"
                try:
                    store().save_correction(document, added_key, "added", trip, admin, expected_version=0)
                except (ConflictError, StoreError) as err:
                    st.error(literal(error_text(err, lang)))
                else:
                    saved(lang)
