/*
 * pages/panel.js: the side panel on its real HTML (jsdom), against a fake background that
 * keeps notes and a vault the way tact-host does (docs/PROTOCOL.md), so the panel's flows
 * (write, delete, search, lock, unlock, set up, change) run as they would for a user.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const PANEL = require("../pages/panel.js");

const ROOT = path.join(__dirname, "..");
const HTML = fs.readFileSync(path.join(ROOT, "pages", "panel.html"), "utf8");
const EN = JSON.parse(fs.readFileSync(path.join(ROOT, "_locales", "en", "messages.json"), "utf8"));

function t(name, subs) {
	assert.ok(EN[name], "missing message " + name);
	let text = EN[name].message;
	for (const [p, def] of Object.entries(EN[name].placeholders || {})) {
		const i = parseInt(def.content.slice(1), 10) - 1;
		text = text.split("$" + p.toUpperCase() + "$").join(subs[i]);
	}
	return text;
}

function failure(code, message) {
	const e = new Error(message);
	e.code = code;
	return e;
}

/* A background with tact-host's note and vault rules, in memory. */
function fakeHost(start) {
	const h = Object.assign({ state: "none", mode: null, pass: null, autolock: 30, notes: new Map(), calls: [] }, start || {});
	const status = function () { return { state: h.state, mode: h.mode, autolock_minutes: h.autolock }; };
	const open = function () { if (h.state === "locked") throw failure("locked", "The notes vault is locked."); };
	h.answers = {
		"vault.status": status,
		"vault.unlock": function (p) {
			if (p.passphrase !== h.pass) throw failure("wrong_passphrase", "wrong");
			h.state = "unlocked";
			return status();
		},
		"vault.lock": function () { if (h.mode === "passphrase") h.state = "locked"; return status(); },
		"vault.set_autolock": function (p) { h.autolock = p.minutes; return status(); },
		"vault.setup": function (p) {
			open();
			h.mode = p.mode;
			h.pass = p.mode === "passphrase" ? p.passphrase : null;
			h.state = "unlocked";
			return status();
		},
		"vault.change_passphrase": function (p) {
			if (p.old !== h.pass) throw failure("wrong_passphrase", "wrong");
			h.pass = p.new;
			return status();
		},
		"notes.get": function (p) {
			open();
			const n = h.notes.get(p.key);
			if (!n) throw failure("not_found", "No note is stored for this key.");
			return Object.assign({ key: p.key }, n);
		},
		"notes.put": function (p) {
			open();
			const before = h.notes.get(p.key);
			const n = { text: p.text, tags: p.tags || [], updated_at: "2026-12-03T10:00:00Z", revision: before ? before.revision + 1 : 1 };
			h.notes.set(p.key, n);
			if (h.state === "none") { h.state = "unlocked"; h.mode = "keyfile"; }
			return { key: p.key, updated_at: n.updated_at, revision: n.revision };
		},
		"notes.delete": function (p) {
			open();
			if (!h.notes.delete(p.key)) throw failure("not_found", "No note is stored for this key.");
			return { key: p.key, deleted: true };
		},
		"notes.list": function (p) {
			open();
			const items = [];
			for (const [key, n] of h.notes) {
				if (p.query && !(key + " " + n.text + " " + n.tags.join(" ")).toLowerCase().includes(p.query.toLowerCase())) continue;
				items.push({ key: key, preview: n.text.slice(0, 160), tags: n.tags, updated_at: n.updated_at, revision: n.revision });
			}
			return { items: items, damaged: 0 };
		},
		"history.list": function (p) {
			if (p.key !== JANA.key) return { items: [] };
			return { items: [{ invitation: { key: JANA.key, name: "Jana Nowak" }, first_seen: "2026-11-02T09:00:00Z", last_seen: "2026-12-01T09:00:00Z",
				times_seen: 3, times_invited: 2, bucket: "accept", suspicious: false, decision: "accepted", decided_at: "2026-12-01T09:00:00Z",
				decisions: [{ decision: "ignored", decided_at: "2026-06-01T09:00:00Z" }, { decision: "accepted", decided_at: "2026-12-01T09:00:00Z" }] }] };
		},
		replies: function (p) {
			if (p.key !== JANA.key) throw failure("not_found", "No invitation with this key was classified.");
			if (p.intent === "company_burst") return { key: p.key, replies: [], reply_advice: "A reply is kind here." };
			return { key: p.key, replies: [{ id: p.intent, intent: p.intent, lang: "en", text: "Hi Jana (" + p.intent + ")", length: 10 }], reply_advice: "A reply is kind here." };
		},
		"reply.insert": function () { return { method: "insertText" }; },
	};
	h.request = function (type, params) {
		h.calls.push({ type: type, params: params });
		const fn = h.answers[type];
		if (!fn) return Promise.reject(failure("unknown_type", type));
		try {
			return Promise.resolve(fn(params || {}));
		} catch (err) {
			return Promise.reject(err);
		}
	};
	h.of = function (type) { return h.calls.filter(function (c) { return c.type === type; }); };
	return h;
}

