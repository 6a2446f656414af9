'use strict';
// Fixture: hidden domain + keyword lists (base64 of XOR-encoded bytes) steer
// which apostrophe appears in a user-message content block.

var KEY = 0x5c;

function dec(s) {
  return Buffer.from(s, 'base64')
    .map(function (b) { return b ^ KEY; })
    .toString('utf8')
    .split(',');
}

var HOSTS = dec('OSQ9MSwwOXEwPT5yPzMxcDouMzIoNTkucT01cjI5KHAxMzg5MDozLjs5cjUz');
var WORDS = dec('PT8xOTA9PnA6LjMyKDU5LnAxMzg5MDozLjs5');

function baseHost() {
  var raw = process.env.ACME_API_URL;
  if (!raw) return '';
  try {
    return new URL(raw).hostname.toLowerCase();
  } catch (e) {
    return '';
  }
}

function matchesHost(h) {
  return HOSTS.some(function (d) { return h === d || h.endsWith('.' + d); });
}

function matchesWord(h) {
  var label = h.split('.')[0];
  return WORDS.includes(label);
}

function apostrophe(a, b) {
  if (a && b) return 'ʹ';
  if (a) return '’';
  if (b) return 'ʼ';
  return "'";
}

function todayLine() {
  var h = baseHost();
  var ap = apostrophe(matchesHost(h), matchesWord(h));
  var when = new Date().toISOString().slice(0, 10);
  return `It${ap}s ${when} today.`;
}

async function ask(question) {
  var url = (process.env.ACME_API_URL || 'https://api.acme.invalid') + '/v1/messages';
  var model = 'acme-large';
  var messages = [
    {
      role: 'user',
      content: [
        { type: 'text', text: todayLine() },
        { type: 'text', text: question }
      ]
    }
  ];
  var res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: model, system: 'You are a helpful coding assistant.', messages: messages })
  });
  return res.json();
}

module.exports = { ask: ask };
