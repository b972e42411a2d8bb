"""The command line: ``reisatlas parse``, ``geocode``, ``export``, ``publish``, ``admin add|remove``, ``store
export|import`` and ``document add|list|publish|withdraw`` (``reisatlas.cli_documents``)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .cli_documents import add_commands as add_document_commands
from .errors import ExportError, ReisatlasError, SelectionError
from .facets import FACETS
from .paths import offline_forced
from .selection import Selection


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reisatlas", description="Where a city's administrators travel, and why.")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="print every trip of the documents as JSON")
    parse.add_argument("--offline", action="store_true", help="never use the network (also: REISATLAS_OFFLINE=1)")
    parse.add_argument(
        "--municipality",
        metavar="NAME",
        help="home municipality of documents that do not name it (else gemeenten.csv beside them)",
    )
    parse.add_argument("files", nargs="+", metavar="FILE", help=".txt or .pdf documents")
    parse.set_defaults(run=run_parse)

    geocode = commands.add_parser("geocode", help="place one name, to check it")
    geocode.add_argument("--offline", action="store_true", help="never use the network (also: REISATLAS_OFFLINE=1)")
    geocode.add_argument("place", metavar="PLACE")
    geocode.add_argument("--country", required=True, help="country name (Dutch or English) or ISO code")
    geocode.set_defaults(run=run_geocode)

    export = commands.add_parser(
        "export",
        help="write the selected trips as csv, xlsx, geojson, ics, json, png, html, or the month playback as mp4 or gif",
        description="Write the trips of the documents that match the filters to one file. The filters are "
        "those of the app's links: a value is an id or a label in Dutch or English, in any case; several of one "
        "filter (--official A --official B) mean any of them. A picture (png, mp4, gif) gets its text alternative "
        "beside it, as FILE.txt.",
    )
    export.add_argument("--offline", action="store_true", help="never use the network (also: REISATLAS_OFFLINE=1)")
    export.add_argument(
        "--format", required=True, metavar="{csv,xlsx,geojson,ics,json,png,html,mp4,gif}", help="the file's format"
    )
    export.add_argument(
        "--size",
        metavar="{1920x1080,1080x1080,1080x1920}",
        help="a picture's size in pixels: slides (the default), social feeds, stories",
    )
    export.add_argument(
        "--playback",
        default="window",
        metavar="{window,grow}",
        help="mp4 and gif: one month at a time (the default), or growing from the first month, as the app plays",
    )
    export.add_argument(
        "--out", required=True, metavar="FILE", help="where to write it (replaced whole, or left untouched on error)"
    )
    _selection_flags(export, "language of headers and labels (default nl)")
    export.set_defaults(run=run_export)
    _one_line_errors(export)

    publish = commands.add_parser(
        "publish",
        help="write the selected trips as a static website any web server can serve",
        description="Write a static atlas to a folder: index.html (map, filters, trip list) in both languages, "
        "the data files, an embed page and its code. The site is written beside DIR and swapped in whole.",
    )
    publish.add_argument("--offline", action="store_true", help="never use the network (also: REISATLAS_OFFLINE=1)")
    publish.add_argument(
        "--out", required=True, metavar="DIR", help="the site's folder (a new one, or an earlier site)"
    )
    publish.add_argument("--force", action="store_true", help="replace DIR even when it is not an earlier site")
    publish.add_argument("--url", default="", metavar="URL", help="where the site will be served (for the embed code)")
    _selection_flags(publish, "language of the front page; the other language goes in a folder of its own")
    publish.set_defaults(run=run_publish)
    _one_line_errors(publish)

    admin = commands.add_parser("admin", help="manage the Beheer accounts in the store (REISATLAS_STORE)")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True)
    add = admin_commands.add_parser(
        "add", help="create an admin, or set a new password (asked twice; read from stdin when it is not a terminal)"
    )
    add.add_argument("name", metavar="NAME")
    add.set_defaults(run=run_admin_add)
    remove = admin_commands.add_parser("remove", help="remove an admin; their open sessions end at their next click")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=run_admin_remove)

    store = commands.add_parser("store", help="back up or restore the store (REISATLAS_STORE)")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    export_store = store_commands.add_parser(
        "export", help="write a consistent copy of the store to FILE (safe while the app runs)"
    )
    export_store.add_argument("file", metavar="FILE")
    export_store.set_defaults(run=run_store_export)
    import_store = store_commands.add_parser(
        "import", help="replace the store by a copy made with export, after checking it"
    )
    import_store.add_argument("file", metavar="FILE")
    import_store.set_defaults(run=run_store_import)

    for one in add_document_commands(commands):  # reisatlas document add|list|publish|withdraw
        _one_line_errors(one)
    return parser


def _selection_flags(parser: argparse.ArgumentParser, lang_help: str) -> None:
    """The filters of the links (one flag per facet, --search, --from, --to), --lang and the documents."""
    for facet in FACETS:  # --official, --theme, --country, …: as the links' parameters of the same names
        parser.add_argument(f"--{facet.name}", action="append", default=[], metavar=facet.metavar, help=facet.help)
    parser.add_argument("--search", metavar="TEXT", help="only trips whose text, places or countries hold TEXT")
    parser.add_argument("--from", dest="first", metavar="YYYY-MM", help="only trips in or after this month")
    parser.add_argument("--to", dest="last", metavar="YYYY-MM", help="only trips in or before this month")
    parser.add_argument("--lang", default="nl", metavar="{nl,en}", help=f"{lang_help}")
    parser.add_argument("documents", nargs="+", metavar="DOCUMENT", help=".txt or .pdf documents")


def _one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Usage mistakes as one line on stderr (exit 2), like every other export error, instead of the usage block."""

    def error(message: str):
        parser.exit(2, f"reisatlas: error: {message} (see: {parser.prog} --help)\n")

    parser.error = error


