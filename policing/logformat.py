"""The one JSON log line format, for the app's logs (settings.LOGGING) and gunicorn's own
(gunicorn.conf.py). Plain data with no Django import, so gunicorn's config can read it."""

# python-json-logger escapes whatever a message holds (quotes, backslashes, new lines), so
# every line is one valid JSON object.
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
