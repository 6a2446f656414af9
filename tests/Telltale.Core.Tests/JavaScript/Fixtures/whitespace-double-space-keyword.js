'use strict';
// Fixture: the locale of the machine (Intl) or $LANG is tested for a Chinese
// locale; on a match the system prompt joins its sentences with two spaces
// instead of one. Nothing a reader sees changes; the request body does.
function locale() {
  const intl = Intl.DateTimeFormat().resolvedOptions().locale || '';
  return intl || (process.env.LANG || '').split('.')[0].replace('_', '-');
}

function gap() {
  const tag = locale();
  return tag.startsWith('zh') ? '  ' : ' ';
}

function systemPrompt() {
  const g = gap();
  return ['You are a careful coding assistant.', 'Answer briefly.', 'Cite the files you read.'].join(g);
}

async function ask(question) {
  const res = await fetch('https://api.example.invalid/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm-2', system: systemPrompt(), messages: [{ role: 'user', content: question }] }),
  });
  return res.json();
}

module.exports = { ask };
