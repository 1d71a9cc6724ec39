"""Writes the explorer's shipped example of "Two tables" (web/public/tables/): a reference table
(last month's customers, P) and a current one (this month's, Q), 3000 rows each, with numeric and
categorical columns and a known injected drift:

- ``income`` (numeric): the current incomes are 25 % higher (a multiplicative shift);
- ``plan`` (categorical): "basic" loses a third of its share to "pro", and a new plan "family",
  unseen in the reference, appears;
- ``age``, ``visits``, ``region`` and ``device``: drawn from the same laws in both tables (no drift);
  ``age`` has 2 % missing values in the current table.

Also writes the current table as Parquet (pyarrow, snappy) to test/fixtures/web-tables/, the twin
the browser test drops to check that a Parquet file gives the same report as its CSV. Seeded, so the
files are reproducible. Run from the project root: python3 scripts/gen_web_tables.py
"""

import csv
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "web" / "public" / "tables"
FIXTURES = ROOT / "test" / "fixtures" / "web-tables"
ROWS = 3000
REGIONS = ["north", "south", "east", "west"]
DEVICES = ["phone", "desktop", "tablet"]


def table(rng: np.random.Generator, drift: bool) -> dict[str, list]:
    age = np.round(rng.normal(41, 12, ROWS).clip(18, 90), 0)
    income = np.round(rng.lognormal(10.4, 0.45, ROWS) * (1.25 if drift else 1.0), 2)
    visits = rng.poisson(6, ROWS).astype(float)
    plans = ["basic", "plus", "pro", "family"]
    shares = [0.3, 0.3, 0.3, 0.1] if drift else [0.45, 0.35, 0.2, 0.0]
    plan = rng.choice(plans, ROWS, p=shares)
    region = rng.choice(REGIONS, ROWS, p=[0.3, 0.25, 0.25, 0.2])
    device = rng.choice(DEVICES, ROWS, p=[0.6, 0.3, 0.1])
    ages: list = [float(a) for a in age]
    if drift:
        for i in rng.choice(ROWS, ROWS // 50, replace=False):
            ages[i] = None
    return {
        "age": ages,
        "income": [float(x) for x in income],
        "visits": [float(x) for x in visits],
        "plan": [str(x) for x in plan],
        "region": [str(x) for x in region],
        "device": [str(x) for x in device],
    }


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return v


def write_csv(path: Path, t: dict[str, list]) -> None:
    names = list(t)
    with path.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for i in range(ROWS):
            w.writerow([cell(t[n][i]) for n in names])


rng = np.random.default_rng(20240518)
reference = table(rng, drift=False)
current = table(rng, drift=True)
OUT.mkdir(parents=True, exist_ok=True)
FIXTURES.mkdir(parents=True, exist_ok=True)
write_csv(OUT / "reference.csv", reference)
write_csv(OUT / "current.csv", current)
pq.write_table(
    pa.table(
        {
            n: pa.array(v, type=pa.float64() if n in ("age", "income", "visits") else pa.string())
            for n, v in current.items()
        }
    ),
    FIXTURES / "current.parquet",
    compression="snappy",
)
for p in (OUT / "reference.csv", OUT / "current.csv", FIXTURES / "current.parquet"):
    print(f"wrote {p.relative_to(ROOT)} ({p.stat().st_size} bytes)")
