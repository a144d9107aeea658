"""Loads a `cme synth` roll into a CME Tracker SQLite database as children (issue 18's search benchmark).

Each roll record becomes a child with their address and, where the roll gives one, a former surname as another
name. Only the columns a search reads are filled as intake would; `cme children reindex` then makes their search
keys with the product's own code. Usage: load_children.py ROLL_CSV DATABASE_FILE
"""

import csv
import json
import sqlite3
import sys
import time
import uuid


def main() -> None:
    roll, database = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(database)
    now = time.time()
    children, addresses, aliases = [], [], []
    with open(roll, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            child = str(uuid.uuid4()).upper()
            forename, surname = row["forename"] or "Unknown", row["surname"] or "Unknown"
            gender = (row.get("gender") or "").upper()[:1]
            children.append(
                (
                    child, forename, row.get("middle_names") or None, surname, row["dob"],
                    gender if gender in ("M", "F") else "U", row.get("ethnicity") or None, row.get("upn") or None,
                    "none", 0, 0, 0, "[]", forename.lower(), surname.lower(), now, now,
                )
            )
            if row.get("postcode"):
                lines = json.dumps([row.get("address") or "1 High Street"])
                addresses.append((str(uuid.uuid4()).upper(), now, "current", lines, None, row["postcode"], 0, child))
            former = row.get("former_surname")
            if former:
                aliases.append((str(uuid.uuid4()).upper(), former, former.lower(), child))
    db.executemany(
        """INSERT INTO children (id, forename, middle_names, surname, date_of_birth, gender, ethnicity, upn, sen,
        in_care, child_protection_plan, privately_fostered, vulnerable_groups, search_forename, search_surname,
        created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        children,
    )
    db.executemany(
        """INSERT INTO child_addresses (id, created_at, kind, lines, town, postcode, restricted, child_id)
        VALUES (?,?,?,?,?,?,?,?)""",
        addresses,
    )
    db.executemany("INSERT INTO child_aliases (id, name, search_name, child_id) VALUES (?,?,?,?)", aliases)
    db.commit()
    print(f"loaded {len(children)} children, {len(addresses)} addresses, {len(aliases)} other names")


if __name__ == "__main__":
    main()
