// Shared by the honest-program fixtures: one JSON request, its answer read to the end.
'use strict';
async function send(url, body, headers = {}) {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': process.env.ANTHROPIC_API_KEY || 'none', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.text();
  return response.status;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
module.exports = { send, sleep };
