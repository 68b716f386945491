/*
 * profile.js: reads the user's OWN LinkedIn profile page, once, when the user asks for it
 * on Tact's options page ("Fill from my LinkedIn profile"): name, headline, location,
 * employers (current first) and schools. Nothing is read in the background, never another
 * person's page (the owner's edit links must be there), never a second page.
 *
 * What it returns is a proposal: the options page shows it in the form and the user saves.
 * Pure reading of the DOM through selectors.js; all text is treated as text.
 *
 * Classic script: attaches to globalThis.TactContent.profile and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const S = typeof module !== "undefined" && module.exports ? require("./selectors.js") : root.TactContent.selectors;
	const U = typeof module !== "undefined" && module.exports ? require("../common/util.js") : root.TactUtil;

	/* The host's profile limits (docs/PROTOCOL.md). */
	const ITEMS_MAX = 50;
	const ITEM_MAX_BYTES = 200;
	const TEXT_MAX_BYTES = 300;
	/* "2 yrs 9 mos", "Mar 2023 - Present", "Jan 2019 – Dec 2020": lines about time, not names. */
	const TIME_LINE = /\d{4}|\b\d+\s*(yrs?|mos?|ans?|mois|Jahre?|Mon\.?|años?|meses|anos?)\b/i;

	function clean(text, maxBytes) {
		let out = "";
		let n = 0;
		for (const ch of String(text || "").replace(/\s+/g, " ").trim()) {
			n += U.utf8Length(ch);
			if (n > maxBytes) break;
			out += ch;
		}
		return out;
	}

	/* The lines of one entry as a reader sees them: the visible copy of each, in order. */
	function lines(entry) {
		const visible = Array.prototype.slice.call(entry.querySelectorAll(S.VISIBLE_LINE))
			.filter(function (el) { return !el.closest("ul ul, button, a[aria-label]"); });
		return visible.map(function (el) { return clean(el.textContent, TEXT_MAX_BYTES); }).filter(Boolean);
	}

	/* The top-level entries of a section's list (a company's several roles form one entry). */
	function entries(section) {
		const list = section.querySelector("ul");
		if (!list) return [];
		return Array.prototype.slice.call(list.children).filter(function (li) { return li.tagName === "LI"; });
	}

	function firstEntity(li) {
		for (const s of S.PROFILE_ENTRY) {
			const el = li.querySelector(s.css);
			if (el) return el;
		}
		return li;
	}

	/* "Kontora Payments · Full-time" → "Kontora Payments". */
	function organisation(line) {
		return clean(line.split(" · ")[0], ITEM_MAX_BYTES);
	}

	function addOnce(list, item) {
		if (!item || list.length >= ITEMS_MAX) return;
		const fold = item.toLowerCase();
		if (!list.some(function (x) { return x.toLowerCase() === fold; })) list.push(item);
	}

	function employers(doc) {
		const section = S.profileSection(doc, "experience");
		const out = [];
		if (!section) return out;
		for (const li of entries(section.el)) {
			const l = lines(firstEntity(li)).filter(function (x) { return !TIME_LINE.test(x); });
			/* One company with several roles: its name comes first, the roles are nested. */
			const grouped = li.querySelector("ul") !== null;
			addOnce(out, grouped ? organisation(l[0] || "") : organisation(l[1] || ""));
		}
		return out;
	}

	function schools(doc) {
		const section = S.profileSection(doc, "education");
		const out = [];
		if (!section) return out;
		for (const li of entries(section.el)) addOnce(out, organisation(lines(firstEntity(li))[0] || ""));
		return out;
	}

	/* The top card: its heading is the name, the next two text lines headline and location. */
	function intro(doc) {
		const h1 = doc.querySelector("main h1");
		if (!h1) return { name: "", headline: "", location: "" };
		const card = h1.closest("section") || h1.parentNode;
		const texts = [];
		const walker = doc.createTreeWalker(card, 4 /* NodeFilter.SHOW_TEXT */);
		let node;
		while ((node = walker.nextNode())) {
			const t = clean(node.nodeValue, TEXT_MAX_BYTES);
			if (!t || node.parentNode.closest("button, a, h1, h2, [aria-hidden=\"true\"] svg")) continue;
			texts.push(t);
		}
		return { name: clean(h1.textContent, TEXT_MAX_BYTES), headline: texts[0] || "", location: texts[1] || "" };
	}

	/*
	 * {ok: true, profile: {name, headline, location, companies, schools}, strategy} on the
	 * user's own profile page; {ok: false, reason: "not_own"} anywhere else.
	 */
	function readOwnProfile(doc) {
		const own = S.ownProfile(doc);
		if (!own) return { ok: false, reason: "not_own" };
		const top = intro(doc);
		return {
			ok: true,
			strategy: own.strategy,
			profile: { name: top.name, headline: top.headline, location: top.location, companies: employers(doc), schools: schools(doc) },
		};
	}

	const api = { readOwnProfile: readOwnProfile };
	root.TactContent = root.TactContent || {};
	root.TactContent.profile = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
