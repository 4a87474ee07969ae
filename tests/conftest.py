import pytest


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render pages without running collectstatic, so no hashed-name manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
