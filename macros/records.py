"""Typed records for the handbook's data files, one class per kind of entry."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Category:
    """A category of MSP tool and the job it does (data/categories.yml)."""

    id: str
    name: str
    short_name: str
    job: str
    page: str | None = None

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Category:
        """Build from one schema-valid entry."""
        return cls(**entry)


@dataclass(frozen=True)
class Vendor:
    """A vendor of MSP tools (data/vendors.yml)."""

    id: str
    name: str
    category: str
    description: str
    website: str
    last_verified: dt.date
    example: bool = False

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Vendor:
        """Build from one schema-valid entry, turning the date text into a date."""
        return cls(**{**entry, "last_verified": dt.date.fromisoformat(entry["last_verified"])})


@dataclass(frozen=True)
class Handbook:
    """Everything in data/, validated and cross-checked, loaded once per build."""

    categories: tuple[Category, ...]
    vendors: tuple[Vendor, ...]

    def category(self, category_id: str) -> Category:
        """The category with this ID (IDs were checked when loading)."""
        return next(c for c in self.categories if c.id == category_id)

    def vendors_in(self, category_id: str) -> tuple[Vendor, ...]:
        """Vendors of one category, in file order."""
        return tuple(v for v in self.vendors if v.category == category_id)
