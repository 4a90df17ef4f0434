"""The council tests use the workflow's cast and proposal."""

from tests.workflow.conftest import _no_overlap_check, cast, proposal  # noqa: F401
