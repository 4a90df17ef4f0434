"""Plain-data views of the models for the JSON API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for

from app.api.http import as_utc
from app.api.queries import KeysetPage, Page, focus_topic_label
from app.models import Body, Decision, Proposal
from app.models.body import BODY_KIND_LABELS


def iso_date(value: date | None) -> str | None:
    """YYYY-MM-DD or None."""
    return value.isoformat() if value else None


def iso_datetime(value: datetime | None) -> str | None:
    """An RFC 3339 timestamp in UTC, or None."""
    return as_utc(value).isoformat().replace("+00:00", "Z") if value else None


def body_ref(body: Body | None) -> dict[str, Any] | None:
    """A short reference to a body."""
    if body is None:
        return None
    return {
        "id": body.id,
        "key": body.key,
        "name": body.name,
        "links": {"self": url_for("api.get_body", body_id=body.id, _external=True)},
    }


def body_data(body: Body, today: date) -> dict[str, Any]:
    """A body as listed."""
    return {
        "id": body.id,
        "key": body.key,
        "name": body.name,
        "short_name": body.short_name,
        "kind": body.kind,
        "kind_label": BODY_KIND_LABELS.get(body.kind, body.kind),
        "category": body.category,
        "focus_topic": focus_topic_label(body.focus_topic),
        "status": "dissolved" if body.is_dissolved(today) else "current",
        "start_date": iso_date(body.start_date),
        "end_date": iso_date(body.end_date),
        "open_ended": body.open_ended,
        "lead": body.lead,
        "parent": body_ref(body.parent),
        "created_at": iso_datetime(body.created_at),
        "updated_at": iso_datetime(body.updated_at),
        "links": {
            "self": url_for("api.get_body", body_id=body.id, _external=True),
            "oparl": url_for("oparl.organization", organization_id=body.id, _external=True),
        },
    }


def body_detail(body: Body, today: date) -> dict[str, Any]:
    """A body with its description and direct sub-bodies."""
    data = body_data(body, today)
    data["description"] = body.description
    data["children"] = [body_ref(child) for child in body.children]
    return data


def decision_data(decision: Decision) -> dict[str, Any]:
    """A council decision's header data."""
    return {
        "id": decision.id,
        "number": decision.number,
        "date": iso_date(decision.decided_on),
        "session": decision.session,
        "title": decision.title,
        "kind": decision.kind,
        "body_id": decision.body_id,
        "created_at": iso_datetime(decision.created_at),
        "links": {
            "self": url_for("api.get_decision", decision_id=decision.id, _external=True),
            "body": url_for("api.get_body", body_id=decision.body_id, _external=True)
            if decision.body_id
            else None,
        },
    }


def proposal_data(proposal: Proposal) -> dict[str, Any]:
    """A proposal's queryable columns and where it stands (not the full Steckbrief)."""
    return {
        "id": proposal.id,
        "reference": proposal.reference,
        "state": proposal.state,
        "state_label": proposal.state_label,
        "title": proposal.title,
        "short_name": proposal.short_name,
        "kind": proposal.kind,
        "focus_topic": proposal.focus_topic,
        "parent_body_id": proposal.parent_body_id,
        "body_id": proposal.body_id,
        "end_date": iso_date(proposal.end_date),
        "open_ended": proposal.open_ended,
        "owner": {"name": proposal.owner.name, "organisation": proposal.owner.organisation},
        "submitted_at": iso_datetime(proposal.submitted_at),
        "created_at": iso_datetime(proposal.created_at),
        "updated_at": iso_datetime(proposal.updated_at),
        "links": {
            "self": url_for("api.get_proposal", proposal_id=proposal.id, _external=True),
        },
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

    def link(cursor: str | None) -> str:
        extra = {"cursor": cursor} if cursor else {}
        return url_for(endpoint, **filters, per_page=page.per_page, **extra, _external=True)

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
