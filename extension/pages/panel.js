/*
 * panel.js: the side panel (Chromium's side_panel, Firefox's sidebar_action; a small window
 * where a browser will not open those from a card). It shows the invitation whose Note
 * control was pressed last (storage.session "panelFocus", written by the background) or one
 * chosen from a notes search:
 * - the verdict's reasons, each with its direction;
 * - what Tact remembers (history.list for that key);
 * - the private note (notes.get/put/delete; the host keeps it, encrypted);
 * - a reply for every intent, with Insert (into that card's message box, through the
 *   background and the page's content script) and Copy, and the host's reply advice.
 * Below: a search across notes, and the vault (set a passphrase, lock, unlock, change it,
 * go back to the key file). A locked vault shows the unlock prompt, never an error.
 *
 * Nothing here is drawn inside LinkedIn's page; every text is set as text.
 * Classic script: attaches to globalThis.TactPanel and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const U = typeof module !== "undefined" && module.exports ? require("../common/util.js") : root.TactUtil;
	const PG = typeof module !== "undefined" && module.exports ? require("./page.js") : root.TactPage;

	const FOCUS_STORE = "panelFocus";
	const INTENTS = ["thanks_follow_up", "how_know", "welcome_note", "met_event", "not_now", "only_known",
		"own_field", "company_burst", "formal_decline"];
	const INTENT_LABELS = {
		thanks_follow_up: "intentThanks", how_know: "intentHowKnow", welcome_note: "intentWelcome", met_event: "intentMetEvent",
		not_now: "intentNotNow", only_known: "intentOnlyKnown", own_field: "intentOwnField", company_burst: "intentCompanyBurst",
		formal_decline: "intentFormalDecline",
	};
	const BUCKETS = { accept: "bucketAccept", review: "bucketReview", ignore: "bucketIgnore" };
	const DECISIONS = {
		accepted: "decisionAccepted", ignored: "decisionIgnored", declined: "decisionDeclined", archived: "decisionArchived",
		messaged: "decisionMessaged", not_scam: "decisionNotScam", report_scam: "decisionReportScam",
	};
	const NOTE_MAX_BYTES = 10000;
	const TAGS_MAX = 20;
	const TAG_MAX_BYTES = 64;
	const PASSPHRASE_MIN_BYTES = 8;
	const AUTOLOCK_MIN = 1;
	const AUTOLOCK_MAX = 1440;
	const SEARCH_LIMIT = 50;
	/* A second press of Delete within this time removes the note. */
	const CONFIRM_MS = 5000;

	/* "a, b;c" → ["a", "b", "c"]: trimmed, empty and repeated tags dropped. */
	function tagsOf(text) {
		const out = [];
		for (const part of String(text || "").split(/[,;\n]/)) {
			const tag = part.trim();
			if (tag !== "" && out.indexOf(tag) < 0) out.push(tag);
		}
		return out;
	}

	/* "2026-10-19T11:06:40Z" → "2026-10-19"; anything else → "". */
	function day(iso) {
		return typeof iso === "string" && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : "";
	}

	/*
	 * Starts the panel on `options`: doc, request(type, params) → Promise, t(name, subs),
	 * session ({get(key) → Promise<items>, watch(key, fn)}), copy(text) → Promise, now() → ms.
	 * Returns the actions the tests drive and `ready`, settled once the first look is drawn.
	 */
	function createPanel(options) {
		const doc = options.doc;
		const request = options.request;
		const t = options.t;
		const now = options.now || Date.now;
		const byId = function (id) { return doc.getElementById(id); };
		let focus = null;           /* {key, name, tab, verdict} */
		let vault = null;           /* the last vault.status */
		let showing = 0;            /* changes with every person shown: late answers are dropped */
		let deleteArmedAt = 0;

		function say(id, text, kind) {
			const node = byId(id);
			node.textContent = text || "";
			node.classList.toggle("ok", kind === "ok");
			node.classList.toggle("bad", kind === "bad");
		}

		function clear(node) {
			while (node.firstChild) node.removeChild(node.firstChild);
		}

		function item(list, text, className) {
			const li = doc.createElement("li");
			if (className) li.className = className;
			li.textContent = text;
			list.appendChild(li);
			return li;
		}

		function button(text, label, run, className) {
			const b = doc.createElement("button");
			b.type = "button";
			b.textContent = text;
			if (label) b.setAttribute("aria-label", label);
			if (className) b.className = className;
			b.addEventListener("click", run);
			return b;
		}

		const usable = function () { return !!vault && vault.state !== "locked" && vault.state !== "damaged"; };

		/* ---- the vault ----------------------------------------------------------------- */

		function showVault(status) {
			vault = status;
			const mode = status.mode === "passphrase" ? t("vaultModePassphrase") : t("vaultModeKeyfile");
			const name = { none: "vaultNone", locked: "vaultLocked", unlocked: "vaultUnlocked", damaged: "vaultDamaged" }[status.state] || "vaultDamaged";
			let text = t(name, [mode, String(status.problem || "")]);
			if (status.mode === "passphrase" && status.state !== "damaged") text += " " + t("vaultAutolock", [String(status.autolock_minutes)]);
			say("vault-state", text, status.state === "damaged" ? "bad" : undefined);
			byId("unlock").hidden = status.state !== "locked";
			byId("setup-form").hidden = !(status.state === "none" || (status.state === "unlocked" && status.mode === "keyfile"));
			byId("passphrase-tools").hidden = !(status.state === "unlocked" && status.mode === "passphrase");
			if (typeof status.autolock_minutes === "number") byId("autolock-minutes").value = String(status.autolock_minutes);
			byId("note").hidden = !focus || !usable();
		}

		function loadVault() {
			return request("vault.status").then(showVault, function (err) {
				say("vault-state", t("vaultUnknown", [err.message]), "bad");
			});
		}

		/* After any vault change: its state, and the note it may now open. */
		function vaultChanged(status) {
			showVault(status);
			return focus ? loadNote(showing) : null;
		}

		function vaultAction(stateId, type, params, doneMessage) {
			return request(type, params).then(function (status) {
				say(stateId, t(doneMessage), "ok");
				return Promise.resolve(vaultChanged(status)).then(function () { return true; });
			}, function (err) {
				say(stateId, err.code === "wrong_passphrase" ? t("wrongPassphrase") : t("vaultActionFailed", [err.message]), "bad");
				return false;
			});
		}

		function unlock(event) {
			if (event) event.preventDefault();
			const pass = byId("unlock-pass").value;
			if (pass === "") {
				say("unlock-state", t("passphraseTooShort"), "bad");
				return Promise.resolve(false);
			}
			return vaultAction("unlock-state", "vault.unlock", { passphrase: pass }, "unlocked").then(function (ok) {
				if (ok) byId("unlock-pass").value = "";
				return ok;
			});
		}

		function setUp(event) {
			if (event) event.preventDefault();
			const pass = byId("setup-pass").value;
			if (U.utf8Length(pass) < PASSPHRASE_MIN_BYTES) {
				say("vault-action-state", t("passphraseTooShort"), "bad");
				return Promise.resolve(false);
			}
			if (pass !== byId("setup-again").value) {
				say("vault-action-state", t("passphrasesDiffer"), "bad");
				return Promise.resolve(false);
			}
			return vaultAction("vault-action-state", "vault.setup", { mode: "passphrase", passphrase: pass }, "setupDone").then(function (ok) {
				if (ok) byId("setup-pass").value = byId("setup-again").value = "";
				return ok;
			});
		}

		function lockNow() {
			return vaultAction("vault-action-state", "vault.lock", {}, "lockDone");
		}

		function backToKeyfile() {
			return vaultAction("vault-action-state", "vault.setup", { mode: "keyfile" }, "keyfileDone");
		}

		function setAutolock(event) {
			if (event) event.preventDefault();
			const text = byId("autolock-minutes").value.trim();
			const minutes = /^\d+$/.test(text) ? Number(text) : NaN;
			if (!(minutes >= AUTOLOCK_MIN && minutes <= AUTOLOCK_MAX)) {
				say("vault-action-state", t("autolockBad"), "bad");
				return Promise.resolve(false);
			}
			return request("vault.set_autolock", { minutes: minutes }).then(function (status) {
				showVault(status);
				say("vault-action-state", t("autolockDone", [String(status.autolock_minutes)]), "ok");
				return true;
			}, function (err) {
				say("vault-action-state", t("vaultActionFailed", [err.message]), "bad");
				return false;
			});
		}

		function changePassphrase(event) {
			if (event) event.preventDefault();
			const old = byId("change-old").value;
			const next = byId("change-new").value;
			if (U.utf8Length(next) < PASSPHRASE_MIN_BYTES) {
				say("vault-action-state", t("passphraseTooShort"), "bad");
				return Promise.resolve(false);
			}
			return vaultAction("vault-action-state", "vault.change_passphrase", { old: old, new: next }, "changeDone").then(function (ok) {
				if (ok) byId("change-old").value = byId("change-new").value = "";
				return ok;
			});
		}

		/* ---- one person ---------------------------------------------------------------- */

		function showVerdict(v) {
			const reasons = byId("person-reasons");
			clear(reasons);
			if (!v) {
				say("person-verdict", t("panelNoVerdict"));
				return;
			}
			let line = v.bucket && BUCKETS[v.bucket] ? t("panelVerdict", [t(BUCKETS[v.bucket])]) : "";
			if (v.suspicious) line += (line ? " " : "") + t("panelSuspicious");
			say("person-verdict", line, v.suspicious ? "bad" : undefined);
			for (const r of v.reasons || []) {
				const li = item(reasons, "", r.weight < 0 ? "against" : "for");
				const direction = doc.createElement("span");
				direction.className = "direction";
				direction.textContent = t(r.weight < 0 ? "reasonAgainst" : "reasonFor");
				li.appendChild(direction);
				li.appendChild(doc.createTextNode(r.text));
			}
		}

		function loadHistory(seen) {
			const decisions = byId("person-decisions");
			clear(decisions);
			return request("history.list", { key: focus.key, limit: 1 }).then(function (answer) {
				if (seen !== showing) return;
				const h = answer.items && answer.items[0];
				if (!h) {
					say("person-history", t("historyNone"));
					return;
				}
				say("person-history", t("historyLine", [day(h.first_seen), String(h.times_seen), String(h.times_invited)]));
				for (const d of h.decisions || []) {
					item(decisions, t("historyDecision", [t(DECISIONS[d.decision] || "decisionOther"), day(d.decided_at)]));
				}
			}, function (err) {
				if (seen === showing) say("person-history", t("historyFailed", [err.message]), "bad");
			});
		}

		function loadNote(seen) {
			byId("note").hidden = !usable();
			if (!usable()) return Promise.resolve();
			return request("notes.get", { key: focus.key }).then(function (note) {
				if (seen !== showing) return;
				byId("note-text").value = note.text;
				byId("note-tags").value = (note.tags || []).join(", ");
				say("note-state", t("noteStored", [day(note.updated_at), String(note.revision)]));
			}, function (err) {
				if (seen !== showing) return;
				byId("note-text").value = "";
				byId("note-tags").value = "";
				if (err.code === "not_found") say("note-state", t("noteNone"));
				else if (err.code === "locked") return loadVault();
				else say("note-state", t("noteFailed", [err.message]), "bad");
			});
		}

		function loadReplies(seen) {
			const list = byId("replies-list");
			clear(list);
			say("replies-advice", "");
			say("replies-state", "");
			byId("replies").hidden = false;
			/* One request per intent, in this order; the host words each for this person. */
			const asks = INTENTS.map(function (intent) {
				return request("replies", { key: focus.key, intent: intent }).then(function (a) { return a; }, function () { return null; });
			});
			return Promise.all(asks).then(function (answers) {
				if (seen !== showing) return;
				const first = answers.filter(Boolean)[0];
				if (!first) {
					byId("replies").hidden = true;
					return;
				}
				if (typeof first.reply_advice === "string") say("replies-advice", first.reply_advice);
				answers.forEach(function (a, i) {
					const r = a && Array.isArray(a.replies) ? a.replies[0] : null;
					if (!r || typeof r.text !== "string" || r.text === "") return;
					const label = t(INTENT_LABELS[INTENTS[i]]);
					const li = item(list, "");
					const h = doc.createElement("h3");
					h.textContent = label;
					const text = doc.createElement("p");
					text.className = "reply-text";
					text.textContent = r.text;
					const actions = doc.createElement("div");
					actions.className = "actions";
					if (focus.tab !== null && focus.tab !== undefined) {
						actions.appendChild(button(t("replyInsert"), t("replyInsertFor", [label]), function () { insert(r.text); }));
					}
					actions.appendChild(button(t("replyCopy"), t("replyCopyFor", [label]), function () { copy(r.text); }, "secondary"));
					li.append(h, text, actions);
				});
			});
		}

		function insert(text) {
			return request("reply.insert", { tab: focus.tab, key: focus.key, text: text }).then(function (res) {
				say("replies-state", t(res && res.method === "clipboard" ? "replyCopied" : "replyInserted"), "ok");
				return true;
			}, function (err) {
				say("replies-state", t("replyInsertFailed", [err.message]), "bad");
				return false;
			});
		}

		function copy(text) {
			return Promise.resolve().then(function () { return options.copy(text); }).then(function () {
				say("replies-state", t("replyCopied"), "ok");
				return true;
			}, function () {
				say("replies-state", t("replyCopyFailed"), "bad");
				return false;
			});
		}

		/* Shows `next` ({key, name, tab, verdict}); null shows the "choose a card" hint. */
		function show(next) {
			showing += 1;
			const seen = showing;
			focus = next && typeof next.key === "string" && next.key !== "" ? next : null;
			deleteArmedAt = 0;
			byId("person-detail").hidden = !focus;
			byId("person-hint").hidden = !!focus;
			if (!focus) {
				say("person-name", t("panelNobody"));
				byId("note").hidden = true;
				byId("replies").hidden = true;
				return Promise.resolve();
			}
			say("person-name", focus.name || focus.key);
			say("note-state", "");
			showVerdict(focus.verdict || null);
			return Promise.all([loadHistory(seen), loadNote(seen), loadReplies(seen)]);
		}

		/* ---- the note ------------------------------------------------------------------ */

		function saveNote(event) {
			if (event) event.preventDefault();
			if (!focus) return Promise.resolve(false);
			const text = byId("note-text").value;
			const tags = tagsOf(byId("note-tags").value);
			if (U.utf8Length(text) > NOTE_MAX_BYTES) {
				say("note-state", t("noteTooLong"), "bad");
				return Promise.resolve(false);
			}
			if (tags.length > TAGS_MAX || tags.some(function (g) { return U.utf8Length(g) > TAG_MAX_BYTES; })) {
				say("note-state", t("noteTagsTooLong"), "bad");
				return Promise.resolve(false);
			}
			say("note-state", t("saving"));
			return request("notes.put", { key: focus.key, text: text, tags: tags }).then(function (res) {
				say("note-state", t("noteSaved", [String(res.revision)]), "ok");
				return Promise.resolve(vault && vault.state === "none" ? loadVault() : null).then(function () { return true; });
			}, function (err) {
				if (err.code === "locked") return loadVault().then(function () { return false; });
				say("note-state", t("noteFailed", [err.message]), "bad");
				return false;
			});
		}

		function deleteNote() {
			if (!focus) return Promise.resolve(false);
			const armed = deleteArmedAt !== 0 && now() - deleteArmedAt <= CONFIRM_MS;
			if (!armed) {
				deleteArmedAt = now();
				say("note-state", t("noteDeleteConfirm"), "bad");
				return Promise.resolve(false);
			}
			deleteArmedAt = 0;
			return request("notes.delete", { key: focus.key }).then(function () {
				byId("note-text").value = "";
				byId("note-tags").value = "";
				say("note-state", t("noteDeleted"), "ok");
				return true;
			}, function (err) {
				say("note-state", err.code === "not_found" ? t("noteNone") : t("noteFailed", [err.message]), err.code === "not_found" ? undefined : "bad");
				return false;
			});
		}

		/* ---- search -------------------------------------------------------------------- */

		function search(event) {
			if (event) event.preventDefault();
			const list = byId("search-results");
			clear(list);
			const query = byId("search-query").value.trim();
			return request("notes.list", query ? { query: query, limit: SEARCH_LIMIT } : { limit: SEARCH_LIMIT }).then(function (answer) {
				const items = Array.isArray(answer.items) ? answer.items : [];
				say("search-state", items.length === 0 ? t("searchNone") : t("searchFound", [String(items.length)]));
				for (const n of items) {
					const li = item(list, "");
					const b = button(n.key, t("searchOpen", [n.key]), function () { show({ key: n.key, name: "", tab: null, verdict: null }); }, "secondary");
					const preview = doc.createElement("p");
					preview.className = "hint";
					preview.textContent = n.preview;
					li.append(b, preview);
				}
				return items.length;
			}, function (err) {
				if (err.code === "locked") return loadVault().then(function () { say("search-state", t("searchLocked")); return 0; });
				say("search-state", t("searchFailed", [err.message]), "bad");
				return 0;
			});
		}

		/* ---- start --------------------------------------------------------------------- */

		PG.localise(doc, t);
		byId("unlock-form").addEventListener("submit", unlock);
		byId("setup-form").addEventListener("submit", setUp);
		byId("change-form").addEventListener("submit", changePassphrase);
		byId("autolock-form").addEventListener("submit", setAutolock);
		byId("lock-go").addEventListener("click", function () { lockNow(); });
		byId("keyfile-go").addEventListener("click", function () { backToKeyfile(); });
		byId("note-form").addEventListener("submit", saveNote);
		byId("note-delete").addEventListener("click", function () { deleteNote(); });
		byId("search-form").addEventListener("submit", search);
		if (options.session.watch) options.session.watch(FOCUS_STORE, function (value) { show(value || null); });

		const ready = loadVault().then(function () {
			return Promise.resolve(options.session.get(FOCUS_STORE));
		}).then(function (items) {
			return show(items && items[FOCUS_STORE] ? items[FOCUS_STORE] : null);
		});

		return {
			ready: ready,
			show: show,
			saveNote: saveNote,
			deleteNote: deleteNote,
			search: search,
			unlock: unlock,
			setUp: setUp,
			lockNow: lockNow,
			backToKeyfile: backToKeyfile,
			changePassphrase: changePassphrase,
			setAutolock: setAutolock,
			insert: insert,
			copy: copy,
			focus: function () { return focus; },
		};
	}

	const api = { FOCUS_STORE: FOCUS_STORE, INTENTS: INTENTS, INTENT_LABELS: INTENT_LABELS, tagsOf: tagsOf, createPanel: createPanel };
	root.TactPanel = api;
	if (typeof module !== "undefined" && module.exports) {
		module.exports = api;
	} else if (typeof document !== "undefined") {
		const ext = PG.browserApi();
		if (ext) {
			document.documentElement.lang = ext.i18n.getUILanguage();
			root.TactPanel.page = createPanel({
				doc: document,
				request: PG.createRequest(function (m) { return ext.runtime.sendMessage(m); }),
				t: PG.translator(ext),
				session: {
					get: function (key) { return ext.storage.session.get(key); },
					watch: function (key, fn) {
						ext.storage.onChanged.addListener(function (changes, area) {
							if (area === "session" && changes[key]) fn(changes[key].newValue);
						});
					},
				},
				copy: function (text) { return root.navigator.clipboard.writeText(text); },
			});
		}
	}
})(typeof globalThis !== "undefined" ? globalThis : this);
