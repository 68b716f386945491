/*
 * floors: the bare framing echo and the json-c-only host that bench_serve
 * measures tact-host against (floors.c says what each does).
 */
#ifndef BENCH_FLOORS_H
#define BENCH_FLOORS_H

enum bench_floor { BENCH_FLOOR_ECHO, BENCH_FLOOR_JSONC };

/* Serves frames on stdin/stdout until the input ends; returns the exit code. */
int bench_floor_run(enum bench_floor kind);

#endif
