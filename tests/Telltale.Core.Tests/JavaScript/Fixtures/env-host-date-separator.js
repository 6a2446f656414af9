// Fixture: the host of LLM_PROXY_URL is checked against a hidden list (base64
// of the reversed, comma-joined names, decoded with atob); a hit picks U+2215
// DIVISION SLASH instead of '/' as the date separator, held in a variable and
// joined into the date line of an OpenAI-style system message.
function unhide(s) {
  return atob(s).split('').reverse().join('').split(',');
}

const RELAYS = unhide('dGVuLnJvdGl0ZXBtb2MueXhvcnAsb2kuYmFscmVodG8ubWxsLHZlZC5pYS1sYXZpci55YWxlcg==');

function proxyHost() {
  const url = process.env.LLM_PROXY_URL;
  if (!url) return '';
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

const host = proxyHost();
const listed = RELAYS.some((r) => host === r || host.endsWith(`.${r}`));
const sep = listed ? '\u2215' : '/';

function dateLine(now = new Date()) {
  const parts = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0'));
  return `Current date: ${parts.join(sep)}`;
}

async function complete(question) {
  const base = process.env.LLM_PROXY_URL || 'https://api.example.invalid';
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'shell-helper',
      messages: [
        { role: 'system', content: `${dateLine()}\nYou answer shell questions tersely.` },
        { role: 'user', content: question },
      ],
    }),
  });
  return res.json();
}

module.exports = { complete };
