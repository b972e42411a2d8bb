"""A tab left open follows what another process publishes (issue 22): "every month" keeps meaning every month."""

from __future__ import annotations

from apptest import fresh_store, run_app


def test_every_month_grows_with_a_publication_and_a_chosen_period_stays():
    with fresh_store() as store:
        (upload,) = store.documents()
        store.set_status(upload.id, "draft", "anna")  # the seed alone: June to September
        every = run_app({"lang": "en"})
        chosen = run_app({"lang": "en", "months": ["2025-07", "2025-08"]})
        assert every.select_slider[0].value == ("2025-06", "2025-09") and "months" not in every.query_params

        # Published through another process: the store's revision moves, the next run (a click, or the tab's own
        # watch) shows the new months, and "every month" is still every month, in the slider and the address.
        store.set_status(upload.id, "published", "bob")
        every.run()
        assert not every.exception, [e.value for e in every.exception]
        assert every.select_slider[0].options[-1] == "Nov 2025"
        assert every.select_slider[0].value == ("2025-06", "2025-11") and "months" not in every.query_params
        chosen.run()
        assert chosen.select_slider[0].value == ("2025-07", "2025-08")
        assert chosen.query_params["months"] == ["2025-07", "2025-08"]
