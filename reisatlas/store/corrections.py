"""Corrections kept in the store: one field of one trip set by hand, saved with optimistic locking and
carried to a new version of its document. Applying them to trips is reisatlas.fixes (no store there);
its names are importable from here too, as the Beheer pages do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..documents import DocumentSource
from ..fixes import Correction, Fixes, apply_corrections, describe, field_value, field_values, trip_keys
from .documents import folder_key
from .errors import ConflictError

__all__ = ["Corrections", "Fixes", "apply_corrections", "field_value", "field_values", "trip_keys"]


def _state(correction: Correction | None) -> dict | None:
    """A correction as the audit log records it before and after a change."""
    if correction is None:
        return None
    return {
        "value": correction.value,
        "original": correction.original,
        "version": correction.version,
        "needs_review": correction.needs_review,
    }


def _check_version(current: Correction | None, expected: int, field: str) -> None:
    if (current.version if current else 0) != expected:
        if current is None:
            raise ConflictError.said("store_conflict_removed", None, field=field)
        raise ConflictError.said(
            "store_conflict_changed", current, field=field, by=current.by, at=current.at, value=describe(current.value)
        )


class Corrections:
    """The corrections aggregate of ``Store`` (its connection is ``self.db``, its audit log ``self._log``)."""

    def _correction_rows(self, **where: Any) -> list[Correction]:
        return [Correction(**row) for row in self.db.correction_rows(**where)]

    def corrections(self, document: str | None = None, *, needs_review: bool | None = False) -> list[Correction]:
        """The corrections of one document (by key) or of all; by default only those in force, not those
        waiting for review (``needs_review=True`` for those alone, ``None`` for both)."""
        where: dict[str, Any] = {}
        if document is not None:
            where["document"] = document
        if needs_review is not None:
            where["needs_review"] = needs_review
        return self._correction_rows(**where)

    def correction(self, document: str, trip: str, field: str) -> Correction | None:
        found = self._correction_rows(document=document, trip=trip, field=field)
        return found[0] if found else None

    def save_correction(
        self, document: str, trip: str, field: str, value: Any, by: str, *, expected_version: int, original: Any = None
    ) -> Correction:
        """Set one field of one trip. ``expected_version`` is the version the editor saw (0: none yet);
        when someone saved in between, ConflictError carries their correction and nothing is written."""
        with self.db.transaction():
            current = self.correction(document, trip, field)
            _check_version(current, expected_version, field)
            if current is None:
                self.db.insert_correction(document, trip, field, value, original, by, self._now())
            else:
                self.db.update_correction(current.id, value=value, by=by, at=self._now(), needs_review=False)
            saved = self.correction(document, trip, field)
            self._log(by, "correction.save", f"{document}|{trip}|{field}", _state(current), _state(saved))
        return saved

    def delete_correction(self, document: str, trip: str, field: str, by: str, *, expected_version: int) -> None:
        """Back to what the reader found, for one field of one trip."""
        with self.db.transaction():
            current = self.correction(document, trip, field)
            _check_version(current, expected_version, field)
            if current is None:
                return
            self.db.delete_correction(current.id)
            self._log(by, "correction.delete", f"{document}|{trip}|{field}", _state(current), None)

    def carry_over(
        self, old: str, new: str, found: dict[str, dict[str, Any]], by: str
    ) -> tuple[list[Correction], list[Correction]]:
        """Copy the corrections of document ``old`` to its new version ``new`` (the old version keeps
        its own until it is withdrawn: the public pages show it corrected meanwhile).

        ``found`` maps each trip key of the new version to its field values as read
        (reisatlas.fixes.field_values). A correction carries over in force where the trip is
        there and the field reads as it did when it was corrected; otherwise it is marked for review.
        Returns (carried, to review). One transaction.
        """
        carried, review = [], []
        with self.db.transaction():
            for correction in self.corrections(old, needs_review=None):
                fields = found.get(correction.trip)
                same = fields is not None and (
                    correction.field not in fields or fields[correction.field] == correction.original
                )
                if correction.field == "added":  # a trip the reader missed: still missing?
                    same = True
                self.db.insert_correction(
                    new,
                    correction.trip,
                    correction.field,
                    correction.value,
                    correction.original,
                    correction.by,
                    correction.at,
                    needs_review=correction.needs_review or not same,
                    keep_existing=True,
                )
                copied = self.correction(new, correction.trip, correction.field)
                (carried if not copied.needs_review else review).append(copied)
            if carried or review:
                self._log(
                    by,
                    "correction.carry_over",
                    f"{old} -> {new}",
                    {"document": old},
                    {"document": new, "carried": len(carried), "review": [f"{c.trip}|{c.field}" for c in review]},
                )
        return carried, review

    def accept_review(self, correction_id: int, by: str) -> None:
        """A carried-over correction checked by a person: in force again."""
        with self.db.transaction():
            current = self._correction_rows(id=correction_id)
            if not current:
                return
            self.db.update_correction(correction_id, needs_review=False)
            after = self._correction_rows(id=correction_id)[0]
            c = current[0]
            self._log(by, "correction.save", f"{c.document}|{c.trip}|{c.field}", _state(c), _state(after))

    def fixes(self, document: str) -> Fixes | None:
        """One document's corrections in force and every reviewed place, for reisatlas.atlas (None when there are none)."""
        return Fixes(tuple(self.corrections(document)), tuple(self.places())) or None

    def fixes_for(self, document: DocumentSource | str | Path) -> Fixes | None:
        """``fixes`` for a document of the atlas: a DocumentSource (an upload) or a path in the documents folder."""
        return self.fixes(document.key if isinstance(document, DocumentSource) else folder_key(Path(document).name))

    def _undo_correction(self, change, by: str) -> dict | None:
        """Undo a ``correction.save`` or ``.delete`` (inside the undo's transaction); the state after."""
        document, trip, field = change.target.split("|", 2)
        current = self.correction(document, trip, field)
        if _state(current) != change.after:
            raise ConflictError.said("store_changed_again", current, field=field)
        before = change.before
        if before is None:
            self.db.delete_correction(current.id)
        elif current is None:
            self.db.insert_correction(
                document,
                trip,
                field,
                before["value"],
                before["original"],
                by,
                self._now(),
                version=before["version"],
                needs_review=before["needs_review"],
            )
        else:
            self.db.update_correction(
                current.id, value=before["value"], needs_review=before["needs_review"], by=by, at=self._now()
            )
        return _state(self.correction(document, trip, field))
