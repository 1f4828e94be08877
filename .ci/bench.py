#!/usr/bin/env python3
"""Speed and memory figures at a given volume, with wrk and /proc.

    cargo build --release
    python3 .ci/bench.py --db sqlite --registers 10000 [--connections 64] [--duration 20]
    python3 .ci/bench.py --db postgres --registers 1000000

Seeds a database with `sengketa seed-bulk` (kept under /tmp/sengketa-bench, or
as the PostgreSQL database sengketa_bench_N, and reused), then:

1. starts the release binary on it and measures start-up to serving;
2. streams the full CSV export of registers and reads the server's resident
   memory before and after (constant memory means the same peak at 10k and 1M);
3. runs wrk at fixed concurrency against each page for --duration seconds after
   a warm-up: the same address again and again (what a kept page gives), then
   varied addresses (10,000 different registers, search words, deep cursors)
   that mostly miss the kept pages, then a mixed load where 5% of requests are
   staff writes (a hearing scheduled for a random register);
4. times the staff dashboard (five requests, its size and the server's peak
   after them) and staff status changes of registers that each have 1,000
   confirmed followers;
5. prints a Markdown table: requests/s, p50/p99 latency, errors, response size,
   and the ratio to the static stylesheet measured in the same run, with the
   server's peak resident memory (VmHWM).
"""
import argparse, http.cookiejar, os, random, re, socket, sqlite3, subprocess, sys, tempfile, time
import urllib.error, urllib.parse, urllib.request, uuid

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BIN = os.path.join(ROOT, "target", "release", "sengketa")
WORK = "/tmp/sengketa-bench"
STAFF_EMAIL = "bench-staff@contoh.invalid"
STAFF_PASSWORD = "kata-sandi-bench-1"

ap = argparse.ArgumentParser()
ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
ap.add_argument("--registers", type=int, default=10000)
ap.add_argument("--connections", type=int, default=64)
ap.add_argument("--duration", type=int, default=20)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--only", help="measure only rows whose label contains this (and the ceiling)")
ap.add_argument("--followers", type=int, default=1000, help="followers of each register whose status is changed")
ap.add_argument("--changes", type=int, default=30, help="how many status changes to time")
args = ap.parse_args()
if not os.path.exists(BIN):
    sys.exit("build first: cargo build --release")
if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
    sys.exit("wrk is needed: apt-get install wrk")
os.makedirs(WORK, exist_ok=True)

# ------------------------------------------------------------------ database
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
seeded = None
if fresh:
    t0 = time.time()
    out = subprocess.run([BIN, "seed-bulk", "--registers", str(args.registers)], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    seeded = f"{out.stdout.strip()} (wall {time.time() - t0:.0f} s)"
    print(f"seeded: {seeded}", file=sys.stderr)
subprocess.run([BIN, "migrate"], env=env, check=True, capture_output=True)
# A staff account for the writes; an existing one is reused.
subprocess.run([BIN, "create-user", "--email", STAFF_EMAIL, "--role", "staff"], env=env,
               input=f"{STAFF_PASSWORD}\n".encode(), capture_output=True)


def query(sql):
    if args.db == "sqlite":
        db = sqlite3.connect(path)
        rows = db.execute(sql).fetchall()
        db.close()
        return rows
    out = subprocess.run(["psql", url, "-qAtF", "\t", "-c", sql], capture_output=True, text=True, check=True)
    return [tuple(line.split("\t")) for line in out.stdout.strip().splitlines()]


def execute(sql):
    if args.db == "sqlite":
        db = sqlite3.connect(path)
        db.executescript(sql)
        db.commit()
        db.close()
    else:
        subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1"], input=sql.encode(), check=True,
                       capture_output=True)


