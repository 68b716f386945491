/*
 * ui.js: what Tact draws on LinkedIn's invitation manager.
 *
 * - One host element per card, holding a CLOSED shadow root with its own <style>: the bucket
 *   badge, a Suspicious warning, the reasons (shown on hover and on keyboard focus of the
 *   "Why?" button), reply chips and Archive / Restore. On the My Network preview (compact,
 *   read-only) only the badge, the warning and the reasons; on the sent view, only a note on
 *   invitations that have waited for months.
 * - One bar above the list that filters cards: All, Accept, Review, Ignore, Suspicious,
 *   Archived. Archived cards stay pending on LinkedIn; Tact only hides them. After the
 *   buttons, one line for the weekly review (counts only: the background's review.counts).
 * - At most one quiet notice (role="status") when the page cannot be read with confidence.
 *
 * Everything is built with createElement and textContent; a string from the page or from
 * tact-host never becomes markup. Hosts carry no class or id, only an attribute with a name
 * random to this page load, and nothing inside them is reachable from the page.
 *
 * Classic script: attaches to globalThis.TactContent.ui and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const FILTERS = ["all", "accept", "review", "ignore", "suspicious", "archived"];
	const FILTER_LABELS = {
		all: "filterAll", accept: "filterAccept", review: "filterReview", ignore: "filterIgnore",
		suspicious: "filterSuspicious", archived: "filterArchived",
	};
	const BUCKET_LABELS = { accept: "bucketAccept", review: "bucketReview", ignore: "bucketIgnore" };
	const MAX_REASONS = 3;
	/* The review line mentions the oldest pending invitation from this age on. */
	const REVIEW_OLD_DAYS = 14;
	const CHIP_PREVIEW = 42;

	const S = typeof module !== "undefined" && module.exports ? require("./selectors.js") : root.TactContent.selectors;
	const whole = (root.TactUtil || require("../common/util.js")).count;

	const CSS = [
		":host { all: initial; display: block; }",
		".tact { --fg: #1f2328; --muted: #57606a; --bg: #f6f8fa; --line: #6e7781; --accept: #1a7f37; --review: #875a00;",
		"  --ignore: #57606a; --danger: #b42318; --focus: #0a66c2;",
		"  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg);",
		"  display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 6px 0; position: relative; }",
		".tact.dark { --fg: #e6edf3; --muted: #9da7b3; --bg: #21262d; --line: #8b949e; --accept: #3fb950; --review: #d29922;",
		"  --ignore: #9da7b3; --danger: #ff7b72; --focus: #71b7fb; }",
		".badge, .tag { border: 1px solid currentColor; border-radius: 10px; padding: 0 8px; font-weight: 600; }",
		".badge.accept { color: var(--accept); } .badge.review { color: var(--review); } .badge.ignore { color: var(--ignore); }",
		".tag { font-weight: 400; color: var(--muted); } .tag.danger { color: var(--danger); }",
		".warn { color: var(--danger); font-weight: 700; }",
		"button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 12px;",
		"  padding: 1px 10px; cursor: pointer; }",
		"button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }",
		"button[aria-pressed=\"true\"] { border-color: var(--focus); color: var(--focus); font-weight: 600; }",
		".reasons { position: absolute; z-index: 2; top: 100%; left: 0; max-width: 36em; margin: 2px 0 0; padding: 6px 10px 6px 24px;",
		"  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 6px; }",
		".reasons[hidden] { display: none; }",
		".reasons li.against { color: var(--muted); }",
		".warn:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }",
		".explain { flex-basis: 100%; color: var(--danger); }",
		".explain[hidden] { display: none; }",
		".chips { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }",
		".label, .hint { color: var(--muted); }",
		".hint:empty { display: none; }",
		".bar { gap: 4px; }",
		".review { color: var(--muted); margin-left: 6px; }",
		".notice { color: var(--muted); }",
		".setup { flex-basis: 100%; color: var(--fg); }",
		".setup button, .notice button { margin-left: 6px; }",
	].join("\n");

	function randomMarker() {
		const bytes = new Uint8Array(6);
		const c = root.crypto;
		if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
		else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
		return "data-" + Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
	}

	function clip(s, n) {
		const chars = Array.from(String(s).replace(/\s+/g, " ").trim());
		return chars.length <= n ? chars.join("") : chars.slice(0, n - 1).join("").replace(/\s+$/, "") + "…";
	}

	/*
	 * Creates the UI for `options.doc`. `options.t(name)` gives a translated label (i18n);
	 * `onArchive(key)`, `onRestore(key)` and `onReply(key, reply, card)` are the user's actions.
	 */
	/* The first opaque background behind the list (the body's, else the root's): is it dark? */
	function darkBackground(doc) {
		const view = doc.defaultView;
		if (!view || typeof view.getComputedStyle !== "function") return false;
		for (const node of [doc.body, doc.documentElement]) {
			if (!node) continue;
			const m = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)(?:[,\s/]+([\d.]+))?/.exec(view.getComputedStyle(node).backgroundColor || "");
			if (!m || (m[4] !== undefined && parseFloat(m[4]) === 0)) continue;
			/* Relative luminance, roughly: below the midpoint is a dark page. */
			const l = (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255;
			return l < 0.4;
		}
		return false;
	}

	function createUI(options) {
		const doc = options.doc;
		const t = options.t;
		const onArchive = options.onArchive || function () {};
		const onRestore = options.onRestore || function () {};
		const onReply = options.onReply || function () {};
		const onNote = options.onNote || null;
		const marker = randomMarker();
		const entries = new Map(); /* card element → entry */
		const archived = new Set();
		let filter = "all";
		let compact = false;
		let bar = null;
		let reviewText = "";
		let setup = null;           /* {text, label, run}: the line that says triage is guessing */
		let notice = null;

		function el(tag, className, text) {
			const e = doc.createElement(tag);
			if (className) e.className = className;
			if (text !== undefined && text !== null) e.textContent = String(text);
			return e;
		}

		/*
		 * Tact draws on LinkedIn's own background, so its palette follows that background, not
		 * the system's setting: LinkedIn's dark class, else how dark the page really is.
		 */
		function dark() {
			return S.darkTheme(doc) || darkBackground(doc);
		}

		/* A host with a closed shadow root, its style and one themed wrapper. */
		function makeHost(tag) {
			const host = doc.createElement(tag || "div");
			host.setAttribute(marker, "");
			const shadow = host.attachShadow({ mode: "closed" });
			const style = doc.createElement("style");
			style.textContent = CSS;
			shadow.appendChild(style);
			const wrap = el("div", "tact");
			shadow.appendChild(wrap);
			return { host: host, shadow: shadow, wrap: wrap };
		}

		function theme(wrap) {
			wrap.classList.toggle("dark", dark());
		}

		function inDocument(node) {
			return node.isConnected !== undefined ? node.isConnected : doc.documentElement.contains(node);
		}

		/* ---- one card ---------------------------------------------------------------------- */

		/*
		 * Draws entry's host afresh. A host enters the card only once it has something to show
		 * (a verdict or a note), so a card whose verdict is awaited costs the page no style or
		 * layout pass of its own: 100 new cards are laid out once, with their badges.
		 */
		function buildCard(entry) {
			fillCard(entry);
			const shows = !!(entry.note || entry.verdict);
			if (shows && entry.host.parentNode !== entry.card) entry.card.appendChild(entry.host);
			if (!shows && entry.host.parentNode) entry.host.parentNode.removeChild(entry.host);
		}

		function fillCard(entry) {
			const wrap = entry.wrap;
			while (wrap.firstChild) wrap.removeChild(wrap.firstChild);
			theme(wrap);
			const v = entry.verdict;
			wrap.setAttribute("role", "group");
			wrap.setAttribute("aria-label", t("extName"));
			if (entry.note) {
				const note = el("span", "tag danger", entry.note);
				note.setAttribute("role", "note");
				wrap.appendChild(note);
				return;
			}
			if (!v) return;

			const bucket = BUCKET_LABELS[v.bucket] ? v.bucket : "review";
			wrap.appendChild(el("span", "badge " + bucket, t(BUCKET_LABELS[bucket])));
			let explain = null;
			if (v.suspicious === true) {
				/* Focusable, so a keyboard reaches the explanation a mouse gets on hover. */
				const warn = el("span", "warn", "⚠ " + t("flagSuspicious"));
				warn.setAttribute("role", "note");
				warn.setAttribute("tabindex", "0");
				warn.setAttribute("aria-describedby", "explain");
				warn.title = t("suspiciousHint");
				explain = el("span", "explain", t("suspiciousHint"));
				explain.id = "explain";
				explain.hidden = true;
				const show = function () { explain.hidden = false; };
				const hide = function () { explain.hidden = true; };
				warn.addEventListener("mouseenter", show);
				warn.addEventListener("mouseleave", hide);
				warn.addEventListener("focus", show);
				warn.addEventListener("blur", hide);
				wrap.appendChild(warn);
			}
			/* The host's first badges repeat the bucket and the Suspicious flag,
			 * which are drawn above in the user's language: skip those. */
			const shown = (Array.isArray(v.badges) ? v.badges : []).filter(function (b) {
				return b && b.id !== "accept" && b.id !== "review" && b.id !== "ignore" && b.id !== "suspicious";
			});
			for (const b of shown.slice(0, 3)) {
				if (typeof b.label !== "string" || b.label === "") continue;
				wrap.appendChild(el("span", "tag" + (b.tone === "danger" || b.tone === "caution" ? " danger" : ""), b.label));
			}

			const reasons = Array.isArray(v.reasons) ? v.reasons.filter(function (r) {
				return r && typeof r.text === "string" && r.text !== "";
			}) : [];
			if (reasons.length > 0) {
				const listId = "reasons";
				const why = el("button", "why", t("reasonsButton"));
				why.type = "button";
				if (entry.name) why.setAttribute("aria-label", t("reasonsButtonFor", [entry.name]));
				why.setAttribute("aria-expanded", "false");
				why.setAttribute("aria-controls", listId);
				why.setAttribute("aria-describedby", listId);
				const list = el("ul", "reasons");
				list.id = listId;
				list.setAttribute("role", "tooltip");
				list.hidden = true;
				const shown = reasons.slice(0, MAX_REASONS);
				const counter = reasons.filter(function (r) { return r.counter === true; })[0];
				if (counter && shown.indexOf(counter) < 0) shown.push(counter);
				for (const r of shown) {
					const against = typeof r.weight === "number" && ((r.weight < 0 && v.bucket === "accept") || (r.weight > 0 && v.bucket === "ignore"));
					const li = el("li", against ? "against" : "", r.text);
					list.appendChild(li);
				}
				const open = function () { list.hidden = false; why.setAttribute("aria-expanded", "true"); };
				const close = function () { list.hidden = true; why.setAttribute("aria-expanded", "false"); };
				why.addEventListener("mouseenter", open);
				why.addEventListener("mouseleave", close);
				why.addEventListener("focus", open);
				why.addEventListener("blur", close);
				why.addEventListener("click", function () { if (list.hidden) open(); else close(); });
				why.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
				wrap.appendChild(why);
				wrap.appendChild(list);
			}

			if (explain) wrap.appendChild(explain);

			/* The My Network preview is read-only: verdicts and reasons, no actions. */
			if (compact) return;

			const replies = Array.isArray(v.replies) ? v.replies.filter(function (r) {
				return r && typeof r.text === "string" && r.text !== "";
			}) : [];
			if (replies.length > 0 && v.suspicious !== true) {
				const chips = el("div", "chips");
				chips.setAttribute("role", "group");
				chips.setAttribute("aria-label", t("repliesLabel"));
				chips.appendChild(el("span", "label", t("repliesLabel")));
				for (const r of replies.slice(0, 3)) {
					const chip = el("button", "chip", clip(r.text, CHIP_PREVIEW));
					chip.type = "button";
					chip.title = r.text;
					chip.addEventListener("click", function () { onReply(entry.key, r, entry.card); });
					chips.appendChild(chip);
				}
				wrap.appendChild(chips);
			}

			const isArchived = archived.has(entry.key);
			if (onNote) {
				const note = el("button", "note", t("noteButton"));
				note.type = "button";
				if (entry.name) note.setAttribute("aria-label", t("noteButtonFor", [entry.name]));
				note.title = t("noteHint");
				note.addEventListener("click", function () { onNote(entry.key, entry.name, entry.verdict); });
				wrap.appendChild(note);
			}
			const arch = el("button", "archive", t(isArchived ? "restoreButton" : "archiveButton"));
			arch.type = "button";
			if (entry.name) arch.setAttribute("aria-label", t(isArchived ? "restoreButtonFor" : "archiveButtonFor", [entry.name]));
			arch.title = t(isArchived ? "restoreHint" : "archiveHint");
			arch.addEventListener("click", function () {
				if (archived.has(entry.key)) onRestore(entry.key);
				else onArchive(entry.key);
			});
			wrap.appendChild(arch);
			entry.hint = el("span", "hint");
			entry.hint.setAttribute("role", "status");
			wrap.appendChild(entry.hint);
		}

		/*
		 * Shows `verdict` (a `classify` result, or null while it is awaited) on `card`. Idempotent:
		 * the same card keeps its host; a host LinkedIn removed is put back.
		 */
		function render(card, key, verdict, name) {
			let entry = entries.get(card);
			if (!entry) {
				const h = makeHost("div");
				entry = { card: card, key: key, name: "", verdict: null, note: null, host: h.host, shadow: h.shadow, wrap: h.wrap, hint: null, hidden: null, built: false };
				entries.set(card, entry);
			}
			const person = typeof name === "string" ? name : entry.key === key ? entry.name : "";
			const changed = entry.key !== key || (verdict !== undefined && verdict !== entry.verdict) || !entry.built || person !== entry.name;
			entry.name = person;
			/* LinkedIn reuses card elements: a note belongs to the card's former person. */
			if (entry.key !== key) entry.note = null;
			entry.key = key;
			if (verdict !== undefined) entry.verdict = verdict;
			entry.card = card;
			/* Rebuilt only when something changed, so focus and an open reason list survive;
			 * a host LinkedIn removed is put back. */
			if (changed) {
				buildCard(entry);
				entry.built = true;
			} else if ((entry.verdict || entry.note) && entry.host.parentNode !== card) {
				card.appendChild(entry.host);
			}
			filterOne(entry);
			return entry;
		}

		/* Shows one line of advice on `card` instead of a verdict (the sent view). */
		function renderNote(card, key, text) {
			const entry = render(card, key, null);
			if (entry.note !== text) {
				entry.note = text;
				buildCard(entry);
			}
			return entry;
		}

		/* Removes what Tact drew on `card`, if anything. */
		function forget(card) {
			const entry = entries.get(card);
			if (!entry) return;
			setHidden(entry, false);
			if (entry.host.parentNode) entry.host.parentNode.removeChild(entry.host);
			entries.delete(card);
		}

		/*
		 * Shows a verdict that arrived on every card of `key`. The bar's counts follow at the
		 * next refresh(), so that a batch of verdicts redraws the bar once, not once per card.
		 */
		function update(key, verdict) {
			for (const entry of entries.values()) {
				if (entry.key !== key) continue;
				entry.verdict = verdict;
				buildCard(entry);
				entry.built = true;
				filterOne(entry);
			}
		}

		/* Read-only mode (the My Network preview): no reply chips, no Archive. */
		function setCompact(flag) {
			if (compact === (flag === true)) return;
			compact = flag === true;
			for (const entry of entries.values()) {
				buildCard(entry);
				entry.built = true;
			}
			applyFilter();
		}

		/* Forgets cards that left the page. */
		function prune() {
			for (const [card, entry] of Array.from(entries.entries())) {
				if (!inDocument(card)) {
					if (entry.host.parentNode) entry.host.parentNode.removeChild(entry.host);
					entries.delete(card);
				}
			}
		}

		function showHint(card, text) {
			const entry = entries.get(card);
			if (entry && entry.hint) entry.hint.textContent = text;
			return !!(entry && entry.hint);
		}

		/* ---- filtering ------------------------------------------------------------------- */

		function matches(entry, f) {
			const v = entry.verdict;
			const isArchived = archived.has(entry.key);
			if (f === "archived") return isArchived;
			if (isArchived) return false;
			if (f === "all") return true;
			if (!v) return false;
			if (f === "suspicious") return v.suspicious === true;
			return v.bucket === f;
		}

		function setHidden(entry, hide) {
			const style = entry.card.style;
			if (hide && entry.hidden === null) {
				entry.hidden = { value: style.getPropertyValue("display"), priority: style.getPropertyPriority("display") };
				style.setProperty("display", "none", "important");
			} else if (!hide && entry.hidden !== null) {
				if (entry.hidden.value) style.setProperty("display", entry.hidden.value, entry.hidden.priority);
				else style.removeProperty("display");
				entry.hidden = null;
			}
		}

		/* The read-only views have no bar to undo a filter or an archive with: they hide nothing. */
		function filterOne(entry) {
			setHidden(entry, !compact && !matches(entry, filter));
		}

		/* Applies the filter to every card and brings the bar's counts up to date. */
		function applyFilter() {
			for (const entry of entries.values()) filterOne(entry);
			if (bar && bar.host.parentNode) drawBar();
		}

		function setFilter(f) {
			if (FILTERS.indexOf(f) < 0) return;
			filter = f;
			applyFilter();
		}

		function count(f) {
			const keys = new Set();
			for (const entry of entries.values()) if (matches(entry, f)) keys.add(entry.key);
			return keys.size;
		}

		/* ---- the weekly review line ------------------------------------------------------ */

		/* One line from the background's review.counts; "" for anything else. */
		function reviewLine(counts) {
			if (!counts || typeof counts !== "object" || typeof counts.waiting !== "number") return "";
			const parts = [t("reviewWaiting", [String(whole(counts.waiting))])];
			const oldest = whole(counts.oldest_days);
			if (oldest >= REVIEW_OLD_DAYS) parts.push(t("reviewOldest", [String(oldest)]));
			if (whole(counts.expiring) > 0) parts.push(t("reviewExpiring", [String(whole(counts.expiring))]));
			if (whole(counts.repeated) > 0) parts.push(t("reviewRepeated", [String(whole(counts.repeated))]));
			const accepted = whole(counts.accepted_this_week);
			const ignored = whole(counts.ignored_this_week);
			if (accepted + ignored > 0) parts.push(t("reviewDecided", [String(accepted), String(ignored)]));
			return parts.join(" · ");
		}

		function setReview(counts) {
			reviewText = reviewLine(counts);
			if (bar && bar.host.parentNode) drawBar();
		}

		function drawBar() {
			const wrap = bar.wrap;
			const focused = bar.shadow.activeElement ? bar.shadow.activeElement.getAttribute("data-filter") : null;
			while (wrap.firstChild) wrap.removeChild(wrap.firstChild);
			theme(wrap);
			wrap.classList.add("bar");
			wrap.setAttribute("role", "group");
			wrap.setAttribute("aria-label", t("filterBarLabel"));
			for (const f of FILTERS) {
				const b = el("button", "filter", t(FILTER_LABELS[f]) + " (" + count(f) + ")");
				b.type = "button";
				b.setAttribute("data-filter", f);
				b.setAttribute("aria-pressed", f === filter ? "true" : "false");
				b.addEventListener("click", function () { setFilter(f); });
				wrap.appendChild(b);
				if (f === focused) b.focus();
			}
			if (reviewText) wrap.appendChild(el("span", "review", reviewText));
			if (setup) {
				const line = el("div", "setup", setup.text);
				line.setAttribute("role", "note");
				line.appendChild(actionButton(setup));
				wrap.appendChild(line);
			}
		}

		function actionButton(action) {
			const b = el("button", "action", action.label);
			b.type = "button";
			b.addEventListener("click", function () { action.run(); });
			return b;
		}

		/* `action` ({text, label, run}) shows one more line under the bar; null takes it away. */
		function setSetup(action) {
			setup = action && typeof action.run === "function" ? action : null;
			if (bar && bar.host.parentNode) drawBar();
		}

		/* Puts the filter bar just above `list` (the element holding the cards). */
		function showBar(list) {
			if (!list || !list.parentNode) return null;
			if (!bar) bar = makeHost("div");
			if (bar.host.nextSibling !== list || bar.host.parentNode !== list.parentNode) {
				list.parentNode.insertBefore(bar.host, list);
			}
			drawBar();
			return bar.host;
		}

		/* ---- archive --------------------------------------------------------------------- */

		function setArchived(keys) {
			archived.clear();
			for (const k of keys) archived.add(k);
			for (const entry of entries.values()) buildCard(entry);
			applyFilter();
		}

		/* ---- the one notice -------------------------------------------------------------- */

		/* `action` ({label, run}), when given, adds the button that leads to a fix. */
		function showNotice(where, text, action) {
			if (!notice) {
				notice = makeHost("div");
				notice.wrap.classList.add("notice");
				notice.wrap.setAttribute("role", "status");
			}
			theme(notice.wrap);
			notice.wrap.textContent = "";
			notice.wrap.appendChild(el("span", "text", text));
			if (action && typeof action.run === "function") notice.wrap.appendChild(actionButton(action));
			if (!notice.host.parentNode && where) {
				/* Above the list; inside <body> or <main> when that is all there is. */
				const top = where === doc.body || where === doc.documentElement || !where.parentNode ||
					where.parentNode === doc.documentElement;
				if (top) where.insertBefore(notice.host, where.firstChild);
				else where.parentNode.insertBefore(notice.host, where);
			}
			return notice.host;
		}

		function hideNotice() {
			if (notice && notice.host.parentNode) notice.host.parentNode.removeChild(notice.host);
		}

		/* Removes everything Tact drew and shows every card again. */
		function clear() {
			for (const entry of entries.values()) {
				setHidden(entry, false);
				if (entry.host.parentNode) entry.host.parentNode.removeChild(entry.host);
			}
			entries.clear();
			if (bar && bar.host.parentNode) bar.host.parentNode.removeChild(bar.host);
			/* Coming back to the list later starts unfiltered, as a fresh page would. */
			filter = "all";
			reviewText = "";
			setup = null;
			hideNotice();
		}

		/* True for a node Tact put into the page. */
		function isOwn(node) {
			return !!(node && node.nodeType === 1 && node.hasAttribute(marker));
		}

		return {
			render: render,
			renderNote: renderNote,
			forget: forget,
			refresh: applyFilter,
			update: update,
			prune: prune,
			showHint: showHint,
			showBar: showBar,
			setReview: setReview,
			setSetup: setSetup,
			setFilter: setFilter,
			setCompact: setCompact,
			filter: function () { return filter; },
			setArchived: setArchived,
			showNotice: showNotice,
			hideNotice: hideNotice,
			clear: clear,
			isOwn: isOwn,
			count: count,
		};
	}

	const api = { FILTERS: FILTERS, CSS: CSS, createUI: createUI };
	root.TactContent = root.TactContent || {};
	root.TactContent.ui = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
