import sys
from pathlib import Path
from rekon.extract.pipeline import extract_file
r = extract_file(Path(sys.argv[1]))
lo, hi = int(sys.argv[2]), int(sys.argv[3])
for i, row in enumerate(r.rows[lo-1:hi], lo):
    print(i, row["row_id"], row["level"], "|", row["sasaran"][:20], "|", row["program"][:25], "|", row["kegiatan"][:25], "|", row["sub_kegiatan"][:25], "|", row["indikator"][:30], "|", row["target_pagu"], "|", row["keterangan"][:30])
