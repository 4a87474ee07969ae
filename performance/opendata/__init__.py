"""Open data: the released figures as files anyone may download (``views``), and the
Frictionless data package that describes them (``package``)."""
