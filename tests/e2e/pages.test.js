'use strict';
// The extension's own pages in real browsers, each check on a browser of its
// own, as a stranger meets them: the set-up page a fresh install opens by
// itself; what it says when tact-host cannot be reached (no registration, a
// program moved away, one that exits at once); and a new user's first
// profile, entered there, moving a colleague's card to Accept on an
// invitations page that stays open, while the page's "Tact is guessing" line
// goes away ("Fill from my LinkedIn profile" reading the user's own profile
// page on the way); the side panel's notes and vault; the toolbar popup.

const { test, describe, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');
const { drawnCards, drawnReview, drawnSetup, drawnFilters, chromiumView, firefoxView } = require('./shadow');
const { launchChromium } = require('./chromium');
const { EXTENSION, HOST, CHROME_ID, FIREFOX_ID, tmp, ask, waitFor, servePage, sleep, fakeMessageBox } = require('./support');

const OPTIONS = 'pages/options.html';
// Firefox gives an extension a random address unless told one.
const FIREFOX_UUID = '5f0c6a2e-8d41-4b7a-9e3c-2a7d1b9c4e60';
const EN = JSON.parse(fs.readFileSync(path.join(EXTENSION, '_locales', 'en', 'messages.json'), 'utf8'));
const PRIYA = '/in/priya-raman-77/';

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

function folder(prefix) {
  const dir = tmp(prefix);
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function chromium(options = {}) {
  const profile = options.profile || folder('tact-pages-chromium-');
  const home = options.home || folder('tact-pages-home-');
  const browser = await launchChromium({ host: HOST, ...options, profile, home });
  cleanup.push(() => browser.close().catch(() => {}));
  return { browser, home, profile, base: 'chrome-extension://' + CHROME_ID + '/', view: chromiumView };
}

async function firefox({ register = true } = {}) {
  const home = folder('tact-pages-ffhome-');
  fs.mkdirSync(path.join(home, '.mozilla'), { recursive: true });
  const env = { ...process.env, HOME: home, TACT_HOME: home };
  if (register) execFileSync(HOST, ['install', '--browser', 'firefox', '--host-path', HOST], { env });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_BIN || '/usr/bin/firefox-esr',
    headless: true,
    env,
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }) },
  });
  cleanup.push(() => browser.close().catch(() => {}));
  assert.strictEqual(await browser.installExtension(EXTENSION), FIREFOX_ID);
  return { browser, home, base: 'moz-extension://' + FIREFOX_UUID + '/', view: firefoxView };
}

// The tab the fresh install opened by itself, once its first look at the
// host is drawn.
async function welcomeTab({ browser, base }) {
  const page = await waitFor('the set-up page to open after the install', async () => {
    // The document's own address: Firefox's WebDriver BiDi reports an
    // extension tab as about:blank.
    for (const p of await browser.pages()) {
      const url = await p.evaluate(() => document.URL).catch(() => '');
      if (url === base + OPTIONS + '?welcome') return p;
    }
    return null;
  });
  await waitFor('the first look at the host', () => page.$eval('#host-state', (e) =>
    e.classList.contains('ok') || e.classList.contains('bad')));
  return page;
}

const text = (page, selector) => page.$eval(selector, (e) => e.textContent);
const commands = (page) => page.$$eval('#host-steps code', (list) => list.map((c) => c.textContent));

// What the page shows when the host cannot be reached: the cause's own
// message and the commands, the profile form shut.
async function checkDiagnosis(page, message, want) {
  assert.strictEqual(await text(page, '#host-state'), EN.hostNotReady.message);
  assert.strictEqual(await page.$eval('#host-fix', (e) => e.hidden), false);
  assert.strictEqual(await text(page, '#host-cause'), EN[message].message.replace('$ID$', CHROME_ID));
  assert.deepStrictEqual(await commands(page), want);
  assert.strictEqual(await page.$eval('#p-current', (e) => e.disabled), true);
}

