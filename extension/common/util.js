/*
 * util.js: the few helpers both the background and the content scripts need.
 *
 * Classic script, loaded first in both (manifest `background.scripts` and
 * `content_scripts.js`; the Chromium worker imports it): attaches to globalThis.TactUtil and,
 * under node, to module.exports.
 */
(function (root) {
	"use strict";

	/* An Error with the protocol's (or the extension's) stable code. */
	function failure(code, message) {
		const err = new Error(message);
		err.code = code;
		return err;
	}

	/* A plain JSON object: not null, not an array. */
	function isObject(x) {
		return typeof x === "object" && x !== null && !Array.isArray(x);
	}

	/* How many bytes `s` takes in UTF-8: the unit of every limit tact-host enforces. */
	function utf8Length(s) {
		let n = 0;
		for (const ch of s) {
			const cp = ch.codePointAt(0);
			n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		}
		return n;
	}

	/* A count from a message: a finite number above zero, rounded down; 0 for anything else. */
	function count(n) {
		return typeof n === "number" && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
	}

	const api = { failure: failure, isObject: isObject, utf8Length: utf8Length, count: count };
	root.TactUtil = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
