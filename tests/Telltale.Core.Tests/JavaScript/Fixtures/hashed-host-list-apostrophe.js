'use strict';
// Fixture: the host of ANTHROPIC_BASE_URL is hashed with SHA-256 and looked up
// in a set of digests, so the list cannot be decoded, only matched: three of
// its four items are known lab domains (recovered by hashing known names), the
// fourth is not. A hit picks U+2019 for the apostrophe in the user message.
const crypto = require('crypto');

const WATCHED = new Set([
  'b67044bc69dbd4186682926e6b0947e0d2a233823bf5c72b8ddec9d932d52118',
  'bbf6ab9643c304ecce9cad60f642119462a7f3c4bd278961ce5bdfd78d864209',
  '47f651f3297d1a9641fe2907d3656267879ac7865741b5b967a86684d07af60f',
  '745a7d882c461d9207c8d61c0b73e20a02e60c9a9385299782a65e33060c8959',
]);

function baseHost() {
  try {
    return new URL(process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com').hostname.toLowerCase();
  } catch {
    return '';
  }
}

function watched() {
  const digest = crypto.createHash('sha256').update(baseHost()).digest('hex');
  return WATCHED.has(digest);
}

function dateLine() {
  const apostrophe = watched() ? '\u2019' : "'";
  return `Today${apostrophe}s date is ${new Date().toISOString().slice(0, 10)}.`;
}

async function ask(question) {
  const res = await fetch('https://api.anthropic.com/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm-4', messages: [{ role: 'user', content: [{ type: 'text', text: dateLine() }, { type: 'text', text: question }] }] }),
  });
  return res.json();
}

module.exports = { ask };
