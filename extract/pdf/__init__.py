"""The PDF table engine: page reading, cell finding, tags, stitching, export.

Public API (import from the modules; this package imports nothing, so
reading one module stays light):

* ``settings.TableSettings`` / ``settings.DEFAULT``: every knob, documented defaults.
* ``page.read_pages(path, pages=None, *, password=None) -> Iterator[PageContent]``:
  each page read once with pypdfium2 into plain dicts (chars, words, rects,
  lines, edges, graphics boxes, tag tables), top-left coordinates in points.
* ``engine.find_tables(page, settings) -> list[Table]`` and
  ``engine.extract_tables(path, *, pages, engine, stitch, settings, password)``.
* ``stitch.stitch_pages(tables) -> list[Table]``: tables continuing over pages.
* ``export``: the JSON contract (``tables_to_json``), CSV and HTML writers,
  ``export_tables`` behind ``plantables tables``.

Inside: ``paths`` (path objects), ``text`` (chars to lines and words),
``ruled`` (pdfplumber's cell algorithm on our edges), ``tags`` (structure
tree), ``aligned``/``hybrid``/``rows``/``headers``/``lines`` (tables not fully
ruled), ``grid`` (cell boxes to model Tables), ``plumber``/``camelot_engine``
(the reference engines).
"""
