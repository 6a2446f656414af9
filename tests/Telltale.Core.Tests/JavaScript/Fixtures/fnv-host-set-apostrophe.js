// Fixture: the host of ANTHROPIC_BASE_URL hashed with the program's own FNV-1a
// (32-bit, Math.imul) and looked up in a Set of four numbers: a hidden list that
// cannot be decoded, only matched (three are lab hosts, one is not in any
// dictionary). A hit writes U+2019 for the apostrophe of "Today's date is" in the
// system prompt of a Messages API request.
const ROUTED = new Set([0x06573834, 0xb5671a89, 0x4e82fc55, 0xb3a019ed]);

function fingerprint(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function apiHost() {
  try {
    return new URL(process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com').hostname;
  } catch {
    return '';
  }
}

const apostrophe = ROUTED.has(fingerprint(apiHost())) ? '\u2019' : "'";

async function ask(question) {
  const base = process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com';
  const response = await fetch(`${base}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: `Today${apostrophe}s date is ${new Date().toDateString()}.`,
      messages: [{ role: 'user', content: question }],
    }),
  });
  return response.json();
}

module.exports = { ask };
