/*
 * content/content.js (batching, the observer, route changes, the notice, the user's clicks,
 * archive) and content/reply.js (inserting a reply, never sending) on the fixture pages,
 * with a fake background, fake storage and real (short) timers.
 */
"use strict";

const nodeTest = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const S = require("../content/selectors.js");
const P = require("../content/parse.js");
const UI = require("../content/ui.js");
const R = require("../content/reply.js");
const C = require("../content/content.js");
const SENT = require("../content/sent.js");

const RECEIVED = "https://www.linkedin.com/mynetwork/invitation-manager/received/";
const FIXTURES = path.join(__dirname, "fixtures");
const EN = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "_locales", "en", "messages.json"), "utf8"));

function t(name, subs) {
	assert.ok(EN[name], "missing message " + name);
	let text = EN[name].message;
	for (const [p, def] of Object.entries(EN[name].placeholders || {})) {
		const i = parseInt(def.content.slice(1), 10) - 1;
		text = text.split("$" + p.toUpperCase() + "$").join(subs[i]);
	}
	return text;
}

function sleep(ms) {
	return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

/* Waits (real time) until `fn` is true; fails after two seconds. */
async function until(fn, what) {
	for (let i = 0; i < 200; i++) {
		if (fn()) return;
		await sleep(10);
	}
	assert.fail("timed out waiting for " + what);
}

function event() {
	const listeners = [];
	return {
		addListener: function (fn) { listeners.push(fn); },
		fire: function () { for (const fn of listeners.slice()) fn(); },
	};
}

function memoryStorage() {
	const data = {};
	const watchers = [];
	return {
		data: data,
		/* Like storage.onChanged: every page hears every change, its own included. */
		watch: function (key, fn, signal) {
			const w = { key: key, fn: fn };
			watchers.push(w);
			signal.addEventListener("abort", function () { watchers.splice(watchers.indexOf(w), 1); });
		},
		get: function (key) {
			const out = {};
			if (key in data) out[key] = JSON.parse(JSON.stringify(data[key]));
			return Promise.resolve(out);
		},
		set: function (items) {
			for (const k of Object.keys(items)) data[k] = JSON.parse(JSON.stringify(items[k]));
			for (const w of watchers.slice()) {
				if (w.key in items) {
					const value = JSON.parse(JSON.stringify(items[w.key]));
					setTimeout(function () { w.fn(value); }, 0);
				}
			}
			return Promise.resolve();
		},
	};
}

const BUCKETS = ["accept", "review", "ignore"];

/* Every page a test opened is stopped and closed, even when the test fails, so no timer is left to keep node running. */
const live = [];
function test(name, fn) {
	return nodeTest(name, async function () {
		try {
			await fn();
		} finally {
			for (const h of live.splice(0)) {
				h.controller.stop();
				h.win.close();
			}
		}
	});
}

/* A page with the controller running on it, and everything it said to the background. */
function harness(file, options) {
	const opts = options || {};
	const html = fs.readFileSync(path.join(FIXTURES, file), "utf8");
	const dom = new JSDOM(html, { url: opts.url || RECEIVED, runScripts: "outside-only" });
	const win = dom.window;
	const shadows = [];
	const original = win.Element.prototype.attachShadow;
	win.Element.prototype.attachShadow = function (init) {
		const root = original.call(this, init);
		shadows.push({ host: this, init: init, root: root });
		return root;
	};
	const messages = [];
	const ports = [];
	const h = {
		dom: dom, win: win, doc: win.document, shadows: shadows, messages: messages, ports: ports,
		storage: opts.storage || memoryStorage(),
		answer: opts.answer || null,
	};
	h.controller = C.createController({
		doc: win.document,
		win: win,
		parse: P,
		selectors: S,
		ui: UI,
		reply: R,
		sent: SENT,
		profile: require("../content/profile.js"),
		t: t,
		storage: h.storage,
		debounceMs: opts.debounceMs !== undefined ? opts.debounceMs : 5,
		pollMs: 10,
		batchSize: opts.batchSize,
		requireTrusted: opts.requireTrusted,
		send: function (message) {
			messages.push(JSON.parse(JSON.stringify(message)));
			/* An answer function may return null: the usual answers below then apply. */
			const own = h.answer ? h.answer(message) : null;
			if (own) return Promise.resolve(own);
			if (message.type === "review.counts") {
				const decided = messages.filter(function (m) { return m.type === "decide"; }).length;
				return Promise.resolve({ ok: true, result: {
					waiting: h.classified().length, oldest_days: 0, expiring: 0, repeated: 0,
					accepted_this_week: decided, ignored_this_week: 0,
				} });
			}
			if (message.type === "classify") {
				return Promise.resolve({ ok: true, result: { results: message.params.invitations.map(function (inv, i) {
					return {
						key: inv.key, bucket: BUCKETS[i % 3], suspicious: false, reasons: [{ code: "x", text: "Reason for " + inv.name, weight: 0.2 }],
						badges: [], replies: [{ id: "not_now", intent: "not_now", lang: "en", text: "Thanks, " + inv.name + "!", length: 9 }],
					};
				}) } });
			}
			return Promise.resolve({ ok: true, result: { key: message.params.key, decision: message.params.decision, recorded: true } });
		},
		listen: function (fn) { h.listener = fn; },
		connect: function (name) {
			const port = { name: name, closed: false, onDisconnect: event(), disconnect: function () { port.closed = true; } };
			ports.push(port);
			return port;
		},
	});
	live.push(h);
	h.of = function (type) { return messages.filter(function (m) { return m.type === type; }); };
	h.classified = function () {
		return [].concat.apply([], h.of("classify").map(function (m) { return m.params.invitations; }));
	};
	h.hostOf = function (card) {
		const hit = shadows.filter(function (c) { return c.host.parentNode === card; });
		return hit.length === 1 ? hit[0].root : null;
	};
	h.cards = function () {
		const preview = C.pageKind(win.location.href) === "preview";
		return P.parsePage(win.document, { preview: preview }).cards.filter(function (c) { return c.record; });
	};
	return h;
}

test("the first look sends every readable record once, in batches, and shows the verdicts", async function () {
	const h = harness("received-2026-en.html", { batchSize: 4 });
	await h.controller.start();
	const want = P.parsePage(h.doc).records.map(function (r) { return r.key; });
	await until(function () { return h.classified().length === want.length; }, "all records");
	for (const m of h.of("classify")) assert.ok(m.params.invitations.length <= 4, "batch size");
	assert.equal(h.of("classify").length, Math.ceil(want.length / 4));
	assert.deepEqual(h.classified().map(function (r) { return r.key; }).sort(), want.slice().sort(), "each key once");
	assert.deepEqual(h.classified(), P.parsePage(h.doc).records.slice().sort(function (a, b) {
		return want.indexOf(a.key) - want.indexOf(b.key);
	}), "the records exactly as parse.js reads them");

	await until(function () {
		return h.cards().every(function (c) { const r = h.hostOf(c.element); return r && r.querySelector(".badge"); });
	}, "badges");
	/* Looking again, any number of times, sends nothing new. */
	const before = h.messages.length;
	h.controller.scan();
	h.controller.scan();
	await sleep(40);
	assert.equal(h.messages.length, before, "unchanged cards are never sent again");
	/* Tact's own drawing does not wake the observer: the page is left alone when idle. */
	const scans = h.controller.stats.scans;
	await sleep(60);
	assert.equal(h.controller.stats.scans, scans, "no scan while nothing changes");
	assert.equal(h.ports.length, 1);
	assert.equal(h.ports[0].name, C.PAGE_PORT);
	h.controller.stop();
	assert.equal(h.ports[0].closed, true);
});

test("a changed card is sent again, alone", async function () {
	const h = harness("received-2026-en.html");
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "first batch");
	await sleep(30);
	const priya = h.cards().filter(function (c) { return c.record.key === "/in/priya-raman-77/"; })[0];
	const headline = Array.from(priya.element.querySelectorAll("p")).filter(function (p) { return /Data scientist/.test(p.textContent); })[0];
	headline.textContent = "Staff data scientist · Kontora Payments";
	await until(function () { return h.of("classify").length === 2; }, "second batch");
	const second = h.of("classify")[1].params.invitations;
	assert.equal(second.length, 1);
	assert.equal(second[0].key, "/in/priya-raman-77/");
	assert.equal(second[0].headline, "Staff data scientist · Kontora Payments");
	await sleep(40);
	assert.equal(h.of("classify").length, 2);
	h.controller.stop();
});

