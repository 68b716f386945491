/*
 * pages/options.js and pages/page.js: the set-up and profile page on its real HTML (jsdom),
 * with a fake background that records every request.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const O = require("../pages/options.js");
const PG = require("../pages/page.js");

const ROOT = path.join(__dirname, "..");
const HTML = fs.readFileSync(path.join(ROOT, "pages", "options.html"), "utf8");
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

const READY = { reachable: true, ready: true, hello: { name: "tact-host", version: "0.1.0", protocol: 1, data: { state: "ready", profile: true, folder: "/home/ana/.local/share/tact" } } };
const STORED = { name: "Ana Lima", headline: "Designer", industry: "Design", location: "São Paulo",
	companies: ["Kestrel Labs", "Orion", "Nimbus"], schools: ["USP"], keywords: ["design systems", "UX"], locale: "pt", account: "premium" };

/* The page with a fake background: `answers[type]` is a result, an Error, or a function of params. */
function page(answers, extra) {
	const dom = new JSDOM(HTML, { url: "https://extension.invalid/pages/options.html" });
	const doc = dom.window.document;
	const calls = [];
	const stored = {};
	const downloads = [];
	const request = function (type, params) {
		calls.push({ type: type, params: params });
		const a = answers[type];
		if (a instanceof Error) return Promise.reject(a);
		return Promise.resolve(typeof a === "function" ? a(params) : a);
	};
	const options = Object.assign({
		doc: doc, request: request, t: t, storage: { set: function (items) { Object.assign(stored, items); return Promise.resolve(); } },
		firefox: false, extensionId: "daofefhefapbjhcpbggcdnhlkjhkobjg", welcome: false,
		download: function (bytes, name) { downloads.push({ bytes: bytes, name: name }); },
		readFile: function (file) { return Promise.resolve(file.bytes); },
		atob: dom.window.atob.bind(dom.window), btoa: dom.window.btoa.bind(dom.window),
		today: function () { return "2026-12-03"; },
	}, extra || {});
	const p = O.createOptions(options);
	return { dom: dom, doc: doc, calls: calls, stored: stored, downloads: downloads, page: p,
		of: function (type) { return calls.filter(function (c) { return c.type === type; }); },
		byId: function (id) { return doc.getElementById(id); } };
}

const BASE = { "host.status": READY, "profile.get": { profile: STORED, set: true }, "vault.status": { state: "unlocked", mode: "keyfile", autolock_minutes: 30 } };

function hostError(cause, message) {
	return { reachable: false, ready: false, problem: { cause: cause, code: "disconnected", message: message } };
}

test("every static text is localised, and the welcome shows only on the first run", async function () {
	const p = page(BASE);
	await p.page.ready;
	for (const node of p.doc.querySelectorAll("[data-i18n]")) {
		assert.equal(node.textContent, t(node.getAttribute("data-i18n")));
		assert.notEqual(node.textContent, "");
	}
	assert.equal(p.byId("welcome").hidden, true);
	const first = page(BASE, { welcome: true });
	await first.page.ready;
	assert.equal(first.byId("welcome").hidden, false);
	/* Every control has a label the page names. */
	for (const control of p.doc.querySelectorAll("input, select, textarea")) {
		const label = p.doc.querySelector("label[for=\"" + control.id + "\"]");
		assert.ok(label && label.textContent.trim() !== "", control.id);
	}
});

test("a ready host: the stored profile fills the form, current employer first", async function () {
	const p = page(BASE);
	await p.page.ready;
	assert.equal(p.byId("host-state").textContent, t("hostReady", ["0.1.0", "/home/ana/.local/share/tact"]));
	assert.equal(p.byId("host-fix").hidden, true);
	assert.equal(p.byId("p-name").value, "Ana Lima");
	assert.equal(p.byId("p-current").value, "Kestrel Labs");
	assert.equal(p.byId("p-past").value, "Orion\nNimbus");
	assert.equal(p.byId("p-keywords").value, "design systems, UX");
	assert.equal(p.byId("p-locale").value, "pt");
	assert.equal(p.byId("p-account").value, "premium");
	assert.equal(p.byId("p-name").disabled, false);
	assert.equal(p.byId("vault-state").textContent, t("vaultUnlocked", [t("vaultModeKeyfile"), ""]));
});

