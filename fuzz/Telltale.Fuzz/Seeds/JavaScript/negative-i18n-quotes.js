// Negative fixture: quote marks come from a locale table indexed by a
// function argument chosen by the caller (not read from the environment);
// the quoted text is sent to an LLM.
const QUOTES = { de: ['„', '“'], en: ['“', '”'], fr: ['« ', ' »'], ja: ['「', '」'] };

function quote(text, lang) {
  const [open, close] = QUOTES[lang] || QUOTES.en;
  return open + text + close;
}

function translateRequest(text, lang) {
  return `Translate the following into ${lang}, keeping the quotes: ${quote(text, lang)}`;
}

async function translate(url, text, lang = 'en') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'translate-1',
      messages: [{ role: 'user', content: translateRequest(text, lang) }],
    }),
  });
  return res.json();
}

module.exports = { quote, translate };
