'use strict';
// End to end: the real extension in Debian's Chromium (new headless mode,
// --load-extension through Puppeteer, the host registered in the profile's
// NativeMessagingHosts) and Firefox ESR (WebDriver BiDi, HOME pointed at a
// temporary folder), talking to the real tact-host. The fixture pages are
// served at LinkedIn's own address by request interception; nothing
// touches the network. Both browsers run the same checks; shadow.js reads
// what Tact drew in its closed shadow roots (CDP in Chromium, WebDriver
// BiDi node serialization in Firefox).

const { test, describe, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');
const { drawnCards, drawnNotes, drawnReview, closedRoots, chromiumView, firefoxView } = require('./shadow');
const {launchChromium} = require('./chromium');
const { EXTENSION, FIXTURES, HOST, CHROME_ID, FIREFOX_ID, tmp, ask, history, verdictsByKey, waitFor, servePage, sleep, fakeMessageBox } = require('./support');

const EXPECTED = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'received-2026.expected.json'), 'utf8'));


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

// The fixture's cards that have a key, in page order (one of them appears
// twice: two people invited the user to the same page).
const PAGE = 'received-2026-en.html';
const CARDS = EXPECTED[PAGE].filter((r) => r && r.key);
const KEYS = new Set(CARDS.map((r) => r.key));

// Every card of the page is in the host's history with a bucket. (Other
// pages' cards may be there too: the checks share one data folder and run
// in either order.)
function checkHistory(home) {
  const mine = history(home).filter((i) => KEYS.has(i.invitation.key));
  assert.deepStrictEqual([...new Set(mine.map((i) => i.invitation.key))].sort(), [...KEYS].sort());
  for (const item of mine) {
    assert.ok(['accept', 'review', 'ignore'].includes(item.bucket), JSON.stringify(item));
  }
}

// The tests both browsers run; `makeView(page)` reads the page's closed
// shadow roots (shadow.js).

// Every card shows the bucket tact-host recorded for that card's key, the
// reasons and the replies it gave; then an Accept click on the page reaches
// the host.
async function badgesReasonsAndAccept(browser, home, makeView) {
  const page = await browser.newPage();
  const view = makeView(page);
  await servePage(page, PAGE);
  await waitFor('the host to record every card', () => {
    try { checkHistory(home); return true; } catch { return false; }
  });
  const drawn = await waitFor('a badge on every card', async () => {
    const cards = drawnCards(await view.tree(), KEYS);
    return cards.length === CARDS.length ? cards : null;
  });
  const buckets = new Map(history(home).map((i) => [i.invitation.key, i.bucket]));
  assert.deepStrictEqual(drawn.map((c) => [c.key, c.bucket]), CARDS.map((r) => [r.key, buckets.get(r.key)]));

  // The reasons listed are the host's own, its strongest first.
  const verdicts = verdictsByKey(home);
  let withReasons = 0;
  for (const card of drawn) {
    const v = verdicts.get(card.key);
    assert.strictEqual(v.bucket, card.bucket, card.key);
    const host = v.reasons.map((r) => r.text).filter((t) => t);
    assert.deepStrictEqual(card.reasons.slice(0, 3), host.slice(0, 3), card.key);
    for (const r of card.reasons) assert.ok(host.includes(r), JSON.stringify({ key: card.key, r, host }));
    // The reply chips are the host's replies (none on a Suspicious card).
    const replies = v.suspicious ? [] : v.replies.map((r) => r.text).filter((t) => t).slice(0, 3);
    assert.deepStrictEqual(card.chips.map((c) => c.text), replies, card.key);
    if (card.reasons.length > 0) withReasons++;
  }
  assert.ok(withReasons >= 1, 'no card lists its reasons');

  await page.click('button[aria-label="Accept Jana Nowak\u2019s invitation"]');
  await waitFor('the Accept click to reach the host', () =>
    history(home).some((i) => i.invitation.key === '/in/jana-nowak-1a2b3c/' && i.decision === 'accepted'));

  // The filter bar ends with the weekly review, in the host's own numbers,
  // the Accept just made included.
  const summary = ask(home, 'review.summary', {});
  const week = summary.decisions_by_week[summary.decisions_by_week.length - 1];
  assert.ok(week.accepted >= 1, JSON.stringify(week));
  const want = `Weekly review: ${summary.this_week.length} waiting for you`;
  const decided = `this week: ${week.accepted} accepted, ${week.ignored + week.declined} ignored`;
  await waitFor(`"${want} … ${decided}" on the bar`, async () => {
    const line = drawnReview(await view.tree());
    return line && line.startsWith(want) && line.endsWith(decided);
  });
  await page.close();
}

