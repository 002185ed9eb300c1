"""`make bench`'s scripts (tests/benchmarks/) compile, and its table printer needs no Odoo."""

import ast
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "tests" / "benchmarks"


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_lib = load("bench_lib", BENCH / "bench_lib.py")


@pytest.mark.parametrize("path", sorted(BENCH.glob("*.py")), ids=lambda path: path.name)
def test_benchmark_script_compiles(path):
    compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_scripts_run_by_cmd_bench_exist():
    script = (ROOT / "tools" / "hcrm.sh").read_text(encoding="utf-8")
    body = script[script.index("cmd_bench() {") :]
    body = body[: body.index("\n}\n")]
    for name in re.findall(r"bench_shell \"\$db\" (\w+\.py)", body):
        assert (BENCH / name).exists(), name
    assert "BENCH_DB" in body and "BENCH_SIZES" in body


def test_bench_lib_imports_odoo_only_inside_functions():
    tree = ast.parse((BENCH / "bench_lib.py").read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    names = [alias.name for node in top_level for alias in node.names] + [
        node.module for node in top_level if isinstance(node, ast.ImportFrom)
    ]
    assert not [name for name in names if name and name.startswith(("odoo", "lxml"))]


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(["noise", *("BENCH " + json.dumps(line) for line in lines)]) + "\n")
    return str(path)


def test_table_has_one_row_per_operation_with_ratio_and_growth(tmp_path):
    small = write(
        tmp_path,
        "10000.txt",
        [
            {"operation": "patients list", "orm_ms": 20.0, "sql_ms": 2.0, "queries": 9, "note": ""},
            {"generation": {"patients": 10163, "seconds": 12.0}},
            {
                "recalls_planned": 900,
                "batch_size": 200,
                "batches": 5,
                "queries_per_full_batch": [30],
                "seconds_per_full_batch": 0.2,
                "seconds_total": 1.5,
                "patients": 1,
                "appointments": 1,
            },
            {"operation": "reminders_sms", "reminders": 2000, "msg_s": 150.0, "seconds": 13.3, "queries": 4000},
            {"operation": "odoo_mail_queue", "emails": 500, "received": 500, "msg_s": 90.1, "seconds": 5.55},
        ],
    )
    large = write(
        tmp_path,
        "100000.txt",
        [{"operation": "patients list", "orm_ms": 30.0, "sql_ms": 3.0, "queries": 9, "note": ""}],
    )
    table_module = load("bench_table", BENCH / "bench_table.py")
    runs = [(table_module.label(path), bench_lib.read_results(path)) for path in (small, large)]
    lines = bench_lib.format_table(runs).splitlines()
    assert lines[0] == (
        "| operation | ORM ms 10k | SQL floor ms 10k | ratio 10k | queries 10k | ORM ms 100k | SQL floor ms 100k "
        "| ratio 100k | queries 100k | growth 100k/10k |"
    )
    assert len(lines) == 2 + 4  # header, rule, list, recall job, SMS reminders, Odoo's mail queue
    assert lines[2] == "| patients list | 20.0 | 2.00 | 10.0 | 9 | 30.0 | 3.00 | 10.0 | 9 | ×1.5 |"
    recall = next(line for line in lines if line.startswith("| recall job full run"))
    assert "900 recalls planned in 5 batches" in recall and "1,500.0" in recall
    sms = next(line for line in lines if line.startswith("| reminders by sms"))
    assert "150.0 per second" in sms and "| – | – |" in sms  # not in the 100k run
    ceiling = next(line for line in lines if line.startswith("| Odoo's mail queue alone"))
    assert "500 emails, 90.1 per second" in ceiling and "5,550.0" in ceiling


def test_a_row_without_figures_says_why():
    table = bench_lib.format_table([("10k", {"x": {"operation": "x", "note": "not measured: why"}})])
    assert table.splitlines()[2] == "| x (not measured: why) | – | – | – | – |"
