"""Words as printed: plantables' PDF words against pdftotext's, per document.

For every PDF under the given folders (default: ../shared/real and ../shared/peers), each page's
words are built by ``extract.pdf.text.chars_to_words`` (the word building every PDF reader uses)
and compared with the words ``pdftotext`` prints for that page: agreement is the F1 of the two
multisets of words (2 * common / (ours + theirs)). Words are compared after dropping punctuation
at their ends, so a reader that keeps "(a)" and one that prints "(a" ")" differ only there.

    python benchmarks/word_accuracy.py [FOLDER_OR_PDF ...] [--show N] [--json out.json]

``--show N`` prints, per document, the N commonest words found by one side only (split words
such as ``D escription`` show up as ``D`` and ``escription`` on our side).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
_PUNCT = "\"'“”‘’.,;:!?()[]{}*•·–—-"


def _norm(words) -> Counter:
    out: Counter = Counter()
    for w in words:
        w = w.strip(_PUNCT)
        if w:
            out[w] += 1
    return out


def pdftotext_words(path: Path, page: int) -> Counter:
    text = subprocess.run(["pdftotext", "-q", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=False).stdout
    return _norm(text.split())


def our_words(page) -> Counter:
    from plantables.extract.pdf.text import chars_to_words

    # a word may hold a space char pdfium kept (see page._read_chars): split there as pdftotext does
    return _norm(t for w in chars_to_words(page.chars) for t in w["text"].split())


def score(path: Path) -> dict:
    from plantables.extract.pdf.page import read_pages

    common = ours_n = theirs_n = 0
    only_ours: Counter = Counter()
    only_theirs: Counter = Counter()
    for page in read_pages(path, with_tags=False, ocr=None):  # the text layer, as pdftotext reads it
        ours, theirs = our_words(page), pdftotext_words(path, page.number)
        both = ours & theirs
        common += sum(both.values())
        ours_n += sum(ours.values())
        theirs_n += sum(theirs.values())
        only_ours += ours - theirs
        only_theirs += theirs - ours
    f1 = 2 * common / (ours_n + theirs_n) if ours_n + theirs_n else 1.0
    return {"file": str(path), "words_ours": ours_n, "words_pdftotext": theirs_n, "agreement": f1,
            "only_ours": only_ours, "only_pdftotext": only_theirs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[SHARED / "real", SHARED / "peers"])
    ap.add_argument("--show", type=int, default=0, help="words found by one side only, per document")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    files = sorted(p for root in args.paths for p in ([root] if root.is_file() else root.rglob("*.pdf")))
    if not files:
        print("no PDFs found", file=sys.stderr)
        return 2
    rows = []
    t0 = time.perf_counter()
    for path in files:
        try:
            r = score(path)
        except Exception as exc:  # a damaged or encrypted peer file: one line, go on
            print(f"{path.name}: {exc}", file=sys.stderr)
            continue
        rows.append(r)
        name = str(path.relative_to(SHARED)) if path.is_relative_to(SHARED) else path.name
        print(f"{r['agreement']:7.2%}  {r['words_ours']:6d} {r['words_pdftotext']:6d}  {name}")
        if args.show:
            print("         ours only:     ", ", ".join(f"{w}×{n}" for w, n in r["only_ours"].most_common(args.show)))
            print("         pdftotext only:", ", ".join(f"{w}×{n}" for w, n in r["only_pdftotext"].most_common(args.show)))
    common = sum(r["agreement"] * (r["words_ours"] + r["words_pdftotext"]) / 2 for r in rows)
    total = sum(r["words_ours"] + r["words_pdftotext"] for r in rows) / 2
    mean = sum(r["agreement"] for r in rows) / len(rows)
    print(f"{len(rows)} documents in {time.perf_counter() - t0:.1f} s: mean agreement {mean:.2%}, "
          f"over all words {common / total if total else 1.0:.2%}; below 99%: {sum(r['agreement'] < 0.99 for r in rows)}")
    if args.json:
        args.json.write_text(json.dumps([{k: v for k, v in r.items() if not k.startswith("only")} for r in rows],
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
