#!/usr/bin/env python3
"""libsodium's Argon2id at vigie's parameters, for `vigie-bench compare`: the machine's ceiling.

PyNaCl ships libsodium itself (pip install pynacl). libsodium has no secret input (vigie's pepper),
which costs nothing measurable: the secret is hashed once into the first block, not per pass.
Prints one run's CPU time (this thread's) in seconds per line.

Usage: libsodium_argon2id.py MEMORY_KIB ITERATIONS RUNS
"""

import sys
import time

try:
    from nacl import bindings
except ImportError:
    sys.stderr.write("PyNaCl is missing: pip install pynacl\n")
    sys.exit(2)


def main() -> int:
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    memory_kib, iterations, runs = (int(a) for a in sys.argv[1:])
    salt = bytes(range(bindings.crypto_pwhash_SALTBYTES))
    for n in range(runs):
        started = time.thread_time()
        bindings.crypto_pwhash_alg(
            64,
            b"4286 3344 9576 9273 %04d" % n,
            salt,
            iterations,
            memory_kib * 1024,
            bindings.crypto_pwhash_ALG_ARGON2ID13,
        )
        print(f"{time.thread_time() - started:.6f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
