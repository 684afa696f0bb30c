"""The error shape every counter device reports: a Chinese ``message`` and ``hint`` for the clerk,
``detail`` only for the log, a stable English ``code`` for ``--json``."""

from __future__ import annotations


class DeviceError(Exception):
    code = "device"

    def __init__(self, message: str, hint: str = "", *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.detail = detail

    def text(self) -> str:
        return f"{self.message}{self.hint}" if self.hint else self.message

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "hint": self.hint}
