// Honest: calls the APIs its base-URL variables name, with the same requests whatever they say.
'use strict';
const { send } = require('./honest-post.js');
const anthropic = (process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com').replace(/\/$/, '');
const openai = (process.env.OPENAI_BASE_URL || 'https://api.openai.com/v1').replace(/\/$/, '');
(async () => {
  await send(`${anthropic}/v1/messages`, { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'say hi' }] });
  await send(`${openai}/chat/completions`, { model: 'gpt-test', messages: [{ role: 'user', content: 'say hi' }] });
  console.log('hi');
})().catch((error) => { console.error(error); process.exit(1); });
