#!/usr/bin/env python3
"""A kill -9 during a burst of referrals with idempotency keys, then a retry of every unanswered one with the same
key, leaves each referral exactly once (issue 16, "Bad input and faults").

Runs the real `cme serve` on SQLite, and on PostgreSQL when CME_TEST_POSTGRES_URL is set: 240 referrals, each with
its own Idempotency-Key, sixteen at a time; the server is killed with SIGKILL part-way through, started again, and
every referral that got no answer is sent again with its key (and a sample of the answered ones too). Each key
must then name one referral, and the database must hold exactly 240. Standard library only; prints
`N passed, N failed`.
"""

import json
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CME_BIN", os.path.join(ROOT, ".build/debug/cme"))
POLICIES = os.path.join(ROOT, "policies")
COUNT = 240
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(env, port, log):
    server = subprocess.Popen([BIN, "serve", "--port", str(port), "--policies", POLICIES], env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def referral(index):
    return {
        "kind": "cme_referral", "reason": "RTL", "source": "SCH",
        "child": {"forename": f"Crash{index:04d}", "surname": "Retry" + chr(65 + index % 26),
                  "dateOfBirth": f"2013-{1 + index % 12:02d}-{1 + index % 28:02d}", "gender": "F"},
    }


def post(port, token, index, key):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/referrals",
        data=json.dumps(referral(index)).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": key},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())["referralId"]
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return None, None  # no answer: the server died under it


def run(backend, url, count_referrals):
    work = tempfile.mkdtemp(prefix=f"cme-crash-{backend}-")
    env = dict(os.environ, DATABASE_URL=url)
    demo = subprocess.run([BIN, "demo", "--cases", "1", "--policies", POLICIES], env=env, check=True,
                          capture_output=True, text=True).stdout
    token = re.search(r"^\s*cme_officer\s+\S+\s+\S+\s+(cme_\S+)", demo, re.M).group(1)
    before = count_referrals()
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    server = start(env, port, log)
    keys = [f"crash-{backend}-{index}-{secrets.token_hex(4)}" for index in range(COUNT)]
    answers = {}
    lock = threading.Lock()

    def send(index):
        status, reference = post(port, token, index, keys[index])
        if status == 201:
            with lock:
                answers[index] = reference
                # A third of the way through, with sixteen referrals in flight: kill -9.
                if len(answers) == COUNT // 3:
                    server.send_signal(signal.SIGKILL)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(send, range(COUNT)))
    server.wait()
    unanswered = [index for index in range(COUNT) if index not in answers]
    check(f"{backend}: the kill came mid-burst ({len(answers)} answered, {len(unanswered)} not)",
          0 < len(unanswered) < COUNT, len(answers))

    # Started again; every unanswered referral sent again with its key, and every fifth answered one too.
    port = free_port()
    server = start(env, port, log)
    try:
        retried = {}
        for index in unanswered + sorted(answers)[::5]:
            status, reference = post(port, token, index, keys[index])
            retried[index] = (status, reference)
        check(f"{backend}: every retry is answered 201", all(s == 201 for s, _ in retried.values()),
              [s for s, _ in retried.values() if s != 201][:5])
        same = all(retried[i][1] == answers[i] for i in retried if i in answers)
        check(f"{backend}: a retried key that was answered gets the first answer", same)
        final = dict(answers)
        final.update({i: r for i, (s, r) in retried.items()})
        check(f"{backend}: each of the {COUNT} keys names its own referral", len(set(final.values())) == COUNT,
              len(set(final.values())))
        filed = count_referrals() - before
        check(f"{backend}: the database holds each referral exactly once ({filed})", filed == COUNT, filed)
    finally:
        server.terminate()
        server.wait(timeout=20)
    verify = subprocess.run([BIN, "audit", "verify", "--policies", POLICIES], env=env, capture_output=True, text=True)
    check(f"{backend}: the audit chain verifies after the crash", verify.returncode == 0, verify.stderr)


def main():
    directory = tempfile.mkdtemp(prefix="cme-crash-")
    path = os.path.join(directory, "cme.sqlite")
    run("sqlite", f"sqlite://{path}",
        lambda: sqlite3.connect(path).execute("SELECT COUNT(*) FROM referrals").fetchone()[0])
    admin = os.environ.get("CME_TEST_POSTGRES_URL")
    if admin:
        name = "cme_crash_" + secrets.token_hex(4)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        url = admin.rsplit("/", 1)[0] + "/" + name

        def count():
            out = subprocess.run(["psql", url, "-At", "-c", "SELECT COUNT(*) FROM referrals"], check=True,
                                 capture_output=True, text=True)
            return int(out.stdout.strip())

        try:
            run("postgres", url, count)
        finally:
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
    passed = sum(results)
    print(f"crash: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
