"""The applicant's side: the guided Steckbrief form, drafts and 'Meine Anträge'."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("proposals", __name__)
