"""Full-text search that works offline and from file://: an index built at build time.

The index is a set of JavaScript files that the search page loads with <script> elements (fetch()
fails on file://), each calling the page's registration function `__sitegenSearch(name, data)`:

- `search/terms-<hash>.js`: a shard of the inverted index, `{term: [packed postings]}` for a
  contiguous range of the sorted terms. A posting packs a document number and a weight as
  `delta * 10 + weight`, where `delta` is the document number minus the previous one in the list.
- `search/docs-<hash>.js`: a block of consecutive documents, `[[kind, url, title, date, text]]`.

The manifest (the first term of each shard, the first document of each block, their files) is
embedded in `search.html` as JSON, so a query loads only the shards of its words and the blocks of
the results it shows. File names carry a hash of their bytes, so a browser never mixes a stale
shard with a new manifest. `theme/static/search.js` tokenises queries exactly as `tokenize` does.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping

from .cache import code_fingerprint
from .labels import date_label
from .memo import Memo, memo_key
from .model import Event, Source, Timeline, event_url, source_url
from .pages import Page
from .render import (
    RENDER_FILES,
    Artifact,
    compact_json,
    digest,
    make_environment,
    render_page,
    theme_fingerprint,
    theme_search_path,
)
from .urls import relative_url

PAGE_PATH = "search.html"
# The code that makes an indexed document (what the search memo keeps).
SEARCH_FILES = ("search.py", "render.py", "labels.py", "urls.py", "model.py")
INDEX_FOLDER = "search"
SHARD_BYTES = 64_000
BLOCK_BYTES = 16_000
SNIPPET_TEXT_CHARS = 50_000
HASH_CHARS = 16
TITLE_WEIGHT = 5
MAX_COUNT_WEIGHT = 4

# Letters that Unicode decomposition leaves alone but readers type without their marks.
# theme/static/search.js holds the same table.
FOLDS = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                       "ł": "l", "þ": "th", "ħ": "h", "ŀ": "l", "ς": "σ"})
# Thousands separators join a number ("1,500" is "1500"); otherwise runs of letters and digits.
WORD = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[^\W_]+")
# Plural endings, first match wins: (ending, replacement). A word keeps at least 2 letters.
PLURALS = (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"),
           ("ss", "ss"), ("us", "us"), ("is", "is"), ("s", ""))


def fold(text: str) -> str:
    """Lowercase `text` and remove accents: "Çavuşoğlu" becomes "cavusoglu", "Straße" "strasse"."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered.translate(FOLDS))
    return "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))


def stem(word: str) -> str:
    """A light English stemmer for folded words: plural endings only ("clashes" → "clash",
    "countries" → "country"); words with digits and short words are kept as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for ending, replacement in PLURALS:
        if word.endswith(ending):
            kept = word[:len(word) - len(ending)]
            return kept + replacement if len(kept) >= 2 else word
    return word


def tokenize(text: str) -> list[str]:
    """The search terms of `text`, in order: folded, stemmed words of two or more characters and
    all numbers."""
    return [term for word in WORD.findall(fold(text)) if (term := _term(word))]


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str:
    """The term a folded word is indexed under, or "" when it is too short to index."""
    word = word.replace(",", "")
    return stem(word) if len(word) > 1 or word.isdigit() else ""


@dataclass(frozen=True)
class SearchDocument:
    """One thing a reader can find: an event or a source.

    `url` is relative to the search page; `fields` are the texts indexed besides the title;
    `text` is what result snippets are cut from.
    """

    kind: str
    url: str
    title: str
    date: str
    fields: tuple[str, ...]
    text: str

    def record(self) -> list[str]:
        """The document's entry in a `docs-*.js` block."""
        return [self.kind, self.url, self.title, self.date, self.text[:SNIPPET_TEXT_CHARS]]


def search_documents(timeline: Timeline) -> list[SearchDocument]:
    """Every event (title, quotes, date label, source titles), then every source (title, body)."""
    return [make() for _, make in _keyed_documents(timeline)]


def _keyed_documents(timeline: Timeline) -> Iterator[tuple[Hashable, Callable[[], SearchDocument]]]:
    """`search_documents` as (key, maker) pairs: the key names everything the document is made
    of, so an index can take a document indexed earlier without making it again."""
    titles = timeline.titles
    for event in timeline.events:
        source_titles = tuple(titles[source_id] for source_id in event.source_ids)
        yield (event.fingerprint, source_titles), partial(_event_document, event, source_titles)
    for source in timeline.sources:
        published = source.published.isoformat() if source.published else ""
        yield (memo_key(source.id, source.title, published, source.body),
               partial(_source_document, source, published))