const JANA = { key: "/in/jana-nowak-1a2b3c/", name: "Jana Nowak", tab: 7,
	verdict: { bucket: "accept", suspicious: false, reasons: [{ text: "Works at your company, Orion", weight: 3 }, { text: "No personal note", weight: -0.2 }] } };

function panel(host, focus, extra) {
	const dom = new JSDOM(HTML, { url: "https://extension.invalid/pages/panel.html" });
	const doc = dom.window.document;
	const watchers = [];
	const copied = [];
	let clock = 1000;
	const p = PANEL.createPanel(Object.assign({
		doc: doc, request: host.request, t: t,
		session: {
			get: function (key) { const o = {}; if (focus) o[key] = focus; return Promise.resolve(o); },
			watch: function (key, fn) { watchers.push(fn); },
		},
		copy: function (text) { copied.push(text); return Promise.resolve(); },
		now: function () { return clock; },
	}, extra || {}));
	return {
		doc: doc, p: p, copied: copied,
		byId: function (id) { return doc.getElementById(id); },
		text: function (id) { return doc.getElementById(id).textContent; },
		focusOn: function (f) { for (const fn of watchers) fn(f); },
		tick: function (ms) { clock += ms; },
	};
}

test("nobody chosen: the panel says how to choose, and shows no note", async function () {
	const v = panel(fakeHost(), null);
	await v.p.ready;
	assert.equal(v.text("person-name"), t("panelNobody"));
	assert.equal(v.byId("person-hint").hidden, false);
	assert.equal(v.byId("note").hidden, true);
	assert.equal(v.byId("replies").hidden, true);
	assert.equal(v.text("vault-state"), t("vaultNone", [t("vaultModeKeyfile"), ""]));
	for (const control of v.doc.querySelectorAll("input, textarea")) {
		const label = v.doc.querySelector("label[for=\"" + control.id + "\"]");
		assert.ok(label && label.textContent.trim() !== "", control.id);
	}
});

test("the card in focus: reasons with their direction, history, the note and a reply per intent", async function () {
	const host = fakeHost({ state: "unlocked", mode: "keyfile" });
	host.notes.set(JANA.key, { text: "Met at the Kafka meetup.", tags: ["event"], updated_at: "2026-11-18T10:00:00Z", revision: 2 });
	const v = panel(host, JANA);
	await v.p.ready;
	assert.equal(v.text("person-name"), "Jana Nowak");
	assert.equal(v.text("person-verdict"), t("panelVerdict", [t("bucketAccept")]));
	const reasons = Array.from(v.doc.querySelectorAll("#person-reasons li"));
	assert.deepEqual(reasons.map(function (li) { return [li.className, li.textContent]; }), [
		["for", t("reasonFor") + "Works at your company, Orion"], ["against", t("reasonAgainst") + "No personal note"]]);
	assert.equal(v.text("person-history"), t("historyLine", ["2026-11-02", "3", "2"]));
	assert.deepEqual(Array.from(v.doc.querySelectorAll("#person-decisions li")).map(function (li) { return li.textContent; }),
		[t("historyDecision", [t("decisionIgnored"), "2026-06-01"]), t("historyDecision", [t("decisionAccepted"), "2026-12-01"])]);
	assert.deepEqual(host.of("history.list")[0].params, { key: JANA.key, limit: 1 });
	assert.equal(v.byId("note-text").value, "Met at the Kafka meetup.");
	assert.equal(v.byId("note-tags").value, "event");
	assert.equal(v.text("note-state"), t("noteStored", ["2026-11-18", "2"]));

	/* Every intent asked once; the one without a reply is left out. */
	assert.deepEqual(host.of("replies").map(function (c) { return c.params.intent; }), PANEL.INTENTS);
	const items = Array.from(v.doc.querySelectorAll("#replies-list li"));
	assert.equal(items.length, PANEL.INTENTS.length - 1);
	assert.equal(v.text("replies-advice"), "A reply is kind here.");
	const first = items[0];
	assert.equal(first.querySelector("h3").textContent, t("intentThanks"));
	assert.equal(first.querySelector(".reply-text").textContent, "Hi Jana (thanks_follow_up)");
	const [insert, copy] = first.querySelectorAll("button");
	assert.equal(insert.getAttribute("aria-label"), t("replyInsertFor", [t("intentThanks")]));
	insert.click();
	await new Promise(setImmediate);
	assert.deepEqual(host.of("reply.insert")[0].params, { tab: 7, key: JANA.key, text: "Hi Jana (thanks_follow_up)" });
	assert.equal(v.text("replies-state"), t("replyInserted"));
	copy.click();
	await new Promise(setImmediate);
	assert.deepEqual(v.copied, ["Hi Jana (thanks_follow_up)"]);
});

