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

	const DAY = 1;
	const WEEK = 7;
	const MONTH = 30;
	const YEAR = 365;

	/* "Sent N units ago" per language: group 1 the number (or "a"/"one"), group 2 the unit. */
	const AGES = {
		en: {
			ago: /^(?:sent\s+)?(\d+|an?|one)\s+(second|minute|hour|day|week|month|year)s?\s+ago$/i,
			units: { second: 0, minute: 0, hour: 0, day: DAY, week: WEEK, month: MONTH, year: YEAR },
			recent: /^(?:sent\s+)?(?:today|yesterday|just now)$/i,
		},
		fr: {
			ago: /^(?:envoyée?\s+)?il y a\s+(\d+|une?)\s+(seconde|minute|heure|jour|semaine|mois|an|année)s?$/i,
			units: { seconde: 0, minute: 0, heure: 0, jour: DAY, semaine: WEEK, mois: MONTH, an: YEAR, "année": YEAR },
			recent: /^(?:envoyée?\s+)?(?:aujourd[’']hui|hier|à l[’']instant)$/i,
		},
		de: {
			ago: /^(?:gesendet\s+)?vor\s+(\d+|einer?|einem)\s+(Sekunde|Minute|Stunde|Tag|Woche|Monat|Jahr)(?:n|en|e)?$/i,
			units: { sekunde: 0, minute: 0, stunde: 0, tag: DAY, woche: WEEK, monat: MONTH, jahr: YEAR },
			recent: /^(?:gesendet\s+)?(?:heute|gestern|gerade eben)$/i,
		},
		es: {
			ago: /^(?:enviada\s+)?hace\s+(\d+|una?)\s+(segundo|minuto|hora|día|dia|semana|mes|año)(?:s|es)?$/i,
			units: { segundo: 0, minuto: 0, hora: 0, "día": DAY, dia: DAY, semana: WEEK, mes: MONTH, "año": YEAR },
			recent: /^(?:enviada\s+)?(?:hoy|ayer|ahora mismo)$/i,
		},
		pt: {
			ago: /^(?:enviado\s+)?há\s+(\d+|uma?|um)\s+(segundo|minuto|hora|dia|semana|mês|mes|ano)(?:s|es)?$/i,
			units: { segundo: 0, minuto: 0, hora: 0, dia: DAY, semana: WEEK, "mês": MONTH, mes: MONTH, ano: YEAR },
			recent: /^(?:enviado\s+)?(?:hoje|ontem|agora mesmo)$/i,
		},
	};

	/* Longer texts are not a "Sent … ago" line: not worth matching. */
	const MAX_AGE_TEXT = 60;

	/*
	 * The age in days that a "Sent … ago" text states, in any of `langs` (default: all), or
	 * null when the text is not one. Months count 30 days, years 365: LinkedIn rounds too.
	 */
	function ageDays(text, langs) {
		const t = P.oneLine(text || "");
		if (t === "" || t.length > MAX_AGE_TEXT) return null;
		for (const lang of langs || Object.keys(AGES)) {
			const a = AGES[lang];
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

	const api = { AGES: AGES, ageDays: ageDays, readSent: readSent };
	root.TactContent = root.TactContent || {};
	root.TactContent.sent = api;
	if (fromNode) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