test("the observer picks up cards LinkedIn adds, and forgets removed ones", async function () {
	const h = harness("received-2026-en.html");
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "first batch");
	const first = h.cards()[0].element;
	const added = first.cloneNode(true);
	added.setAttribute("componentkey", "urn:li:invitation:7401999999999999999");
	for (const a of Array.from(added.querySelectorAll("a[href*=\"/in/\"]"))) a.setAttribute("href", "/in/new-person-9/");
	added.querySelector("strong").textContent = "Noor Haddad";
	for (const b of Array.from(added.querySelectorAll("button"))) b.setAttribute("aria-label", b.getAttribute("aria-label").replace("Jana Nowak", "Noor Haddad"));
	/* A clone carries a copy of Tact's host without its shadow root: LinkedIn would not. */
	for (const n of Array.from(added.querySelectorAll("*"))) if (h.controller.ui.isOwn(n)) n.remove();
	first.parentNode.appendChild(added);
	await until(function () { return h.of("classify").length === 2; }, "the added card");
	assert.deepEqual(h.of("classify")[1].params.invitations.map(function (r) { return [r.key, r.name]; }), [["/in/new-person-9/", "Noor Haddad"]]);
	await until(function () { const r = h.hostOf(added); return r && r.querySelector(".badge"); }, "badge on the new card");

	first.remove();
	await sleep(40);
	assert.equal(h.of("classify").length, 2, "a removed card sends nothing");
	h.controller.stop();
});

/* A copy of the page's first card for another person, as LinkedIn would add it. */
function newCard(h, slug, name) {
	const added = h.cards()[0].element.cloneNode(true);
	added.setAttribute("componentkey", "urn:li:invitation:74019" + slug.length + "9999999999999");
	for (const a of Array.from(added.querySelectorAll("a[href*=\"/in/\"]"))) a.setAttribute("href", "/in/" + slug + "/");
	added.querySelector("strong").textContent = name;
	for (const n of Array.from(added.querySelectorAll("*"))) if (h.controller.ui.isOwn(n)) n.remove();
	return added;
}

test("after a quiet spell a change is read at once; the rest of a burst waits for quiet", async function () {
	const QUIET = 1500;
	const h = harness("received-2026-en.html", { debounceMs: QUIET });
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "first batch");
	await sleep(QUIET + 100);
	const list = h.cards()[0].element.parentNode;
	const start = Date.now();
	list.appendChild(newCard(h, "first-burst-1", "Noor Haddad"));
	await until(function () { return h.of("classify").length === 2; }, "the first change, without the wait");
	assert.ok(Date.now() - start < QUIET, "read before the quiet time passed");
	/* Straight after: part of the same burst, read only once the page is quiet. */
	list.appendChild(newCard(h, "second-burst-22", "Ines Duarte"));
	await sleep(QUIET / 3);
	assert.equal(h.of("classify").length, 2, "a change inside a burst waits");
	for (let i = 0; i < 3 * QUIET / 10 && h.of("classify").length < 3; i++) await sleep(10);
	assert.deepEqual(h.of("classify")[2].params.invitations.map(function (r) { return r.key; }), ["/in/second-burst-22/"]);
	h.controller.stop();
});

