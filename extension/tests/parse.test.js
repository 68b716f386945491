/*
 * Reads every fixture page with content/selectors.js and content/parse.js and checks each
 * card's invitation record field by field against the invented ground truth.
 *
 * Run: npm test (node --test); works on Node 18 and later.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const S = require("../content/selectors.js");
const P = require("../content/parse.js");

const RECEIVED = "https://www.linkedin.com/mynetwork/invitation-manager/received/";
const FIXTURES = path.join(__dirname, "fixtures");
const FIELDS = ["key", "kind", "name", "headline", "profile_url", "mutual_connections", "mutual_names",
	"has_photo", "message", "received_text"];

function load(name, options) {
	const html = fs.readFileSync(path.join(FIXTURES, name), "utf8");
	return new JSDOM(html, Object.assign({ url: RECEIVED }, options || {}));
}

function bytes(s) {
	return Buffer.byteLength(s, "utf8");
}

/* The protocol's rules for one invitation (docs/PROTOCOL.md, classify; include/tact/triage.h). */
function assertValidRecord(r, where) {
	assert.equal(typeof r.key, "string", where + ": key");
	assert.ok(r.key.length > 0 && bytes(r.key) <= 512, where + ": key length");
	assert.ok(["person", "page", "newsletter", "event", "group"].includes(r.kind), where + ": kind");
	assert.equal(typeof r.name, "string", where + ": name");
	assert.ok(r.name.length > 0 && bytes(r.name) <= 300, where + ": name length");
	assert.ok(bytes(r.headline) <= 1000, where + ": headline length");
	assert.ok(bytes(r.profile_url) <= 512, where + ": profile_url length");
	assert.ok(r.profile_url === "" || /^https:\/\/www\.linkedin\.com\/(in|company|showcase|school|newsletters|events|groups)\/[^/]+\/$/.test(r.profile_url),
		where + ": profile_url shape " + r.profile_url);
	assert.ok(r.mutual_connections === null || (Number.isInteger(r.mutual_connections) && r.mutual_connections >= 0 &&
		r.mutual_connections <= 1000000), where + ": mutual_connections");
	assert.ok(Array.isArray(r.mutual_names) && r.mutual_names.length <= 20, where + ": mutual_names");
	for (const n of r.mutual_names) assert.ok(typeof n === "string" && bytes(n) <= 300, where + ": mutual name");
	assert.equal(typeof r.has_photo, "boolean", where + ": has_photo");
	assert.ok(typeof r.message === "string" && bytes(r.message) <= 4000, where + ": message");
	assert.ok(typeof r.received_text === "string" && bytes(r.received_text) <= 200, where + ": received_text");
	/* It must survive the host's strict JSON: no lone surrogates, no NUL. */
	const json = JSON.stringify(r);
	assert.ok(!/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i.test(json), where + ": JSON text");
	const allowed = FIELDS.concat(["received_at"]);
	for (const k of Object.keys(r)) assert.ok(allowed.includes(k), where + ": unexpected field " + k);
}

function assertRecord(actual, expected, where) {
	assert.ok(actual, where + ": no record (" + JSON.stringify(expected.name) + ")");
	for (const f of FIELDS) assert.deepEqual(actual[f], expected[f], where + ": field " + f);
	assertValidRecord(actual, where);
}

/* ---- the current (2025–26) markup, in five languages ---------------------------------- */

const expected2026 = JSON.parse(fs.readFileSync(path.join(FIXTURES, "received-2026.expected.json"), "utf8"));

for (const file of Object.keys(expected2026)) {
	test("2025–26 markup: " + file, function () {
		const dom = load(file);
		const page = P.parsePage(dom.window.document);
		assert.equal(page.root, "sdui-screen");
		const want = expected2026[file];
		assert.equal(page.cards.length, want.length, "number of cards");
		want.forEach(function (exp, i) {
			const card = page.cards[i];
			const where = file + " card " + (i + 1);
			if (exp.unreadable) {
				assert.equal(card.record, null, where);
				assert.equal(card.reason, exp.unreadable, where + ": reason");
			} else {
				assertRecord(card.record, exp, where);
			}
		});
		assert.equal(page.failures.length, 0);
		assert.equal(page.confident, true);
	});
}

