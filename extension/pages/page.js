/*
 * page.js: what the extension's own pages share (the options page now; the side panel and
 * popup later): the browser object, one request function over the background's handler
 * table (background/handlers.js), localised static text, and the byte conversions a
 * notes backup needs.
 *
 * Classic script, loaded after common/util.js: attaches to globalThis.TactPage and, under
 * node, to module.exports.
 */
(function (root) {
	"use strict";

	const U = typeof module !== "undefined" && module.exports ? require("../common/util.js") : root.TactUtil;

	/* The `browser` object in Firefox, `chrome` elsewhere; null outside an extension. */
	function browserApi() {
		if (root.browser && root.browser.runtime) return root.browser;
		if (root.chrome && root.chrome.runtime) return root.chrome;
		return null;
	}

	/*
	 * `send(message)` is runtime.sendMessage. The request resolves with the handler's result
	 * or rejects with an Error carrying its code, as the content script's does.
	 */
	function createRequest(send) {
		return function request(type, params) {
			return Promise.resolve()
				.then(function () { return send({ type: type, params: params }); })
				.then(function (answer) {
					if (!answer || answer.ok !== true) {
						const e = answer && U.isObject(answer.error) ? answer.error : {};
						throw U.failure(typeof e.code === "string" ? e.code : "no_answer",
							typeof e.message === "string" ? e.message : "The background did not answer.");
					}
					return answer.result;
				});
		};
	}

	/* `t(name, subs)` from the browser's i18n, falling back to the name itself. */
	function translator(ext) {
		return function (name, subs) {
			return (ext && ext.i18n && ext.i18n.getMessage(name, subs)) || name;
		};
	}

	/* Fills every element marked data-i18n (text), data-i18n-placeholder and data-i18n-label. */
	function localise(doc, t) {
		for (const node of doc.querySelectorAll("[data-i18n]")) node.textContent = t(node.getAttribute("data-i18n"));
		for (const node of doc.querySelectorAll("[data-i18n-placeholder]")) {
			node.setAttribute("placeholder", t(node.getAttribute("data-i18n-placeholder")));
		}
		for (const node of doc.querySelectorAll("[data-i18n-label]")) {
			node.setAttribute("aria-label", t(node.getAttribute("data-i18n-label")));
		}
	}

	/* A backup as the host sends it (base64 chunks) → its bytes. */
	function base64ToBytes(chunks, atobFn) {
		const text = (Array.isArray(chunks) ? chunks : [chunks]).join("");
		const binary = atobFn(text);
		const bytes = new Uint8Array(binary.length);
		for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return bytes;
	}

	/* A file's bytes → base64, in slices so that a long file never overflows the call stack. */
	function bytesToBase64(bytes, btoaFn) {
		const SLICE = 0x8000;
		let binary = "";
		for (let i = 0; i < bytes.length; i += SLICE) {
			binary += String.fromCharCode.apply(null, bytes.subarray(i, i + SLICE));
		}
		return btoaFn(binary);
	}

	const api = {
		browserApi: browserApi,
		createRequest: createRequest,
		translator: translator,
		localise: localise,
		base64ToBytes: base64ToBytes,
		bytesToBase64: bytesToBase64,
	};
	root.TactPage = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
