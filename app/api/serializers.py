"""Plain-data views of the models for the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from flask import g, url_for

from app.api.http import as_utc
from app.api.queries import KeysetPage, Page, focus_topic_label
from app.council.record import api_votes
from app.models import Body, Decision
from app.models.body import BODY_KIND_LABELS, time_limit_of
from workflows.proposal import STATE_LABELS

_QUERY_SAFE = "!$'()*,/:;?@"  # what werkzeug's url_for leaves unquoted in query arguments
_ID_PLACEHOLDER = 2_147_483_646  # an id no real row has; cut out of a built URL


def _id_url(endpoint: str, arg: str) -> Callable[[int], str]:
    """``id -> url_for(endpoint, **{arg: id}, _external=True)`` without a routing call per id.

    The URL is built once with a placeholder id and split around it. An int converter renders
    the id as ``str(id)``, so the result is the same as url_for's.
    """
    built = url_for(endpoint, **{arg: _ID_PLACEHOLDER}, _external=True)
    prefix, _sep, suffix = built.rpartition(str(_ID_PLACEHOLDER))
    return lambda object_id: f"{prefix}{object_id}{suffix}"


class ObjectUrls:
    """The external URLs of single objects for the current request (host, scheme and script
    root come from the request), each from one template built on first use."""

    @cached_property
    def body(self) -> Callable[[int], str]:
        """``body_id -> URL`` of the API's body."""
        return _id_url("api.get_body", "body_id")

    @cached_property
    def organization(self) -> Callable[[int], str]:
        """``organization_id -> URL`` of the OParl organization."""
        return _id_url("oparl.organization", "organization_id")

    @cached_property
    def decision(self) -> Callable[[int], str]:
        """``decision_id -> URL`` of the API's decision."""
        return _id_url("api.get_decision", "decision_id")

    @cached_property
    def proposal(self) -> Callable[[int], str]:
        """``proposal_id -> URL`` of the API's proposal."""
        return _id_url("api.get_proposal", "proposal_id")


def object_urls() -> ObjectUrls:
    """The current request's ``ObjectUrls`` (kept on ``g``)."""
    urls = g.get("_api_object_urls")
    if urls is None:
        urls = g._api_object_urls = ObjectUrls()
    return urls


def iso_date(value: date | None) -> str | None:
    """YYYY-MM-DD or None."""
    return value.isoformat() if value else None


def iso_datetime(value: datetime | None) -> str | None:
    """An RFC 3339 timestamp in UTC, or None."""
    return as_utc(value).isoformat().replace("+00:00", "Z") if value else None


def body_ref(body_id: int, key: str, name: str, urls: ObjectUrls) -> dict[str, Any]:
    """A short reference to a body."""
    return {"id": body_id, "key": key, "name": name, "links": {"self": urls.body(body_id)}}


def body_data(
    body: Any, dissolved: bool, parent: dict[str, Any] | None, urls: ObjectUrls
) -> dict[str, Any]:
    """A body as listed: ``body`` is a ``Body`` or a row of its listed columns, ``dissolved``
    its ``Body.is_dissolved`` today, ``parent`` the reference to its parent body (see
    ``body_ref``), if any."""
    return {
        "id": body.id,
        "key": body.key,
        "name": body.name,
        "alias": body.alias,
        "short_name": body.short_name,
        "kind": body.kind,
        "kind_label": BODY_KIND_LABELS.get(body.kind, body.kind),
        "category": body.category,
        "focus_topic": focus_topic_label(body.focus_topic),
        "status": "dissolved" if dissolved else "current",
        "start_date": iso_date(body.start_date),
        "end_date": iso_date(body.end_date),
        "open_ended": body.open_ended,
        "time_limit": time_limit_of(body.open_ended, body.end_date),
        "lead": body.lead,
        "parent": parent,
        "created_at": iso_datetime(body.created_at),
        "updated_at": iso_datetime(body.updated_at),
        "links": {
            "self": urls.body(body.id),
            "oparl": urls.organization(body.id),
        },
    }


def body_detail(body: Body, today: date) -> dict[str, Any]:
    """A body with its description and direct sub-bodies."""
    urls = object_urls()
    parent = body.parent
    ref = body_ref(parent.id, parent.key, parent.name, urls) if parent is not None else None
    data = body_data(body, body.is_dissolved(today), ref, urls)
    data["description"] = body.description
    data["children"] = [body_ref(c.id, c.key, c.name, urls) for c in body.children]
    return data


