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
		const dispatcher = H.createDispatcher({ native: client, runtime: runtime, log: log, uiLanguage: uiLanguage, openPage: openPage });
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

	const api = { PAGE_PORT: PAGE_PORT, start: start };
	root.TactBackground = api;
	if (typeof module !== "undefined" && module.exports) {
		module.exports = api;
	} else {
		const ext = root.browser && root.browser.runtime ? root.browser : root.chrome;
		if (ext && ext.runtime && ext.runtime.onMessage) start(ext);
	}
})(typeof globalThis !== "undefined" ? globalThis : this);
