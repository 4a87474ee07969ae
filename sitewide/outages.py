"""What counts as the database being unavailable, for every part that degrades gracefully."""

from django.db import InterfaceError, OperationalError

# The database is down, restarting or unreachable (InterfaceError: the connection had
# already gone). Anything else is a fault in the service, not an outage.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