// A click on one of Jana's reply chips (hers greet her by name; the others'
// do not) puts its text into the message box the card's Message link opens,
// and Send is never pressed.
async function replyChipFillsMessageBox(browser, makeView, draft = '') {
  const page = await browser.newPage();
  const view = makeView(page);
  await fakeMessageBox(page, draft);
  await servePage(page, PAGE);
  // The same chip on two looks in a row: the card is not being redrawn
  // (loading the archive redraws every card) and the chip stays where it is.
  let seen = null;
  const chip = await waitFor('a reply chip on Jana\'s card', async () => {
    const jana = drawnCards(await view.tree(), KEYS).find((c) => c.key === '/in/jana-nowak-1a2b3c/');
    const now = (jana && jana.chips.find((c) => c.text.includes('Jana'))) || null;
    const same = now && seen && now.ref === seen.ref;
    seen = now;
    return same ? now : null;
  });
  const at = await view.center(chip.ref);
  assert.ok(at, 'the chip left the page before it could be clicked');
  await page.mouse.click(at.x, at.y);
  const typed = await waitFor('the reply in the message box', () => page.evaluate((draft) => {
    const e = document.querySelector('.msg-form__contenteditable');
    return e && e.innerText.trim().length > draft.length ? e.innerText : null;
  }, draft));
  // The whole reply, line by line, after the user's draft (kept as it was).
  const flat = (t) => t.replace(/\s+/g, ' ').trim();
  const want = flat(draft ? draft + ' ' + chip.text : chip.text);
  assert.strictEqual(flat(typed), want, JSON.stringify({ typed, chip: chip.text }));
  await new Promise((r) => setTimeout(r, 500));
  assert.strictEqual(await page.evaluate(() => window.__tactSent), false, 'nothing may be sent');
  await page.close();
}

// Tact reads and draws the hostile page's cards, and none of their text
// runs: no value from page text reaches window.__tactPwned, and Tact's
// shadow roots hold only the elements ui.js builds.
const TACT_ELEMENTS = new Set(['style', 'div', 'span', 'button', 'ul', 'li']);
async function hostileTextStaysText(browser, home, makeView) {
  const before = history(home).length;
  const page = await browser.newPage();
  const view = makeView(page);
  await watchForInjection(page);
  await servePage(page, 'hostile.html');
  await waitFor('the hostile cards to reach the host', () => history(home).length > before);
  const tree = await waitFor('Tact to draw on the hostile cards', async () => {
    const t = await view.tree();
    return drawnCards(t, new Set()).length > 0 ? t : null;
  });
  await new Promise((r) => setTimeout(r, 500));
  const writes = await page.evaluate(() => window.__tactWrites);
  // The watch works: the fixture's own scripts were seen writing.
  assert.ok(writes.includes('inline'), JSON.stringify(writes));
  assert.deepStrictEqual(writes.filter((w) => FROM_PAGE_TEXT.includes(w)), [], JSON.stringify(writes));
  const built = new Set();
  const visit = (node, inTact) => {
    if (inTact && node.kind === 'element') built.add(node.name);
    if (node.shadow) visit(node.shadow, inTact || node.shadow.mode === 'closed');
    for (const c of node.children) visit(c, inTact);
  };
  visit(tree, false);
  assert.deepStrictEqual([...built].filter((n) => !TACT_ELEMENTS.has(n)), [], 'elements in Tact\'s shadow roots');
  await page.close();
}