def _event_document(event: Event, source_titles: tuple[str, ...]) -> SearchDocument:
    quotes = tuple(quote.text for quote in event.quotes)
    label = date_label(event.date)
    return SearchDocument("event", relative_url(event_url(event), PAGE_PATH), event.title, label,
                          (*quotes, label, *source_titles), " … ".join(quotes))


def _source_document(source: Source, published: str) -> SearchDocument:
    return SearchDocument("source", relative_url(source_url(source.id), PAGE_PATH), source.title, published,
                          (source.body,), source.body.strip())


def term_weights(document: SearchDocument) -> dict[str, int]:
    """Each term of a document with its weight, 1 to 9: a title hit adds TITLE_WEIGHT, and each
    occurrence elsewhere adds one, up to MAX_COUNT_WEIGHT."""
    counts: dict[str, int] = {}
    for field_text in document.fields:
        for term in tokenize(field_text):
            counts[term] = counts.get(term, 0) + 1
    weights = {term: min(count, MAX_COUNT_WEIGHT) for term, count in counts.items()}
    for term in set(tokenize(document.title)):
        weights[term] = weights.get(term, 0) + TITLE_WEIGHT
    return weights


@dataclass(frozen=True)
class IndexedDocument:
    """What the index files need of a document: its terms, their weights (one byte each, in the
    same order), and its record as JSON."""

    terms: tuple[str, ...]
    weights: bytes
    record: str

    @staticmethod
    def of(document: SearchDocument) -> IndexedDocument:
        """Tokenise and weigh `document` and serialise its record."""
        weights = term_weights(document)
        return IndexedDocument(tuple(weights), bytes(weights.values()), _json(document.record()))


def indexed_documents(timeline: Timeline, memo: Memo | None = None) -> list[IndexedDocument]:
    """Each of the timeline's `search_documents` indexed, taken from `memo` when an earlier build
    indexed the same document."""
    memo = memo or Memo(None, "search", "")
    return [memo.get(key, lambda make=make: IndexedDocument.of(make())) for key, make in _keyed_documents(timeline)]


def build_postings(documents: Iterable[SearchDocument]) -> dict[str, list[tuple[int, int]]]:
    """The inverted index: each term with its (document number, weight) pairs, numbers ascending."""
    indexed = (IndexedDocument.of(document) for document in documents)
    return {term: list(_unpacked(entries)) for term, entries in _compact_postings(indexed).items()}


def _compact_postings(documents: Iterable[IndexedDocument]) -> dict[str, array]:
    """`build_postings` with each pair stored as one machine integer (`number * 16 + weight`):
    at 100,000 documents, tuples would take gigabytes."""
    postings: dict[str, array] = {}
    for number, document in enumerate(documents):
        base = number * 16
        for term, weight in zip(document.terms, document.weights):
            entries = postings.get(term)
            if entries is None:
                entries = postings[term] = array("q")
            entries.append(base + weight)
    return postings


def _unpacked(entries: Iterable[int]) -> Iterator[tuple[int, int]]:
    for entry in entries:
        yield entry >> 4, entry & 15


def _pack_compact(entries: array) -> list[int]:
    """`pack` of compact postings (see `_compact_postings`)."""
    packed, previous = [], 0
    for entry in entries:
        number = entry >> 4
        packed.append((number - previous) * 10 + (entry & 15))
        previous = number
    return packed


def pack(postings: Iterable[tuple[int, int]]) -> list[int]:
    """Postings as `delta * 10 + weight` numbers (see the module docstring)."""
    packed, previous = [], 0
    for number, weight in postings:
        packed.append((number - previous) * 10 + weight)
        previous = number
    return packed


def term_order(term: str) -> bytes:
    """The sort key of terms: UTF-16 code units, the order JavaScript compares strings in."""
    return term.encode("utf-16-be")


@dataclass(frozen=True)
class IndexFile:
    """A file of the index: its name (which its script registers under), its bytes, and the first
    term or document number it holds."""

    name: str
    data: bytes
    first: str | int

    @property
    def path(self) -> str:
        """Its site path."""
        return f"{INDEX_FOLDER}/{self.name}.js"


