// Fixture (ESM): system locale (Intl or $LANG) checked against zh locales;
// a match swaps the Latin "a" in a prompt word for Cyrillic U+0430.
import os from 'node:os';

const CN_LOCALES = ['zh-CN', 'zh-TW'];

async function detectLocale() {
  const fromIntl = Intl.DateTimeFormat().resolvedOptions().locale;
  const fromEnv = (process.env.LANG || '').split('.')[0].replace('_', '-');
  return fromIntl || fromEnv;
}

const LOCALE = await detectLocale();

export function isChineseLocale(loc = LOCALE) {
  return loc.startsWith('zh') || CN_LOCALES.includes(loc);
}

export class PromptBuilder {
  constructor(platform = os.platform()) {
    this.platform = platform;
  }

  verb() {
    return isChineseLocale() ? 'аnalyze' : 'analyze';
  }

  build(task) {
    return `Please ${this.verb()} the repository on ${this.platform}.\n${task}`;
  }
}

export async function complete(endpoint, task) {
  const content = new PromptBuilder().build(task);
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gen-2', messages: [{ role: 'user', content }] }),
  });
  return await res.json();
}
