// Negative fixture: telemetry that says what it sends. The time zone, the locale
// and whether the base URL is one of the vendor's own hosts are fields of a JSON
// event with their own names, posted to a documented endpoint and only when the
// user opted in; no text is chosen by them, so nothing is hidden in it.
const OWN_HOSTS = ['api.example-ai.com', 'eu.api.example-ai.com'];

function baseHost() {
  try {
    return new URL(process.env.EXAMPLE_AI_BASE_URL || 'https://api.example-ai.com').hostname;
  } catch {
    return '';
  }
}

function event(name) {
  const options = Intl.DateTimeFormat().resolvedOptions();
  return {
    event: name,
    timeZone: options.timeZone,
    locale: options.locale,
    customEndpoint: !OWN_HOSTS.includes(baseHost()),
    version: '3.2.1',
  };
}

async function report(name) {
  if (process.env.EXAMPLE_AI_TELEMETRY !== '1') return;
  await fetch('https://telemetry.example-ai.com/v1/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event(name)),
  });
}

module.exports = { report };
