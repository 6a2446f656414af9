// Honest: every request carries fresh ids and the time, in the body and in a header.
'use strict';
const { randomUUID } = require('node:crypto');
const { send } = require('./honest-post.js');
(async () => {
  const session = randomUUID();
  for (const content of ['say hi', 'and again']) {
    await send('https://api.anthropic.com/v1/messages', {
      model: 'claude-test',
      messages: [{ role: 'user', content }],
      metadata: { user_id: `user_${randomUUID()}_session_${session}`, sent_at: new Date().toISOString(), epoch_ms: Date.now() },
    }, { 'x-request-id': randomUUID(), 'x-sent-at': String(Date.now()) });
  }
  console.log('hi');
})().catch((error) => { console.error(error); process.exit(1); });
