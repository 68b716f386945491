'use strict';
// What the end-to-end test files share: temporary folders, one request to
// tact-host as a second process on the same data folder, waiting, and the
// fixture pages served at LinkedIn's own addresses.

const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const EXTENSION = path.join(ROOT, 'extension');
const FIXTURES = path.join(EXTENSION, 'tests', 'fixtures');
const HOST = process.env.TACT_HOST_BIN || path.join(ROOT, 'build', 'tact-host');
const RECEIVED = 'https://www.linkedin.com/mynetwork/invitation-manager/received/';
const CHROME_ID = 'daofefhefapbjhcpbggcdnhlkjhkobjg';
const FIREFOX_ID = 'tact@extension.tact';

function tmp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// One request to the host, as a second process on the same data folder
// (as a second browser profile would be).
function ask(home, type, params) {
  const req = Buffer.from(JSON.stringify({ v: 1, id: 1, type, params }));
  const frame = Buffer.alloc(4 + req.length);
  frame.writeUInt32LE(req.length, 0);
  req.copy(frame, 4);
  const out = execFileSync(HOST, ['serve'], { input: frame, env: { ...process.env, TACT_HOME: home } });
  const answer = JSON.parse(out.subarray(4, 4 + out.readUInt32LE(0)).toString('utf8'));
  assert.ok(answer.ok, JSON.stringify(answer));
  return answer.result;
}

// What the host has seen.
const history = (home) => ask(home, 'history.list', { limit: 500 }).items;

// The host's full verdicts (reasons included) on the invitations it
// recorded, asked of a copy of its data folder so the test changes nothing.
function verdictsByKey(home) {
  const copy = tmp('tact-e2e-copy-');
  try {
    for (const name of fs.readdirSync(home)) {
      const from = path.join(home, name);
      // Not SQLite's shared-memory index: the copy rebuilds its own.
      if (fs.statSync(from).isFile() && !name.endsWith('-shm')) fs.copyFileSync(from, path.join(copy, name));
    }
    const invitations = history(copy).map((i) => i.invitation);
    const map = new Map();
    for (const v of ask(copy, 'classify', { invitations }).results) map.set(v.key, v);
    return map;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

async function waitFor(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('timed out waiting for ' + what);
}

async function servePage(page, fixture, url = RECEIVED) {
  await page.setRequestInterception(true);
  // A request can be gone by the time it is answered (the page closed or
  // navigated; Firefox then says "no such request"): nothing is owed to it.
  // A failed answer to the page itself still shows, as page.goto fails.
  const quietly = (answer) => Promise.resolve(answer).catch(() => {});
  page.on('request', (r) => {
    if (r.url().startsWith('https://www.linkedin.com/')) {
      const body = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
      quietly(r.respond({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    } else {
      quietly(r.abort());
    }
  });
  await page.goto(url);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A message box like LinkedIn's overlay, opened by the card's Message link:
// the fixture's own page script, installed before the page loads. Its Send
// button records any press, so the test can prove nothing was sent.
async function fakeMessageBox(page, draft = '') {
  await page.evaluateOnNewDocument((draft) => {
    window.__tactSent = false;
    document.addEventListener('click', (event) => {
      const link = event.target.closest && event.target.closest('a[href*="/messaging/"]');
      if (!link) return;
      event.preventDefault();
      const form = document.createElement('form');
      form.className = 'msg-form';
      const editor = document.createElement('div');
      editor.className = 'msg-form__contenteditable';
      editor.setAttribute('contenteditable', 'true');
      editor.setAttribute('role', 'textbox');
      editor.setAttribute('aria-multiline', 'true');
      if (draft) {
        const first = document.createElement('p');
        first.textContent = draft;
        editor.appendChild(first);
      }
      const para = document.createElement('p');
      para.appendChild(document.createElement('br')); // as LinkedIn's editor starts, or an empty line
      editor.appendChild(para);
      const send = document.createElement('button');
      send.type = 'submit';
      send.className = 'msg-form__send-button';
      send.textContent = 'Send';
      send.addEventListener('click', () => { window.__tactSent = true; });
      form.addEventListener('submit', (e) => { e.preventDefault(); window.__tactSent = true; });
      form.append(editor, send);
      document.body.appendChild(form);
      editor.focus();
    }, true);
  }, draft);
}

module.exports = { ROOT, EXTENSION, FIXTURES, HOST, RECEIVED, CHROME_ID, FIREFOX_ID, tmp, ask, history, verdictsByKey, waitFor, servePage, sleep, fakeMessageBox };
