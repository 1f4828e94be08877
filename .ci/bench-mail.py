#!/usr/bin/env python3
"""Email figures: how long a staff status change takes when the register has N
confirmed followers (default 1,000); how long the worker then takes to write
the followers' messages; and how many messages per second it hands to a local
SMTP sink. Run from the repository root after
`cargo build --release`:  python3 .ci/bench-mail.py [N]
"""
import os, re, sqlite3, subprocess, sys, time, uuid, urllib.request, urllib.parse, urllib.error, http.cookiejar, threading, socket, shutil, tempfile
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "sengketa")
if not os.path.exists(BIN):
    sys.exit("build first: cargo build --release")
D = tempfile.mkdtemp(prefix="sengketa-bench-mail-")
env = dict(os.environ, DATABASE_URL=f"sqlite://{D}/db.sqlite", SENGKETA_SEED_DEMO="true", SENGKETA_WORKER="false",
           SENGKETA_BIND="127.0.0.1:18097", SENGKETA_MAIL_DIR=f"{D}/mail", RUST_LOG="warn")
subprocess.run([BIN, "seed-demo"], env=env, check=True, capture_output=True)
subprocess.run([BIN, "create-user", "--email", "staff@contoh.invalid", "--role", "staff"], env=env, input=b"kata-sandi-bench-1\n", check=True, capture_output=True)
db = sqlite3.connect(f"{D}/db.sqlite")
rid, body = db.execute("select id, respondent_id from registers where status='preliminary'").fetchone()
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
now = time.strftime("%Y-%m-%d %H:%M:%S")
db.executemany("insert into follows (id,email,register_id,body_id,lang,token,confirmed_at,created_at) values (?,?,?,?,?,?,?,?)",
               [(str(uuid.uuid4()), f"f{i}@contoh.invalid", rid, None, "id", uuid.uuid4().hex, now, now) for i in range(N)])
db.commit()
srv = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
srv.stdout.readline()
jar = http.cookiejar.CookieJar()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
def get(p): return op.open("http://127.0.0.1:18097" + p).read().decode()
def post(p, f):
    try: return op.open("http://127.0.0.1:18097" + p, urllib.parse.urlencode(f).encode())
    except urllib.error.HTTPError as e: return e
csrf = lambda html: re.search(r'name="csrf" value="([^"]+)"', html).group(1)
post("/login", {"csrf": csrf(get("/login")), "email": "staff@contoh.invalid", "password": "kata-sandi-bench-1"})
page = get(f"/staff/registers/{rid}")
version = re.search(r'name="version" value="(\d+)"', page).group(1)
t0 = time.perf_counter()
r = post(f"/staff/registers/{rid}/status", {"csrf": csrf(page), "version": version, "to_status": "mediation", "on": time.strftime("%Y-%m-%d")})
dt = time.perf_counter() - t0
queued = db.execute("select count(*) from outbox").fetchone()[0]
waiting = db.execute("select count(*) from notices where fanned_out_at is null").fetchone()[0]
print(f"status change with {N} followers: HTTP {r.status} in {dt*1000:.0f} ms; {queued} party messages and {waiting} follower notice queued")
srv.terminate(); srv.wait()
# A minimal SMTP sink.
count = [0]; lock = threading.Lock()
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); ls.bind(("127.0.0.1", 0)); ls.listen(64)
port = ls.getsockname()[1]
def handle(c):
    f = c.makefile("rb"); c.sendall(b"220 sink\r\n")
    while True:
        l = f.readline()
        if not l: return
        u = l.upper()
        if u.startswith(b"EHLO") or u.startswith(b"HELO"): c.sendall(b"250-sink\r\n250 8BITMIME\r\n")
        elif u.startswith(b"DATA"):
            c.sendall(b"354 go\r\n")
            while f.readline() not in (b".\r\n", b""): pass
            with lock: count[0] += 1
            c.sendall(b"250 ok\r\n")
        elif u.startswith(b"QUIT"): c.sendall(b"221 bye\r\n"); return
        else: c.sendall(b"250 ok\r\n")
def serve():
    while True:
        c, _ = ls.accept(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); threading.Thread(target=handle, args=(c,), daemon=True).start()
threading.Thread(target=serve, daemon=True).start()
wenv = dict(env, SENGKETA_SMTP_URL=f"smtp://127.0.0.1:{port}")
t0 = time.perf_counter()
w = subprocess.Popen([BIN, "worker"], env=wenv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
fanned = None
while time.perf_counter() - t0 < 180:
    if fanned is None and db.execute("select count(*) from notices where fanned_out_at is null").fetchone()[0] == 0:
        fanned = time.perf_counter() - t0
    left = db.execute("select count(*) from outbox where state <> 'sent'").fetchone()[0]
    if fanned is not None and left == 0: break
    time.sleep(0.05)
dt = time.perf_counter() - t0
w.terminate(); w.wait()
with lock: n = count[0]
sent = db.execute("select count(*) from outbox where state='sent'").fetchone()[0]
print(f"worker wrote the {N} follower messages within {fanned*1000:.0f} ms of starting" if fanned is not None else "notice not expanded in 180 s")
print(f"delivered {n} messages to a local SMTP sink in {dt:.2f} s: {n/dt:.0f} messages/s (outbox says {sent} sent)")
shutil.rmtree(D, ignore_errors=True)