test("2025–26 markup: every card was found through data-view-name or componentkey, never a class", function () {
	const dom = load("received-2026-en.html");
	const cards = S.findCards(S.findRoot(dom.window.document).el);
	const strategies = new Set(cards.map(function (c) { return c.strategy; }));
	assert.deepEqual([...strategies].sort(), ["listitem-invitation-key", "pending-invitation"]);
});

test("2025–26 markup: the user's own profile link in the header is not a card", function () {
	const dom = load("received-2026-en.html");
	const keys = P.parsePage(dom.window.document).records.map(function (r) { return r.key; });
	assert.ok(!keys.includes("/in/lena-hoffmann-0b9/"));
});

test("2025–26 markup: the announced total, and each key once in the batch", function () {
	const dom = load("received-2026-en.html");
	const page = P.parsePage(dom.window.document);
	assert.equal(page.total, 13);
	assert.equal(page.cards.length, 13);
	assert.equal(page.records.length, 11, "12 readable cards, two of them for the same page");
	const keys = page.records.map(function (r) { return r.key; });
	assert.equal(new Set(keys).size, keys.length);
	const kestrel = page.cards.filter(function (c) { return c.record && c.record.key === "/company/kestrel-labs/"; });
	assert.equal(kestrel.length, 2, "both cards keep their record, for showing the verdict on each");
	assert.equal(page.challenge, false);
});

test("a security check on screen makes the page not confident", function () {
	const dom = load("received-2026-de.html");
	const frame = dom.window.document.createElement("iframe");
	frame.setAttribute("src", "https://www.linkedin.com/checkpoint/challenge/AgF");
	dom.window.document.body.appendChild(frame);
	const page = P.parsePage(dom.window.document);
	assert.equal(page.challenge, true);
	assert.equal(page.confident, false);
	assert.equal(page.records.length, 4, "reading still works; acting must wait");
});

test("2025–26 markup: a placeholder card is counted as loading, not as a failure", function () {
	const dom = load("received-2026-en.html");
	const page = P.parsePage(dom.window.document);
	assert.equal(page.loading, 1);
	const placeholder = page.cards.find(function (c) { return c.reason === "empty"; });
	assert.equal(placeholder.record, null);
	assert.match(placeholder.element.getAttribute("componentkey"), /7401999888777666555/);
});

test("2025–26 markup: a person invited to a page is not mistaken for the page, nor the reverse", function () {
	const dom = load("received-2026-en.html");
	const records = P.parsePage(dom.window.document).records;
	const page = records.find(function (r) { return r.kind === "page"; });
	assert.equal(page.key, "/company/kestrel-labs/");
	assert.ok(!records.some(function (r) { return r.key === "/in/ana-lima-5150/"; }), "the inviter is no invitation of its own");
});

test("2025–26 markup: names come from aria-labels first, then the profile link", function () {
	const dom = load("received-2026-en.html");
	const page = P.parsePage(dom.window.document);
	const byKey = {};
	for (const c of page.cards) if (c.record) byKey[c.record.key] = c.strategies;
	assert.equal(byKey["/in/jana-nowak-1a2b3c/"].name, "aria-label");
	assert.equal(byKey["/in/sam-okafor/"].name, "link-strong");
	assert.equal(byKey["/in/sam-okafor/"].actions, "invitation-action");
	assert.equal(byKey["/company/kestrel-labs/"].name, "entity-link");
	assert.equal(byKey["urn:li:invitation:7401555444333222111"].key, "invitation-id");
});

/* ---- the older Ember markup -------------------------------------------------------------- */

