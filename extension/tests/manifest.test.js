/*
 * The manifest's promises (few permissions, nothing exposed to pages, the fixed ids) and the
 * rule that extension code never turns text into markup or code.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "manifest.json"), "utf8"));

test("manifest: MV3 for Chromium and Firefox 128+, with the ids tact-host accepts", function () {
	assert.equal(manifest.manifest_version, 3);
	assert.equal(manifest.key, fs.readFileSync(path.join(ROOT, "public-key.b64"), "utf8").trim());
	assert.equal(manifest.browser_specific_settings.gecko.id, "tact@extension.tact");
	assert.equal(manifest.browser_specific_settings.gecko.strict_min_version, "128.0");
	assert.equal(typeof manifest.background.service_worker, "string");
	assert.ok(Array.isArray(manifest.background.scripts));
	for (const f of [manifest.background.service_worker].concat(manifest.background.scripts)) {
		assert.ok(fs.existsSync(path.join(ROOT, f)), f);
	}
	assert.equal(manifest.default_locale, "en");
	assert.deepEqual(manifest.options_ui, { page: "pages/options.html", open_in_tab: true });
	for (const f of ["pages/options.html", "pages/page.js", "pages/options.js", "pages/pages.css", "pages/panel.html", "pages/panel.js", "pages/popup.html", "pages/popup.js"]) {
		assert.ok(fs.existsSync(path.join(ROOT, f)), f);
	}
});

test("pages: every text they name is in English, and they load no remote code", function () {
	const en = JSON.parse(fs.readFileSync(path.join(ROOT, "_locales", "en", "messages.json"), "utf8"));
	for (const f of fs.readdirSync(path.join(ROOT, "pages"))) {
		const text = fs.readFileSync(path.join(ROOT, "pages", f), "utf8");
		if (f.endsWith(".html")) {
			for (const m of text.matchAll(/data-i18n(?:-placeholder|-label)?="([^"]+)"/g)) assert.ok(en[m[1]], f + " names " + m[1]);
			for (const m of text.matchAll(/<script src="([^"]+)"/g)) {
				assert.ok(!/^[a-z]+:/.test(m[1]), f + " loads " + m[1]);
				assert.ok(fs.existsSync(path.join(ROOT, "pages", m[1])), f + " loads a missing " + m[1]);
			}
			assert.ok(!/<script>|\son[a-z]+=/.test(text), f + " has inline script");
		}
		if (f.endsWith(".js")) {
			for (const m of text.matchAll(/\bt\("([A-Za-z]+)"/g)) assert.ok(en[m[1]], f + " names " + m[1]);
		}
	}
});

test("manifest: only nativeMessaging, storage, the side panel and LinkedIn; nothing exposed to pages", function () {
	/* sidePanel is Chromium's; Firefox's sidebar_action needs no permission. */
	assert.deepEqual(manifest.permissions.slice().sort(), ["nativeMessaging", "sidePanel", "storage"]);
	assert.deepEqual(manifest.side_panel, { default_path: "pages/panel.html" });
	assert.equal(manifest.sidebar_action.default_panel, "pages/panel.html");
	assert.equal(manifest.sidebar_action.open_at_install, false);
	assert.equal(manifest.action.default_popup, "pages/popup.html");
	assert.deepEqual(manifest.host_permissions, ["https://www.linkedin.com/*"]);
	assert.equal(manifest.optional_permissions, undefined);
	assert.equal(manifest.web_accessible_resources, undefined);
	assert.equal(manifest.externally_connectable, undefined);
	assert.equal(manifest.content_scripts.length, 1);
	assert.deepEqual(manifest.content_scripts[0].matches, ["https://www.linkedin.com/*"]);
	assert.deepEqual(manifest.content_scripts[0].js, ["common/util.js", "content/selectors.js", "content/parse.js", "content/ui.js", "content/reply.js", "content/sent.js", "content/profile.js", "content/content.js"]);
});

test("locales: every language has every message of English", function () {
	const en = JSON.parse(fs.readFileSync(path.join(ROOT, "_locales", "en", "messages.json"), "utf8"));
	for (const lang of ["fr", "de", "es", "pt"]) {
		const other = JSON.parse(fs.readFileSync(path.join(ROOT, "_locales", lang, "messages.json"), "utf8"));
		assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), lang);
		for (const k of Object.keys(en)) assert.ok(other[k].message.trim() !== "", lang + " " + k);
		assert.ok(other.extDescription.message.length <= 132, lang + " description fits Chrome's 132 characters");
	}
	assert.ok(en.extDescription.message.length <= 132);
});

test("extension code has no HTML or code sinks", function () {
	/* Spelled in pieces so that this file does not trip the same check. */
	const sinks = ["inner" + "HTML", "outer" + "HTML", "insertAdjacent" + "HTML", "document." + "write", "ev" + "al(", "new " + "Function"];
	for (const dir of ["common", "content", "background", "pages"]) {
		for (const f of fs.readdirSync(path.join(ROOT, dir))) {
			if (!f.endsWith(".js")) continue;
			const text = fs.readFileSync(path.join(ROOT, dir, f), "utf8");
			for (const s of sinks) assert.ok(!text.includes(s), dir + "/" + f + " uses " + s);
			assert.ok(!/chrome-extension:\/\/|moz-extension:\/\//.test(text), dir + "/" + f + " names an extension URL");
		}
	}
});