// A new user: the set-up page says the host answers, the invitations page
// says triage is guessing, the profile saved on the set-up page moves Priya
// (who works at Kontora Payments) from Ignore to Accept on the page that
// stayed open, and the guessing line goes.
async function firstProfileMovesAColleague(b) {
  const welcome = await welcomeTab(b);
  assert.match(await text(welcome, '#host-state'), /^The helper app answers/);
  assert.strictEqual(await welcome.$eval('#welcome', (e) => e.hidden), false);
  assert.strictEqual(await text(welcome, '#profile-intro'), EN.profileIntroNone.message);

  const page = await b.browser.newPage();
  const view = b.view(page);
  await servePage(page, 'received-2026-en.html');
  const bucketOf = async (key) => {
    const card = drawnCards(await view.tree(), new Set([key])).find((c) => c.key === key);
    return card ? card.bucket : null;
  };
  await waitFor('Priya in Ignore', async () => (await bucketOf(PRIYA)) === 'ignore');
  const line = await waitFor('the guessing line', async () => drawnSetup(await view.tree()));
  assert.ok(line.text.startsWith(EN.setupGuessing.message), line.text);
  assert.strictEqual(line.button.text, EN.setupOpen.message);

  // "Fill from my LinkedIn profile" reads the user's own profile page, open
  // in another tab, into the form; the user adds a signature and saves.
  const own = await b.browser.newPage();
  await servePage(own, 'profile-own-2026-en.html', 'https://www.linkedin.com/in/sofia-reyes-42/');
  await welcome.bringToFront();
  await welcome.click('#profile-fill');
  await waitFor('the form filled from the profile page', async () =>
    (await welcome.$eval('#p-current', (e) => e.value)) === 'Kontora Payments');
  assert.strictEqual(await welcome.$eval('#p-name', (e) => e.value), 'Sofia Reyes');
  assert.strictEqual(await welcome.$eval('#p-past', (e) => e.value), 'Andes Bank\nCobre Labs');
  assert.strictEqual(await welcome.$eval('#p-schools', (e) => e.value), 'Universidad de Chile\nLiceo Manuel de Salas');
  assert.strictEqual(ask(b.home, 'profile.get', {}).set, false, 'nothing saved before the user says so');
  await welcome.type('#p-signature', 'Sofia Reyes · Kontora Payments');
  await welcome.click('#profile-save');
  await waitFor('the profile to be saved', async () => (await text(welcome, '#profile-state')) === EN.profileSaved.message);
  const stored = ask(b.home, 'profile.get', {});
  assert.strictEqual(stored.set, true);
  assert.deepStrictEqual(stored.profile.companies, ['Kontora Payments', 'Andes Bank', 'Cobre Labs']);
  assert.deepStrictEqual(stored.profile.schools, ['Universidad de Chile', 'Liceo Manuel de Salas']);
  assert.strictEqual(stored.profile.signature, 'Sofia Reyes · Kontora Payments');

  await page.bringToFront();
  await waitFor('Priya in Accept, on the page that stayed open', async () => (await bucketOf(PRIYA)) === 'accept');
  // Her reply chips close with the signature the user gave.
  const chips = await waitFor('Priya\'s reply chips', async () => {
    const card = drawnCards(await view.tree(), new Set([PRIYA])).find((c) => c.key === PRIYA);
    return card && card.chips.length > 0 ? card.chips : null;
  });
  for (const chip of chips) assert.ok(chip.text.endsWith('\n\nSofia Reyes · Kontora Payments'), JSON.stringify(chip.text));
  await waitFor('the guessing line to go', async () => drawnSetup(await view.tree()) === null);
  await popupMatchesThePage(b, page, view);
}

