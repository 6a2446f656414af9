namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Pure-JavaScript stand-ins for the browser and Node globals that lifted string decoders lean on. They are written in
/// script rather than bound to .NET so that the sandbox exposes no host object at all: everything the untrusted code
/// can reach is ordinary JavaScript the interpreter already confines. Their byte loops call <see cref="SandboxCodecs"/>
/// first (pure functions the package cannot reach but through these shims), and do the work in script where those
/// decline.
/// </summary>
/// <remarks>
/// Everything is installed as a plain writable global and nothing is frozen, because obfuscated bundles routinely
/// redefine or feature-test these names (<c>typeof window</c>, <c>var atob = ...</c>) and must keep working when they do.
/// Encoding behaviour follows Node where Node is lenient (base64 ignores stray characters, hex stops at the first bad
/// pair) and the WHATWG specs where a browser API is shimmed (<c>atob</c> rejects what browsers reject), since decoders
/// written for one platform rely on that platform's quirks.
/// </remarks>
internal static class SandboxPrelude
{
    public const string Source = """
(function (global) {
  'use strict';

  // The byte loops done in .NET (SandboxCodecs), taken into this closure before any package script runs; each answers
  // undefined where the script below must do the work itself.
  function none() { return undefined; }
  var codecs = global.__telltale_codecs || {
    base64ToBytes: none, hexToBytes: none, utf8ToBytes: none, latin1ToBytes: none, bytesToUtf8: none, bytesToLatin1: none,
    bytesToHex: none, bytesToBase64: none, atob: none,
  };
  delete global.__telltale_codecs;

  var BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // Lookup tables are built on first use: most snippets never touch them, and the prelude runs on every call.
  var sixBits = null;
  var hexPairs = null;

  function sixBitTable() {
    if (sixBits === null) {
      sixBits = new Int8Array(128).fill(-1);
      for (var i = 0; i < 64; i++) {
        sixBits[BASE64.charCodeAt(i)] = i;
        sixBits[BASE64URL.charCodeAt(i)] = i;
      }
    }
    return sixBits;
  }

  function hexPairTable() {
    if (hexPairs === null) {
      hexPairs = new Array(256);
      for (var h = 0; h < 256; h++) hexPairs[h] = (h < 16 ? '0' : '') + h.toString(16);
    }
    return hexPairs;
  }

  var CHUNK = 8192;

  function fromCodeUnits(units, length) {
    var out = '';
    for (var start = 0; start < length; start += CHUNK) {
      out += String.fromCharCode.apply(null, units.slice(start, Math.min(start + CHUNK, length)));
    }
    return out;
  }

  // Node ignores characters outside both alphabets and stops at padding rather than throwing.
  function base64ToBytes(text) {
    var fast = codecs.base64ToBytes(text);
    if (fast !== undefined) return fast;
    var table = sixBitTable();
    var out = new Uint8Array((text.length * 3 >> 2) + 3);
    var length = 0, bits = 0, count = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 61) break;
      var v = c < 128 ? table[c] : -1;
      if (v < 0) continue;
      bits = (bits << 6) | v;
      count += 6;
      if (count >= 8) {
        count -= 8;
        out[length++] = (bits >> count) & 255;
        bits &= (1 << count) - 1;
      }
    }
    return out.slice(0, length);
  }

  function bytesToBase64(bytes, start, end, alphabet, pad) {
    var fast = codecs.bytesToBase64(bytes, start, end, alphabet === BASE64URL, pad);
    if (fast !== undefined) return fast;
    var out = [];
    var i = start;
    for (; i + 2 < end; i += 3) {
      var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out.push(alphabet[n >> 18 & 63] + alphabet[n >> 12 & 63] + alphabet[n >> 6 & 63] + alphabet[n & 63]);
    }
    if (end - i === 1) {
      var one = bytes[i] << 16;
      out.push(alphabet[one >> 18 & 63] + alphabet[one >> 12 & 63] + (pad ? '==' : ''));
    } else if (end - i === 2) {
      var two = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out.push(alphabet[two >> 18 & 63] + alphabet[two >> 12 & 63] + alphabet[two >> 6 & 63] + (pad ? '=' : ''));
    }
    return out.join('');
  }

  function nibble(c) {
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 97 && c <= 102) return c - 87;
    if (c >= 65 && c <= 70) return c - 55;
    return -1;
  }

  function hexToBytes(text) {
    var fast = codecs.hexToBytes(text);
    if (fast !== undefined) return fast;
    var out = new Uint8Array(text.length >> 1);
    var length = 0;
    for (; length < out.length; length++) {
      var high = nibble(text.charCodeAt(length * 2));
      var low = nibble(text.charCodeAt(length * 2 + 1));
      if (high < 0 || low < 0) break;
      out[length] = (high << 4) | low;
    }
    return out.slice(0, length);
  }

  function utf8ToBytes(text) {
    var fast = codecs.utf8ToBytes(text);
    if (fast !== undefined) return fast;
    var out = new Uint8Array(text.length * 3);
    var length = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length) {
        var low = text.charCodeAt(i + 1);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
          i++;
        }
      }
      if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
      if (c < 0x80) {
        out[length++] = c;
      } else if (c < 0x800) {
        out[length++] = 0xC0 | c >> 6;
        out[length++] = 0x80 | c & 63;
      } else if (c < 0x10000) {
        out[length++] = 0xE0 | c >> 12;
        out[length++] = 0x80 | c >> 6 & 63;
        out[length++] = 0x80 | c & 63;
      } else {
        out[length++] = 0xF0 | c >> 18;
        out[length++] = 0x80 | c >> 12 & 63;
        out[length++] = 0x80 | c >> 6 & 63;
        out[length++] = 0x80 | c & 63;
      }
    }
    return out.slice(0, length);
  }

  // WHATWG decoding: each maximal ill-formed subsequence becomes one U+FFFD, which is also what Node produces.
  function bytesToUtf8(bytes, start, end, fatal) {
    var fast = codecs.bytesToUtf8(bytes, start, end, !!fatal);
    if (fast === null) throw new TypeError('The encoded data was not valid for encoding utf-8');
    if (fast !== undefined) return fast;
    var units = [];
    var i = start;
    while (i < end) {
      var b = bytes[i++];
      var cp = -1;
      if (b < 0x80) {
        cp = b;
      } else {
        var need = 0, lower = 0x80, upper = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; }
        else if (b >= 0xE0 && b <= 0xEF) { need = 2; cp = b & 0x0F; if (b === 0xE0) lower = 0xA0; if (b === 0xED) upper = 0x9F; }
        else if (b >= 0xF0 && b <= 0xF4) { need = 3; cp = b & 0x07; if (b === 0xF0) lower = 0x90; if (b === 0xF4) upper = 0x8F; }
        else { cp = -1; need = 0; }
        if (cp >= 0) {
          while (need > 0) {
            var next = i < end ? bytes[i] : -1;
            if (next < lower || next > upper) { cp = -1; break; }
            cp = (cp << 6) | (next & 63);
            lower = 0x80; upper = 0xBF;
            i++; need--;
          }
        }
      }
      if (cp < 0) {
        if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-8');
        cp = 0xFFFD;
      }
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
      } else {
        units.push(cp);
      }
    }
    return fromCodeUnits(units, units.length);
  }

  function bytesToLatin1(bytes, start, end, mask) {
    var fast = codecs.bytesToLatin1(bytes, start, end, mask);
    if (fast !== undefined) return fast;
    var units = new Array(end - start);
    for (var i = start; i < end; i++) units[i - start] = bytes[i] & mask;
    return fromCodeUnits(units, units.length);
  }

  function bytesToUtf16(bytes, start, end) {
    var units = [];
    for (var i = start; i + 1 < end; i += 2) units.push(bytes[i] | (bytes[i + 1] << 8));
    return fromCodeUnits(units, units.length);
  }

  function latin1ToBytes(text) {
    var fast = codecs.latin1ToBytes(text);
    if (fast !== undefined) return fast;
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 255;
    return out;
  }

  function utf16ToBytes(text) {
    var out = new Uint8Array(text.length * 2);
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      out[i * 2] = c & 255;
      out[i * 2 + 1] = c >> 8;
    }
    return out;
  }

  function normaliseEncoding(encoding) {
    if (encoding === undefined || encoding === null) return 'utf8';
    switch (String(encoding).toLowerCase()) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'hex': return 'hex';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'latin1': case 'binary': return 'latin1';
      case 'ascii': return 'ascii';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
      default: return undefined;
    }
  }

  function requireEncoding(encoding) {
    var normalised = normaliseEncoding(encoding);
    if (normalised === undefined) throw new TypeError('Unknown encoding: ' + encoding);
    return normalised;
  }

  function stringToBytes(text, encoding) {
    switch (requireEncoding(encoding)) {
      case 'utf8': return utf8ToBytes(text);
      case 'hex': return hexToBytes(text);
      case 'base64': case 'base64url': return base64ToBytes(text);
      case 'utf16le': return utf16ToBytes(text);
      default: return latin1ToBytes(text);
    }
  }

  function viewBytes(input) {
    if (input === undefined || input === null) return new Uint8Array(0);
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('The "input" argument must be an ArrayBuffer or ArrayBufferView');
  }

  function bufferFromBytes(source) {
    var buffer = new Buffer(source.length >>> 0);
    if (source instanceof Uint8Array) {
      buffer.set(source);
      return buffer;
    }
    for (var i = 0; i < buffer.length; i++) buffer[i] = source[i];
    return buffer;
  }

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return bufferFromBytes(stringToBytes(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        var offset = encodingOrOffset === undefined ? 0 : encodingOrOffset >>> 0;
        return new Buffer(value, offset, length === undefined ? value.byteLength - offset : length >>> 0);
      }
      if (value !== null && typeof value === 'object') {
        if (value.type === 'Buffer' && Array.isArray(value.data)) return bufferFromBytes(value.data);
        if (ArrayBuffer.isView(value) || typeof value.length === 'number') return bufferFromBytes(value);
        var primitive = typeof value.valueOf === 'function' ? value.valueOf() : value;
        if (primitive !== value && primitive !== null && primitive !== undefined) {
          return Buffer.from(primitive, encodingOrOffset, length);
        }
      }
      throw new TypeError('The first argument must be of type string, Buffer, ArrayBuffer, Array, or Array-like Object');
    }

    static alloc(size, fill, encoding) {
      var buffer = new Buffer(size);
      if (fill !== undefined && fill !== 0) buffer.fill(fill, 0, buffer.length, encoding);
      return buffer;
    }

    static allocUnsafe(size) {
      return new Buffer(size);
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(encoding) {
      return typeof encoding === 'string' && normaliseEncoding(encoding) !== undefined;
    }

    static byteLength(value, encoding) {
      if (typeof value !== 'string') return viewBytes(value).length;
      return stringToBytes(value, encoding).length;
    }

    static concat(list, totalLength) {
      var total = 0;
      for (var i = 0; i < list.length; i++) total += list[i].length;
      if (totalLength !== undefined) total = totalLength >>> 0;
      var buffer = new Buffer(total);
      var position = 0;
      for (var j = 0; j < list.length && position < total; j++) {
        var part = list[j];
        for (var k = 0; k < part.length && position < total; k++) buffer[position++] = part[k];
      }
      return buffer;
    }

    fill(value, start, end, encoding) {
      if (typeof start === 'string') { encoding = start; start = 0; end = this.length; }
      else if (typeof end === 'string') { encoding = end; end = this.length; }
      start = start === undefined ? 0 : start;
      end = end === undefined ? this.length : end;
      if (typeof value !== 'string') return super.fill(value, start, end);
      var pattern = stringToBytes(value, encoding);
      if (pattern.length === 0) return super.fill(0, start, end);
      for (var i = start, p = 0; i < end; i++, p = (p + 1) % pattern.length) this[i] = pattern[p];
      return this;
    }

    toString(encoding, start, end) {
      start = start === undefined ? 0 : Math.max(0, start | 0);
      end = end === undefined ? this.length : Math.min(this.length, end | 0);
      if (end <= start) return '';
      switch (requireEncoding(encoding)) {
        case 'utf8': return bytesToUtf8(this, start, end, false);
        case 'hex': {
          var fast = codecs.bytesToHex(this, start, end);
          if (fast !== undefined) return fast;
          var table = hexPairTable();
          var pairs = new Array(end - start);
          for (var i = start; i < end; i++) pairs[i - start] = table[this[i]];
          return pairs.join('');
        }
        case 'base64': return bytesToBase64(this, start, end, BASE64, true);
        case 'base64url': return bytesToBase64(this, start, end, BASE64URL, false);
        case 'ascii': return bytesToLatin1(this, start, end, 127);
        case 'utf16le': return bytesToUtf16(this, start, end);
        default: return bytesToLatin1(this, start, end, 255);
      }
    }

    toJSON() {
      return { type: 'Buffer', data: Array.prototype.slice.call(this) };
    }

    equals(other) {
      if (this.length !== other.length) return false;
      for (var i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
      return true;
    }

    readUInt8(offset) {
      offset = offset === undefined ? 0 : offset;
      if (offset < 0 || offset >= this.length) throw new RangeError('The value of "offset" is out of range.');
      return this[offset];
    }
  }

  class DOMException extends Error {
    constructor(message, name) {
      super(message === undefined ? '' : String(message));
      this.name = name === undefined ? 'Error' : String(name);
    }
  }

  function invalidCharacter(message) {
    return new DOMException(message, 'InvalidCharacterError');
  }

  // Browsers, unlike Node's Buffer, refuse input that is not forgiving-base64, and decoders that catch that
  // failure to pick another branch need to see it.
  function atob(data) {
    if (arguments.length === 0) throw new TypeError("Failed to execute 'atob': 1 argument required, but only 0 present.");
    var text = String(data);
    var fast = codecs.atob(text);
    if (fast === null) throw invalidCharacter('The string to be decoded is not correctly encoded.');
    if (fast !== undefined) return fast;
    var kept = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 9 || c === 10 || c === 12 || c === 13 || c === 32) continue;
      kept.push(c);
    }
    var length = kept.length;
    if (length % 4 === 0 && length > 0 && kept[length - 1] === 61) {
      length--;
      if (kept[length - 1] === 61) length--;
    }
    if (length % 4 === 1) throw invalidCharacter('The string to be decoded is not correctly encoded.');
    var table = sixBitTable();
    var units = new Array(length * 3 >> 2);
    var count = 0, bits = 0, filled = 0;
    for (var j = 0; j < length; j++) {
      var v = kept[j] < 128 ? table[kept[j]] : -1;
      if (v < 0 || kept[j] === 45 || kept[j] === 95) throw invalidCharacter('The string to be decoded is not correctly encoded.');
      bits = (bits << 6) | v;
      filled += 6;
      if (filled >= 8) {
        filled -= 8;
        units[count++] = (bits >> filled) & 255;
        bits &= (1 << filled) - 1;
      }
    }
    return fromCodeUnits(units, count);
  }

  function btoa(data) {
    if (arguments.length === 0) throw new TypeError("Failed to execute 'btoa': 1 argument required, but only 0 present.");
    var text = String(data);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c > 255) throw invalidCharacter('The string to be encoded contains characters outside of the Latin1 range.');
      bytes[i] = c;
    }
    return bytesToBase64(bytes, 0, bytes.length, BASE64, true);
  }

  class TextDecoder {
    constructor(label, options) {
      var name = label === undefined ? 'utf-8' : String(label).trim().toLowerCase();
      switch (name) {
        case 'utf-8': case 'utf8': case 'unicode-1-1-utf-8': this.encoding = 'utf-8'; break;
        case 'utf-16le': case 'utf-16': this.encoding = 'utf-16le'; break;
        case 'latin1': case 'iso-8859-1': case 'ascii': case 'us-ascii': case 'windows-1252': this.encoding = 'windows-1252'; break;
        default: throw new RangeError('The "' + label + '" encoding is not supported');
      }
      this.fatal = !!(options && options.fatal);
      this.ignoreBOM = !!(options && options.ignoreBOM);
    }

    decode(input) {
      var bytes = viewBytes(input);
      var start = 0;
      if (this.encoding === 'utf-8') {
        if (!this.ignoreBOM && bytes.length >= 3 && bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) start = 3;
        return bytesToUtf8(bytes, start, bytes.length, this.fatal);
      }
      if (this.encoding === 'utf-16le') {
        if (!this.ignoreBOM && bytes.length >= 2 && bytes[0] === 0xFF && bytes[1] === 0xFE) start = 2;
        return bytesToUtf16(bytes, start, bytes.length);
      }
      return bytesToLatin1(bytes, 0, bytes.length, 255);
    }
  }

  class TextEncoder {
    constructor() {
      this.encoding = 'utf-8';
    }

    encode(input) {
      return utf8ToBytes(input === undefined ? '' : String(input));
    }
  }

  function noop() {}

  global.Buffer = Buffer;
  global.DOMException = DOMException;
  global.atob = atob;
  global.btoa = btoa;
  global.TextDecoder = TextDecoder;
  global.TextEncoder = TextEncoder;
  global.console = { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop, dir: noop };
  global.window = global;
  global.self = global;
  global.global = global;
})(globalThis);
""";
}
