'use strict';
// Tact at work in a real browser, offline: Debian's Chromium opens the
// bundled demo invitations page at LinkedIn's own address (served from
// disk by request interception; nothing touches the network), with the
// extension loaded and tact-host registered in a private profile. Where
// there is a display the window stays open until you close it; elsewhere
// it runs headless and writes a screenshot. Either way it prints what each
// card was given.
//
// usage: node demo/browser.js --host PATH [--screenshot FILE]

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');

const ROOT = path.resolve(__dirname, '..');
const EXTENSION = path.join(ROOT, 'extension');
const DEMO_PAGE = path.join(EXTENSION, 'tests', 'fixtures', 'received-2026-en.html');
const PROFILE = path.join(ROOT, 'samples', 'profile.json');
const URL = 'https://www.linkedin.com/mynetwork/invitation-manager/received/';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = path.resolve(option('--host', path.join(ROOT, 'build', 'tact-host')));
const screenshot = path.resolve(option('--screenshot', path.join(ROOT, 'build', 'demo-browser.png')));

// One request to the host on the demo's data folder (frames as in
// docs/PROTOCOL.md).
function ask(home, type, params) {
  const body = Buffer.from(JSON.stringify({ v: 1, id: 1, type, params }));
  const frame = Buffer.alloc(4 + body.length);
  frame.writeUInt32LE(body.length, 0);
  body.copy(frame, 4);
  const out = execFileSync(host, ['serve'], { input: frame, env: { ...process.env, TACT_HOME: home } });
  const answer = JSON.parse(out.subarray(4, 4 + out.readUInt32LE(0)).toString('utf8'));
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.result;
}

async function until(what, fn, ms = 90000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('timed out waiting for ' + what);
}

// How many cards carry Tact's badge (inside closed shadow roots, read
// through the DevTools protocol).
async function badges(page) {
  const session = await page.createCDPSession();
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  let count = 0;
  const walk = (node, closed) => {
    if (closed && node.nodeName === 'SPAN' && node.attributes) {
      const i = node.attributes.indexOf('class');
      if (i >= 0 && /^badge (accept|review|ignore)$/.test(node.attributes[i + 1])) count++;
    }
    for (const child of node.children || []) walk(child, closed);
    for (const s of node.shadowRoots || []) walk(s, closed || s.shadowRootType === 'closed');
  };
  walk(root, false);
  await session.detach();
  return count;
}

async function main() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-demo-'));
  const profileDir = path.join(home, 'chromium-profile');
  execFileSync(host, ['install', '--user-data-dir', profileDir, '--host-path', host],
    { env: { ...process.env, HOME: home, TACT_HOME: home }, stdio: 'ignore' });
  ask(home, 'profile.set', { profile: JSON.parse(fs.readFileSync(PROFILE, 'utf8')) });

  const windowed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: !windowed,
    pipe: true,
    userDataDir: profileDir,
    enableExtensions: [EXTENSION],
    defaultViewport: windowed ? null : { width: 1000, height: 1400 },
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
    env: { ...process.env, HOME: home, TACT_HOME: home },
  });
  // The page must not load before the extension is in place.
  await browser.waitForTarget((t) => t.type() === 'service_worker' &&
    t.url().startsWith('chrome-extension://daofefhefapbjhcpbggcdnhlkjhkobjg/'), { timeout: 60000 });
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url().startsWith('https://www.linkedin.com/')) {
      r.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: fs.readFileSync(DEMO_PAGE, 'utf8') });
    } else {
      r.abort();
    }
  });
  await page.goto(URL);
  // The demo page is LinkedIn's markup without LinkedIn's stylesheets: a few
  // rules keep the pictures at card size so the page reads like the real one.
  await page.addStyleTag({ content: 'body{font:14px/1.4 sans-serif;max-width:760px;margin:16px auto}' +
    'svg,img{width:48px!important;height:48px!important;border-radius:50%}' +
    '[role="listitem"],li{border-bottom:1px solid #ddd;padding:8px 0;list-style:none}' });
  const seen = await until('Tact to classify the demo cards', () => {
    const items = ask(home, 'history.list', { limit: 100 }).items;
    return items.length >= 10 ? items : null;
  });
  await until('a badge on the cards', async () => (await badges(page)) >= seen.length);

  console.log('Tact in Chromium, on the demo invitations page (' + URL + '):\n');
  for (const item of seen.slice().reverse()) {
    const inv = item.invitation;
    console.log('  ' + item.bucket.toUpperCase().padEnd(6) + (item.suspicious ? ' SUSPICIOUS ' : ' ') +
      inv.name + (inv.headline ? ' — ' + inv.headline : ''));
  }
  if (windowed) {
    console.log('\nThe window stays open: close it when you are done.');
    await new Promise((resolve) => browser.on('disconnected', resolve));
  } else {
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    console.log('\nNo display here, so Chromium ran headless; screenshot: ' + screenshot);
    await browser.close();
  }
  fs.rmSync(home, { recursive: true, force: true });
}

main().catch((e) => {
  console.error('demo: ' + e.message);
  process.exit(1);
});