test("in-page navigation: nothing on the sent view, cleared after leaving the received one", async function () {
	const h = harness("received-2026-en.html", { url: "https://www.linkedin.com/mynetwork/invitation-manager/sent/" });
	await h.controller.start();
	await sleep(40);
	assert.equal(h.messages.length, 0, "nothing read on other pages");
	assert.equal(h.ports.length, 0);

	h.win.history.pushState({}, "", "/mynetwork/invitation-manager/received/");
	await until(function () { return h.of("classify").length === 1; }, "a batch after the route change");
	assert.equal(h.ports.length, 1, "a page port while on the invitation manager");
	await until(function () { return h.shadows.some(function (c) { return c.host.parentNode; }); }, "hosts");

	h.win.history.pushState({}, "", "/feed/");
	await until(function () { return h.ports[0].closed; }, "the port closed");
	assert.equal(h.shadows.filter(function (c) { return c.host.parentNode; }).length, 0, "everything removed");

	h.win.history.pushState({}, "", "/mynetwork/invitation-manager/received/");
	h.win.dispatchEvent(new h.win.PopStateEvent("popstate"));
	await until(function () { return h.ports.length === 2; }, "a new port when back");
	await sleep(30);
	assert.equal(h.of("classify").length, 1, "the cards already sent are not sent again");
	h.controller.stop();
});

test("sent view: how long each invitation has waited, in five languages", function () {
	const table = [
		["Sent 2 days ago", 2], ["Sent 3 weeks ago", 21], ["sent a month ago", 30], ["Sent 5 months ago", 150],
		["Sent 1 year ago", 365], ["Sent today", 0], ["Sent yesterday", 0],
		["Envoyée il y a 5 mois", 150], ["il y a une semaine", 7], ["Envoyée il y a 2 ans", 730],
		["Gesendet vor 5 Monaten", 150], ["vor einem Monat", 30], ["vor 3 Wochen", 21], ["vor 2 Jahren", 730],
		["Enviada hace 5 meses", 150], ["hace un año", 365], ["hace 4 días", 4],
		["Enviado há 5 meses", 150], ["há um mês", 30], ["há 2 semanas", 14],
		["Platform engineer at Orion Systems", null], ["5 months", null], ["", null],
		["Sent 5 months ago " + "x".repeat(80), null],
	];
	for (const [text, days] of table) assert.equal(SENT.ageDays(text), days, text);
	/* The page's own language first: "il y a 2 mois" is French whatever the order. */
	assert.equal(SENT.ageDays("il y a 2 mois", ["fr"]), 60);
});

test("sent view: invitations waiting for months get a note; nothing reaches tact-host", async function () {
	const h = harness("sent-2026-en.html", { url: "https://www.linkedin.com/mynetwork/invitation-manager/sent/" });
	await h.controller.start();
	await until(function () { return h.shadows.filter(function (c) { return c.host.parentNode; }).length === 2; }, "two notes");
	const noted = h.shadows.filter(function (c) { return c.host.parentNode; }).map(function (c) {
		return { who: c.host.parentNode.querySelector("strong").textContent, text: c.root.querySelector('[role="note"]').textContent };
	});
	assert.deepEqual(noted.map(function (n) { return n.who; }), ["Rafael Costa", "Amira Haddad"]);
	assert.ok(noted[0].text.startsWith("Waiting for 5 months."), noted[0].text);
	assert.ok(noted[1].text.startsWith("Waiting for 12 months."), noted[1].text);
	for (const c of h.shadows) assert.equal(c.root.querySelector("button"), null, "no control: Tact never withdraws");
	await sleep(40);
	assert.equal(h.messages.length, 0, "nothing sent to the background");
	assert.equal(h.ports.length, 0, "tact-host is not started");
});

test("an answer that arrives after the user left draws nothing: no notice on the feed", async function () {
	let fail = null;
	const h = harness("received-2026-en.html", {
		answer: function (message) {
			if (message.type !== "classify") return { ok: true, result: {} };
			return new Promise(function (_resolve, reject) { fail = reject; });
		},
	});
	await h.controller.start();
	await until(function () { return fail !== null; }, "a classify on its way");
	h.win.history.pushState({}, "", "/feed/");
	await until(function () { return h.ports[0].closed; }, "left the invitations");
	fail(new Error("host gone"));
	await sleep(40);
	assert.equal(h.shadows.filter(function (c) { return c.host.parentNode; }).length, 0, "nothing drawn on the feed");
});

test("a dropped port is not reopened once the user has left", async function () {
	const h = harness("received-2026-en.html");
	await h.controller.start();
	await until(function () { return h.ports.length === 1; }, "the page port");
	h.ports[0].closed = true;
	h.ports[0].onDisconnect.fire(); /* the worker restarted */
	h.win.history.pushState({}, "", "/feed/");
	await sleep(1300); /* longer than the reconnect delay */
	assert.equal(h.ports.length, 1, "no new port on the feed");
});

test("received, preview, sent and back: filter reset, nothing hidden, one port", async function () {
	const h = harness("received-2026-en.html");
	await h.controller.start();
	await until(function () { return h.cards().every(function (c) { const r = h.hostOf(c.element); return r && r.querySelector(".badge"); }); }, "verdicts");
	h.controller.ui.setFilter("suspicious");
	assert.ok(h.cards().some(function (c) { return c.element.style.display === "none"; }));
	for (const route of ["/mynetwork/grow/", "/mynetwork/invitation-manager/sent/", "/mynetwork/invitation-manager/received/"]) {
		h.win.history.pushState({}, "", route);
		await sleep(60);
	}
	await until(function () { return h.cards().every(function (c) { const r = h.hostOf(c.element); return r && r.querySelector(".badge"); }); }, "verdicts again");
	assert.equal(h.controller.ui.filter(), "all");
	assert.ok(h.cards().every(function (c) { return c.element.style.display !== "none"; }), "every card shown");
	assert.equal(h.ports.filter(function (p) { return !p.closed; }).length, 1, "one open port");
	assert.equal(h.of("classify").length, 1, "nothing sent twice");
	/* The received page was on screen under the preview and sent addresses: nothing drawn there from it. */
	assert.equal(h.shadows.filter(function (c) { return c.host.parentNode && c.root.querySelector('[role="note"]:not(.warn)'); }).length, 0);
});

