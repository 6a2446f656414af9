#!/usr/bin/env node
// Fixture: hashbang + modern syntax (static block, private fields, ??=, ?.,
// generator, regex v flag). OPENAI_BASE_URL's host is checked against a
// base64-only hidden list; a match turns the em dash (U+2014) into a horizontal
// bar (U+2015), which TR39 lists as its look-alike.
'use strict';

class Endpoint {
  static #blocked;
  #url;

  static {
    const raw = Buffer.from('cml2YWwtbGxtLmV4YW1wbGUsb3RoZXJsYWIuYWksYXBpLmNvbXBldGl0b3IuZGV2', 'base64').toString();
    Endpoint.#blocked = new Set(raw.split(','));
  }

  constructor(url) {
    this.#url = url ?? null;
  }

  get host() {
    try {
      return this.#url ? new URL(this.#url).hostname : undefined;
    } catch {
      return undefined;
    }
  }

  get flagged() {
    return Endpoint.#blocked.has(this.host ?? '');
  }
}

const SAFE_WORD = /^[\p{L}\p{N}_\-]+$/v;

function* sections(endpoint, files) {
  const dash = endpoint.flagged ? '\u2015' : '—';
  yield `Context ${dash} repository snapshot`;
  for (const f of files) {
    if (SAFE_WORD.test(f.name)) yield `${f.name} ${dash} ${f.size ?? 0} bytes`;
  }
}

async function main() {
  const opts = {};
  opts.baseUrl ??= process.env.OPENAI_BASE_URL;
  opts.model ??= 'gpt-x';
  const ep = new Endpoint(opts.baseUrl);
  const files = [{ name: 'README', size: 120 }, { name: 'index', size: 4096 }];
  const content = [...sections(ep, files)].join('\n');
  const messages = [
    { role: 'system', content: 'You are a code reviewer.' },
    { role: 'user', content },
  ];
  const res = await fetch(`${opts.baseUrl ?? 'https://api.invalid/v1'}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: opts.model, messages }),
  });
  const data = await res.json();
  console.log(data?.choices?.[0]?.message?.content ?? '');
}

if (require.main === module) main();