// The toolbar popup's numbers are the page's: what the filter bar counts and
// what the weekly review line says; in Chromium the toolbar badge too.
async function popupMatchesThePage(b, page, view) {
  const bar = await waitFor('the filter bar with every verdict', async () => {
    const f = drawnFilters(await view.tree());
    const cards = drawnCards(await view.tree(), new Set());
    return f && f.all > 0 && cards.length >= f.all ? f : null;
  });
  const popup = await extensionPage(b, 'pages/popup.html');
  await waitFor('the popup\'s numbers', () => popup.$eval('#summary', (e) => !e.hidden));
  const counts = await popup.$$eval('#counts li', (l) => l.map((li) => Number(li.textContent.split(': ')[1])));
  const [accept, review, ignore, suspicious] = counts;
  assert.strictEqual(accept + review + ignore + suspicious, bar.all, JSON.stringify({ counts, bar }));
  assert.strictEqual(accept, bar.accept, JSON.stringify({ counts, bar }));
  assert.strictEqual(suspicious, bar.suspicious, JSON.stringify({ counts, bar }));
  const waiting = Number(/\((\d+)\)/.exec(await text(popup, '#list-waiting summary'))[1]);
  await page.bringToFront();
  const line = await waitFor('the review line', async () => drawnReview(await view.tree()));
  assert.ok(line.startsWith('Weekly review: ' + waiting + ' waiting for you'), line);
  if (b.base.startsWith('chrome-extension:')) {
    const sw = await b.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(b.base));
    const badge = await (await sw.worker()).evaluate(() => chrome.action.getBadgeText({}));
    assert.strictEqual(badge, String(waiting));
  }
}

const JANA = '/in/jana-nowak-1a2b3c/';
const NOTE = 'Met Jana at the Kafka meetup in Lisbon; ask about her platform team.';

// An extension page in a tab of its own. Neither browser lets the test
// open an extension address itself: Chromium's service worker opens it with
// tabs.create, and in Firefox the set-up tab the install opened goes there.
async function pageAt(b, url) {
  return waitFor(url + ' to open', async () => {
    for (const p of await b.browser.pages()) {
      if ((await p.evaluate(() => document.URL).catch(() => '')) === url) return p;
    }
    return null;
  });
}

async function extensionPage(b, file) {
  const url = b.base + file;
  if (url.startsWith('chrome-extension:')) {
    // The worker may be starting again (its global not there yet): ask until it is.
    await waitFor('the service worker to open ' + file, async () => {
      try {
        const sw = await b.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(b.base), { timeout: 5000 });
        const worker = await sw.worker();
        return await worker.evaluate((u) => typeof chrome !== 'undefined' && chrome.tabs
          ? chrome.tabs.create({ url: u }).then(() => true) : false, url);
      } catch {
        return false;
      }
    });
    return pageAt(b, url);
  }
  const page = await welcomeTab(b);
  await page.evaluate((u) => { window.location.href = u; }, url);
  return pageAt(b, url);
}

async function panelReady(panel) {
  await waitFor('the panel to know the vault', async () => (await text(panel, '#vault-state')) !== '');
}

// The invitations page with a message box, and the host's verdict drawn on
// Jana's card; returns the page, its view and her card as drawn.
async function invitationsWithJana(b) {
  const page = await b.browser.newPage();
  const view = b.view(page);
  await fakeMessageBox(page);
  await servePage(page, 'received-2026-en.html');
  const card = await waitFor('Jana\u2019s card with its Note control', async () => {
    const c = drawnCards(await view.tree(), new Set([JANA])).find((x) => x.key === JANA);
    return c && c.note && c.reasons.length > 0 ? c : null;
  });
  return { page, view, card };
}

async function clickInShadow(page, view, ref) {
  const at = await view.center(ref);
  assert.ok(at, 'the control left the page before it could be clicked');
  await page.mouse.click(at.x, at.y);
}

// The note never lies in the data folder as text.
function assertSealed(home, secret) {
  for (const name of fs.readdirSync(home)) {
    const file = path.join(home, name);
    if (!fs.statSync(file).isFile()) continue;
    assert.ok(!fs.readFileSync(file).includes(Buffer.from(secret.slice(0, 24))), name + ' holds the note as text');
  }
}

