"""Chars -> text lines -> words, and the text of a box, from geometry alone.

pdfium reports the chars of the content stream plus spaces and line breaks it
guesses; we drop its guesses (page.py) and rebuild lines and words from char
boxes, so cell text does not depend on the order the producer drew things in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, groupby, islice
from operator import itemgetter, sub
from typing import Any, TypeVar

from plantables.extract.pdf.objects import BBox, Char, Word

#: chars or words: what lines are made of
Box = TypeVar("Box", Char, Word)

# These run on every char of every page, several times: they are written for
# speed (one pass, local names, no per-char lambdas) and must keep their results.
_BY_X0 = itemgetter("x0")
_TOP = itemgetter("top")
_X1 = itemgetter("x1")
_BOTTOM = itemgetter("bottom")
_TEXT = itemgetter("text")
_SIZE = itemgetter("size")
_BOLD = itemgetter("bold")
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_THIRD = itemgetter(2)
_MIDDLE_HEIGHT = itemgetter(0, 1)
#: round() of a float without the builtin's look-up of __round__ (a third of round's cost per call)
_ROUND_FLOAT = float.__round__


def dedupe_chars(chars: list[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop chars drawn twice at (almost) the same place: fake bold, shadows."""
    if tolerance == 1.0:  # x / 1.0 is x: the keys come from C-level maps, no Python call per char
        try:  # the readers' boxes are floats: their own __round__ is round()
            keys = list(zip(map(_TEXT, chars), map(_ROUND_FLOAT, map(_BY_X0, chars)),
                            map(_ROUND_FLOAT, map(_TOP, chars))))
        except TypeError:  # a box of ints
            keys = list(zip(map(_TEXT, chars), map(round, map(_BY_X0, chars)), map(round, map(_TOP, chars))))
    else:
        keys = [(c["text"], round(c["x0"] / tolerance), round(c["top"] / tolerance)) for c in chars]
    if len(set(keys)) == len(keys):
        return list(chars)  # no two chars share a bucket, so none is a twin: the usual page
    seen: dict[tuple[str, int, int], list[Char]] = {}
    kept: list[Char] = []
    for c, key in zip(chars, keys):
        x0, top = c["x0"], c["top"]
        twins = seen.get(key)
        if twins is None:
            seen[key] = [c]
        elif kept and kept[-1] is twins[-1] and kept[-1]["x1"] == c["x1"]:
            twins.append(c)  # one glyph, several chars: a ligature ("ff" of "Staff"), not a char drawn twice
        elif any(abs(t["x0"] - x0) <= tolerance and abs(t["top"] - top) <= tolerance for t in twins):
            continue
        else:
            twins.append(c)
        kept.append(c)
    return kept


def group_lines(chars: Iterable[Box], overlap: float = 0.5) -> list[list[Box]]:
    """Upright chars grouped into text lines, top to bottom, each sorted left to right.

    A char joins a line when its vertical middle lies within ``1 - overlap``
    of a height from the line's mean middle (superscripts still join their
    line). Comparing middles, not growing boxes, keeps tightly leaded lines
    apart even though font boxes of neighbouring lines overlap.
    """
    return _sorted_lines(_by_middle(chars if isinstance(chars, list) else list(chars)), 1 - overlap)


def _sorted_lines(ordered: list[tuple[float, float, Box]], factor: float) -> list[list[Box]]:
    lines = _build_lines(ordered, factor)
    for line in lines:
        line.sort(key=_BY_X0)
    if len(lines) > 1:  # (sort computes every key first, even of one line: most cells hold one)
        lines.sort(key=_line_top)
    return lines


def _by_middle(chars: list[Box]) -> list[tuple[float, float, Box]]:
    """(middle, height, char) of the upright chars, sorted by middle (stable); heights at least 0.1."""
    ordered = []
    try:  # chars and words name their uprightness: a subscript, not a get per char
        for c in chars:
            if c["upright"]:
                top, bottom = c["top"], c["bottom"]
                height = bottom - top
                ordered.append(((top + bottom) / 2, height if height > 0.1 else 0.1, c))
    except KeyError:  # boxes that may leave it out (upright by default)
        ordered = [((c["top"] + c["bottom"]) / 2, h if (h := c["bottom"] - c["top"]) > 0.1 else 0.1, c)
                   for c in chars if c.get("upright", True)]
    ordered.sort(key=_FIRST)
    return ordered


