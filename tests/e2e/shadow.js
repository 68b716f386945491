'use strict';
// What Tact drew inside its CLOSED shadow roots, read from outside the page:
// page scripts cannot see into those roots, the browser's automation
// protocol can.
//
// - Chromium: DevTools protocol DOM.getDocument with pierce: true.
// - Firefox: WebDriver BiDi script.callFunction returning document.documentElement
//   with serializationOptions { maxDomDepth, includeShadowTree: "all" }; the
//   spec serializes every shadow root, open or closed, with its mode. Nodes
//   come back with a sharedId that later calls can take as an argument.
//
// Both answers are turned into one tree shape, so the checks are the same in
// both browsers:
//   { kind: 'element'|'text'|'other', name, attrs, text, children, shadow, mode, parent, ref }
// where `shadow` is the node's shadow root (kind 'shadow', with `mode`) and
// `ref` identifies the node for the browser it came from.

function fromCdp(node, parent = null) {
  const out = { kind: 'other', name: '', attrs: {}, text: '', children: [], shadow: null, mode: null, parent, ref: node.backendNodeId };
  if (node.nodeType === 1) {
    out.kind = 'element';
    out.name = (node.localName || node.nodeName).toLowerCase();
    const a = node.attributes || [];
    for (let i = 0; i + 1 < a.length; i += 2) out.attrs[a[i]] = a[i + 1];
  } else if (node.nodeType === 3) {
    out.kind = 'text';
    out.text = node.nodeValue;
  } else if (node.nodeType === 11) {
    out.kind = 'shadow';
    out.mode = node.shadowRootType || null;
  }
  out.children = (node.children || []).map((c) => fromCdp(c, out));
  const roots = node.shadowRoots || [];
  if (roots.length > 0) out.shadow = fromCdp(roots[0], out);
  return out;
}

function fromBidi(remote, parent = null) {
  const v = remote.value || {};
  const out = { kind: 'other', name: '', attrs: {}, text: '', children: [], shadow: null, mode: null, parent, ref: remote.sharedId };
  if (v.nodeType === 1) {
    out.kind = 'element';
    out.name = String(v.localName).toLowerCase();
    out.attrs = { ...(v.attributes || {}) };
  } else if (v.nodeType === 3) {
    out.kind = 'text';
    out.text = v.nodeValue;
  } else if (v.nodeType === 11) {
    out.kind = 'shadow';
    out.mode = v.mode || null;
  }
  out.children = (v.children || []).map((c) => fromBidi(c, out));
  if (v.shadowRoot) out.shadow = fromBidi(v.shadowRoot, out);
  return out;
}

// Every node under `node` in document order; shadow trees only if `pierce`.
function* walk(node, pierce) {
  yield node;
  if (pierce && node.shadow) yield* walk(node.shadow, pierce);
  for (const c of node.children) yield* walk(c, pierce);
}

function textOf(node) {
  let s = '';
  for (const n of walk(node, false)) if (n.kind === 'text') s += n.text;
  return s;
}

const hasClass = (node, cls) => node.kind === 'element' && (node.attrs.class || '').split(/\s+/).includes(cls);

// The card a shadow host sits in is its parent (ui.js appends the host to
// the card). Its key is the first value in the card's own markup (a link's
// path, or an attribute such as componentkey) that is one of `keys`.
function cardKey(card, keys) {
  for (const n of walk(card, false)) {
    if (n.kind !== 'element') continue;
    for (const value of Object.values(n.attrs)) {
      if (keys.has(value)) return value;
      if (n.attrs.href === value) {
        try {
          const url = new URL(value, 'https://www.linkedin.com/');
          if (url.origin === 'https://www.linkedin.com' && keys.has(url.pathname)) return url.pathname;
        } catch { /* not a URL */ }
      }
    }
  }
  return null;
}

// Each closed shadow root's host with every node inside it, in document order.
function* closedHosts(tree) {
  for (const host of walk(tree, true)) {
    if (host.shadow && host.shadow.mode === 'closed') yield { host, inside: [...walk(host.shadow, true)] };
  }
}

// One entry per closed shadow root that holds a bucket badge: the card's key,
// the bucket drawn, the reasons listed and the reply chips.
function drawnCards(tree, keys) {
  const cards = [];
  for (const { host, inside } of closedHosts(tree)) {
    const badge = inside.find((n) => n.name === 'span' && /^badge (accept|review|ignore)$/.test(n.attrs.class || ''));
    if (!badge) continue;
    const reasonList = inside.find((n) => n.name === 'ul' && hasClass(n, 'reasons'));
    cards.push({
      key: host.parent ? cardKey(host.parent, keys) : null,
      bucket: badge.attrs.class.split(' ')[1],
      reasons: reasonList ? reasonList.children.filter((n) => n.name === 'li').map(textOf) : [],
      chips: inside.filter((n) => n.name === 'button' && hasClass(n, 'chip'))
        .map((n) => ({ ref: n.ref, text: n.attrs.title || '' })),
      archive: inside.some((n) => n.name === 'button' && hasClass(n, 'archive')),
      note: (inside.find((n) => n.name === 'button' && hasClass(n, 'note')) || {}).ref || null,
    });
  }
  return cards;
}

