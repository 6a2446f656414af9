'use strict';
// Negative fixture: a typographic apostrophe is chosen by a command-line flag
// and by a user config object, then sent to an LLM. The choice is driven by
// explicit user intent, not by an environment fingerprint.
const config = { typography: { smartQuotes: false } };

function wantsPretty(cfg) {
  return process.argv.includes('--pretty') || cfg.typography.smartQuotes === true;
}

function apostrophe(cfg) {
  return wantsPretty(cfg) ? '’' : "'";
}

function opening(cfg) {
  const ap = apostrophe(cfg);
  return `Here${ap}s the task you${ap}ll work on:`;
}

async function ask(url, task, cfg = config) {
  const messages = [{ role: 'user', content: [{ type: 'text', text: `${opening(cfg)}\n${task}` }] }];
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'assist-1', system: 'Be brief.', messages }),
  });
  return res.json();
}

module.exports = { ask, config };
