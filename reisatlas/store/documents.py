"""Uploaded documents: their bytes, their status (draft, published, withdrawn) and which one a new version replaces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..documents import DocumentSource
from .errors import ConflictError, StoreError, UploadError

STATUSES = ("draft", "published", "withdrawn")


@dataclass(frozen=True)
class Document:
    """An uploaded document (its bytes come from ``Store.content``). ``key`` names it in corrections."""

    id: int
    sha256: str
    name: str
    size: int
    uploaded_by: str
    uploaded_at: str
    status: str
    replaces: int | None

    @property
    def key(self) -> str:
        return document_key(self.sha256)


def document_key(sha256: str) -> str:
    """How corrections name an uploaded document: by its content, so an export and import keep them."""
    return f"sha256:{sha256}"


def folder_key(file_name: str) -> str:
    """How corrections name a document of the read-only folder (REISATLAS_DOCUMENTS, seeds/): by its file name."""
    return f"file:{file_name}"


class Documents:
    """The documents aggregate of ``Store`` (its connection is ``self.db``, its audit log ``self._log``)."""

    def add_document(self, name: str, content: bytes, by: str, *, replaces: int | None = None) -> Document:
        """Keep an uploaded document as a draft. UploadError when the same bytes are already in the store."""
        sha = hashlib.sha256(content).hexdigest()
        with self.db.transaction():
            if existing := self.find_document(sha):
                raise UploadError.about(
                    name,
                    "upload_same_content_as",
                    name=repr(existing.name),
                    status=existing.status,
                    by=existing.uploaded_by,
                    at=existing.uploaded_at,
                )
            if replaces is not None and self.document(replaces) is None:
                raise StoreError.said("store_no_document", id=replaces)
            document = self.document(self.db.insert_document(sha, name, content, by, self._now(), replaces))
            self._log(
                by, "document.upload", document.key, None, {"name": name, "status": "draft", "replaces": replaces}
            )
        return document

    def documents(self, *statuses: str) -> list[Document]:
        """Every uploaded document (or those with one of ``statuses``), oldest first."""
        return [Document(**row) for row in self.db.document_rows(statuses=statuses)]

    def document(self, document_id: int) -> Document | None:
        rows = self.db.document_rows(id=document_id)
        return Document(**rows[0]) if rows else None

    def find_document(self, sha256: str) -> Document | None:
        rows = self.db.document_rows(sha256=sha256)
        return Document(**rows[0]) if rows else None

    def content(self, document_id: int) -> bytes:
        content = self.db.document_content(document_id)
        if content is None:
            raise StoreError.said("store_no_document", id=document_id)
        return content

    def set_status(self, document_id: int, status: str, by: str) -> Document:
        """Publish, withdraw or return to draft. Publishing a new version withdraws the one it replaces."""
        if status not in STATUSES:
            raise StoreError.said("store_unknown_status", status=repr(status), known=", ".join(STATUSES))
        with self.db.transaction():
            document = self.document(document_id)
            if document is None:
                raise StoreError.said("store_no_document", id=document_id)
            if document.status != status:
                self.db.set_document_status(document_id, status)
                self._log(by, "document.status", document.key, {"status": document.status}, {"status": status})
            old = self.document(document.replaces) if document.replaces else None
            if status == "published" and old and old.status == "published":
                self.set_status(old.id, "withdrawn", by)
        return self.document(document_id)

    def sources(self, *statuses: str) -> list[DocumentSource]:
        """The uploads with one of ``statuses`` as DocumentSource (what the atlas reads), oldest first."""
        return [DocumentSource(d.name, self.content(d.id), d.key) for d in self.documents(*statuses)]

    def _undo_status(self, change) -> dict:
        """Undo a ``document.status`` change (inside the undo's transaction); the state after."""
        document = self.find_document(change.target.removeprefix("sha256:"))
        if document is None or document.status != change.after["status"]:
            raise ConflictError.said("store_status_changed_again")
        self.db.set_document_status(document.id, change.before["status"])
        return {"status": change.before["status"]}
