"""Scores a matcher's output against ground truth: precision, recall and F1 of the best match per lost record.

matches.csv: lost_id, roll_id, score (other columns ignored; several rows per lost record allowed: the highest
score counts). truth.csv: lost_id, roll_id (roll_id empty when the lost child is not on the roll).

A lost record is a true positive when its best match scores at or above the threshold and is the right roll
record; a false positive when it scores at or above the threshold and is wrong (or the child is not on the
roll); a false negative when the child is on the roll and was not found at the threshold.
"""

import csv
import json
import sys


def load_truth(path):
    with open(path, newline="") as f:
        return {row["lost_id"]: (row["roll_id"] or None) for row in csv.DictReader(f)}


def best_matches(path, lost_col="lost_id", roll_col="roll_id", score_col="score"):
    best = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            score = float(row[score_col])
            lost = row[lost_col]
            if lost not in best or score > best[lost][1]:
                best[lost] = (row[roll_col], score)
    return best


def scores_at(best, truth, threshold):
    tp = fp = 0
    for lost, (roll, score) in best.items():
        if score < threshold:
            continue
        if truth.get(lost) == roll:
            tp += 1
        else:
            fp += 1
    positives = sum(1 for roll in truth.values() if roll)
    fn = positives - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def best_threshold(best, truth):
    candidates = sorted({score for _, score in best.values()} | {0.0})
    top = None
    for threshold in candidates:
        result = scores_at(best, truth, threshold)
        if top is None or result["f1"] > top["f1"]:
            top = result
    return top


if __name__ == "__main__":
    matches, truth_path = sys.argv[1], sys.argv[2]
    fixed = float(sys.argv[3]) if len(sys.argv) > 3 else None
    truth = load_truth(truth_path)
    best = best_matches(matches)
    out = {"best_threshold": best_threshold(best, truth)}
    if fixed is not None:
        out["at_threshold"] = scores_at(best, truth, fixed)
    print(json.dumps(out))
