"""The dashboard's shared parts: what app.py (the frame) and the pages in pages/ draw with.

- ``server``: the server ``make run`` starts (Streamlit's ASGI app around app.py).
- ``streamlit_internals``: every use of Streamlit's (and pydeck's) internals, the versions it was made for, and
  their check at start-up.
- ``atlas``: the atlas loaded from the documents folder, shared by every session.
- ``shared``: what one selection's view needs (its trips, map, summary, legend), made once for every session.
- ``links``: the URL state (link parameters ↔ widget state).
- ``sidebar``: language, filters, the period and its play control.
- ``timer``: autoplay (the period's play control, the presentation).
- ``parts``: what several pages show (page header, trip details, legend, map colouring, downloads).
- ``view``: what the reader is looking at in this run, handed from the frame to the page.

Everything here only draws: the work is done by the library, ``reisatlas``.
"""