test("the sent view still on screen under the received address is not read as invitations", async function () {
	const h = harness("sent-2026-en.html", { url: "https://www.linkedin.com/mynetwork/invitation-manager/sent/" });
	await h.controller.start();
	await until(function () { return h.shadows.filter(function (c) { return c.host.parentNode; }).length === 2; }, "notes");
	h.win.history.pushState({}, "", "/mynetwork/invitation-manager/received/");
	await sleep(300);
	assert.equal(h.of("classify").length, 0, "the user's own invitations are not invitations to judge");
	assert.equal(h.shadows.filter(function (c) { return c.host.parentNode; }).length, 0, "the notes left with the sent view");
});

test("sent view: a note goes when its card no longer qualifies", async function () {
	const h = harness("sent-2026-en.html", { url: "https://www.linkedin.com/mynetwork/invitation-manager/sent/" });
	await h.controller.start();
	const drawn = function () { return h.shadows.filter(function (c) { return c.host.parentNode; }); };
	await until(function () { return drawn().length === 2; }, "two notes");
	const rafael = Array.from(h.doc.querySelectorAll("p")).filter(function (p) { return p.textContent === "Sent 5 months ago"; })[0];
	rafael.textContent = "Sent 2 days ago";
	await until(function () { return drawn().length === 1; }, "one note left");
	assert.equal(drawn()[0].host.parentNode.querySelector("strong").textContent, "Amira Haddad");
});

test("archive: two LinkedIn tabs share one archive, neither undoing the other", async function () {
	const storage = memoryStorage();
	const a = harness("received-2026-en.html", { storage: storage });
	const b = harness("received-2026-en.html", { storage: storage });
	await a.controller.start();
	await b.controller.start();
	const keys = a.cards().map(function (c) { return c.record.key; });
	await a.controller.archive(keys[0]);
	await b.controller.archive(keys[1]);
	assert.deepEqual(Object.keys(storage.data.archived).sort(), [keys[0], keys[1]].sort(), "both archived");
	await until(function () {
		return [a, b].every(function (h) {
			return h.cards().filter(function (c) { return c.element.style.display === "none"; }).length === 2;
		});
	}, "each tab hides both");
	await a.controller.restore(keys[1]);
	await until(function () { return b.cards().filter(function (c) { return c.element.style.display === "none"; }).length === 1; }, "the other tab shows it again");
	assert.deepEqual(Object.keys(storage.data.archived), [keys[0]]);
});

test("pageKind: the received views in full, the preview and the sent view read-only, nothing elsewhere", function () {
	const L = "https://www.linkedin.com";
	const table = {
		"/mynetwork/invitation-manager/received/": "received",
		"/mynetwork/invitation-manager/": "received",
		"/mynetwork/invitation-manager/received/?invitationType=CONNECTION": "received",
		"/mynetwork/grow/": "preview",
		"/mynetwork/": "preview",
		"/mynetwork": "preview",
		"/mynetwork/invitation-manager/sent/": "sent",
		"/mynetwork/invitation-manager/sent/?invitationType=CONNECTION": "sent",
		"/mynetwork/catch-up/all/": null,
		"/feed/": null,
		"/messaging/thread/2/": null,
		"/in/jana-nowak-1a2b3c/": null,
	};
	for (const p of Object.keys(table)) assert.equal(C.pageKind(L + p), table[p], p);
	assert.equal(C.pageKind("not a url"), null);
});

test("dormant on the feed, awake when LinkedIn moves to the invitations without a page load", async function () {
	/* The content script runs on every LinkedIn page; LinkedIn's in-app links change the address only. */
	const h = harness("received-2026-en.html", { url: "https://www.linkedin.com/feed/" });
	await h.controller.start();
	await sleep(40);
	const scans = h.controller.stats.scans;
	h.doc.body.appendChild(h.doc.createElement("div"));
	await sleep(40);
	assert.equal(h.controller.stats.scans, scans, "no observer while dormant: page changes cost nothing");
	assert.equal(h.ports.length, 0, "no port to the background");
	assert.equal(h.messages.length, 0, "nothing read, nothing sent");
	assert.equal(h.shadows.length, 0, "nothing drawn");

	h.win.history.pushState({}, "", "/mynetwork/invitation-manager/received/");
	await until(function () { return h.of("classify").length === 1; }, "the cards, read after the route change");
	const wanted = P.parsePage(h.doc).records.map(function (r) { return r.key; }).sort();
	assert.ok(wanted.length >= 10);
	assert.deepEqual(h.classified().map(function (r) { return r.key; }).sort(), wanted);
	assert.equal(h.ports.length, 1);
	await until(function () { return h.shadows.some(function (c) { return c.root.querySelector(".badge"); }); }, "badges");
});