test("older markup: li.invitation-card", function () {
	const dom = load("received-legacy-en.html");
	const page = P.parsePage(dom.window.document);
	assert.equal(page.root, "legacy-container");
	const want = [
		{
			key: "/in/tomas-berg-55a1/", kind: "person", name: "Tomas Berg", headline: "Data analyst at Veldt Logistics",
			profile_url: "https://www.linkedin.com/in/tomas-berg-55a1/", mutual_connections: 5, mutual_names: ["Ilse Maren"],
			has_photo: true,
			message: "Hi Lena, I read your write-up on idempotent payment retries and tried it on our warehouse events. It worked nicely!",
			received_text: "2 weeks ago",
		},
		{
			key: "/in/greta-lind/", kind: "person", name: "Greta Lind", headline: "Talent partner · hiring engineers in Oslo",
			profile_url: "https://www.linkedin.com/in/greta-lind/", mutual_connections: null, mutual_names: [],
			has_photo: false, message: "", received_text: "1 month ago",
		},
		{
			key: "/in/henrik-dahl-a9/", kind: "person", name: "Henrik Dahl", headline: "Engineering manager, Fjord Energy",
			profile_url: "https://www.linkedin.com/in/henrik-dahl-a9/", mutual_connections: 1, mutual_names: ["Ilse Maren"],
			has_photo: true, message: "", received_text: "",
		},
		{
			key: "/company/northwind-analytics/", kind: "page", name: "Northwind Analytics",
			headline: "Invited you to follow · Business intelligence",
			profile_url: "https://www.linkedin.com/company/northwind-analytics/", mutual_connections: null, mutual_names: [],
			has_photo: true, message: "", received_text: "3 days ago",
		},
		{
			key: "/in/wen-zhao-8c/", kind: "person", name: "Wen Zhao", headline: "Founder | Helping teams ship faster with AI agents",
			profile_url: "https://www.linkedin.com/in/wen-zhao-8c/", mutual_connections: 7, mutual_names: [],
			has_photo: true,
			message: "Hi Lena,\nquick question about your tooling budget for next year.\n\nCould we find 15 minutes?",
			received_text: "Sent 5 days ago",
		},
	];
	assert.equal(page.cards.length, want.length);
	want.forEach(function (exp, i) { assertRecord(page.cards[i].record, exp, "legacy card " + (i + 1)); });
	assert.equal(page.confident, true);
	const strategies = new Set(page.cards.map(function (c) { return c.strategy; }));
	assert.deepEqual([...strategies], ["legacy-invitation-card"]);
	assert.equal(page.cards[0].strategies.actions, "data-control-name");
});

/* ---- hostile text ------------------------------------------------------------------------ */

function tick() {
	return new Promise(function (resolve) { setTimeout(resolve, 30); });
}

