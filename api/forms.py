"""Multipart form parsing with the `multipart` package, Werkzeug's parser as the fallback.

Why: Werkzeug compiles a regular expression for every request's boundary (each upload has a
new one, so Python's regex cache never hits): ~0.6 ms of a report submission's ~6 ms of
Python, against ~0.05 ms here (bench/RESULTS.md). `request.form` and `request.files` keep
their Werkzeug types, so views do not change.

Bodies up to FAST_MAX_BYTES (a phone photo after the app's resize, the bench's reports) take
the fast path. Larger bodies, and any body the fast parser does not split at every boundary,
go to Werkzeug exactly as before: Werkzeug's own test client, for one, writes an empty field
without the line break that belongs to the next delimiter, which only Werkzeug's parser
forgives.
"""
from __future__ import annotations

import io
import typing as t

import multipart
from flask import Request
from werkzeug.datastructures import FileStorage, Headers
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from geo.errors import InvalidInput

FAST_MAX_BYTES = 1024 * 1024


class MultipartFormDataParser(FormDataParser):
    """Werkzeug's FormDataParser with a fast path for small multipart/form-data bodies."""

    def parse(self, stream: t.IO[bytes], mimetype: str, content_length: int | None,
              options: dict[str, str] | None = None) -> tuple[t.IO[bytes], t.Any, t.Any]:
        boundary = (options or {}).get("boundary", "")
        if (mimetype != "multipart/form-data" or not boundary or content_length is None
                or content_length > FAST_MAX_BYTES):
            return _strict(super().parse(stream, mimetype, content_length, options))
        body = stream.read(content_length)
        parsed = self._fast(body, boundary)
        if parsed is None:
            return _strict(super().parse(io.BytesIO(body), mimetype, content_length, options))
        return stream, parsed[0], parsed[1]

    def _fast(self, body: bytes, boundary: str) -> tuple[t.Any, t.Any] | None:
        """(form, files), or None when Werkzeug should decide."""
        form: list[tuple[str, str]] = []
        files: list[tuple[str, FileStorage]] = []
        try:
            parts = list(multipart.MultipartParser(
                io.BytesIO(body), boundary, len(body), part_limit=self.max_form_parts or 1000,
                spool_limit=FAST_MAX_BYTES, memory_limit=FAST_MAX_BYTES + 1))
        except multipart.MultipartError:
            return None
        if body.count(b"--" + boundary.encode("latin-1")) != len(parts) + 1:
            return None  # a delimiter ended up inside a value: not a split we can trust
        for part in parts:
            if part.filename is None:
                if self.max_form_memory_size is not None and part.size > self.max_form_memory_size:
                    raise RequestEntityTooLarge()
                try:
                    form.append((part.name, part.raw.decode("utf-8")))
                except UnicodeDecodeError:
                    raise _not_utf8(part.name) from None
            else:
                files.append((part.name, FileStorage(
                    part.file, filename=part.filename, name=part.name,
                    content_type=part.content_type, headers=Headers(part.headerlist))))
        return self.cls(form), self.cls(files)


def _not_utf8(name: str) -> InvalidInput:
    return InvalidInput(f"Isian {name!r} bukan teks UTF-8 yang sah.", f"Field {name!r} is not valid UTF-8 text.",
                        code="invalid_utf8", details={"field": name})


def _strict(parsed: tuple[t.IO[bytes], t.Any, t.Any]) -> tuple[t.IO[bytes], t.Any, t.Any]:
    """Werkzeug replaces bytes that are not UTF-8 with U+FFFD and carries on: text that was
    never what the citizen typed would be stored. A text field holding U+FFFD is refused
    (a person does not type the replacement character)."""
    for name, value in parsed[1].items(multi=True):
        if isinstance(value, str) and "\ufffd" in value:
            raise _not_utf8(name)
    return parsed


class SigapRequest(Request):
    form_data_parser_class = MultipartFormDataParser
