exports.proxyHost = function proxyHost() {
  const url = process.env.LLM_PROXY_URL;
  if (!url) return '';
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};
