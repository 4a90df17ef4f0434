"""A generic OParl client for the tests: from ``system`` through every link of the interface.

Every object is validated against the official schema of its ``type``; every external list is
paged through ``links.next`` and must hold each element exactly once. Object types added later
(Meeting, Paper, …) are walked without changes here: the links come from the schemas.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.oparl import schemas

START = "http://localhost/oparl/v1/system"
OPARL_ROOT = "http://localhost/oparl/"


def get_json(client, url: str) -> dict[str, Any]:
    """GET an absolute OParl URL through the test client: 200, JSON, readable cross-origin."""
    parts = urlsplit(url)
    assert parts.netloc == "localhost", url
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, (url, response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def with_query(url: str, query: dict[str, str]) -> str:
    """The URL with the given parameters added to its query."""
    parts = urlsplit(url)
    merged = dict(parse_qsl(parts.query)) | query
    return parts._replace(query=urlencode(merged)).geturl()


class Walk:
    """All objects and lists reachable from ``system``, with ``query`` added to every list."""

    def __init__(self, client, query: dict[str, str] | None = None, start: str | None = START):
        self.client = client
        self.query = query or {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.lists: dict[str, list[dict[str, Any]]] = {}
        self.item_types: dict[str, str] = {}
        if start:
            self.visit(start)

    def visit(self, url: str) -> dict[str, Any]:
        """Fetch, validate and follow one object (once)."""
        if url not in self.objects:
            document = get_json(self.client, url)
            assert document["id"] == url
            self.objects[url] = document
            self.follow(document)
        return self.objects[url]

    def follow(self, document: dict[str, Any]) -> None:
        """Walk the object's external lists and visit the objects it references."""
        name = schemas.validate_object(document)
        lists = schemas.EXTERNAL_LISTS[name]
        for key, value in document.items():
            if key in lists:
                self.walk_list(value, lists[key])
            elif key != "id":
                for url in value if isinstance(value, list) else [value]:
                    if isinstance(url, str) and url.startswith(OPARL_ROOT):
                        self.visit(url)

    def walk_list(self, url: str, item_type: str) -> None:
        """Every page of a list: each element exactly once, links keep the query."""
        start = with_query(url, self.query)
        items, number, page = [], 0, None
        next_url: str | None = start
        while next_url:
            page = get_json(self.client, next_url)
            schemas.validate(page, schemas.object_list(item_type))
            number += 1
            self.check_links(page, number)
            items += page["data"]
            next_url = page["links"].get("next")
        pagination = page["pagination"]
        assert number == max(pagination["totalPages"], 1)
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)) == pagination["totalElements"], url
        assert all(item["type"].endswith("/" + item_type) for item in items)
        self.lists[url] = items
        self.item_types[url] = item_type
        for item in items:
            schemas.validate_object(item)
            assert self.visit(item["id"]) == item

    def check_links(self, page: dict[str, Any], number: int) -> None:
        """currentPage counts up; every link keeps ``limit`` and the filters."""
        assert page["pagination"]["currentPage"] == number
        if "limit" in self.query:
            assert page["pagination"]["elementsPerPage"] == int(self.query["limit"])
        for link in page["links"].values():
            query = dict(parse_qsl(urlsplit(link).query))
            assert self.query.items() <= query.items(), link
