/*
 * native.js: THE one wrapper around the native port to tact-host (docs/PROTOCOL.md).
 *
 * - Every request gets the next integer id and a pending entry; the answer with that id
 *   settles it. Answers for ids nobody waits for (late, after a timeout) are dropped.
 * - Each request has its own timeout, restarted whenever a part of a long answer arrives;
 *   on expiry it rejects with code "timeout".
 * - When the port disconnects, every pending request rejects with code "disconnected" and
 *   the browser's own error text (runtime.lastError in Chromium, port.error in Firefox).
 *   The next request connects again.
 * - A long answer comes as several frames with the same id, `part` 0, 1, 2… and `more`
 *   true on all but the last; the list the host cut is joined in order.
 * - A host error (`ok: false`) rejects with the protocol's `code` and `message`.
 *
 * Classic script (the MV3 service worker imports it; Firefox lists it in background.scripts):
 * attaches to globalThis.TactNative and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const U = typeof module !== "undefined" && module.exports ? require("../common/util.js") : root.TactUtil;
	const failure = U.failure;
	const isObject = U.isObject;

	const HOST_NAME = "org.tact.host";
	const PROTOCOL_VERSION = 1;
	const DEFAULT_TIMEOUT_MS = 30000;

	/*
	 * Joins the frames of a long answer. The host cuts one list of `result` and repeats the
	 * other fields in every frame, so the list to join is the array whose contents differ
	 * between frames; when they do not differ, it is the largest array of the first frame.
	 */
	function joinParts(frames) {
		const first = frames[0].result;
		const arrays = Object.keys(first).filter(function (k) { return Array.isArray(first[k]); });
		let cut = arrays.filter(function (k) {
			const text = JSON.stringify(first[k]);
			return frames.some(function (f) { return JSON.stringify(f.result[k]) !== text; });
		});
		if (cut.length === 0 && arrays.length > 0) {
			cut = [arrays.reduce(function (best, k) {
				return JSON.stringify(first[k]).length > JSON.stringify(first[best]).length ? k : best;
			})];
		}
		const joined = Object.assign({}, first);
		for (const k of cut) {
			joined[k] = [];
			for (const f of frames) {
				if (!Array.isArray(f.result[k])) throw failure("bad_answer", "Part " + f.part + " has no list \"" + k + "\".");
				joined[k] = joined[k].concat(f.result[k]);
			}
		}
		return joined;
	}

	/*
	 * Creates a client. `options.runtime` is `chrome.runtime` or `browser.runtime` (a fake in
	 * tests); `hostName`, `timeoutMs`, `setTimeout`/`clearTimeout` and `log` may be given.
	 */
	function createClient(options) {
		const opts = options || {};
		const runtime = opts.runtime;
		const hostName = opts.hostName || HOST_NAME;
		const defaultTimeout = opts.timeoutMs || DEFAULT_TIMEOUT_MS;
		const setTimer = opts.setTimeout || root.setTimeout.bind(root);
		const clearTimer = opts.clearTimeout || root.clearTimeout.bind(root);
		const log = opts.log || function () {};
		const pending = new Map();
		let port = null;
		let nextId = 1;

		function settle(id) {
			const entry = pending.get(id);
			if (!entry) return null;
			pending.delete(id);
			clearTimer(entry.timer);
			return entry;
		}

		function arm(id, entry) {
			if (entry.timer !== null) clearTimer(entry.timer);
			entry.timer = setTimer(function () {
				if (settle(id)) entry.reject(failure("timeout", "tact-host did not answer \"" + entry.type + "\" within " + entry.timeoutMs + " ms."));
			}, entry.timeoutMs);
		}

		function rejectAll(err) {
			const ids = Array.from(pending.keys());
			for (const id of ids) {
				const entry = settle(id);
				if (entry) entry.reject(err);
			}
		}

		function onMessage(msg) {
			if (!isObject(msg) || msg.v !== PROTOCOL_VERSION) {
				log("tact: dropped a message that is not a protocol envelope");
				return;
			}
			const entry = pending.get(msg.id);
			if (!entry) {
				log("tact: dropped an answer nobody waits for (id " + String(msg.id) + ")");
				return;
			}
			if (msg.ok === false) {
				settle(msg.id);
				const e = isObject(msg.error) ? msg.error : {};
				entry.reject(failure(typeof e.code === "string" ? e.code : "internal",
					typeof e.message === "string" ? e.message : "tact-host reported an error."));
				return;
			}
			if (msg.ok !== true || !isObject(msg.result)) {
				settle(msg.id);
				entry.reject(failure("bad_answer", "tact-host sent an answer without a result."));
				return;
			}
			if (msg.part === undefined && msg.more === undefined && entry.frames.length === 0) {
				settle(msg.id);
				entry.resolve(msg.result);
				return;
			}
			if (msg.part !== entry.frames.length || typeof msg.more !== "boolean") {
				settle(msg.id);
				entry.reject(failure("bad_answer", "Part " + String(msg.part) + " came when part " + entry.frames.length + " was expected."));
				return;
			}
			entry.frames.push(msg);
			if (msg.more) {
				arm(msg.id, entry);
				return;
			}
			settle(msg.id);
			try {
				entry.resolve(joinParts(entry.frames));
			} catch (err) {
				entry.reject(err);
			}
		}

		function onDisconnect(p) {
			if (p !== port) return;
			port = null;
			const lastError = runtime.lastError || (p && p.error);
			const text = lastError && lastError.message ? lastError.message : "tact-host closed the connection.";
			log("tact: native port closed: " + text);
			rejectAll(failure("disconnected", text));
		}

		function connect() {
			const p = runtime.connectNative(hostName);
			p.onMessage.addListener(onMessage);
			p.onDisconnect.addListener(function () { onDisconnect(p); });
			port = p;
			return p;
		}

		/*
		 * Sends one request and resolves with its `result`. Rejects with an Error whose
		 * `code` is the host's (bad_request, locked…) or "timeout", "disconnected",
		 * "bad_answer", "send_failed".
		 */
		function request(type, params, requestOptions) {
			if (typeof type !== "string" || type === "") {
				return Promise.reject(failure("bad_request", "The request type must be a non-empty string."));
			}
			if (params !== undefined && !isObject(params)) {
				return Promise.reject(failure("bad_request", "The request params must be an object."));
			}
			const ro = requestOptions || {};
			const id = nextId++;
			return new Promise(function (resolve, reject) {
				const entry = {
					type: type, resolve: resolve, reject: reject, timer: null, frames: [],
					timeoutMs: ro.timeoutMs || defaultTimeout,
				};
				pending.set(id, entry);
				arm(id, entry);
				const message = { v: PROTOCOL_VERSION, id: id, type: type };
				if (params !== undefined) message.params = params;
				try {
					(port || connect()).postMessage(message);
				} catch (err) {
					/* A port that died between calls throws here; the next call reconnects. */
					port = null;
					if (settle(id)) reject(failure("send_failed", err && err.message ? err.message : String(err)));
				}
			});
		}

		/* Closes the port; pending requests reject with "disconnected". */
		function disconnect() {
			const p = port;
			port = null;
			if (p) {
				try {
					p.disconnect();
				} catch (err) {
					log("tact: disconnect failed: " + (err && err.message));
				}
			}
			rejectAll(failure("disconnected", "The extension closed the connection."));
		}

		return {
			request: request,
			disconnect: disconnect,
			pendingCount: function () { return pending.size; },
			connected: function () { return port !== null; },
		};
	}

	const api = { HOST_NAME: HOST_NAME, createClient: createClient, joinParts: joinParts };
	root.TactNative = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
