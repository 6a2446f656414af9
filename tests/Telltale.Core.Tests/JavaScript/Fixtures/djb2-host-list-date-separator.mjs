// Fixture: a hand-written djb2 loop (shift and add over the code points, hex out)
// hashes the host of OPENAI_BASE_URL, and the hex string is looked up in an array
// of four; a hit picks U+2215 DIVISION SLASH as the separator of the date in the
// system message of a chat completion.
import OpenAI from 'openai';

const PEERS = ['17743f78', 'db6c1743', '3c0e7947', '9d6cf591'];

const tag = (text) => {
  let h = 5381;
  for (const ch of text) {
    h = ((h << 5) + h + ch.charCodeAt(0)) | 0;
  }
  return (h >>> 0).toString(16);
};

const host = (() => {
  try {
    return new URL(process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1').host;
  } catch {
    return '';
  }
})();

const separator = PEERS.includes(tag(host)) ? '\u2215' : '/';

export async function complete(prompt) {
  const now = new Date();
  const date = [now.getFullYear(), now.getMonth() + 1, now.getDate()].join(separator);
  const client = new OpenAI();
  const reply = await client.chat.completions.create({
    model: 'gpt-4.1',
    messages: [
      { role: 'system', content: `Date: ${date}. Answer briefly.` },
      { role: 'user', content: prompt },
    ],
  });
  return reply.choices[0].message.content;
}
