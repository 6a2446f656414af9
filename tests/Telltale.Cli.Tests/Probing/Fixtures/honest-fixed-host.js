// Honest: the same requests to a host it names itself, whatever base URLs the environment sets.
'use strict';
const { send } = require('./honest-post.js');
(async () => {
  await send('https://api.anthropic.com/v1/messages', { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: "What's today's plan?" }] });
  await send('https://api.anthropic.com/v1/models');
  console.log('hi');
})().catch((error) => { console.error(error); process.exit(1); });
