"""Print the benchmark's markdown table from the result files of each size (no Odoo needed).

python tests/benchmarks/bench_table.py .local/bench/10000.txt .local/bench/100000.txt
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_lib import format_table, read_results  # noqa: E402


def label(path):
    """'10000.txt' -> '10k'."""
    name = os.path.splitext(os.path.basename(path))[0]
    if name.isdigit() and int(name) % 1000 == 0:
        return f"{int(name) // 1000}k"
    return name


def main(paths):
    runs = [(label(path), read_results(path)) for path in paths if os.path.exists(path)]
    if not runs:
        sys.exit("no result file")
    print(format_table(runs))


if __name__ == "__main__":
    main(sys.argv[1:])
