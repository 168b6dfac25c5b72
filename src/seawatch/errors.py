"""Exceptions raised by seawatch. They carry facts (row, column, value), never UI text."""

from __future__ import annotations

from dataclasses import dataclass


class SeawatchError(Exception):
    """Base class of every error seawatch raises on purpose."""


class InputError(SeawatchError):
    """A file, argument or value given by the user cannot be used."""


@dataclass
class DataFormatError(InputError):
    """A data file is malformed at a given place.

    `row` is the 1-based line number in the original file (header = line 1), when known.
    """

    message: str
    path: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class ZoneError(SeawatchError):
    """A zone file is unusable (not a geo file, wrong CRS, missing columns...)."""


class CRSError(InputError):
    """Geometries without a CRS, or in a CRS that cannot be used."""


class StoreError(SeawatchError):
    """The incident store cannot complete an operation; it is left unchanged."""


class FilterError(InputError):
    """A filter value (from the UI, a URL parameter or the CLI) is not valid."""
