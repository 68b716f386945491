/*
 * background/handlers.js (who may call what, message shapes) and the wiring in
 * background/service-worker.js (onMessage dispatch, the page ports that keep the native
 * port open), against a fake runtime and a fake native client.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");

const N = require("../background/native.js");
const H = require("../background/handlers.js");
const SW = require("../background/service-worker.js");

const OWN_ID = "abcdefghijklmnopabcdefghijklmnop";
/* Spelled in pieces, like the manifest test, so no extension URL sits in a file whole. */
const OWN_BASE = "chrome-" + "extension://" + OWN_ID + "/";
const PAGE = "https://www.linkedin.com/mynetwork/invitation-manager/received/";

function event() {
	const listeners = [];
	return {
		addListener: function (fn) { listeners.push(fn); },
		fire: function () {
			const args = arguments;
			let out;
			for (const fn of listeners.slice()) out = fn.apply(null, args);
			return out;
		},
		count: function () { return listeners.length; },
	};
}

function fakeRuntime() {
	return {
		id: OWN_ID,
		getURL: function (p) { return OWN_BASE + p; },
		onMessage: event(),
		onConnect: event(),
	};
}

/* A native client that records requests and answers from a table. */
function fakeNative(answers) {
	const calls = [];
	let open = false;
	let disconnects = 0;
	return {
		calls: calls,
		disconnects: function () { return disconnects; },
		request: function (type, params) {
			calls.push({ type: type, params: params });
			open = true;
			const a = answers && answers[type];
			if (a instanceof Error) return Promise.reject(a);
			return Promise.resolve(a !== undefined ? a : { echoed: type });
		},
		connected: function () { return open; },
		disconnect: function () { open = false; disconnects += 1; },
	};
}

const CONTENT_SENDER = { id: OWN_ID, url: PAGE, origin: "https://www.linkedin.com", tab: { id: 4 }, frameId: 0 };
const EXTENSION_SENDER = { id: OWN_ID, url: OWN_BASE + "options/options.html", origin: OWN_BASE.slice(0, -1) };
const INVITATION = { key: "/in/jana-nowak-1a2b3c/", kind: "person", name: "Jana Nowak", headline: "", profile_url: "",
	mutual_connections: 13, mutual_names: [], has_photo: true, message: "", received_text: "2 days ago" };

function setup(answers, uiLanguage) {
	const runtime = fakeRuntime();
	const native = fakeNative(answers);
	const d = H.createDispatcher({ native: native, runtime: runtime, uiLanguage: uiLanguage });
	return { runtime: runtime, native: native, dispatch: d.dispatch };
}

test("every handler states its callers, and only known ones", function () {
	for (const type of Object.keys(H.HANDLERS)) {
		const callers = H.HANDLERS[type].callers;
		assert.ok(Array.isArray(callers) && callers.length > 0, type);
		for (const c of callers) assert.ok([H.CONTENT, H.EXTENSION].includes(c), type + ": " + c);
		assert.equal(typeof H.HANDLERS[type].run, "function", type);
	}
	/* Notes, the vault and the profile never reach a web page's content script. */
	for (const type of Object.keys(H.HANDLERS)) {
		if (/^(notes|vault|profile)\./.test(type)) assert.deepEqual(H.HANDLERS[type].callers, [H.EXTENSION], type);
	}
});