test("hostile page: text comes out literally and the page is not changed", async function () {
	/* Reading only: the page's markup is the same before and after, so no
	 * page text was turned into elements or attributes here. (Whether
	 * anything runs is proven in real browsers, tests/e2e: jsdom runs no
	 * inline handlers in this mode, so a check of that here could not fail.) */
	const dom = load("hostile.html", { runScripts: "outside-only" });
	const win = dom.window;
	const before = win.document.documentElement.outerHTML;
	const page = P.parsePage(win.document);
	await tick();
	assert.equal(win.document.documentElement.outerHTML, before, "parsing changed the page");

	const byKey = {};
	for (const r of page.records) byKey[r.key] = r;

	const h1 = byKey["urn:li:invitation:7402000000000000001"] || byKey["/in/script-name/"];
	assertRecord(h1, {
		key: "/in/script-name/", kind: "person", name: "<script>window.__tactPwned = \"name\"</script>",
		headline: "<img src=x onerror=\"window.__tactPwned='headline'\">",
		profile_url: "https://www.linkedin.com/in/script-name/", mutual_connections: 4, mutual_names: ["<b>Eve</b>"],
		has_photo: true,
		message: "{{constructor.constructor('window.__tactPwned=1')()}} ${7*7} <a href=\"javascript:window.__tactPwned='note'\">click</a>",
		received_text: "2 days ago",
	}, "hostile 1");

	assertRecord(byKey["/in/rtl-trick/"], {
		key: "/in/rtl-trick/", kind: "person", name: "Anaexe.lmth Lima", headline: "WhatsApp me: +447700900123",
		profile_url: "https://www.linkedin.com/in/rtl-trick/", mutual_connections: null, mutual_names: [], has_photo: true,
		message: "Thanks for the talk \u{1F469}\u200D\u{1F4BB} see the invoicefdp.exe attached", received_text: "",
	}, "hostile 2 (invisible and bidi characters dropped, ZWJ in emoji kept)");

	assertRecord(byKey["/in/real-elements/"], {
		key: "/in/real-elements/", kind: "person", name: "Mallory Quinn", headline: "Consultant",
		profile_url: "https://www.linkedin.com/in/real-elements/", mutual_connections: null, mutual_names: [], has_photo: true,
		message: "Nice to meet you again. See my portfolio.", received_text: "",
	}, "hostile 3 (script, style, template, noscript, hidden copy and iframe not read)");

	assertRecord(byKey["urn:li:invitation:7402000000000000005"], {
		key: "urn:li:invitation:7402000000000000005", kind: "person", name: "Lookalike Links",
		headline: "Recruiter at Totally Real Bank", profile_url: "", mutual_connections: null, mutual_names: [],
		has_photo: false, message: "", received_text: "",
	}, "hostile 5 (look-alike, http, credential, protocol-relative and data: links refused)");

	const big = byKey["/in/very-long/"];
	assertRecord(big, {
		key: "/in/very-long/", kind: "person", name: "\u03A9".repeat(148) + "…", headline: "Headline",
		profile_url: "https://www.linkedin.com/in/very-long/", mutual_connections: null, mutual_names: [], has_photo: false,
		message: "\u20AC".repeat(1332) + "…", received_text: "",
	}, "hostile 6 (cut to the host's byte limits)");

	assertRecord(byKey["/in/templates/"], {
		key: "/in/templates/", kind: "person", name: "{{user.name}}", headline: "&lt;b&gt;bold&lt;/b&gt; &amp; co",
		profile_url: "https://www.linkedin.com/in/templates/", mutual_connections: null, mutual_names: [], has_photo: false,
		message: "${window.__tactPwned = 'tpl'} #{x} <%= x %>", received_text: "",
	}, "hostile 9 (template syntax and entities kept as text)");

	/* No javascript:, data: or foreign URL in any record. */
	for (const r of page.records) {
		assert.ok(!/javascript:|data:|evil\.example/.test(r.key + " " + r.profile_url), "link in " + r.key);
	}

	const reasons = page.failures.map(function (c) { return c.reason; });
	assert.deepEqual(reasons, ["no_key", "key_too_long", "no_name"]);
	for (const f of page.failures) assert.equal(typeof P.REASONS[f.reason], "string");
	assert.equal(page.confident, false);
});

test("hostile page: records shown through textContent stay text, even where scripts may run", async function () {
	const dom = load("hostile.html", { runScripts: "outside-only" });
	const records = P.parsePage(dom.window.document).records;
	const view = new JSDOM("<!DOCTYPE html><body><div id=\"out\"></div></body>", { runScripts: "dangerously" });
	const out = view.window.document.getElementById("out");
	let made = 0;
	for (const r of records) {
		for (const f of ["name", "headline", "message", "received_text"].concat(r.mutual_names.map(function (_, i) { return i; }))) {
			const value = typeof f === "number" ? r.mutual_names[f] : r[f];
			const el = view.window.document.createElement("div");
			el.textContent = value;
			out.appendChild(el);
			made += 1;
			assert.equal(el.textContent, value);
		}
	}
	await tick();
	assert.equal(out.querySelectorAll("*").length, made, "no element was created from page text");
	assert.equal(view.window.__tactPwned, undefined);
});

/* ---- parsing tables ------------------------------------------------------------------- */

