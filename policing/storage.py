"""Static files as served in production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, with the imports inside JavaScript modules
    (init.js importing GOV.UK Frontend) rewritten to the hashed names as well, so a new
    release of either is never mixed with a browser's cached copy of the other."""

    support_js_module_import_aggregation = True
