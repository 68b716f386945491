/*
 * bench_serve: what tact-host costs beside two floors measured in the same
 * run, over the same pipes: a bare framing echo and a host that only
 * parses and re-serialises with json-c (floors.c).
 *
 *   bench_serve TACT_HOST [ROUNDS]
 *
 * Round trips are interleaved (echo, json-c, host, in turn, the order
 * rotating) so that a busy machine slows all three alike; the figures are
 * medians of ROUNDS round trips for one invitation (default 200), a tenth
 * of that for 1,000-invitation batches, and COLD_ROUNDS fresh starts.
 * One-invitation requests are also timed streaming in, eight in flight,
 * which leaves out the wake-up of a sleeping process that a lone round
 * trip pays (it varies with how idle the machine is). Memory is the host's
 * peak over one batch (getrusage) and its resident
 * size after 1,000 and after MEMORY_REQUESTS one-invitation requests.
 * The data folder is a fresh temporary one; nothing is asserted: the
 * table states the project's targets beside the figures.
 */
/* wait4 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "floors.h"
#include "tact/frame.h"
#include "tact/limits.h"

#define BATCH 1000
#define COLD_ROUNDS 20
#define MEMORY_REQUESTS 10000
#define KINDS 3 /* echo, json-c, host */
#define STREAM_REQUESTS 2000
#define STREAM_DEPTH 8 /* 8 small requests fit the pipes' buffers both ways */
#define STREAM_ROUNDS 5

struct child {
	pid_t pid;
	int fds[2]; /* our read end (its stdout), our write end (its stdin) */
	struct tact_io io;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int spawn(struct child *c, char *const argv[])
{
	int in[2];
	int out[2];

	if (pipe(in) != 0 || pipe(out) != 0)
		return -1;
	c->pid = fork();
	if (c->pid < 0)
		return -1;
	if (c->pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	/* A later child must not inherit these ends, or this child never sees
	 * the end of its input. */
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	c->fds[0] = out[0];
	c->fds[1] = in[1];
	c->io = tact_frame_fd_io(c->fds);
	return 0;
}

/* Ends the child; returns its peak resident size in KiB. */
static long finish(struct child *c)
{
	struct rusage ru;
	int status;

	close(c->fds[1]);
	close(c->fds[0]);
	memset(&ru, 0, sizeof(ru));
	wait4(c->pid, &status, 0, &ru);
	return ru.ru_maxrss;
}

/* The child's resident size now, in KiB, from /proc. */
static long resident_kib(pid_t pid)
{
	char path[64];
	char line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	}
	fclose(f);
	return kib;
}

/* Requests can be larger than the 1 MiB that tact_frame_write allows for
 * answers, so they are written raw here. */
static int send_raw(struct child *c, const char *body, size_t len)
{
	uint32_t n = (uint32_t)len;
	const char *parts[2] = {(const char *)&n, body};
	size_t sizes[2] = {4, len};

	for (int p = 0; p < 2; p++) {
		size_t done = 0;
		while (done < sizes[p]) {
			ssize_t w = write(c->fds[1], parts[p] + done, sizes[p] - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			done += (size_t)w;
		}
	}
	return 0;
}

enum kind { ECHO, JSONC, HOST };

/* Sends body and reads frames until the answer is complete: for the host
 * the frame without "more": true, for the echo enough frames to carry the
 * body back, for the json-c floor the first frame under 1 MiB. */
static int raw_round_trip(struct child *c, const char *body, size_t len, enum kind kind)
{
	size_t got = 0;

	if (send_raw(c, body, len) != 0)
		return -1;
	for (;;) {
		char *reply = NULL;
		size_t n = 0;
		int done;
		if (tact_frame_read(&c->io, TACT_FRAME_MAX_IN, &reply, &n) != TACT_OK)
			return -1;
		got += n;
		if (kind == ECHO)
			done = got >= len;
		else if (kind == JSONC)
			done = n < TACT_FRAME_MAX_OUT;
		else
			done = strstr(reply, "\"more\":true") == NULL;
		if (kind == HOST && strstr(reply, "\"ok\":false") != NULL) {
			fprintf(stderr, "bench: the host answered an error: %.300s\n", reply);
			free(reply);
			return -1;
		}
		free(reply);
		if (done)
			return 0;
	}
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a;
	double y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), by_value);
	return t[n / 2];
}

/* Medians of rounds round trips of body through each child, interleaved. */
static int interleaved(struct child *children, const char *body, size_t len, int rounds,
		       double out[KINDS])
{
	double *t = calloc((size_t)rounds * KINDS, sizeof(*t));

	if (t == NULL)
		return -1;
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < KINDS; k++) {
			int kind = (r + k) % KINDS;
			double start = now_ms();
			if (raw_round_trip(&children[kind], body, len, (enum kind)kind) != 0) {
				free(t);
				return -1;
			}
			t[kind * rounds + r] = now_ms() - start;
		}
	}
	for (int k = 0; k < KINDS; k++)
		out[k] = median(t + k * rounds, rounds);
	free(t);
	return 0;
}

