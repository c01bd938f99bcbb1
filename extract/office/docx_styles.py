"""Word styles and list numbering, resolved the way Word applies them (``styles.xml``, ``numbering.xml``)."""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def number(el, default: int, attr: str = "val", most: int = 1000) -> int:
    """An integer attribute (``w:val``) clamped to 0…``most``; ``default`` when absent or not a number."""
    if el is None:
        return default
    value = (el.get(W + attr) or "").strip()
    return min(most, max(0, int(value))) if value.isdigit() else default


def on(el) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    return el.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


class Styles:
    """Paragraph/character styles with inheritance resolved: bold, italic, outline level, name, list."""

    def __init__(self, root):
        self.raw: dict[str, dict] = {}
        self.default_para: str | None = None
        self._cache: dict[tuple[str | None, str], object] = {}
        self.default_size = 11.0
        if root is None:
            return
        default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        if default is not None and (default.get(W + "val") or "").isdigit():
            self.default_size = int(default.get(W + "val")) / 2
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            name = st.find(W + "name")
            based = st.find(W + "basedOn")
            rpr = st.find(W + "rPr")
            ppr = st.find(W + "pPr")
            facts = {"name": (name.get(W + "val") if name is not None else sid).lower(),
                     "based": based.get(W + "val") if based is not None else None}
            if rpr is not None:
                for key in ("b", "i"):
                    el = rpr.find(W + key)
                    if el is not None:
                        facts[key] = on(el)
                sz = rpr.find(W + "sz")
                if sz is not None and (sz.get(W + "val") or "").isdigit():
                    facts["sz"] = int(sz.get(W + "val")) / 2
            if ppr is not None:
                lvl = ppr.find(W + "outlineLvl")
                if lvl is not None:
                    facts["outline"] = number(lvl, 9)
                num = ppr.find(W + "numPr")
                if num is not None:
                    facts["num"] = num_of(num)
            self.raw[sid] = facts
            if st.get(W + "type") == "paragraph" and _on_attr(st.get(W + "default")):
                self.default_para = sid

    def get(self, sid: str | None, key: str, default=None):
        sid = sid or self.default_para
        memo = (sid, key)
        if memo in self._cache:
            return self._cache[memo]
        seen = set()
        value = default
        while sid and sid not in seen:
            seen.add(sid)
            facts = self.raw.get(sid)
            if facts is None:
                break
            if key in facts:
                value = facts[key]
                break
            sid = facts["based"]
        self._cache[memo] = value
        return value


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


def num_of(num_pr) -> tuple[str | None, int]:
    nid, lvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
    return (nid.get(W + "val") if nid is not None else None, min(8, number(lvl, 0)))


class Numbering:
    """List formats from ``numbering.xml``; counters per list as paragraphs are read."""

    def __init__(self, root):
        self.formats: dict[tuple[str, int], tuple[str, str]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract: dict[str | None, dict[int, tuple[str, str]]] = {}  # by w:abstractNumId (None if missing)
        for an in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in an.iter(W + "lvl"):
                fmt, text = lvl.find(W + "numFmt"), lvl.find(W + "lvlText")
                levels[number(lvl, 0, "ilvl")] = (
                    fmt.get(W + "val") if fmt is not None else "decimal", text.get(W + "val", "") if text is not None else "")
            abstract[an.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            levels = abstract.get(ref.get(W + "val") if ref is not None else None, {})
            for k, v in levels.items():
                self.formats[(num.get(W + "numId"), k)] = v

    def label(self, num_id: str | None, level: int) -> str:
        if not num_id or num_id == "0":
            return ""
        fmt, text = self.formats.get((num_id, level), ("bullet", ""))
        if fmt == "none":
            return ""
        if fmt == "bullet":
            return "• "
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] += 1
        for k in range(level + 1, 9):
            counts[k] = 0
        out = text or f"%{level + 1}."
        for k in range(9):
            out = out.replace(f"%{k + 1}", str(counts[k] or 1))
        return out + " "
