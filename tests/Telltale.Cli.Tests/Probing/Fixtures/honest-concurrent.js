// Honest: two different calls to one endpoint at once, so they arrive in either order.
'use strict';
const { send, sleep } = require('./honest-post.js');
const main = { model: 'claude-large', max_tokens: 4096, system: "You are Claude's helpful agent.", tools: [{ name: 'Read' }, { name: 'Bash' }], messages: [{ role: 'user', content: 'say hi' }] };
const title = { model: 'claude-small', max_tokens: 32, messages: [{ role: 'user', content: 'Give this conversation a title: say hi' }] };
(async () => {
  await Promise.all([main, title].map(async (body) => {
    await sleep(Math.floor(Math.random() * 25));
    await send('https://api.anthropic.com/v1/messages', body);
  }));
  console.log('hi');
})().catch((error) => { console.error(error); process.exit(1); });
