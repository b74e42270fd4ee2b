"""Deterministic pseudo-English corpus for the server and backend benches.

  python3 bench/lib/pseudo_corpus.py OUT_DIR CHUNKS

Writes OUT_DIR/docs/docNNNNN.txt (100 paragraphs each, one 25-40-word
paragraph per chunk at a 64-token chunk size) drawn from a Zipf vocabulary of
30,000 made-up words, and OUT_DIR/queries.txt: up to 2,000 three-word
queries, each taken from one paragraph (so every query has a true match).
"""
import os
import random
import sys

out, chunks = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "do", "fe", "gu", "ha", "ji", "ba"]
vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(30000)})
weights = [1.0 / (r + 1) for r in range(len(vocab))]
per_file = 100
queries = []
os.makedirs(os.path.join(out, "docs"), exist_ok=True)
for f in range(chunks // per_file):
    paras = []
    for _ in range(per_file):
        words = rng.choices(vocab, weights, k=rng.randint(25, 40))
        paras.append(" ".join(words).capitalize() + ".")
        if rng.random() < 0.01 and len(queries) < 2000:
            queries.append(" ".join(rng.sample(words, 3)))
    with open(os.path.join(out, "docs", f"doc{f:05d}.txt"), "w") as fh:
        fh.write("\n\n".join(paras) + "\n")
with open(os.path.join(out, "queries.txt"), "w") as fh:
    fh.write("\n".join(queries) + "\n")
