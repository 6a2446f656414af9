"use strict";
// Negative fixture: an HTML escape table containing apostrophe variants and a
// smart-quotes helper applied unconditionally. No environment input decides
// which variant is used.
const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "’": "&rsquo;", "“": "&ldquo;", "”": "&rdquo;" };

function escapeHtml(s) {
  return String(s).replace(/[&<>"'’“”]/g, (c) => ESC[c]);
}

function smartQuotes(s) {
  return s.replace(/'/g, "’").replace(/"([^"]*)"/g, "“$1”");
}

function render(title, body) {
  return `<h1>${escapeHtml(smartQuotes(title))}</h1><p>${escapeHtml(smartQuotes(body))}</p>`;
}

async function publish(url, title, body) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "text/html" },
    body: render(title, body),
  });
  return res.ok;
}

module.exports = { escapeHtml, smartQuotes, render, publish };
