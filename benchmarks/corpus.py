"""A corpus of synthetic plan PDFs for the speed benchmarks, cached on disk.

    .venv/bin/python benchmarks/corpus.py --docs 60      # build (or reuse) benchmarks/corpus/60/

The plans come from the samples generator used as a library
(:func:`plantables.samples.generate.build_plan` on a
:func:`~plantables.samples.spec.make_spec` spec), reportlab only — no
LibreOffice — so 60 documents take a few seconds. Documents cycle through the
three layout families (A: NOS/What?/Who?/How? with tall merged cells, B:
month grid with RAG fills, C: portrait Ref/Action/Owner/Deadline) with about
ten pages each. Each document gets its own invented council, so the corpus is
a batch of distinct plans rather than one plan in sixty editions.

A corpus is built once per ``(docs, seed)`` and reused; ``manifest.json``
lists its files and pages, and a corpus whose files changed is rebuilt.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

CORPUS_ROOT = Path(__file__).resolve().parent / "corpus"

#: family → sections per document (about ten pages each; family B's risk refs
#: outgrow their column beyond five priorities).
SECTIONS = {"A": 8, "B": 5, "C": 9}
FAMILIES = ("A", "B", "C")

# invented place names: prefix x suffix gives 20 x 20 distinct councils
_PREFIX = ("Ash", "Bar", "Cold", "Dun", "East", "Fair", "Glen", "High", "Kings", "Long",
           "Mill", "North", "Oak", "Red", "Salt", "Stone", "Thorn", "West", "Wick", "Yar")
_SUFFIX = ("bury", "combe", "dale", "field", "ford", "gate", "ham", "holme", "hurst", "ley",
           "minster", "moor", "mouth", "port", "stead", "stow", "thorpe", "ton", "wick", "worth")
_KINDS = ("Borough Council", "City Council", "District Council", "County Council")


@dataclass(frozen=True)
class Corpus:
    folder: Path
    files: list[Path]
    pages: list[int]  # pages of each file, same order

    @property
    def total_pages(self) -> int:
        return sum(self.pages)


def council_name(i: int) -> str:
    """The ``i``-th invented council (distinct for i < 1600)."""
    place = _PREFIX[i % len(_PREFIX)] + _SUFFIX[(i // len(_PREFIX)) % len(_SUFFIX)]
    return f"{place} {_KINDS[(i // 400) % len(_KINDS)]}"


def build_document(i: int, seed: int, out: Path) -> int:
    """Write the ``i``-th corpus document to ``out``; return its page count."""
    from plantables.samples.generate import build_plan
    from plantables.samples.spec import make_spec

    family = FAMILIES[i % len(FAMILIES)]
    n_sections = SECTIONS[family]
    draw = seed * 100_003 + i
    while True:
        spec = make_spec(family, draw, name=out.stem, n_sections=n_sections)
        spec = replace(spec, organisation=council_name(i))
        try:
            build_plan(spec, out, fmt="pdf", truth=False)
            break
        except ValueError:  # a drawn word too wide for its column: draw again
            draw += 7919
    return _page_count(out)


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def ensure_corpus(docs: int, *, seed: int = 1, root: Path = CORPUS_ROOT, log=None) -> Corpus:
    """The corpus of ``docs`` documents under ``root/<docs>-s<seed>/``, built if missing or changed."""
    folder = root / f"{docs}-s{seed}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        files = [folder / name for name in data["files"]]
        if all(f.exists() for f in files) and data.get("digest") == _digest(files):
            return Corpus(folder, files, data["pages"])
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pdf"):
        old.unlink()
    files, pages = [], []
    for i in range(docs):
        out = folder / f"plan_{i:04d}_{FAMILIES[i % 3].lower()}.pdf"
        pages.append(build_document(i, seed, out))
        files.append(out)
        if log and (i + 1) % 50 == 0:
            log(f"corpus: {i + 1}/{docs} documents")
    manifest.write_text(json.dumps({"docs": docs, "seed": seed, "files": [f.name for f in files],
                                    "pages": pages, "digest": _digest(files)}, indent=1))
    return Corpus(folder, files, pages)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    corpus = ensure_corpus(args.docs, seed=args.seed, log=print)
    print(f"{corpus.folder}: {len(corpus.files)} documents, {corpus.total_pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
