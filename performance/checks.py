from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """`check --deploy` warns when there is no shared cache for the worker processes."""
    if settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set, so each worker process caches public pages and counts "
            "survey submissions on its own: after a publication, other processes can show "
            f"old figures for up to {settings.PUBLIC_PAGE_CACHE_SECONDS} seconds.",
            hint="Set REDIS_URL to the Redis every app instance shares (docs/deployment.md).",
            id="policing.W002",
        )
    ]
