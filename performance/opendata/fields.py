"""Table Schema fields more than one download shares."""


def measure_field(slugs: list[str]) -> dict:
    return {
        "name": "measure",
        "type": "string",
        "description": "The measure's identifier (see the measures on /data/).",
        "constraints": {"required": True, "enum": slugs},
    }