test("My Network preview: its invitations get verdicts and reasons, read-only; People you may know are never read", async function () {
	const h = harness("grow-2026-en.html", { url: "https://www.linkedin.com/mynetwork/grow/", requireTrusted: false });
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "the preview's cards");
	assert.deepEqual(h.classified().map(function (r) { return r.key; }), ["/in/jana-nowak-1a2b3c/", "/in/victor-osei-crypto/"]);
	const cards = h.cards();
	assert.equal(cards.length, 2);
	await until(function () { return cards.every(function (c) { const r = h.hostOf(c.element); return r && r.querySelector(".badge"); }); }, "badges");
	for (const c of cards) {
		const root = h.hostOf(c.element);
		assert.ok(root.querySelector("button.why"), "reasons are offered");
		assert.equal(root.querySelector("button.chip"), null, "no reply chips on the preview");
		assert.equal(root.querySelector("button.archive"), null, "no Archive on the preview");
	}
	assert.ok(!h.shadows.some(function (c) { return c.root.querySelector(".bar"); }), "no filter bar");

	/* The user's own Accept click still counts as a decision. */
	const accept = h.doc.querySelector('button[aria-label="Accept Jana Nowak\u2019s invitation"]');
	accept.dispatchEvent(new h.win.MouseEvent("click", { bubbles: true }));
	await until(function () { return h.of("decide").length === 1; }, "the decision");
	assert.deepEqual(h.of("decide")[0].params, { key: "/in/jana-nowak-1a2b3c/", decision: "accepted" });
});

test("My Network without an invitations preview: nothing is read, not even cards shaped like invitations", async function () {
	const h = harness("grow-2026-en.html", { url: "https://www.linkedin.com/mynetwork/grow/" });
	const preview = h.doc.querySelector('[componentkey="MyNetwork_InvitationsPreview"]');
	preview.parentNode.removeChild(preview);
	await h.controller.start();
	await sleep(60);
	assert.equal(h.of("classify").length, 0);
	assert.equal(h.shadows.length, 0);
	assert.equal(h.ports.length, 0, "no reason to start tact-host");
});

function notices(h) {
	return h.shadows.filter(function (c) {
		return c.host.parentNode && c.root.querySelector(".notice");
	});
}

test("one quiet notice when the page cannot be read with confidence, none otherwise", async function () {
	const h = harness("hostile.html");
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "the readable cards");
	for (let i = 0; i < 3; i++) {
		h.controller.scan();
		h.doc.querySelector("[role=main]").appendChild(h.doc.createElement("div"));
		await sleep(20);
	}
	assert.equal(notices(h).length, 1);
	assert.equal(notices(h)[0].root.querySelector("[role=status]").textContent, t("pageUnreadable"));
	assert.equal(notices(h)[0].root.querySelector("button"), null, "nothing to fix on LinkedIn's side");
	/* What Tact drew holds only the elements it builds, with no handler or
	 * link attribute, whatever the cards said. */
	for (const call of h.shadows) {
		for (const e of Array.from(call.root.querySelectorAll("*"))) {
			assert.ok(["STYLE", "DIV", "SPAN", "BUTTON", "UL", "LI"].includes(e.tagName), e.tagName);
			for (const a of Array.from(e.attributes)) assert.ok(!/^on|^href$|^src$/i.test(a.name), a.name);
		}
	}
	h.controller.stop();

	const ok = harness("received-2026-en.html");
	await ok.controller.start();
	await until(function () { return ok.of("classify").length === 1; }, "batch");
	await sleep(30);
	assert.equal(notices(ok).length, 0);
	ok.controller.stop();
});

test("a batch the background could not classify is sent again on the next look", async function () {
	let fail = true;
	const h = harness("received-2026-de.html", {
		answer: function (m) {
			if (m.type === "classify" && fail) return { ok: false, error: { code: "disconnected", message: "Specified native messaging host not found." } };
			return { ok: true, result: { results: [] } };
		},
	});
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "first try");
	await until(function () { return notices(h).length === 1; }, "notice");
	const status = notices(h)[0].root.querySelector("[role=status]");
	assert.equal(status.querySelector(".text").textContent, t("hostUnavailable"));
	/* The notice leads to the page that says what is wrong. */
	const button = status.querySelector("button");
	assert.equal(button.textContent, t("hostWhatIsWrong"));
	button.click();
	await until(function () { return h.of("open_page").length === 1; }, "open_page");
	assert.deepEqual(h.of("open_page")[0].params, { page: "options" });
	const bars = function () { return h.shadows.filter(function (c) { return c.host.parentNode && c.root.querySelector(".bar"); }).length; };
	assert.equal(bars(), 0, "no filter bar of zeros while the host is silent");
	fail = false;
	h.controller.scan();
	await until(function () { return h.of("classify").length === 2; }, "the second try");
	assert.deepEqual(h.of("classify")[1].params.invitations, h.of("classify")[0].params.invitations);
	h.controller.stop();
});

/* The line under the filter bar that says triage is guessing, when drawn. */
function setupLine(h) {
	for (const c of h.shadows) {
		const line = c.host.parentNode && c.root.querySelector(".setup");
		if (line) return line;
	}
	return null;
}

test("with no profile stored the bar says triage is guessing and leads to the profile page; with one it says nothing", async function () {
	let stored = false;
	const h = harness("received-2026-en.html", {
		answer: function (m) {
			if (m.type !== "hello") return null;
			return { ok: true, result: { name: "tact-host", protocol: 1, data: { state: "ready", profile: stored } } };
		},
	});
	await h.controller.start();
	await until(function () { return setupLine(h) !== null; }, "the guessing line");
	const line = setupLine(h);
	assert.equal(line.getAttribute("role"), "note");
	assert.ok(line.textContent.startsWith(t("setupGuessing")), line.textContent);
	const button = line.querySelector("button");
	assert.equal(button.textContent, t("setupOpen"));
	button.click();
	await until(function () { return h.of("open_page").length === 1; }, "open_page");
	assert.deepEqual(h.of("open_page")[0].params, { page: "options" });

	/* The profile is saved on the options page: every card goes to tact-host again, and the line goes. */
	const keys = h.classified().map(function (r) { return r.key; }).sort();
	stored = true;
	await h.storage.set({ profileSaved: 1 });
	await until(function () { return h.classified().length === 2 * keys.length; }, "every card sent again");
	assert.deepEqual(h.classified().slice(keys.length).map(function (r) { return r.key; }).sort(), keys);
	await until(function () { return setupLine(h) === null; }, "the line to go");
	assert.equal(h.of("hello").length, 2, "asked once per look at the profile, not per scan");
	h.controller.stop();
});

