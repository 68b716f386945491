/*
 * background/native.js against a fake native port and a fake clock.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");

const N = require("../background/native.js");

function event() {
	const listeners = [];
	return {
		addListener: function (fn) { listeners.push(fn); },
		fire: function () {
			const args = arguments;
			for (const fn of listeners.slice()) fn.apply(null, args);
		},
	};
}

/* A runtime whose connectNative hands out ports the test drives by hand. */
function fakeRuntime() {
	const runtime = {
		lastError: undefined,
		ports: [],
		connectNative: function (name) {
			const port = {
				name: name,
				sent: [],
				closed: false,
				onMessage: event(),
				onDisconnect: event(),
				postMessage: function (msg) {
					if (port.closed) throw new Error("Attempting to use a disconnected port object");
					/* What the browser does: the message is serialized, never shared. */
					port.sent.push(JSON.parse(JSON.stringify(msg)));
				},
				disconnect: function () { port.closed = true; },
				answer: function (msg) { port.onMessage.fire(msg); },
				/* The host went away: Chromium sets lastError during the event. */
				die: function (message) {
					port.closed = true;
					runtime.lastError = message ? { message: message } : undefined;
					port.onDisconnect.fire(port);
					runtime.lastError = undefined;
				},
			};
			runtime.ports.push(port);
			return port;
		},
	};
	return runtime;
}

/* Timers that run only when the test says how much time passed. */
function fakeClock() {
	let now = 0;
	let seq = 0;
	const timers = new Map();
	return {
		setTimeout: function (fn, ms) { seq += 1; timers.set(seq, { fn: fn, at: now + ms }); return seq; },
		clearTimeout: function (id) { timers.delete(id); },
		advance: function (ms) {
			now += ms;
			for (const [id, t] of Array.from(timers.entries())) {
				if (t.at <= now) {
					timers.delete(id);
					t.fn();
				}
			}
		},
		count: function () { return timers.size; },
	};
}

function client(extra) {
	const runtime = fakeRuntime();
	const clock = fakeClock();
	const c = N.createClient(Object.assign({
		runtime: runtime, timeoutMs: 1000, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout,
	}, extra || {}));
	return { c: c, runtime: runtime, clock: clock };
}

test("connects lazily to org.tact.host and numbers requests", async function () {
	const { c, runtime } = client();
	assert.equal(runtime.ports.length, 0);
	const a = c.request("hello");
	const b = c.request("profile.get", {});
	assert.equal(runtime.ports.length, 1);
	const port = runtime.ports[0];
	assert.equal(port.name, "org.tact.host");
	assert.deepEqual(port.sent, [
		{ v: 1, id: 1, type: "hello" },
		{ v: 1, id: 2, type: "profile.get", params: {} },
	]);
	/* Answers may be matched in any order. */
	port.answer({ v: 1, id: 2, ok: true, result: { set: false } });
	port.answer({ v: 1, id: 1, ok: true, result: { name: "tact-host" } });
	assert.deepEqual(await a, { name: "tact-host" });
	assert.deepEqual(await b, { set: false });
	assert.equal(c.pendingCount(), 0);
});

test("a host error rejects with its code and message", async function () {
	const { c, runtime } = client();
	const p = c.request("decide", { key: "/in/nobody/", decision: "accepted" });
	runtime.ports[0].answer({ v: 1, id: 1, ok: false, error: { code: "not_found", message: "No invitation with this key." } });
	await assert.rejects(p, function (err) {
		return err.code === "not_found" && err.message === "No invitation with this key.";
	});
});

test("a request that gets no answer times out, and its late answer is dropped", async function () {
	const logs = [];
	const { c, runtime, clock } = client({ log: function (m) { logs.push(m); } });
	const slow = c.request("classify", { invitations: [] }, { timeoutMs: 500 });
	const other = c.request("hello");
	clock.advance(499);
	assert.equal(c.pendingCount(), 2);
	clock.advance(1);
	await assert.rejects(slow, function (err) { return err.code === "timeout" && /classify/.test(err.message); });
	assert.equal(c.pendingCount(), 1);
	runtime.ports[0].answer({ v: 1, id: 1, ok: true, result: { results: [] } });
	assert.ok(logs.some(function (m) { return /nobody waits/.test(m); }));
	runtime.ports[0].answer({ v: 1, id: 2, ok: true, result: {} });
	assert.deepEqual(await other, {});
	assert.equal(clock.count(), 0, "no timer left behind");
});

