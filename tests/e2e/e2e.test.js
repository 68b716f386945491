'use strict';
// End to end: the real extension in Debian's Chromium (new headless mode,
// --load-extension through Puppeteer, the host registered in the profile's
// NativeMessagingHosts) and Firefox ESR (WebDriver BiDi, HOME pointed at a
// temporary folder), talking to the real tact-host. The fixture pages are
// served at LinkedIn's own address by request interception; nothing
// touches the network.

const { test, describe, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');

const ROOT = path.resolve(__dirname, '..', '..');
const EXTENSION = path.join(ROOT, 'extension');
const FIXTURES = path.join(EXTENSION, 'tests', 'fixtures');
const HOST = process.env.TACT_HOST_BIN || path.join(ROOT, 'build', 'tact-host');
const RECEIVED = 'https://www.linkedin.com/mynetwork/invitation-manager/received/';
const CHROME_ID = 'daofefhefapbjhcpbggcdnhlkjhkobjg';
const FIREFOX_ID = 'tact@extension.tact';
const EXPECTED = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'received-2026.expected.json'), 'utf8'));

function tmp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// Asks the host (a second process on the same data folder, as a second
// browser profile would be) what it has seen.
function history(home) {
  const req = Buffer.from(JSON.stringify({ v: 1, id: 1, type: 'history.list', params: { limit: 500 } }));
  const frame = Buffer.alloc(4 + req.length);
  frame.writeUInt32LE(req.length, 0);
  req.copy(frame, 4);
  const out = execFileSync(HOST, ['serve'], { input: frame, env: { ...process.env, TACT_HOME: home } });
  const answer = JSON.parse(out.subarray(4, 4 + out.readUInt32LE(0)).toString('utf8'));
  assert.ok(answer.ok, JSON.stringify(answer));
  return answer.result.items;
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

async function servePage(page, fixture) {
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url().startsWith('https://www.linkedin.com/')) {
      const body = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
      r.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
    } else {
      r.abort();
    }
  });
  await page.goto(RECEIVED);
}

// Records every value page text would write to window.__tactPwned if it
// ever became markup or code. The hostile fixture's own real <script> and
// onerror attributes write other values ("inline", "img", ...): those are
// the page's doing, not Tact's.
async function watchForInjection(page) {
  await page.evaluateOnNewDocument(() => {
    window.__tactWrites = [];
    Object.defineProperty(window, '__tactPwned', {
      configurable: true,
      get() { return undefined; },
      set(v) { window.__tactWrites.push(String(v)); },
    });
  });
}
const FROM_PAGE_TEXT = ['name', 'headline', 'note', '1', 'template'];

function bucketsByKey(home) {
  const map = new Map();
  for (const item of history(home)) map.set(item.invitation.key, item.bucket);
  return map;
}

// The bucket badges Tact drew, read through the closed shadow roots with
// the DevTools protocol (page scripts cannot see into them).
async function drawnBuckets(page) {
  const session = await page.createCDPSession();
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const found = [];
  const walk = (node, inClosed) => {
    if (inClosed && node.nodeName === 'SPAN' && node.attributes) {
      const i = node.attributes.indexOf('class');
      const cls = i >= 0 ? node.attributes[i + 1] : '';
      const m = /^badge (accept|review|ignore)$/.exec(cls);
      if (m) found.push(m[1]);
    }
    for (const child of node.children || []) walk(child, inClosed);
    for (const shadow of node.shadowRoots || []) walk(shadow, inClosed || shadow.shadowRootType === 'closed');
  };
  walk(root, false);
  await session.detach();
  return found.sort();
}

// A message box like LinkedIn's overlay, opened by the card's Message link:
// the fixture's own page script, installed before the page loads. Its Send
// button records any press, so the test can prove nothing was sent.
async function fakeMessageBox(page) {
  await page.evaluateOnNewDocument(() => {
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
      const para = document.createElement('p');
      para.appendChild(document.createElement('br')); // as LinkedIn's editor starts
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
  });
}

// The reply chips Tact drew (inside closed shadow roots), with their full
// text and where they are on screen.
async function replyChips(page) {
  const session = await page.createCDPSession();
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const chips = [];
  const walk = (node, inClosed) => {
    if (inClosed && node.nodeName === 'BUTTON' && node.attributes) {
      const attr = (name) => { const i = node.attributes.indexOf(name); return i >= 0 ? node.attributes[i + 1] : ''; };
      if (attr('class') === 'chip') chips.push({ id: node.backendNodeId, text: attr('title') });
    }
    for (const child of node.children || []) walk(child, inClosed);
    for (const shadow of node.shadowRoots || []) walk(shadow, inClosed || shadow.shadowRootType === 'closed');
  };
  walk(root, false);
  for (const chip of chips) {
    const { model } = await session.send('DOM.getBoxModel', { backendNodeId: chip.id });
    const q = model.content;
    chip.x = (q[0] + q[4]) / 2;
    chip.y = (q[1] + q[5]) / 2;
  }
  await session.detach();
  return chips;
}

const expectedKeys = () => [...new Set(EXPECTED['received-2026-en.html'].filter((r) => r && r.key).map((r) => r.key))].sort();