(register_id,) = query("SELECT id FROM registers WHERE registered_on IS NOT NULL ORDER BY number DESC LIMIT 1")[0]
total = int(query("SELECT COUNT(*) FROM registers WHERE registered_on IS NOT NULL")[0][0])
mid = query(f"SELECT registered_on, id FROM registers WHERE registered_on IS NOT NULL "
            f"ORDER BY registered_on DESC, id DESC LIMIT 1 OFFSET {total // 2}")[0]
(year,) = query("SELECT MAX(number_year) FROM registers")[0]
deep = f"/registers?after={mid[0]}_{mid[1]}"
rng = random.Random(7)
# About 10,000 registers spread over the whole register, newest to oldest:
# their pages and their places as list cursors.
every = max(1, total // 10000)
spread = query(
    "SELECT registered_on, id FROM (SELECT registered_on, id, ROW_NUMBER() OVER "
    "(ORDER BY registered_on DESC, id DESC) AS n FROM registers WHERE registered_on IS NOT NULL) t "
    f"WHERE n % {every} = 0")
cursors = [f"{c[0]}_{c[1]}" for c in spread]
sample = [c[1] for c in spread]
rng.shuffle(sample)
words = ["kontrak", "laporan", "anggaran", "notulen", "pengadaan", "amdal", "aset", "harta", "kecamatan",
         "triwulan", "keuangan", "tps", "proyek", "wilayah", "daerah", "rapat", "dokumen", "kekayaan"]

# ------------------------------------------------------------------ server
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
env["SENGKETA_BIND"] = f"127.0.0.1:{port}"
base = f"http://127.0.0.1:{port}"
log = tempfile.NamedTemporaryFile(prefix="sengketa-bench-", suffix=".log", delete=False)


def start():
    t0 = time.time()
    srv = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=log)
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.05).close()
            return srv, time.time() - t0
        except OSError:
            if time.time() - t0 > 60 or srv.poll() is not None:
                sys.exit("the server did not start")
            time.sleep(0.002)


def memory(srv, field):
    with open(f"/proc/{srv.pid}/status") as f:
        return int(re.search(rf"{field}:\s+(\d+) kB", f.read()).group(1)) / 1024


def stop(srv):
    srv.terminate()
    srv.wait()


# The export, on a server of its own so that its peak is its own.
server, startup = start()
rss_before = memory(server, "VmRSS")
t0 = time.time()
exported = 0
with urllib.request.urlopen(base + "/exports/registers.csv") as r:
    while True:
        chunk = r.read(1 << 16)
        if not chunk:
            break
        exported += len(chunk)
export_secs = time.time() - t0
export_peak = memory(server, "VmHWM")
stop(server)

server, startup = start()

# ------------------------------------------------------------------ staff session
jar = http.cookiejar.CookieJar()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def get(p):
    return opener.open(base + p).read().decode()


def post(p, fields):
    try:
        return opener.open(base + p, urllib.parse.urlencode(fields).encode())
    except urllib.error.HTTPError as e:
        return e


def csrf(html):
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


r = post("/login", {"csrf": csrf(get("/login")), "email": STAFF_EMAIL, "password": STAFF_PASSWORD})
if r.status != 303:
    sys.exit(f"staff login failed: HTTP {r.status}")
token = csrf(get("/staff/hearings/new"))
cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

# ------------------------------------------------------------------ staff dashboard
# Deadlines of every running register within five working days: read in
# slices, the most pressing shown. Timed one request at a time.
dashboard = []
if not args.only or "dashboard" in args.only:
    for _ in range(5):
        t0 = time.perf_counter()
        page = get("/staff")
        dashboard.append(((time.perf_counter() - t0) * 1000, len(page.encode())))
    shown = re.search(r"Ditampilkan ([\d.,]+) dari ([\d.,]+)", page)
    dashboard_shown = f"{shown.group(1)} of {shown.group(2)} pressing deadlines shown" if shown else "all shown"
    dashboard_peak = memory(server, "VmHWM")

# ------------------------------------------------------------------ wrk
lua_dir = tempfile.mkdtemp(prefix="sengketa-bench-lua-")


