using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Copies a script's result into plain .NET values. It reads own data properties only and never calls into script:
/// a getter, a Proxy trap or a <c>toJSON</c> would otherwise run arbitrary code from the host side, where the
/// engine's per-entry budgets have already been rewound.
/// </summary>
internal sealed class SandboxValueConverter
{
    internal const int MaxDepth = 32;
    internal const int MaxObjectProperties = 1000;

    private readonly HashSet<ObjectInstance> _ancestors = new(ReferenceEqualityComparer.Instance);
    private long _remaining;

    private SandboxValueConverter(int budget)
    {
        _remaining = budget;
    }

    /// <summary>
    /// Converts <paramref name="value"/>, or returns false when it holds more than <paramref name="budget"/> characters
    /// plus elements, nests deeper than <see cref="MaxDepth"/>, or has an object wider than <see cref="MaxObjectProperties"/>.
    /// A truncated result would look like a complete decode, so an oversized one is refused rather than cut short.
    /// </summary>
    public static bool TryConvert(JsValue value, int budget, out object? converted)
    {
        try
        {
            converted = new SandboxValueConverter(budget).Convert(value, 0);
            return true;
        }
        catch (ResultTooLargeException)
        {
            converted = null;
            return false;
        }
    }

    private object? Convert(JsValue value, int depth)
    {
        switch (value)
        {
            case JsString text:
                Charge(text.Length);
                return text.ToString();
            case JsNumber:
                return value.AsNumber();
            case JsBoolean:
                return value.AsBoolean();
            case JsBigInt:
                var digits = value.ToString();
                Charge(digits.Length);
                return digits;
            case JsArray or JsTypedArray or JsObject:
                break;
            default:
                // undefined, null, symbols, functions, proxies and exotic built-ins carry nothing a decoder returns.
                return null;
        }

        var instance = (ObjectInstance)value;
        if (depth >= MaxDepth)
        {
            throw new ResultTooLargeException();
        }

        if (!_ancestors.Add(instance))
        {
            return null;
        }

        try
        {
            return instance switch
            {
                JsArray array => ConvertArray(array, depth),
                JsTypedArray typed => ConvertTypedArray(typed),
                _ => ConvertObject(instance, depth),
            };
        }
        finally
        {
            _ancestors.Remove(instance);
        }
    }

    private List<object?> ConvertArray(JsArray array, int depth)
    {
        var length = array.Length;
        Charge(length);
        var items = new List<object?>((int)length);
        for (uint i = 0; i < length; i++)
        {
            items.Add(ConvertOwnData(array.GetOwnProperty(i), depth));
        }

        return items;
    }

    private List<object?> ConvertTypedArray(JsTypedArray typed)
    {
        var length = typed.Length;
        Charge(length);
        var items = new List<object?>((int)length);
        for (uint i = 0; i < length; i++)
        {
            var element = typed[i];
            items.Add(element.IsNumber() ? element.AsNumber() : element.ToString());
        }

        return items;
    }

    private Dictionary<string, object?> ConvertObject(ObjectInstance instance, int depth)
    {
        var keys = instance.GetOwnPropertyKeys(Types.String);
        if (keys.Count > MaxObjectProperties)
        {
            throw new ResultTooLargeException();
        }

        var properties = new Dictionary<string, object?>(keys.Count, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var descriptor = instance.GetOwnProperty(key);
            if (descriptor == PropertyDescriptor.Undefined || !descriptor.Enumerable)
            {
                continue;
            }

            var name = key.ToString();
            Charge(name.Length + 1L);
            properties[name] = ConvertOwnData(descriptor, depth);
        }

        return properties;
    }

    private object? ConvertOwnData(PropertyDescriptor descriptor, int depth) =>
        descriptor == PropertyDescriptor.Undefined || !descriptor.IsDataDescriptor() ? null : Convert(descriptor.Value, depth + 1);

    private void Charge(long units)
    {
        _remaining -= units;
        if (_remaining < 0)
        {
            throw new ResultTooLargeException();
        }
    }

    private sealed class ResultTooLargeException : Exception;
}
