// Honest: retries a request by chance (as a client does after a timeout), so runs differ in how many calls they make.
'use strict';
const { send } = require('./honest-post.js');
(async () => {
  const first = { model: 'claude-test', max_tokens: 1, messages: [{ role: 'user', content: 'quota' }] };
  const second = { model: 'claude-test', max_tokens: 512, system: 'You are terse.', messages: [{ role: 'user', content: 'say hi' }] };
  for (const body of [first, second]) {
    await send('https://api.anthropic.com/v1/messages', body);
    while (Math.random() < 0.5) {
      await send('https://api.anthropic.com/v1/messages', body);
    }
  }
  console.log('hi');
})().catch((error) => { console.error(error); process.exit(1); });
