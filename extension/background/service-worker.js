/*
 * service-worker.js: the background entry point. Chromium runs it as the MV3 service worker
 * and loads common/util.js, native.js and handlers.js through importScripts; Firefox runs the
 * `background.scripts` list of the manifest, where both are already loaded.
 *
 * Wiring only:
 * - runtime.onMessage goes through the handler table (handlers.js), which decides who may
 *   call what, and answers with `{ok, result}` or `{ok: false, error}`.
 * - runtime.onInstalled: after a fresh install the set-up page (options.html?welcome) opens once.
 * - runtime.onConnect: each invitation page holds one port named PAGE_PORT. While at least
 *   one is open the native port to tact-host stays open (an open native port also keeps
 *   Chromium from stopping this worker, so a vault unlocked once stays unlocked). A short
 *   while after the last one goes away, the native port is closed and tact-host exits.
 */
(function (root) {
	"use strict";

	if ((typeof root.TactNative === "undefined" || typeof root.TactHandlers === "undefined") &&
		typeof importScripts === "function") {
		importScripts("../common/util.js", "native.js", "handlers.js");
	}

	const PAGE_PORT = "tact-page";
	const OPTIONS_PAGE = "pages/options.html";
	const PANEL_PAGE = "pages/panel.html";
	/* storage.session: which invitation the panel shows; gone when the browser closes. */
	const FOCUS_STORE = "panelFocus";
	const PANEL_WINDOW = { width: 420, height: 760 };
	/* The toolbar badge has room for about four characters. */
	const BADGE_MAX = 999;
	const PROFILE_PAGES = "https://www.linkedin.com/in/*";
	/* Moving from one invitation page to the next reconnects within this time. */
	const CLOSE_GRACE_MS = 5000;

	/*
	 * Starts the background on `api` (the `browser` or `chrome` object). Returns what tests
	 * look at: the native client, the dispatcher and the number of open page ports.
	 */
	function start(api, options) {
		const opts = options || {};
		const runtime = api.runtime;
		const N = opts.native || root.TactNative;
		const H = opts.handlers || root.TactHandlers;
		const setTimer = opts.setTimeout || root.setTimeout.bind(root);
		const clearTimer = opts.clearTimeout || root.clearTimeout.bind(root);
		const graceMs = opts.graceMs !== undefined ? opts.graceMs : CLOSE_GRACE_MS;
		const log = opts.log || function (m) { root.console.warn(m); };
		const client = opts.client || N.createClient({ runtime: runtime, log: log });
		const uiLanguage = api.i18n && typeof api.i18n.getUILanguage === "function" ? api.i18n.getUILanguage() : undefined;
		/* The options page doubles as the set-up page: it checks the host before anything else. */
		function openPage(name, first) {
			if (name !== "options") return Promise.reject(new Error("No page " + name + "."));
			if (!first && typeof runtime.openOptionsPage === "function") return runtime.openOptionsPage();
			return api.tabs.create({ url: runtime.getURL(OPTIONS_PAGE + (first ? "?welcome" : "")) });
		}
		/*
		 * Chromium's side panel or Firefox's sidebar, for the tab the card is in; where the browser
		 * will not open it from here, the same page in a small window of its own.
		 */
		function openPanel(tab) {
			let attempt;
			try {
				if (api.sidePanel && typeof api.sidePanel.open === "function" && tab && typeof tab.id === "number") {
					attempt = api.sidePanel.open({ tabId: tab.id });
				} else if (api.sidebarAction && typeof api.sidebarAction.open === "function") {
					attempt = api.sidebarAction.open();
				} else {
					attempt = Promise.reject(new Error("no side panel"));
				}
			} catch (err) {
				attempt = Promise.reject(err);
			}
			return Promise.resolve(attempt).then(function () { return "panel"; }, function (err) {
				log("tact: side panel refused (" + (err && err.message) + "); opening a window");
				return api.windows.create({ url: runtime.getURL(PANEL_PAGE), type: "popup", width: PANEL_WINDOW.width, height: PANEL_WINDOW.height })
					.then(function () { return "window"; });
			});
		}
		function setFocus(focus) {
			const item = {};
			item[FOCUS_STORE] = focus;
			return api.storage.session.set(item);
		}
		function toTab(tabId, message) {
			return api.tabs.sendMessage(tabId, message).then(function (answer) {
				if (!answer || answer.ok !== true) {
					const e = answer && answer.error ? answer.error : { code: "no_answer", message: "The invitation page did not answer." };
					const err = new Error(e.message);
					err.code = e.code;
					throw err;
				}
				return answer.result;
			});
		}
		/* The LinkedIn profile tab seen last (the host permission lets us see its address). */
		function profileTab() {
			return api.tabs.query({ url: PROFILE_PAGES }).then(function (tabs) {
				const best = tabs.slice().sort(function (a, b) { return (b.lastAccessed || 0) - (a.lastAccessed || 0); })[0];
				return best && typeof best.id === "number" ? best.id : null;
			});
		}
		function setBadge(waiting) {
			const action = api.action;
			if (!action || typeof action.setBadgeText !== "function") return;
			Promise.resolve(action.setBadgeText({ text: waiting > 0 ? String(Math.min(waiting, BADGE_MAX)) + (waiting > BADGE_MAX ? "+" : "") : "" }))
				.catch(function (err) { log("tact: badge: " + err.message); });
		}
		const dispatcher = H.createDispatcher({
			native: client, runtime: runtime, log: log, uiLanguage: uiLanguage,
			openPage: openPage, openPanel: openPanel, setFocus: setFocus, toTab: toTab, setBadge: setBadge, profileTab: profileTab,
		});
		const pagePorts = new Set();
		let closeTimer = null;

		runtime.onMessage.addListener(function (message, sender, sendResponse) {
			dispatcher.dispatch(message, sender).then(sendResponse);
			return true; /* the answer comes later */
		});

		/* Once, after a fresh install: set-up opens by itself (never on updates or restarts). */
		if (runtime.onInstalled) {
			runtime.onInstalled.addListener(function (details) {
				if (details && details.reason === "install") {
					openPage("options", true).catch(function (err) { log("tact: cannot open set-up: " + err.message); });
				}
			});
		}

		runtime.onConnect.addListener(function (port) {
			if (port.name !== PAGE_PORT || H.callerOf(port.sender, runtime) !== H.CONTENT) {
				port.disconnect();
				return;
			}
			pagePorts.add(port);
			if (closeTimer !== null) {
				clearTimer(closeTimer);
				closeTimer = null;
			}
			/* Opens the native port now, so that it is ready when the first batch comes. */
			if (!client.connected()) {
				client.request("hello").catch(function (err) { log("tact: hello failed: " + err.message); });
			}
			port.onDisconnect.addListener(function () {
				pagePorts.delete(port);
				if (pagePorts.size > 0 || closeTimer !== null) return;
				closeTimer = setTimer(function () {
					closeTimer = null;
					if (pagePorts.size === 0) client.disconnect();
				}, graceMs);
			});
		});

		return {
			client: client,
			dispatcher: dispatcher,
			openPages: function () { return pagePorts.size; },
		};
	}

	const api = { PAGE_PORT: PAGE_PORT, FOCUS_STORE: FOCUS_STORE, start: start };
	root.TactBackground = api;
	if (typeof module !== "undefined" && module.exports) {
		module.exports = api;
	} else {
		const ext = root.browser && root.browser.runtime ? root.browser : root.chrome;
		if (ext && ext.runtime && ext.runtime.onMessage) start(ext);
	}
})(typeof globalThis !== "undefined" ? globalThis : this);
