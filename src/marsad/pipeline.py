"""The processing pipeline: small components, each filling one part of a Document.

Components are callables `component(doc) -> None` that add to the document in
place. The default pipeline splits sentences, then runs the extractors.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from .document import Document
from .ingest.build import build_document, check_iso_date, raw_from_string
from .ingest.errors import InputError
from .ingest.readers import RawInput, iter_inputs
from .text.sentences import split_sentences

Component = Callable[[Document], None]


def sentence_splitter(doc: Document) -> None:
    doc.sentences = [{"start": s.start, "end": s.end} for s in split_sentences(doc.text)]


def default_components() -> list[Component]:
    components: list[Component] = [sentence_splitter]
    try:
        from .extractors import default_extractors
    except ImportError:  # extraction not installed in this build
        return components
    return components + default_extractors()


class Pipeline:
    def __init__(self, components: Iterable[Component] | None = None):
        self.components = list(components) if components is not None else default_components()

    def __call__(self, doc: Document) -> Document:
        for component in self.components:
            component(doc)
        return doc

    def process_raw(self, raw: RawInput, default_published: str | None = None) -> Document:
        return self(build_document(raw, default_published))

    def process_paths(self, paths: list[str], default_published: str | None = None) -> Iterator[Document | InputError]:
        """Documents for every input under `paths`; failures come out as InputError, never raised."""
        for item in iter_inputs(paths):
            if isinstance(item, InputError):
                yield item
                continue
            try:
                yield self.process_raw(item, default_published)
            except InputError as exc:
                yield exc
            except Exception as exc:  # one bad document never stops a batch
                yield InputError(item.source, f"internal error while processing: {type(exc).__name__}: {exc}")


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def extract(text_or_html: str, published: str | None = None) -> Document:
    """Extract one article given as plain text or HTML; `published` is YYYY-MM-DD."""
    published = check_iso_date(published, "published")
    pipeline = default_pipeline()
    raw = raw_from_string(text_or_html)
    try:
        return pipeline.process_raw(raw, published)
    except InputError as exc:  # the API never raises on content: it reports
        return pipeline(Document(text="", original=text_or_html, published=published, input=raw.source, warnings=[exc.reason]))
