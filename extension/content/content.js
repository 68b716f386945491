/*
 * content.js: the content script's controller on LinkedIn's invitation manager.
 *
 * - It runs on every LinkedIn page, because LinkedIn moves between pages without loading
 *   them, but stays dormant (no observer, no port) except on the received-invitations
 *   pages and the My Network preview (pageKind).
 * - On those pages it reads the cards (selectors.js, parse.js) and sends
 *   the records that are NEW or CHANGED since they were last sent, in batches, to the
 *   background (`classify`); a per-key fingerprint means an unchanged card is never sent
 *   twice. The verdicts are drawn by ui.js.
 * - While active, a debounced MutationObserver picks up cards LinkedIn adds or removes; the
 *   URL is polled (and popstate heard) to follow LinkedIn's in-page navigation. No script
 *   is put into the page.
 * - When the page cannot be read with confidence, one quiet notice says so.
 * - The user's own clicks on LinkedIn's Accept and Ignore buttons are reported (`decide`).
 *   Tact itself never clicks them.
 * - On the received view, the bar carries the weekly review (`review.counts`: numbers only),
 *   asked again after new verdicts and decisions.
 * - One port to the background stays open while the page is shown, which keeps the native
 *   connection (and an unlocked vault) alive.
 *
 * Classic script, loaded last (manifest: util, selectors, parse, ui, reply, sent, content). Exports
 * createController to node for the tests; in the browser it starts itself.
 */
