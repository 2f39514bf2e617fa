import sys, collections
import pandas as pd
from pathlib import Path
from rekon.extract.pipeline import extract_file
from samples.compare import compare_rows
from samples.source import read_source
from samples.truth import truth_rows
for f in sys.argv[1:]:
    q = Path(f).name.split("-tw")[1][0]
    r = extract_file(Path(f))
    d = compare_rows(truth_rows(read_source(Path(f"data/source/tw{q}.csv"))), pd.DataFrame(r.rows).astype(str))
    print(f, len(d), collections.Counter(x.field for x in d))
    for x in d[:60]:
        if x.field not in ("program",): print("  ", x)
