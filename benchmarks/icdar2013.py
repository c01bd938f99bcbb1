"""ICDAR 2013 table competition: plantables against pdfplumber and camelot, same files, same run.

    .venv/bin/python benchmarks/icdar2013.py [--data ../shared/peers/icdar2013]
        [--tools plantables,pdfplumber,camelot-lattice,camelot-stream] [--docs eu-001,us-012]
        [--json out.json] [--quiet]

Prints, per document, each tool's cell-adjacency F1 (and the first tool's
table-location F1), then per tool the mean per-document precision, recall
and F1, the F1 over all relations, the mean table-location F1 and the total
time. Measures: see icdar_eval.py.
Not part of the unit suite: it takes minutes (camelot renders every page).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from icdar_eval import detection_scores, load_regions, load_structure, score_document  # noqa: E402
from icdar_tools import TOOLS  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "peers" / "icdar2013"


def documents(data: Path) -> list[tuple[str, Path, list[Path]]]:
    """(name, pdf, [-str.xml variants]) for every PDF of the dataset."""
    docs = []
    for pdf in sorted(data.glob("*/*.pdf")):
        base = pdf.stem[:-1] if pdf.stem[-1] in "ab" else pdf.stem
        variants = sorted(pdf.parent.glob(f"{base}*-str.xml"))
        variants = [v for v in variants if v.name[len(base) :].lstrip("ab").startswith("-str")]
        if variants:
            docs.append((pdf.stem, pdf, variants))
    return docs


def page_heights(pdf: Path) -> list[float]:
    from plantables.extract.pdf.page import open_document

    doc = open_document(pdf)
    try:
        return [doc.get_page_size(i)[1] for i in range(len(doc))]
    finally:
        doc.close()


def _regions(variants: list[Path], heights: list[float]):
    """Ground-truth table regions (``-reg.xml`` of the first variant that has one)."""
    for v in variants:
        reg = v.with_name(v.name.replace("-str.xml", "-reg.xml"))
        if reg.exists():
            return load_regions(reg, heights)
    return []


def evaluate(data: Path, tools: list[str], names: set[str] | None, quiet: bool) -> dict:
    results: dict = {"documents": {}, "tools": {t: {"time": 0.0} for t in tools}}
    docs = [d for d in documents(data) if not names or d[0] in names]
    if not quiet:
        print(f"{'document':<10} {'pages':>5}  " + "  ".join(f"{t:>15}" for t in tools) + f"  location ({tools[0]})")
    for name, pdf, variants in docs:
        heights = page_heights(pdf)
        truths = [load_structure(v, heights) for v in variants]
        regions = _regions(variants, heights)
        row = {"pages": len(heights), "tools": {}}
        for tool in tools:
            start = time.perf_counter()
            try:
                found = TOOLS[tool](pdf)
            except Exception as exc:  # a tool crashing on one file scores zero there
                print(f"  {tool} crashed on {name}: {type(exc).__name__}: {exc}")
                found = []
            results["tools"][tool]["time"] += time.perf_counter() - start
            score = max((score_document(t, found) for t in truths), key=lambda s: s["f1"])
            score["tables"] = len(found)
            score["location"] = detection_scores(regions, [(t.page, t.bbox) for t in found if t.bbox])
            row["tools"][tool] = score
        results["documents"][name] = row
        if not quiet:
            cells = "  ".join(f"{row['tools'][t]['f1']:>15.3f}" for t in tools)
            loc = row["tools"][tools[0]]["location"]["f1"]
            print(f"{name:<10} {len(heights):>5}  {cells}  {'' if loc is None else f'{loc:8.3f}'}", flush=True)
    for tool in tools:
        scores = [d["tools"][tool] for d in results["documents"].values()]
        n = len(scores) or 1
        tp = sum(s["tp"] for s in scores)
        fn = sum(s["fn"] for s in scores)
        fp = sum(s["fp"] for s in scores)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        summary = results["tools"][tool]
        summary.update(
            documents=len(scores),
            mean_precision=sum(s["precision"] for s in scores) / n,
            mean_recall=sum(s["recall"] for s in scores) / n,
            mean_f1=sum(s["f1"] for s in scores) / n,
            micro_f1=2 * p * r / (p + r) if p + r else 0.0,
        )
        summary["mean_location_f1"] = sum(s["location"]["f1"] for s in scores) / n
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--docs", default="", help="comma-separated document names (default: all)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tools: {', '.join(unknown)} (known: {', '.join(TOOLS)})")
    if not args.data.is_dir():
        parser.error(f"{args.data} is not a directory (it holds competition-dataset-eu/ and -us/)")
    names = {n.strip() for n in args.docs.split(",") if n.strip()} or None
    results = evaluate(args.data, tools, names, args.quiet)
    print()
    print(f"{'tool':<16} {'docs':>4} {'mean P':>7} {'mean R':>7} {'mean F1':>8} {'all F1':>7} {'location F1':>11} {'time s':>8}")
    for tool in tools:
        s = results["tools"][tool]
        print(
            f"{tool:<16} {s['documents']:>4} {s['mean_precision']:>7.3f} {s['mean_recall']:>7.3f}"
            f" {s['mean_f1']:>8.3f} {s['micro_f1']:>7.3f} {s['mean_location_f1']:>11.3f} {s['time']:>8.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
