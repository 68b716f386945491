/*
 * popup.js: the toolbar popup. From review.summary (numbers and the names tact-host keeps):
 * pending invitations per bucket, the oldest one waiting (with LinkedIn's own "… ago"), and
 * three lists that open on demand: waiting for you, near LinkedIn's automatic withdrawal,
 * invited you again; how many companies sent a burst of invitations; the helper app's state;
 * and the way to the invitations page and to the settings. The toolbar badge (set by the
 * background) shows how many wait for the user.
 *
 * Classic script: attaches to globalThis.TactPopup and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	const U = typeof module !== "undefined" && module.exports ? require("../common/util.js") : root.TactUtil;
	const PG = typeof module !== "undefined" && module.exports ? require("./page.js") : root.TactPage;

	const INVITATIONS_URL = "https://www.linkedin.com/mynetwork/invitation-manager/received/";
	const COUNTS = [["accept", "bucketAccept"], ["review", "bucketReview"], ["ignore", "bucketIgnore"], ["suspicious", "flagSuspicious"]];
	const LISTS = [["list-waiting", "this_week", "popupWaiting"], ["list-expiring", "expiring_soon", "popupExpiring"],
		["list-repeated", "repeated", "popupRepeated"]];
	/* Each list shows this many people; the invitations page has them all. */
	const LIST_MAX = 25;

	/* How long one has waited, in LinkedIn's words when the page gave them. */
	function age(item, t) {
		if (typeof item.received_text === "string" && item.received_text !== "") return item.received_text;
		return t("popupDays", [String(U.count(item.days_pending))]);
	}

	/* The one waiting longest among the summary's lists, or null. */
	function oldest(summary) {
		let best = null;
		for (const [, field] of LISTS) {
			for (const item of Array.isArray(summary[field]) ? summary[field] : []) {
				if (U.isObject(item) && (!best || U.count(item.days_pending) > U.count(best.days_pending))) best = item;
			}
		}
		return best;
	}

	/* `options`: doc, request, t, openInvitations(), openOptions(). Returns {ready}. */
	function createPopup(options) {
		const doc = options.doc;
		const t = options.t;
		const byId = function (id) { return doc.getElementById(id); };

		function li(list, text) {
			const node = doc.createElement("li");
			node.textContent = text;
			list.appendChild(node);
		}

		function person(item) {
			const who = typeof item.name === "string" && item.name !== "" ? item.name : String(item.key || "");
			const what = typeof item.headline === "string" && item.headline !== "" ? " — " + item.headline : "";
			return who + what + " (" + age(item, t) + ")";
		}

		function showSummary(s) {
			const pending = U.isObject(s.pending) ? s.pending : {};
			const counts = byId("counts");
			for (const [field, label] of COUNTS) li(counts, t("popupCount", [t(label), String(U.count(pending[field]))]));
			const first = oldest(s);
			byId("oldest").textContent = first ? t("popupOldest", [person(first)]) : t("popupNothing");
			for (const [id, field, label] of LISTS) {
				const items = (Array.isArray(s[field]) ? s[field] : []).filter(U.isObject);
				const box = byId(id);
				box.querySelector("summary").textContent = t(label, [String(items.length)]);
				const list = box.querySelector("ul");
				for (const item of items.slice(0, LIST_MAX)) li(list, person(item));
				box.hidden = items.length === 0;
			}
			const bursts = U.count(s.company_bursts);
			byId("bursts").textContent = bursts > 0 ? t("popupBursts", [String(bursts)]) : "";
			byId("summary").hidden = false;
		}

		PG.localise(doc, t);
		byId("open-invitations").addEventListener("click", function () { options.openInvitations(); });
		byId("open-options").addEventListener("click", function () { options.openOptions(); });

		const ready = options.request("host.status").then(function (status) {
			if (!status.ready) {
				byId("host-line").textContent = t("popupHostDown");
				byId("host-line").className = "bad";
				return null;
			}
			byId("host-line").textContent = t("popupHostUp");
			return options.request("review.summary").then(showSummary);
		}).catch(function (err) {
			byId("host-line").textContent = t("popupFailed", [err.message]);
			byId("host-line").className = "bad";
		});
		return { ready: ready };
	}

	const api = { INVITATIONS_URL: INVITATIONS_URL, oldest: oldest, createPopup: createPopup };
	root.TactPopup = api;
	if (typeof module !== "undefined" && module.exports) {
		module.exports = api;
	} else if (typeof document !== "undefined") {
		const ext = PG.browserApi();
		if (ext) {
			document.documentElement.lang = ext.i18n.getUILanguage();
			createPopup({
				doc: document,
				request: PG.createRequest(function (m) { return ext.runtime.sendMessage(m); }),
				t: PG.translator(ext),
				openInvitations: function () { ext.tabs.create({ url: INVITATIONS_URL }); root.close(); },
				openOptions: function () { ext.runtime.openOptionsPage(); root.close(); },
			});
		}
	}
})(typeof globalThis !== "undefined" ? globalThis : this);
