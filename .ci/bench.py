#!/usr/bin/env python3
"""Page-speed figures at a given volume, with wrk.

    cargo build --release
    python3 .ci/bench.py --db sqlite --registers 10000 [--connections 64] [--duration 20]
    python3 .ci/bench.py --db postgres --registers 10000

Seeds a database with `sengketa seed-bulk` (kept under /tmp/sengketa-bench and
reused for the same backend and size), starts the release binary on it, measures
start-up to serving, warms up, then runs wrk at fixed concurrency against each
page and prints a Markdown table: requests/s, p50/p99 latency, errors, response
size, and the ratio to the static stylesheet measured in the same run. The
server's peak resident memory (VmHWM) is read at the end.
"""
import argparse, os, re, socket, sqlite3, subprocess, sys, time, urllib.error, urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BIN = os.path.join(ROOT, "target", "release", "sengketa")
WORK = "/tmp/sengketa-bench"

ap = argparse.ArgumentParser()
ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
ap.add_argument("--registers", type=int, default=10000)
ap.add_argument("--connections", type=int, default=64)
ap.add_argument("--duration", type=int, default=20)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--only", help="measure only pages whose label contains this (and the ceiling)")
args = ap.parse_args()
if not os.path.exists(BIN):
    sys.exit("build first: cargo build --release")
if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
    sys.exit("wrk is needed: apt-get install wrk")
os.makedirs(WORK, exist_ok=True)

if args.db == "sqlite":
    path = f"{WORK}/sqlite-{args.registers}.sqlite"
    url = f"sqlite://{path}"
    fresh = not os.path.exists(path)
else:
    name = f"sengketa_bench_{args.registers}"
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    exists = subprocess.run(["psql", admin, "-qAtc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                            capture_output=True, text=True).stdout.strip() == "1"
    if not exists:
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    fresh = not exists

env = dict(os.environ, DATABASE_URL=url, SENGKETA_SEED_DEMO="false", SENGKETA_WORKER="false",
           RUST_LOG="warn", SENGKETA_MAIL_DIR=f"{WORK}/mail", SENGKETA_FILES_DIR=f"{WORK}/files")
if fresh:
    t0 = time.time()
    out = subprocess.run([BIN, "seed-bulk", "--registers", str(args.registers)], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    print(f"seeded: {out.stdout.strip()} (wall {time.time() - t0:.0f} s)")


def query(sql):
    if args.db == "sqlite":
        db = sqlite3.connect(path)
        rows = db.execute(sql).fetchall()
        db.close()
        return rows
    out = subprocess.run(["psql", url, "-qAtF", "\t", "-c", sql], capture_output=True, text=True, check=True)
    return [tuple(line.split("\t")) for line in out.stdout.strip().splitlines()]


(register_id,) = query("SELECT id FROM registers WHERE registered_on IS NOT NULL ORDER BY number DESC LIMIT 1")[0]
total = int(query("SELECT COUNT(*) FROM registers WHERE registered_on IS NOT NULL")[0][0])
mid = query(f"SELECT registered_on, id FROM registers WHERE registered_on IS NOT NULL "
            f"ORDER BY registered_on DESC, id DESC LIMIT 1 OFFSET {total // 2}")[0]
(year,) = query("SELECT MAX(number_year) FROM registers")[0]
deep = f"/registers?after={mid[0]}_{mid[1]}"

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
env["SENGKETA_BIND"] = f"127.0.0.1:{port}"
base = f"http://127.0.0.1:{port}"
t0 = time.time()
server = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.05).close()
        break
    except OSError:
        if time.time() - t0 > 30 or server.poll() is not None:
            sys.exit("the server did not start")
        time.sleep(0.005)
startup = time.time() - t0

pages = [
    ("static stylesheet (ceiling)", "/static/style.css"),
    ("register page", f"/registers/{register_id}"),
    ("register list, first page", "/registers"),
    ("register list, deep keyset page", deep),
    ("register list, filtered", f"/registers?status=decided&year={year}"),
    ("text search", "/registers?q=kontrak"),
    ("hearings page", "/hearings"),
    ("Atom feed", "/feed.atom"),
    ("JSON API, list", "/api/v1/registers"),
    ("JSON API, one register", f"/api/v1/registers/{register_id}"),
]


def size(path):
    """The page's size, or its HTTP status when it fails after the load."""
    try:
        with urllib.request.urlopen(base + path) as r:
            return len(r.read())
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}"


def wrk(path, duration):
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency",
                          base + path], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = 0
    for pat in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
        m = re.search(pat, out)
        if m:
            errors += sum(int(g) for g in m.groups())
    return rps, pct(50), pct(99), errors


if args.only:
    pages = [pages[0]] + [x for x in pages[1:] if args.only in x[0]]
for _, p in pages:
    wrk(p, 2)  # warm up
rows = []
ceiling = None
for label, p in pages:
    rps, p50, p99, errors = wrk(p, args.duration)
    if ceiling is None:
        ceiling = rps
    rows.append((label, p, size(p), rps, p50, p99, errors, rps / ceiling))
with open(f"/proc/{server.pid}/status") as f:
    hwm = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) / 1024
server.terminate()
server.wait()

cpu = re.search(r"model name\s+:\s+(.*)", open("/proc/cpuinfo").read()).group(1)
print(f"\n### {args.db}, {total:,} registers — {time.strftime('%Y-%m-%d')}\n")
print(f"Machine: {os.cpu_count()} cores ({cpu}), wrk -t{args.threads} -c{args.connections} -d{args.duration}s on the same machine.")
print(f"Command: `python3 .ci/bench.py --db {args.db} --registers {args.registers} --connections {args.connections} --duration {args.duration}`\n")
print(f"Start-up to serving: {startup * 1000:.0f} ms. Peak server memory (VmHWM): {hwm:.0f} MiB.\n")
print("| page | bytes | req/s | p50 ms | p99 ms | errors | × ceiling |")
print("|---|---:|---:|---:|---:|---:|---:|")
for label, p, b, rps, p50, p99, errors, ratio in rows:
    b = f"{b:,}" if isinstance(b, int) else b
    print(f"| {label} | {b} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {errors} | {ratio:.2f} |")