def _build_lines(ordered: list[tuple[float, float, Box]], factor: float) -> list[list[Box]]:
    """The lines of chars sorted by middle, in the order they start (chars in joining order)."""
    lines: list[list[Box]] = []
    totals: list[float] = []  # per line: sum of middles, count, smallest height
    counts: list[int] = []
    heights: list[float] = []
    # chars of one font on one baseline share middle and height: such a run
    # lands on one line, so it is placed once (the sums still grow char by char)
    for (middle, height), run in groupby(ordered, key=_MIDDLE_HEIGHT):
        members = list(map(_THIRD, run))
        # the line the run joins: one of the last few (lines are sorted by middle), else a new one
        i = len(totals) - 1
        stop = i - 3 if i > 2 else -1
        while i > stop:
            line_height = heights[i]
            if abs(middle - totals[i] / counts[i]) <= factor * (line_height if line_height < height else height):
                break
            i -= 1
        if i == stop:  # a new line: the run itself, its sum from its first char's middle on
            total = middle
            for _ in islice(members, 1, None):
                total += middle
            lines.append(members)
            totals.append(total)
            counts.append(len(members))
            heights.append(height)
        else:
            total = totals[i]
            for _ in members:
                total += middle
            totals[i] = total
            counts[i] += len(members)
            if height < line_height:
                heights[i] = height
            lines[i].extend(members)
    return lines


def _bands(ordered: list[tuple[float, float, Char]], factor: float) -> list[list[tuple[float, float, Char]]]:
    """``ordered`` cut where the gap between middles is too wide for any char to join a line across it.

    A line's mean middle lies among its chars' middles, and a char joins a
    line only within ``factor`` of a height: past a wider gap nothing joins
    a line started before it, and the lines before it never match the chars
    after it, so each band's lines come out as in one pass over all chars.
    """
    if not ordered:
        return []
    reach = factor * max(map(_SECOND, ordered)) * (1 + 1e-9) + 1e-9  # a margin for rounded means
    middles = list(map(_FIRST, ordered))
    cuts = list(compress(range(1, len(middles)), map(reach.__lt__, map(sub, middles[1:], middles))))
    return [ordered[i:j] for i, j in zip([0, *cuts], [*cuts, len(ordered)])]


def _line_top(line: Sequence[Char] | Sequence[Word]) -> float:
    return min([c["top"] for c in line])


def line_words(line: list[Char], gap_em: float = 0.2) -> list[Word]:
    """The words of one line's chars (sorted by x): split at spaces, at gaps wider than ``gap_em`` of
    the larger size and where a char starts well left of the one before it.

    One pass that reads each char's box once, for the split and for the word's box alike (what
    :func:`_word` makes of a word's chars): the hot path of every cell's and page's words.
    """
    words: list[Word] = []
    current: list[Char] = []
    texts: list[str] = []
    prev: Any = None  # the char before c, once current holds one
    x0 = top = x1 = bottom = size = 0.0
    bold = True
    for c in line:
        text = c["text"]
        if text.isspace():
            if current:
                words.append(_made_word(current, texts, x0, top, x1, bottom, size, bold))
                current, texts = [], []
            continue
        cx0, csize = c["x0"], c["size"]
        if current:
            prev_size = prev["size"]
            em = prev_size if prev_size >= csize else csize
            if em < 1.0:
                em = 1.0
            if cx0 - prev["x1"] > gap_em * em or cx0 < prev["x0"] - 0.5 * prev_size:
                words.append(_made_word(current, texts, x0, top, x1, bottom, size, bold))
                current, texts = [], []
        if current:
            if cx0 < x0:
                x0 = cx0
            ctop, cx1, cbottom = c["top"], c["x1"], c["bottom"]
            if ctop < top:
                top = ctop
            if cx1 > x1:
                x1 = cx1
            if cbottom > bottom:
                bottom = cbottom
            if csize > size:
                size = csize
            if not c["bold"]:
                bold = False
        else:
            x0, top, x1, bottom, size, bold = cx0, c["top"], c["x1"], c["bottom"], csize, bool(c["bold"])
        current.append(c)
        texts.append(text)
        prev = c
    if current:
        words.append(_made_word(current, texts, x0, top, x1, bottom, size, bold))
    return words