test("saving sends the profile as the host stores it and tells open invitation pages", async function () {
	const p = page(Object.assign({}, BASE, {
		"profile.get": { profile: {}, set: false },
		"profile.set": function (params) { return { profile: params.profile }; },
	}));
	await p.page.ready;
	assert.equal(p.byId("profile-intro").textContent, t("profileIntroNone"));
	p.byId("p-name").value = " Jana Nowak ";
	p.byId("p-current").value = "Orion";
	p.byId("p-past").value = "Kestrel Labs\n\norion\nNimbus AG";
	p.byId("p-schools").value = "TU Wien";
	p.byId("p-keywords").value = "Kafka, payments;\nbackend, kafka";
	p.byId("p-locale").value = "de";
	assert.equal(await p.page.saveProfile(), true);
	assert.deepEqual(p.of("profile.set")[0].params.profile, {
		name: "Jana Nowak", headline: "", location: "", industry: "",
		companies: ["Orion", "Kestrel Labs", "Nimbus AG"], schools: ["TU Wien"], keywords: ["Kafka", "payments", "backend"],
		locale: "de", account: "free", strictness: "balanced", signature: "",
	});
	assert.equal(p.byId("profile-state").textContent, t("profileSaved"));
	assert.equal(typeof p.stored[O.PROFILE_STORE], "number");
	assert.equal(p.byId("profile-intro").textContent, t("profileIntro"));
});

test("strictness and the reply signature are part of the profile; a signature stays one line", async function () {
	const p = page(Object.assign({}, BASE, {
		"profile.get": { profile: Object.assign({}, STORED, { strictness: "strict", signature: "Ana Lima · Kestrel" }), set: true },
		"profile.set": function (params) { return { profile: params.profile }; },
	}));
	await p.page.ready;
	assert.equal(p.byId("p-strictness").value, "strict");
	assert.equal(p.byId("p-signature").value, "Ana Lima · Kestrel");
	p.byId("p-strictness").value = "relaxed";
	p.byId("p-signature").value = "  Ana Lima\t·   Kestrel Labs ";
	assert.equal(await p.page.saveProfile(), true);
	const sent = p.of("profile.set")[0].params.profile;
	assert.equal(sent.strictness, "relaxed");
	assert.equal(sent.signature, "Ana Lima · Kestrel Labs");
	p.byId("p-signature").value = "x".repeat(201);
	assert.equal(await p.page.saveProfile(), false);
	assert.equal(p.byId("profile-state").textContent, t("profileTooLong", [t("profileSignature")]));
});

test("Fill from my LinkedIn profile: employers and schools replaced, the rest only where empty, nothing saved", async function () {
	const read = { name: "Sofia Reyes", headline: "Payments engineer", location: "Santiago",
		companies: ["Kontora Payments", "Andes Bank", "Cobre Labs"], schools: ["Universidad de Chile"] };
	const p = page(Object.assign({}, BASE, { "profile.get": { profile: { name: "Sofi" }, set: true }, "profile.read_page": read }));
	await p.page.ready;
	assert.equal(await p.page.fillFromPage(), true);
	assert.equal(p.byId("p-name").value, "Sofi", "what the user wrote stays");
	assert.equal(p.byId("p-headline").value, "Payments engineer");
	assert.equal(p.byId("p-current").value, "Kontora Payments");
	assert.equal(p.byId("p-past").value, "Andes Bank\nCobre Labs");
	assert.equal(p.byId("p-schools").value, "Universidad de Chile");
	assert.equal(p.byId("profile-fill-state").textContent, t("profileFilled", ["3", "1"]));
	assert.equal(p.of("profile.set").length, 0, "the user saves, not Tact");

	for (const [code, name] of [["no_profile_tab", "profileFillNoTab"], ["not_own_profile", "profileFillNotOwn"]]) {
		const err = new Error("x");
		err.code = code;
		const q = page(Object.assign({}, BASE, { "profile.read_page": err }));
		await q.page.ready;
		assert.equal(await q.page.fillFromPage(), false);
		assert.equal(q.byId("profile-fill-state").textContent, t(name));
		assert.equal(q.byId("p-current").value, "Kestrel Labs", "the form is left as it was");
	}
});