// Jana's Note control turns the panel to her: her reasons, what Tact
// remembers, a reply for each intent. A note written there is stored by the
// host, sealed; the panel's Insert puts a reply into her message box and
// nothing is sent.
async function noteFromTheCard(b) {
  const panel = await extensionPage(b, 'pages/panel.html');
  await panelReady(panel);
  assert.strictEqual(await text(panel, '#person-name'), EN.panelNobody.message);
  const { page, view, card } = await invitationsWithJana(b);
  await clickInShadow(page, view, card.note);
  // Typing goes to the tab in front (a headless browser hangs typing elsewhere).
  await panel.bringToFront();
  await waitFor('the panel to show Jana', async () => (await text(panel, '#person-name')) === 'Jana Nowak');
  const reasons = await panel.$$eval('#person-reasons li', (l) => l.map((li) => li.lastChild.textContent));
  assert.deepStrictEqual(reasons.slice(0, card.reasons.length), card.reasons);
  await waitFor('what Tact remembers', async () => /^First seen \d{4}-\d\d-\d\d; seen \d+ times/.test(await text(panel, '#person-history')));
  await waitFor('a reply per intent', async () => (await panel.$$('#replies-list li')).length >= 5);
  assert.strictEqual(await text(panel, '#note-state'), EN.noteNone.message);

  await panel.type('#note-text', NOTE);
  await panel.type('#note-tags', 'event, kafka');
  await panel.click('#note-save');
  await waitFor('the note to be saved', async () => (await text(panel, '#note-state')) === 'Saved (version 1).');
  const stored = ask(b.home, 'notes.get', { key: JANA });
  assert.strictEqual(stored.text, NOTE);
  assert.deepStrictEqual(stored.tags, ['event', 'kafka']);
  assertSealed(b.home, NOTE);

  // Insert: the first reply goes into Jana's message box; Send is never pressed.
  const reply = await panel.$eval('#replies-list li .reply-text', (e) => e.textContent);
  await panel.click('#replies-list li button');
  await waitFor('the reply in the message box', () => page.evaluate(() => {
    const e = document.querySelector('.msg-form__contenteditable');
    return e && e.innerText.trim().length > 0;
  }));
  const typed = await page.evaluate(() => document.querySelector('.msg-form__contenteditable').innerText);
  assert.strictEqual(typed.replace(/\s+/g, ' ').trim(), reply.replace(/\s+/g, ' ').trim());
  await sleep(300);
  assert.strictEqual(await page.evaluate(() => window.__tactSent), false, 'nothing may be sent');
  return panel;
}

// From the panel: a passphrase, Lock now (the unlock prompt, not an error,
// and no note), a wrong passphrase refused, the right one opens the note.
async function lockAndUnlock(panel) {
  await panel.bringToFront();
  await panel.type('#setup-pass', 'correct horse battery');
  await panel.type('#setup-again', 'correct horse battery');
  await panel.click('#setup-go');
  await waitFor('passphrase mode', async () => (await text(panel, '#vault-action-state')) === EN.setupDone.message);
  await panel.click('#lock-go');
  await waitFor('the unlock prompt', () => panel.$eval('#unlock', (e) => !e.hidden));
  assert.strictEqual(await panel.$eval('#note', (e) => e.hidden), true, 'no note while locked');
  assert.strictEqual(await panel.$$eval('#person .bad, #unlock .bad', (l) => l.length), 0, 'a prompt, not an error');
  await panel.type('#unlock-pass', 'Correct horse battery');
  await panel.click('#unlock-go');
  await waitFor('the wrong passphrase refused', async () => (await text(panel, '#unlock-state')) === EN.wrongPassphrase.message);
  await panel.$eval('#unlock-pass', (e) => { e.value = ''; });
  await panel.type('#unlock-pass', 'correct horse battery');
  await panel.click('#unlock-go');
  await waitFor('the note back', () => panel.$eval('#note-text', (e) => e.value.length > 0));
  assert.strictEqual(await panel.$eval('#note-text', (e) => e.value), NOTE);
}

// The accessibility tree's focused node (it reaches into closed shadow
// roots), and every text in it.
async function focused(page) {
  const find = (n) => {
    if (!n) return null;
    if (n.focused) return n;
    for (const c of n.children || []) { const f = find(c); if (f) return f; }
    return null;
  };
  return find(await page.accessibility.snapshot({ interestingOnly: false }));
}
async function tabTo(page, what, test, presses = 80) {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const f = await test();
    if (f) return f;
  }
  throw new Error('Tab never reached ' + what);
}
const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

