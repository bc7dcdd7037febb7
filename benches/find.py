#!/usr/bin/env python3
"""`kundreg find` against sqlite3's FTS5 on the same customers, as a person at the till runs
them: whole commands, process start included, one query at a time.

  find.py KUNDREG REGISTER.redb REGISTER.csv PEER.db [QUERIES]

QUERIES (default 100) of each kind are drawn from REGISTER.csv: a customer number, an email, a
phone number as written, a name prefix (the first four letters of a last name), and two words
(a first name and the first four letters of a last name). FTS5 is asked the same words (a
phrase for the number, email and phone; prefixes with `*`), LIMIT 20, joined back to the rows.
Prints each kind's median and largest wall time for both, in milliseconds; then `set` on one
customer (its median over 20 runs).
"""
import csv
import random
import statistics
import subprocess
import sys
import time


def timed(args):
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"{args} failed: {done.stderr.decode()}")
    return took


def main():
    kundreg, db, register, peer = sys.argv[1:5]
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 100
    with open(register, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    r = random.Random(7)
    picks = [r.choice(rows) for _ in range(n)]
    kinds = {
        "number": [([p["kundnummer"]], f'"{p["kundnummer"]}"') for p in picks],
        "email": [([p["epost"]], f'"{p["epost"]}"') for p in picks],
        "phone": [(p["telefon"].split(), f'"{p["telefon"]}"') for p in picks],
        "name prefix": [([p["efternamn"][:4]], f'"{p["efternamn"][:4]}"*') for p in picks],
        "two words": [([p["förnamn"], p["efternamn"][:4]], f'"{p["förnamn"]}" "{p["efternamn"][:4]}"*')
                      for p in picks],
    }
    sql = ("SELECT c.kundnummer, c.fornamn, c.efternamn, c.epost, c.telefon, c.stad FROM search "
           "JOIN customers c ON c.id = search.rowid WHERE search MATCH '{}' LIMIT 20;")
    print(f"find over {n} queries of each kind (ms: median / largest)")
    print(f"{'kind':<13}{'kundreg':>16}{'sqlite3 FTS5':>18}")
    for kind, queries in kinds.items():
        ours = [timed([kundreg, "--db", db, "find", *words]) for words, _ in queries]
        theirs = [timed(["sqlite3", peer, sql.format(match.replace("'", "''"))]) for _, match in queries]
        print(f"{kind:<13}{statistics.median(ours):>9.1f} / {max(ours):<5.1f}"
              f"{statistics.median(theirs):>11.1f} / {max(theirs):<5.1f}")
    number = picks[0]["kundnummer"]
    sets = [timed([kundreg, "--db", db, "set", number, f"ort=Ort {i}", "--yes"]) for i in range(20)]
    print(f"set on one customer: median {statistics.median(sets):.1f} ms, largest {max(sets):.1f} ms")


if __name__ == "__main__":
    main()