test("a field over the host's limit is named and nothing is sent; a refusal is shown", async function () {
	const refused = new Error("Field \"companies\" must be a list of strings.");
	refused.code = "bad_request";
	const p = page(Object.assign({}, BASE, { "profile.set": refused }));
	await p.page.ready;
	p.byId("p-past").value = Array.from({ length: 51 }, function (_, i) { return "Company " + i; }).join("\n");
	assert.equal(await p.page.saveProfile(), false);
	assert.equal(p.of("profile.set").length, 0);
	assert.equal(p.byId("profile-state").textContent, t("profileTooLong", [t("profilePast")]));
	p.byId("p-past").value = "";
	p.byId("p-name").value = "é".repeat(151);
	assert.equal(await p.page.saveProfile(), false, "300 bytes, counted in UTF-8");
	p.byId("p-name").value = "Ana";
	assert.equal(await p.page.saveProfile(), false);
	assert.equal(p.of("profile.set").length, 1);
	assert.equal(p.byId("profile-state").textContent, t("profileSaveFailed", [refused.message]));
	assert.equal(p.stored[O.PROFILE_STORE], undefined, "nothing to redo when nothing was saved");
});

test("an unreachable host: the cause, the commands that fix it, and no form to fill", async function () {
	const p = page({ "host.status": hostError("not_found", "Specified native messaging host not found.") });
	await p.page.ready;
	assert.equal(p.byId("host-state").textContent, t("hostNotReady"));
	assert.equal(p.byId("host-fix").hidden, false);
	assert.equal(p.byId("host-cause").textContent, t("hostNotFound"));
	const commands = Array.from(p.doc.querySelectorAll("#host-steps code")).map(function (c) { return c.textContent; });
	assert.deepEqual(commands, ["./scripts/quickstart", "build/tact-host install", "build/tact-host doctor"]);
	assert.equal(p.byId("p-name").disabled, true);
	assert.equal(p.byId("export-go").disabled, true);
	assert.equal(p.byId("host-retry").disabled, false);
	assert.equal(p.of("profile.get").length, 0);

	/* The id the manifest must allow is on the page. */
	const q = page({ "host.status": hostError("forbidden", "Access to the specified native messaging host is forbidden.") });
	await q.page.ready;
	assert.equal(q.byId("host-cause").textContent, t("hostForbidden", ["", "daofefhefapbjhcpbggcdnhlkjhkobjg"]));
	assert.match(q.byId("host-cause").textContent, /daofefhefapbjhcpbggcdnhlkjhkobjg/);
});

test("Check again asks the host anew", async function () {
	let status = hostError("exited", "Native host has exited.");
	const p = page(Object.assign({}, BASE, { "host.status": function () { return status; } }));
	await p.page.ready;
	assert.equal(p.byId("host-cause").textContent, t("hostExited"));
	status = READY;
	await p.page.checkHost();
	assert.equal(p.byId("host-fix").hidden, true);
	assert.equal(p.byId("p-name").value, "Ana Lima");
	assert.equal(p.of("host.status").length, 2);
});

test("each cause has its message and commands; Firefox's commands name Firefox", function () {
	for (const cause of ["not_found", "forbidden", "no_start", "exited", "firefox", "timeout", "data", "protocol", "other", "nonsense"]) {
		const f = O.fixFor({ cause: cause }, false);
		assert.ok(EN[f.message], cause);
		assert.ok(f.commands.length > 0, cause);
		for (const c of f.commands) assert.match(c, /^(\.\/scripts\/quickstart|build\/tact-host (install|doctor))( --browser firefox)?$/, c);
	}
	assert.equal(O.fixFor({ cause: "nonsense" }).cause, "other");
	assert.deepEqual(O.fixFor({ cause: "not_found" }, true).commands,
		["./scripts/quickstart", "build/tact-host install --browser firefox", "build/tact-host doctor --browser firefox"]);
	assert.equal(O.fixFor({ cause: "other" }).message, "hostOther");
	assert.equal(t("hostOther", ["Oops", ""]), "The browser reported: \u201cOops\u201d. This check says what is wrong:");
});

