"""The read-only JSON API under /api/v1/, built with django-ninja.

django-ninja types every response with pydantic and generates the OpenAPI
schema served at /api/v1/openapi.json; the human-readable page at /api/v1/
is rendered from that same schema. Figures come through the same read layer
as the public pages (performance.public): what the latest releases froze, so
the API and the pages always agree.

``service`` is the API itself, ``schemas`` what its answers look like, ``answers`` how
released figures become them, ``errors`` its error answers, ``endpoints`` its operations
and ``docs`` the page that describes them for people.
"""

# The operations and error answers register themselves on ``api`` as they are imported.
from . import endpoints, errors  # noqa: E402, F401
from .service import api  # noqa: E402

__all__ = ["api"]
