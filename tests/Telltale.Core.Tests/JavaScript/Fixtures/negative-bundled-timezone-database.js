// Negative fixture: a bundled time-zone table (offsets and the local date
// separator of each zone) formats the date shown to the user in the terminal
// and written to a local log file; the choice follows the machine's zone, as
// intended, and never leaves the machine.
const fs = require('fs');

const ZONES = {
  'Asia/Shanghai': { offset: 480, separator: '/' },
  'Asia/Tokyo': { offset: 540, separator: '/' },
  'Europe/Berlin': { offset: 60, separator: '.' },
  'Europe/Paris': { offset: 60, separator: '/' },
  'America/New_York': { offset: -300, separator: '/' },
  'UTC': { offset: 0, separator: '-' },
};

function localDate(now = new Date()) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { separator } = ZONES[zone] || ZONES.UTC;
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].join(separator);
}

function logLine(message) {
  const line = `[${localDate()}] ${message}\n`;
  process.stdout.write(line);
  fs.appendFileSync('agent.log', line);
}

module.exports = { logLine };