test("a backup is downloaded as the host's bytes; a file is restored as base64", async function () {
	const bytes = Buffer.from("TACTNOTE\u0001\u0002 sealed bytes \u00ff", "latin1");
	const b64 = bytes.toString("base64");
	const p = page(Object.assign({}, BASE, {
		"notes.export": { format: 1, notes: 3, skipped: 0, bytes: bytes.length, backup: [b64.slice(0, 8), b64.slice(8)] },
		"notes.import": { added: 2, updated: 1, unchanged: 0, total: 3 },
	}));
	await p.page.ready;
	p.byId("export-pass").value = "short";
	assert.equal(await p.page.exportNotes(), false);
	assert.equal(p.byId("export-state").textContent, t("passphraseTooShort"));
	p.byId("export-pass").value = "backup passphrase";
	assert.equal(await p.page.exportNotes(), true);
	assert.deepEqual(p.of("notes.export")[0].params, { passphrase: "backup passphrase" });
	assert.equal(p.downloads.length, 1);
	assert.equal(p.downloads[0].name, "tact-notes-2026-12-03.tactnotes");
	assert.deepEqual(Buffer.from(p.downloads[0].bytes), bytes);
	assert.equal(p.byId("export-pass").value, "", "the passphrase does not stay on the page");

	assert.equal(await p.page.importNotes(), false);
	assert.equal(p.byId("import-state").textContent, t("importNoFile"));
	Object.defineProperty(p.byId("import-file"), "files", { configurable: true, value: [{ size: bytes.length, bytes: new Uint8Array(bytes) }] });
	p.byId("import-pass").value = "backup passphrase";
	assert.equal(await p.page.importNotes(), true);
	assert.deepEqual(p.of("notes.import")[0].params, { passphrase: "backup passphrase", backup: b64 });
	assert.equal(p.byId("import-state").textContent, t("importDone", ["2", "1", "0"]));
});

test("a refused backup says so and the passphrase is kept for another try", async function () {
	const refused = new Error("The backup is damaged, is not a Tact notes backup, or the passphrase is wrong; nothing was imported.");
	refused.code = "bad_request";
	const p = page(Object.assign({}, BASE, { "notes.import": refused }));
	await p.page.ready;
	Object.defineProperty(p.byId("import-file"), "files", { configurable: true, value: [{ size: 10, bytes: new Uint8Array(10) }] });
	p.byId("import-pass").value = "wrong passphrase";
	assert.equal(await p.page.importNotes(), false);
	assert.equal(p.byId("import-state").textContent, t("importRefused"));
	assert.equal(p.byId("import-pass").value, "wrong passphrase");
	Object.defineProperty(p.byId("import-file"), "files", { configurable: true, value: [{ size: 6000001, bytes: new Uint8Array(0) }] });
	assert.equal(await p.page.importNotes(), false);
	assert.equal(p.byId("import-state").textContent, t("importTooLarge"));
	assert.equal(p.of("notes.import").length, 1);
});

test("page.js: base64 both ways for any bytes, long ones included", function () {
	const atob = function (s) { return Buffer.from(s, "base64").toString("latin1"); };
	const btoa = function (s) { return Buffer.from(s, "latin1").toString("base64"); };
	const bytes = new Uint8Array(200000);
	for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
	const b64 = PG.bytesToBase64(bytes, btoa);
	assert.equal(b64, Buffer.from(bytes).toString("base64"));
	assert.deepEqual(PG.base64ToBytes([b64.slice(0, 4000), b64.slice(4000)], atob), bytes);
});

test("page.js: a refused request rejects with the handler's code", async function () {
	const request = PG.createRequest(function () { return Promise.resolve({ ok: false, error: { code: "locked", message: "Locked." } }); });
	await assert.rejects(request("notes.get", {}), function (err) { return err.code === "locked" && err.message === "Locked."; });
	const silent = PG.createRequest(function () { return Promise.resolve(undefined); });
	await assert.rejects(silent("hello"), function (err) { return err.code === "no_answer"; });
});

test("the pages' palette: text at least 4.5:1 and borders 3:1, light and dark", function () {
	const css = fs.readFileSync(path.join(ROOT, "pages", "pages.css"), "utf8");
	const vars = function (block) {
		const out = {};
		for (const m of block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g)) out[m[1]] = m[2];
		return out;
	};
	const light = vars(css.slice(css.indexOf(":root {"), css.indexOf("}")));
	const darkStart = css.indexOf("@media (prefers-color-scheme: dark)");
	const dark = vars(css.slice(darkStart, css.indexOf("}", css.indexOf(":root {", darkStart))));
	const lum = function (hex) {
		const c = [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16) / 255; })
			.map(function (v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
		return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	};
	const ratio = function (a, b) { const x = [lum(a), lum(b)].sort(function (p, q) { return q - p; }); return (x[0] + 0.05) / (x[1] + 0.05); };
	for (const p of [light, dark]) {
		assert.equal(Object.keys(p).length, 10, JSON.stringify(p));
		for (const bg of [p.bg, p.panel]) {
			for (const name of ["fg", "muted", "accent", "ok", "bad", "focus"]) assert.ok(ratio(p[name], bg) >= 4.5, name + " on " + bg);
			assert.ok(ratio(p.line, bg) >= 3, "line on " + bg);
		}
		assert.ok(ratio(p["accent-fg"], p.accent) >= 4.5, "button text");
	}
});
