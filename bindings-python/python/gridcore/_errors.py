"""The exception hierarchy. Plain Python classes, so that they pickle with their
attributes (Spark ships exceptions between workers)."""

from __future__ import annotations


class GridcoreError(Exception):
    """Base of every gridcore error.

    ``kind`` is ``"tariff"``, ``"request"``, ``"metering"`` or ``"internal"``; ``code`` is a
    stable snake_case reason to branch on (``"tiers_not_ascending"``); ``path`` names the
    field (``"tariff.energy.tiered.tiers[1].upto"``); ``reason`` says what is wrong.
    """

    kind: str
    code: str
    path: str
    reason: str

    def __init__(self, message: str, kind: str = "internal", code: str = "internal", path: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.code = code
        self.path = path
        self.reason = reason or message

    def __reduce__(self):  # type: ignore[no-untyped-def]
        state = {k: v for k, v in self.__dict__.items() if k not in ("kind", "code", "path", "reason")}
        return (type(self), (self.args[0], self.kind, self.code, self.path, self.reason), state or None)


class TariffError(GridcoreError):
    """The tariff document is malformed or inconsistent."""


class RequestError(GridcoreError):
    """The bill request (account, period, dates) is malformed or inconsistent."""


class MeteringError(GridcoreError):
    """Readings or interval data cannot be turned into billed quantities."""


class InternalError(GridcoreError):
    """A bug inside the engine (a caught panic). Never caused by input; please report it."""
