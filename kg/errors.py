"""Project exceptions. Each carries a stable ``code``; tests assert codes, not wording."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg reports to its users.

    Args:
        message: what went wrong, in words a user can act on.
        source: the file (or other input) concerned, if any.
        line: the 1-based line in ``source``, where it helps.
    """

    code = "KG000"

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = f"{self.source}:{self.line}: " if self.line else f"{self.source}: "
        return f"{where}{self.message} [{self.code}]"


class InputError(KgError):
    """An input file cannot be read or decoded."""

    code = "KG100"


class EmptyInputError(InputError):
    code = "KG101"


class EncodingError(InputError):
    code = "KG102"


class BinaryInputError(InputError):
    code = "KG103"


class RecordError(InputError):
    """A JSON Lines record is malformed."""

    code = "KG104"


class MetadataError(InputError):
    """A sidecar or option gives impossible page metadata."""

    code = "KG105"


class UnreadableInputError(InputError):
    code = "KG106"


class NoInputError(InputError):
    """The paths given hold no page at all."""

    code = "KG107"


class MissingMetadataWarning(InputError):
    """A page is built without its paper or issue date: its IRIs say ``unknown`` or ``undated``."""

    code = "KG111"


class PageCollisionWarning(InputError):
    """Two input files of one build give one page IRI (same paper, date and page id): the later replaces the other."""

    code = "KG112"


class OutputError(KgError):
    """The output folder or store cannot be written."""

    code = "KG200"


class StoreError(KgError):
    code = "KG300"


class QueryError(KgError):
    """A SPARQL query is malformed or cannot be run."""

    code = "KG301"


class UnknownQueryError(QueryError):
    code = "KG302"


class GraphNotFoundError(StoreError):
    """No built graph in the folder given."""

    code = "KG303"


class ValidationFailed(KgError):
    code = "KG400"


class ViewError(KgError):
    code = "KG500"


class ModelError(KgError):
    """A recognition model or lexicon is missing or broken."""

    code = "KG600"


class GoldFormatError(InputError):
    """A gold file for ``kg evaluate`` does not follow its format."""

    code = "KG108"


class SchedulerError(KgError):
    """A Dask scheduler cannot be reached, or Dask is not installed."""

    code = "KG700"


class PageTooLargeError(InputError):
    """A page export (or JSON Lines record) is over the page-size limit: it is not read."""

    code = "KG109"


class ExtractionError(InputError):
    """The per-page stages failed on one page (a bug of kg's): the page is left out of
    the build and reported, and the other pages are built."""

    code = "KG110"