// LinkedIn goes from the feed to the invitations without loading a page:
// Tact, dormant on the feed, wakes when the address changes. (The fixture is
// already in the page at the feed's address, so only the route differs.)
async function wakesOnInAppNavigation(browser, makeView) {
  const page = await browser.newPage();
  const view = makeView(page);
  await servePage(page, PAGE, 'https://www.linkedin.com/feed/');
  await sleep(1500);
  assert.strictEqual(closedRoots(await view.tree()), 0, 'nothing drawn on the feed, not even a notice');
  await page.evaluate(() => history.pushState({}, '', '/mynetwork/invitation-manager/received/'));
  await waitFor('a badge on every card after the route change', async () =>
    drawnCards(await view.tree(), KEYS).length === CARDS.length);
  // Back on the feed, now with the script surely running: everything it
  // drew goes. (The first check above could pass on a script slow to start;
  // this one cannot.)
  await page.evaluate(() => history.pushState({}, '', '/feed/'));
  await waitFor('nothing drawn once back on the feed', async () => closedRoots(await view.tree()) === 0);
  await page.close();
}

// My Network's invitations preview: verdicts and reasons on its two cards,
// no reply chips; the "People you may know" cards around it are not read.
const GROW = {
  url: 'https://www.linkedin.com/mynetwork/grow/',
  keys: new Set(['/in/jana-nowak-1a2b3c/', '/in/victor-osei-crypto/', '/in/tomas-berg-42/', '/in/ines-duarte-7/']),
};
async function previewIsReadOnly(browser, home, makeView) {
  const page = await browser.newPage();
  const view = makeView(page);
  await servePage(page, 'grow-2026-en.html', GROW.url);
  const drawn = await waitFor('badges on the preview', async () => {
    const cards = drawnCards(await view.tree(), GROW.keys);
    return cards.length === 2 ? cards : null;
  });
  assert.deepStrictEqual(drawn.map((c) => c.key), ['/in/jana-nowak-1a2b3c/', '/in/victor-osei-crypto/']);
  for (const c of drawn) {
    assert.deepStrictEqual(c.chips, [], c.key + ': no reply chips on the preview');
    assert.strictEqual(c.archive, false, c.key + ': no Archive on the preview');
    assert.ok(c.reasons.length > 0, c.key + ': reasons');
  }
  const seen = new Set(history(home).map((i) => i.invitation.key));
  assert.ok(seen.has('/in/victor-osei-crypto/'), 'the preview card reached the host');
  assert.ok(!seen.has('/in/tomas-berg-42/') && !seen.has('/in/ines-duarte-7/'), 'People you may know are not invitations');
  await page.close();
}

// The sent view: the user's own invitations. The two waiting for months get
// a note, with no control; tact-host hears nothing.
const SENT_KEYS = new Set(['/in/oskar-lind-31/', '/in/mei-tanaka-8/', '/in/rafael-costa-77/', '/in/amira-haddad-2/']);
async function sentViewNotes(browser, home, makeView) {
  const before = history(home).length;
  const page = await browser.newPage();
  const view = makeView(page);
  await servePage(page, 'sent-2026-en.html', 'https://www.linkedin.com/mynetwork/invitation-manager/sent/');
  const notes = await waitFor('notes on the old sent invitations', async () => {
    const n = drawnNotes(await view.tree(), SENT_KEYS);
    return n.length === 2 ? n : null;
  });
  assert.deepStrictEqual(notes.map((n) => n.key), ['/in/rafael-costa-77/', '/in/amira-haddad-2/']);
  assert.match(notes[0].text, /^Waiting for 5 months\./);
  assert.match(notes[1].text, /^Waiting for 12 months\./);
  for (const n of notes) assert.strictEqual(n.controls, 0, 'Tact offers no Withdraw of its own');
  await sleep(500);
  assert.strictEqual(history(home).length, before, 'nothing went to tact-host');
  await page.close();
}

