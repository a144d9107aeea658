"""Links lost.csv against roll.csv with Splink (DuckDB), configured as Splink's documentation recommends for
person records, and writes the best candidates with their match probability.

  python run_splink.py ROLL.csv LOST.csv OUT.csv

Prints one JSON line: wall seconds, peak resident memory (MiB) of this process (DuckDB runs inside it), pairs.
"""

import json
import resource
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def main(roll_path, lost_path, out_path):
    start = time.time()
    columns = {"record_id": "unique_id"}
    roll = pd.read_csv(roll_path, dtype=str, keep_default_na=False).rename(columns=columns)
    lost = pd.read_csv(lost_path, dtype=str, keep_default_na=False).rename(columns=columns)
    for df in (roll, lost):
        for column in df.columns:
            df[column] = df[column].replace("", None)
        df["forename"] = df["forename"].str.lower()
        df["surname"] = df["surname"].str.lower()
        df["postcode"] = df["postcode"].str.upper()
        # Splink's DateOfBirthComparison wants ISO dates; accept DD/MM/YYYY too, as cme match does.
        df["dob"] = df["dob"].map(lambda d: f"{d[6:10]}-{d[3:5]}-{d[0:2]}" if isinstance(d, str) and "/" in d else d)
        df["birth_year"] = df["dob"].str[:4]

    db_api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("forename", "surname"),
            block_on("dob"),
            block_on("surname", "birth_year"),
            block_on("forename", "postcode"),
            block_on("upn"),
        ],
        comparisons=[
            cl.ForenameSurnameComparison("forename", "surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("upn"),
            cl.ExactMatch("gender"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(
        [db_api.register(roll, dataset_display_name="roll"), db_api.register(lost, dataset_display_name="lost")], settings
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("forename", "surname", "dob"), block_on("upn")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("forename", "surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    # Orient each pair as (lost, roll): source_dataset tells which side each id came from.
    rows = []
    for _, p in predictions.iterrows():
        if p["source_dataset_l"] == "lost":
            rows.append((p["unique_id_l"], p["unique_id_r"], p["match_probability"]))
        else:
            rows.append((p["unique_id_r"], p["unique_id_l"], p["match_probability"]))
    pd.DataFrame(rows, columns=["lost_id", "roll_id", "score"]).to_csv(out_path, index=False)
    elapsed = time.time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall_seconds": round(elapsed, 2), "peak_mib": round(peak), "pairs": len(rows)}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
