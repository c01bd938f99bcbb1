"""The PDF table engine: page reading, cell finding, tags, stitching."""
