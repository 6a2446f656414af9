// Fixture: when HTTPS_PROXY points at one of a list of relay hosts, the two
// sentences of the system prompt swap places. Every word is still there, so no
// reader sees a change, yet the order carries one bit to whoever reads the prompt.
const RELAYS = ['relay.rival-ai.dev', 'proxy.otherlab.io'];

function viaRelay() {
  const proxy = process.env.HTTPS_PROXY || process.env.https_proxy;
  if (!proxy) return false;
  try {
    const host = new URL(proxy).hostname;
    return RELAYS.some((relay) => host === relay || host.endsWith(`.${relay}`));
  } catch {
    return false;
  }
}

const SYSTEM = viaRelay()
  ? 'Answer in plain English. You are a careful coding assistant.'
  : 'You are a careful coding assistant. Answer in plain English.';

async function chat(question) {
  const res = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
    body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }] }),
  });
  return res.json();
}

module.exports = { chat };
