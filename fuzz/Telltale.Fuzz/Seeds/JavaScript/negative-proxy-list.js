'use strict';
// Negative fixture: ordinary proxy handling. HTTPS_PROXY / NO_PROXY are read
// and the target host is checked against a literal no-proxy list with
// endsWith; there is no choice between look-alike strings anywhere.
const DEFAULT_NO_PROXY = ['localhost', '127.0.0.1', '.internal', '.local'];

function noProxyList() {
  const raw = process.env.NO_PROXY || process.env.no_proxy || '';
  const extra = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return DEFAULT_NO_PROXY.concat(extra);
}

function bypass(host) {
  return noProxyList().some((entry) => host === entry || host.endsWith(entry.startsWith('.') ? entry : '.' + entry));
}

function proxyFor(url) {
  const { hostname } = new URL(url);
  if (bypass(hostname)) return null;
  return process.env.HTTPS_PROXY || process.env.https_proxy || null;
}

async function post(url, payload) {
  const proxy = proxyFor(url);
  const headers = { 'content-type': 'application/json' };
  if (proxy) headers['x-via-proxy'] = 'yes';
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload) });
  return { status: res.status, proxied: Boolean(proxy) };
}

module.exports = { post, proxyFor };