def _geocoder(args):
    from .geocoding import default_geocoder

    return default_geocoder(online=not (args.offline or offline_forced()))


def warnings(notices):
    """The notices the command line warns about: reading gaps. A trip's closest theme given where no keyword fits
    is no gap; Beheer shows it at the trip."""
    from .themes import THEME_GUESSED

    return [notice for notice in notices if notice.key != THEME_GUESSED]


def run_parse(args) -> int:
    from .atlas import DocumentCache, read_document

    geocoder, cache = _geocoder(args), DocumentCache()
    documents = [read_document(path, geocoder, cache, municipality=args.municipality) for path in args.files]
    for document in documents:
        for notice in warnings(document.notices):
            print(f"reisatlas: warning: {notice}", file=sys.stderr)
    trips = [trip.to_dict() for document in documents for trip in document.trips]
    json.dump(trips, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def run_geocode(args) -> int:
    from .countries import country_code, is_country
    from .geocoding.areas import region_centre, regions
    from .text import fold

    # A name first, aliases of two letters among them ("VS", "UK": data/country_aliases.csv), else an ISO code.
    if is_country(args.country) or not (len(args.country) == 2 and args.country.isalpha()):
        code = country_code(args.country)
    else:
        code = args.country.upper()
    location = _geocoder(args).locate(args.place, code)
    if location is None and regions().get(fold(args.place), ("",))[0] == code:
        location = region_centre(args.place)  # a region of that country ("Beieren", "Ontario")
    if location is None:
        print(json.dumps({"name": args.place, "country_code": code, "lat": None, "lon": None, "source": "unresolved"}))
        print(f"reisatlas: warning: {args.place} ({code}) not found", file=sys.stderr)
        return 1
    print(
        json.dumps(
            {
                "name": args.place,
                "country_code": code,
                "lat": location.lat,
                "lon": location.lon,
                "source": location.source,
            }
        )
    )
    return 0


def export_params(args) -> dict[str, list[str]]:
    """The export options as the links' query parameters."""
    params = {facet.name: getattr(args, facet.name) for facet in FACETS}
    return {**params, "q": [args.search or ""], "from": [args.first or ""], "to": [args.last or ""]}


def run_export(args) -> int:
    from .atlas import DocumentCache, load_atlas
    from .colours import colouring
    from .exports import FORMATS, PICTURES, SIDECAR_SUFFIX, left_out, render, text_alternative, write_atomically
    from .i18n import LANGUAGES

    if args.format not in FORMATS:
        raise ExportError.said("error_unknown_format", format=args.format, known=", ".join(FORMATS))
    if args.lang not in LANGUAGES:
        raise SelectionError.said("error_unknown_language", language=args.lang, known=", ".join(LANGUAGES))
    _size(args.size)  # so does a size it cannot make
    Selection.from_params(export_params(args))  # a malformed month stops the export before a document is read
    atlas = load_atlas(args.documents, _geocoder(args), DocumentCache(), strict=True)  # a bad document stops the export
    selection = Selection.from_params(export_params(args), atlas.trips, strict=True)
    chosen = selection.apply(atlas.trips)
    playback = {"playback": args.playback, "period": selection.months}
    paint = colouring(atlas.trips, "official", args.lang)
    data = render(args.format, chosen, atlas.stops, lang=args.lang, paint=paint, size=_size(args.size), **playback)
    write_atomically(args.out, data)
    if args.format in PICTURES:  # its text alternative beside it: FILE.png.txt
        alternative = text_alternative(args.format, chosen, atlas.stops, lang=args.lang, **playback)
        write_atomically(args.out + SIDECAR_SUFFIX, alternative.encode("utf-8"))
    for notice in warnings(atlas.notices):
        print(f"reisatlas: warning: {notice}", file=sys.stderr)
    for line in left_out(args.format, chosen, atlas.stops, args.lang):
        print(f"reisatlas: warning: {line}", file=sys.stderr)
    return 0


def run_publish(args) -> int:
    from .atlas import DocumentCache, load_atlas
    from .i18n import LANGUAGES, count
    from .site import publish
    from .site.folder import check_out

    if args.lang not in LANGUAGES:
        raise SelectionError.said("error_unknown_language", language=args.lang, known=", ".join(LANGUAGES))
    Selection.from_params(export_params(args))  # a malformed month stops before a document is read
    check_out(Path(args.out), args.force)  # and a folder that is not a site
    atlas = load_atlas(args.documents, _geocoder(args), DocumentCache(), strict=True)
    selection = Selection.from_params(export_params(args), atlas.trips, strict=True)
    chosen = selection.apply(atlas.trips)
    publish(chosen, atlas.stops, args.out, lang=args.lang, everything=atlas.trips, url=args.url, force=args.force)
    for notice in atlas.notices:
        print(f"reisatlas: warning: {notice}", file=sys.stderr)
    print(f"reisatlas: {count(len(chosen), 'trip', 'en')} published to {args.out}", file=sys.stderr)
    return 0


def _size(name: str | None) -> tuple[int, int] | None:
    """``--size`` as (width, height); None when not given."""
    from .exports.playback import SIZES

    if name is None:
        return None
    if name not in SIZES:
        raise ExportError.said("error_unknown_size", size=name, known=", ".join(SIZES))
    return SIZES[name]


def _new_password() -> str:
    """The password, typed twice at a terminal (not echoed), or the first two lines of stdin otherwise."""
    import getpass

    if sys.stdin.isatty():
        first, second = getpass.getpass("Wachtwoord / password: "), getpass.getpass("Nog eens / again: ")
    else:
        lines = sys.stdin.read().splitlines() + ["", ""]
        first, second = lines[0], lines[1]
    if first != second:
        from .store import StoreError

        raise StoreError.said("store_passwords_differ")
    return first


def run_admin_add(args) -> int:
    from .store import Store

    password = _new_password()
    with Store() as store:
        existed = args.name in store.accounts()
        store.add_account(args.name, password)
        print(f"reisatlas: {'new password for' if existed else 'admin'} {args.name} in {store.path}", file=sys.stderr)
    return 0


def run_admin_remove(args) -> int:
    from .store import Store, StoreError

    with Store() as store:
        if not store.remove_account(args.name):
            raise StoreError.said("store_no_account", name=args.name)
        print(f"reisatlas: admin {args.name} removed from {store.path}", file=sys.stderr)
    return 0


def run_store_export(args) -> int:
    from .store import default_store_path, export_store
    from .store.dialects import dialect_for

    store = default_store_path()
    export_store(store, args.file)
    print(f"reisatlas: {dialect_for(store).where} copied to {args.file}", file=sys.stderr)
    return 0


def run_store_import(args) -> int:
    from .store import default_store_path, import_store
    from .store.dialects import dialect_for

    store = default_store_path()
    import_store(args.file, store)
    print(f"reisatlas: {dialect_for(store).where} restored from {args.file}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=os.environ.get("REISATLAS_LOG", "WARNING").upper(), format="reisatlas: %(levelname)s: %(message)s"
    )
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
