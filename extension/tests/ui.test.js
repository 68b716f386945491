/*
 * content/ui.js on the fixture pages: closed shadow roots, text-only rendering of hostile
 * strings, reasons on hover and keyboard focus, the filter bar and archive, themes.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const P = require("../content/parse.js");
const UI = require("../content/ui.js");

const RECEIVED = "https://www.linkedin.com/mynetwork/invitation-manager/received/";
const FIXTURES = path.join(__dirname, "fixtures");
const EN = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "_locales", "en", "messages.json"), "utf8"));

function t(name, subs) {
	assert.ok(EN[name], "missing message " + name);
	let text = EN[name].message;
	for (const [p, def] of Object.entries(subs ? EN[name].placeholders || {} : {})) {
		text = text.split("$" + p.toUpperCase() + "$").join(subs[parseInt(def.content.slice(1), 10) - 1]);
	}
	return text;
}

function load(name, options) {
	const html = fs.readFileSync(path.join(FIXTURES, name), "utf8");
	return new JSDOM(html, Object.assign({ url: RECEIVED }, options || {}));
}

function tick() {
	return new Promise(function (resolve) { setTimeout(resolve, 10); });
}

/* Records every attachShadow call of the window: the only way a test sees a closed root. */
function spyShadows(win) {
	const calls = [];
	const original = win.Element.prototype.attachShadow;
	win.Element.prototype.attachShadow = function (init) {
		const root = original.call(this, init);
		calls.push({ host: this, init: init, root: root });
		return root;
	};
	return calls;
}

function rootOf(calls, card) {
	const hit = calls.filter(function (c) { return c.host.parentNode === card; });
	assert.equal(hit.length, 1, "one host per card");
	return hit[0].root;
}

function verdict(key, bucket, extra) {
	return Object.assign({
		key: key, bucket: bucket, suspicious: false, confidence: 0.9, confidence_word: "high", accept_score: 0.8,
		reasons: [
			{ code: "shared_employer", text: "You both worked at Orion Systems.", weight: 0.6, evidence: "Orion Systems" },
			{ code: "mutuals", text: "13 mutual connections.", weight: 0.4, evidence: "13" },
		],
		badges: [{ id: "colleague", label: "Colleague", tone: "positive" }],
		replies: [{ id: "thanks_follow_up", intent: "thanks_follow_up", lang: "en", text: "Thanks for connecting! How is the migration going?", length: 50 }],
		reply_advice: { needed: false, text: "" },
	}, extra || {});
}

function setup(file, options) {
	const dom = load(file, options);
	const win = dom.window;
	const shadows = spyShadows(win);
	const actions = [];
	const ui = UI.createUI({
		doc: win.document, t: t,
		onArchive: function (k) { actions.push(["archive", k]); },
		onRestore: function (k) { actions.push(["restore", k]); },
		onReply: function (k, r, card) { actions.push(["reply", k, r.text, card]); },
		onNote: function (k, name, v) { actions.push(["note", k, name, v]); },
	});
	const page = P.parsePage(win.document);
	return { dom: dom, win: win, doc: win.document, ui: ui, page: page, shadows: shadows, actions: actions };
}

const BUCKETS = ["accept", "review", "ignore"];

function renderAll(s, make) {
	const readable = s.page.cards.filter(function (c) { return c.record; });
	readable.forEach(function (c, i) {
		s.ui.render(c.element, c.record.key, make ? make(c, i) : verdict(c.record.key, BUCKETS[i % 3]), c.record.name);
	});
	s.ui.showBar(readable[0].element.parentNode);
	return readable;
}

function visible(card) {
	return card.style.getPropertyValue("display") !== "none";
}

test("a card's host enters the page with its verdict, not before, and comes back if LinkedIn removes it", function () {
	const s = setup("received-2026-en.html");
	const card = s.page.cards.filter(function (c) { return c.record; })[0];
	const own = function () { return Array.from(card.element.children).filter(function (e) { return s.ui.isOwn(e); }); };
	s.ui.render(card.element, card.record.key, null);
	assert.equal(own().length, 0, "a verdict still awaited adds nothing to the card");
	s.ui.update(card.record.key, verdict(card.record.key, "accept"));
	assert.equal(own().length, 1);
	assert.equal(rootOf(s.shadows, card.element).querySelector(".badge").textContent, t("bucketAccept"));
	own()[0].remove();
	s.ui.render(card.element, card.record.key, undefined);
	assert.equal(own().length, 1, "put back on the next look");
});