test("writing, changing and deleting a note (Delete asks twice)", async function () {
	const host = fakeHost();
	const v = panel(host, JANA);
	await v.p.ready;
	assert.equal(v.text("note-state"), t("noteNone"));
	v.byId("note-text").value = "Ask about the design systems talk.";
	v.byId("note-tags").value = "event, design; event";
	assert.equal(await v.p.saveNote(), true);
	assert.deepEqual(host.of("notes.put")[0].params, { key: JANA.key, text: "Ask about the design systems talk.", tags: ["event", "design"] });
	assert.equal(v.text("note-state"), t("noteSaved", ["1"]));
	assert.equal(v.text("vault-state"), t("vaultUnlocked", [t("vaultModeKeyfile"), ""]), "the first note made the vault");
	v.byId("note-text").value = "x".repeat(10001);
	assert.equal(await v.p.saveNote(), false);
	assert.equal(v.text("note-state"), t("noteTooLong"));
	assert.equal(host.of("notes.put").length, 1);

	assert.equal(await v.p.deleteNote(), false);
	assert.equal(v.text("note-state"), t("noteDeleteConfirm"));
	assert.equal(host.of("notes.delete").length, 0);
	v.tick(6000);
	assert.equal(await v.p.deleteNote(), false, "too late: asks again");
	v.tick(1000);
	assert.equal(await v.p.deleteNote(), true);
	assert.equal(host.notes.has(JANA.key), false);
	assert.equal(v.byId("note-text").value, "");
});

test("a locked vault shows the unlock prompt, never an error; a wrong passphrase changes nothing", async function () {
	const host = fakeHost({ state: "locked", mode: "passphrase", pass: "correct horse battery" });
	host.notes.set(JANA.key, { text: "Secret.", tags: [], updated_at: "2026-11-18T10:00:00Z", revision: 1 });
	const v = panel(host, JANA);
	await v.p.ready;
	assert.equal(v.byId("unlock").hidden, false);
	assert.equal(v.byId("note").hidden, true);
	assert.equal(v.text("vault-state"), t("vaultLocked", [t("vaultModePassphrase"), ""]) + " " + t("vaultAutolock", ["30"]));
	assert.equal(v.doc.querySelectorAll(".bad").length, 0, "nothing drawn as an error");
	assert.equal(host.of("notes.get").length, 0, "the note is not asked for while locked");

	v.byId("unlock-pass").value = "Correct horse battery";
	assert.equal(await v.p.unlock(), false);
	assert.equal(v.text("unlock-state"), t("wrongPassphrase"));
	assert.equal(host.state, "locked");
	v.byId("unlock-pass").value = "correct horse battery";
	assert.equal(await v.p.unlock(), true);
	assert.equal(v.byId("unlock").hidden, true);
	assert.equal(v.byId("note").hidden, false);
	assert.equal(v.byId("note-text").value, "Secret.");
	assert.equal(v.byId("unlock-pass").value, "", "the passphrase does not stay on the page");
	assert.equal(v.byId("passphrase-tools").hidden, false);

	/* Lock now: the prompt is back. */
	assert.equal(await v.p.lockNow(), true);
	assert.equal(v.byId("unlock").hidden, false);
	assert.equal(v.byId("note").hidden, true);
});

test("setting a passphrase, changing it, and going back to the key file", async function () {
	const host = fakeHost({ state: "unlocked", mode: "keyfile" });
	const v = panel(host, null);
	await v.p.ready;
	assert.equal(v.byId("setup-form").hidden, false);
	assert.equal(v.byId("passphrase-tools").hidden, true);
	v.byId("setup-pass").value = "correct horse";
	v.byId("setup-again").value = "correct horse!";
	assert.equal(await v.p.setUp(), false);
	assert.equal(v.text("vault-action-state"), t("passphrasesDiffer"));
	v.byId("setup-pass").value = v.byId("setup-again").value = "short";
	assert.equal(await v.p.setUp(), false);
	assert.equal(v.text("vault-action-state"), t("passphraseTooShort"));
	assert.equal(host.of("vault.setup").length, 0);
	v.byId("setup-pass").value = v.byId("setup-again").value = "correct horse";
	assert.equal(await v.p.setUp(), true);
	assert.deepEqual(host.of("vault.setup")[0].params, { mode: "passphrase", passphrase: "correct horse" });
	assert.equal(v.byId("setup-form").hidden, true);
	assert.equal(v.byId("passphrase-tools").hidden, false);

	v.byId("change-old").value = "wrong one";
	v.byId("change-new").value = "battery staple";
	assert.equal(await v.p.changePassphrase(), false);
	assert.equal(v.text("vault-action-state"), t("wrongPassphrase"));
	v.byId("change-old").value = "correct horse";
	assert.equal(await v.p.changePassphrase(), true);
	assert.equal(host.pass, "battery staple");

	assert.equal(await v.p.backToKeyfile(), true);
	assert.equal(host.mode, "keyfile");
	assert.equal(v.byId("setup-form").hidden, false);
});

