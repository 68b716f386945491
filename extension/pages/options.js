/*
 * options.js: the options page, which is also the set-up page a fresh install opens
 * (options.html?welcome).
 *
 * 1. The helper app: `host.status` (hello, or why it fails) decides what the page shows
 *    first. When tact-host cannot be reached, it names the cause the browser let it see
 *    and the commands that fix it; "Check again" asks anew.
 * 2. Your profile: what triage compares invitations with (profile.get / profile.set).
 *    After a save, storage.local's "profileSaved" changes, and every open invitation page
 *    asks tact-host for its verdicts again.
 * 3. Notes: the vault's state, and an encrypted backup downloaded or read back from a file
 *    (notes.export / notes.import).
 *
 * Every text drawn comes from _locales or from the host as text; nothing becomes markup.
 * Classic script: attaches to globalThis.TactOptions and, under node, to module.exports;
 * in the extension it starts itself.
 */
(function (root) {
	"use strict";

	const U = typeof module !== "undefined" && module.exports ? require("../common/util.js") : root.TactUtil;
	const PG = typeof module !== "undefined" && module.exports ? require("./page.js") : root.TactPage;

	const PROFILE_STORE = "profileSaved";
	/* The host's limits (docs/PROTOCOL.md, profile.set), checked here to say which field. */
	const TEXT_MAX_BYTES = 300;
	const ITEM_MAX_BYTES = 200;
	const ITEMS_MAX = 50;
	const PASSPHRASE_MIN_BYTES = 8;
	const BACKUP_MAX_BYTES = 6000000;
	const TEXT_FIELDS = ["name", "headline", "location", "industry"];
	const SIGNATURE_MAX_BYTES = 200;
	const STRICTNESS = ["relaxed", "balanced", "strict"];

	/* The commands each cause needs, in order; `{browser}` is filled for Firefox. */
	const FIXES = {
		not_found: ["./scripts/quickstart", "build/tact-host install{browser}", "build/tact-host doctor{browser}"],
		forbidden: ["build/tact-host install{browser}", "build/tact-host doctor{browser}"],
		no_start: ["./scripts/quickstart", "build/tact-host doctor{browser}"],
		exited: ["build/tact-host doctor{browser}", "./scripts/quickstart"],
		firefox: ["./scripts/quickstart", "build/tact-host install --browser firefox", "build/tact-host doctor --browser firefox"],
		timeout: ["build/tact-host doctor{browser}"],
		data: ["build/tact-host doctor{browser}"],
		protocol: ["./scripts/quickstart"],
		other: ["build/tact-host doctor{browser}"],
	};
	const CAUSE_MESSAGES = {
		not_found: "hostNotFound", forbidden: "hostForbidden", no_start: "hostNoStart", exited: "hostExited",
		firefox: "hostFirefox", timeout: "hostTimeout", data: "hostData", protocol: "hostProtocol", other: "hostOther",
	};

	/* Lines of a textarea (or comma-separated words for keywords), trimmed, empty ones and repeats dropped. */
	function listOf(text, commas) {
		const parts = String(text || "").split(commas ? /[\n,;]/ : /\n/);
		const seen = new Set();
		const out = [];
		for (const p of parts) {
			const item = p.trim();
			const fold = item.toLowerCase();
			if (item === "" || seen.has(fold)) continue;
			seen.add(fold);
			out.push(item);
		}
		return out;
	}

	/* The form's values → a profile for profile.set; throws {code: "too_long", field} past a limit. */
	function formToProfile(values) {
		const profile = {};
		for (const f of TEXT_FIELDS) {
			profile[f] = String(values[f] || "").trim();
			if (U.utf8Length(profile[f]) > TEXT_MAX_BYTES) throw tooLong(f);
		}
		const current = String(values.current || "").trim();
		const companies = listOf((current ? current + "\n" : "") + (values.past || ""));
		const lists = { companies: companies, schools: listOf(values.schools), keywords: listOf(values.keywords, true) };
		for (const f of Object.keys(lists)) {
			if (lists[f].length > ITEMS_MAX) throw tooLong(f);
			if (lists[f].some(function (item) { return U.utf8Length(item) > ITEM_MAX_BYTES; })) throw tooLong(f);
			profile[f] = lists[f];
		}
		profile.locale = values.locale || "";
		profile.account = values.account === "premium" ? "premium" : "free";
		profile.strictness = STRICTNESS.indexOf(values.strictness) >= 0 ? values.strictness : "balanced";
		/* One line: the host refuses line breaks in a signature. */
		profile.signature = String(values.signature || "").replace(/\s+/g, " ").trim();
		if (U.utf8Length(profile.signature) > SIGNATURE_MAX_BYTES) throw tooLong("signature");
		return profile;
	}

	function tooLong(field) {
		const err = U.failure("too_long", "Field \"" + field + "\" is too long.");
		err.field = field;
		return err;
	}

	/* A stored profile → the form's values (current employer first, then the past ones). */
	function profileToForm(profile) {
		const p = U.isObject(profile) ? profile : {};
		const list = function (v) { return Array.isArray(v) ? v.filter(function (x) { return typeof x === "string"; }) : []; };
		const companies = list(p.companies);
		const text = function (v) { return typeof v === "string" ? v : ""; };
		return {
			name: text(p.name), headline: text(p.headline), location: text(p.location), industry: text(p.industry),
			current: companies[0] || "", past: companies.slice(1).join("\n"),
			schools: list(p.schools).join("\n"), keywords: list(p.keywords).join(", "),
			locale: text(p.locale), account: p.account === "premium" ? "premium" : "free",
			strictness: STRICTNESS.indexOf(p.strictness) >= 0 ? p.strictness : "balanced", signature: text(p.signature),
		};
	}

	/* The fix for a problem: its message name and the commands, for this browser. */
	function fixFor(problem, firefox) {
		const cause = problem && Object.prototype.hasOwnProperty.call(FIXES, problem.cause) ? problem.cause : "other";
		const browser = firefox ? " --browser firefox" : "";
		return {
			cause: cause,
			message: CAUSE_MESSAGES[cause],
			commands: FIXES[cause].map(function (c) { return c.replace("{browser}", browser); }),
		};
	}

	/*
	 * Starts the page on `options`: doc, request(type, params) → Promise, t(name, subs),
	 * storage ({set(items)}), firefox (bool), extensionId, welcome (bool), download(bytes,
	 * fileName), readFile(file) → Promise<Uint8Array>, atob, btoa, today() → "YYYY-MM-DD".
	 * Returns {ready}: a promise settled once the first look at the host is drawn.
	 */
	function createOptions(options) {
		const doc = options.doc;
		const request = options.request;
		const t = options.t;
		const byId = function (id) { return doc.getElementById(id); };
		const form = byId("profile-form");
		let hostReady = false;

		function say(id, text, kind) {
			const node = byId(id);
			node.textContent = text;
			node.classList.toggle("ok", kind === "ok");
			node.classList.toggle("bad", kind === "bad");
		}

		function setEnabled(container, enabled) {
			for (const node of container.querySelectorAll("input, select, textarea, button")) node.disabled = !enabled;
		}

		/* ---- the helper app ----------------------------------------------------------- */

		function showHost(status) {
			const fix = byId("host-fix");
			const steps = byId("host-steps");
			while (steps.firstChild) steps.removeChild(steps.firstChild);
			hostReady = !!(status && status.ready);
			if (hostReady) {
				const data = status.hello.data || {};
				say("host-state", t("hostReady", [String(status.hello.version || ""), String(data.folder || "")]), "ok");
				fix.hidden = true;
			} else {
				const problem = status && status.problem ? status.problem : { cause: "other", message: "" };
				const f = fixFor(problem, options.firefox);
				say("host-state", t("hostNotReady"), "bad");
				byId("host-cause").textContent = t(f.message, [String(problem.message || ""), String(options.extensionId || "")]);
				for (const command of f.commands) {
					const li = doc.createElement("li");
					const pre = doc.createElement("pre");
					const code = doc.createElement("code");
					code.textContent = command;
					pre.appendChild(code);
					li.appendChild(pre);
					steps.appendChild(li);
				}
				fix.hidden = false;
			}
			setEnabled(byId("profile"), hostReady);
			setEnabled(byId("notes"), hostReady);
		}

		function checkHost() {
			say("host-state", t("hostChecking"));
			return request("host.status").then(showHost, function (err) {
				showHost({ ready: false, problem: { cause: "other", message: err.message } });
			}).then(function () {
				return hostReady ? Promise.all([loadProfile(), loadVault()]) : null;
			});
		}

		/* ---- the profile -------------------------------------------------------------- */

		function fill(values) {
			for (const name of Object.keys(values)) {
				const field = form.elements.namedItem(name);
				if (field) field.value = values[name];
			}
		}

		function values() {
			const out = {};
			for (const field of form.elements) if (field.name) out[field.name] = field.value;
			return out;
		}

		function loadProfile() {
			return request("profile.get").then(function (answer) {
				fill(profileToForm(answer.profile));
				byId("profile-intro").textContent = t(answer.set ? "profileIntro" : "profileIntroNone");
			}, function (err) {
				say("profile-state", t("profileLoadFailed", [err.message]), "bad");
			});
		}

		function saveProfile(event) {
			if (event) event.preventDefault();
			let profile;
			try {
				profile = formToProfile(values());
			} catch (err) {
				if (err.code !== "too_long") throw err;
				say("profile-state", t("profileTooLong", [t(FIELD_LABELS[err.field])]), "bad");
				return Promise.resolve(false);
			}
			say("profile-state", t("saving"));
			return request("profile.set", { profile: profile }).then(function (answer) {
				fill(profileToForm(answer.profile));
				say("profile-state", t("profileSaved"), "ok");
				byId("profile-intro").textContent = t("profileIntro");
				const item = {};
				item[PROFILE_STORE] = Date.now();
				return Promise.resolve(options.storage.set(item)).then(function () { return true; });
			}, function (err) {
				say("profile-state", t("profileSaveFailed", [err.message]), "bad");
				return false;
			});
		}

		/*
		 * "Fill from my LinkedIn profile": what the user's own profile page shows goes into the
		 * form (employers and schools replaced, the rest only where empty). Nothing is saved
		 * until the user presses Save.
		 */
		function fillFromPage() {
			say("profile-fill-state", t("profileFilling"));
			return request("profile.read_page").then(function (read) {
				const now = values();
				const companies = Array.isArray(read.companies) ? read.companies.filter(function (c) { return typeof c === "string"; }) : [];
				const proposal = {
					current: companies[0] || now.current,
					past: companies.length > 0 ? companies.slice(1).join("\n") : now.past,
					schools: Array.isArray(read.schools) && read.schools.length > 0 ? read.schools.join("\n") : now.schools,
				};
				for (const f of ["name", "headline", "location"]) {
					if (!now[f] && typeof read[f] === "string") proposal[f] = read[f];
				}
				fill(proposal);
				const schoolCount = Array.isArray(read.schools) ? read.schools.length : 0;
				say("profile-fill-state", t("profileFilled", [String(companies.length), String(schoolCount)]), "ok");
				return true;
			}, function (err) {
				const name = { no_profile_tab: "profileFillNoTab", not_own_profile: "profileFillNotOwn" }[err.code];
				say("profile-fill-state", name ? t(name) : t("profileFillFailed", [err.message]), "bad");
				return false;
			});
		}

		/* ---- notes -------------------------------------------------------------------- */

		function loadVault() {
			return request("vault.status").then(function (status) {
				const name = { none: "vaultNone", locked: "vaultLocked", unlocked: "vaultUnlocked", damaged: "vaultDamaged" }[status.state] || "vaultDamaged";
				const mode = status.mode === "passphrase" ? t("vaultModePassphrase") : t("vaultModeKeyfile");
				say("vault-state", t(name, [mode, String(status.problem || "")]), status.state === "damaged" ? "bad" : undefined);
			}, function (err) {
				say("vault-state", t("vaultUnknown", [err.message]), "bad");
			});
		}

		function exportNotes(event) {
			if (event) event.preventDefault();
			const pass = byId("export-pass").value;
			if (U.utf8Length(pass) < PASSPHRASE_MIN_BYTES) {
				say("export-state", t("passphraseTooShort"), "bad");
				return Promise.resolve(false);
			}
			say("export-state", t("exporting"));
			return request("notes.export", { passphrase: pass }).then(function (answer) {
				const bytes = PG.base64ToBytes(answer.backup, options.atob);
				options.download(bytes, "tact-notes-" + options.today() + ".tactnotes");
				byId("export-pass").value = "";
				say("export-state", t("exportDone", [String(answer.notes), String(answer.skipped)]), "ok");
				return true;
			}, function (err) {
				say("export-state", t("exportFailed", [err.message]), "bad");
				return false;
			});
		}

		function importNotes(event) {
			if (event) event.preventDefault();
			const input = byId("import-file");
			const file = input.files && input.files[0];
			const pass = byId("import-pass").value;
			if (!file) {
				say("import-state", t("importNoFile"), "bad");
				return Promise.resolve(false);
			}
			if (file.size > BACKUP_MAX_BYTES) {
				say("import-state", t("importTooLarge"), "bad");
				return Promise.resolve(false);
			}
			if (pass === "") {
				say("import-state", t("passphraseTooShort"), "bad");
				return Promise.resolve(false);
			}
			say("import-state", t("importing"));
			return Promise.resolve(options.readFile(file)).then(function (bytes) {
				return request("notes.import", { passphrase: pass, backup: PG.bytesToBase64(bytes, options.btoa) });
			}).then(function (answer) {
				byId("import-pass").value = "";
				say("import-state", t("importDone", [String(answer.added), String(answer.updated), String(answer.unchanged)]), "ok");
				return loadVault().then(function () { return true; });
			}, function (err) {
				say("import-state", t(err.code === "bad_request" ? "importRefused" : "importFailed", [err.message]), "bad");
				return false;
			});
		}

		/* ---- start -------------------------------------------------------------------- */

		PG.localise(doc, t);
		byId("welcome").hidden = !options.welcome;
		form.addEventListener("submit", saveProfile);
		byId("profile-fill").addEventListener("click", function () { fillFromPage(); });
		byId("export-form").addEventListener("submit", exportNotes);
		byId("import-form").addEventListener("submit", importNotes);
		byId("host-retry").addEventListener("click", function () { checkHost(); });
		setEnabled(byId("profile"), false);
		setEnabled(byId("notes"), false);

		return {
			ready: checkHost(),
			checkHost: checkHost,
			saveProfile: saveProfile,
			fillFromPage: fillFromPage,
			exportNotes: exportNotes,
			importNotes: importNotes,
		};
	}

	const FIELD_LABELS = {
		name: "profileName", headline: "profileHeadline", location: "profileLocation", industry: "profileIndustry",
		companies: "profilePast", schools: "profileSchools", keywords: "profileKeywords", signature: "profileSignature",
	};

	/* The browser's side: how a backup is saved and a chosen file read. */
	function download(doc, bytes, fileName) {
		const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
		const a = doc.createElement("a");
		a.href = url;
		a.download = fileName;
		doc.body.appendChild(a);
		a.click();
		a.remove();
		root.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
	}

	function readFile(file) {
		return file.arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
	}

	const api = {
		PROFILE_STORE: PROFILE_STORE,
		listOf: listOf,
		formToProfile: formToProfile,
		profileToForm: profileToForm,
		fixFor: fixFor,
		createOptions: createOptions,
	};
	root.TactOptions = api;
	if (typeof module !== "undefined" && module.exports) {
		module.exports = api;
	} else if (typeof document !== "undefined") {
		const ext = PG.browserApi();
		if (ext) {
			const page = createOptions({
				doc: document,
				request: PG.createRequest(function (m) { return ext.runtime.sendMessage(m); }),
				t: PG.translator(ext),
				storage: ext.storage.local,
				firefox: typeof ext.runtime.getBrowserInfo === "function",
				extensionId: ext.runtime.id,
				welcome: new URLSearchParams(root.location.search).has("welcome"),
				download: function (bytes, name) { download(document, bytes, name); },
				readFile: readFile,
				atob: root.atob.bind(root),
				btoa: root.btoa.bind(root),
				today: function () { return new Date().toISOString().slice(0, 10); },
			});
			root.TactOptions.page = page;
			document.documentElement.lang = ext.i18n.getUILanguage();
		}
	}
})(typeof globalThis !== "undefined" ? globalThis : this);
