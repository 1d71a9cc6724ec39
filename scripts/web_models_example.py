"""Writes the explorer's shipped example of "Two models" (web/public/models/): the first 3 chunks
(93 scored rows) of the test fixtures' float16 logits of the small trained model and of its int8 and
int4 twins, their next tokens, the chunks' token ids (the contexts) and the tokenizer; < 1 MB in all,
so the page works offline. Run from the project root: python3 scripts/web_models_example.py
"""

import json
import shutil
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "test" / "fixtures" / "models"
OUT = ROOT / "web" / "public" / "models"
ROWS = 93  # 3 chunks of 31 scored rows (n_ctx = 64, the second half scored as llama.cpp does)

OUT.mkdir(parents=True, exist_ok=True)
for name in ("base", "int8", "int4"):
    x = np.load(SRC / f"{name}_f16.npy")
    assert x.dtype == np.float16 and x.ndim == 2
    np.save(OUT / f"{name}.npy", np.ascontiguousarray(x[:ROWS]))
np.save(OUT / "tokens.npy", np.load(SRC / "tokens.npy")[:ROWS].astype(np.int32))
np.save(OUT / "chunks.npy", np.load(SRC / "chunks.npy")[: ROWS // 31].astype(np.int32))
shutil.copyfile(SRC / "tokenizer.json", OUT / "tokenizer.json")
meta = json.loads((SRC / "meta.json").read_text())
(OUT / "meta.json").write_text(
    json.dumps({"rows": ROWS, "vocab": meta["vocab"], "n_ctx": meta["n_ctx"], "scored_per_chunk": 31})
    + "\n"
)
total = sum(p.stat().st_size for p in OUT.iterdir())
print(f"wrote {OUT} ({total} bytes)")
assert total < 1_000_000