def lua_list(items):
    return "{" + ",".join('"' + i.replace('"', '\\"') + '"' for i in items) + "}"


def script(name, body):
    p = os.path.join(lua_dir, name + ".lua")
    with open(p, "w") as f:
        f.write(body)
    return p


varied_registers = script("registers", f"""
local ids = {lua_list(sample)}
math.randomseed(11)
request = function()
  return wrk.format("GET", "/registers/" .. ids[math.random(#ids)])
end
""")
varied_search = script("search", f"""
local words = {lua_list(words)}
math.randomseed(12)
request = function()
  local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format("GET", "/registers?q=" .. q)
end
""")
varied_deep = script("deep", f"""
local cursors = {lua_list(cursors)}
math.randomseed(13)
request = function()
  return wrk.format("GET", "/registers?after=" .. cursors[math.random(#cursors)])
end
""")
hearing_day = time.strftime("%Y-%m-%d", time.localtime(time.time() + 30 * 86400))
mixed = script("mixed", f"""
local ids = {lua_list(sample)}
local words = {lua_list(words)}
local reads = {{"/registers", "{deep}", "/registers?status=decided&year={year}", "/hearings", "/feed.atom",
               "/api/v1/registers", "/"}}
math.randomseed(14)
request = function()
  local x = math.random()
  if x < 0.05 then
    local body = "csrf={token}&date={hearing_day}&time=10:00&kind=evidence1&room=Ruang+Bench&openness=open&register="
                 .. ids[math.random(#ids)]
    return wrk.format("POST", "/staff/hearings", {{["Content-Type"] = "application/x-www-form-urlencoded",
                      ["Cookie"] = "{cookie}"}}, body)
  elseif x < 0.55 then
    return wrk.format("GET", "/registers/" .. ids[math.random(#ids)])
  elseif x < 0.65 then
    return wrk.format("GET", "/registers?q=" .. words[math.random(#words)])
  else
    return wrk.format("GET", reads[math.random(#reads)])
  end
end
""")

# The same register page as a browser asks for it: compressed.
gzip_register = script("gzip", f"""
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
request = function()
  return wrk.format("GET", "/registers/{register_id}")
end
""")

rows = [
    ("static stylesheet (ceiling)", "/static/style.css", None),
    ("static OpenAPI file", "/api/v1/openapi.json", None),
    ("register page", f"/registers/{register_id}", None),
    ("register page, gzip (as browsers ask)", f"/registers/{register_id}", gzip_register),
    ("register list, first page", "/registers", None),
    ("register list, deep keyset page", deep, None),
    ("register list, filtered", f"/registers?status=decided&year={year}", None),
    ("text search", "/registers?q=kontrak", None),
    ("hearings page", "/hearings", None),
    ("Atom feed", "/feed.atom", None),
    ("JSON API, list", "/api/v1/registers", None),
    ("JSON API, one register", f"/api/v1/registers/{register_id}", None),
    ("varied: 10,000 register pages", "/registers/…", varied_registers),
    ("varied: two-word searches", "/registers?q=…+…", varied_search),
    ("varied: deep keyset pages", "/registers?after=…", varied_deep),
    ("mixed, 5% staff writes", "(see script)", mixed),
]


def size(p):
    """The page's size, or its HTTP status when it fails after the load."""
    try:
        with urllib.request.urlopen(base + p) as r:
            return len(r.read())
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}"


