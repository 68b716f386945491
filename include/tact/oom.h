/*
 * oom: notices when memory runs out anywhere in the host.
 *
 * json-c, which builds every answer, drops a member without a word when an
 * allocation inside it fails, so an answer can come out incomplete rather
 * than fail. To never send (or store) such an answer, the host provides the
 * process's malloc, calloc and realloc: each passes the call to the C
 * library and, when it returns NULL, raises a flag. The server takes the
 * flag after building each answer and after serialising it; a raised flag
 * means the answer is discarded for a plain "out of memory" error, and
 * the store refuses to commit anything while it is raised (what a request
 * would write may be missing members too).
 *
 * For tests, TACT_FAULT_ALLOC=N makes the N-th allocation of the process
 * fail (and TACT_FAULT_REPORT, a file path, records that it happened), so
 * tests/harness/test_faults.py can walk every allocation in turn. Under
 * AddressSanitizer the sanitizer owns malloc and none of this is built:
 * tact_oom_take then always answers 0.
 */
#ifndef TACT_OOM_H
#define TACT_OOM_H

/* Whether an allocation failed since the last call; clears the flag. */
int tact_oom_take(void);

/* The same, leaving the flag as it is (the store asks before a commit). */
int tact_oom_seen(void);

#endif
