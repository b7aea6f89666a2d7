"""Selection of leading industries and links to fill (the only package that imports PuLP)."""
