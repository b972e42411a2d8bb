"""``reisatlas document add|list|publish|withdraw``: Beheer's documents from the command line, for automation (a
cron job, a pipeline from a document system).

``add`` reads a file through the upload's own path (``reisatlas.store.upload.receive``: the same checks, limits
and child process as an upload in Beheer) and says what it found: the trips and every warning with its file, line
and reason, as text or ``--json``. Every change is in the audit log under the admin named by ``--as``, who must be
an admin of the store (``reisatlas admin add``).
"""

from __future__ import annotations

import argparse
import json
import sys


def add_commands(commands) -> list[argparse.ArgumentParser]:
    """The ``document`` command and its subcommands, under the CLI's ``commands``; the parsers made."""
    document = commands.add_parser(
        "document", help="add, list, publish or withdraw Beheer's documents (REISATLAS_STORE)"
    )
    subcommands = document.add_subparsers(dest="document_command", required=True)

    add = subcommands.add_parser(
        "add", help="read a document with the checks and limits of an upload in Beheer and keep it as a draft"
    )
    add.add_argument("file", metavar="FILE", help=".txt or .pdf document")
    add.add_argument("--publish", action="store_true", help="publish it at once")
    _as_admin(add)
    _json(add)
    add.add_argument("--lang", default="nl", choices=("nl", "en"), help="language of the warnings (default nl)")
    add.set_defaults(run=run_add)

    listing = subcommands.add_parser("list", help="every uploaded document, oldest first")
    _json(listing)
    listing.set_defaults(run=run_list)

    for name, status, said in (("publish", "published", "publish"), ("withdraw", "withdrawn", "withdraw")):
        change = subcommands.add_parser(name, help=f"{said} document ID (its number in `reisatlas document list`)")
        change.add_argument("id", metavar="ID", type=int)
        _as_admin(change)
        _json(change)
        change.set_defaults(run=run_status, status=status)
    return [document, *subcommands.choices.values()]


def _as_admin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="admin", required=True, metavar="ADMIN", help="the admin the audit log names")


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _admin(store, name: str) -> str:
    from .store import StoreError

    if name not in store.accounts():
        raise StoreError.said("store_no_account", name=name)
    return name


def _described(document) -> dict:
    return {
        "id": document.id,
        "name": document.name,
        "status": document.status,
        "sha256": document.sha256,
        "size": document.size,
        "uploaded_by": document.uploaded_by,
        "uploaded_at": document.uploaded_at,
        "replaces": document.replaces,
    }


def _line(document) -> str:
    return (
        f"{document.id}\t{document.status}\t{document.name}\t{document.uploaded_by}\t{document.uploaded_at}"
        f"\tsha256 {document.sha256[:12]}"
    )


def run_add(args) -> int:
    from .documents import read_bytes
    from .geocoding import default_geocoder
    from .store import Store
    from .store.upload import found, receive

    data = read_bytes(args.file)
    with Store() as store:
        admin = _admin(store, args.admin)
        document, reading = receive(store, args.file, data, admin)
        placed = found(document, data, reading, default_geocoder(online=False))  # as the public pages show it
        if args.publish:
            document = store.set_status(document.id, "published", admin)
    warnings = [
        {"file": notice.file, "line": notice.line, "reason": notice.reason(args.lang)} for notice in placed.notices
    ]
    if args.json:
        _print_json({**_described(document), "trips": [trip.to_dict() for trip in placed.trips], "warnings": warnings})
        return 0
    print(f"document {document.id}: {document.name}, {document.status}, {len(placed.trips)} trips")
    for trip in placed.trips:
        months = f"{trip.months[0]}–{trip.months[-1]}" if len(trip.months) > 1 else "".join(trip.months) or "?"
        print(f"  line {trip.source.line}: {trip.title} ({months})")
    for warning in warnings:
        where = f"{warning['file']}:{warning['line']}" if warning["line"] else warning["file"]
        print(f"warning: {where}: {warning['reason']}")
    return 0


def run_list(args) -> int:
    from .store import Store

    with Store() as store:
        documents = store.documents()
    if args.json:
        _print_json([_described(document) for document in documents])
    else:
        for document in documents:
            print(_line(document))
    return 0


def run_status(args) -> int:
    from .store import Store, StoreError

    with Store() as store:
        admin = _admin(store, args.admin)
        if store.document(args.id) is None:
            raise StoreError.said("store_no_document", id=args.id)
        document = store.set_status(args.id, args.status, admin)
    if args.json:
        _print_json(_described(document))
    else:
        print(_line(document))
    return 0


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
