"""Domain errors: each carries an HTTP status, a machine code and a bilingual message.

Entrypoints (API, CLI, workers) translate these; services only raise them.
"""
from __future__ import annotations

from typing import Any


class SigapError(Exception):
    """Base error. `code` is stable for machines; messages are for people (id first)."""

    status: int = 400
    code: str = "bad_request"
    message_id: str = "Permintaan tidak valid."
    message_en: str = "Invalid request."

    def __init__(
        self,
        message_id: str | None = None,
        message_en: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
        keep: bool = False,
    ) -> None:
        self.message_id = message_id or self.message_id
        self.message_en = message_en or self.message_en
        self.code = code or self.code
        self.status = status or self.status
        self.details = details or {}
        # What the transaction did before this refusal is committed, not rolled back: a refused
        # "Terima" still hands its offer on at once (it waited minutes for the offer to expire).
        self.keep = keep
        super().__init__(f"{self.code}: {self.message_en}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON body every entrypoint returns for this error."""
        body: dict[str, Any] = {
            "code": self.code,
            "message": self.message_id,
            "message_en": self.message_en,
        }
        if self.details:
            body["details"] = self.details
        return body


class InvalidInput(SigapError):
    status = 400
    code = "invalid_input"


class Unprocessable(SigapError):
    status = 422
    code = "unprocessable"
    message_id = "Data tidak dapat diproses."
    message_en = "The data cannot be processed."


class OutsideCity(Unprocessable):
    code = "outside_city"
    message_id = "Lokasi berada di luar wilayah kota yang dilayani."
    message_en = "The location is outside every city served."


class NotFound(SigapError):
    status = 404
    code = "not_found"
    message_id = "Data tidak ditemukan."
    message_en = "Not found."


class Unauthorized(SigapError):
    status = 401
    code = "unauthorized"
    message_id = "Silakan masuk terlebih dahulu."
    message_en = "Please log in first."


class Forbidden(SigapError):
    status = 403
    code = "forbidden"
    message_id = "Anda tidak berwenang melakukan tindakan ini."
    message_en = "You are not allowed to do this."


class Conflict(SigapError):
    status = 409
    code = "conflict"
    message_id = "Terjadi konflik dengan data yang ada."
    message_en = "This conflicts with existing data."


class ServiceUnavailable(SigapError):
    status = 503
    code = "service_unavailable"
    message_id = "Layanan sedang tidak tersedia, coba lagi sebentar lagi."
    message_en = "The service is temporarily unavailable, please retry shortly."
