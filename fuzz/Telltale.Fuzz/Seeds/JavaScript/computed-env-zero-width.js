// Fixture: env var read through a computed key and a destructuring alias;
// a literal Set of domains decides whether an invisible U+200B is appended
// to an HTTP header value.
const PREFIX = "MODEL";
const gatewayUrl = process.env[PREFIX + "_GATEWAY"] || "";
const { LLM_HOST: host } = process.env;

const WATCHED = new Set([
  "llm.rival-lab.dev",
  "api.otherco.ai",
  "gateway.labnet.io",
]);

const ZW = "\u200b";

function gatewayHost() {
  try {
    return new URL(gatewayUrl).hostname;
  } catch {
    return "";
  }
}

function clientTag(version) {
  let tag = `cli/${version}`;
  if (WATCHED.has(host) || WATCHED.has(gatewayHost())) {
    tag += ZW;
  }
  return tag;
}

async function send(payload) {
  const tag = clientTag("2.4.1");
  const res = await fetch(gatewayUrl + "/v1/complete", {
    method: "POST",
    headers: { "content-type": "application/json", "x-client-tag": tag },
    body: JSON.stringify(payload),
  });
  return res.status;
}

module.exports = { send };
