"""`make bench-instructions`: reading callgrind's dumps and the table made from them."""

from __future__ import annotations

import pytest

from bench import instructions


def _dump(folder, part: int, total: int, key: str = "summary"):
    path = folder / f"callgrind.out.{part}"
    path.write_bytes(
        b"# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\n"
        b"events: Ir\n" + f"{key}: {total}\n".encode() + b"fn=(1) main\n0 5\n"
    )
    return path


def test_each_dump_after_the_start_up_is_one_page(tmp_path):
    dumps = [_dump(tmp_path, 1, 900_000_000), _dump(tmp_path, 2, 45_000_000, "totals")]
    dumps.append(_dump(tmp_path, 3, 240_000_000))
    totals = instructions.dump_totals(dumps)
    assert totals == [900_000_000, 45_000_000, 240_000_000]
    assert instructions.per_request(totals, 30) == [1_500_000, 8_000_000]


def test_a_dump_without_a_total_or_too_few_dumps_is_an_error(tmp_path):
    broken = tmp_path / "callgrind.out.1"
    broken.write_bytes(b"events: Ir\nfn=(1) main\n")
    with pytest.raises(RuntimeError, match="no total"):
        instructions.dump_totals([broken])
    with pytest.raises(RuntimeError, match=r"os\.getppid"):
        instructions.per_request([900_000_000], 30)


def test_the_table_gives_each_page_as_a_multiple_of_healthz():
    pages = {
        "healthz": {"label": "GET /healthz (minimal endpoint)"},
        "proposal": {"label": "GET /antraege/<id> with history (office)"},
    }
    section = instructions.report([1_600_000, 8_000_000], pages, "postgresql", 10000, 30)
    assert "postgresql, 10 000 proposals, 30 requests per page" in section
    assert "| GET /healthz (minimal endpoint) | 1.60 | 1.0× |" in section
    assert "| GET /antraege/<id> with history (office) | 8.00 | 5.0× |" in section
    with pytest.raises(RuntimeError, match="1 counts for 2 pages"):
        instructions.report([1_600_000], pages, "postgresql", 10000, 30)
