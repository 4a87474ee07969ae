"""The API described for people at /api/v1/, from the OpenAPI schema the API serves."""

from django.shortcuts import render

from .service import api


def api_docs(request):
    """The API described for people, rendered from the OpenAPI schema the API itself serves."""
    schema = api.get_openapi_schema()
    endpoints = [
        {
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": operation.get("parameters", []),
            "statuses": sorted(operation.get("responses", {})),
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]
    return render(
        request,
        "performance/api_docs.html",
        {"schema": schema, "endpoints": endpoints, "schema_url": "/api/v1/openapi.json"},
    )
