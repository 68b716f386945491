/*
 * service-worker.js: the background entry point. Chromium runs it as the MV3 service worker
 * and loads native.js through importScripts; Firefox runs the `background.scripts` list of
 * the manifest, where native.js is already loaded. Wiring only; the work is in native.js
 * and, later, the handler table.
 */
(function (root) {
	"use strict";

	if (typeof root.TactNative === "undefined" && typeof importScripts === "function") {
		importScripts("native.js");
	}
})(typeof globalThis !== "undefined" ? globalThis : this);
