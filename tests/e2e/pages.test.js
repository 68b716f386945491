'use strict';
// The extension's own pages in real browsers, each check on a browser of its
// own, as a stranger meets them: the set-up page a fresh install opens by
// itself; what it says when tact-host cannot be reached (no registration, a
// program moved away, one that exits at once); and a new user's first
// profile, entered there, moving a colleague's card to Accept on an
// invitations page that stays open, while the page's "Tact is guessing" line
// goes away.

const { test, describe, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');
const { drawnCards, drawnSetup, chromiumView, firefoxView } = require('./shadow');
const { launchChromium } = require('./chromium');
const { EXTENSION, HOST, CHROME_ID, FIREFOX_ID, tmp, ask, waitFor, servePage } = require('./support');

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
  const profile = folder('tact-pages-chromium-');
  const home = folder('tact-pages-home-');
  const browser = await launchChromium({ host: HOST, profile, home, ...options });
  cleanup.push(() => browser.close());
  return { browser, home, base: 'chrome-extension://' + CHROME_ID + '/', view: chromiumView };
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
  cleanup.push(() => browser.close());
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

  await welcome.bringToFront();
  await welcome.type('#p-name', 'Sofia Reyes');
  await welcome.type('#p-current', 'Kontora Payments');
  await welcome.type('#p-schools', 'Universidad de Chile');
  await welcome.click('#profile-save');
  await waitFor('the profile to be saved', async () => (await text(welcome, '#profile-state')) === EN.profileSaved.message);
  const stored = ask(b.home, 'profile.get', {});
  assert.strictEqual(stored.set, true);
  assert.deepStrictEqual(stored.profile.companies, ['Kontora Payments']);
  assert.deepStrictEqual(stored.profile.schools, ['Universidad de Chile']);

  await page.bringToFront();
  await waitFor('Priya in Accept, on the page that stayed open', async () => (await bucketOf(PRIYA)) === 'accept');
  await waitFor('the guessing line to go', async () => drawnSetup(await view.tree()) === null);
}

describe('Chromium', () => {
  test('a fresh install opens set-up; a profile saved there moves a colleague to Accept', async () => {
    await firstProfileMovesAColleague(await chromium());
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

  test('no registration: Firefox\'s one answer, with the Firefox commands', async () => {
    const page = await welcomeTab(await firefox({ register: false }));
    await checkDiagnosis(page, 'hostFirefox', ['./scripts/quickstart', 'build/tact-host install --browser firefox',
      'build/tact-host doctor --browser firefox']);
  });
});
