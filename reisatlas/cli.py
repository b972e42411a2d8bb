"""The command line: ``reisatlas parse``, ``reisatlas geocode`` and ``reisatlas export``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from .errors import ReisatlasError
from .paths import offline_forced


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reisatlas", description="Where a city's administrators travel, and why.")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="print every trip of the documents as JSON")
    parse.add_argument("--offline", action="store_true", help="never use the network (also: REISATLAS_OFFLINE=1)")
    parse.add_argument("files", nargs="+", metavar="FILE", help=".txt or .pdf documents")
    parse.set_defaults(run=run_parse)

    geocode = commands.add_parser("geocode", help="place one name, to check it")
    geocode.add_argument("--offline", action="store_true", help="never use the network (also: REISATLAS_OFFLINE=1)")
    geocode.add_argument("place", metavar="PLACE")
    geocode.add_argument("--country", required=True, help="country name (Dutch or English) or ISO code")
    geocode.set_defaults(run=run_geocode)
    return parser


def _geocoder(args):
    from .geocoding import default_geocoder

    return default_geocoder(online=not (args.offline or offline_forced()))


def run_parse(args) -> int:
    from .atlas import read_document

    geocoder = _geocoder(args)
    documents = [read_document(path, geocoder) for path in args.files]
    for document in documents:
        for notice in document.notices:
            print(f"reisatlas: warning: {notice}", file=sys.stderr)
    trips = [trip.to_dict() for document in documents for trip in document.trips]
    json.dump(trips, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def run_geocode(args) -> int:
    from .countries import country_code
    from .errors import UnknownCountryError

    code = args.country.upper() if len(args.country) == 2 and args.country.isalpha() else None
    if code is None:
        code = country_code(args.country)
    location = _geocoder(args).locate(args.place, code)
    if location is None:
        print(json.dumps({"name": args.place, "country_code": code, "lat": None, "lon": None, "source": "unresolved"}))
        print(f"reisatlas: warning: {args.place} ({code}) not found", file=sys.stderr)
        return 1
    print(json.dumps({"name": args.place, "country_code": code, "lat": location.lat, "lon": location.lon, "source": location.source}))
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("REISATLAS_LOG", "WARNING").upper(), format="reisatlas: %(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ReisatlasError as err:
        print(f"reisatlas: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
