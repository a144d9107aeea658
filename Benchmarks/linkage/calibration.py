"""Whether a matcher's scores mean what they say: each lost record's best candidate, binned by score, with how often
it is the right child; and how much recall below the threshold could be had at all (BENCHMARKS.md, "At national
scale").

    python3 Benchmarks/linkage/calibration.py MATCHES TRUTH [THRESHOLD]

MATCHES is `cme match --best-only` output (lost_id, roll_id, score, evidence), TRUTH is cme synth's truth.csv,
THRESHOLD defaults to 0.9. The bound groups the best candidates under the threshold by their evidence pattern (which
fields agreed and how, from the evidence column) and counts the right children in the patterns that are right at
least 90% of the time: what a scoring that knew each pattern's true precision could add without taking in patterns
that are wrong more often than one time in ten.
"""

import csv
import sys
from collections import defaultdict

BINS = [0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01]


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def pattern(evidence):
    parts = (item.split(" (")[0] for item in evidence.split("; ") if item and not item.startswith("gender"))
    return ";".join(sorted(parts))


def main(matches, truth_path, threshold):
    truth = {row["lost_id"]: row["roll_id"] for row in read(truth_path)}
    on_roll = sum(1 for roll in truth.values() if roll)
    best = {}
    for row in read(matches):
        score = float(row["score"])
        if row["lost_id"] not in best or score > best[row["lost_id"]][1]:
            best[row["lost_id"]] = (row["roll_id"], score, row.get("evidence", ""))
    print(f"{len(truth)} lost records, {on_roll} on the roll")
    print("| score | best candidates | the right child | mean score |")
    print("| --- | --- | --- | --- |")
    for low, high in zip(BINS, BINS[1:]):
        rows = [(roll == truth.get(lost), score) for lost, (roll, score, _) in best.items() if low <= score < high]
        if rows:
            right = 100 * sum(ok for ok, _ in rows) / len(rows)
            mean = sum(score for _, score in rows) / len(rows)
            print(f"| {low:.2f}-{min(high, 1):.2f} | {len(rows)} | {right:.1f}% | {mean:.3f} |")
    found = 0
    groups = defaultdict(lambda: [0, 0])
    for lost, (roll, score, evidence) in best.items():
        right = roll == truth.get(lost)
        if score >= threshold:
            found += right
        else:
            groups[pattern(evidence)][0 if right else 1] += 1
    gain = sum(right for right, wrong in groups.values() if right >= 0.9 * (right + wrong))
    wrong = sum(wrong for right, wrong in groups.values() if right >= 0.9 * (right + wrong))
    print(
        f"recall at {threshold}: {found / on_roll:.4f}; under it, the patterns right at least 90% of the time hold "
        f"{gain} right and {wrong} wrong; recall with them: {(found + gain) / on_roll:.4f}"
    )


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: calibration.py MATCHES TRUTH [THRESHOLD]")
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) == 4 else 0.9)
