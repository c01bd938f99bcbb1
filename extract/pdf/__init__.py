"""The PDF table engine: page reading, cell finding, tags, stitching, export.

Public API (import from the modules; this package imports only ``build_kind``, which
picks the build: the compiled modules of ``make compile`` when they are up to date,
else the source; ``BUILD`` says which):

* ``settings.TableSettings`` / ``settings.DEFAULT``: every knob, documented defaults.
* ``page.read_pages(path, pages=None, *, password=None) -> Iterator[PageContent]``:
  each page read once with pypdfium2 into plain dicts (chars, rects, lines,
  edges, graphics boxes, tag tables; named in ``objects``), top-left
  coordinates in points; its words made as far as asked through
  ``page.page_words`` (``text.PageWords``: ``all``, ``outside``, ``beside``).
* ``settings.ENGINES``: every ``--engine`` (page reader, table finder), once.
* ``engine.find_tables(page, settings) -> list[Table]`` and
  ``engine.extract_tables(path, *, pages, engine, stitch, settings, password)``.
* ``stitch.stitch_pages(tables) -> list[Table]``: tables continuing over pages.
* ``export``: the JSON contract (``tables_to_json``), CSV and HTML writers,
  ``export_tables`` behind ``plantables tables``.

Inside: ``pdfium/`` (every plain-typed pdfium call in ``calls``, the per-char
loop in ``chars``), ``paths`` (path objects), ``text`` (chars to lines and words),
``ruled`` (pdfplumber's cell algorithm on our edges), ``tags`` (structure
tree), ``aligned``/``hybrid``/``rows``/``headers``/``lines`` (tables not fully
ruled), ``stacks`` (tables whose rows horizontal rules part: stacks of rules, and
the small grids shading draws inside them joined to their table), ``grid`` (cell boxes to model Tables; ``celltext`` a cell's text), ``plumber``/``camelot_engine``
(the reference engines), ``plan``/``plan_flow``/``plan_fragment`` (the plan
reader: tables and the headings between them, as an ``extract.model.Document``).
"""

from plantables.extract.pdf.build_kind import choose_build

#: "compiled" (mypyc, ``make compile``) or "source …" (why)
BUILD = choose_build()
