/*
 * content/profile.js: the user's own profile page, read on request; another person's page
 * and every other page refused.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const PR = require("../content/profile.js");

const FIXTURES = path.join(__dirname, "fixtures");
const page = function (name) {
	return new JSDOM(fs.readFileSync(path.join(FIXTURES, name), "utf8"), { url: "https://www.linkedin.com/in/sofia-reyes-42/" }).window.document;
};

test("the own profile: name, headline, location, employers (current first, a company's several roles once) and schools", function () {
	const read = PR.readOwnProfile(page("profile-own-2026-en.html"));
	assert.equal(read.ok, true);
	assert.equal(read.strategy, "edit-intro");
	assert.deepEqual(read.profile, {
		name: "Sofia Reyes",
		headline: "Payments engineer · Kafka and event-driven systems",
		location: "Santiago, Región Metropolitana, Chile",
		companies: ["Kontora Payments", "Andes Bank", "Cobre Labs"],
		schools: ["Universidad de Chile", "Liceo Manuel de Salas"],
	});
	/* The About text's "Works at Evil Corp" is not an employer. */
	assert.ok(!read.profile.companies.some(function (c) { return /Evil/.test(c); }));
});

test("someone else's profile, and the invitations page, are never read", function () {
	assert.deepEqual(PR.readOwnProfile(page("profile-other-2026-en.html")), { ok: false, reason: "not_own" });
	assert.deepEqual(PR.readOwnProfile(page("received-2026-en.html")), { ok: false, reason: "not_own" });
});

test("hostile text stays text and within the host's limits", function () {
	const doc = page("profile-own-2026-en.html");
	const first = doc.querySelector("#experience").closest("section").querySelector("li ._t2 span[aria-hidden=\"true\"]");
	first.textContent = "<img src=x onerror=alert(1)>" + "x".repeat(400) + " · Full-time";
	const list = doc.querySelector("#education").closest("section").querySelector("ul");
	for (let i = 0; i < 80; i++) {
		const li = list.children[0].cloneNode(true);
		li.querySelector("._t1 span").textContent = "School " + i;
		list.appendChild(li);
	}
	const read = PR.readOwnProfile(doc);
	assert.ok(read.profile.companies[0].startsWith("<img src=x"));
	assert.ok(Buffer.byteLength(read.profile.companies[0]) <= 200);
	assert.equal(read.profile.schools.length, 50);
});