def body_rows_data(rows: list[Any]) -> list[dict[str, Any]]:
    """Bodies as listed, from rows of ``queries.bodies_page`` (with their ``dissolved``)."""
    urls = object_urls()
    return [
        body_data(
            row,
            row.dissolved,
            body_ref(row.parent_id, row.parent_key, row.parent_name, urls)
            if row.parent_id is not None
            else None,
            urls,
        )
        for row in rows
    ]


def decision_data(decision: Decision, urls: ObjectUrls | None = None) -> dict[str, Any]:
    """A council decision's header data."""
    urls = urls or object_urls()
    return {
        "id": decision.id,
        "number": decision.number,
        "date": iso_date(decision.decided_on),
        "session": decision.session,
        "title": decision.title,
        "kind": decision.kind,
        "body_id": decision.body_id,
        "created_at": iso_datetime(decision.created_at),
        "votes": api_votes(decision.vote_record),
        "links": {
            "self": urls.decision(decision.id),
            "body": urls.body(decision.body_id) if decision.body_id else None,
        },
    }


def proposal_data(proposal: Any, urls: ObjectUrls | None = None) -> dict[str, Any]:
    """A proposal's queryable columns and where it stands (not the full Steckbrief), from a
    row of ``queries.PROPOSAL_COLUMNS``.

    The row is unpacked in the order of those columns: reading a ``Row``'s attributes one
    by one costs about as much as the rest of this function (a page has 20 to 100 rows).
    """
    urls = urls or object_urls()
    (
        proposal_id,
        reference,
        state,
        title,
        short_name,
        kind,
        focus_topic,
        parent_body_id,
        body_id,
        end_date,
        open_ended,
        submitted_at,
        created_at,
        updated_at,
        owner_name,
        owner_organisation,
    ) = proposal
    return {
        "id": proposal_id,
        "reference": reference,
        "state": state,
        "state_label": STATE_LABELS[state],
        "title": title,
        "short_name": short_name,
        "kind": kind,
        "focus_topic": focus_topic,
        "parent_body_id": parent_body_id,
        "body_id": body_id,
        "end_date": iso_date(end_date),
        "open_ended": open_ended,
        "owner": {"name": owner_name, "organisation": owner_organisation},
        "submitted_at": iso_datetime(submitted_at),
        "created_at": iso_datetime(created_at),
        "updated_at": iso_datetime(updated_at),
        "links": {"self": urls.proposal(proposal_id)},
    }


def _page_url(endpoint: str, page: int, per_page: int, args: dict[str, Any]) -> str:
    return url_for(endpoint, **{**args, "page": page, "per_page": per_page}, _external=True)


def list_envelope(
    items: list[dict[str, Any]], page: Page, endpoint: str, args: dict[str, Any]
) -> dict[str, Any]:
    """The envelope of every list: data, pagination (with next/prev URLs) and links."""
    has_next = page.page < page.total_pages
    has_prev = page.page > 1

    def link(number: int) -> str:
        return _page_url(endpoint, number, page.per_page, args)

    return {
        "data": items,
        "pagination": {
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "total_pages": page.total_pages,
            "next": link(page.page + 1) if has_next else None,
            "prev": link(min(page.page - 1, page.total_pages)) if has_prev else None,
        },
        "links": {
            "self": link(page.page),
            "first": link(1),
            "last": link(page.total_pages),
        },
    }


def cursor_envelope(
    items: list[dict[str, Any]],
    page: KeysetPage,
    endpoint: str,
    filters: dict[str, Any],
    cursors: tuple[str | None, str | None],
) -> dict[str, Any]:
    """The envelope of a list walked by cursor: no total and no last page, only ``next``.

    ``cursors`` are the cursor this page was asked with and the one of the next page.
    """
    current, following = cursors
    # Built once; a cursor is appended as url_for would (it is the last query argument).
    first = url_for(endpoint, **filters, per_page=page.per_page, _external=True)

    def link(cursor: str | None) -> str:
        return f"{first}&{urlencode({'cursor': cursor}, safe=_QUERY_SAFE)}" if cursor else first

    return {
        "data": items,
        "pagination": {
            "per_page": page.per_page,
            "cursor": current,
            "next_cursor": following,
            "next": link(following) if following else None,
        },
        "links": {"self": link(current), "first": link(None)},
    }


def item_envelope(item: dict[str, Any]) -> dict[str, Any]:
    """The envelope of a single object."""
    return {"data": item, "links": {"self": item["links"]["self"]}}
