#!/usr/bin/env python3
"""Writes the fuzzer's starting corpus: for every target (each op, the seeds' helpers, the geometry
functions) a valid and a hostile input. FuzzedDataProvider reads integers from the end of the
input, so the last byte picks the target (fuzz_main.cpp) and the one before it the valid/hostile
choice; the rest is random. Inputs that reproduced findings are kept beside these (repro-*)."""
import os
import random
import sys

TARGETS = 17  # cnnkit::op_count + 2: the ops, the seeds' helpers, geometry

def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(9)
    for target in range(TARGETS):
        for hostile in (0, 1):
            body = bytearray(rng.randrange(256) for _ in range(240))
            body += bytes([0 if hostile else 1, target])
            with open(os.path.join(out, f"seed-{target:02d}-{'hostile' if hostile else 'valid'}"), "wb") as f:
                f.write(body)

if __name__ == "__main__":
    main()
