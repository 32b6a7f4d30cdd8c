"""The password hasher: Argon2id at the strength OWASP recommends (Password Storage Cheat
Sheet: 19 MiB of memory, 2 iterations, 1 degree of parallelism).

Django's own Argon2 hasher asks for 100 MiB and 8 lanes: on a 2-core web machine with 50 interns
signing in at once that is 5 GB of memory and every core busy. OWASP's parameters cost about
30 ms of one core a login (docs/scaling.md, `login_p50_ms` in bench/results/latest.json). The
algorithm name stays `argon2`, so hashes made with other parameters still verify, and
`must_update` rewrites them with these at the next login, as it does for PBKDF2 hashes.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OWASPArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