test("each card gets one host with a closed shadow root; the host shows nothing to the page", function () {
	const s = setup("received-2026-en.html");
	const cards = renderAll(s);
	/* cards + the filter bar */
	assert.equal(s.shadows.length, cards.length + 1);
	for (const call of s.shadows) {
		assert.deepEqual(call.init, { mode: "closed" });
		assert.equal(call.host.shadowRoot, null, "a closed root is not reachable from the page");
		assert.equal(call.host.getAttribute("class"), null);
		assert.equal(call.host.getAttribute("id"), null);
		assert.equal(call.host.attributes.length, 1, "only the random marker");
		assert.match(call.host.attributes[0].name, /^data-[0-9a-f]{12}$/);
		assert.equal(call.host.childNodes.length, 0, "nothing in the light DOM");
		const style = call.root.querySelector("style");
		assert.ok(style && /\.tact\.dark/.test(style.textContent), "own style, with a dark theme");
	}
	/* Rendering again keeps the same host. */
	s.ui.render(cards[0].element, cards[0].record.key, verdict(cards[0].record.key, "review"));
	assert.equal(s.shadows.length, cards.length + 1);
	const root = rootOf(s.shadows, cards[0].element);
	assert.equal(root.querySelector(".badge").textContent, t("bucketReview"));
	/* No extension URL anywhere in the page. */
	assert.ok(!/-extension:\/\//.test(new s.win.XMLSerializer().serializeToString(s.doc)));
});

test("badge, warning, reasons and chips are text; hostile strings never become elements, nothing runs", async function () {
	/* The records of the hostile page, read without running anything... */
	const hostile = P.parsePage(load("hostile.html", { runScripts: "outside-only" }).window.document).records;
	const strings = [];
	for (const r of hostile) strings.push(r.name, r.headline, r.message);
	strings.push("<img src=x onerror=\"window.__tactPwned='reason'\">", "<script>window.__tactPwned='script'</script>",
		"<svg onload=\"window.__tactPwned='svg'\"></svg>", "{{constructor.constructor('window.__tactPwned=1')()}}");
	/* ...shown in a page where scripts would run if anything became markup. */
	const dom = new JSDOM("<!DOCTYPE html><body><div id=\"list\"></div></body>", { url: RECEIVED, runScripts: "dangerously" });
	const win = dom.window;
	const shadows = spyShadows(win);
	const ui = UI.createUI({ doc: win.document, t: t });
	const list = win.document.getElementById("list");
	const cards = [];
	hostile.forEach(function (r, i) {
		const card = win.document.createElement("div");
		card.setAttribute("role", "listitem");
		list.appendChild(card);
		cards.push(card);
		const nasty = strings.slice(i % strings.length).concat(strings.slice(0, i % strings.length)).filter(function (x) { return x !== ""; });
		ui.render(card, r.key, verdict(r.key, "ignore", {
			suspicious: true,
			reasons: nasty.slice(0, 3).map(function (text, j) { return { code: "c" + j, text: text, weight: -0.5, evidence: text }; }),
			badges: [{ id: "b", label: nasty[3] || nasty[0], tone: "danger" }],
			replies: [],
		}));
	});
	ui.showBar(list);
	await tick();
	assert.equal(win.__tactPwned, undefined, "no script or handler ran");
	for (const call of shadows) {
		for (const e of Array.from(call.root.querySelectorAll("*"))) {
			assert.ok(["STYLE", "DIV", "SPAN", "BUTTON", "UL", "LI"].includes(e.tagName), "unexpected element " + e.tagName);
		}
	}
	cards.forEach(function (card, i) {
		const root = rootOf(shadows, card);
		const shown = Array.from(root.querySelectorAll("li")).map(function (li) { return li.textContent; });
		const nasty = strings.slice(i % strings.length).concat(strings.slice(0, i % strings.length)).filter(function (x) { return x !== ""; });
		assert.deepEqual(shown, nasty.slice(0, 3), "reasons shown literally");
		assert.equal(root.querySelector(".tag").textContent, nasty[3] || nasty[0]);
		assert.equal(root.querySelector(".warn").textContent, "⚠ " + t("flagSuspicious"));
		assert.equal(root.querySelector(".badge").textContent, t("bucketIgnore"));
	});
	assert.equal(list.querySelectorAll("img, script, svg, b, a").length, 0, "nothing leaked into the page either");
});

test("reasons open on hover and on keyboard focus, and say so to assistive technology", function () {
	const s = setup("received-2026-en.html");
	const cards = renderAll(s);
	const root = rootOf(s.shadows, cards[0].element);
	const why = root.querySelector("button.why");
	const list = root.getElementById(why.getAttribute("aria-describedby"));
	assert.ok(list, "aria-describedby points at the reasons");
	assert.equal(why.getAttribute("aria-controls"), list.id);
	assert.equal(why.getAttribute("aria-expanded"), "false");
	assert.equal(list.hidden, true);
	assert.deepEqual(Array.from(list.querySelectorAll("li")).map(function (li) { return li.textContent; }),
		["You both worked at Orion Systems.", "13 mutual connections."]);

	why.focus();
	assert.equal(why.getAttribute("aria-expanded"), "true");
	assert.equal(list.hidden, false);
	why.blur();
	assert.equal(why.getAttribute("aria-expanded"), "false");
	assert.equal(list.hidden, true);

	why.dispatchEvent(new s.win.MouseEvent("mouseenter"));
	assert.equal(list.hidden, false);
	why.dispatchEvent(new s.win.MouseEvent("mouseleave"));
	assert.equal(list.hidden, true);

	why.focus();
	why.dispatchEvent(new s.win.KeyboardEvent("keydown", { key: "Escape" }));
	assert.equal(list.hidden, true, "Escape closes");
	/* Buttons are reachable by keyboard: real <button>s, not tabindex -1. */
	for (const b of Array.from(root.querySelectorAll("button"))) assert.notEqual(b.getAttribute("tabindex"), "-1");
});

test("the filter bar sits above the list and hides and shows cards", function () {
	const s = setup("received-2026-en.html");
	const cards = renderAll(s, function (c, i) {
		if (i === 6) return verdict(c.record.key, "ignore", { suspicious: true });
		if (i === 7) return null; /* still waiting for its verdict */
		return verdict(c.record.key, BUCKETS[i % 3]);
	});
	const list = cards[0].element.parentNode;
	const barCall = s.shadows.filter(function (c) { return c.host.nextSibling === list; });
	assert.equal(barCall.length, 1, "the bar is right above the list");
	const bar = barCall[0].root;
	assert.equal(bar.querySelector("[role=group]").getAttribute("aria-label"), t("filterBarLabel"));
	function press(f) {
		bar.querySelector("[data-filter=\"" + f + "\"]").click();
	}
	function shown() {
		return cards.filter(function (c) { return visible(c.element); }).map(function (c) { return c.record.key; });
	}
	const all = cards.map(function (c) { return c.record.key; });
	assert.deepEqual(shown(), all);

	press("accept");
	assert.equal(s.ui.filter(), "accept");
	assert.equal(bar.querySelector("[data-filter=accept]").getAttribute("aria-pressed"), "true");
	assert.equal(bar.querySelector("[data-filter=all]").getAttribute("aria-pressed"), "false");
	assert.deepEqual(shown(), cards.filter(function (c, i) { return i % 3 === 0 && i !== 6; }).map(function (c) { return c.record.key; }));

	press("suspicious");
	assert.deepEqual(shown(), [cards[6].record.key]);

	press("ignore");
	assert.ok(shown().includes(cards[6].record.key), "a suspicious invitation is in Ignore too");
	assert.ok(!shown().includes(cards[7].record.key), "a card without a verdict is only in All");

	press("review");
	assert.deepEqual(shown(), cards.filter(function (c, i) { return i % 3 === 1 && i !== 7; }).map(function (c) { return c.record.key; }));

	press("all");
	assert.deepEqual(shown(), all);
	/* Counts are in the labels. */
	assert.equal(bar.querySelector("[data-filter=suspicious]").textContent, t("filterSuspicious") + " (1)");

	s.ui.clear();
	assert.deepEqual(shown(), all);
	assert.equal(s.shadows.filter(function (c) { return c.host.parentNode; }).length, 0, "clear removes every host");
});

test("archive: the button asks, the archived filter shows only archived cards, restore brings them back", function () {
	const s = setup("received-2026-en.html");
	const cards = renderAll(s);
	const key = cards[1].record.key;
	const root = rootOf(s.shadows, cards[1].element);
	root.querySelector("button.archive").click();
	assert.deepEqual(s.actions, [["archive", key]]);

	s.ui.setArchived(new Set([key]));
	assert.equal(visible(cards[1].element), false, "hidden from All");
	assert.equal(rootOf(s.shadows, cards[1].element).querySelector("button.archive").textContent, t("restoreButton"));
	s.ui.setFilter("archived");
	assert.deepEqual(cards.filter(function (c) { return visible(c.element); }).map(function (c) { return c.record.key; }), [key]);
	rootOf(s.shadows, cards[1].element).querySelector("button.archive").click();
	assert.deepEqual(s.actions[1], ["restore", key]);
	s.ui.setArchived(new Set());
	s.ui.setFilter("all");
	assert.equal(visible(cards[1].element), true);
});

test("reply chips hand the reply to the caller; suspicious invitations get none", function () {
	const s = setup("received-2026-en.html");
	const cards = renderAll(s, function (c, i) {
		return verdict(c.record.key, "accept", { suspicious: i === 1 });
	});
	const chip = rootOf(s.shadows, cards[0].element).querySelector("button.chip");
	assert.equal(chip.title, "Thanks for connecting! How is the migration going?");
	chip.click();
	assert.equal(s.actions[0][0], "reply");
	assert.equal(s.actions[0][1], cards[0].record.key);
	assert.equal(s.actions[0][3], cards[0].element);
	assert.equal(rootOf(s.shadows, cards[1].element).querySelector("button.chip"), null);
	assert.equal(s.ui.showHint(cards[0].element, t("replyCopied")), true);
	assert.equal(rootOf(s.shadows, cards[0].element).querySelector(".hint").textContent, t("replyCopied"));
});

test("themes: the palette follows LinkedIn's page (its dark class or its real background), not the system", function () {
	const s = setup("received-2026-en.html");
	let cards = renderAll(s);
	let wrap = rootOf(s.shadows, cards[0].element).querySelector(".tact");
	assert.ok(!wrap.classList.contains("dark"), "a light page: the light palette, whatever the system says");
	assert.ok(!/prefers-color-scheme/.test(UI.CSS), "the system's setting is not what Tact's text sits on");

	const d = setup("received-2026-en.html");
	d.doc.documentElement.setAttribute("class", "theme theme--dark");
	cards = renderAll(d);
	wrap = rootOf(d.shadows, cards[0].element).querySelector(".tact");
	assert.ok(wrap.classList.contains("dark"));

	/* No class, but a dark background: dark too. */
	const b = setup("received-2026-en.html");
	b.doc.body.style.backgroundColor = "rgb(27, 31, 35)";
	cards = renderAll(b);
	assert.ok(rootOf(b.shadows, cards[0].element).querySelector(".tact").classList.contains("dark"));
});

/* WCAG relative luminance and contrast of two #rrggbb colours. */
function contrast(a, b) {
	const lum = function (hex) {
		const c = [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16) / 255; })
			.map(function (v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
		return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	};
	const [hi, lo] = [lum(a), lum(b)].sort(function (x, y) { return y - x; });
	return (hi + 0.05) / (lo + 0.05);
}

function palette(css, selector) {
	const block = css.slice(css.indexOf(selector + " {"));
	const body = block.slice(0, block.indexOf("}"));
	const vars = {};
	for (const m of body.matchAll(/--([a-z]+):\s*(#[0-9a-f]{6})/g)) vars[m[1]] = m[2];
	return vars;
}

test("contrast: text at least 4.5:1 and control borders 3:1 on LinkedIn's light and dark backgrounds", function () {
	const light = palette(UI.CSS, ".tact");
	const dark = Object.assign({}, light, palette(UI.CSS, ".tact.dark"));
	/* LinkedIn's page and card backgrounds, light and dark, and Tact's own button fill. */
	const sets = [[light, ["#ffffff", "#f4f2ee", light.bg]], [dark, ["#1b1f23", "#000000", dark.bg]]];
	for (const [p, backgrounds] of sets) {
		for (const bg of backgrounds) {
			for (const name of ["fg", "muted", "accept", "review", "ignore", "danger", "focus"]) {
				assert.ok(contrast(p[name], bg) >= 4.5, name + " " + p[name] + " on " + bg + ": " + contrast(p[name], bg).toFixed(2));
			}
			assert.ok(contrast(p.line, bg) >= 3, "line " + p.line + " on " + bg + ": " + contrast(p.line, bg).toFixed(2));
		}
	}
});

test("every control names the person; the Suspicious explanation is reachable by keyboard", function () {
	const s = setup("received-2026-en.html");
	const cards = renderAll(s, function (c, i) {
		return verdict(c.record.key, BUCKETS[i % 3], i === 1 ? { suspicious: true } : {});
	});
	const jana = rootOf(s.shadows, cards[0].element);
	assert.equal(jana.querySelector("button.why").getAttribute("aria-label"), t("reasonsButtonFor", ["Jana Nowak"]));
	assert.equal(jana.querySelector("button.archive").getAttribute("aria-label"), t("archiveButtonFor", ["Jana Nowak"]));
	const note = jana.querySelector("button.note");
	assert.equal(note.getAttribute("aria-label"), t("noteButtonFor", ["Jana Nowak"]));
	note.click();
	assert.deepEqual(s.actions.pop().slice(0, 3), ["note", cards[0].record.key, "Jana Nowak"]);

	const flagged = rootOf(s.shadows, cards[1].element);
	const warn = flagged.querySelector(".warn");
	const explain = flagged.querySelector(".explain");
	assert.equal(warn.getAttribute("tabindex"), "0", "focusable");
	assert.equal(warn.getAttribute("aria-describedby"), explain.id);
	assert.equal(explain.hidden, true);
	warn.dispatchEvent(new s.win.FocusEvent("focus"));
	assert.equal(explain.hidden, false);
	assert.equal(explain.textContent, t("suspiciousHint"));
	warn.dispatchEvent(new s.win.FocusEvent("blur"));
	assert.equal(explain.hidden, true);
});

test("the preview has no Note control, and none is drawn without a panel to open", function () {
	const s = setup("received-2026-en.html");
	s.ui.setCompact(true);
	const cards = renderAll(s);
	assert.equal(rootOf(s.shadows, cards[0].element).querySelector("button.note"), null);
	const dom = load("received-2026-en.html");
	const shadows = spyShadows(dom.window);
	const ui = UI.createUI({ doc: dom.window.document, t: t });
	const card = P.parsePage(dom.window.document).cards.filter(function (c) { return c.record; })[0];
	ui.render(card.element, card.record.key, verdict(card.record.key, "accept"), card.record.name);
	assert.equal(rootOf(shadows, card.element).querySelector("button.note"), null);
});

test("one notice at most, as a status", function () {
	const s = setup("hostile.html", { runScripts: "outside-only" });
	const root = s.doc.querySelector("[role=main]");
	s.ui.showNotice(root, t("pageUnreadable"));
	s.ui.showNotice(root, t("pageUnreadable"));
	const notices = s.shadows.filter(function (c) { return c.host.parentNode && c.root.querySelector("[role=status]"); });
	assert.equal(notices.length, 1);
	assert.equal(notices[0].root.querySelector("[role=status]").textContent, t("pageUnreadable"));
});

test("the weekly review line: numbers only, in words, after the filter buttons", function () {
	const s = setup("received-2026-en.html");
	const list = s.page.cards[0].element.parentNode;
	s.ui.showBar(list);
	const bar = s.shadows.filter(function (c) { return c.host.nextSibling === list; })[0].root;
	const line = function () { const r = bar.querySelector(".review"); return r ? r.textContent : null; };
	assert.equal(line(), null, "nothing before tact-host answers");

	s.ui.setReview({ waiting: 7, oldest_days: 41, expiring: 2, repeated: 1, accepted_this_week: 5, ignored_this_week: 12 });
	assert.equal(line(), "Weekly review: 7 waiting for you · oldest pending: 41 days · " +
		"close to LinkedIn's automatic withdrawal: 2 · invited you again: 1 · this week: 5 accepted, 12 ignored");
	assert.equal(bar.querySelector(".review").previousSibling.getAttribute("data-filter"), "archived");
	/* Only what is worth saying: a young queue and a quiet week are the first part alone. */
	s.ui.setReview({ waiting: 3, oldest_days: 2, expiring: 0, repeated: 0, accepted_this_week: 0, ignored_this_week: 0 });
	assert.equal(line(), "Weekly review: 3 waiting for you");
	/* Filtering redraws the bar and keeps the line. */
	bar.querySelector("[data-filter=accept]").click();
	assert.equal(line(), "Weekly review: 3 waiting for you");

	/* Anything that is not a count is not shown, and never as markup. */
	s.ui.setReview({ waiting: 2, oldest_days: "<b>99</b>", expiring: -4, repeated: Infinity, accepted_this_week: "1" });
	assert.equal(line(), "Weekly review: 2 waiting for you");
	s.ui.setReview({ waiting: "<img src=x onerror=alert(1)>" });
	assert.equal(line(), null);
	s.ui.setReview(null);
	assert.equal(line(), null);
	assert.equal(bar.querySelectorAll("img, b, script").length, 0);

	/* Leaving the page forgets it. */
	s.ui.setReview({ waiting: 1 });
	s.ui.clear();
	s.ui.showBar(list);
	const again = s.shadows.filter(function (c) { return c.host.nextSibling === list; })[0].root;
	assert.equal(again.querySelector(".review"), null);
});