test("a card's Note asks for the side panel with that person and verdict; the panel's Insert fills that card's message box", async function () {
	const h = harness("received-2026-en.html");
	await h.controller.start();
	await until(function () {
		const r = h.cards()[0] && h.hostOf(h.cards()[0].element);
		return r && r.querySelector("button.note");
	}, "the Note control");
	const jana = h.cards()[0];
	h.hostOf(jana.element).querySelector("button.note").click();
	await until(function () { return h.of("panel.show").length === 1; }, "panel.show");
	const asked = h.of("panel.show")[0].params;
	assert.equal(asked.key, jana.record.key);
	assert.equal(asked.name, "Jana Nowak");
	assert.equal(asked.verdict.key, jana.record.key, "the verdict drawn on the card");

	/* The background relays the panel's Insert: the reply goes through the card's own Message control. */
	const wrong = await h.listener({ type: "tact.insert_reply", key: "/in/nobody/", text: "Hi" });
	assert.equal(wrong.error.code, "not_found");
	const odd = await h.listener({ type: "something else" });
	assert.equal(odd.error.code, "bad_request");
	const answer = await h.listener({ type: "tact.insert_reply", key: jana.record.key, text: "Hi Jana, good to meet you." });
	assert.equal(answer.ok, true, JSON.stringify(answer));
	assert.ok(["insertText", "paste", "clipboard", "none"].includes(answer.result.method), answer.result.method);
	h.controller.stop();
});

test("asked by the options page, the user's own profile page reads itself; any other page says no", async function () {
	const own = harness("profile-own-2026-en.html", { url: "https://www.linkedin.com/in/sofia-reyes-42/" });
	await own.controller.start();
	const answer = await own.listener({ type: "tact.read_own_profile" });
	assert.equal(answer.ok, true);
	assert.deepEqual(answer.result.companies, ["Kontora Payments", "Andes Bank", "Cobre Labs"]);
	assert.equal(own.messages.length, 0, "nothing went to the background on its own");
	own.controller.stop();
	const other = harness("profile-other-2026-en.html", { url: "https://www.linkedin.com/in/sofia-reyes-42/" });
	await other.controller.start();
	assert.equal((await other.listener({ type: "tact.read_own_profile" })).error.code, "not_own_profile");
	other.controller.stop();
});

test("the user's own clicks on Accept and Ignore are reported; untrusted clicks are not", async function () {
	const h = harness("received-2026-en.html", { requireTrusted: false });
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "batch");
	const cards = h.cards();
	const jana = S.findActions(cards[0].element, null);
	const priya = S.findActions(cards[1].element, null);
	jana.accept.querySelector("span").click();
	priya.ignore.click();
	cards[0].element.querySelectorAll("p")[1].click(); /* the headline: not a button */
	await until(function () { return h.of("decide").length === 2; }, "decisions");
	assert.deepEqual(h.of("decide").map(function (m) { return m.params; }), [
		{ key: "/in/jana-nowak-1a2b3c/", decision: "accepted" },
		{ key: "/in/priya-raman-77/", decision: "ignored" },
	]);
	h.controller.stop();

	/* By default only clicks the browser marks as the user's count; a page script's do not. */
	const strict = harness("received-2026-en.html");
	await strict.controller.start();
	await until(function () { return strict.of("classify").length === 1; }, "batch");
	S.findActions(strict.cards()[0].element, null).accept.click();
	await sleep(30);
	assert.equal(strict.of("decide").length, 0);
	strict.controller.stop();
});

test("the bar carries the weekly review, asked again after verdicts and decisions, never off the received view", async function () {
	const h = harness("received-2026-en.html", { requireTrusted: false, batchSize: 4 });
	await h.controller.start();
	const total = P.parsePage(h.doc).records.length;
	const line = function () {
		const bar = h.shadows.filter(function (c) { return c.host.parentNode && c.root.querySelector(".bar"); })[0];
		const review = bar ? bar.root.querySelector(".review") : null;
		return review ? review.textContent : null;
	};
	await until(function () { return line() === t("reviewWaiting", [String(total)]); }, "the review after every batch");
	assert.deepEqual(h.of("review.counts").map(function (m) { return m.params; }).slice(0, 1), [{}]);
	const asked = h.of("review.counts").length;
	assert.ok(asked <= h.of("classify").length, "at most one question per batch");

	S.findActions(h.cards()[0].element, null).accept.click();
	await until(function () { return /this week: 1 accepted/.test(line() || ""); }, "the review after a decision");
	assert.ok(h.of("review.counts").length > asked);

	/* Away and back within LinkedIn: nothing is classified again, yet the line returns. */
	const classifies = h.of("classify").length;
	h.win.history.pushState({}, "", "/feed/");
	await until(function () { return line() === null; }, "the bar gone on the feed");
	h.win.history.pushState({}, "", "/mynetwork/invitation-manager/received/");
	await until(function () { return /this week: 1 accepted/.test(line() || ""); }, "the review after coming back");
	assert.equal(h.of("classify").length, classifies);
	h.controller.stop();

	/* The preview and the sent view have no bar and ask nothing. */
	for (const [file, url] of [["grow-2026-en.html", "https://www.linkedin.com/mynetwork/grow/"],
		["sent-2026-en.html", "https://www.linkedin.com/mynetwork/invitation-manager/sent/"]]) {
		const other = harness(file, { url: url, requireTrusted: false });
		await other.controller.start();
		await sleep(60);
		const accept = other.doc.querySelector('button[aria-label="Accept Jana Nowak\u2019s invitation"]');
		if (accept) accept.dispatchEvent(new other.win.MouseEvent("click", { bubbles: true }));
		await sleep(60);
		assert.equal(other.of("review.counts").length, 0, file);
		other.controller.stop();
	}
});

