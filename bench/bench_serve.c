/*
 * bench_serve: how long tact-host takes to answer, beside a bare framing
 * echo measured in the same run on the same pipes.
 *
 *   bench_serve TACT_HOST [ROUNDS]
 *
 * Four measurements, each the median of ROUNDS round trips (default 200
 * for one invitation, a tenth of that for batches):
 *   echo-1      a child that only reads a frame and writes it back, with a
 *               one-invitation request;
 *   classify-1  tact-host serve classifying that one invitation (the
 *               history write and its fsync included);
 *   echo-1000   the echo with a 1,000-invitation request;
 *   classify-1000  tact-host serve classifying 1,000 invitations.
 * The data folder is a fresh temporary one.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tact/frame.h"
#include "tact/limits.h"

#define BATCH 1000

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
		if (argv != NULL)
			execv(argv[0], argv);
		/* The echo: the bare cost of framing over these pipes. */
		int fds[2] = {STDIN_FILENO, STDOUT_FILENO};
		struct tact_io io = tact_frame_fd_io(fds);
		for (;;) {
			char *body = NULL;
			size_t len = 0;
			if (tact_frame_read(&io, TACT_FRAME_MAX_IN, &body, &len) != TACT_OK)
				_exit(0);
			/* Answers over 1 MiB go out in pieces, as tact-host's do. */
			for (size_t off = 0; off < len || off == 0; off += TACT_FRAME_MAX_OUT) {
				size_t n = len - off < TACT_FRAME_MAX_OUT ? len - off : TACT_FRAME_MAX_OUT;
				if (tact_frame_write(&io, body + off, n) != TACT_OK)
					_exit(1);
				if (n == 0)
					break;
			}
			free(body);
		}
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

static void finish(struct child *c)
{
	int status;

	close(c->fds[1]);
	close(c->fds[0]);
	waitpid(c->pid, &status, 0);
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

/* Sends body and reads frames until the answer is complete: for the host
 * the frame without "more": true, for the echo enough frames to carry the
 * body back. */
static int raw_round_trip(struct child *c, const char *body, size_t len, int echo)
{
	size_t got = 0;

	if (send_raw(c, body, len) != 0)
		return -1;
	for (;;) {
		char *reply = NULL;
		size_t n = 0;
		if (tact_frame_read(&c->io, TACT_FRAME_MAX_IN, &reply, &n) != TACT_OK)
			return -1;
		got += n;
		int done = echo ? got >= len : strstr(reply, "\"more\":true") == NULL;
		if (!echo && strstr(reply, "\"ok\":false") != NULL) {
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

static double median_ms(struct child *c, const char *body, size_t len, int echo, int rounds)
{
	double *t = calloc((size_t)rounds, sizeof(*t));
	double m;

	for (int i = 0; i < rounds; i++) {
		double start = now_ms();
		if (raw_round_trip(c, body, len, echo) != 0) {
			free(t);
			return -1;
		}
		t[i] = now_ms() - start;
	}
	qsort(t, (size_t)rounds, sizeof(*t), by_value);
	m = t[rounds / 2];
	free(t);
	return m;
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

int main(int argc, char **argv)
{
	char home[] = "/tmp/tact-bench-XXXXXX";
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	size_t len1 = 0;
	size_t len1000 = 0;
	char *one;
	char *batch;
	struct child echo;
	struct child host;
	char *host_argv[] = {argv[1], "serve", NULL};
	double e1, c1, e1000, c1000;

	if (argc < 2 || rounds < 5) {
		fprintf(stderr, "usage: bench_serve TACT_HOST [ROUNDS>=5]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(home) == NULL)
		return 1;
	setenv("TACT_HOME", home, 1);
	one = classify_request(1, &len1);
	batch = classify_request(BATCH, &len1000);

	if (spawn(&echo, NULL) != 0 || spawn(&host, host_argv) != 0)
		return 1;
	/* Warm both up (page cache, first database open) before timing. */
	raw_round_trip(&echo, one, len1, 1);
	raw_round_trip(&host, one, len1, 0);
	e1 = median_ms(&echo, one, len1, 1, rounds);
	c1 = median_ms(&host, one, len1, 0, rounds);
	e1000 = median_ms(&echo, batch, len1000, 1, rounds / 10 > 5 ? rounds / 10 : 5);
	c1000 = median_ms(&host, batch, len1000, 0, rounds / 10 > 5 ? rounds / 10 : 5);
	finish(&echo);
	finish(&host);
	if (e1 < 0 || c1 < 0 || e1000 < 0 || c1000 < 0) {
		fprintf(stderr, "bench: a round trip failed\n");
		return 1;
	}
	printf("| measurement | request bytes | median ms | vs. echo |\n");
	printf("| --- | ---: | ---: | ---: |\n");
	printf("| framing echo, 1 invitation | %zu | %.3f | 1.0x |\n", len1, e1);
	printf("| classify, 1 invitation | %zu | %.3f | %.1fx |\n", len1, c1, c1 / e1);
	printf("| framing echo, %d invitations | %zu | %.3f | 1.0x |\n", BATCH, len1000, e1000);
	printf("| classify, %d invitations | %zu | %.3f | %.1fx |\n", BATCH, len1000, c1000,
	       c1000 / e1000);
	printf("per invitation in the batch: %.3f ms\n", c1000 / BATCH);
	free(one);
	free(batch);
	/* The temporary folder holds the database, its WAL and the key. */
	const char *files[] = {"tact.db", "tact.db-wal", "tact.db-shm", "install.key"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", home, files[i]);
		unlink(path);
	}
	rmdir(home);
	return 0;
}
