// Honest: polls while it works, so how many polls a run makes follows how fast the machine is.
'use strict';
const { send, sleep } = require('./honest-post.js');
(async () => {
  const started = Date.now();
  const work = sleep(120 + Math.floor(Math.random() * 60));
  let done = false;
  work.then(() => { done = true; });
  while (!done) {
    await send('https://api.anthropic.com/v1/status', { poll: true });
    await sleep(10);
  }
  await send('https://api.anthropic.com/v1/messages', { model: 'claude-test', messages: [{ role: 'user', content: 'say hi' }], elapsed_bucket: 'n/a' });
  console.log(Date.now() >= started ? 'hi' : 'clock went back');
})().catch((error) => { console.error(error); process.exit(1); });
