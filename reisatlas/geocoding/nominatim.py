"""OpenStreetMap's Nominatim through geopy, behind geopy's RateLimiter: the one layer that goes online."""

from __future__ import annotations

import threading
import time

from .base import Location, logger, plausible
from .cache import AnswerCache

USER_AGENT = "reisatlas/0.1 (overview of foreign work visits of Rotterdam officials)"


class Clock:
    """The time a pace is kept by: the machine's monotonic seconds. A test hands a clock of its own, whose
    ``sleep`` moves its ``now`` on, so pacing and pauses are checked without waiting them out."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _Pace:
    """One Nominatim server's request budget, shared by every NominatimLayer in the process.

    The app builds a geocoder per load (and per session); the limit is the server's, not the layer's.
    """

    _by_domain: dict[str, _Pace] = {}
    _lock = threading.Lock()

    def __init__(self, min_delay_seconds: float, clock: Clock):
        from geopy.extra.rate_limiter import RateLimiter

        self.clock = clock
        # One try per place: a failure leaves the place unresolved instead of stalling the app on retries.
        self.limiter = RateLimiter(_call, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False)
        # geopy's RateLimiter reads its time through these two methods, meant to be replaced (geopy's own tests do).
        self.limiter._clock, self.limiter._sleep = clock.now, clock.sleep
        self.paused_until = float("-inf")

    @classmethod
    def of(cls, domain: str, min_delay_seconds: float, clock: Clock) -> _Pace:
        """The pace of ``domain``; the first layer to ask for it sets its clock."""
        with cls._lock:
            pace = cls._by_domain.get(domain.lower())
            if pace is None:
                pace = cls._by_domain[domain.lower()] = cls(min_delay_seconds, clock)
            # Layers that disagree on the pace get the slowest of them.
            pace.limiter.min_delay_seconds = max(pace.limiter.min_delay_seconds, min_delay_seconds)
            return pace

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock.now() + seconds)

    @property
    def paused(self) -> bool:
        return self.clock.now() < self.paused_until


def _call(function, *args, **kwargs):
    return function(*args, **kwargs)


class NominatimLayer:
    """OpenStreetMap's Nominatim through geopy, at most one request per second, answers cached.

    One request per place and never a retry: a failure leaves the place unresolved (and uncached, so a
    later run asks again) instead of stalling the app. After the service says "slow down" (429), is
    unreachable or times out, no layer asks it anything for ``pause_seconds`` (or the Retry-After, when
    longer), so a list of places costs one timeout, not one each.
    """

    name = "nominatim"

    def __init__(
        self,
        cache: AnswerCache,
        *,
        domain: str = "nominatim.openstreetmap.org",
        scheme: str = "https",
        timeout: float = 10,
        min_delay_seconds: float = 1.0,
        user_agent: str = USER_AGENT,
        pause_seconds: float = 60,
        clock: Clock | None = None,
    ):
        from geopy.adapters import URLLibAdapter
        from geopy.geocoders import Nominatim

        self.cache = cache
        self.pause_seconds = pause_seconds
        self.pace = _Pace.of(domain, min_delay_seconds, clock or Clock())
        # geopy's default RequestsAdapter retries timeouts and 429s itself (urllib3, twice, sleeping
        # out Retry-After), unseen by the RateLimiter; URLLibAdapter sends exactly one request.
        self.service = Nominatim(
            user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout, adapter_factory=URLLibAdapter
        )

    def lookup(self, name: str, country_code: str) -> Location | None:
        from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable, GeopyError

        if not country_code or not name.strip():
            return None
        if self.cache.knows(name, country_code):
            return self.cache.lookup(name, country_code)  # asked before: never ask again
        if self.pace.paused:
            return None
        try:
            answer = self.pace.limiter(
                self.service.geocode,
                name,
                exactly_one=True,
                country_codes=[country_code.lower()],
                addressdetails=True,
                language="nl",
            )
            location = self._location(answer, country_code)
        except (GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable) as err:
            pause = max(self.pause_seconds, getattr(err, "retry_after", None) or 0)
            self.pace.pause(pause)
            logger.warning(
                "Nominatim could not place %s (%s): %s; not asking for %.0f s", name, country_code, err, pause
            )
            return None
        except GeopyError as err:
            logger.warning("Nominatim could not place %s (%s): %s", name, country_code, err)
            return None
        except Exception as err:  # geopy parses a wrong-shaped answer into TypeError, AttributeError, ...
            logger.warning("Nominatim gave an unreadable answer for %s (%s): %r", name, country_code, err)
            return None
        self.cache.store(name, country_code, location)
        return location

    def _location(self, answer, country_code: str) -> Location | None:
        """The answer as a Location; None for "not found here"; ValueError for an answer that is no place."""
        if answer is None:
            return None
        raw = answer.raw if isinstance(answer.raw, dict) else {}
        # geopy turns a result without lat/lon into (0, 0): read the coordinates from the answer itself.
        try:
            lat, lon = float(raw["lat"]), float(raw["lon"])
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"no coordinates in {raw!r:.200}") from err
        if not plausible(lat, lon):
            raise ValueError(f"not a coordinate: {lat}, {lon}")
        address = raw.get("address")
        found_in = address.get("country_code") if isinstance(address, dict) else None
        if found_in and found_in.upper() != country_code.upper():
            logger.warning("Nominatim placed %s in %s, not %s; ignored", answer.address, found_in.upper(), country_code)
            return None
        return Location(lat, lon, self.name)
