"""How often a true pair's fields disagree: the within-person disagreement of a synthetic population, to set beside
rates measured on real records (docs/synthetic-population.md, "Against measured rates").

    python3 Benchmarks/linkage/rates.py DIR     DIR holds cme synth's roll.csv, lost.csv and truth.csv

A field disagrees when the two records' values differ after trimming and ignoring case, or when either is empty.
Only lost records that are on the roll count (truth.csv gives their roll record).
"""

import csv
import sys


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main(directory):
    roll = {row["record_id"]: row for row in read(f"{directory}/roll.csv")}
    lost = {row["record_id"]: row for row in read(f"{directory}/lost.csv")}
    pairs = [(lost[row["lost_id"]], roll[row["roll_id"]]) for row in read(f"{directory}/truth.csv") if row["roll_id"]]

    def value(record, field):
        return record[field].strip().lower()

    def differs(field):
        return lambda a, b: not value(a, field) or not value(b, field) or value(a, field) != value(b, field)

    measures = [
        ("forename", differs("forename")),
        ("surname", differs("surname")),
        ("both names", lambda a, b: differs("forename")(a, b) and differs("surname")(a, b)),
        ("date of birth", differs("dob")),
        ("date of birth missing", lambda a, b: not value(a, "dob")),
        ("UPN", differs("upn")),
        ("postcode", differs("postcode")),
    ]
    print(f"{len(pairs)} true pairs in {directory}")
    print("| field | disagrees or missing |")
    print("| --- | --- |")
    for label, test in measures:
        share = sum(1 for a, b in pairs if test(a, b)) / max(len(pairs), 1)
        print(f"| {label} | {100 * share:.1f}% |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: rates.py DIR (with roll.csv, lost.csv and truth.csv)")
    main(sys.argv[1])
