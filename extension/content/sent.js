/*
 * sent.js: the sent-invitations view (/mynetwork/invitation-manager/sent/), read-only.
 *
 * These are the user's own invitations, not ones to judge, so nothing goes to tact-host.
 * Tact reads how long each one has waited ("Sent 5 months ago") so that the controller can
 * mark those near LinkedIn's silent expiry (about six months): many unanswered invitations
 * can get an account restricted, and the user may prefer to withdraw them. Tact never
 * clicks Withdraw.
 *
 * Classic script, loaded after selectors.js and parse.js: attaches to
 * globalThis.TactContent.sent and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const fromNode = typeof module !== "undefined" && module.exports;
	const S = fromNode ? require("./selectors.js") : root.TactContent.selectors;
	const P = fromNode ? require("./parse.js") : root.TactContent.parse;

	/* Longer texts are not a "Sent … ago" line: not worth matching. */
	const MAX_AGE_TEXT = 60;

	/*
	 * The age in days that a "Sent … ago" text states, in any of `langs` (default: all), or
	 * null when the text is not one; the words are parse.js's LOCALES (ago, units, recent).
	 */
	function ageDays(text, langs) {
		const t = P.oneLine(text || "");
		if (t === "" || t.length > MAX_AGE_TEXT) return null;
		for (const lang of langs || Object.keys(P.LOCALES)) {
			const a = P.LOCALES[lang];
			if (a.recent.test(t)) return 0;
			const m = a.ago.exec(t);
			if (!m) continue;
			const unit = a.units[m[2].toLowerCase()];
			if (unit === undefined) continue;
			const n = /^\d+$/.test(m[1]) ? parseInt(m[1], 10) : 1;
			return n * unit;
		}
		return null;
	}

	/*
	 * Every sent invitation on the page: `[{element, key, ageDays}]`, in document order.
	 * `key` is the invitee's profile path; cards without one or without an age are left out
	 * (nothing is shown rather than a guess).
	 */
	function readSent(doc) {
		const langs = P.languageOrder(doc.documentElement.getAttribute("lang") || "");
		const out = [];
		const found = S.findSentRoot(doc);
		for (const c of found ? S.findCards(found.el) : []) {
			const person = S.entityLinks(c.el).filter(function (l) { return l.kind === "person"; })[0];
			if (!person) continue;
			let age = null;
			for (const block of S.textBlocks(c.el)) {
				age = ageDays(block.textContent, langs);
				if (age !== null) break;
			}
			if (age === null) continue;
			out.push({ element: c.el, key: person.path, ageDays: age });
		}
		return out;
	}

	const api = { ageDays: ageDays, readSent: readSent };
	root.TactContent = root.TactContent || {};
	root.TactContent.sent = api;
	if (fromNode) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