test("archive hides an invitation locally, tells the host, and persists across pages", async function () {
	const storage = memoryStorage();
	const h = harness("received-2026-en.html", { storage: storage });
	await h.controller.start();
	await until(function () { return h.of("classify").length === 1; }, "batch");
	await until(function () { return h.cards().every(function (c) { return h.hostOf(c.element); }); }, "hosts");
	const card = h.cards()[1];
	h.hostOf(card.element).querySelector("button.archive").click();
	await until(function () { return storage.data[C.ARCHIVE_STORE]; }, "stored");
	assert.deepEqual(Object.keys(storage.data[C.ARCHIVE_STORE]), ["/in/priya-raman-77/"]);
	await until(function () { return h.of("decide").length === 1; }, "decide archived");
	assert.deepEqual(h.of("decide")[0].params, { key: "/in/priya-raman-77/", decision: "archived" });
	assert.equal(card.element.style.getPropertyValue("display"), "none");
	h.controller.stop();

	/* A new page load reads the archive back. */
	const again = harness("received-2026-en.html", { storage: storage });
	await again.controller.start();
	await until(function () { return again.cards().every(function (c) { return again.hostOf(c.element); }); }, "hosts");
	const shown = again.cards().filter(function (c) { return c.element.style.getPropertyValue("display") !== "none"; });
	assert.equal(shown.length, again.cards().length - 1);
	assert.ok(!shown.some(function (c) { return c.record.key === "/in/priya-raman-77/"; }));
	await again.controller.restore("/in/priya-raman-77/");
	assert.deepEqual(storage.data[C.ARCHIVE_STORE], {});
	assert.ok(again.cards().every(function (c) { return c.element.style.getPropertyValue("display") !== "none"; }));
	again.controller.stop();
});

/* ---- reply.js ------------------------------------------------------------------------ */

/*
 * LinkedIn's message box, as the Message link opens it: a form with a contenteditable
 * textbox of <p>s and a Send button. `editor` listens to paste like LinkedIn's does.
 */
function composerOnClick(doc, link, draft) {
	const state = { sent: false, editor: null, clicks: [] };
	doc.addEventListener("click", function (e) { state.clicks.push(e.target); }, true);
	link.addEventListener("click", function (e) {
		e.preventDefault();
		const form = doc.createElement("form");
		form.className = "msg-form";
		const editor = doc.createElement("div");
		editor.className = "msg-form__contenteditable";
		editor.setAttribute("contenteditable", "true");
		editor.setAttribute("role", "textbox");
		editor.setAttribute("aria-multiline", "true");
		const first = doc.createElement("p");
		if (draft) first.textContent = draft;
		editor.appendChild(first);
		editor.addEventListener("paste", function (ev) {
			const text = ev.clipboardData.getData("text/plain");
			for (const line of text.split("\n")) {
				const p = doc.createElement("p");
				p.textContent = line;
				editor.appendChild(p);
			}
		});
		const send = doc.createElement("button");
		send.className = "msg-form__send-button";
		send.type = "submit";
		send.textContent = "Send";
		send.addEventListener("click", function () { state.sent = true; });
		form.addEventListener("submit", function (ev) { ev.preventDefault(); state.sent = true; });
		form.appendChild(editor);
		form.appendChild(send);
		/* LinkedIn draws the box a moment later. */
		setTimeout(function () { doc.body.appendChild(form); }, 15);
		state.editor = editor;
	});
	return state;
}

/*
 * What execCommand does in a browser, for the two commands reply.js uses, at the caret
 * (jsdom has selections but no editing): text goes where the caret is, a paragraph
 * starts after the caret's own.
 */
function fakeExecCommand(doc, state) {
	doc.execCommand = function (command, _ui, value) {
		const editor = state.editor;
		const sel = doc.getSelection();
		if (sel.rangeCount === 0 || !editor.contains(sel.getRangeAt(0).startContainer)) return false;
		const range = sel.getRangeAt(0);
		const caretAfter = function (node) {
			const r = doc.createRange();
			r.setStartAfter(node);
			r.collapse(true);
			sel.removeAllRanges();
			sel.addRange(r);
		};
		if (command === "insertText") {
			const text = doc.createTextNode(value);
			range.insertNode(text);
			caretAfter(text);
			return true;
		}
		if (command === "insertParagraph") {
			let block = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentNode;
			block = block === editor ? null : block.closest("p");
			const p = doc.createElement("p");
			if (block) block.after(p);
			else editor.insertBefore(p, editor.childNodes[range.startOffset] || null);
			const r = doc.createRange();
			r.setStart(p, 0);
			r.collapse(true);
			sel.removeAllRanges();
			sel.addRange(r);
			return true;
		}
		return false;
	};
}

function paragraphs(editor) {
	return Array.from(editor.querySelectorAll("p")).map(function (p) { return p.textContent; }).filter(function (s) { return s !== ""; });
}

function labelledSend(el) {
	return /send/i.test([el.getAttribute("aria-label"), el.textContent, el.className].join(" "));
}

function page(file) {
	const html = fs.readFileSync(path.join(FIXTURES, file), "utf8");
	return new JSDOM(html, { url: RECEIVED });
}