test("callerOf: LinkedIn's top frame is content, our own pages are extension, all else is nobody", function () {
	const rt = fakeRuntime();
	assert.equal(H.callerOf(CONTENT_SENDER, rt), H.CONTENT);
	assert.equal(H.callerOf(EXTENSION_SENDER, rt), H.EXTENSION);
	/* Firefox gives no origin; the URL says it. */
	assert.equal(H.callerOf({ id: OWN_ID, url: PAGE, tab: { id: 1 }, frameId: 0 }, rt), H.CONTENT);
	assert.equal(H.callerOf({ id: OWN_ID, url: OWN_BASE + "popup.html" }, rt), H.EXTENSION);
	const refused = [
		undefined,
		null,
		{},
		Object.assign({}, CONTENT_SENDER, { id: "another-extension" }),
		Object.assign({}, CONTENT_SENDER, { url: "https://evil.example/", origin: "https://evil.example" }),
		Object.assign({}, CONTENT_SENDER, { url: "https://www.linkedin.com.evil.example/", origin: "https://www.linkedin.com.evil.example" }),
		Object.assign({}, CONTENT_SENDER, { url: "http://www.linkedin.com/mynetwork/", origin: "http://www.linkedin.com" }),
		Object.assign({}, CONTENT_SENDER, { frameId: 3 }),
		Object.assign({}, CONTENT_SENDER, { tab: undefined }),
		/* A page URL with our origin claimed: the origin the browser reports wins. */
		Object.assign({}, CONTENT_SENDER, { origin: "https://evil.example" }),
		{ id: OWN_ID, url: "chrome-" + "extension://otherid/options.html", origin: "chrome-" + "extension://otherid" },
	];
	for (const s of refused) assert.equal(H.callerOf(s, rt), null, JSON.stringify(s));
});

test("a content script may classify, decide and ask for replies", async function () {
	const { native, dispatch } = setup({ classify: { results: [{ key: INVITATION.key, bucket: "accept" }] } });
	const a = await dispatch({ type: "classify", params: { invitations: [INVITATION] } }, CONTENT_SENDER);
	assert.deepEqual(a, { ok: true, result: { results: [{ key: INVITATION.key, bucket: "accept" }] } });
	assert.deepEqual(native.calls[0], { type: "classify", params: { invitations: [INVITATION] } });
	const b = await dispatch({ type: "decide", params: { key: INVITATION.key, decision: "accepted", extra: 1 } }, CONTENT_SENDER);
	assert.equal(b.ok, true);
	assert.deepEqual(native.calls[1], { type: "decide", params: { key: INVITATION.key, decision: "accepted" } });
	const c = await dispatch({ type: "replies", params: { key: INVITATION.key, intent: "not_now" } }, CONTENT_SENDER);
	assert.equal(c.ok, true);
	assert.deepEqual(native.calls[2], { type: "replies", params: { key: INVITATION.key, intent: "not_now" } });
});

test("the browser's UI language goes with classify and replies, whatever the message says", async function () {
	const { native, dispatch } = setup({ classify: { results: [] } }, "fr-FR");
	await dispatch({ type: "classify", params: { invitations: [INVITATION], ui_language: "de" } }, CONTENT_SENDER);
	assert.deepEqual(native.calls[0], { type: "classify", params: { invitations: [INVITATION], ui_language: "fr-FR" } });
	await dispatch({ type: "replies", params: { key: INVITATION.key, ui_language: "de" } }, CONTENT_SENDER);
	assert.deepEqual(native.calls[1], { type: "replies", params: { key: INVITATION.key, ui_language: "fr-FR" } });
	await dispatch({ type: "decide", params: { key: INVITATION.key, decision: "accepted" } }, CONTENT_SENDER);
	assert.deepEqual(native.calls[2], { type: "decide", params: { key: INVITATION.key, decision: "accepted" } });
});