/* Time per request when requests stream in, STREAM_DEPTH in flight: what
 * each program costs itself, without the wait for a sleeping process to be
 * woken that a lone round trip includes. Median of STREAM_ROUNDS runs of
 * STREAM_REQUESTS requests, interleaved. */
static int streamed(struct child *children, const char *body, size_t len, double out[KINDS])
{
	double t[KINDS][STREAM_ROUNDS];

	for (int r = 0; r < STREAM_ROUNDS; r++) {
		for (int k = 0; k < KINDS; k++) {
			int kind = (r + k) % KINDS;
			double start = now_ms();
			for (int sent = 0; sent < STREAM_REQUESTS; sent += STREAM_DEPTH) {
				for (int d = 0; d < STREAM_DEPTH; d++) {
					if (send_raw(&children[kind], body, len) != 0)
						return -1;
				}
				for (int d = 0; d < STREAM_DEPTH; d++) {
					char *reply = NULL;
					size_t n = 0;
					if (tact_frame_read(&children[kind].io, TACT_FRAME_MAX_IN,
							    &reply, &n) != TACT_OK)
						return -1;
					free(reply);
				}
			}
			t[kind][r] = (now_ms() - start) / STREAM_REQUESTS;
		}
	}
	for (int k = 0; k < KINDS; k++)
		out[k] = median(t[k], STREAM_ROUNDS);
	return 0;
}

/* Median time from fork to the first answer, each program started afresh. */
static int cold_starts(char *const *argvs[KINDS], const char *hello, size_t len, double out[KINDS])
{
	double t[KINDS][COLD_ROUNDS];

	for (int r = 0; r < COLD_ROUNDS; r++) {
		for (int k = 0; k < KINDS; k++) {
			int kind = (r + k) % KINDS;
			struct child c;
			double start = now_ms();
			if (spawn(&c, argvs[kind]) != 0 ||
			    raw_round_trip(&c, hello, len, (enum kind)kind) != 0)
				return -1;
			t[kind][r] = now_ms() - start;
			finish(&c);
		}
	}
	for (int k = 0; k < KINDS; k++)
		out[k] = median(t[k], COLD_ROUNDS);
	return 0;
}

static json_object *invitation(int i)
{
	char key[64];
	char name[64];
	json_object *inv = json_object_new_object();

	snprintf(key, sizeof(key), "/in/bench-person-%d/", i);
	snprintf(name, sizeof(name), "Person %d", i);
	json_object_object_add(inv, "key", json_object_new_string(key));
	json_object_object_add(inv, "name", json_object_new_string(name));
	json_object_object_add(inv, "headline",
			       json_object_new_string(i % 3 == 0 ? "Backend engineer at Orion Systems"
				       : i % 3 == 1 ? "Lead generation | B2B appointment setting"
						    : "Product designer · design systems"));
	json_object_object_add(inv, "mutual_connections", json_object_new_int(i % 40));
	json_object_object_add(inv, "has_photo", json_object_new_boolean(i % 2));
	json_object_object_add(
		inv, "message",
		json_object_new_string(i % 4 == 0 ? "Hi Lena, great meeting you at the Kafka Summit in "
						    "Berlin last week. Let's stay in touch!"
						  : i % 4 == 1 ? "Do you have 15 minutes for a quick call?"
							       : ""));
	json_object_object_add(inv, "received_text", json_object_new_string("2 days ago"));
	return inv;
}

static char *classify_request(int count, size_t *len)
{
	json_object *req = json_object_new_object();
	json_object *params = json_object_new_object();
	json_object *list = json_object_new_array();
	char *text;

	for (int i = 0; i < count; i++)
		json_object_array_add(list, invitation(i));
	json_object_object_add(params, "invitations", list);
	json_object_object_add(req, "v", json_object_new_int(1));
	json_object_object_add(req, "id", json_object_new_int(1));
	json_object_object_add(req, "type", json_object_new_string("classify"));
	json_object_object_add(req, "params", params);
	text = strdup(json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN));
	*len = strlen(text);
	json_object_put(req);
	return text;
}

static char *plain_request(const char *type, size_t *len)
{
	char *text = malloc(96);

	if (text != NULL)
		*len = (size_t)snprintf(text, 96,
					"{\"v\":1,\"id\":1,\"type\":\"%s\",\"params\":{}}", type);
	return text;
}

static void row(const char *what, const double v[KINDS], double scale, const char *unit,
		const char *target, int met)
{
	printf("| %s | %.3f | %.3f | %.3f | %.1fx | %s | %s |\n", what, v[ECHO] * scale,
	       v[JSONC] * scale, v[HOST] * scale, v[HOST] / v[ECHO], target, met ? "yes" : "no");
	(void)unit;
}

