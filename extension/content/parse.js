/*
 * parse.js: turns LinkedIn invitation cards into the invitation records of the protocol's
 * `classify` method (docs/PROTOCOL.md).
 *
 * Pure functions over the DOM: nothing here writes to the page, sends a message or keeps
 * state. Page text is read only through text nodes (never markup), cleaned of invisible
 * and direction-changing characters, and cut to the host's byte limits on a character
 * boundary, so a record is always one the host accepts.
 *
 * When a card cannot be read with confidence (no name, no key), parseCard gives
 * `{record: null, reason}` instead of a guess.
 *
 * Classic script: needs content/selectors.js loaded first; attaches to
 * globalThis.TactContent.parse and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const utf8Length = (root.TactUtil || require("../common/util.js")).utf8Length;
	const S = (root.TactContent && root.TactContent.selectors) ||
		(typeof require === "function" ? require("./selectors.js") : null);

	/* The host's limits (include/tact/triage.h), in UTF-8 bytes. */
	const LIMITS = {
		key: 512,
		name: 300,
		headline: 1000,
		profile_url: 512,
		message: 4000,
		received_text: 200,
		received_at: 200,
		mutual_names: 20,
		mutual_name: 300,
		mutuals: 1000000,
	};

	/* Why a card gave no record. */
	const REASONS = {
		empty: "The card shows no text yet; it may still be loading.",
		no_key: "The card has no link to a LinkedIn profile, page, newsletter, event or group, and no invitation id.",
		no_name: "The card shows no name that Tact could read.",
		key_too_long: "The card's profile link is longer than Tact accepts.",
	};

	/* Days in the units LinkedIn's "… ago" texts use (it rounds them too). */
	const DAY = 1;
	const WEEK = 7;
	const MONTH = 30;
	const YEAR = 365;

	/* A count as LinkedIn writes it: 12, 1,204, 1.204, 1 204. */
	const NUM = "(\\d{1,3}(?:[.,\\u00a0\\u202f ]\\d{3})+|\\d+)";

	function rx(source, flags) {
		return new RegExp(source.replace(/NUM/g, NUM), flags || "i");
	}

	/*
	 * Words of each language. Used to *parse* text that structure already located (the
	 * mutual line, the time line, the invitation sentence of a page or event) and, last of
	 * all, to find buttons that carry no semantic hook.
	 *
	 * mutual.line     says a block is the mutual-connections line (it ends with the phrase,
	 *                 so a note that mentions a mutual connection is not taken for it)
	 * mutual.others   "A and N other…": N more besides the names before it
	 * mutual.verb     "A is a mutual connection", "A and B are mutual connections"
 * ago             "(Sent) N units ago": group 1 the number (or "a"/"one"), group 2 the unit
 * units           days in each unit of `ago` (lower case); months count 30, years 365
 * recent          "(Sent) today", "yesterday", "just now"
 * time            other ways of writing a time
	 * mutual.joiners  separators between the names shown
	 * mutual.countOnly "N mutual connections" with no names
	 * names           aria-labels of Ignore/Accept that carry the person's name
	 */
	const LOCALES = {
		en: {
			accept: ["accept"],
			ignore: ["ignore"],
			names: [
				/^Ignore an invitation to connect from (.+)$/i,
				/^Accept (.+?)[’']s invitation$/i,
				/^Ignore (.+?)[’']s invitation$/i,
			],
			mutual: {
				line: /\bmutual connections?$/i,
				others: rx("\\s*,?\\s+and\\s+NUM\\s+others?(?:\\s|$)"),
				verb: /\s+(?:is|are)\s+(?:a\s+)?mutual(?:\s|$)/i,
				joiners: /\s*,\s*(?:and\s+)?|\s+and\s+/i,
				countOnly: rx("^NUM\\s+mutual(?:\\s|$)"),
			},
			ago: /^(?:sent\s+)?(\d+|an?|one)\s+(second|minute|hour|day|week|month|year)s?\s+ago$/i,
			units: { second: 0, minute: 0, hour: 0, day: DAY, week: WEEK, month: MONTH, year: YEAR },
			recent: /^(?:sent\s+)?(?:today|yesterday|just now)$/i,
			time: [/^\d+\s?(?:s|m|h|d|w|mo|yr|y)$/i],
			kinds: {
				newsletter: /\bsubscribe\b|\bnewsletter\b/i,
				event: /\battend\b|\bevent\b/i,
				group: /\bjoin\b|\bgroup\b/i,
				page: /\bfollow\b|\bpage\b/i,
			},
		},
		fr: {
			accept: ["accepter"],
			ignore: ["ignorer"],
			names: [
				/^Ignorer l[’']invitation de (.+)$/i,
				/^Accepter l[’']invitation de (.+)$/i,
			],
			mutual: {
				line: /\brelations? en commun$/i,
				others: rx("\\s*,?\\s+et\\s+NUM\\s+autres?(?:\\s|$)"),
				verb: /\s+(?:est|sont)\s+(?:une|des)\s+relations?\s+en commun/i,
				joiners: /\s*,\s*(?:et\s+)?|\s+et\s+/i,
				countOnly: rx("^NUM\\s+relations?\\s+en commun"),
			},
			ago: /^(?:envoyée?\s+)?il y a\s+(\d+|une?)\s+(seconde|minute|heure|jour|semaine|mois|an|année)s?$/i,
			units: { seconde: 0, minute: 0, heure: 0, jour: DAY, semaine: WEEK, mois: MONTH, an: YEAR, "année": YEAR },
			recent: /^(?:envoyée?\s+)?(?:aujourd[’']hui|hier|à l[’']instant)$/i,
			time: [],
			kinds: {
				newsletter: /abonner|newsletter|lettre d[’']information/i,
				event: /événement|évènement|participer/i,
				group: /groupe|rejoindre/i,
				page: /suivre|\bpage\b/i,
			},
		},
		de: {
			accept: ["annehmen", "akzeptieren"],
			ignore: ["ignorieren"],
			names: [
				/^Einladung von (.+) ignorieren$/i,
				/^Einladung von (.+) (?:annehmen|akzeptieren)$/i,
			],
			mutual: {
				line: /\bgemeinsame[rn]?\s+Kontakte?$/i,
				others: rx("\\s*,?\\s+und\\s+NUM\\s+(?:weitere|andere)"),
				verb: /\s+(?:ist|sind)\s+(?:ein\s+)?gemeinsame[rn]?\s+Kontakt/i,
				joiners: /\s*,\s*(?:und\s+)?|\s+und\s+/i,
				countOnly: rx("^NUM\\s+gemeinsame"),
			},
			ago: /^(?:gesendet\s+)?vor\s+(\d+|einer?|einem)\s+(Sekunde|Minute|Stunde|Tag|Woche|Monat|Jahr)(?:n|en|e)?$/i,
			units: { sekunde: 0, minute: 0, stunde: 0, tag: DAY, woche: WEEK, monat: MONTH, jahr: YEAR },
			recent: /^(?:gesendet\s+)?(?:heute|gestern|gerade eben)$/i,
			time: [],
			kinds: {
				newsletter: /Newsletter|abonnieren/i,
				event: /Veranstaltung|Event|teilzunehmen/i,
				group: /Gruppe|beizutreten/i,
				page: /folgen|Seite/i,
			},
		},
		es: {
			accept: ["aceptar"],
			ignore: ["ignorar"],
			names: [
				/^Ignorar la invitación de (.+)$/i,
				/^Aceptar la invitación de (.+)$/i,
			],
			mutual: {
				line: /\ben común(?: más)?$/i,
				others: rx("\\s*,?\\s+y\\s+NUM\\s+(?:contactos?|personas?|más)"),
				verb: /\s+(?:es|son)\s+(?:un\s+)?contactos?\s+en común/i,
				joiners: /\s*,\s*(?:y\s+)?|\s+y\s+/i,
				countOnly: rx("^NUM\\s+contactos?\\s+en común"),
			},
			ago: /^(?:enviada\s+)?hace\s+(\d+|una?)\s+(segundo|minuto|hora|día|dia|semana|mes|año)(?:s|es)?$/i,
			units: { segundo: 0, minuto: 0, hora: 0, "día": DAY, dia: DAY, semana: WEEK, mes: MONTH, "año": YEAR },
			recent: /^(?:enviada\s+)?(?:hoy|ayer|ahora mismo)$/i,
			time: [],
			kinds: {
				newsletter: /suscrib|boletín|newsletter/i,
				event: /evento|asistir/i,
				group: /grupo|unirte/i,
				page: /seguir|página/i,
			},
		},
		pt: {
			accept: ["aceitar"],
			ignore: ["ignorar"],
			names: [
				/^Ignorar o convite de (.+)$/i,
				/^Aceitar o convite de (.+)$/i,
			],
			mutual: {
				line: /\bem comum$/i,
				others: rx("\\s*,?\\s+e\\s+(?:mais\\s+)?NUM\\s+(?:outras?|outros?|conex|pessoas?)"),
				verb: /\s+(?:é|são)\s+(?:uma\s+)?conex(?:ão|ões)\s+em comum/i,
				joiners: /\s*,\s*(?:e\s+)?|\s+e\s+/i,
				countOnly: rx("^NUM\\s+conex(?:ão|ões)\\s+em comum"),
			},
			ago: /^(?:enviado\s+)?há\s+(\d+|uma?)\s+(segundo|minuto|hora|dia|semana|mês|mes|ano)(?:s|es)?$/i,
			units: { segundo: 0, minuto: 0, hora: 0, dia: DAY, semana: WEEK, "mês": MONTH, mes: MONTH, ano: YEAR },
			recent: /^(?:enviado\s+)?(?:hoje|ontem|agora mesmo)$/i,
			time: [/^(?:\d+|uma?)\s+(?:segundo|minuto|hora|dia|semana|mês|mes|ano)(?:s|es)?\s+atrás$/i],
			kinds: {
				newsletter: /assinar|inscrever|newsletter/i,
				event: /evento/i,
				group: /grupo/i,
				page: /seguir|página/i,
			},
		},
	};
	const LANGS = Object.keys(LOCALES);
	const KIND_ORDER = ["newsletter", "event", "group", "page"];

	/* ---- text ------------------------------------------------------------------------- */

	/* Characters that are invisible or reorder text: kept out of every record. */
	const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069]/g;
	const ODD_SPACE = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
	/* eslint-disable-next-line no-control-regex -- matching control characters is the point: they are dropped. */
	const CONTROL_CHARS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
	const LONE_SURROGATE = /(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/g;
	const BLOCK_TAGS = /^(?:P|DIV|LI|UL|OL|H[1-6]|BLOCKQUOTE|SECTION|ARTICLE|HEADER|FOOTER|TR|TABLE|FIGURE|FIGCAPTION|DL|DT|DD)$/;

	/* Cleans text: one space between words, at most one empty line between paragraphs. */
	function clean(s) {
		const lines = String(s)
			.replace(/\r\n?/g, "\n")
			.replace(LONE_SURROGATE, "\uFFFD")
			.replace(INVISIBLE, "")
			.replace(ODD_SPACE, " ")
			.replace(CONTROL_CHARS, "")
			.split("\n")
			.map(function (line) { return line.replace(/ {2,}/g, " ").trim(); });
		return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
	}

	/* The same, on one line. */
	function oneLine(s) {
		return clean(s).replace(/\s*\n+\s*/g, " ");
	}

	/*
	 * The text a person sees in `el`: text nodes only, skipping scripts, styles, hidden
	 * accessibility copies and controls ("see more", buttons); <br> and block elements
	 * become line breaks. Iterative, so deep nesting cannot exhaust the stack.
	 */
	function readText(el) {
		const skip = S.SKIP_TEXT + ", " + S.A11Y_COPY + ", " + S.CONTROL;
		const out = [];
		const stack = [{ node: el, phase: 0 }];
		while (stack.length > 0) {
			const top = stack.pop();
			const n = top.node;
			if (top.phase === 1) {
				out.push("\n");
				continue;
			}
			if (n.nodeType === 3) {
				out.push(n.data);
				continue;
			}
			if (n !== el) {
				if (n.nodeType !== 1) continue;
				if (n.matches(skip)) continue;
				if (n.tagName === "BR") {
					out.push("\n");
					continue;
				}
				if (BLOCK_TAGS.test(n.tagName)) {
					out.push("\n");
					stack.push({ node: n, phase: 1 });
				}
			}
			for (let c = n.lastChild; c; c = c.previousSibling) stack.push({ node: c, phase: 0 });
		}
		return clean(out.join(""));
	}

	/* "Jana NowakJana Nowak" or "Jana Nowak Jana Nowak" (a visible and a hidden copy) → "Jana Nowak". */
	function collapseDoubled(s) {
		const t = s.trim();
		if (t.length >= 2 && t.length % 2 === 0) {
			const half = t.length / 2;
			if (t.slice(0, half) === t.slice(half)) return t.slice(0, half);
		}
		if (t.length >= 3 && t.length % 2 === 1) {
			const mid = (t.length - 1) / 2;
			if (/\s/.test(t.charAt(mid)) && t.slice(0, mid) === t.slice(mid + 1)) return t.slice(0, mid);
		}
		return t;
	}

	/* `s` cut to at most `max` UTF-8 bytes on a character boundary, marked with "…". */
	function clip(s, max) {
		if (utf8Length(s) <= max) return s;
		let n = 0;
		let out = "";
		for (const ch of s) {
			const cp = ch.codePointAt(0);
			const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
			if (n + len > max - 3) break;
			n += len;
			out += ch;
		}
		return out.replace(/\s+$/, "") + "…";
	}

	/* ---- languages ---------------------------------------------------------------------- */

	/* The page's language first, then the others: ["fr", "en", "de", "es", "pt"]. */
	function languageOrder(lang) {
		const primary = String(lang || "").toLowerCase().split(/[-_]/)[0];
		const order = LANGS.indexOf(primary) >= 0 ? [primary] : [];
		for (const l of LANGS) if (order.indexOf(l) < 0) order.push(l);
		return order;
	}

	function pageLanguage(doc) {
		const el = doc && doc.documentElement;
		return (el && (el.getAttribute("lang") || el.getAttribute("xml:lang"))) || "";
	}

	function toInt(digits) {
		const n = parseInt(String(digits).replace(/[.,\u00a0\u202f ]/g, ""), 10);
		return isFinite(n) ? n : null;
	}

	/*
	 * Reads a mutual-connections line: `{count, names}`, or null when `text` is not one or
	 * says too little to count. "A and 12 other mutual connections" → 13, ["A"];
	 * "A is a mutual connection" → 1, ["A"]; "12 mutual connections" → 12, [].
	 */
	function parseMutual(text, langs) {
		const t = oneLine(text);
		if (t.length > 400) return null;
		for (const lang of langs || LANGS) {
			const m = LOCALES[lang].mutual;
			if (!m.line.test(t)) continue;
			let hit = t.match(m.countOnly);
			if (hit) return { count: toInt(hit[1]), names: [], lang: lang };
			hit = t.match(m.others);
			if (hit) {
				const names = splitNames(t.slice(0, hit.index), m.joiners);
				const more = toInt(hit[1]);
				if (more === null) return null;
				return { count: more + names.length, names: names, lang: lang };
			}
			hit = t.match(m.verb);
			if (hit) {
				const names = splitNames(t.slice(0, hit.index), m.joiners);
				if (names.length === 0) return null;
				return { count: names.length, names: names, lang: lang };
			}
			return null;
		}
		return null;
	}

	function splitNames(s, joiners) {
		return s.split(joiners).map(function (x) { return x.trim(); }).filter(function (x) { return x !== ""; });
	}

	function isTimeText(text, langs) {
		const t = oneLine(text);
		if (t.length > 60) return false;
		return (langs || LANGS).some(function (lang) {
			const l = LOCALES[lang];
			return l.ago.test(t) || l.recent.test(t) || l.time.some(function (r) { return r.test(t); });
		});
	}

	/* The kind an invitation sentence names ("… invited you to attend …"), or null. */
	function kindFromWords(text, langs) {
		const t = oneLine(text);
		for (const lang of langs || LANGS) {
			for (const kind of KIND_ORDER) if (LOCALES[lang].kinds[kind].test(t)) return kind;
		}
		return null;
	}

	/* The person's name from an Ignore/Accept aria-label, or null. */
	function nameFromLabel(label, langs) {
		const t = oneLine(label || "");
		if (t === "") return null;
		for (const lang of langs || LANGS) {
			for (const r of LOCALES[lang].names) {
				const m = t.match(r);
				if (m && m[1].trim() !== "") return m[1].trim();
			}
		}
		return null;
	}

	function labelsFor(langs) {
		const out = { accept: [], ignore: [] };
		for (const lang of langs) {
			out.accept = out.accept.concat(LOCALES[lang].accept);
			out.ignore = out.ignore.concat(LOCALES[lang].ignore);
		}
		return out;
	}

	/* ---- one card ----------------------------------------------------------------------- */

	const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

	function fail(reason, strategies) {
		return { record: null, reason: reason, detail: REASONS[reason], strategies: strategies };
	}

	/* The block element (of S.textBlocks) holding `el`, if any. */
	function blockOf(el, blocks) {
		for (const b of blocks) if (b === el || b.contains(el)) return b;
		return null;
	}

	/*
	 * Kind and the link that identifies the invitation. The first LinkedIn link of a card
	 * shows what it is about (the person, or the page's logo); a page, newsletter, event or
	 * group can also be named in the invitation sentence ("Ana invited you to follow X"),
	 * a block holding both the inviter's link and the entity's.
	 */
	function findSubject(card, links, blocks, langs) {
		if (links.length > 0 && links[0].kind !== "person") {
			return { kind: links[0].kind, link: links[0], strategy: "first-link" };
		}
		for (const l of links) {
			if (l.kind === "person") continue;
			const block = blockOf(l.el, blocks);
			if (!block) continue;
			/* Structure only: words in a note ("follow our page") must not turn a person into a page. */
			const hasPerson = links.some(function (p) { return p.kind === "person" && block.contains(p.el); });
			if (hasPerson) {
				return { kind: l.kind, link: l, strategy: "invitation-sentence" };
			}
		}
		const person = links.filter(function (l) { return l.kind === "person"; })[0];
		if (person) return { kind: "person", link: person, strategy: "profile-link" };
		/* No link at all: a person's Ignore/Accept labels say "person"; otherwise the words. */
		const personLabel = Array.prototype.slice.call(card.querySelectorAll("button[aria-label]")).some(function (b) {
			return nameFromLabel(b.getAttribute("aria-label"), langs) !== null;
		});
		if (!personLabel && blocks.length > 0) {
			const kind = kindFromWords(readText(blocks[0]), langs);
			if (kind) return { kind: kind, link: null, strategy: "words" };
		}
		return { kind: "person", link: null, strategy: "default" };
	}

	/*
	 * Reads one card. Returns `{record, strategies}` with the protocol's invitation record,
	 * or `{record: null, reason, detail, strategies}` when the card cannot be read with
	 * confidence. `options.lang` is the page's language tag ("fr", "pt-BR").
	 */
	function parseCard(card, options) {
		const opts = options || {};
		const langs = languageOrder(opts.lang !== undefined ? opts.lang : pageLanguage(card.ownerDocument));
		const strategies = {};
		if (readText(card) === "") return fail("empty", strategies);
		const links = S.entityLinks(card);
		const blocks = S.textBlocks(card);
		const subject = findSubject(card, links, blocks, langs);
		strategies.kind = subject.strategy;

		/* key and profile_url */
		let key = null;
		let profileUrl = "";
		if (subject.link) {
			key = subject.link.path;
			profileUrl = subject.link.url;
			strategies.key = "link";
		} else {
			key = S.invitationId(card);
			strategies.key = key ? "invitation-id" : null;
		}
		if (key === null) return fail("no_key", strategies);
		key = clean(key);
		if (utf8Length(key) > LIMITS.key) return fail("key_too_long", strategies);
		if (utf8Length(profileUrl) > LIMITS.profile_url) profileUrl = "";

		/* name */
		let name = null;
		let nameEl = null;
		if (subject.kind === "person") {
			const actions = S.findActions(card, labelsFor(langs));
			strategies.actions = actions.strategy;
			const labelled = [actions.ignore, actions.accept].filter(Boolean)
				.concat(Array.prototype.slice.call(card.querySelectorAll("button[aria-label]")));
			for (const b of labelled) {
				name = nameFromLabel(b.getAttribute("aria-label"), langs);
				if (name) {
					strategies.name = "aria-label";
					break;
				}
			}
			const personLinks = links.filter(function (l) { return l.kind === "person"; });
			for (const l of personLinks) {
				const hit = S.nameInLink(l.el);
				const text = hit ? collapseDoubled(oneLine(readText(hit.el))) : collapseDoubled(oneLine(readText(l.el)));
				if (text !== "") {
					nameEl = hit ? hit.el : l.el;
					if (!name) {
						name = text;
						strategies.name = hit ? hit.strategy : "link-text";
					}
					break;
				}
			}
			if (!name) {
				const t = S.legacy(card, "title");
				if (t) {
					nameEl = t.el;
					name = collapseDoubled(oneLine(readText(t.el))) || null;
					strategies.name = t.strategy;
				}
			}
		} else if (subject.link) {
			const sameTarget = links.filter(function (l) { return l.path === subject.link.path; });
			for (const l of sameTarget) {
				const hit = S.nameInLink(l.el);
				const text = collapseDoubled(oneLine(readText(hit ? hit.el : l.el)));
				if (text !== "") {
					name = text;
					nameEl = hit ? hit.el : l.el;
					strategies.name = "entity-link";
					break;
				}
			}
		}
		if (!name) return fail("no_name", strategies);
		name = clip(name, LIMITS.name);

		/* the other blocks of text, each once */
		const seen = new Set();
		const items = [];
		for (const b of blocks) {
			const text = readText(b);
			const flat = collapseDoubled(oneLine(text));
			if (flat === "" || seen.has(flat)) continue;
			seen.add(flat);
			items.push({ el: b, text: text, flat: flat, role: null });
		}
		let mutual = null;
		let receivedText = "";
		for (const it of items) {
			if (it.flat === name || (nameEl && (it.el.contains(nameEl) || nameEl.contains(it.el)))) {
				it.role = "name";
			} else if (subject.kind !== "person" && links.some(function (l) { return it.el.contains(l.el); })) {
				it.role = "sentence";
			} else if (it.el.matches(S.LEGACY.message) || it.el.closest(S.LEGACY.messageContainer)) {
				it.role = "note";
			} else if (mutual === null && (mutual = parseMutual(it.flat, langs)) !== null) {
				it.role = "mutual";
			} else if (receivedText === "" && isTimeText(it.flat, langs)) {
				it.role = "time";
				receivedText = it.flat;
			} else if (it.el.matches(S.LEGACY.subtitle)) {
				it.role = "headline";
			}
		}
		/* The headline comes before the mutual and time lines; whatever else is the note. */
		let headline = items.filter(function (it) { return it.role === "headline"; })[0];
		if (!headline) {
			const firstMeta = items.findIndex(function (it) { return it.role === "mutual" || it.role === "time"; });
			headline = items.filter(function (it, i) {
				return it.role === null && (firstMeta < 0 || i < firstMeta);
			})[0];
			if (headline) headline.role = "headline";
		}
		const notes = items.filter(function (it) { return it.role === null || it.role === "note"; });
		const parts = notes.map(function (it) { return it.text; }).filter(function (t, i, all) {
			/* Drop a copy or a shortened preview ("…") of another part. */
			const bare = t.replace(/\s*(?:…|\.\.\.)$/, "");
			return !all.some(function (o, j) {
				if (j === i) return false;
				if (o === t) return j < i;
				return o.length > t.length && o.indexOf(bare) >= 0;
			});
		});

		/* mutual connections: the semantic line first, then the old markup's insight */
		if (mutual === null) {
			const ins = S.legacy(card, "mutual") || S.legacy(card, "mutualCount");
			if (ins) mutual = parseMutual(readText(ins.el), langs);
		}
		strategies.mutual = mutual ? mutual.lang : null;

		const record = {
			key: key,
			kind: subject.kind,
			name: name,
			headline: headline ? clip(oneLine(headline.text), LIMITS.headline) : "",
			profile_url: profileUrl,
			mutual_connections: mutual ? Math.min(mutual.count, LIMITS.mutuals) : null,
			mutual_names: mutual
				? mutual.names.slice(0, LIMITS.mutual_names).map(function (n) { return clip(n, LIMITS.mutual_name); })
				: [],
			has_photo: S.photo(card).present,
			message: clip(parts.join("\n\n"), LIMITS.message),
			received_text: clip(receivedText, LIMITS.received_text),
		};
		const time = S.timeElement(card);
		if (time) {
			const at = (time.getAttribute("datetime") || "").trim();
			if (ISO_TIME.test(at) && at.length <= LIMITS.received_at) record.received_at = at;
		}
		return { record: record, strategies: strategies };
	}

	/*
	 * Reads every card on the page: `{lang, root, total, challenge, cards: [{element,
	 * strategy, record, reason}], records, failures, loading, confident}`.
	 * - Cards without any text yet (placeholders drawn while the list loads) are counted in
	 *   `loading`, not as failures.
	 * - `records` has each key once (two people may invite you to the same page); `cards`
	 *   keeps every card, so a verdict can be shown on each.
	 * - `total` is the count the page announces ("All (12)"), or null.
	 * - `confident` is true only when at least one card was read, none failed and no
	 *   security check is on screen.
	 * `options.preview`: read only the invitations preview of My Network (root null and no
	 * cards when the page shows none).
	 */
	function parsePage(doc, options) {
		const opts = options || {};
		const lang = opts.lang !== undefined ? opts.lang : pageLanguage(doc);
		const found = opts.preview ? S.findPreviewRoot(doc) : S.findRoot(doc);
		const cards = (found ? S.findCards(found.el) : []).map(function (c) {
			const r = parseCard(c.el, { lang: lang });
			return { element: c.el, strategy: c.strategy, record: r.record, reason: r.reason || null, strategies: r.strategies };
		});
		const keys = new Set();
		const records = [];
		for (const c of cards) {
			if (!c.record || keys.has(c.record.key)) continue;
			keys.add(c.record.key);
			records.push(c.record);
		}
		const total = S.totalCount(doc);
		const challenge = S.challenge(doc);
		const failures = cards.filter(function (c) { return !c.record && c.reason !== "empty"; });
		const loading = cards.filter(function (c) { return c.reason === "empty"; }).length;
		return {
			lang: lang,
			root: found ? found.strategy : null,
			total: total ? total.count : null,
			challenge: challenge,
			cards: cards,
			records: records,
			failures: failures,
			loading: loading,
			confident: records.length > 0 && failures.length === 0 && !challenge,
		};
	}

	const api = {
		LIMITS: LIMITS,
		LOCALES: LOCALES,
		REASONS: REASONS,
		clean: clean,
		oneLine: oneLine,
		readText: readText,
		collapseDoubled: collapseDoubled,
		clip: clip,
		utf8Length: utf8Length,
		languageOrder: languageOrder,
		parseMutual: parseMutual,
		isTimeText: isTimeText,
		kindFromWords: kindFromWords,
		nameFromLabel: nameFromLabel,
		parseCard: parseCard,
		parsePage: parsePage,
	};

	root.TactContent = root.TactContent || {};
	root.TactContent.parse = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