def wrk(target, lua, duration):
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if lua:
        cmd += ["-s", lua, base]
    else:
        cmd += [base + target]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = 0
    for pat in (r"Non-2xx or 3xx responses: (\d+)",
                r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
        m = re.search(pat, out)
        if m:
            errors += sum(int(g) for g in m.groups())
    return rps, pct(50), pct(99), errors


if args.only:
    rows = [rows[0]] + [x for x in rows[1:] if args.only in x[0]]
for _, p, lua in rows:
    wrk(p, lua, 2)  # warm up
results = []
ceiling = None
for label, p, lua in rows:
    rps, p50, p99, errors = wrk(p, lua, args.duration)
    if ceiling is None:
        ceiling = rps
    b = size(p) if lua is None else "varies"
    results.append((label, b, rps, p50, p99, errors, rps / ceiling))

# ------------------------------------------------------------------ status changes
# Registers in preliminary examination, each given the followers, then moved to
# adjudication one after the other by the staff form.
changes = []
if not args.only or "status" in args.only:
    candidates = [r[0] for r in query(
        f"SELECT id FROM registers WHERE status = 'preliminary' AND registered_on IS NOT NULL "
        f"ORDER BY id LIMIT {args.changes}")]
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    values = ",".join(f"('{uuid.uuid4()}', 'b{uuid.uuid4().hex[:12]}@contoh.invalid', '{rid}', NULL, 'id', "
                      f"'{uuid.uuid4().hex}', '{now}', '{now}', 'immediate')"
                      for rid in candidates for _ in range(args.followers))
    if candidates:
        execute("INSERT INTO follows (id, email, register_id, body_id, lang, token, confirmed_at, created_at, mode) "
                f"VALUES {values};")
    today = time.strftime("%Y-%m-%d")
    for rid in candidates:
        page = get(f"/staff/registers/{rid}")
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        t0 = time.perf_counter()
        r = post(f"/staff/registers/{rid}/status",
                 {"csrf": csrf(page), "version": version, "to_status": "adjudication", "on": today})
        dt = (time.perf_counter() - t0) * 1000
        if r.status == 303:
            changes.append(dt)
        else:
            print(f"status change of {rid}: HTTP {r.status}", file=sys.stderr)

hwm = memory(server, "VmHWM")
stop(server)
locked = open(log.name, errors="replace").read().count("database is locked")

# ------------------------------------------------------------------ report
cpu = re.search(r"model name\s+:\s+(.*)", open("/proc/cpuinfo").read()).group(1)
command = f"python3 .ci/bench.py --db {args.db} --registers {args.registers} --connections {args.connections} --duration {args.duration}"
print(f"\n### {args.db}, {total:,} registered disputes ({args.registers:,} generated) — {time.strftime('%Y-%m-%d')}\n")
print(f"Machine: {os.cpu_count()} cores ({cpu}), server and wrk -t{args.threads} -c{args.connections} -d{args.duration}s on it.")
print(f"Command: `{command}`\n")
if seeded:
    print(f"Seeded: {seeded}.\n")
print(f"Start-up to serving: {startup * 1000:.0f} ms. Peak server memory (VmHWM) after every load: {hwm:.0f} MiB. "
      f"\"database is locked\" in the server's log: {locked}.\n")
print(f"CSV export of every register: {exported / 1e6:,.1f} MB in {export_secs:.1f} s; "
      f"server memory {rss_before:.0f} MiB before, peak {export_peak:.0f} MiB during.\n")
if dashboard:
    times = sorted(t for t, _ in dashboard)
    print(f"Staff dashboard, {len(times)} requests one after another: {dashboard[-1][1]:,} bytes, "
          f"median {times[len(times) // 2]:.0f} ms, max {times[-1]:.0f} ms; {dashboard_shown}; "
          f"server peak {dashboard_peak:.0f} MiB after them.\n")
print("| page | bytes | req/s | p50 ms | p99 ms | errors | × ceiling |")
print("|---|---:|---:|---:|---:|---:|---:|")
for label, b, rps, p50, p99, errors, ratio in results:
    b = f"{b:,}" if isinstance(b, int) else b
    print(f"| {label} | {b} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {errors} | {ratio:.2f} |")
if changes:
    changes.sort()
    p = lambda q: changes[min(len(changes) - 1, int(q * len(changes)))]
    print(f"\nStaff status change of a register with {args.followers:,} followers, {len(changes)} changes one "
          f"after another: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {changes[-1]:.1f} ms.")