test("mutual connections in five languages", function () {
	const cases = [
		["Marek Duda and 12 other mutual connections", 13, ["Marek Duda"]],
		["Marek Duda and 1 other mutual connection", 2, ["Marek Duda"]],
		["Jana is a mutual connection", 1, ["Jana"]],
		["Sven Olsen and Ines Moreau are mutual connections", 2, ["Sven Olsen", "Ines Moreau"]],
		["Jonas Weber, Eva Král and 1,204 other mutual connections", 1206, ["Jonas Weber", "Eva Král"]],
		["25 mutual connections", 25, []],
		["1 mutual connection", 1, []],
		["Hugo Lefèvre et 8 autres relations en commun", 9, ["Hugo Lefèvre"]],
		["Inès Caron est une relation en commun", 1, ["Inès Caron"]],
		["Inès Caron et Paul Girard sont des relations en commun", 2, ["Inès Caron", "Paul Girard"]],
		["14 relations en commun", 14, []],
		["Mia Schulz und 5 weitere gemeinsame Kontakte", 6, ["Mia Schulz"]],
		["Felix Braun ist ein gemeinsamer Kontakt", 1, ["Felix Braun"]],
		["3 gemeinsame Kontakte", 3, []],
		["Diego Ruiz y 7 contactos en común más", 8, ["Diego Ruiz"]],
		["Pablo Serrano es un contacto en común", 1, ["Pablo Serrano"]],
		["12 contactos en común", 12, []],
		["Tiago Alves e mais 3 conexões em comum", 4, ["Tiago Alves"]],
		["Rita Lopes é uma conexão em comum", 1, ["Rita Lopes"]],
		["2.730 conexões em comum", 2730, []],
	];
	for (const [text, count, names] of cases) {
		const m = P.parseMutual(text);
		assert.ok(m, text);
		assert.equal(m.count, count, text);
		assert.deepEqual(m.names, names, text);
	}
	for (const text of ["Mutual fund analyst", "Platform engineer", "", "2 days ago",
		"Jana is a mutual connection of ours, she suggested I write to you.",
		"Nous avons 12 relations en commun, écrivez-moi sur WhatsApp"]) {
		assert.equal(P.parseMutual(text), null, text);
	}
});

test("received-time phrases in five languages", function () {
	const yes = ["2 days ago", "Sent 3 weeks ago", "an hour ago", "Yesterday", "3d", "il y a 3 jours", "hier",
		"il y a 1 mois", "vor 2 Tagen", "vor einer Woche", "gestern", "hace 5 días", "ayer", "hace 2 meses",
		"há 2 semanas", "3 dias atrás", "ontem", "há 1 mês"];
	for (const t of yes) assert.equal(P.isTimeText(t), true, t);
	const no = ["Platform engineer at Orion Systems", "Growth in 3 days guaranteed", "Hi", "Ignore"];
	for (const t of no) assert.equal(P.isTimeText(t), false, t);
});

test("names from Ignore and Accept labels in five languages", function () {
	const cases = [
		["Ignore an invitation to connect from Jana Nowak", "Jana Nowak"],
		["Accept Jana Nowak’s invitation", "Jana Nowak"],
		["Accept Tomas Berg's invitation", "Tomas Berg"],
		["Ignorer l’invitation de Claire Dubois", "Claire Dubois"],
		["Einladung von Jonas Weber annehmen", "Jonas Weber"],
		["Aceptar la invitación de Lucía Fernández", "Lucía Fernández"],
		["Ignorar o convite de Beatriz Souza", "Beatriz Souza"],
	];
	for (const [label, name] of cases) assert.equal(P.nameFromLabel(label), name, label);
	assert.equal(P.nameFromLabel("Accept invitation to follow Kestrel Labs"), null);
	assert.equal(P.nameFromLabel(""), null);
});

