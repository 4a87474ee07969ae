"""The licence everything the site publishes is offered under, named once for the footer,
the open data page, the data package, the OpenAPI description and the downloads' headers."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    name: str  # the SPDX-style identifier open-data tools read
    title: str
    url: str

    def link_header(self) -> str:
        return f'<{self.url}>; rel="license"'


OPEN_GOVERNMENT_LICENCE = Licence(
    name="OGL-UK-3.0",
    title="Open Government Licence v3.0",
    url="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)
