namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Script that wraps the built-ins whose result can be far larger than their input (<c>repeat</c>, <c>padStart</c>,
/// <c>join</c>, <c>replace</c>, typed-array and buffer constructors) so that what they would allocate is charged before
/// it is allocated.
/// </summary>
/// <remarks>
/// Jint checks its memory limit between statements, so one statement such as <c>"x".repeat(2 ** 28)</c> allocates
/// gigabytes before anything notices. Each wrapper computes the size of its result from its arguments, adds it to a
/// running total kept in a closure the snippet cannot reach, and throws the RangeError an engine throws for an
/// invalid string length when one result or the total would pass the budget. The wrappers keep the originals' names
/// and lengths so feature tests in bundled code still see ordinary built-ins.
/// </remarks>
internal static class SandboxAllocationGuards
{
    /// <summary>
    /// A function expression: call it with the global object, the largest result and the total budget, both in
    /// characters; it returns the function that sets the total back to zero.
    /// </summary>
    public const string Source = """
(function (global, maxChars, maxTotal) {
  'use strict';
  var total = 0;
  var defineProperty = Object.defineProperty;
  var StringCtor = String;
  var apply = Function.prototype.call.bind(Function.prototype.apply);
  var indexOf = Function.prototype.call.bind(String.prototype.indexOf);
  var exec = Function.prototype.call.bind(RegExp.prototype.exec);
  var RegExpCtor = RegExp;

  function charge(units) {
    if (!(units <= maxChars) || !(total + units <= maxTotal)) {
      throw new RangeError('Invalid string length');
    }
    total += units;
  }

  function integer(value) {
    var number = +value;
    if (number !== number) return 0;
    return number < 0 ? Math.ceil(number) : Math.floor(number);
  }

  function replace(target, name, size) {
    var original = target[name];
    if (typeof original !== 'function') return;
    var wrapper = {
      [name]: function () {
        size(this, arguments);
        return apply(original, this, arguments);
      },
    }[name];
    defineProperty(wrapper, 'length', { value: original.length, configurable: true });
    defineProperty(target, name, { value: wrapper, writable: true, enumerable: false, configurable: true });
  }

  function text(receiver) {
    if (receiver === null || receiver === undefined) return '';
    return StringCtor(receiver);
  }

  replace(String.prototype, 'repeat', function (receiver, args) {
    var count = integer(args[0]);
    if (count > 0) charge(text(receiver).length * count);
  });

  function pad(receiver, args) {
    var target = integer(args[0]);
    var length = text(receiver).length;
    if (target > length && (args[1] === undefined || StringCtor(args[1]).length > 0)) charge(target - length);
  }
  replace(String.prototype, 'padStart', pad);
  replace(String.prototype, 'padEnd', pad);

  replace(String.prototype, 'concat', function (receiver, args) {
    var size = text(receiver).length;
    for (var i = 0; i < args.length; i++) size += text(args[i]).length;
    charge(size);
  });

  // The worst case is one replacement per position; only when that could pass the budget are the matches counted,
  // one statement each, and only until the result is known to be too large.
  function replacement(receiver, args) {
    if (typeof args[1] !== 'string' || args[1].length < 2) return;
    var source = text(receiver);
    var worst = source.length + (source.length + 1) * args[1].length;
    if (worst <= maxChars) {
      charge(worst);
      return;
    }
    var pattern = args[0];
    var size = source.length;
    if (pattern instanceof RegExpCtor) {
      var expression = new RegExpCtor(pattern.source, pattern.flags.indexOf('g') < 0 ? pattern.flags + 'g' : pattern.flags);
      for (var match = exec(expression, source); match !== null && size <= maxChars; match = exec(expression, source)) {
        size += args[1].length;
        if (match[0].length === 0) expression.lastIndex++;
      }
    } else {
      var needle = StringCtor(pattern);
      if (needle.length === 0) {
        size += (source.length + 1) * args[1].length;
      } else {
        for (var at = indexOf(source, needle); at >= 0 && size <= maxChars; at = indexOf(source, needle, at + needle.length)) size += args[1].length;
      }
    }
    charge(size);
  }
  replace(String.prototype, 'replace', replacement);
  replace(String.prototype, 'replaceAll', replacement);

  replace(Array.prototype, 'join', function (receiver, args) {
    if (receiver === null || receiver === undefined) return;
    var length = integer(receiver.length);
    if (length <= 1) return;
    var separator = args[0] === undefined ? 1 : StringCtor(args[0]).length;
    var size = (length - 1) * separator;
    for (var i = 0; i < length && size <= maxChars; i++) {
      var element = receiver[i];
      // Non-primitive elements are converted by join itself, and an array among them is charged by its own join.
      size += typeof element === 'string' ? element.length : element === null || element === undefined ? 0 : 24;
    }
    charge(size);
  });

  // Typed arrays and buffers take their size from a number; one byte is charged as half a character.
  function bytes(count) {
    if (typeof count === 'number' && count > 0) charge(Math.ceil(count / 2));
  }
  ['ArrayBuffer', 'SharedArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
   'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'].forEach(function (name) {
    var Original = global[name];
    if (typeof Original !== 'function') return;
    var width = Original.BYTES_PER_ELEMENT || 1;
    var Guarded = new Proxy(Original, {
      construct: function (target, args, newTarget) {
        bytes(typeof args[0] === 'number' ? args[0] * width : 0);
        return Reflect.construct(target, args, newTarget === Guarded ? target : newTarget);
      },
    });
    defineProperty(global, name, { value: Guarded, writable: true, enumerable: false, configurable: true });
  });

  // For the host only: a later evaluation in the same engine starts with the whole total again.
  return function () { total = 0; };
})
""";
}
