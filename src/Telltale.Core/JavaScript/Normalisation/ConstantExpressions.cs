using System.Globalization;
using System.Text;
using Acornima;
using Acornima.Ast;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Evaluates expressions made only of literals — <c>-0x1eb+0x1*0x1b91</c>, <c>'ho'+'st'</c>, <c>!![]</c>,
/// <c>'a'==='a'</c> — the way JavaScript would, and writes values back as literals. Obfuscators spell every number and
/// every condition this way so that no constant can be read at a glance.
/// </summary>
internal static class ConstantExpressions
{
    private const int MaxDepth = 64;
    private const int MaxStringLength = 1 << 16;

    /// <summary>The value of <paramref name="expression"/>: a <see cref="double"/>, <see cref="string"/> or <see cref="bool"/>; false when it is not constant.</summary>
    public static bool TryEvaluate(Node expression, out object value) => TryEvaluate(expression, 0, out value);

    /// <summary>True for a literal, a sign on one, or an operator applied to such: what can be folded or passed to a decoder.</summary>
    public static bool IsConstant(Node expression) => TryEvaluate(expression, out _);

    private static bool TryEvaluate(Node expression, int depth, out object value)
    {
        value = null!;
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (expression)
        {
            case NumericLiteral number:
                value = number.Value;
                return true;
            case StringLiteral text:
                value = text.Value;
                return true;
            case BooleanLiteral boolean:
                value = boolean.Value;
                return true;
            case TemplateLiteral { Expressions.Count: 0 } template when template.Quasis[0].Value.Cooked is { } cooked:
                value = cooked;
                return true;
            case ArrayExpression { Elements.Count: 0 } when JavaScriptProgram.Parent(expression) is UnaryExpression { Operator: Operator.LogicalNot }:
                // `![]` is false and `!![]` true: an empty array only means something under a negation.
                value = EmptyArray;
                return true;
            case UnaryExpression unary when TryEvaluate(unary.Argument, depth + 1, out var operand):
                return TryUnary(unary.Operator, operand, out value);
            case BinaryExpression binary when TryEvaluate(binary.Left, depth + 1, out var left) && TryEvaluate(binary.Right, depth + 1, out var right):
                return TryBinary(binary.Operator, left, right, out value);
            default:
                return false;
        }
    }

    private static readonly object EmptyArray = new();

    private static bool TryUnary(Operator op, object operand, out object value)
    {
        value = null!;
        switch (op)
        {
            case Operator.LogicalNot:
                value = !Truthy(operand);
                return true;
            case Operator.UnaryNegation when operand is double n:
                value = -n;
                return true;
            case Operator.UnaryPlus when ToNumber(operand) is { } n:
                value = n;
                return true;
            case Operator.BitwiseNot when operand is double n && double.IsFinite(n):
                value = (double)~ToInt32(n);
                return true;
            default:
                return false;
        }
    }

    private static bool TryBinary(Operator op, object left, object right, out object value)
    {
        value = null!;
        if (ReferenceEquals(left, EmptyArray) || ReferenceEquals(right, EmptyArray))
        {
            return false;
        }

        switch (op)
        {
            case Operator.Addition when left is string || right is string:
                var joined = ToText(left) + ToText(right);
                if (joined.Length > MaxStringLength)
                {
                    return false;
                }

                value = joined;
                return true;
            case Operator.StrictEquality:
                value = StrictEquals(left, right);
                return true;
            case Operator.StrictInequality:
                value = !StrictEquals(left, right);
                return true;
            case Operator.Equality when left.GetType() == right.GetType():
                value = StrictEquals(left, right);
                return true;
            case Operator.Inequality when left.GetType() == right.GetType():
                value = !StrictEquals(left, right);
                return true;
        }

        if (left is not double a || right is not double b)
        {
            return false;
        }

        double? result = op switch
        {
            Operator.Addition => a + b,
            Operator.Subtraction => a - b,
            Operator.Multiplication => a * b,
            Operator.Division => a / b,
            Operator.Remainder => b != 0 ? a % b : null,
            Operator.BitwiseAnd => ToInt32(a) & ToInt32(b),
            Operator.BitwiseOr => ToInt32(a) | ToInt32(b),
            Operator.BitwiseXor => ToInt32(a) ^ ToInt32(b),
            Operator.LeftShift => ToInt32(a) << (ToInt32(b) & 31),
            Operator.RightShift => ToInt32(a) >> (ToInt32(b) & 31),
            Operator.UnsignedRightShift => (uint)ToInt32(a) >> (ToInt32(b) & 31),
            _ => null,
        };
        if (result is { } number && double.IsFinite(number))
        {
            value = number;
            return true;
        }

        if (op is Operator.LessThan or Operator.GreaterThan or Operator.LessThanOrEqual or Operator.GreaterThanOrEqual)
        {
            value = op switch
            {
                Operator.LessThan => a < b,
                Operator.GreaterThan => a > b,
                Operator.LessThanOrEqual => a <= b,
                _ => a >= b,
            };
            return true;
        }

        return false;
    }

    /// <summary>The value written as JavaScript source, wrapped so that it stays one operand wherever it lands.</summary>
    public static string ToSource(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double n => n < 0 || (n == 0 && double.IsNegative(n)) ? $"({FormatNumber(n)})" : FormatNumber(n),
        string s => Quote(s),
        _ => throw new ArgumentException("not a constant", nameof(value)),
    };

    /// <summary>A double-quoted JavaScript string literal; characters outside ASCII are kept as they are, so channels stay visible to the analysis.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case < ' ' or '\u2028' or '\u2029' or (>= '\ud800' and <= '\udfff'):
                    // Lone surrogates and line separators cannot stand raw in every engine; pairs are written escaped too, which keeps them intact.
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static string FormatNumber(double n) => Math.Abs(n) < 1e21 && n == Math.Floor(n)
        ? ((decimal)n).ToString(CultureInfo.InvariantCulture)
        : n.ToString("R", CultureInfo.InvariantCulture);

    private static bool StrictEquals(object left, object right) => left switch
    {
        double a when right is double b => a == b,
        string a when right is string b => string.Equals(a, b, StringComparison.Ordinal),
        bool a when right is bool b => a == b,
        _ => false,
    };

    private static bool Truthy(object value) => value switch
    {
        bool b => b,
        double n => n != 0 && !double.IsNaN(n),
        string s => s.Length > 0,
        _ => true,
    };

    private static double? ToNumber(object value) => value switch
    {
        double n => n,
        bool b => b ? 1 : 0,
        _ => null,
    };

    private static string ToText(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double n => FormatNumber(n),
        _ => "",
    };

    private static int ToInt32(double n) => double.IsFinite(n) ? unchecked((int)(long)Math.Truncate(n % 4294967296.0)) : 0;
}