// Keyboard only: on the card, Why? opens its reasons on focus, the
// Suspicious warning shows its explanation, Note turns the panel to that
// person; in the panel a note is written and saved; in the popup a list opens.
async function keyboardOnly(b) {
  const panel = await extensionPage(b, 'pages/panel.html');
  await panelReady(panel);
  const { page } = await invitationsWithJana(b);
  await page.bringToFront();
  const why = await tabTo(page, 'Jana\u2019s Why?', async () => {
    const f = await focused(page);
    return f && f.name === 'Why? (Jana Nowak)' ? f : null;
  });
  assert.strictEqual(why.expanded, true, 'focus opens the reasons');
  await tabTo(page, 'the Suspicious warning', async () => {
    const f = await focused(page);
    return f && f.role === 'note' ? f : null;
  });
  const tree = JSON.stringify(await page.accessibility.snapshot({ interestingOnly: false }));
  assert.ok(tree.includes(EN.suspiciousHint.message), 'the explanation is shown on keyboard focus');
  // Back to the top, then to Jana's Note.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.click(1, 1);
  await tabTo(page, 'Jana\u2019s Note', async () => {
    const f = await focused(page);
    return f && f.name === 'Note about Jana Nowak' ? f : null;
  });
  await page.keyboard.press('Enter');
  await waitFor('the panel to show Jana', async () => (await text(panel, '#person-name')) === 'Jana Nowak');

  await panel.bringToFront();
  await tabTo(panel, 'the note', async () => (await activeId(panel)) === 'note-text');
  await panel.keyboard.type('Typed without a mouse.');
  await tabTo(panel, 'Save note', async () => (await activeId(panel)) === 'note-save');
  await panel.keyboard.press('Enter');
  await waitFor('the note saved', async () => (await text(panel, '#note-state')) === 'Saved (version 1).');
  assert.strictEqual(ask(b.home, 'notes.get', { key: JANA }).text, 'Typed without a mouse.');

  const popup = await extensionPage(b, 'pages/popup.html');
  await waitFor('the popup\u2019s numbers', () => popup.$eval('#summary', (e) => !e.hidden));
  await popup.bringToFront();
  await tabTo(popup, 'the waiting list', () => popup.evaluate(() => document.activeElement === document.querySelector('#list-waiting summary')));
  await popup.keyboard.press('Enter');
  assert.strictEqual(await popup.$eval('#list-waiting', (e) => e.open), true);
  assert.ok((await popup.$$('#list-waiting li')).length > 0);
}