(function (root) {
	"use strict";

	const PAGE_PORT = "tact-page";
	const ARCHIVE_STORE = "archived";
	/* The options page writes the time here when the user saves their profile. */
	const PROFILE_STORE = "profileSaved";
	const DEBOUNCE_MS = 50;
	const POLL_MS = 250;
	const BATCH_SIZE = 100;
	const RECONNECT_MS = 1000;
	/* A sent invitation this old gets a note: LinkedIn drops them at about six months. */
	const SENT_WAITING_DAYS = 120;
	const DAYS_PER_MONTH = 30;

	/*
	 * What Tact does on a LinkedIn address: "received" on the invitation manager's received
	 * view (full interface), "preview" on My Network's invitations preview (read-only),
	 * "sent" on the sent view (a note on invitations waiting for months; nothing goes to
	 * tact-host), null elsewhere (the feed, messaging...: nothing is read).
	 */
	function pageKind(href) {
		let path;
		try {
			path = new URL(href).pathname;
		} catch {
			return null;
		}
		if (/^\/mynetwork\/invitation-manager\/sent(?:\/|$)/.test(path)) return "sent";
		if (/^\/mynetwork\/invitation-manager(?:\/|$)/.test(path)) return "received";
		if (/^\/mynetwork(?:\/grow)?\/?$/.test(path)) return "preview";
		return null;
	}

	/* What identifies a record's content: any change of a field is a change. */
	function fingerprint(record) {
		return JSON.stringify(Object.keys(record).sort().map(function (k) { return [k, record[k]]; }));
	}

	/*
	 * Creates the controller. `options`: doc, win, parse, selectors, ui (the ui.js module),
	 * reply (reply.js), sent (sent.js), send(message) → Promise of the background's answer, connect(name) →
	 * port, storage ({get(key), set(object)} → Promises; optional watch(key, fn(newValue),
	 * abortSignal)), alive() → false once the extension is gone, t(name, substitutions) → label; debounceMs,
	 * pollMs, batchSize, requireTrusted (default true: only real clicks count), log.
	 */
	function createController(options) {
		const doc = options.doc;
		const win = options.win;
		const P = options.parse;
		const S = options.selectors;
		const R = options.reply;
		const t = options.t;
		const send = options.send;
		const storage = options.storage;
		const log = options.log || function () {};
		const debounceMs = options.debounceMs !== undefined ? options.debounceMs : DEBOUNCE_MS;
		const pollMs = options.pollMs !== undefined ? options.pollMs : POLL_MS;
		const batchSize = options.batchSize || BATCH_SIZE;
		const requireTrusted = options.requireTrusted !== false;

		const sent = new Map();      /* key → fingerprint sent (or on its way) */
		const verdicts = new Map();  /* key → classify result */
		let archived = new Set();
		let cards = [];              /* the last parsePage cards */
		let labels = null;
		let port = null;
		let scanTimer = null;
		let lastScanAt = 0;
		let pollTimer = null;
		let observer = null;
		let abort = null;
		let lastUrl = null;
		let mode = null;             /* pageKind of the page while active, else null */
		let visit = 0;               /* changes on every arrival and departure: late answers are dropped */
		let reconnectTimer = null;
		let stopped = false;
		let noticeShown = false;
		let profileAsked = false;    /* this visit asked whether a profile exists */
		let reviewAsking = false;    /* a review.summary is on its way */
		let reviewAgain = false;     /* ...and something changed since it was asked */
		const stats = { batches: 0, scans: 0 };

		const ui = options.ui.createUI({
			doc: doc,
			t: t,
			onArchive: archive,
			onRestore: restore,
			onReply: insertReply,
			onNote: showInPanel,
		});

		/* ---- background --------------------------------------------------------------- */

		/* Only pages that ask tact-host for verdicts hold a port (and so keep it running). */
		function connectPort() {
			reconnectTimer = null;
			if (port || stopped || !options.connect || (mode !== "received" && mode !== "preview")) return;
			let p;
			try {
				p = options.connect(PAGE_PORT);
			} catch (err) {
				/* The extension was reloaded or removed: this script is an orphan now. */
				log("tact: cannot reach the background: " + (err && err.message));
				stop();
				return;
			}
			port = p;
			p.onDisconnect.addListener(function () {
				if (port !== p) return;
				port = null;
				/* The worker restarted: come back, so the native port opens again. */
				if (mode && !stopped) reconnectTimer = win.setTimeout(connectPort, RECONNECT_MS);
			});
		}

		function request(type, params) {
			return Promise.resolve()
				.then(function () { return send({ type: type, params: params }); })
				.then(function (answer) {
					if (!answer || answer.ok !== true) {
						const e = answer && answer.error ? answer.error : { code: "no_answer", message: "The background did not answer." };
						const err = new Error(e.message);
						err.code = e.code;
						throw err;
					}
					return answer.result;
				});
		}

		/*
		 * The filter bar, once tact-host has given at least one verdict: with the host silent,
		 * a bar of zeros would only say something false.
		 */
		function showBar() {
			if (mode !== "received" || verdicts.size === 0) return;
			const shown = cards.filter(function (c) { return c.record && verdicts.has(c.record.key); })[0];
			if (!shown) return;
			ui.showBar(shown.element.parentNode);
			askProfile();
		}

		/* Opens the set-up page, where the user tells Tact who they are or sees what is wrong. */
		function openSetup() {
			request("open_page", { page: "options" }).catch(function (err) {
				log("tact: cannot open the set-up page: " + err.message);
			});
		}

		function notice(name) {
			if (noticeShown) return;
			noticeShown = true;
			const found = S.findRoot(doc);
			const list = cards.length > 0 ? cards[0].element.parentNode : found ? found.el : doc.body;
			const action = name === "hostUnavailable" ? { label: t("hostWhatIsWrong"), run: openSetup } : null;
			ui.showNotice(list, t(name), action);
		}

		/*
		 * Once a visit, on the received view: with no profile stored, triage can only guess, and
		 * the bar says so, with the way to the page where the user says who they are.
		 */
		function askProfile() {
			if (profileAsked || mode !== "received") return;
			profileAsked = true;
			const thisVisit = visit;
			request("hello").then(function (hello) {
				if (stopped || visit !== thisVisit) return;
				const known = hello && hello.data && hello.data.profile === true;
				ui.setSetup(known ? null : { text: t("setupGuessing"), label: t("setupOpen"), run: openSetup });
			}, function (err) {
				log("tact: hello failed: " + err.message);
			});
		}

		function classify(records) {
			const thisVisit = visit;
			/* An answer that arrives after the user left (or came back: a new visit) is not drawn. */
			const current = function () { return !stopped && visit === thisVisit; };
			for (let i = 0; i < records.length; i += batchSize) {
				const batch = records.slice(i, i + batchSize);
				const prints = batch.map(fingerprint);
				stats.batches += 1;
				request("classify", { invitations: batch }).then(function (result) {
					for (const r of Array.isArray(result.results) ? result.results : []) {
						if (!r || typeof r.key !== "string") continue;
						verdicts.set(r.key, r);
						if (current()) ui.update(r.key, r);
					}
					if (current()) {
						showBar();
						ui.refresh();
						askReview();
					}
				}, function (err) {
					log("tact: classify failed: " + err.message);
					/* Forget what was not classified, so that the next look sends it again. */
					batch.forEach(function (rec, j) {
						if (sent.get(rec.key) === prints[j]) sent.delete(rec.key);
					});
					if (current()) notice("hostUnavailable");
				});
			}
		}

		function decide(key, decision) {
			return request("decide", { key: key, decision: decision }).then(askReview, function (err) {
				log("tact: decide failed: " + err.message);
			});
		}

		/* The weekly review line: one request at a time, asked once more if things changed meanwhile. */
		function askReview() {
			if (stopped || mode !== "received") return;
			if (reviewAsking) {
				reviewAgain = true;
				return;
			}
			reviewAsking = true;
			const thisVisit = visit;
			request("review.counts", {}).then(function (counts) {
				if (!stopped && visit === thisVisit) ui.setReview(counts);
			}, function (err) {
				log("tact: review.counts failed: " + err.message);
			}).then(function () {
				reviewAsking = false;
				if (reviewAgain) {
					reviewAgain = false;
					askReview();
				}
			});
		}

		/* ---- reading the page --------------------------------------------------------- */

		function scan() {
			scanTimer = null;
			lastScanAt = Date.now();
			if (stopped) return;
			stats.scans += 1;
			const kind = pageKind(win.location.href);
			if (kind !== mode) deactivate();
			if (!kind) return;
			activate(kind);
			if (kind === "sent") {
				showSentAges();
				return;
			}
			const page = P.parsePage(doc, { preview: kind === "preview" });
			cards = page.cards;
			if (!labels) {
				labels = { accept: [], ignore: [] };
				for (const lang of P.languageOrder(page.lang)) {
					labels.accept = labels.accept.concat(P.LOCALES[lang].accept);
					labels.ignore = labels.ignore.concat(P.LOCALES[lang].ignore);
				}
			}
			ui.prune();
			if (page.cards.length > 0) connectPort();
			if (page.challenge || page.failures.length > 0) notice("pageUnreadable");
			/* A security check on screen: nothing is read or sent until it is gone. */
			if (page.challenge) return;

			const fresh = [];
			for (const record of page.records) {
				const print = fingerprint(record);
				if (sent.get(record.key) === print) continue;
				sent.set(record.key, print);
				fresh.push(record);
			}
			for (const c of page.cards) {
				if (!c.record) continue;
				ui.render(c.element, c.record.key, verdicts.has(c.record.key) ? verdicts.get(c.record.key) : null, c.record.name);
			}
			showBar();
			ui.refresh();
			if (fresh.length > 0) classify(fresh);
		}

		/* The sent view: the user's own invitations; old ones get a note, nothing is sent. */
		function showSentAges() {
			ui.prune();
			for (const item of options.sent.readSent(doc)) {
				if (item.ageDays < SENT_WAITING_DAYS) {
					ui.forget(item.element);
					continue;
				}
				const months = String(Math.floor(item.ageDays / DAYS_PER_MONTH));
				ui.renderNote(item.element, item.key, t("sentWaiting", [months]));
			}
		}

		/*
		 * Scans once the page has been quiet for debounceMs. The first change after a quiet
		 * spell is read at once (in the next task, when the script that made it is done), so
		 * cards added in one go are badged without waiting; the rest of a burst follows.
		 */
		function schedule(ms) {
			if (stopped) return;
			if (ms === undefined && scanTimer === null && Date.now() - lastScanAt >= debounceMs) ms = 0;
			if (scanTimer !== null) win.clearTimeout(scanTimer);
			scanTimer = win.setTimeout(scan, ms === undefined ? debounceMs : ms);
		}

		/* True when a mutation touched only what Tact itself put into the page. */
		function ownMutation(m) {
			const nodes = Array.prototype.slice.call(m.addedNodes).concat(Array.prototype.slice.call(m.removedNodes));
			return nodes.length > 0 && nodes.every(function (n) { return ui.isOwn(n); });
		}

		function onMutations(list) {
			if (list.every(ownMutation)) return;
			schedule();
		}

		function checkUrl() {
			const href = win.location.href;
			if (href === lastUrl) return;
			lastUrl = href;
			/* Orphaned by an extension update or reload: stop looking. */
			if (options.alive && !options.alive()) {
				stop();
				return;
			}
			/* LinkedIn changes the address before it draws the new page. */
			schedule();
		}

		/* ---- the user's own clicks ---------------------------------------------------- */

		function onClick(event) {
			if (requireTrusted && event.isTrusted !== true) return;
			const target = event.target;
			if (!target || target.nodeType !== 1 || ui.isOwn(target)) return;
			const card = cards.filter(function (c) { return c.record && c.element.contains(target); })[0];
			if (!card) return;
			const actions = S.findActions(card.element, labels);
			const key = card.record.key;
			if (!sent.has(key) && !verdicts.has(key)) return;
			if (actions.accept && actions.accept.contains(target)) decide(key, "accepted");
			else if (actions.ignore && actions.ignore.contains(target)) decide(key, "ignored");
		}

		/* ---- archive and replies ------------------------------------------------------ */

		function archiveKeys(value) {
			return new Set(value && typeof value === "object" ? Object.keys(value) : []);
		}

		/* Redraws only when the set changed: a tab hears its own writes back from storage. */
		function showArchive(keys) {
			const same = keys.size === archived.size && Array.from(keys).every(function (k) { return archived.has(k); });
			archived = keys;
			if (!same) ui.setArchived(archived);
		}

		/*
		 * Archives (add) or restores (remove) `key` against what is stored now, not this tab's
		 * copy: another LinkedIn tab may have changed the archive since.
		 */
		function changeArchive(key, add) {
			if (add) archived.add(key);
			else archived.delete(key);
			ui.setArchived(archived);
			return Promise.resolve(storage.get(ARCHIVE_STORE)).then(function (items) {
				const keys = archiveKeys(items && items[ARCHIVE_STORE]);
				if (add) keys.add(key);
				else keys.delete(key);
				const value = {};
				keys.forEach(function (k) { value[k] = true; });
				const item = {};
				item[ARCHIVE_STORE] = value;
				showArchive(keys);
				return storage.set(item);
			}).catch(function (err) { log("tact: saving the archive failed: " + err.message); });
		}

		function loadArchive() {
			return Promise.resolve(storage.get(ARCHIVE_STORE)).then(function (items) {
				showArchive(archiveKeys(items && items[ARCHIVE_STORE]));
			}, function (err) {
				log("tact: reading the archive failed: " + err.message);
			});
		}

		/*
		 * The user saved their profile on the options page: every verdict on this page was made
		 * without it, so every card goes to tact-host again and the bar asks again.
		 */
		function onProfileSaved() {
			if (stopped) return;
			sent.clear();
			profileAsked = false;
			schedule(0);
		}

		/* Another tab archived or restored something. */
		function onArchiveChanged(value) {
			if (!stopped) showArchive(archiveKeys(value));
		}

		function archive(key) {
			decide(key, "archived");
			return changeArchive(key, true);
		}

		function restore(key) {
			return changeArchive(key, false);
		}

		/* A card's Note control: the side panel shows this invitation (its notes stay there). */
		function showInPanel(key, name, verdict) {
			request("panel.show", { key: key, name: name, verdict: verdict }).catch(function (err) {
				log("tact: the side panel did not open: " + err.message);
			});
		}

		/*
		 * The side panel's Insert, relayed by the background: the reply goes into the message box
		 * of that invitation's card, as a chip click would put it. Answers {ok, result|error}.
		 */
		function onExtensionMessage(message) {
			/* Options page, "Fill from my LinkedIn profile": this page, once, if it is the user's own. */
			if (message && message.type === "tact.read_own_profile") {
				const read = options.profile ? options.profile.readOwnProfile(doc) : { ok: false, reason: "not_own" };
				return Promise.resolve(read.ok ? { ok: true, result: read.profile }
					: { ok: false, error: { code: "not_own_profile", message: "This tab does not show your own LinkedIn profile." } });
			}
			if (!message || message.type !== "tact.insert_reply" || typeof message.key !== "string" || typeof message.text !== "string") {
				return Promise.resolve({ ok: false, error: { code: "bad_request", message: "Not a message for the invitation page." } });
			}
			const card = cards.filter(function (c) { return c.record && c.record.key === message.key; })[0];
			if (!card || mode !== "received") {
				return Promise.resolve({ ok: false, error: { code: "not_found", message: "That invitation is not on this page any more." } });
			}
			return insertReply(message.key, { text: message.text }, card.element).then(function (res) {
				return { ok: true, result: { method: res.method } };
			}, function (err) {
				return { ok: false, error: { code: "insert_failed", message: err.message } };
			});
		}

		function insertReply(key, reply, card) {
			return R.insertReply(card, reply.text, { doc: doc, win: win }).then(function (res) {
				const hint = { insertText: "replyInserted", paste: "replyInserted", clipboard: "replyCopied" }[res.method] || "replyFailed";
				ui.showHint(card, t(hint));
				return res;
			});
		}

		/* ---- life cycle --------------------------------------------------------------- */

		function activate(kind) {
			if (mode === kind) return;
			mode = kind;
			visit += 1;
			ui.setCompact(kind !== "received");
			observer = new win.MutationObserver(onMutations);
			observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
			/* The preview often shows no invitation at all: tact-host starts when one appears;
			 * the sent view never needs it. */
			if (kind === "received") {
				connectPort();
				/* Coming back: the cards are known and will not be classified again. */
				askReview();
			}
		}

		function deactivate() {
			if (!mode) return;
			mode = null;
			visit += 1;
			if (observer) observer.disconnect();
			observer = null;
			ui.clear();
			cards = [];
			noticeShown = false;
			profileAsked = false;
			if (reconnectTimer !== null) win.clearTimeout(reconnectTimer);
			reconnectTimer = null;
			if (port) {
				const p = port;
				port = null;
				try { p.disconnect(); } catch { /* already gone */ }
			}
		}

		function start() {
			abort = new win.AbortController();
			const signal = abort.signal;
			lastUrl = win.location.href;
			pollTimer = win.setInterval(checkUrl, pollMs);
			win.addEventListener("popstate", checkUrl, { signal: signal });
			doc.addEventListener("click", onClick, { capture: true, signal: signal });
			if (options.listen) options.listen(onExtensionMessage, signal);
			if (storage.watch) {
				storage.watch(ARCHIVE_STORE, onArchiveChanged, signal);
				storage.watch(PROFILE_STORE, onProfileSaved, signal);
			}
			return loadArchive().then(function () { schedule(0); });
		}

		function stop() {
			stopped = true;
			if (abort) abort.abort();
			if (pollTimer !== null) win.clearInterval(pollTimer);
			if (scanTimer !== null) win.clearTimeout(scanTimer);
			if (reconnectTimer !== null) win.clearTimeout(reconnectTimer);
			deactivate();
		}

		return {
			start: start,
			stop: stop,
			scan: scan,
			archive: archive,
			restore: restore,
			message: onExtensionMessage,
			ui: ui,
			stats: stats,
			verdict: function (key) { return verdicts.get(key); },
		};
	}

	const api = {
		PAGE_PORT: PAGE_PORT,
		ARCHIVE_STORE: ARCHIVE_STORE,
		PROFILE_STORE: PROFILE_STORE,
		pageKind: pageKind,
		fingerprint: fingerprint,
		createController: createController,
	};
	root.TactContent = root.TactContent || {};
	root.TactContent.controller = api;

	if (typeof module !== "undefined" && module.exports) {
		module.exports = api;
	} else if (typeof document !== "undefined") {
		const ext = root.browser && root.browser.runtime ? root.browser : root.chrome;
		if (ext && ext.runtime && ext.runtime.id) {
			const C = root.TactContent;
			createController({
				doc: document,
				win: root,
				parse: C.parse,
				selectors: C.selectors,
				ui: C.ui,
				reply: C.reply,
				sent: C.sent,
				profile: C.profile,
				send: function (message) { return ext.runtime.sendMessage(message); },
				connect: function (name) { return ext.runtime.connect({ name: name }); },
				storage: {
					get: function (key) { return ext.storage.local.get(key); },
					set: function (items) { return ext.storage.local.set(items); },
					watch: function (key, fn, signal) {
						const listener = function (changes, area) {
							if (area === "local" && changes[key]) fn(changes[key].newValue);
						};
						ext.storage.onChanged.addListener(listener);
						signal.addEventListener("abort", function () { ext.storage.onChanged.removeListener(listener); });
					},
				},
				/* Only the background sends to a tab; another page's script cannot reach here. */
				listen: function (fn, signal) {
					const listener = function (message, sender, sendResponse) {
						if (!sender || sender.id !== ext.runtime.id || sender.tab) return false;
						fn(message).then(sendResponse);
						return true;
					};
					ext.runtime.onMessage.addListener(listener);
					signal.addEventListener("abort", function () { ext.runtime.onMessage.removeListener(listener); });
				},
				alive: function () { return !!(ext.runtime && ext.runtime.id); },
				t: function (name, subs) { return ext.i18n.getMessage(name, subs) || name; },
				log: function (m) { root.console.warn(m); },
			}).start();
		}
	}
})(typeof globalThis !== "undefined" ? globalThis : this);
