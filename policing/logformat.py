"""The one JSON log line format, for the app's logs (settings.LOGGING) and gunicorn's own
(gunicorn.conf.py), and the app's logging settings. Plain data with no Django import, so
gunicorn's config can read it."""

# python-json-logger escapes whatever a message holds (quotes, backslashes, new lines), so
# every line is one valid JSON object.
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}


def app_logging(log_format: str | None, level: str) -> dict:
    """settings.LOGGING: to standard output, one JSON object a line when ``log_format`` is
    "json" (for collectors), plain lines otherwise."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": JSON_FORMATTER,
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if log_format == "json" else "plain",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Every sign-in, failed or not, is logged (and kept by django-axes in the database).
        "loggers": {"axes": {"level": "INFO"}},
    }