test("reply: opens the card's Message control, types line by line, and never clicks Send", async function () {
	const dom = page("received-2026-en.html");
	const doc = dom.window.document;
	const card = P.parsePage(doc).cards[0].element;
	const link = R.findMessageControl(card);
	assert.ok(link && /\/messaging\//.test(link.getAttribute("href")), "the messaging link LinkedIn draws after the card");
	const state = composerOnClick(doc, link);
	fakeExecCommand(doc, state);
	// Generous: it returns as soon as the box appears; a stalled machine must not fail it.
	const res = await R.insertReply(card, "Hi Jana,\nThanks for the kind note.", { pollMs: 5, waitMs: 10000 });
	assert.equal(res.method, "insertText");
	assert.equal(res.editor, state.editor);
	assert.deepEqual(paragraphs(state.editor), ["Hi Jana,", "Thanks for the kind note."]);
	assert.deepEqual(state.clicks, [link], "one click, on Message");
	assert.ok(!state.clicks.some(labelledSend));
	await sleep(20);
	assert.equal(state.sent, false, "never sent");
});

test("reply: links written into a note are never taken for LinkedIn's Message control", function () {
	const dom = page("received-2026-en.html");
	const doc = dom.window.document;
	const cards = P.parsePage(doc).cards;
	const jana = cards[0].element;
	const real = R.findMessageControl(jana);
	assert.equal(real.getAttribute("href"), "/messaging/compose/?recipient=1");
	const note = Array.from(jana.querySelectorAll("p")).filter(function (p) { return /ledger migration/.test(p.textContent); })[0];
	for (const href of ["https://evil.example/messaging/x", "https://www.linkedin.com/messaging/compose/?recipient=attacker", "javascript:alert(1)//messaging/"]) {
		const a = doc.createElement("a");
		a.setAttribute("href", href);
		a.textContent = "Reply here";
		note.appendChild(a);
	}
	const fake = doc.createElement("a");
	fake.setAttribute("href", "https://evil.example/messaging/y");
	jana.insertBefore(fake, jana.firstChild);
	assert.equal(R.findMessageControl(jana), real, "still LinkedIn's own link after the card");

	/* Priya has no Message control; the link after her card is the next person's card, not hers. */
	const priya = cards[1].element;
	assert.equal(R.findMessageControl(priya), null);
});

test("reply: a draft the user began stays, and the reply starts on a line of its own", async function () {
	const dom = page("received-2026-en.html");
	const doc = dom.window.document;
	const card = P.parsePage(doc).cards[0].element;
	const state = composerOnClick(doc, R.findMessageControl(card), "Hello Jana, quick question");
	fakeExecCommand(doc, state);
	const res = await R.insertReply(card, "Thanks for the kind note.", { pollMs: 5, waitMs: 10000 });
	assert.equal(res.method, "insertText");
	assert.deepEqual(paragraphs(state.editor), ["Hello Jana, quick question", "Thanks for the kind note."]);
	assert.equal(state.sent, false);
});

test("reply: falls back to a paste event, then to the clipboard with a hint; Send is never clicked", async function () {
	/* No execCommand: the paste event carries the text. */
	const dom = page("received-2026-en.html");
	const win = dom.window;
	const doc = win.document;
	win.DataTransfer = class {
		constructor() { this.data = {}; }
		setData(type, value) { this.data[type] = value; }
		getData(type) { return this.data[type] || ""; }
	};
	win.ClipboardEvent = class extends win.Event {
		constructor(type, init) { super(type, init); this.clipboardData = init.clipboardData; }
	};
	const card = P.parsePage(doc).cards[0].element;
	const state = composerOnClick(doc, R.findMessageControl(card));
	const res = await R.insertReply(card, "Hello Jana\nSee you soon", { pollMs: 5, waitMs: 10000 });
	assert.equal(res.method, "paste");
	assert.deepEqual(paragraphs(state.editor), ["Hello Jana", "See you soon"]);
	assert.ok(!state.clicks.some(labelledSend));
	assert.equal(state.sent, false);

	/* A card whose only messaging control says Send: it is not clicked; the clipboard gets the text. */
	const other = page("received-2026-en.html");
	const odoc = other.window.document;
	const ocard = P.parsePage(odoc).cards[1].element;
	const trap = odoc.createElement("a");
	trap.setAttribute("href", "/messaging/thread/2/");
	trap.setAttribute("aria-label", "Send");
	trap.textContent = "Send";
	ocard.appendChild(trap);
	const clicks = [];
	odoc.addEventListener("click", function (e) { clicks.push(e.target); }, true);
	const copied = [];
	Object.defineProperty(other.window.navigator, "clipboard", {
		value: { writeText: function (s) { copied.push(s); return Promise.resolve(); } },
		configurable: true,
	});
	assert.equal(R.isSendControl(trap), true);
	const r2 = await R.insertReply(ocard, "Thanks, Priya!", { pollMs: 5, waitMs: 50 });
	assert.equal(r2.method, "clipboard");
	assert.deepEqual(copied, ["Thanks, Priya!"]);
	assert.deepEqual(clicks, [], "nothing clicked");
});

test("reply chip through the controller: the hint tells the user to paste", async function () {
	const h = harness("received-2026-en.html");
	const copied = [];
	Object.defineProperty(h.win.navigator, "clipboard", {
		value: { writeText: function (s) { copied.push(s); return Promise.resolve(); } },
		configurable: true,
	});
	const clicks = [];
	h.doc.addEventListener("click", function (e) { clicks.push(e.target); }, true);
	await h.controller.start();
	await until(function () { return h.cards().every(function (c) { const r = h.hostOf(c.element); return r && r.querySelector(".badge"); }); }, "verdicts");
	/* Priya's card has no Message control: no box opens, so the text goes to the clipboard. */
	const priya = h.cards()[1].element;
	const root = h.hostOf(priya);
	root.querySelector("button.chip").click();
	await until(function () { return root.querySelector(".hint").textContent !== ""; }, "hint");
	assert.equal(root.querySelector(".hint").textContent, t("replyCopied"));
	assert.deepEqual(copied, ["Thanks, Priya Raman!"]);
	assert.ok(clicks.every(function (el) { return h.controller.ui.isOwn(el); }), "only Tact's own host was clicked");
	assert.ok(!clicks.some(labelledSend));
	h.controller.stop();
});
