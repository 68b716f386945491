/*
 * handlers.js: THE one table of requests the background answers (runtime.sendMessage).
 *
 * A message is `{type, params}`. Each entry of HANDLERS names the callers that may use it:
 *   "content"    Tact's content script on an https://www.linkedin.com page (a tab);
 *   "extension"  a page of the extension itself (options, popup).
 * Who called is decided from the sender the browser reports (sender.id, sender.origin or,
 * where the browser gives no origin, sender.url), never from anything inside the message.
 * Each entry checks the shape of `params` and passes it on through native.js; the answer
 * is `{ok: true, result}` or `{ok: false, error: {code, message}}`, so a caller never waits
 * for an answer that does not come.
 *
 * Classic script (importScripts in Chromium's worker, background.scripts in Firefox):
 * attaches to globalThis.TactHandlers and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const CONTENT = "content";
	const U = typeof module !== "undefined" && module.exports ? require("../common/util.js") : root.TactUtil;
	const failure = U.failure;
	const isObject = U.isObject;
	const utf8Length = U.utf8Length;
	const whole = U.count;

	const EXTENSION = "extension";
	const LINKEDIN_ORIGIN = "https://www.linkedin.com";

	const MAX_BATCH = 2000;
	const MAX_KEY_BYTES = 512;
	const KINDS = ["person", "page", "newsletter", "event", "group"];
	const INTENTS = ["not_now", "only_known", "own_field", "company_burst", "how_know", "thanks_follow_up",
		"met_event", "formal_decline", "welcome_note"];
	const ALL_DECISIONS = ["accepted", "ignored", "declined", "archived", "messaged", "not_scam", "report_scam"];
	/* What the page itself can witness: the user's clicks and Tact's own archive. */
	const PAGE_DECISIONS = ["accepted", "ignored", "archived", "messaged"];
	/* The extension's own pages a content script may ask to open. */
	const PAGES = ["options"];
	const PROTOCOL = 1;
	const MAX_NAME_BYTES = 300;
	const MAX_REPLY_BYTES = 4000;
	const PANEL_REASONS = 12;
	/* The set-up page waits this long for hello before it calls the host silent. */
	const HOST_CHECK_MS = 5000;

	function needString(value, field, maxBytes) {
		if (typeof value !== "string" || value === "") throw failure("bad_request", "Field \"" + field + "\" must be a non-empty string.");
		if (maxBytes && utf8Length(value) > maxBytes) throw failure("bad_request", "Field \"" + field + "\" is longer than " + maxBytes + " bytes.");
		return value;
	}

	function needParams(params) {
		if (params === undefined) return {};
		if (!isObject(params)) throw failure("bad_request", "Field \"params\" must be an object.");
		return params;
	}

	function lengthOf(list) {
		return Array.isArray(list) ? list.length : 0;
	}

	/* review.summary (docs/PROTOCOL.md) down to what the bar shows. */
	function reviewCounts(summary) {
		const s = isObject(summary) ? summary : {};
		const weeks = Array.isArray(s.decisions_by_week) ? s.decisions_by_week : [];
		const week = isObject(weeks[weeks.length - 1]) ? weeks[weeks.length - 1] : {};
		return {
			waiting: lengthOf(s.this_week),
			oldest_days: whole(s.oldest_pending_days),
			expiring: lengthOf(s.expiring_soon),
			repeated: lengthOf(s.repeated),
			accepted_this_week: whole(week.accepted),
			ignored_this_week: whole(week.ignored) + whole(week.declined),
		};
	}

	/* One invitation record as content/parse.js makes it; the host checks the rest. */
	function checkInvitation(inv, where) {
		if (!isObject(inv)) throw failure("bad_request", where + " must be an object.");
		needString(inv.key, where + ".key", MAX_KEY_BYTES);
		needString(inv.name, where + ".name");
		if (inv.kind !== undefined && KINDS.indexOf(inv.kind) < 0) throw failure("bad_request", where + ".kind is not a known kind.");
	}

	/* `s` cut to at most `max` UTF-8 bytes, between characters. */
	function clipBytes(s, max) {
		let out = "";
		let n = 0;
		for (const ch of s) {
			n += utf8Length(ch);
			if (n > max) break;
			out += ch;
		}
		return out;
	}

	/* What of a classify result the panel shows: bucket, Suspicious and the reasons as text. */
	function panelVerdict(v) {
		if (!isObject(v)) return null;
		const reasons = (Array.isArray(v.reasons) ? v.reasons : []).filter(function (r) {
			return isObject(r) && typeof r.text === "string" && r.text !== "";
		}).slice(0, PANEL_REASONS).map(function (r) {
			return { text: clipBytes(r.text, MAX_REPLY_BYTES), weight: typeof r.weight === "number" && Number.isFinite(r.weight) ? r.weight : 0 };
		});
		const bucket = ["accept", "review", "ignore"].indexOf(v.bucket) >= 0 ? v.bucket : null;
		return { bucket: bucket, suspicious: v.suspicious === true, reasons: reasons };
	}

	function pick(params, fields) {
		const out = {};
		for (const f of fields) if (params[f] !== undefined) out[f] = params[f];
		return out;
	}

	/* The browser's UI language goes with every request whose answer the user reads, so the
	 * host words reasons, badges and advice in it (the profile's own locale, when set, wins
	 * there). It comes from the browser, never from the caller's message. */
	function withLanguage(params, context) {
		if (context && typeof context.uiLanguage === "string" && context.uiLanguage !== "") {
			params.ui_language = context.uiLanguage.slice(0, 35);
		}
		return params;
	}

	/*
	 * Why tact-host cannot be reached, from the error native.js gave (its code and the
	 * browser's own text), as one of the causes the set-up page explains:
	 *   not_found   Chromium: no host manifest for this browser, or the program it names is
	 *               gone (Chromium answers both alike);
	 *   forbidden   the manifest does not list this extension's id;
	 *   no_start    the program cannot be started (where the browser says so apart from exited);
	 *   exited      it exited or crashed before answering; Chromium on Linux says the same of a
	 *               file it cannot execute;
	 *   firefox     Firefox's one answer for a missing, invalid or forbidding manifest;
	 *   timeout     it runs but does not answer;
	 *   other       anything else (the text is shown as the browser gave it).
	 */
	function hostProblem(err) {
		const code = err && typeof err.code === "string" ? err.code : "";
		const text = err && typeof err.message === "string" ? err.message : "";
		let cause = "other";
		if (code === "timeout") cause = "timeout";
		else if (/host not found|is not registered/i.test(text)) cause = "not_found";
		else if (/forbidden/i.test(text)) cause = "forbidden";
		else if (/failed to start/i.test(text)) cause = "no_start";
		else if (/has exited|error when communicating/i.test(text)) cause = "exited";
		else if (/no such native application/i.test(text)) cause = "firefox";
		else if (code === "disconnected" && /^tact-host closed/.test(text)) cause = "exited";
		return { cause: cause, code: code || "internal", message: text };
	}

	/* hello, or what stops it, in one answer: the set-up page's first look. */
	function hostStatus(native) {
		return native.request("hello", undefined, { timeoutMs: HOST_CHECK_MS }).then(function (hello) {
			const data = isObject(hello) && isObject(hello.data) ? hello.data : {};
			if (!isObject(hello) || hello.protocol !== PROTOCOL) {
				return { reachable: true, ready: false, problem: { cause: "protocol", code: "bad_answer", message: "" }, hello: hello };
			}
			if (data.state !== "ready") {
				return { reachable: true, ready: false, problem: { cause: "data", code: "unavailable", message: "" }, hello: hello };
			}
			return { reachable: true, ready: true, hello: hello };
		}, function (err) {
			return { reachable: false, ready: false, problem: hostProblem(err) };
		});
	}

	/* An extension-only entry that forwards its params object as given. */
	function passThrough(type) {
		return {
			callers: [EXTENSION],
			run: function (native, params) { return native.request(type, needParams(params)); },
		};
	}

	const HANDLERS = {
		hello: {
			callers: [CONTENT, EXTENSION],
			run: function (native) { return native.request("hello"); },
		},
		classify: {
			callers: [CONTENT, EXTENSION],
			run: function (native, raw, caller, context) {
				const params = needParams(raw);
				const list = params.invitations;
				if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH) {
					throw failure("bad_request", "Field \"invitations\" must be a list of 1 to " + MAX_BATCH + " invitations.");
				}
				list.forEach(function (inv, i) { checkInvitation(inv, "Invitation " + i); });
				return native.request("classify", withLanguage({ invitations: list }, context));
			},
		},
		decide: {
			callers: [CONTENT, EXTENSION],
			run: function (native, raw, caller) {
				const params = needParams(raw);
				needString(params.key, "key", MAX_KEY_BYTES);
				const allowed = caller === CONTENT ? PAGE_DECISIONS : ALL_DECISIONS;
				if (allowed.indexOf(params.decision) < 0) {
					throw failure("bad_request", "Field \"decision\" must be one of " + allowed.join(", ") + ".");
				}
				return native.request("decide", { key: params.key, decision: params.decision });
			},
		},
		replies: {
			callers: [CONTENT, EXTENSION],
			run: function (native, raw, caller, context) {
				const params = needParams(raw);
				if (params.key !== undefined) needString(params.key, "key", MAX_KEY_BYTES);
				else checkInvitation(params.invitation, "Field \"invitation\"");
				if (params.intent !== undefined && INTENTS.indexOf(params.intent) < 0) {
					throw failure("bad_request", "Field \"intent\" is not a known intent.");
				}
				return native.request("replies", withLanguage(pick(params, ["key", "invitation", "intent"]), context));
			},
		},
		"host.status": {
			callers: [EXTENSION],
			run: function (native) { return hostStatus(native); },
		},
		/* The page's "Tell Tact about you" and "What is wrong?" buttons. */
		open_page: {
			callers: [CONTENT, EXTENSION],
			run: function (native, raw, caller, context) {
				const params = needParams(raw);
				if (PAGES.indexOf(params.page) < 0) throw failure("bad_request", "Field \"page\" must be one of " + PAGES.join(", ") + ".");
				if (!context || typeof context.openPage !== "function") throw failure("unavailable", "This browser cannot open Tact's pages from here.");
				return Promise.resolve(context.openPage(params.page)).then(function () { return { opened: params.page }; });
			},
		},
		/*
		 * A card's Note control: the side panel turns to that invitation. The panel is opened
		 * first, synchronously, while the browser still counts the user's click (both browsers
		 * open side panels only in answer to one).
		 */
		"panel.show": {
			callers: [CONTENT],
			run: function (native, raw, caller, context, sender) {
				const params = needParams(raw);
				needString(params.key, "key", MAX_KEY_BYTES);
				const name = typeof params.name === "string" ? clipBytes(params.name, MAX_NAME_BYTES) : "";
				const tab = isObject(sender) && isObject(sender.tab) && typeof sender.tab.id === "number" ? sender.tab.id : null;
				if (!context || typeof context.openPanel !== "function") throw failure("unavailable", "This browser has no side panel for Tact.");
				const opened = context.openPanel(sender.tab);
				const focus = { key: params.key, name: name, tab: tab, verdict: panelVerdict(params.verdict) };
				return Promise.all([opened, context.setFocus(focus)]).then(function (r) { return { shown: params.key, opened: r[0] }; });
			},
		},
		/*
		 * "Fill from my LinkedIn profile": the LinkedIn profile tab the user looked at last reads
		 * itself, if it is their own; the options page shows the result for them to save.
		 */
		"profile.read_page": {
			callers: [EXTENSION],
			run: function (native, raw, caller, context) {
				if (!context || typeof context.profileTab !== "function" || typeof context.toTab !== "function") {
					throw failure("unavailable", "No tab can be reached from here.");
				}
				return Promise.resolve(context.profileTab()).then(function (tab) {
					if (tab === null) throw failure("no_profile_tab", "No tab shows a LinkedIn profile.");
					return context.toTab(tab, { type: "tact.read_own_profile" });
				});
			},
		},
		/* The panel's Insert: the reply goes to the content script of the tab the card is in. */
		"reply.insert": {
			callers: [EXTENSION],
			run: function (native, raw, caller, context) {
				const params = needParams(raw);
				needString(params.key, "key", MAX_KEY_BYTES);
				needString(params.text, "text", MAX_REPLY_BYTES);
				if (typeof params.tab !== "number" || !Number.isInteger(params.tab) || params.tab < 0) {
					throw failure("bad_request", "Field \"tab\" must be a tab id.");
				}
				if (!context || typeof context.toTab !== "function") throw failure("unavailable", "No tab can be reached from here.");
				return context.toTab(params.tab, { type: "tact.insert_reply", key: params.key, text: params.text });
			},
		},
		"profile.get": passThrough("profile.get"),
		"profile.set": passThrough("profile.set"),
		"review.summary": passThrough("review.summary"),
		/* The weekly review as numbers only: a content script never sees names from history. */
		"review.counts": {
			callers: [CONTENT, EXTENSION],
			run: function (native, raw, caller, context) {
				return native.request("review.summary", {}).then(function (summary) {
					const counts = reviewCounts(summary);
					/* The toolbar badge says the same as the bar: how many wait for the user. */
					if (context && typeof context.setBadge === "function") context.setBadge(counts.waiting);
					return counts;
				});
			},
		},
		"history.list": passThrough("history.list"),
		compose_invite: passThrough("compose_invite"),
		"vault.status": passThrough("vault.status"),
		"vault.setup": passThrough("vault.setup"),
		"vault.unlock": passThrough("vault.unlock"),
		"vault.lock": passThrough("vault.lock"),
		"vault.set_autolock": passThrough("vault.set_autolock"),
		"vault.change_passphrase": passThrough("vault.change_passphrase"),
		"notes.put": passThrough("notes.put"),
		"notes.get": passThrough("notes.get"),
		"notes.list": passThrough("notes.list"),
		"notes.delete": passThrough("notes.delete"),
		"notes.export": passThrough("notes.export"),
		"notes.import": passThrough("notes.import"),
	};

	function originOf(url) {
		try {
			return new URL(url).origin;
		} catch {
			return null;
		}
	}

	/*
	 * Which caller `sender` is: CONTENT, EXTENSION, or null for anyone else (another
	 * extension, a page of another site, a frame we do not run in). `runtime` gives our own
	 * id and base URL (runtime.getURL("")).
	 */
	function callerOf(sender, runtime) {
		if (!isObject(sender) || sender.id !== runtime.id) return null;
		const base = runtime.getURL("");
		/* Not new URL(base).origin: outside the browser an extension scheme has a null origin. */
		const ownOrigin = base.replace(/\/+$/, "");
		const url = typeof sender.url === "string" ? sender.url : "";
		const ownUrl = base !== "" && url.indexOf(base) === 0;
		/* Chromium reports the origin of the frame that sent; Firefox leaves it out. */
		const origin = typeof sender.origin === "string" ? sender.origin : ownUrl ? ownOrigin : originOf(url);
		if (origin === null) return null;
		if (origin === ownOrigin && ownUrl) return EXTENSION;
		if (origin === LINKEDIN_ORIGIN && originOf(url) === LINKEDIN_ORIGIN && isObject(sender.tab)) {
			/* Only the top frame: the manifest runs the content script nowhere else. */
			if (sender.frameId !== undefined && sender.frameId !== 0) return null;
			return CONTENT;
		}
		return null;
	}

	function asError(err) {
		const code = err && typeof err.code === "string" ? err.code : "internal";
		const message = err && typeof err.message === "string" ? err.message : String(err);
		return { ok: false, error: { code: code, message: message } };
	}

	/*
	 * Creates the dispatcher: `dispatch(message, sender)` always resolves with an answer
	 * object. `options.native` is a native.js client, `options.runtime` the browser's runtime,
	 * `options.uiLanguage` the browser's UI language (i18n.getUILanguage()), `options.openPage(name)`
	 * opens one of the extension's pages, `options.openPanel(tab)` the side panel (synchronously
	 * inside the click's gesture; → Promise), `options.setFocus(focus)` tells the panel which
	 * invitation to show, `options.toTab(tabId, message)` asks a tab's content script, `options.profileTab()` is the
	 * id of the LinkedIn profile tab seen last (or null), and `options.setBadge(n)` shows n on
	 * the toolbar button.
	 */
	function createDispatcher(options) {
		const native = options.native;
		const runtime = options.runtime;
		const log = options.log || function () {};
		const context = {
			uiLanguage: options.uiLanguage, openPage: options.openPage, openPanel: options.openPanel,
			setFocus: options.setFocus, toTab: options.toTab, setBadge: options.setBadge, profileTab: options.profileTab,
		};

		function dispatch(message, sender) {
			const caller = callerOf(sender, runtime);
			if (caller === null) {
				log("tact: refused a message from an unknown sender");
				return Promise.resolve(asError(failure("forbidden", "This sender may not talk to Tact.")));
			}
			if (!isObject(message) || typeof message.type !== "string") {
				return Promise.resolve(asError(failure("bad_request", "A message is an object with a string \"type\".")));
			}
			const entry = Object.prototype.hasOwnProperty.call(HANDLERS, message.type) ? HANDLERS[message.type] : null;
			if (!entry) return Promise.resolve(asError(failure("unknown_type", "Tact has no request \"" + message.type + "\".")));
			if (entry.callers.indexOf(caller) < 0) {
				log("tact: refused \"" + message.type + "\" from a " + caller + " caller");
				return Promise.resolve(asError(failure("forbidden", "\"" + message.type + "\" is not available to this caller.")));
			}
			/* Run at once, not on a later turn: a click's user gesture lasts only that long. */
			let running;
			try {
				running = Promise.resolve(entry.run(native, message.params, caller, context, sender));
			} catch (err) {
				running = Promise.reject(err);
			}
			return running.then(function (result) { return { ok: true, result: result }; }, asError);
		}

		return { dispatch: dispatch };
	}

	const api = {
		CONTENT: CONTENT,
		EXTENSION: EXTENSION,
		HANDLERS: HANDLERS,
		callerOf: callerOf,
		hostProblem: hostProblem,
		createDispatcher: createDispatcher,
	};
	root.TactHandlers = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