function checkHistory(home) {
  const items = history(home);
  const keys = [...new Set(items.map((i) => i.invitation.key))].sort();
  assert.deepStrictEqual(keys, expectedKeys());
  for (const item of items) {
    assert.ok(['accept', 'review', 'ignore'].includes(item.bucket), JSON.stringify(item));
  }
}

describe('Chromium', () => {
  let browser;
  let home;
  before(async () => {
    const profile = tmp('tact-e2e-chromium-');
    home = tmp('tact-e2e-home-');
    execFileSync(HOST, ['install', '--user-data-dir', profile, '--host-path', HOST],
      { env: { ...process.env, HOME: home, TACT_HOME: home } });
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      headless: true,
      pipe: true,
      userDataDir: profile,
      enableExtensions: [EXTENSION],
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic'],
      env: { ...process.env, HOME: home, TACT_HOME: home },
    });
  });
  after(async () => { if (browser) await browser.close(); });

  test('loads the extension with its fixed id and reaches the host', async () => {
    const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' &&
      t.url().startsWith('chrome-extension://' + CHROME_ID + '/'));
    const worker = await sw.worker();
    const hello = await worker.evaluate(() => new Promise((resolve) => chrome.runtime.sendNativeMessage(
      'org.tact.host', { v: 1, id: 'e2e', type: 'hello' },
      (m) => resolve(m || { error: chrome.runtime.lastError && chrome.runtime.lastError.message }))));
    assert.strictEqual(hello.ok, true, JSON.stringify(hello));
    assert.strictEqual(hello.result.protocol, 1);
  });

  test('every card gets the badge tact-host computed, and Accept reaches the host', async () => {
    const page = await browser.newPage();
    await servePage(page, 'received-2026-en.html');
    await waitFor('the host to record every card', () => {
      try { checkHistory(home); return true; } catch { return false; }
    });
    const buckets = bucketsByKey(home);
    const want = EXPECTED['received-2026-en.html'].filter((r) => r && r.key)
      .map((r) => buckets.get(r.key)).sort();
    const drawn = await waitFor('a badge on every card', async () => {
      const got = await drawnBuckets(page);
      return got.length === want.length ? got : null;
    });
    assert.deepStrictEqual(drawn, want);

    await page.click('button[aria-label="Accept Jana Nowak\u2019s invitation"]');
    await waitFor('the Accept click to reach the host', () =>
      history(home).some((i) => i.invitation.key === '/in/jana-nowak-1a2b3c/' && i.decision === 'accepted'));
    await page.close();
  });

  test('a reply chip puts its text in the message box and never sends it', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 4000 });
    await fakeMessageBox(page);
    await servePage(page, 'received-2026-en.html');
    // Jana's replies greet her by name; the other cards' do not.
    const chip = await waitFor('a reply chip on Jana\'s card', async () =>
      (await replyChips(page)).find((c) => c.text.includes('Jana')) || null);
    await page.mouse.click(chip.x, chip.y);
    const firstLine = chip.text.split('\n')[0];
    const typed = await waitFor('the reply in the message box', () => page.evaluate(() => {
      const e = document.querySelector('.msg-form__contenteditable');
      return e && e.innerText.trim().length > 0 ? e.innerText : null;
    }));
    assert.ok(typed.includes(firstLine), JSON.stringify({ typed, firstLine }));
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(await page.evaluate(() => window.__tactSent), false, 'nothing may be sent');
    await page.close();
  });

  test('page text never becomes markup or code', async () => {
    const page = await browser.newPage();
    await watchForInjection(page);
    await servePage(page, 'hostile.html');
    await waitFor('the hostile cards to reach the host', () => history(home).length > 12);
    await new Promise((r) => setTimeout(r, 500));
    const writes = await page.evaluate(() => window.__tactWrites);
    // The watch works: the fixture's own scripts were seen writing.
    assert.ok(writes.includes('inline'), JSON.stringify(writes));
    assert.deepStrictEqual(writes.filter((w) => FROM_PAGE_TEXT.includes(w)), [], JSON.stringify(writes));
    await page.close();
  });
});

describe('Firefox', () => {
  let browser;
  let home;
  before(async () => {
    home = tmp('tact-e2e-ffhome-');
    fs.mkdirSync(path.join(home, '.mozilla'), { recursive: true });
    execFileSync(HOST, ['install', '--browser', 'firefox', '--host-path', HOST],
      { env: { ...process.env, HOME: home, TACT_HOME: home } });
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_BIN || '/usr/bin/firefox-esr',
      headless: true,
      env: { ...process.env, HOME: home, TACT_HOME: home },
    });
  });
  after(async () => { if (browser) await browser.close(); });

  test('installs the extension under its gecko id', async () => {
    assert.strictEqual(await browser.installExtension(EXTENSION), FIREFOX_ID);
  });

  test('every card reaches the host, and Accept clicks are reported', async () => {
    const page = await browser.newPage();
    await servePage(page, 'received-2026-en.html');
    await waitFor('the host to record every card', () => {
      try { checkHistory(home); return true; } catch { return false; }
    });
    await page.click('button[aria-label="Accept Jana Nowak\u2019s invitation"]');
    await waitFor('the Accept click to reach the host', () =>
      history(home).some((i) => i.invitation.key === '/in/jana-nowak-1a2b3c/' && i.decision === 'accepted'));
    await page.close();
  });
});