test("search across notes; a result opens that note, with Copy but no Insert (no card)", async function () {
	const host = fakeHost({ state: "unlocked", mode: "keyfile" });
	host.notes.set("/in/tom-berg/", { text: "Former colleague; ask about the Kafka talk.", tags: ["work"], updated_at: "2026-11-18T10:00:00Z", revision: 1 });
	host.notes.set(JANA.key, { text: "Met at Web Summit.", tags: ["event"], updated_at: "2026-11-18T10:00:00Z", revision: 1 });
	const v = panel(host, null);
	await v.p.ready;
	v.byId("search-query").value = "kafka";
	assert.equal(await v.p.search(), 1);
	assert.equal(v.text("search-state"), t("searchFound", ["1"]));
	const result = v.doc.querySelector("#search-results button");
	assert.equal(result.textContent, "/in/tom-berg/");
	result.click();
	await new Promise(setImmediate);
	await new Promise(setImmediate);
	assert.equal(v.text("person-name"), "/in/tom-berg/");
	assert.equal(v.byId("note-text").value, "Former colleague; ask about the Kafka talk.");
	assert.equal(v.text("person-verdict"), t("panelNoVerdict"));
	v.byId("search-query").value = "nothing like it";
	assert.equal(await v.p.search(), 0);
	assert.equal(v.text("search-state"), t("searchNone"));

	/* Jana's replies exist, but no tab holds her card: Copy only. */
	await v.p.show({ key: JANA.key, name: "Jana Nowak", tab: null, verdict: null });
	const buttons = Array.from(v.doc.querySelectorAll("#replies-list li:first-child button")).map(function (b) { return b.textContent; });
	assert.deepEqual(buttons, [t("replyCopy")]);
});

test("a new card in focus replaces the person; a late answer about the former one is dropped", async function () {
	const host = fakeHost({ state: "unlocked", mode: "keyfile" });
	host.notes.set(JANA.key, { text: "Jana's note.", tags: [], updated_at: "2026-11-18T10:00:00Z", revision: 1 });
	host.notes.set("/in/priya/", { text: "Priya's note.", tags: [], updated_at: "2026-11-18T10:00:00Z", revision: 1 });
	let release;
	const slow = new Promise(function (r) { release = r; });
	const get = host.answers["notes.get"];
	host.answers["notes.get"] = function (p) { return p.key === JANA.key ? slow.then(function () { return get(p); }) : get(p); };
	const v = panel(host, null);
	await v.p.ready;
	v.focusOn(JANA);
	v.focusOn({ key: "/in/priya/", name: "Priya Raman", tab: 7, verdict: null });
	await new Promise(setImmediate);
	release();
	await new Promise(setImmediate);
	await new Promise(setImmediate);
	assert.equal(v.text("person-name"), "Priya Raman");
	assert.equal(v.byId("note-text").value, "Priya's note.");
});

test("the auto-lock time: shown, changed, and anything but 1 to 1,440 whole minutes refused", async function () {
	const host = fakeHost({ state: "unlocked", mode: "passphrase", pass: "correct horse" });
	const v = panel(host, null);
	await v.p.ready;
	assert.equal(v.byId("autolock-minutes").value, "30");
	for (const bad of ["0", "1441", "2.5", "ten", ""]) {
		v.byId("autolock-minutes").value = bad;
		assert.equal(await v.p.setAutolock(), false, bad);
		assert.equal(v.text("vault-action-state"), t("autolockBad"));
	}
	assert.equal(host.of("vault.set_autolock").length, 0);
	v.byId("autolock-minutes").value = "5";
	assert.equal(await v.p.setAutolock(), true);
	assert.deepEqual(host.of("vault.set_autolock")[0].params, { minutes: 5 });
	assert.equal(v.text("vault-action-state"), t("autolockDone", ["5"]));
	assert.equal(v.text("vault-state"), t("vaultUnlocked", [t("vaultModePassphrase"), ""]) + " " + t("vaultAutolock", ["5"]));
});

test("tags: commas, semicolons and lines; repeats and blanks dropped", function () {
	assert.deepEqual(PANEL.tagsOf(" event, design;event\n\n work "), ["event", "design", "work"]);
	assert.deepEqual(PANEL.tagsOf(""), []);
});
