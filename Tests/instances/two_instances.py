#!/usr/bin/env python3
"""Two `cme serve` instances on one PostgreSQL database (issue 16, "Many instances").

The design says the web tier scales out on PostgreSQL. This proves it with the real binary: a session made on one
instance works on the other; the sign-in lockout and the public form's rate limit are counted in the database, so
guesses and posts spread over both instances add up; and the clock sweep runs once (an overdue clock raises its
alerts once, however many instances sweep). Standard library only; needs CME_TEST_POSTGRES_URL (scripts/test sets
it) and psql. Prints `N passed, N failed` and exits non-zero on any failure.
"""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CME_BIN", os.path.join(ROOT, ".build/debug/cme"))
ADMIN_URL = os.environ["CME_TEST_POSTGRES_URL"]
PASSWORD = "demo-password-2026"
results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition)))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)


def psql(url, sql):
    out = subprocess.run(["psql", url, "-At", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A browser stand-in: one cookie jar for both instances (cookies are per host, not per port)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def get(self, url):
        return self.send(urllib.request.Request(url))

    def post(self, url, fields):
        data = urllib.parse.urlencode(fields).encode()
        return self.send(urllib.request.Request(url, data=data, method="POST"))

    def send(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def token(body, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', body)
    return match.group(1) if match else ""


def main():
    name = "cme_two_" + secrets.token_hex(4)
    psql(ADMIN_URL, f"CREATE DATABASE {name}")
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    work = tempfile.mkdtemp(prefix="cme-two-")
    env = dict(os.environ, CME_SECRET_KEY=secrets.token_hex(32), DATABASE_URL=url)
    servers = []
    try:
        demo = subprocess.run(
            [BIN, "demo", "--cases", "12", "--policies", os.path.join(ROOT, "policies")],
            env=env, check=True, capture_output=True, text=True,
        )
        assert PASSWORD in demo.stdout, demo.stdout
        ports = [free_port(), free_port()]
        for index, port in enumerate(ports):
            log = open(os.path.join(work, f"serve-{index}.log"), "w")
            servers.append(subprocess.Popen(
                [BIN, "serve", "--port", str(port), "--sweep-every", "1", "--policies", os.path.join(ROOT, "policies")],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            ))
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            for _ in range(150):
                try:
                    urllib.request.urlopen(base + "/health", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
        a, b = bases

        # A session made on one instance works on the other.
        browser = Client()
        status, _, body = browser.get(a + "/sign-in")
        status, headers, _ = browser.post(
            a + "/sign-in",
            {"email": "dsl@castlehill.demo.cme.test", "password": PASSWORD, "_csrf": token(body, "_csrf")},
        )
        check("sign-in on instance A", status == 303 and headers.get("Location") == "/referrals", status)
        status, _, body = browser.get(b + "/referrals")
        check("the session from A opens the referrals page on B", status == 200 and "Referrals and notices" in body,
              status)
        status, _, body = browser.post(b + "/sign-out", {"_csrf": token(body, "_csrf")})
        status, headers, _ = browser.get(a + "/referrals")
        check("signing out on B ends the session on A too", status in (302, 303) and "/sign-in" in headers.get(
            "Location", ""), status)

        # Wrong passwords spread over both instances add up to one lockout.
        stranger = Client()
        _, _, body = stranger.get(a + "/sign-in")
        form_token = token(body, "_csrf")
        email = "attendance@castlehill.demo.cme.test"
        for attempt in range(5):
            base = bases[attempt % 2]
            stranger.post(base + "/sign-in", {"email": email, "password": "wrong wrong wrong", "_csrf": form_token})
        status, _, _ = stranger.post(a + "/sign-in", {"email": email, "password": PASSWORD, "_csrf": form_token})
        check("five wrong passwords over A and B lock the sign-in on A (429)", status == 429, status)
        status, _, _ = stranger.post(b + "/sign-in", {"email": email, "password": PASSWORD, "_csrf": form_token})
        check("... and on B (429)", status == 429, status)

        # The public form's rate limit (5 in ten minutes per address) counts posts to both instances.
        public = Client()
        forms = []
        for index in range(6):
            _, _, body = public.get(bases[index % 2] + "/report")
            forms.append((bases[index % 2], token(body, "stamp"), token(body, "_csrf")))
        time.sleep(3.5)  # a form sent within 3 seconds of being shown is a bot's
        statuses = []
        for base, stamp, csrf in forms:
            fields = {"forename": "Tia", "age": "9", "concern": "Not seen at school", "stamp": stamp, "_csrf": csrf}
            statuses.append(public.post(base + "/report", fields)[0])
        check("five public reports over A and B are taken, the sixth refused (429)",
              statuses == [200, 200, 200, 200, 200, 429], statuses)
        # A stamp spent on one instance is refused by the other.
        status, _, _ = public.post(b + "/report", {"forename": "Tia", "age": "9", "concern": "again",
                                                    "stamp": forms[0][1], "_csrf": forms[0][2]})
        check("a stamp spent on A is refused by B", status in (400, 429), status)

        # The clock sweep runs once: overdue clocks made due again raise their alerts once, with both sweeping
        # every second.
        for round_ in range(3):
            psql(url, "DELETE FROM alerts")
            psql(url, "UPDATE clocks SET state = 'running', alerted_at = NULL, settled_at = NULL, "
                      "deadline = now() - interval '1 day' WHERE id IN (SELECT id FROM clocks LIMIT 40)")
            time.sleep(3)
            duplicates = psql(url, "SELECT COUNT(*) FROM (SELECT clock_id, role, user_id FROM alerts "
                                   "GROUP BY clock_id, role, user_id HAVING COUNT(*) > 1) AS twice")
            alerts = int(psql(url, "SELECT COUNT(*) FROM alerts"))
            check(f"sweep round {round_ + 1}: {alerts} alerts raised, none twice", alerts > 0 and duplicates == "0",
                  f"{alerts} alerts, {duplicates} raised twice")
        verify = subprocess.run([BIN, "audit", "verify", "--policies", os.path.join(ROOT, "policies")], env=env,
                                capture_output=True, text=True)
        check("the audit chain both instances wrote verifies", verify.returncode == 0, verify.stderr)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        psql(ADMIN_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    passed = sum(1 for _, ok in results if ok)
    failed = len(results) - passed
    print(f"instances: {passed} passed, {failed} failed")
    if failed:
        for index in range(len(servers)):
            print(open(os.path.join(work, f"serve-{index}.log")).read()[-3000:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