test("kind words in five languages", function () {
	assert.equal(P.kindFromWords("Ana Lima invited you to follow Kestrel Labs"), "page");
	assert.equal(P.kindFromWords("Rafael Costa invited you to subscribe to The Ledger Letter"), "newsletter");
	assert.equal(P.kindFromWords("Julien Perrin vous invite à vous abonner à Lettre du Paiement", ["fr"]), "newsletter");
	assert.equal(P.kindFromWords("Lukas Hofmann hat Sie zur Veranstaltung Meetup eingeladen", ["de"]), "event");
	assert.equal(P.kindFromWords("Marta Gil te ha invitado a unirte a Ingeniería", ["es"]), "group");
	assert.equal(P.kindFromWords("Carla Mendes convidou você para seguir Vértice", ["pt"]), "page");
	assert.equal(P.kindFromWords("Platform engineer at Orion Systems", ["en"]), null);
});

test("text helpers: cleaning, doubled copies, byte-safe cutting", function () {
	assert.equal(P.clean("  a\u00a0\u00a0b \u200B c\r\n\r\n\r\n\r\nd  "), "a b c\n\nd");
	assert.equal(P.collapseDoubled("Sam OkaforSam Okafor"), "Sam Okafor");
	assert.equal(P.collapseDoubled("Sam Okafor Sam Okafor"), "Sam Okafor");
	assert.equal(P.collapseDoubled("Anna Anna Maria"), "Anna Anna Maria");
	assert.equal(P.clip("abc", 10), "abc");
	const cut = P.clip("😀".repeat(100), 50);
	assert.ok(Buffer.byteLength(cut, "utf8") <= 50);
	assert.ok(!/[\uD800-\uDBFF]…$/.test(cut), "no half surrogate pair");
	assert.equal(P.clean("a\uD800b"), "a\uFFFDb");
	assert.deepEqual(P.languageOrder("pt-BR"), ["pt", "en", "fr", "de", "es"]);
	assert.deepEqual(P.languageOrder("ja"), ["en", "fr", "de", "es", "pt"]);
});

test("links: only https LinkedIn entity paths are taken", function () {
	const dom = new JSDOM("<!DOCTYPE html><body></body>", { url: RECEIVED });
	const doc = dom.window.document;
	function kind(href) {
		const a = doc.createElement("a");
		a.setAttribute("href", href);
		doc.body.appendChild(a);
		const info = S.classifyLink(a);
		return info ? info.kind + " " + info.path : null;
	}
	assert.equal(kind("/in/jana-nowak/?trk=x#y"), "person /in/jana-nowak/");
	assert.equal(kind("https://linkedin.com/in/jana-nowak"), "person /in/jana-nowak/");
	assert.equal(kind("/company/kestrel-labs/life/"), null);
	assert.equal(kind("/in/jana-nowak/detail/recent-activity/"), null);
	assert.equal(kind("javascript:alert(1)//in/x/"), null);
	assert.equal(kind("http://www.linkedin.com/in/x/"), null);
	assert.equal(kind("https://www.linkedin.com:8443/in/x/"), null);
	assert.equal(kind("https://www.linkedin.com.example/in/x/"), null);
	assert.equal(kind("/messaging/thread/2-abc/"), null);
	assert.equal(kind("/events/7398765432109876543/"), "event /events/7398765432109876543/");
});

test("content scripts run as classic scripts in a page, in manifest order, and agree with node", function () {
	const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "manifest.json"), "utf8"));
	const dom = load("received-2026-fr.html", { runScripts: "dangerously" });
	const win = dom.window;
	const errors = [];
	win.addEventListener("error", function (e) { errors.push(e.message); });
	for (const file of manifest.content_scripts[0].js) {
		const script = win.document.createElement("script");
		script.textContent = fs.readFileSync(path.join(__dirname, "..", file), "utf8");
		win.document.head.appendChild(script);
	}
	assert.deepEqual(errors, []);
	assert.equal(typeof win.TactContent.selectors.findCards, "function");
	const inPage = win.TactContent.parse.parsePage(win.document);
	const inNode = P.parsePage(win.document);
	assert.equal(JSON.stringify(inPage.records), JSON.stringify(inNode.records));
	assert.equal(inPage.records.length, 5);
});
