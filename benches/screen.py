#!/usr/bin/env python3
"""The shop's screen on a large register: `kundreg watch` started on it with its screen on a
free port of 127.0.0.1, then pages asked for as a browser asks (one keep-alive connection,
the session cookie), each kind N times. Prints each page's median and largest time to the last
byte, in milliseconds, and the goal: a page of the register under 100 ms.

  screen.py KUNDREG REGISTER.redb REGISTER.csv WORKDIR [N]

The register's first page, a page from the middle (by customer number), a search by a name
and a phone number, and a customer's card. The daemon's own start (it starts the shared
folder with the register, a snapshot of it included) is not timed.
"""
import csv
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse


def main():
    kundreg, db, register, work = sys.argv[1:5]
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 50
    # A folder of its own each run: the daemon starts a shared folder there with the register.
    inbox = os.path.join(work, "screen-inbox")
    shutil.rmtree(inbox, ignore_errors=True)
    os.makedirs(inbox)
    log_path = os.path.join(work, "screen.log")
    log = open(log_path, "w")
    env = dict(os.environ, KUNDREG_LANG="en")
    daemon = subprocess.Popen(
        [kundreg, "--db", db, "watch", inbox, "--ui", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL, stderr=log, env=env)
    try:
        url = None
        deadline = time.time() + 600
        while url is None:
            if time.time() > deadline or daemon.poll() is not None:
                sys.exit(f"the screen did not start: {open(log_path).read()}")
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=[0-9a-f]+", open(log_path).read())
            url = found.group(0) if found else None
            time.sleep(0.2)
        # Started the folder: wait for it to watch.
        while "Watching" not in open(log_path).read():
            if time.time() > deadline:
                sys.exit("the daemon did not start watching")
            time.sleep(0.2)
        parts = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port)
        conn.request("GET", f"/?{parts.query}")
        answer = conn.getresponse()
        answer.read()
        cookie = answer.getheader("set-cookie").split(";")[0]
        headers = {"Cookie": cookie}

        with open(register, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        r = random.Random(7)
        picks = [r.choice(rows) for _ in range(n)]
        middle = sorted(row["kundnummer"] for row in rows)[len(rows) // 2]
        q = urllib.parse.quote
        kinds = {
            "register, first page": ["/"] * n,
            "register, a middle page": [f"/?from={q(middle)}"] * n,
            "search by name": [f"/?q={q(p['förnamn'] + ' ' + p['efternamn'][:4])}" for p in picks],
            "search by phone": [f"/?q={q(p['telefon'])}" for p in picks],
            "a customer's card": [f"/customer?number={q(p['kundnummer'])}" for p in picks],
        }
        print(f"the screen on {len(rows):,} customers, {n} pages of each kind (ms to the last byte)")
        print(f"{'page':<26}{'median':>8}{'largest':>9}")
        for kind, paths in kinds.items():
            times = []
            for path in paths:
                start = time.perf_counter()
                conn.request("GET", path, headers=headers)
                answer = conn.getresponse()
                body = answer.read()
                times.append((time.perf_counter() - start) * 1000)
                if answer.status != 200:
                    sys.exit(f"{path}: {answer.status} {body[:300]!r}")
            print(f"{kind:<26}{statistics.median(times):>8.1f}{max(times):>9.1f}")
        print("goal: a page of the register under 100 ms")
    finally:
        daemon.terminate()
        daemon.wait(timeout=60)


if __name__ == "__main__":
    main()
