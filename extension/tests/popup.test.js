/*
 * pages/popup.js on its real HTML (jsdom), with a fake background.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const POPUP = require("../pages/popup.js");

const ROOT = path.join(__dirname, "..");
const HTML = fs.readFileSync(path.join(ROOT, "pages", "popup.html"), "utf8");
const EN = JSON.parse(fs.readFileSync(path.join(ROOT, "_locales", "en", "messages.json"), "utf8"));

function t(name, subs) {
	assert.ok(EN[name], "missing message " + name);
	let text = EN[name].message;
	for (const [p, def] of Object.entries(EN[name].placeholders || {})) {
		text = text.split("$" + p.toUpperCase() + "$").join(subs[parseInt(def.content.slice(1), 10) - 1]);
	}
	return text;
}

const READY = { reachable: true, ready: true, hello: { protocol: 1, data: { state: "ready" } } };
const SUMMARY = {
	pending: { accept: 3, review: 2, ignore: 5, suspicious: 1, total: 11 }, oldest_pending_days: 170, withdraw_after_days: 180,
	expiring_soon: [{ key: "/in/old/", name: "Olga Alt", headline: "Engineer", bucket: "review", suspicious: false, days_pending: 170 }],
	repeated: [], company_bursts: 2,
	this_week: [
		{ key: "/in/bad/", name: "Bad Actor", headline: "Support", bucket: "ignore", suspicious: true, days_pending: 2, received_text: "2 days ago" },
		{ key: "/in/old/", name: "Olga Alt", headline: "Engineer", bucket: "review", suspicious: false, days_pending: 170 },
		{ key: "/in/nia/", name: "Nia Neu", headline: "", bucket: "accept", suspicious: false, days_pending: 5, received_text: "1 week ago" },
	],
	decisions_by_week: [],
};

function popup(answers) {
	const dom = new JSDOM(HTML, { url: "https://extension.invalid/pages/popup.html" });
	const opened = [];
	const p = POPUP.createPopup({
		doc: dom.window.document, t: t,
		request: function (type) {
			const a = answers[type];
			return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
		},
		openInvitations: function () { opened.push("invitations"); },
		openOptions: function () { opened.push("options"); },
	});
	return { doc: dom.window.document, p: p, opened: opened, byId: function (id) { return dom.window.document.getElementById(id); } };
}

test("counts per bucket, the one waiting longest, and the lists that open on demand", async function () {
	const v = popup({ "host.status": READY, "review.summary": SUMMARY });
	await v.p.ready;
	assert.equal(v.byId("host-line").textContent, t("popupHostUp"));
	assert.deepEqual(Array.from(v.doc.querySelectorAll("#counts li")).map(function (l) { return l.textContent; }),
		["Accept: 3", "Review: 2", "Ignore: 5", "Suspicious: 1"]);
	assert.equal(v.byId("oldest").textContent, t("popupOldest", ["Olga Alt — Engineer (" + t("popupDays", ["170"]) + ")"]));
	const waiting = v.byId("list-waiting");
	assert.equal(waiting.querySelector("summary").textContent, t("popupWaiting", ["3"]));
	assert.deepEqual(Array.from(waiting.querySelectorAll("li")).map(function (l) { return l.textContent; }),
		["Bad Actor — Support (2 days ago)", "Olga Alt — Engineer (170 days here)", "Nia Neu (1 week ago)"]);
	assert.equal(v.byId("list-expiring").hidden, false);
	assert.equal(v.byId("list-repeated").hidden, true, "an empty list is not shown");
	assert.equal(v.byId("bursts").textContent, t("popupBursts", ["2"]));
	v.byId("open-invitations").click();
	v.byId("open-options").click();
	assert.deepEqual(v.opened, ["invitations", "options"]);
	for (const node of v.doc.querySelectorAll("[data-i18n]")) assert.notEqual(node.textContent, "");
});

test("a silent host: one line that leads to the settings, no numbers", async function () {
	const v = popup({ "host.status": { reachable: false, ready: false, problem: { cause: "not_found" } } });
	await v.p.ready;
	assert.equal(v.byId("host-line").textContent, t("popupHostDown"));
	assert.equal(v.byId("summary").hidden, true);
	const nothing = popup({ "host.status": READY, "review.summary": Object.assign({}, SUMMARY, { this_week: [], expiring_soon: [] }) });
	await nothing.p.ready;
	assert.equal(nothing.byId("oldest").textContent, t("popupNothing"));
});

test("page text from the summary stays text", async function () {
	const evil = Object.assign({}, SUMMARY, { this_week: [{ key: "/in/x/", name: "<img src=x onerror=alert(1)>", headline: "<b>hi</b>", days_pending: 1 }] });
	const v = popup({ "host.status": READY, "review.summary": evil });
	await v.p.ready;
	assert.equal(v.doc.querySelectorAll("#summary img, #summary b").length, 0);
	assert.match(v.byId("list-waiting").textContent, /<img src=x/);
});
