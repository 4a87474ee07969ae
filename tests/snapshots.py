"""The demo's rows, copied once and put back for each test that wants them: loading the demo
(every edition of the police's recorded crime) takes 20 to 30 seconds on PostgreSQL, putting
its rows back a few."""

from __future__ import annotations

import io

from django.apps import apps
from django.core.management.color import no_style
from django.db import transaction


def _tables(connection) -> list[str]:
    return [t for t in connection.introspection.table_names() if t != "django_migrations"]


def copy_tables(connection) -> dict[str, str]:
    """Every table's rows (PostgreSQL), as COPY writes them."""
    copies = {}
    with connection.cursor() as cursor:
        for table in _tables(connection):
            out = io.StringIO()
            cursor.cursor.copy_expert(f'COPY "{table}" TO STDOUT', out)
            if out.tell():
                copies[table] = out.getvalue()
    return copies


def restore_tables(connection, copies: dict[str, str]) -> None:
    """Every table emptied and given back the rows copied (PostgreSQL), in one transaction
    (or the caller's)."""
    # The rows were copied from a database that held them, so their foreign keys hold:
    # put back without the triggers that check them.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        listed = ", ".join(f'"{t}"' for t in _tables(connection))
        cursor.execute(f"TRUNCATE {listed}")
        for table, rows in copies.items():
            cursor.cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.StringIO(rows))
        models = apps.get_models(include_auto_created=True)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        cursor.execute("SET LOCAL session_replication_role = origin")