def _json(data: Any) -> str:
    """Compact JSON that is also a JavaScript literal in any engine (line separators escaped)."""
    return compact_json(data).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def index_file(prefix: str, payload: str, first: str | int) -> IndexFile:
    """A script registering `payload` (data serialised by `_json`) under a name made of `prefix`
    and a hash of it."""
    name = f"{prefix}-{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:HASH_CHARS]}"
    return IndexFile(name, f"__sitegenSearch({json.dumps(name)},{payload});\n".encode("utf-8"), first)


def _chunks(items: list[tuple[Any, str]], budget: int) -> list[list[Any]]:
    """Items grouped, in order, into chunks whose serialised forms add up to about `budget` bytes;
    an item larger than `budget` gets a chunk of its own."""
    chunks: list[list[Any]] = []
    size = 0
    for item, serialised in items:
        length = len(serialised.encode("utf-8")) + 1
        if not chunks or size + length > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += length
    return chunks


def term_shards(postings: Mapping[str, Iterable[tuple[int, int]] | array],
                budget: int = SHARD_BYTES) -> list[IndexFile]:
    """The index split into shards of consecutive terms of about `budget` bytes each (made one
    shard at a time, so only one shard's entries are in memory besides the finished files)."""
    shards: list[IndexFile] = []
    chunk: list[str] = []
    first = ""
    size = 0
    for term in sorted(postings, key=term_order):
        entries = postings[term]
        packed = _pack_compact(entries) if isinstance(entries, array) else pack(entries)
        member = f"{_json(term)}:{_json(packed)}"  # the term's member of the shard's object
        length = len(member.encode("utf-8")) + 3  # measured as [term,packed] plus a separator
        if chunk and size + length > budget:
            shards.append(index_file("terms", "{" + ",".join(chunk) + "}", first))
            chunk, size = [], 0
        if not chunk:
            first = term
        chunk.append(member)
        size += length
    if chunk:
        shards.append(index_file("terms", "{" + ",".join(chunk) + "}", first))
    return shards


def document_blocks(documents: list[SearchDocument] | list[IndexedDocument],
                    budget: int = BLOCK_BYTES) -> list[IndexFile]:
    """The documents' records in blocks of consecutive documents of about `budget` bytes each."""
    records = [document.record if isinstance(document, IndexedDocument) else _json(document.record())
               for document in documents]
    chunks = _chunks([((number, record), record) for number, record in enumerate(records)], budget)
    return [index_file("docs", "[" + ",".join(record for _, record in chunk) + "]", chunk[0][0])
            for chunk in chunks]


def manifest(shards: list[IndexFile], blocks: list[IndexFile], count: int) -> dict[str, Any]:
    """What the search page needs to find the shard of a term and the block of a document: for
    each, the first term (or document number) of every file and the file names, in order."""
    def listing(files: list[IndexFile]) -> dict[str, list[Any]]:
        return {"first": [file.first for file in files], "names": [file.name for file in files]}

    return {"version": 1, "documents": count, "terms": listing(shards), "blocks": listing(blocks)}


def index_files(timeline: Timeline, memo: Memo | None = None) -> tuple[dict[str, Any], list[IndexFile]]:
    """The manifest and every file of the index for a timeline (documents indexed by an earlier
    build are taken from `memo`)."""
    documents = indexed_documents(timeline, memo)
    shards = term_shards(_compact_postings(documents))
    blocks = document_blocks(documents)
    return manifest(shards, blocks, len(documents)), shards + blocks


def search_artifacts(timeline: Timeline, site: dict[str, Any],
                     search_path: list[Path] | None = None, memos: Path | None = None) -> list[Artifact]:
    """The search page and the index files, each keyed by a hash of what makes its bytes.

    `search_path` is the theme search path (the built-in theme when None); `memos` the folder of
    the memo of indexed documents (none kept when None).
    """
    folders = search_path if search_path is not None else theme_search_path(None)
    memo = Memo(memos, "search", code_fingerprint(SEARCH_FILES))
    index, files = index_files(timeline, memo)
    memo.save()
    artifacts = [Artifact(file.path, hashlib.sha256(file.data).hexdigest(), partial(bytes, file.data))
                 for file in files]
    page = Page(PAGE_PATH, "search.html", (index,), partial(dict, manifest=index))
    titles = timeline.titles
    key = digest(code_fingerprint((*RENDER_FILES, "search.py")), theme_fingerprint(folders), site,
                 page.path, page.inputs)
    artifacts.append(Artifact(page.path, key, partial(render_page, page, make_environment(folders), site, titles)))
    return artifacts

