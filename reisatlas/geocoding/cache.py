"""Earlier online answers (``geocode_cache.json`` under REISATLAS_CACHE_DIR), so a place is asked online once."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from ..files import write_atomically
from ..paths import cache_dir
from .base import Location, logger, place_key, plausible


def answers_file() -> Path:
    """Where online answers are kept: a cache of the machine (``REISATLAS_CACHE_DIR``), never ``data/``, which
    Reisatlas only reads (and the project's checkout is no place for what the network said)."""
    return cache_dir() / "geocode_cache.json"


class AnswerCache:
    """Earlier online answers, kept on disk so a place is asked online once.

    A stored ``None`` means the service answered "not found"; errors are never stored.
    """

    name = "cache"

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else answers_file()
        self._lock = threading.Lock()
        self.answers: dict[str, dict | None] = {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as err:
            logger.warning("geocode cache %s unreadable (%s); starting empty", self.path, err)
            return
        if not isinstance(stored, dict):
            logger.warning("geocode cache %s is not a JSON object; starting empty", self.path)
            return
        for key, answer in stored.items():
            if answer is None or (isinstance(answer, dict) and plausible(answer.get("lat"), answer.get("lon"))):
                self.answers[key] = answer
            else:
                logger.warning("geocode cache %s: ignoring unusable entry %r", self.path, key)

    def knows(self, name: str, country_code: str) -> bool:
        return place_key(name, country_code) in self.answers

    def lookup(self, name: str, country_code: str) -> Location | None:
        answer = self.answers.get(place_key(name, country_code))
        return Location(answer["lat"], answer["lon"], self.name) if answer else None

    def store(self, name: str, country_code: str, location: Location | None) -> None:
        """Remember an answer, in memory and on disk; a disk that refuses only costs the next run a request."""
        with self._lock:
            self.answers[place_key(name, country_code)] = (
                {"lat": location.lat, "lon": location.lon} if location else None
            )
            try:
                text = json.dumps(self.answers, ensure_ascii=False, indent=1, sort_keys=True)
                write_atomically(self.path, text.encode("utf-8"), make_folder=True)
            except OSError as err:
                logger.warning("geocode cache %s not saved: %s", self.path, err)