describe('Chromium', () => {
  test('a fresh install opens set-up; a profile saved there moves a colleague to Accept', async () => {
    await firstProfileMovesAColleague(await chromium());
  });

  test('the side panel: a note from the card, stored sealed, there after a restart; lock and unlock; backup and restore', async () => {
    const b = await chromium();
    let panel = await noteFromTheCard(b);
    await b.browser.close();

    // The browser restarts: the note is found by a search in the panel.
    const again = await chromium({ profile: b.profile, home: b.home });
    panel = await extensionPage(again, 'pages/panel.html');
    await panelReady(panel);
    await panel.type('#search-query', 'lisbon');
    await panel.click('#search-go');
    await waitFor('the note found', async () => (await text(panel, '#search-state')) === '1 notes.');
    await panel.click('#search-results button');
    await waitFor('the note opened', () => panel.$eval('#note-text', (e) => e.value.length > 0));
    assert.strictEqual(await panel.$eval('#note-text', (e) => e.value), NOTE);

    await lockAndUnlock(panel);

    // Backup on the options page, the note deleted in the panel, the backup restored.
    const downloads = folder('tact-pages-downloads-');
    const cdp = await again.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    const options = await extensionPage(again, 'pages/options.html');
    await waitFor('the options page', () => options.$eval('#host-state', (e) => e.classList.contains('ok')));
    await options.type('#export-pass', 'backup passphrase');
    await options.click('#export-go');
    const file = await waitFor('the backup file', () => {
      const done = fs.readdirSync(downloads).filter((f) => f.endsWith('.tactnotes'));
      return done.length === 1 ? path.join(downloads, done[0]) : null;
    });
    assert.ok(fs.readFileSync(file).subarray(0, 8).equals(Buffer.from('TACTNOTE')), 'a Tact backup');
    assert.ok(!fs.readFileSync(file).includes(Buffer.from('Lisbon')), 'sealed');

    await panel.bringToFront();
    await panel.click('#note-delete');
    await panel.click('#note-delete');
    await waitFor('the note deleted', async () => (await text(panel, '#note-state')) === EN.noteDeleted.message);

    await options.bringToFront();
    const input = await options.$('#import-file');
    await input.uploadFile(file);
    await options.type('#import-pass', 'backup passphrase');
    await options.click('#import-go');
    await waitFor('the backup restored', async () => (await text(options, '#import-state')) === 'Restored: 1 new, 0 updated, 0 already up to date.');
    await panel.bringToFront();
    await panel.$eval('#search-query', (e) => { e.value = ''; });
    await panel.type('#search-query', 'kafka');
    await panel.click('#search-go');
    await waitFor('the restored note found', async () => (await text(panel, '#search-state')) === '1 notes.');
  });

  test('keyboard only: a card\'s reasons, its Suspicious explanation and Note; the panel; the popup', async () => {
    await keyboardOnly(await chromium());
  });

  test('no registration for this browser: the page says so and how to register', async () => {
    const page = await welcomeTab(await chromium({ register: false }));
    await checkDiagnosis(page, 'hostNotFound', ['./scripts/quickstart', 'build/tact-host install', 'build/tact-host doctor']);
  });

  test('a registration whose program is gone: the same cause, with the command that builds it again first', async () => {
    const gone = path.join(folder('tact-pages-gone-'), 'tact-host');
    const page = await welcomeTab(await chromium({ editManifest: (m) => ({ ...m, path: gone }) }));
    await checkDiagnosis(page, 'hostNotFound', ['./scripts/quickstart', 'build/tact-host install', 'build/tact-host doctor']);
  });

  test('a program that cannot be executed, and one that exits at once: one cause, as Chromium tells them alike', async () => {
    const dir = folder('tact-pages-bad-');
    const notExecutable = path.join(dir, 'not-executable');
    fs.writeFileSync(notExecutable, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    let page = await welcomeTab(await chromium({ editManifest: (m) => ({ ...m, path: notExecutable }) }));
    await checkDiagnosis(page, 'hostExited', ['build/tact-host doctor', './scripts/quickstart']);

    const exits = path.join(dir, 'exits');
    fs.writeFileSync(exits, '#!/bin/sh\necho "broken on purpose" >&2\nexit 3\n', { mode: 0o755 });
    page = await welcomeTab(await chromium({ editManifest: (m) => ({ ...m, path: exits }) }));
    await checkDiagnosis(page, 'hostExited', ['build/tact-host doctor', './scripts/quickstart']);

    // Fixed in place, then "Check again": the page comes to life.
    fs.copyFileSync(HOST, exits);
    await page.click('#host-retry');
    await waitFor('the host to answer', () => page.$eval('#host-state', (e) => e.classList.contains('ok')));
    assert.strictEqual(await page.$eval('#host-fix', (e) => e.hidden), true);
    assert.strictEqual(await page.$eval('#p-current', (e) => e.disabled), false);
  });
});

describe('Firefox', () => {
  test('a fresh install opens set-up; a profile saved there moves a colleague to Accept', async () => {
    await firstProfileMovesAColleague(await firefox());
  });

  test('the sidebar: a note from the card, stored sealed; lock and unlock', async () => {
    const b = await firefox();
    const panel = await noteFromTheCard(b);
    await lockAndUnlock(panel);
  });

  test('no registration: Firefox\'s one answer, with the Firefox commands', async () => {
    const page = await welcomeTab(await firefox({ register: false }));
    await checkDiagnosis(page, 'hostFirefox', ['./scripts/quickstart', 'build/tact-host install --browser firefox',
      'build/tact-host doctor --browser firefox']);
  });
});
