#!/usr/bin/env python3
"""Turns the figures the reliability tests recorded (target/tmp/reliability.jsonl,
one line per run of a test and backend) into the tables of .ci/RELIABILITY.md.

    python3 .ci/reliability.py          # print the tables
    python3 .ci/reliability.py --write  # put them into .ci/RELIABILITY.md
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "target" / "tmp" / "reliability.jsonl"
REPORT = ROOT / ".ci" / "RELIABILITY.md"
START, END = "<!-- figures -->", "<!-- /figures -->"


def latest():
    if not SOURCE.exists():
        sys.exit(f"no figures yet: run the tests first ({SOURCE} is missing)")
    runs = {}
    for line in SOURCE.read_text().splitlines():
        if line.strip():
            run = json.loads(line)
            runs[(run["test"], run["backend"])] = run
    return runs


def tables(runs):
    out = []
    tests = sorted({t for t, _ in runs})
    for test in tests:
        out.append(f"### {test}\n")
        backends = sorted(b for t, b in runs if t == test)
        keys = []
        for b in backends:
            for k in runs[(test, b)]["figures"]:
                if k not in keys:
                    keys.append(k)
        out.append("| figure | " + " | ".join(backends) + " |")
        out.append("|---|" + "---|" * len(backends))
        for k in keys:
            cells = [runs[(test, b)]["figures"].get(k, "") for b in backends]
            cells = [c.replace("|", "\\|") for c in cells]
            out.append(f"| {k} | " + " | ".join(cells) + " |")
        when = ", ".join(f"{b} {runs[(test, b)]['at'][:16].replace('T', ' ')} UTC" for b in backends)
        out.append(f"\nRun: {when}.\n")
    return "\n".join(out)


def main():
    text = tables(latest())
    if "--write" not in sys.argv:
        print(text)
        return
    report = REPORT.read_text()
    head, rest = report.split(START, 1)
    _, tail = rest.split(END, 1)
    REPORT.write_text(f"{head}{START}\n{text}\n{END}{tail}")
    print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
