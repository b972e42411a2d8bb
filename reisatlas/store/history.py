"""The audit log: every change, who made it and when, the state before and after; and undo.

Every method that changes something writes its line here in the same transaction, so the store and its
history cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .errors import ConflictError, StoreError


@dataclass(frozen=True)
class Change:
    """One line of the audit log: who did what when, the state before and after."""

    id: int
    at: str
    by: str
    action: str
    target: str
    before: Any
    after: Any
    undone_by: int | None


def iso(seconds: float) -> str:
    """A time in seconds as the store writes it: ISO 8601 in UTC, to the second."""
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds")


class History:
    """The history aggregate of ``Store`` (its connection is ``self.db``, its clock ``self.clock``)."""

    UNDOABLE = ("correction.save", "correction.delete", "document.status", "place.save")

    def _now(self) -> str:
        return iso(self.clock())

    def _log(self, by: str, action: str, target: str, before: Any, after: Any) -> int:
        """Write one line of the audit log (inside the caller's transaction); its id."""
        return self.db.insert_change(self._now(), by, action, target, before, after)

    def history(self, limit: int = 200) -> list[Change]:
        """The latest ``limit`` changes, newest first."""
        return [Change(**row) for row in self.db.change_rows(limit)]

    def change(self, change_id: int) -> Change | None:
        row = self.db.change_row(change_id)
        return Change(**row) if row else None

    def undo(self, change_id: int, by: str) -> None:
        """Put back the state before a change, as a new change of its own. ConflictError when the thing
        has changed since (undo the later change first)."""
        with self.db.transaction():
            change = self.change(change_id)
            if change is None:
                raise StoreError.said("store_no_change", id=change_id)
            if change.action not in self.UNDOABLE:
                raise StoreError.said("store_cannot_undo", action=change.action)
            if change.undone_by is not None:
                raise ConflictError.said("store_already_undone", id=change_id)
            if change.action.startswith("correction."):
                after = self._undo_correction(change, by)
            elif change.action == "document.status":
                after = self._undo_status(change)
            else:  # place.save
                after = self._undo_place(change)
            undo_id = self._log(by, f"undo.{change.action}", change.target, change.after, after)
            self.db.mark_undone(change_id, undo_id)

    def revision(self) -> int:
        """A number that grows with every change: the app reloads the atlas when it moves."""
        return self.db.latest_change()[0]

    def latest(self) -> tuple[int, datetime | None]:
        """``revision()`` and ``changed_at()`` in one read."""
        revision, at = self.db.latest_change()
        return revision, datetime.fromisoformat(at) if at else None

    def changed_at(self) -> datetime | None:
        """When the latest change was made (None for a store never changed): the feeds' Last-Modified."""
        at = self.db.latest_change()[1]
        return datetime.fromisoformat(at) if at else None