def _made_word(chars: list[Char], texts: list[str], x0: float, top: float, x1: float, bottom: float, size: float,
               bold: bool) -> Word:
    return {"text": "".join(texts), "x0": x0, "top": top, "x1": x1, "bottom": bottom, "size": size, "bold": bold,
            "upright": chars[0].get("upright", True), "chars": chars}


def _word(chars: list[Char]) -> Word:
    """A word of ``chars`` (rotated ones: :func:`line_words` makes the upright words)."""
    return _made_word(chars, [c["text"] for c in chars], min(map(_BY_X0, chars)), min(map(_TOP, chars)),
                      max(map(_X1, chars)), max(map(_BOTTOM, chars)), max(map(_SIZE, chars)), all(map(_BOLD, chars)))


def chars_to_words(chars: list[Char], gap_em: float = 0.2, overlap: float = 0.5) -> list[Word]:
    """Words of a page in reading order (line by line); rotated text forms its own words."""
    ordered = _by_middle(chars)
    words = [w for line in _sorted_lines(ordered, 1 - overlap) for w in line_words(line, gap_em)]
    if len(ordered) < len(chars):  # some chars are rotated
        words.extend(_vertical_words(chars))
    return words


class WordIndex:
    """``chars_to_words(chars)``, made band by band (see _bands) as callers ask for them.

    Most chars of a page lie in tables, whose cells make their own words:
    ``beside(boxes)`` leaves out the bands whose chars all lie in one of the
    boxes. Every word whose centre lies in none of the boxes is returned, the
    same dict as in ``beside()`` (all words, equal to ``chars_to_words``), in
    the same order; callers filter the rest with their own test.
    """

    def __init__(self, chars: list[Char], gap_em: float = 0.2, overlap: float = 0.5) -> None:
        self._chars = chars
        self._gap_em = gap_em
        self._factor = 1 - overlap
        self._bands: list[list[tuple[float, float, Char]]] | None = None
        self._boxes: dict[int, tuple[float, float, float, float]] = {}  # band -> box of its chars
        self._made: dict[int, list[tuple[float, list[Word]]]] = {}  # band -> (top, words) per line
        self._vertical: list[Word] | None = None

    def beside(self, boxes: Sequence[BBox] = ()) -> list[Word]:
        if self._bands is None:
            ordered = _by_middle(self._chars)
            self._bands = _bands(ordered, self._factor)
            if len(ordered) == len(self._chars):
                self._vertical = []  # no char is rotated: no pass to look for them
        lines: list[tuple[float, list[Word]]] = []
        for k, band in enumerate(self._bands):
            made = self._made.get(k)
            if made is None:  # words made once are returned: callers filter them anyway
                if boxes and self._inside(k, band, boxes):
                    continue  # the centres of its words lie in that box too
                made = self._made[k] = []
                for line in _build_lines(band, self._factor):
                    line.sort(key=_BY_X0)
                    made.append((_line_top(line), line_words(line, self._gap_em)))
            lines.extend(made)
        lines.sort(key=_FIRST)  # stable, as group_lines sorts all lines
        words = [w for _, line_words in lines for w in line_words]
        if self._vertical is None:
            self._vertical = _vertical_words(self._chars)
        words.extend(self._vertical)
        return words

    def _inside(self, k: int, band: list[tuple[float, float, Char]], boxes: Sequence[BBox]) -> bool:
        """All chars of band ``k`` lie in one of the boxes."""
        first, last = band[0][0], band[-1][0]  # a char's middle lies in its box: a quick no
        for b in boxes:  # loops, not any(): no generator per band and call
            if b[1] <= first and last <= b[3]:
                break
        else:
            return False
        box = self._boxes.get(k)
        if box is None:
            cs = list(map(_THIRD, band))
            box = self._boxes[k] = min(map(_BY_X0, cs)), min(map(_TOP, cs)), max(map(_X1, cs)), max(map(_BOTTOM, cs))
        x0, top, x1, bottom = box
        for b in boxes:
            if b[0] <= x0 and x1 <= b[2] and b[1] <= top and bottom <= b[3]:
                return True
        return False


