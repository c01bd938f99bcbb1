"""Sample plan documents written for plantables, and the generator that makes them."""
