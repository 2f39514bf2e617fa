"""Package data: the national nomenclature (names.csv.gz; see README.md). No code."""
