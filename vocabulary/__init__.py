"""The plan vocabulary: the words and patterns plans are written in.

Field synonyms and header-word matching (:mod:`.fields`), action and objective
refs (:mod:`.refs`), heading patterns (:mod:`.headings`), status phrases and RAG
words (:mod:`.status`, :mod:`.values`, ``data/status.toml``), job-role words of
lead cells (:mod:`.roles`) and cell markup (:mod:`.markup`). Both the readers
(``extract/``) and the interpreter (``normalise/``) use it; it is the bottom
layer and imports nothing else of plantables.
"""
