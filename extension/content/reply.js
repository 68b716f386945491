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
 * The message-box selectors (editor, Message control, Send controls) live in
 * content/selectors.js with the others.
 *
 * Classic script, loaded after selectors.js: attaches to globalThis.TactContent.reply and,
 * under node, to module.exports.
 */
(function (root) {
	"use strict";

	const S = typeof module !== "undefined" && module.exports ? require("./selectors.js") : root.TactContent.selectors;

	const WAIT_MS = 4000;
	const POLL_MS = 100;

	/* The editor's text without any white space: paragraphs are compared, not their markup. */
	function bareText(s) {
		return String(s || "").replace(/[\u00a0\s]+/g, "");
	}

	function hasText(editor, text) {
		return bareText(editor.textContent).indexOf(bareText(text)) >= 0;
	}

	/*
	 * Puts the caret where typing belongs. In an empty box: at its start (a selection
	 * over an empty paragraph makes Chromium refuse to insert). After a draft: at the end
	 * of the last line, before the <br> that keeps an empty line open (typing after it
	 * would land outside the paragraph in Firefox).
	 */
	function placeCaret(doc, editor, empty) {
		const sel = doc.getSelection ? doc.getSelection() : null;
		if (!sel || !doc.createRange) return;
		const range = doc.createRange();
		let node = editor;
		if (empty) {
			while (node.firstChild && node.firstChild.nodeType === 1 && node.firstChild.nodeName !== "BR") node = node.firstChild;
			range.setStart(node, 0);
		} else {
			while (node.lastChild && node.lastChild.nodeType === 1 && node.lastChild.nodeName !== "BR") node = node.lastChild;
			if (node.lastChild && node.lastChild.nodeName === "BR") range.setStartBefore(node.lastChild);
			else range.selectNodeContents(node);
		}
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

	/*
	 * Types `text` line by line; true when the editor reads it back. A draft already in
	 * the box is kept: the reply starts on a new line after it.
	 */
	function typeLines(doc, editor, text) {
		const empty = bareText(editor.textContent) === "";
		editor.focus();
		placeCaret(doc, editor, empty);
		const lines = String(text).split(/\r?\n/);
		/* A new paragraph, never Enter: Enter may send when the user chose so. */
		if (!empty && !exec(doc, "insertParagraph")) return false;
		for (let i = 0; i < lines.length; i++) {
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
			const all = S.messageEditors(doc);
			const fresh = all.filter(function (e) { return before.indexOf(e) < 0; });
			if (fresh.length > 0) return fresh[fresh.length - 1];
			const focused = S.focusedEditor(doc);
			if (focused) return focused;
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
		const control = S.findMessageControl(card);
		if (control && !S.isSendControl(control)) {
			const before = S.messageEditors(doc);
			control.click();
			editor = await waitForEditor(doc, win, before, opts.waitMs !== undefined ? opts.waitMs : WAIT_MS,
				opts.pollMs !== undefined ? opts.pollMs : POLL_MS);
		}
		if (editor) {
			const before = bareText(editor.textContent);
			/* A second click on the same chip: the text is there already. */
			if (before !== "" && hasText(editor, text)) return { method: "insertText", editor: editor };
			if (typeLines(doc, editor, text)) return { method: "insertText", editor: editor };
			if (before === "" && bareText(editor.textContent) !== "") emptyAgain(doc, editor);
			if (pasteEvent(win, editor, text)) return { method: "paste", editor: editor };
		}
		if (await toClipboard(win, text)) return { method: "clipboard", editor: editor };
		return { method: "none", editor: editor };
	}

	const api = {
		isSendControl: S.isSendControl,
		findMessageControl: S.findMessageControl,
		insertReply: insertReply,
	};
	root.TactContent = root.TactContent || {};
	root.TactContent.reply = api;
	if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