int main(int argc, char **argv)
{
	char home[] = "/tmp/tact-bench-XXXXXX";
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	int batch_rounds;
	size_t len1 = 0, len_batch = 0, len_hello = 0;
	char *one, *batch, *hello;
	struct child children[KINDS];
	char self[] = "/proc/self/exe";
	char *echo_argv[] = {self, "--echo", NULL};
	char *jsonc_argv[] = {self, "--jsonc", NULL};
	char *host_argv[] = {argc > 1 ? argv[1] : NULL, "serve", NULL};
	char *const *argvs[KINDS] = {echo_argv, jsonc_argv, host_argv};
	double rt1[KINDS], rtb[KINDS], cold[KINDS], stream[KINDS];
	long peak[KINDS] = {0, 0, 0};
	long rss_early = -1, rss_late = -1;
	int memory_requests;
	int status = 1;

	if (argc == 2 && strcmp(argv[1], "--echo") == 0)
		return bench_floor_run(BENCH_FLOOR_ECHO);
	if (argc == 2 && strcmp(argv[1], "--jsonc") == 0)
		return bench_floor_run(BENCH_FLOOR_JSONC);
	if (argc < 2 || rounds < 5) {
		fprintf(stderr, "usage: bench_serve TACT_HOST [ROUNDS>=5]\n");
		return 2;
	}
	batch_rounds = rounds / 10 > 5 ? rounds / 10 : 5;
	/* A short run (a smoke test) sends fewer requests for the memory row. */
	memory_requests = rounds >= 100 ? MEMORY_REQUESTS : 1000 + 100 * rounds;
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(home) == NULL)
		return 1;
	setenv("TACT_HOME", home, 1);
	one = classify_request(1, &len1);
	batch = classify_request(BATCH, &len_batch);
	hello = plain_request("hello", &len_hello);

	for (int k = 0; k < KINDS; k++) {
		if (spawn(&children[k], argvs[k]) != 0)
			goto out;
		/* Warm up (page cache, first database open) before timing. */
		if (raw_round_trip(&children[k], one, len1, (enum kind)k) != 0)
			goto out;
	}
	if (interleaved(children, one, len1, rounds, rt1) != 0 ||
	    streamed(children, one, len1, stream) != 0 ||
	    interleaved(children, batch, len_batch, batch_rounds, rtb) != 0)
		goto out;
	for (int k = 0; k < KINDS; k++)
		finish(&children[k]);
	if (cold_starts(argvs, hello, len_hello, cold) != 0)
		goto out;

	/* Peak memory over one batch, each program started afresh. */
	for (int k = 0; k < KINDS; k++) {
		if (spawn(&children[k], argvs[k]) != 0 ||
		    raw_round_trip(&children[k], batch, len_batch, (enum kind)k) != 0)
			goto out;
		peak[k] = finish(&children[k]);
	}
	/* Resident size over many small requests: it should stay flat. */
	if (spawn(&children[HOST], host_argv) != 0)
		goto out;
	for (int i = 1; i <= memory_requests; i++) {
		if (raw_round_trip(&children[HOST], one, len1, HOST) != 0)
			goto out;
		if (i == 1000)
			rss_early = resident_kib(children[HOST].pid);
	}
	rss_late = resident_kib(children[HOST].pid);
	finish(&children[HOST]);

	printf("| measurement | echo | json-c only | tact-host | vs. echo | target | met |\n");
	printf("| --- | ---: | ---: | ---: | ---: | --- | --- |\n");
	row("1 invitation, round trip (ms)", rt1, 1.0, "ms", "<= 6x echo",
	    rt1[HOST] <= 6.0 * rt1[ECHO]);
	row("1 invitation, requests streaming in (us per request)", stream, 1000.0, "us",
	    "<= 6x echo", stream[HOST] <= 6.0 * stream[ECHO]);
	double per[KINDS] = {rtb[ECHO] / BATCH, rtb[JSONC] / BATCH, rtb[HOST] / BATCH};
	row("1,000 invitations, per invitation (us)", per, 1000.0, "us", "<= 15 us",
	    per[HOST] * 1000.0 <= 15.0);
	row("cold start to the first answer (ms)", cold, 1.0, "ms", "<= 2.5x echo",
	    cold[HOST] <= 2.5 * cold[ECHO]);
	printf("| peak memory, one 1,000-invitation batch (MB) | %.1f | %.1f | %.1f | | <= 12 MB | "
	       "%s |\n",
	       (double)peak[ECHO] / 1024.0, (double)peak[JSONC] / 1024.0,
	       (double)peak[HOST] / 1024.0, peak[HOST] <= 12 * 1024 ? "yes" : "no");
	printf(
	    "| resident memory after 1,000 and %d requests (MB) | | | %.1f, %.1f | | flat | %s |\n",
	    memory_requests, (double)rss_early / 1024.0, (double)rss_late / 1024.0,
	    rss_late <= rss_early + 1024 ? "yes" : "no");
	printf(
	    "requests: 1 invitation %zu bytes, %d invitations %zu bytes; medians of %d, %d and %d "
	    "round trips\n",
	    len1, BATCH, len_batch, rounds, batch_rounds, COLD_ROUNDS);
	status = 0;
out:
	if (status != 0)
		fprintf(stderr, "bench: a round trip failed\n");
	free(one);
	free(batch);
	free(hello);
	/* The temporary folder holds the database, its WAL and the key. */
	const char *files[] = {"tact.db", "tact.db-wal", "tact.db-shm", "install.key"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", home, files[i]);
		unlink(path);
	}
	rmdir(home);
	return status;
}
