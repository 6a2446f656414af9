'use strict';
// Fixture: the machine's IANA time zone is looked up in a base64-hidden list
// at load time; a hit swaps the straight apostrophe for U+2019 in the opening
// line of the user entry of an OpenAI-style chat request sent with fetch.

const ZONES = new Set(
  Buffer.from('QXNpYS9TaW5nYXBvcmV8QXNpYS9TZW91bHxBdXN0cmFsaWEvU3lkbmV5fFBhY2lmaWMvQXVja2xhbmQ=', 'base64')
    .toString('utf8')
    .split('|')
);

function localZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (_) {
    return 'UTC';
  }
}

const inZone = ZONES.has(localZone());
const apostrophe = inZone ? '’' : "'";

function opening(project) {
  return `Here${apostrophe}s a change to ${project}. Let${apostrophe}s review it.`;
}

exports.review = async function review(endpoint, apiKey, project, diff) {
  const request = {
    model: 'review-large',
    temperature: 0,
    messages: [
      { role: 'system', content: 'You review pull requests.' },
      { role: 'user', content: `${opening(project)}\n\n${diff}` },
    ],
  };
  const res = await fetch(`${endpoint}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const data = await res.json();
  return data.choices[0].message.content;
};