test("a disconnect rejects everything pending with the browser's error, and the next request reconnects", async function () {
	const { c, runtime } = client();
	const a = c.request("hello");
	const b = c.request("review.summary");
	runtime.ports[0].die("Specified native messaging host not found.");
	for (const p of [a, b]) {
		await assert.rejects(p, function (err) {
			return err.code === "disconnected" && err.message === "Specified native messaging host not found.";
		});
	}
	assert.equal(c.connected(), false);
	const again = c.request("hello");
	assert.equal(runtime.ports.length, 2);
	assert.deepEqual(runtime.ports[1].sent, [{ v: 1, id: 3, type: "hello" }]);
	runtime.ports[1].answer({ v: 1, id: 3, ok: true, result: { protocol: 1 } });
	assert.deepEqual(await again, { protocol: 1 });
});

test("Firefox's port.error is used when there is no lastError", async function () {
	const { c, runtime } = client();
	const a = c.request("hello");
	const port = runtime.ports[0];
	port.error = { message: "No such native application org.tact.host" };
	port.closed = true;
	port.onDisconnect.fire(port);
	await assert.rejects(a, function (err) { return err.code === "disconnected" && /No such native application/.test(err.message); });
});

test("a port that throws on send rejects that request and is replaced", async function () {
	const { c, runtime } = client();
	const first = c.request("hello");
	runtime.ports[0].answer({ v: 1, id: 1, ok: true, result: {} });
	await first;
	runtime.ports[0].closed = true; /* died without telling us yet */
	await assert.rejects(c.request("hello"), function (err) { return err.code === "send_failed"; });
	const next = c.request("hello");
	assert.equal(runtime.ports.length, 2);
	runtime.ports[1].answer({ v: 1, id: 3, ok: true, result: { ok: 1 } });
	assert.deepEqual(await next, { ok: 1 });
});

test("a long answer in parts is joined in order", async function () {
	const { c, runtime, clock } = client();
	const p = c.request("classify", { invitations: [] });
	const port = runtime.ports[0];
	port.answer({ v: 1, id: 1, ok: true, part: 0, more: true, result: { results: [{ key: "a" }, { key: "b" }], learned: [1] } });
	clock.advance(900);
	port.answer({ v: 1, id: 1, ok: true, part: 1, more: true, result: { results: [{ key: "c" }], learned: [1] } });
	clock.advance(900); /* each part restarts the timeout */
	port.answer({ v: 1, id: 1, ok: true, part: 2, more: false, result: { results: [{ key: "d" }], learned: [1] } });
	assert.deepEqual(await p, { results: [{ key: "a" }, { key: "b" }, { key: "c" }, { key: "d" }], learned: [1] });
	assert.equal(clock.count(), 0);
});

test("parts out of order, envelopes without a result, and foreign messages", async function () {
	const { c, runtime } = client();
	const p = c.request("history.list", {});
	runtime.ports[0].answer({ v: 1, id: 1, ok: true, part: 1, more: false, result: { items: [] } });
	await assert.rejects(p, function (err) { return err.code === "bad_answer"; });

	const q = c.request("hello");
	runtime.ports[0].answer({ v: 1, id: 2, ok: true });
	await assert.rejects(q, function (err) { return err.code === "bad_answer"; });

	const r = c.request("hello");
	runtime.ports[0].answer("not an object");
	runtime.ports[0].answer({ v: 2, id: 3, ok: true, result: {} });
	runtime.ports[0].answer(null);
	assert.equal(c.pendingCount(), 1);
	runtime.ports[0].answer({ v: 1, id: 3, ok: true, result: { fine: true } });
	assert.deepEqual(await r, { fine: true });
});

test("bad arguments are refused before anything is sent", async function () {
	const { c, runtime } = client();
	await assert.rejects(c.request(""), function (err) { return err.code === "bad_request"; });
	await assert.rejects(c.request("hello", []), function (err) { return err.code === "bad_request"; });
	assert.equal(runtime.ports.length, 0);
});

test("disconnect() rejects what is pending and closes the port", async function () {
	const { c, runtime } = client();
	const a = c.request("hello");
	c.disconnect();
	assert.equal(runtime.ports[0].closed, true);
	await assert.rejects(a, function (err) { return err.code === "disconnected"; });
	assert.equal(c.pendingCount(), 0);
});

test("joinParts keeps repeated lists once", function () {
	const frames = [
		{ part: 0, result: { results: [1, 2], badges: ["x"] } },
		{ part: 1, result: { results: [3], badges: ["x"] } },
	];
	assert.deepEqual(N.joinParts(frames), { results: [1, 2, 3], badges: ["x"] });
});
