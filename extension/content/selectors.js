/*
 * selectors.js: every selector Tact uses on LinkedIn's invitation manager, in one place.
 *
 * Each field is found through an ordered list of strategies; the first that gives an
 * answer wins, and its name is reported so that a change of markup shows up as a change
 * of strategy rather than as a wrong answer. The order is always:
 *   1. semantic hooks (role, data-view-name, aria-label, componentkey, link shapes),
 *   2. structure (position inside the card),
 *   3. words of the page's language (passed in by the caller, never the only way).
 * Hashed class names (the 2025–26 markup's "_6a1f…") are never used. The BEM class
 * names of the older markup ("invitation-card__title") are stable names and are used
 * for that markup only, after the semantic strategies.
 *
 * Fixtures that cover these selectors (tests/fixtures/):
 *   received-2026-en.html    the 2025–26 server-driven markup (role="listitem",
 *                            data-view-name, componentkey), every kind of invitation
 *   received-legacy-en.html  the older Ember markup (li.invitation-card, .invitation-card__*)
 *   received-2026-{fr,de,es,pt}.html  the same markup in other languages
 *   hostile.html             hostile text and links in every field
 *
 * The message box (for one-click replies) is here too: its editor, the card's Message
 * control, and the Send controls Tact must never click.
 *
 * Classic script: attaches to globalThis.TactContent.selectors and, under node, to
 * module.exports. Reads the DOM only; never writes it.
 */