test("the weekly review reaches a content script as numbers only", async function () {
	const summary = {
		pending: { accept: 2, review: 1, ignore: 4, suspicious: 1, total: 8 }, oldest_pending_days: 41.7,
		withdraw_after_days: 180,
		expiring_soon: [{ key: "/in/old/", name: "Olga Alt", headline: "Engineer", bucket: "review", suspicious: false, days_pending: 160 }],
		repeated: [], company_bursts: 0,
		this_week: [{ key: "/in/a/", name: "Ana Lima", headline: "Designer" }, { key: "/in/b/", name: "Ben Okoro" }],
		decisions_by_week: [{ week: "2026-11-09", accepted: 9, ignored: 9 },
			{ week: "2026-11-16", accepted: 3, ignored: 2, declined: 1, archived: 4, messaged: 1 }],
	};
	const { native, dispatch } = setup({ "review.summary": summary });
	const a = await dispatch({ type: "review.counts", params: {} }, CONTENT_SENDER);
	assert.equal(a.ok, true);
	assert.deepEqual(a.result, { waiting: 2, oldest_days: 41, expiring: 1, repeated: 0, accepted_this_week: 3, ignored_this_week: 3 });
	assert.deepEqual(native.calls, [{ type: "review.summary", params: {} }]);
	assert.ok(!/Olga|Ana|Ben|\/in\//.test(JSON.stringify(a.result)), "no names or keys from history");
	/* A malformed summary gives zeros, not an error on the page. */
	const odd = setup({ "review.summary": { this_week: "many", decisions_by_week: [null] } });
	const b = await odd.dispatch({ type: "review.counts" }, CONTENT_SENDER);
	assert.deepEqual(b.result, { waiting: 0, oldest_days: 0, expiring: 0, repeated: 0, accepted_this_week: 0, ignored_this_week: 0 });
});

test("review.counts also puts the number waiting on the toolbar badge", async function () {
	const badges = [];
	const native = fakeNative({ "review.summary": { this_week: [{}, {}, {}], oldest_pending_days: 3, expiring_soon: [], repeated: [], decisions_by_week: [] } });
	const d = H.createDispatcher({ native: native, runtime: fakeRuntime(), setBadge: function (n) { badges.push(n); } });
	const a = await d.dispatch({ type: "review.counts" }, CONTENT_SENDER);
	assert.equal(a.result.waiting, 3);
	assert.deepEqual(badges, [3]);
});

test("service worker: the badge shows the number, nothing at zero, 999+ past that", async function () {
	const texts = [];
	const api = { runtime: fakeRuntime(), action: { setBadgeText: function (o) { texts.push(o.text); return Promise.resolve(); } } };
	let waiting = 0;
	const native = fakeNative();
	native.request = function () { return Promise.resolve({ this_week: new Array(waiting).fill({}), decisions_by_week: [] }); };
	const bg = SW.start(api, { native: N, handlers: H, client: native, log: function () {} });
	for (const n of [4, 0, 1200]) {
		waiting = n;
		await bg.dispatcher.dispatch({ type: "review.counts" }, CONTENT_SENDER);
	}
	assert.deepEqual(texts, ["4", "", "999+"]);
});

test("a content script is refused what only extension pages may use", async function () {
	const { native, dispatch } = setup();
	for (const type of ["notes.get", "notes.list", "notes.export", "vault.unlock", "profile.set", "history.list", "review.summary", "host.status"]) {
		const a = await dispatch({ type: type, params: {} }, CONTENT_SENDER);
		assert.equal(a.ok, false, type);
		assert.equal(a.error.code, "forbidden", type);
	}
	/* Teaching the scam side needs an extension page. */
	const d = await dispatch({ type: "decide", params: { key: INVITATION.key, decision: "not_scam" } }, CONTENT_SENDER);
	assert.equal(d.error.code, "bad_request");
	assert.equal(native.calls.length, 0, "nothing reached the host");

	const ok = await dispatch({ type: "notes.list", params: {} }, EXTENSION_SENDER);
	assert.equal(ok.ok, true);
	const scam = await dispatch({ type: "decide", params: { key: INVITATION.key, decision: "not_scam" } }, EXTENSION_SENDER);
	assert.equal(scam.ok, true);
	assert.equal(native.calls.length, 2);
});

test("unknown senders are refused before anything else", async function () {
	const { native, dispatch } = setup();
	const senders = [
		{ id: "another-extension", url: PAGE, origin: "https://www.linkedin.com", tab: { id: 1 }, frameId: 0 },
		{ id: OWN_ID, url: "https://evil.example/x", origin: "https://evil.example", tab: { id: 1 }, frameId: 0 },
		{ id: OWN_ID, url: PAGE, origin: "https://www.linkedin.com", tab: { id: 1 }, frameId: 7 },
		undefined,
	];
	for (const s of senders) {
		const a = await dispatch({ type: "hello" }, s);
		assert.equal(a.ok, false);
		assert.equal(a.error.code, "forbidden");
	}
	assert.equal(native.calls.length, 0);
});

test("message shapes are checked before the host sees them", async function () {
	const { native, dispatch } = setup();
	const bad = [
		null,
		"classify",
		{ type: 7 },
		{ type: "classify" },
		{ type: "classify", params: [] },
		{ type: "classify", params: { invitations: [] } },
		{ type: "classify", params: { invitations: [{ name: "No Key" }] } },
		{ type: "classify", params: { invitations: [{ key: "/in/x/", name: "" }] } },
		{ type: "classify", params: { invitations: [{ key: "/in/" + "x".repeat(600) + "/", name: "Long" }] } },
		{ type: "classify", params: { invitations: [{ key: "/in/x/", name: "X", kind: "robot" }] } },
		{ type: "decide", params: { key: "/in/x/" } },
		{ type: "decide", params: { decision: "accepted" } },
		{ type: "replies", params: { key: "/in/x/", intent: "shout" } },
		{ type: "replies", params: {} },
	];
	for (const m of bad) {
		const a = await dispatch(m, CONTENT_SENDER);
		assert.equal(a.ok, false, JSON.stringify(m));
		assert.equal(a.error.code, "bad_request", JSON.stringify(m));
	}
	const unknown = await dispatch({ type: "constructor" }, CONTENT_SENDER);
	assert.equal(unknown.error.code, "unknown_type");
	const proto = await dispatch({ type: "__proto__" }, CONTENT_SENDER);
	assert.equal(proto.error.code, "unknown_type");
	assert.equal(native.calls.length, 0);
});

test("a host error comes back as an answer with its code", async function () {
	const err = new Error("No invitation with this key has been classified yet.");
	err.code = "not_found";
	const { dispatch } = setup({ decide: err });
	const a = await dispatch({ type: "decide", params: { key: "/in/nobody/", decision: "accepted" } }, CONTENT_SENDER);
	assert.deepEqual(a, { ok: false, error: { code: "not_found", message: err.message } });
});

/* ---- service-worker.js -------------------------------------------------------------- */

function fakePort(name, sender) {
	const port = {
		name: name,
		sender: sender,
		closed: false,
		onDisconnect: event(),
		onMessage: event(),
		disconnect: function () { port.closed = true; },
		go: function () { port.onDisconnect.fire(port); },
	};
	return port;
}

function sleep(ms) {
	return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

/* The errors each browser gives when the host cannot be reached (docs: native-messaging notes). */
const BROWSER_ERRORS = [
	["disconnected", "Specified native messaging host not found.", "not_found"],
	["disconnected", "Access to the specified native messaging host is forbidden.", "forbidden"],
	["disconnected", "Failed to start native messaging host.", "no_start"],
	["disconnected", "Native host has exited.", "exited"],
	["disconnected", "Error when communicating with the native messaging host.", "exited"],
	["disconnected", "No such native application org.tact.host", "firefox"],
	["disconnected", "tact-host closed the connection.", "exited"],
	["timeout", "tact-host did not answer \"hello\" within 5000 ms.", "timeout"],
	["send_failed", "Attempting to use a disconnected port object", "other"],
];

test("host.status names why the host cannot be reached, from the browser's own error", async function () {
	for (const [code, message, cause] of BROWSER_ERRORS) {
		const err = new Error(message);
		err.code = code;
		const { dispatch } = setup({ hello: err });
		const a = await dispatch({ type: "host.status" }, EXTENSION_SENDER);
		assert.equal(a.ok, true, message);
		assert.deepEqual(a.result, { reachable: false, ready: false, problem: { cause: cause, code: code, message: message } }, message);
	}
});

test("host.status: ready only with protocol 1 and usable data", async function () {
	const ready = { name: "tact-host", version: "0.1.0", protocol: 1, data: { state: "ready", profile: false, folder: "/d" } };
	let a = await setup({ hello: ready }).dispatch({ type: "host.status" }, EXTENSION_SENDER);
	assert.deepEqual(a.result, { reachable: true, ready: true, hello: ready });
	a = await setup({ hello: Object.assign({}, ready, { data: { state: "unavailable" } }) }).dispatch({ type: "host.status" }, EXTENSION_SENDER);
	assert.equal(a.result.ready, false);
	assert.equal(a.result.problem.cause, "data");
	a = await setup({ hello: Object.assign({}, ready, { protocol: 2 }) }).dispatch({ type: "host.status" }, EXTENSION_SENDER);
	assert.equal(a.result.problem.cause, "protocol");
});

test("open_page: the set-up page only, opened by the background", async function () {
	const opened = [];
	const runtime = fakeRuntime();
	const d = H.createDispatcher({ native: fakeNative(), runtime: runtime, openPage: function (p) { opened.push(p); } });
	const ok = await d.dispatch({ type: "open_page", params: { page: "options" } }, CONTENT_SENDER);
	assert.deepEqual(ok, { ok: true, result: { opened: "options" } });
	for (const page of ["popup", "../evil.html", 1, undefined]) {
		const bad = await d.dispatch({ type: "open_page", params: { page: page } }, CONTENT_SENDER);
		assert.equal(bad.error.code, "bad_request", String(page));
	}
	assert.deepEqual(opened, ["options"]);
});

test("panel.show: the panel opens at once (inside the click), then learns whom to show", async function () {
	const events = [];
	const d = H.createDispatcher({
		native: fakeNative(), runtime: fakeRuntime(),
		openPanel: function (tab) { events.push(["open", tab.id]); return Promise.resolve("panel"); },
		setFocus: function (f) { events.push(["focus", f]); return Promise.resolve(); },
	});
	const verdict = { key: INVITATION.key, bucket: "accept", suspicious: false, confidence: 0.9,
		reasons: [{ code: "x", text: "Works at your company, Orion", weight: 3, evidence: "Orion" }, { code: "y", text: "", weight: 1 }, "junk"],
		replies: [{ text: "Hi" }] };
	const answer = d.dispatch({ type: "panel.show", params: { key: INVITATION.key, name: "Jana Nowak", verdict: verdict } }, CONTENT_SENDER);
	assert.deepEqual(events[0], ["open", 4], "opened before the dispatcher returned");
	assert.deepEqual(await answer, { ok: true, result: { shown: INVITATION.key, opened: "panel" } });
	assert.deepEqual(events[1], ["focus", { key: INVITATION.key, name: "Jana Nowak", tab: 4,
		verdict: { bucket: "accept", suspicious: false, reasons: [{ text: "Works at your company, Orion", weight: 3 }] } }]);
	const bad = await d.dispatch({ type: "panel.show", params: { name: "x" } }, CONTENT_SENDER);
	assert.equal(bad.error.code, "bad_request");
	const long = await d.dispatch({ type: "panel.show", params: { key: "/in/a/", name: "é".repeat(400) } }, CONTENT_SENDER);
	assert.equal(long.ok, true);
	assert.equal(events[events.length - 1][1].name, "é".repeat(150), "cut to 300 bytes between characters");
	const page = await d.dispatch({ type: "panel.show", params: { key: "/in/a/" } }, EXTENSION_SENDER);
	assert.equal(page.error.code, "forbidden", "only a card asks");
});

test("profile.read_page: the profile tab seen last reads itself; none, a clear error", async function () {
	const sent = [];
	let tab = 9;
	const d = H.createDispatcher({
		native: fakeNative(), runtime: fakeRuntime(),
		profileTab: function () { return Promise.resolve(tab); },
		toTab: function (id, m) { sent.push([id, m]); return Promise.resolve({ name: "Sofia" }); },
	});
	const ok = await d.dispatch({ type: "profile.read_page" }, EXTENSION_SENDER);
	assert.deepEqual(ok, { ok: true, result: { name: "Sofia" } });
	assert.deepEqual(sent, [[9, { type: "tact.read_own_profile" }]]);
	tab = null;
	const none = await d.dispatch({ type: "profile.read_page" }, EXTENSION_SENDER);
	assert.equal(none.error.code, "no_profile_tab");
	const fromPage = await d.dispatch({ type: "profile.read_page" }, CONTENT_SENDER);
	assert.equal(fromPage.error.code, "forbidden", "a page cannot make another tab read itself");
	assert.equal(sent.length, 1);
});

test("reply.insert: from the panel to that tab's content script, checked first", async function () {
	const sent = [];
	const d = H.createDispatcher({
		native: fakeNative(), runtime: fakeRuntime(),
		toTab: function (tab, m) { sent.push([tab, m]); return Promise.resolve({ method: "insertText" }); },
	});
	const ok = await d.dispatch({ type: "reply.insert", params: { tab: 4, key: INVITATION.key, text: "Hi Jana" } }, EXTENSION_SENDER);
	assert.deepEqual(ok, { ok: true, result: { method: "insertText" } });
	assert.deepEqual(sent, [[4, { type: "tact.insert_reply", key: INVITATION.key, text: "Hi Jana" }]]);
	for (const params of [{ tab: "4", key: "k", text: "t" }, { tab: -1, key: "k", text: "t" }, { tab: 4, key: "k", text: "" }, { tab: 4, text: "t" }]) {
		const a = await d.dispatch({ type: "reply.insert", params: params }, EXTENSION_SENDER);
		assert.equal(a.error.code, "bad_request", JSON.stringify(params));
	}
	const fromPage = await d.dispatch({ type: "reply.insert", params: { tab: 4, key: "k", text: "t" } }, CONTENT_SENDER);
	assert.equal(fromPage.error.code, "forbidden");
	assert.equal(sent.length, 1);
});

test("service worker: the side panel for the card's tab, or a small window where the browser refuses", async function () {
	const runtime = fakeRuntime();
	const opened = [];
	const windows = [];
	const stored = [];
	const api = {
		runtime: runtime,
		sidePanel: { open: function (o) { opened.push(o); return Promise.resolve(); } },
		windows: { create: function (o) { windows.push(o); return Promise.resolve({}); } },
		storage: { session: { set: function (items) { stored.push(items); return Promise.resolve(); } } },
	};
	const bg = SW.start(api, { native: N, handlers: H, client: fakeNative(), log: function () {} });
	let a = await bg.dispatcher.dispatch({ type: "panel.show", params: { key: "/in/a/", name: "A" } }, CONTENT_SENDER);
	assert.equal(a.result.opened, "panel");
	assert.deepEqual(opened, [{ tabId: 4 }]);
	assert.deepEqual(stored[0][SW.FOCUS_STORE], { key: "/in/a/", name: "A", tab: 4, verdict: null });
	api.sidePanel.open = function () { return Promise.reject(new Error("`sidePanel.open()` may only be called in response to a user gesture.")); };
	a = await bg.dispatcher.dispatch({ type: "panel.show", params: { key: "/in/b/", name: "B" } }, CONTENT_SENDER);
	assert.equal(a.result.opened, "window");
	assert.equal(windows.length, 1);
	assert.equal(windows[0].url, OWN_BASE + "pages/panel.html");
	assert.equal(windows[0].type, "popup");
	/* Firefox: its sidebar instead. */
	delete api.sidePanel;
	let sidebars = 0;
	api.sidebarAction = { open: function () { sidebars += 1; return Promise.resolve(); } };
	a = await bg.dispatcher.dispatch({ type: "panel.show", params: { key: "/in/c/", name: "C" } }, CONTENT_SENDER);
	assert.equal(a.result.opened, "panel");
	assert.equal(sidebars, 1);
});

test("service worker: a fresh install opens the set-up page once; updates and restarts do not", async function () {
	const runtime = fakeRuntime();
	runtime.onInstalled = event();
	const tabs = [];
	SW.start({ runtime: runtime, tabs: { create: function (o) { tabs.push(o.url); return Promise.resolve({}); } } },
		{ native: N, handlers: H, client: fakeNative(), log: function () {} });
	runtime.onInstalled.fire({ reason: "update", previousVersion: "0.0.9" });
	runtime.onInstalled.fire({ reason: "chrome_update" });
	assert.deepEqual(tabs, []);
	runtime.onInstalled.fire({ reason: "install" });
	assert.deepEqual(tabs, [OWN_BASE + "pages/options.html?welcome"]);
});

test("service worker: onMessage answers through the table, asynchronously", async function () {
	const runtime = fakeRuntime();
	const native = fakeNative({ hello: { name: "tact-host" } });
	SW.start({ runtime: runtime }, { native: N, handlers: H, client: native, log: function () {} });
	assert.equal(runtime.onMessage.count(), 1);
	let answer = null;
	const keep = runtime.onMessage.fire({ type: "hello" }, CONTENT_SENDER, function (a) { answer = a; });
	assert.equal(keep, true, "the listener keeps the channel open for its answer");
	await sleep(0);
	assert.deepEqual(answer, { ok: true, result: { name: "tact-host" } });
	runtime.onMessage.fire({ type: "notes.list" }, CONTENT_SENDER, function (a) { answer = a; });
	await sleep(0);
	assert.equal(answer.error.code, "forbidden");
});

test("service worker: page ports keep the native port open until the last one goes", async function () {
	const runtime = fakeRuntime();
	const native = fakeNative();
	const bg = SW.start({ runtime: runtime }, { native: N, handlers: H, client: native, graceMs: 20, log: function () {} });

	const stranger = fakePort(SW.PAGE_PORT, { id: OWN_ID, url: "https://evil.example/", origin: "https://evil.example", tab: { id: 9 }, frameId: 0 });
	runtime.onConnect.fire(stranger);
	assert.equal(stranger.closed, true, "a port from elsewhere is closed at once");
	assert.equal(bg.openPages(), 0);
	assert.equal(native.calls.length, 0);

	const a = fakePort(SW.PAGE_PORT, CONTENT_SENDER);
	const b = fakePort(SW.PAGE_PORT, Object.assign({}, CONTENT_SENDER, { tab: { id: 5 } }));
	runtime.onConnect.fire(a);
	assert.deepEqual(native.calls.map(function (c) { return c.type; }), ["hello"], "the native port opens with the first page");
	runtime.onConnect.fire(b);
	assert.equal(native.calls.length, 1, "and is not opened twice");
	assert.equal(bg.openPages(), 2);

	a.go();
	await sleep(40);
	assert.equal(native.disconnects(), 0, "one page is still open");
	b.go();
	assert.equal(native.disconnects(), 0, "a moment of grace for a page that reloads");
	await sleep(40);
	assert.equal(native.disconnects(), 1, "closed after the last page went");
	assert.equal(native.connected(), false);

	/* A page that comes back within the grace time keeps the port. */
	const c = fakePort(SW.PAGE_PORT, CONTENT_SENDER);
	runtime.onConnect.fire(c);
	c.go();
	const d = fakePort(SW.PAGE_PORT, CONTENT_SENDER);
	runtime.onConnect.fire(d);
	await sleep(40);
	assert.equal(native.disconnects(), 1);
	assert.equal(bg.openPages(), 1);
});
