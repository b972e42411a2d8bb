"""Places reviewed in the app: where a stop of that name and country goes, in every document."""

from __future__ import annotations

from ..fixes import ReviewedPlace
from .errors import ConflictError


def _state(place: ReviewedPlace | None) -> dict | None:
    return None if place is None else {"lat": place.lat, "lon": place.lon, "note": place.note}


class Places:
    """The places aggregate of ``Store`` (its connection is ``self.db``, its audit log ``self._log``)."""

    def save_place(self, name: str, country_code: str, lat: float, lon: float, note: str, by: str) -> ReviewedPlace:
        """A place reviewed in the app, for every document (as data/places.csv, which it overrides)."""
        code = country_code.upper()
        with self.db.transaction():
            before = self.place(name, code)
            self.db.save_place(name, code, float(lat), float(lon), note, by, self._now())
            after = self.place(name, code)
            self._log(by, "place.save", f"{name}|{code}", _state(before), _state(after))
        return after

    def place(self, name: str, country_code: str) -> ReviewedPlace | None:
        rows = self.db.place_rows(name, country_code.upper())
        return ReviewedPlace(**rows[0]) if rows else None

    def places(self) -> list[ReviewedPlace]:
        return [ReviewedPlace(**row) for row in self.db.place_rows()]

    def _undo_place(self, change) -> dict | None:
        """Undo a ``place.save`` (inside the undo's transaction); the state after."""
        name, code = change.target.split("|", 1)
        if _state(self.place(name, code)) != change.after:
            raise ConflictError.said("store_place_changed_again", name=name)
        if change.before is None:
            self.db.delete_place(name, code)
        else:
            self.db.put_place_back(name, code, change.before["lat"], change.before["lon"], change.before["note"])
        return _state(self.place(name, code))