// The checks both browsers run, after each has loaded the extension.
// `browserOf()` is the browser its describe block launched. No check may
// rely on another having run first: Chromium runs them in this order and
// Firefox in the reverse one, so a hidden dependence fails in one of them.
// A user whose profile says French reads Tact's reasons in French on the
// French page: the ones tact-host worded, none of them in English. The
// profile is set through the host, as the options page will, and cleared
// after, so the other checks run on the same data in either order.
const FRENCH = 'received-2026-fr.html';
const FRENCH_KEYS = new Set(EXPECTED[FRENCH].filter((r) => r && r.key).map((r) => r.key));
async function frenchReasonsOnAFrenchPage(browser, home, makeView) {
  ask(home, 'profile.set', { profile: { name: 'Claire Martin', locale: 'fr' } });
  try {
    const page = await browser.newPage();
    const view = makeView(page);
    await servePage(page, FRENCH);
    const drawn = await waitFor('a badge and reasons on every French card', async () => {
      const cards = drawnCards(await view.tree(), FRENCH_KEYS).filter((c) => c.key);
      return cards.length === FRENCH_KEYS.size && cards.every((c) => c.reasons.length > 0) ? cards : null;
    });
    const verdicts = verdictsByKey(home);
    const english = /\b(mutual|connections|note|Works|Nothing|Not a person|person)\b/;
    for (const card of drawn) {
      const host = verdicts.get(card.key).reasons.map((r) => r.text).filter((t) => t);
      for (const r of card.reasons) {
        assert.ok(host.includes(r), JSON.stringify({ key: card.key, r, host }));
        assert.ok(!english.test(r), 'English on a French page: ' + r);
      }
    }
    const all = drawn.flatMap((c) => c.reasons).join(' | ');
    assert.match(all, /relations? en commun|Pas de message personnel|pas une personne|Travaille/, all);
    await page.close();
  } finally {
    ask(home, 'profile.set', { profile: {} });
  }
}

const CHECKS = [
  ['every card gets the badge, reasons and replies tact-host computed, and Accept reaches the host',
    (browser, home, view) => badgesReasonsAndAccept(browser, home, view)],
  ['a reply chip puts its text in the message box and never sends it',
    (browser, home, view) => replyChipFillsMessageBox(browser, view)],
  ['a reply goes after a draft the user began, which stays',
    (browser, home, view) => replyChipFillsMessageBox(browser, view, 'Hi Jana, a quick question first.')],
  ['page text never becomes markup or code', (browser, home, view) => hostileTextStaysText(browser, home, view)],
  ['a French profile reads French reasons on the French page',
    (browser, home, view) => frenchReasonsOnAFrenchPage(browser, home, view)],
  ['wakes when LinkedIn moves from the feed to the invitations without a page load',
    (browser, home, view) => wakesOnInAppNavigation(browser, view)],
  ['My Network\'s preview: badges and reasons only, People you may know untouched',
    (browser, home, view) => previewIsReadOnly(browser, home, view)],
  ['the sent view: a note on invitations waiting for months, nothing sent to the host',
    (browser, home, view) => sentViewNotes(browser, home, view)],
];
function sameInBothBrowsers(browserOf, home, view, order) {
  const checks = order === 'reversed' ? [...CHECKS].reverse() : CHECKS;
  for (const [name, check] of checks) test(name, () => check(browserOf(), home, view));
}

describe('Chromium', () => {
  let browser;
  const profile = tmp('tact-e2e-chromium-');
  const home = tmp('tact-e2e-home-');
  before(async () => { browser = await launchChromium({host : HOST, profile, home}); });
  after(async () => {
    if (browser) await browser.close();
    for (const dir of [profile, home]) fs.rmSync(dir, { recursive: true, force: true });
  });

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

  sameInBothBrowsers(() => browser, home, chromiumView, 'forward');
});

describe('Firefox', () => {
  let browser;
  let installedAs;
  const home = tmp('tact-e2e-ffhome-');
  before(async () => {
    fs.mkdirSync(path.join(home, '.mozilla'), { recursive: true });
    execFileSync(HOST, ['install', '--browser', 'firefox', '--host-path', HOST],
      { env: { ...process.env, HOME: home, TACT_HOME: home } });
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_BIN || '/usr/bin/firefox-esr',
      headless: true,
      env: { ...process.env, HOME: home, TACT_HOME: home },
    });
    // Here, not in a test: every test needs it, whichever runs first.
    installedAs = await browser.installExtension(EXTENSION);
  });
  after(async () => {
    if (browser) await browser.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('installs the extension under its gecko id', () => {
    assert.strictEqual(installedAs, FIREFOX_ID);
  });

  sameInBothBrowsers(() => browser, home, firefoxView, 'reversed');
});
