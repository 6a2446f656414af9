// Negative fixture: a smart-quotes converter. Every note the user writes is
// typeset before it is sent, straight quotes to curly ones, whatever the machine
// is; the choice of style is the user's own option, passed in, not read from
// the environment. Look-alike characters reach the request, but nothing about
// the machine decides them.
const STYLES = {
  english: { open: '\u201c', close: '\u201d', apostrophe: '\u2019' },
  german: { open: '\u201e', close: '\u201c', apostrophe: '\u2019' },
};

function smarten(text, style = 'english') {
  const marks = STYLES[style] || STYLES.english;
  return text
    .replace(/(^|\s)"/g, `$1${marks.open}`)
    .replace(/"/g, marks.close)
    .replace(/'/g, marks.apostrophe);
}

async function saveNote(note, options = {}) {
  const body = { model: 'notes-1', messages: [{ role: 'user', content: `Summarise: ${smarten(note, options.quoteStyle)}` }] };
  const res = await fetch('https://api.example-notes.com/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

module.exports = { saveNote, smarten };
