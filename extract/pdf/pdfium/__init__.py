"""pdfium, wrapped: the plain-typed calls (:mod:`.calls`)."""
