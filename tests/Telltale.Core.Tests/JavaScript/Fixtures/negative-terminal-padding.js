'use strict';
// Fixture: a prompt library pads a choice marker with one space or none
// depending on the terminal program (Hyper renders wide glyphs), and writes
// the line with this.write(). Layout for a terminal, not a fingerprint.
class Select {
  constructor(stream) {
    this.stream = stream;
    this.term = process.env.TERM_PROGRAM;
  }

  write(text) {
    this.stream.write(text);
  }

  render(items) {
    const isHyper = this.term === 'Hyper';
    const pad = !isHyper ? ' ' : '';
    const lines = items.map((item, i) => `${i === 0 ? '◉' : '◯'}${pad} ${item}`);
    this.write(lines.join('\n'));
  }
}

module.exports = { Select };