(function (root) {
	"use strict";

	/*
	 * Where the list of received invitations lives, most specific first. The generic
	 * fallbacks (GENERIC_ROOT) are tried only when no screen marker (SCREEN) says the page
	 * shows something else: LinkedIn changes the address before it draws the new screen,
	 * and the sent view's cards or a feed's posts must never be read as invitations.
	 */
	const ROOT = [
		{ name: "sdui-screen", css: '[role="main"][data-sdui-screen*="InvitationReceived"]' },
		{ name: "legacy-container", css: ".mn-invitation-manager__container" },
		{ name: "legacy-list", css: "ul.mn-invitation-list" },
	];
	const SENT_ROOT = [
		{ name: "sdui-screen-sent", css: '[role="main"][data-sdui-screen*="InvitationSent"]' },
	];
	const GENERIC_ROOT = [
		{ name: "main", css: "main" },
		{ name: "role-main", css: '[role="main"]' },
	];
	const SCREEN = "[data-sdui-screen]";

	/* The invitations preview on My Network (/mynetwork/grow/), and nothing else there. */
	const PREVIEW_ROOT = [
		{ name: "grow-preview", css: '[componentkey="MyNetwork_InvitationsPreview"]' },
	];

	/*
	 * One invitation card. `up` climbs from the hit to the element that is the card;
	 * `has` requires descendants (every selector in it) for the hit to count.
	 */
	const CARD = [
		{ name: "pending-invitation", css: '[data-view-name="pending-invitation"]', up: '[role="listitem"]' },
		{ name: "listitem-invitation-key", css: '[role="listitem"][componentkey*="nvitation"]' },
		{
			name: "listitem-with-actions",
			css: '[role="listitem"]',
			has: ["button[aria-label]", 'a[href*="/in/"], a[href*="/company/"], a[href*="/showcase/"], a[href*="/newsletters/"], a[href*="/events/"], a[href*="/groups/"]'],
		},
		{ name: "legacy-invitation-card", css: "li.invitation-card" },
		{ name: "legacy-card-container", css: ".invitation-card__container", up: "li" },
	];

	/* The box holding Ignore and Accept; in it, two buttons are [Ignore, Accept] by position. */
	const ACTIONS = '[data-view-name="invitation-action"]';
	const LEGACY_ACTION_BUTTON = ".invitation-card__action-btn";
	const LEGACY_ACCEPT = '[data-control-name="accept"]';
	const LEGACY_IGNORE = '[data-control-name="decline"], [data-control-name="ignore"]';

	/* Link shapes: what a link to each kind of LinkedIn entity looks like. */
	const LINK_SHAPES = {
		person: /^\/in\/[^/?#]+\/?$/,
		page: /^\/(?:company|showcase|school)\/[^/?#]+\/?$/,
		newsletter: /^\/newsletters\/[^/?#]+\/?$/,
		event: /^\/events\/[^/?#]+\/?$/,
		group: /^\/groups\/[^/?#]+\/?$/,
	};
	const LINKEDIN_HOSTS = ["www.linkedin.com", "linkedin.com"];

	/* The name inside a profile link: the old markup's title first, then strong text. */
	const NAME_IN_LINK = [
		{ name: "legacy-title", css: ".invitation-card__title" },
		{ name: "link-strong", css: "strong" },
	];

	const PHOTO = [
		{ name: "profile-displayphoto", css: 'img[src*="profile-displayphoto"]' },
		{ name: "entity-logo", css: 'img[src*="company-logo"], img[src*="newsletter"], img[src*="event-"], img[src*="group-logo"]' },
		{ name: "alt-profile-picture", css: 'img[alt*="profile picture"]' },
		{ name: "figure-img", css: "figure img[src]" },
		{ name: "legacy-entity-photo", css: "img.EntityPhoto-circle-5, img.presence-entity__image, img.lazy-image" },
	];
	/* Placeholders LinkedIn draws for members without a photo. */
	const GHOST_PHOTO = '[class*="ghost-person"], [class*="ghost-company"], [class*="ghost-organization"], [class*="ghost-school"]';

	/* The filter bar's first link, "All (12)": how many invitations LinkedIn says there are. */
	const TOTAL = [
		{ name: "filter-nav", css: 'nav a[href*="invitation-manager"]' },
		{ name: "grow-heading", css: '[componentkey="MyNetwork_InvitationsPreview"] h2' },
		{ name: "legacy-nav", css: "nav ul li:first-of-type" },
	];

	/*
	 * LinkedIn's message box (the overlay conversation or the messaging page): its editor
	 * is a contenteditable textbox, most specific first.
	 */
	const MESSAGE_EDITOR = [
		{ name: "msg-form-editor", css: '.msg-form__contenteditable[contenteditable="true"]' },
		{ name: "msg-form-textbox", css: 'form.msg-form [role="textbox"][contenteditable="true"]' },
		{ name: "multiline-textbox", css: '[role="textbox"][contenteditable="true"][aria-multiline="true"]' },
	];
	/* A card's Message / Reply control: a messaging link first, then labelled controls. */
	const MESSAGE_LINK = 'a[href*="/messaging/"]';
	const MESSAGE_WORDS = /^(?:message|reply|send (?:a )?message to|répondre|envoyer un message|nachricht|antworten|mensaje|responder|enviar mensaje|enviar mensagem|mensagem)\b/i;
	/* Anything that sends a message, in any of the page's languages: Tact never clicks these. */
	const SEND_CONTROL = ".msg-form__send-button, .msg-form__send-btn, [type=\"submit\"]";
	const SEND_WORDS = /^(?:send|envoyer|senden|enviar|absenden)$/i;

	/* LinkedIn marks its dark theme with a "theme--dark…" class on <html> or <body>. */
	const DARK_THEME = /(?:^|\s)theme--dark/;

	/* LinkedIn's security check: everything stops while it is on screen. */
	const CHALLENGE = 'iframe[src*="challenge"]';

	/* Fields of the older markup, used after the semantic strategies found nothing. */
	const LEGACY = {
		title: ".invitation-card__title",
		subtitle: ".invitation-card__subtitle",
		link: ".invitation-card__link, a[data-control-name=\"profile\"]",
		mutual: ".member-insights, .member-insights__reason",
		mutualCount: ".member-insights__count",
		message: ".invitation-card__custom-message",
		messageContainer: ".invitation-card__custom-message-container",
		time: ".time-badge",
		more: ".lt-line-clamp__more, .lt-line-clamp__less",
	};

	/* Blocks of text inside a card, in document order. */
	const TEXT_BLOCK = "p, h2, h3, h4, time, " + LEGACY.subtitle + ", " + LEGACY.mutual + ", " + LEGACY.message + ", " + LEGACY.time;

	/* Never read text from these: code, hidden copies for screen readers, controls. */
	const SKIP_TEXT = "script, style, template, noscript, svg, [hidden]";
	const A11Y_COPY = ".visually-hidden, .a11y-text, .sr-only";
	const CONTROL = "button, [role=\"button\"], " + LEGACY.more;

	/*
	 * The user's own profile page ("Fill from my LinkedIn profile"): only its owner sees the
	 * edit links, whose addresses say so in any language.
	 */
	const OWN_PROFILE = [
		{ name: "edit-intro", css: 'main a[href*="/edit/intro/"]' },
		{ name: "edit-forms", css: 'main a[href*="/edit/forms/"]' },
	];
	/* A profile section, by the anchor LinkedIn puts at its top (id="experience"…). */
	const PROFILE_SECTION = {
		experience: [{ name: "anchor-id", css: "section #experience", up: "section" }],
		education: [{ name: "anchor-id", css: "section #education", up: "section" }],
	};
	const PROFILE_ENTRY = [
		{ name: "entity", css: '[data-view-name="profile-component-entity"]' },
	];
	/* The visible copy of a line (LinkedIn doubles each line with a hidden one for readers). */
	const VISIBLE_LINE = 'span[aria-hidden="true"]';

	function qsa(scope, css) {
		return Array.prototype.slice.call(scope.querySelectorAll(css));
	}

	function first(scope, strategies) {
		for (const s of strategies) {
			const el = scope.querySelector(s.css);
			if (el) return { el: el, strategy: s.name };
		}
		return null;
	}

	/* `specific`, else (when no screen marker names another view) a generic root, else null. */
	function rootOf(doc, specific) {
		const hit = first(doc, specific);
		if (hit) return hit;
		if (doc.querySelector(SCREEN)) return null;
		return first(doc, GENERIC_ROOT) || { el: doc.body || doc.documentElement, strategy: "document" };
	}

	/* The element the received invitations live in and the strategy that found it, or null. */
	function findRoot(doc) {
		return rootOf(doc, ROOT);
	}

	/* The element the sent invitations live in, or null. */
	function findSentRoot(doc) {
		return rootOf(doc, SENT_ROOT);
	}

	/*
	 * The preview of pending invitations on My Network, or null. That page is full of
	 * "People you may know" cards shaped like invitations, so no wider fallback is tried.
	 */
	function findPreviewRoot(doc) {
		return first(doc, PREVIEW_ROOT);
	}

	/*
	 * Every invitation card under `scope`, in document order, each once. A card never
	 * contains another card, so when two hits nest the inner one is kept.
	 */
	function findCards(scope) {
		const hits = [];
		const seen = new Set();
		for (const s of CARD) {
			for (let el of qsa(scope, s.css)) {
				if (s.up) el = el.closest(s.up) || el;
				if (s.has && !s.has.every(function (css) { return el.querySelector(css); })) continue;
				if (seen.has(el)) continue;
				seen.add(el);
				hits.push({ el: el, strategy: s.name });
			}
		}
		const cards = hits.filter(function (h) {
			return !hits.some(function (o) { return o.el !== h.el && h.el.contains(o.el); });
		});
		cards.sort(function (a, b) {
			const pos = a.el.compareDocumentPosition(b.el);
			return pos & 4 /* FOLLOWING */ ? -1 : pos & 2 /* PRECEDING */ ? 1 : 0;
		});
		return cards;
	}

	/* A link's address resolved against the page when it is LinkedIn's own over https, else null. */
	function linkedinUrl(a) {
		const raw = a.getAttribute("href");
		if (raw === null || raw === "") return null;
		let url;
		try {
			url = new URL(raw, a.ownerDocument.baseURI);
		} catch {
			return null;
		}
		if (url.protocol !== "https:" || LINKEDIN_HOSTS.indexOf(url.hostname) < 0) return null;
		if (url.username !== "" || url.password !== "" || url.port !== "") return null;
		return url;
	}

	/*
	 * Resolves a link's href against the page and says what it points to: `{kind, path,
	 * url}` for a LinkedIn entity over https, or null for anything else (javascript:,
	 * data:, other hosts, messaging links...).
	 */
	function classifyLink(a) {
		const url = linkedinUrl(a);
		if (!url) return null;
		let path = url.pathname;
		for (const kind of Object.keys(LINK_SHAPES)) {
			if (LINK_SHAPES[kind].test(path)) {
				if (path.charAt(path.length - 1) !== "/") path += "/";
				return { kind: kind, path: path, url: "https://www.linkedin.com" + path };
			}
		}
		return null;
	}

	/* Every link in the card to a LinkedIn entity, in document order. */
	function entityLinks(card) {
		const out = [];
		for (const a of qsa(card, "a[href]")) {
			const info = classifyLink(a);
			if (info) out.push({ el: a, kind: info.kind, path: info.path, url: info.url });
		}
		return out;
	}

	/* The card's invitation id from componentkey ("urn:li:invitation:…"), or null. */
	function invitationId(card) {
		const holders = [card].concat(qsa(card, "[componentkey]"));
		for (const el of holders) {
			const key = el.getAttribute("componentkey");
			if (key && /invitation/i.test(key) && /\d{6,}/.test(key)) return key;
		}
		const legacy = card.querySelector("[data-invitation-id]") || (card.hasAttribute("data-invitation-id") ? card : null);
		if (legacy) return "invitation:" + legacy.getAttribute("data-invitation-id");
		return null;
	}

	/*
	 * The Ignore and Accept buttons: `{ignore, accept, strategy}`, either possibly null.
	 * `labels` is the caller's word table ({accept: [...], ignore: [...]}, lower case),
	 * used only by the last strategy.
	 */
	function findActions(card, labels) {
		const box = card.querySelector(ACTIONS);
		if (box) {
			const buttons = box.tagName === "BUTTON" ? [box] : qsa(box, "button");
			if (buttons.length === 2) return { ignore: buttons[0], accept: buttons[1], strategy: "invitation-action" };
		}
		const marked = qsa(card, "button" + ACTIONS);
		if (marked.length === 2) return { ignore: marked[0], accept: marked[1], strategy: "invitation-action-buttons" };
		const legacyAccept = card.querySelector(LEGACY_ACCEPT);
		const legacyIgnore = card.querySelector(LEGACY_IGNORE);
		if (legacyAccept || legacyIgnore) return { ignore: legacyIgnore, accept: legacyAccept, strategy: "data-control-name" };
		const legacyButtons = qsa(card, LEGACY_ACTION_BUTTON);
		if (legacyButtons.length === 2) return { ignore: legacyButtons[0], accept: legacyButtons[1], strategy: "legacy-action-btn" };
		if (labels) {
			let accept = null;
			let ignore = null;
			for (const b of qsa(card, "button")) {
				const words = [b.getAttribute("aria-label") || "", b.textContent || ""].map(function (t) {
					return t.trim().toLowerCase();
				});
				if (!accept && labels.accept.some(function (w) { return words.some(function (t) { return t === w || t.indexOf(w + " ") === 0; }); })) accept = b;
				else if (!ignore && labels.ignore.some(function (w) { return words.some(function (t) { return t === w || t.indexOf(w + " ") === 0; }); })) ignore = b;
			}
			if (accept || ignore) return { ignore: ignore, accept: accept, strategy: "button-words" };
		}
		return { ignore: null, accept: null, strategy: null };
	}

	/* The person's name as the card's profile link shows it, or null. */
	function nameInLink(link) {
		const hit = first(link, NAME_IN_LINK);
		return hit ? { el: hit.el, strategy: hit.strategy } : null;
	}

	/* `{present, strategy}`: whether the card shows a real picture. */
	function photo(card) {
		const hit = first(card, PHOTO);
		if (hit) {
			/* A lazy image holds a data: placeholder in src until it scrolls into view. */
			const sources = ["src", "data-delayed-url", "data-src"].map(function (a) { return hit.el.getAttribute(a) || ""; });
			const ghost = hit.el.matches(GHOST_PHOTO) || hit.el.closest(GHOST_PHOTO) !== null;
			if (!ghost && sources.some(function (src) { return /^https:\/\//.test(src); })) {
				return { present: true, strategy: hit.strategy };
			}
		}
		if (card.querySelector(GHOST_PHOTO)) return { present: false, strategy: "ghost" };
		return { present: false, strategy: hit ? "placeholder" : "none" };
	}

	/* Text blocks of the card that are not inside controls or hidden copies, in order. */
	function textBlocks(card) {
		const out = [];
		for (const el of qsa(card, TEXT_BLOCK)) {
			if (el.closest(CONTROL) || el.closest(SKIP_TEXT) || el.closest(A11Y_COPY)) continue;
			/* A block inside another block is read as part of the outer one. */
			const outer = el.parentElement ? el.parentElement.closest(TEXT_BLOCK) : null;
			if (outer && card.contains(outer)) continue;
			out.push(el);
		}
		return out;
	}

	/* `{el, strategy}` for the old markup's fields, by name of LEGACY, or null. */
	function legacy(card, field) {
		const el = card.querySelector(LEGACY[field]);
		return el ? { el: el, strategy: "legacy-" + field } : null;
	}

	/*
	 * `{count, strategy}`: the number of invitations the page announces, from the first
	 * "(N)" of the filter bar or heading, or null when it shows none.
	 */
	function totalCount(scope) {
		for (const s of TOTAL) {
			for (const el of qsa(scope, s.css)) {
				const m = /\((\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)\)/.exec(el.textContent || "");
				if (m) return { count: parseInt(m[1].replace(/[^\d]/g, ""), 10), strategy: s.name };
			}
		}
		return null;
	}

	/* Whether LinkedIn shows a security check. */
	function challenge(doc) {
		return doc.querySelector(CHALLENGE) !== null;
	}

	/* A `<time datetime>` in the card, or null. */
	function timeElement(card) {
		return card.querySelector("time[datetime]");
	}

	/* An element's aria-label, title and text, each with its spaces folded. */
	function controlWords(el) {
		return [el.getAttribute("aria-label") || "", el.getAttribute("title") || "", el.textContent || ""]
			.map(function (w) { return w.replace(/\s+/g, " ").trim(); });
	}

	/*
	 * True for a link to LinkedIn's own messaging over https. A link written into a note
	 * may point anywhere, so the address is checked, not only its shape.
	 */
	function isMessagingLink(a) {
		const url = linkedinUrl(a);
		return url !== null && /^\/messaging\//.test(url.pathname);
	}

	/* True for an element inside the card's text (a note, a headline): never a control of LinkedIn's. */
	function inCardText(el, card) {
		const block = el.closest(TEXT_BLOCK);
		return block !== null && card.contains(block);
	}

	/* True for anything that would send a message when clicked. */
	function isSendControl(el) {
		if (!el || el.nodeType !== 1) return false;
		if (el.matches(SEND_CONTROL) || el.closest(SEND_CONTROL)) return true;
		return controlWords(el).some(function (w) { return SEND_WORDS.test(w); });
	}

	/*
	 * The card's own Message / Reply control, or the messaging link LinkedIn draws right
	 * after the card; null when there is none.
	 */
	function findMessageControl(card) {
		for (const a of qsa(card, MESSAGE_LINK)) {
			if (isMessagingLink(a) && !inCardText(a, card)) return a;
		}
		for (const b of qsa(card, 'button, [role="button"]')) {
			if (inCardText(b, card)) continue;
			if (controlWords(b).some(function (w) { return MESSAGE_WORDS.test(w); })) return b;
		}
		/* The link LinkedIn draws right after the card, never one inside the next person's card. */
		const next = card.nextElementSibling;
		if (!next || findCards(next).length > 0 || CARD.some(function (c) { return next.matches(c.css); })) return null;
		if (next.matches(MESSAGE_LINK)) return isMessagingLink(next) ? next : null;
		for (const a of qsa(next, MESSAGE_LINK)) if (isMessagingLink(a)) return a;
		return null;
	}

	/*
	 * The open editor that holds the focus, or null: clicking Message for a conversation
	 * already open focuses its box instead of opening a new one.
	 */
	function focusedEditor(doc) {
		const active = doc.activeElement;
		if (!active) return null;
		for (const e of messageEditors(doc)) if (e === active || e.contains(active)) return e;
		return null;
	}

	/* Whether LinkedIn shows its dark theme. */
	function darkTheme(doc) {
		return [doc.documentElement, doc.body].some(function (n) { return n && DARK_THEME.test(n.getAttribute("class") || ""); });
	}

	/* The owner's edit control on a profile page and the strategy that found it, or null. */
	function ownProfile(doc) {
		return first(doc, OWN_PROFILE);
	}

	/* The section element for `name` ("experience" or "education"), or null. */
	function profileSection(doc, name) {
		const hit = first(doc, PROFILE_SECTION[name] || []);
		if (!hit) return null;
		const s = (PROFILE_SECTION[name].filter(function (x) { return x.name === hit.strategy; })[0] || {}).up;
		const el = s ? hit.el.closest(s) : hit.el;
		return el ? { el: el, strategy: hit.strategy } : null;
	}

	/* Every open message editor, in the order of MESSAGE_EDITOR then of the document. */
	function messageEditors(doc) {
		const out = [];
		for (const s of MESSAGE_EDITOR) {
			for (const e of qsa(doc, s.css)) if (out.indexOf(e) < 0) out.push(e);
		}
		return out;
	}

	const api = {
		ROOT: ROOT,
		CARD: CARD,
		ACTIONS: ACTIONS,
		LINK_SHAPES: LINK_SHAPES,
		SKIP_TEXT: SKIP_TEXT,
		A11Y_COPY: A11Y_COPY,
		CONTROL: CONTROL,
		LEGACY: LEGACY,
		findRoot: findRoot,
		findSentRoot: findSentRoot,
		findPreviewRoot: findPreviewRoot,
		findCards: findCards,
		classifyLink: classifyLink,
		entityLinks: entityLinks,
		invitationId: invitationId,
		findActions: findActions,
		nameInLink: nameInLink,
		photo: photo,
		textBlocks: textBlocks,
		legacy: legacy,
		timeElement: timeElement,
		totalCount: totalCount,
		challenge: challenge,
		MESSAGE_EDITOR: MESSAGE_EDITOR,
		isSendControl: isSendControl,
		findMessageControl: findMessageControl,
		messageEditors: messageEditors,
		focusedEditor: focusedEditor,
		darkTheme: darkTheme,
		OWN_PROFILE: OWN_PROFILE,
		PROFILE_SECTION: PROFILE_SECTION,
		PROFILE_ENTRY: PROFILE_ENTRY,
		VISIBLE_LINE: VISIBLE_LINE,
		ownProfile: ownProfile,
		profileSection: profileSection,
	};

	root.TactContent = root.TactContent || {};
	root.TactContent.selectors = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
