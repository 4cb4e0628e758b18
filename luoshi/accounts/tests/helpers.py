"""Files for the directory import tests (shared with every import's tests)."""

from luoshi.domain.tests.files import csv_bytes, xlsx_bytes

__all__ = ["csv_bytes", "xlsx_bytes"]
