"""`make bench`: runs every bench/bench_*.py and prints one table of figures and ratios."""

from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    only = set(sys.argv[1:])
    rows: list[tuple[str, str, str]] = []
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        started = time.perf_counter()
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        try:
            result = _load(path).main()
            for row in result or []:
                rows.append(tuple(str(c) for c in row))  # type: ignore[arg-type]
        except Exception:
            failed += 1
            traceback.print_exc()
            rows.append((path.stem, "FAILED", "see the traceback above"))
        print(f"  {path.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    width = [max(len(r[i]) for r in [*rows, ("benchmark", "figure", "note")]) for i in range(3)]
    header = ("benchmark", "figure", "note")
    print(" | ".join(h.ljust(w) for h, w in zip(header, width, strict=True)))
    print("-+-".join("-" * w for w in width))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, width, strict=True)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
