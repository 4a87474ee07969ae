"""What the benchmarks share."""

import psycopg2


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database the URL names, on the same server."""
    server, name = url.rsplit("/", 1)
    admin = psycopg2.connect(server + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