def _vertical_words(chars: list[Char]) -> list[Word]:
    """Rotated chars (vertical column headers) as words, one per column of chars."""
    rotated = [c for c in chars if not c.get("upright", True) and not c["text"].isspace()]
    if not rotated:
        return []
    rotated.sort(key=lambda c: ((c["x0"] + c["x1"]) / 2, c["top"]))
    columns: list[list[Char]] = [[rotated[0]]]
    for c in rotated[1:]:
        prev = columns[-1][-1]
        same_x = abs((c["x0"] + c["x1"]) / 2 - (prev["x0"] + prev["x1"]) / 2) < 0.5 * max(c["size"], 1.0)
        if same_x and c["top"] - prev["bottom"] < 0.5 * max(c["size"], 1.0):
            columns[-1].append(c)
        else:
            columns.append([c])
    # vertical text usually reads bottom to top (rotated 90 degrees counter-clockwise)
    return [_word(sorted(col, key=lambda c: -c["top"])) for col in columns]


def words_text(words: list[Word], overlap: float = 0.5, keep_line_breaks: bool = True) -> str:
    """Text of some words: lines top to bottom, words joined by spaces."""
    if not words:
        return ""
    lines = group_lines(words, overlap)
    sep = "\n" if keep_line_breaks else " "
    text = sep.join(" ".join(w["text"] for w in line) for line in lines)
    vertical = [w["text"] for w in words if not w.get("upright", True)]
    if vertical:
        text = (text + sep if text else "") + " ".join(vertical)
    return text


def chars_centred_in(chars: list[Char], bbox: BBox) -> list[Char]:
    """The chars whose centre lies in ``bbox``, edges included (one pass, no call per char)."""
    x0, top, x1, bottom = bbox
    out = []
    for c in chars:
        x = (c["x0"] + c["x1"]) / 2
        y = (c["top"] + c["bottom"]) / 2
        if x0 <= x <= x1 and top <= y <= bottom:
            out.append(c)
    return out


def center_inside(obj: Char | Word, bbox: BBox) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


class PageWords:
    """The words of one page (``chars_to_words`` of its chars), made only as far as they are asked for.

    Most words of a plan page lie inside tables, whose cells make their own,
    so the page's words are built lazily: :meth:`all` gives every word,
    :meth:`outside` the words outside some boxes, and :meth:`beside` (for
    callers that reject the words inside the boxes with a test of their own)
    may leave out words whose centre lies in a box. All three hand out the
    same dicts, so a word made once is never made again.
    """

    def __init__(self, chars: list[Char], words: list[Word] | None = None) -> None:
        self._chars = chars
        self._all = words
        self._index: WordIndex | None = None
        self.held_lines: Any = None  # text lines one reader hands on to the next (lines.page_lines)

    def all(self) -> list[Word]:
        """Every word, in reading order; the same dicts :meth:`beside` gave (in one pass when it gave none)."""
        if self._all is None:
            self._all = self._index.beside() if self._index is not None else chars_to_words(self._chars)
        return self._all

    def beside(self, boxes: Sequence[BBox]) -> list[Word]:
        """:meth:`all` in order, except that words whose centre lies in one of ``boxes`` may be left out."""
        if self._all is None and not boxes:
            return self.all()  # all of them: chars_to_words in one pass is the faster way
        if self._all is not None:
            return self._all
        if self._index is None:
            self._index = WordIndex(self._chars)
        return self._index.beside(boxes)

    def outside(self, boxes: Sequence[BBox], margin: float = 0.0) -> list[Word]:
        """The words whose centre lies in none of ``boxes`` (grown by ``margin``), in order.

        Equal to filtering :meth:`all` (the same dicts), but made without
        splitting the lines inside the boxes into words.
        """
        grown = [(b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin) for b in boxes]
        out = []
        for w in self.beside(grown):
            x = (w["x0"] + w["x1"]) / 2
            y = (w["top"] + w["bottom"]) / 2
            for b in grown:  # a loop, not any(): no generator per word
                if b[0] <= x <= b[2] and b[1] <= y <= b[3]:
                    break
            else:
                out.append(w)
        return out

    @property
    def made(self) -> bool:
        """Whether every word has been made (tests check that table pages avoid it)."""
        return self._all is not None