// One entry per closed shadow root that holds a note and no badge (the sent
// view's advice): the card's key and the note's text.
function drawnNotes(tree, keys) {
  const notes = [];
  for (const { host, inside } of closedHosts(tree)) {
    if (inside.some((n) => n.name === 'span' && hasClass(n, 'badge'))) continue;
    const note = inside.find((n) => n.name === 'span' && n.attrs.role === 'note');
    if (!note) continue;
    notes.push({
      key: host.parent ? cardKey(host.parent, keys) : null,
      text: textOf(note),
      controls: inside.filter((n) => n.name === 'button').length,
    });
  }
  return notes;
}

// The weekly review line at the end of Tact's filter bar, or null.
function drawnReview(tree) {
  for (const { inside } of closedHosts(tree)) {
    const line = inside.find((n) => n.name === 'span' && hasClass(n, 'review'));
    if (line) return textOf(line);
  }
  return null;
}

// The filter bar's counts, by filter: {all: 9, accept: 3, ...} (null when
// no bar is drawn).
function drawnFilters(tree) {
  for (const { inside } of closedHosts(tree)) {
    const buttons = inside.filter((n) => n.name === 'button' && n.attrs['data-filter']);
    if (buttons.length === 0) continue;
    const out = {};
    for (const b of buttons) {
      const m = /\((\d+)\)\s*$/.exec(textOf(b));
      out[b.attrs['data-filter']] = m ? Number(m[1]) : null;
    }
    return out;
  }
  return null;
}

// The line under the filter bar that says triage is guessing: its text and
// its button (null when not drawn).
function drawnSetup(tree) {
  for (const { inside } of closedHosts(tree)) {
    const line = inside.find((n) => n.name === 'div' && hasClass(n, 'setup'));
    if (line) {
      const button = line.children.find((n) => n.name === 'button');
      return { text: textOf(line), button: button ? { ref: button.ref, text: textOf(button) } : null };
    }
  }
  return null;
}

// A view of a page through the browser's protocol: `tree()` is the whole
// document, closed shadow roots included; `center(ref)` is where a node is on
// screen (CSS pixels in the viewport) after scrolling it into view, or null
// when the node is no longer in the page.
function chromiumView(page) {
  return {
    async tree() {
      const session = await page.createCDPSession();
      try {
        const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
        return fromCdp(root);
      } finally {
        await session.detach();
      }
    },
    async center(ref) {
      const session = await page.createCDPSession();
      try {
        await session.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: ref });
        const { quads } = await session.send('DOM.getContentQuads', { backendNodeId: ref });
        const q = quads[0];
        return { x: (q[0] + q[4]) / 2, y: (q[1] + q[5]) / 2 };
      } catch {
        return null; // detached: the protocol has no box for it
      } finally {
        await session.detach();
      }
    },
  };
}

// Puppeteer has no public call that takes BiDi serialization options; the
// frame's main realm (internal to puppeteer-core 24, pinned by the lockfile)
// sends script.callFunction as given. Results are not owned (resultOwnership
// "none"): a node's sharedId works as an argument without a handle.
function bidiRealm(page) {
  const frame = page.mainFrame();
  const realm = frame.mainRealm && frame.mainRealm();
  if (!realm || !realm.realm || typeof realm.realm.callFunction !== 'function') {
    throw new Error('this Puppeteer has no BiDi realm to call; see tests/e2e/shadow.js');
  }
  return realm.realm;
}

async function bidiCall(page, fn, args = [], serializationOptions = {}) {
  const result = await bidiRealm(page).callFunction(fn.toString(), true,
    { arguments: args, resultOwnership: 'none', serializationOptions });
  if (result.type === 'exception') {
    throw new Error('script.callFunction: ' + JSON.stringify(result.exceptionDetails).slice(0, 500));
  }
  return result.result;
}

function firefoxView(page) {
  return {
    async tree() {
      const remote = await bidiCall(page, () => document.documentElement, [],
        { maxDomDepth: 1000, includeShadowTree: 'all' });
      return fromBidi(remote);
    },
    async center(ref) {
      let r;
      try {
        r = await bidiCall(page, (el) => {
          if (!el.isConnected) return 'null';
          el.scrollIntoView({ block: 'center', inline: 'center' });
          const b = el.getBoundingClientRect();
          return JSON.stringify({ x: b.left + b.width / 2, y: b.top + b.height / 2 });
        }, [{ sharedId: ref }]);
      } catch {
        return null; // "no such node": it was collected
      }
      return JSON.parse(r.value);
    },
  };
}

// How many closed shadow roots the page holds: Tact's, since the fixtures have none.
function closedRoots(tree) {
  let n = 0;
  for (const node of walk(tree, true)) if (node.kind === 'shadow' && node.mode === 'closed') n++;
  return n;
}

module.exports = { drawnCards, drawnNotes, drawnReview, drawnSetup, drawnFilters, closedRoots, chromiumView, firefoxView };
