/*
 * reply.js: puts a reply the user chose into LinkedIn's own message box. It NEVER sends:
 * the user reads the text and presses Send.
 *
 * 1. Opens that person's message box through LinkedIn's own Message / Reply control on the
 *    card (or the messaging link LinkedIn draws right after the card), unless a box is open.
 * 2. Waits for the editor (a contenteditable textbox) and inserts the text line by line with
 *    document.execCommand("insertText"), a paragraph between lines, as typing would.
 * 3. Reads the editor back; if the text is not there, tries a synthetic paste event carrying
 *    a DataTransfer; if that fails too, copies the text to the clipboard and asks the user to
 *    paste it (the caller shows the hint).
 * Anything labelled or shaped like a Send button is never clicked; isSendControl guards the
 * one click this file makes.
 *
 * The message-box selectors below are LinkedIn's messaging markup (form.msg-form and its
 * contenteditable textbox); tests/content.test.js builds that markup around the fixture
 * cards. They belong with content/selectors.js, where they should move.
 *
 * Classic script: attaches to globalThis.TactContent.reply and, under node, to module.exports.
 */
(function (root) {
	"use strict";

	/* LinkedIn's message editor, most specific first. */
	const EDITOR = [
		'.msg-form__contenteditable[contenteditable="true"]',
		'form.msg-form [role="textbox"][contenteditable="true"]',
		'[role="textbox"][contenteditable="true"][aria-multiline="true"]',
	];
	/* The card's Message / Reply control: a messaging link, then labelled buttons. */
	const MESSAGE_LINK = 'a[href*="/messaging/"]';
	const MESSAGE_WORDS = /^(?:message|reply|send (?:a )?message to|répondre|envoyer un message|nachricht|antworten|mensaje|responder|enviar mensaje|enviar mensagem|mensagem)\b/i;
	/* Send controls, in any of the page's languages: never clicked. */
	const SEND_CLASS = '.msg-form__send-button, .msg-form__send-btn, [type="submit"]';
	const SEND_WORDS = /^(?:send|envoyer|senden|enviar|absenden)$/i;

	const WAIT_MS = 4000;
	const POLL_MS = 100;

	function words(el) {
		return [el.getAttribute("aria-label") || "", el.getAttribute("title") || "", el.textContent || ""]
			.map(function (s) { return s.replace(/\s+/g, " ").trim(); });
	}

	/* True for anything that would send a message when clicked. */
	function isSendControl(el) {
		if (!el || el.nodeType !== 1) return false;
		if (el.matches(SEND_CLASS) || el.closest(SEND_CLASS)) return true;
		return words(el).some(function (w) { return SEND_WORDS.test(w); });
	}

	/* The card's own Message / Reply control, or the messaging link LinkedIn puts right after it. */
	function findMessageControl(card) {
		const link = card.querySelector(MESSAGE_LINK);
		if (link) return link;
		for (const b of Array.prototype.slice.call(card.querySelectorAll('button, [role="button"], a[href]'))) {
			if (words(b).some(function (w) { return MESSAGE_WORDS.test(w); })) return b;
		}
		const next = card.nextElementSibling;
		if (next && next.matches(MESSAGE_LINK)) return next;
		if (next && !next.matches('[role="listitem"]')) {
			const inner = next.querySelector(MESSAGE_LINK);
			if (inner) return inner;
		}
		return null;
	}

	function allEditors(doc) {
		const out = [];
		for (const css of EDITOR) {
			for (const e of Array.prototype.slice.call(doc.querySelectorAll(css))) if (out.indexOf(e) < 0) out.push(e);
		}
		return out;
	}

	/* The newest open editor: LinkedIn adds a new conversation box after the others. */
	function findEditor(doc) {
		for (const css of EDITOR) {
			const all = doc.querySelectorAll(css);
			if (all.length > 0) return all[all.length - 1];
		}
		return null;
	}

	function flat(s) {
		return String(s || "").replace(/[\u00a0\s]+/g, " ").trim();
	}

	function editorText(editor) {
		/* innerText knows paragraphs; textContent is what a DOM without layout has. */
		const parts = [];
		const blocks = editor.querySelectorAll("p");
		if (blocks.length > 0) for (const p of Array.prototype.slice.call(blocks)) parts.push(p.textContent);
		else parts.push(typeof editor.innerText === "string" ? editor.innerText : editor.textContent);
		return flat(parts.join(" "));
	}

	function hasText(editor, text) {
		return editorText(editor).indexOf(flat(text)) >= 0;
	}

	function caretToEnd(doc, editor) {
		const sel = doc.getSelection ? doc.getSelection() : null;
		if (!sel || !doc.createRange) return;
		const range = doc.createRange();
		range.selectNodeContents(editor);
		range.collapse(false);
		sel.removeAllRanges();
		sel.addRange(range);
	}

	function exec(doc, command, value) {
		if (typeof doc.execCommand !== "function") return false;
		try {
			return doc.execCommand(command, false, value) !== false;
		} catch {
			return false;
		}
	}

	/* Types `text` line by line; true when the editor reads it back. */
	function typeLines(doc, editor, text) {
		editor.focus();
		caretToEnd(doc, editor);
		const lines = String(text).split(/\r?\n/);
		for (let i = 0; i < lines.length; i++) {
			/* A new paragraph, never Enter: Enter may send when the user chose so. */
			if (i > 0 && !exec(doc, "insertParagraph")) return false;
			if (lines[i] !== "" && !exec(doc, "insertText", lines[i])) return false;
		}
		return hasText(editor, text);
	}

	function pasteEvent(win, editor, text) {
		if (typeof win.DataTransfer !== "function" || typeof win.ClipboardEvent !== "function") return false;
		try {
			const data = new win.DataTransfer();
			data.setData("text/plain", text);
			editor.focus();
			editor.dispatchEvent(new win.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
		} catch {
			return false;
		}
		return hasText(editor, text);
	}

	/* Undoes a half insertion into a box that was empty, so a fallback does not double it. */
	function emptyAgain(doc, editor) {
		editor.focus();
		const sel = doc.getSelection ? doc.getSelection() : null;
		if (sel && doc.createRange) {
			const range = doc.createRange();
			range.selectNodeContents(editor);
			sel.removeAllRanges();
			sel.addRange(range);
			exec(doc, "delete");
		}
	}

	function wait(win, ms) {
		return new Promise(function (resolve) { win.setTimeout(resolve, ms); });
	}

	/*
	 * The box the click opened: an editor that was not there before, or the one LinkedIn
	 * focused (clicking Message for a conversation already open focuses its box).
	 */
	async function waitForEditor(doc, win, before, ms, poll) {
		const until = Date.now() + ms;
		for (;;) {
			const all = allEditors(doc);
			const fresh = all.filter(function (e) { return before.indexOf(e) < 0; });
			if (fresh.length > 0) return fresh[fresh.length - 1];
			const active = doc.activeElement;
			if (active && all.some(function (e) { return e === active || e.contains(active); })) return active.closest('[contenteditable="true"]') || active;
			if (Date.now() >= until) return null;
			await wait(win, poll);
		}
	}

	async function toClipboard(win, text) {
		const clip = win.navigator && win.navigator.clipboard;
		if (!clip || typeof clip.writeText !== "function") return false;
		try {
			await clip.writeText(text);
			return true;
		} catch {
			return false;
		}
	}

	/*
	 * Puts `text` into the message box for `card`. Resolves with `{method}`: "insertText",
	 * "paste", "clipboard" (the user must paste) or "none" (nothing worked; show the text).
	 * `options`: doc, win, waitMs, pollMs.
	 */
	async function insertReply(card, text, options) {
		const opts = options || {};
		const doc = opts.doc || card.ownerDocument;
		const win = opts.win || doc.defaultView;
		/* Only a box opened for this card's person: another open box may be someone else's. */
		let editor = null;
		const control = findMessageControl(card);
		if (control && !isSendControl(control)) {
			const before = allEditors(doc);
			control.click();
			editor = await waitForEditor(doc, win, before, opts.waitMs !== undefined ? opts.waitMs : WAIT_MS,
				opts.pollMs !== undefined ? opts.pollMs : POLL_MS);
		}
		if (editor) {
			const before = editorText(editor);
			if (typeLines(doc, editor, text)) return { method: "insertText", editor: editor };
			if (before === "" && editorText(editor) !== "") emptyAgain(doc, editor);
			if (pasteEvent(win, editor, text)) return { method: "paste", editor: editor };
		}
		if (await toClipboard(win, text)) return { method: "clipboard", editor: editor };
		return { method: "none", editor: editor };
	}

	const api = {
		EDITOR: EDITOR,
		isSendControl: isSendControl,
		findMessageControl: findMessageControl,
		findEditor: findEditor,
		insertReply: insertReply,
	};
	root.TactContent = root.TactContent || {};
	root.TactContent.reply = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
