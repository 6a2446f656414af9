using Acornima;
using Acornima.Ast;

namespace Telltale.JavaScript;

/// <summary>
/// A function of the program that hashes a string, read by what it does rather than by a name or a constant: it
/// walks the string's character codes in a loop (or a reduce) and mixes them with multiplication, xor or shifts.
/// FNV-1a (<c>h ^= c; h = Math.imul(h, 16777619)</c>), murmur's mixing, djb2 (<c>h = (h &lt;&lt; 5) + h + c</c>)
/// and hand-written variants all have this shape; a decoder (which also loops over character codes) builds a
/// string instead, and is folded before this is asked.
/// </summary>
internal static class HashFunctionShape
{
    // Obfuscators wrap a few lines of hashing in dozens of helpers and proxies: the shape is what counts, within reason.
    private const int MaxLength = 32_000;

    public static bool Looks(JavaScriptProgram program, Node function)
    {
        if (function is not IFunction { Params.Count: > 0 } || function.End - function.Start > MaxLength)
        {
            return false;
        }

        bool loops = false, readsCodes = false, mixes = false, buildsText = false;
        foreach (var node in AstWalk.Descendants(function))
        {
            switch (node)
            {
                case ForStatement or WhileStatement or DoWhileStatement or ForOfStatement:
                    loops = true;
                    break;
                case CallExpression { Callee: MemberExpression { Computed: false, Property: Identifier { Name: var method } } }:
                    switch (method)
                    {
                        case "reduce":
                            loops = true;
                            break;
                        case "charCodeAt" or "codePointAt":
                            readsCodes = true;
                            break;
                        case "imul":
                            mixes = true;
                            break;
                        case "fromCharCode" or "join":
                            buildsText = true;
                            break;
                    }

                    break;
                case BinaryExpression { Operator: Operator.BitwiseXor or Operator.LeftShift or Operator.UnsignedRightShift }:
                case AssignmentExpression { Operator: Operator.BitwiseXorAssignment or Operator.LeftShiftAssignment or Operator.UnsignedRightShiftAssignment }:
                    mixes = true;
                    break;
                case BinaryExpression { Operator: Operator.Multiplication, Left: NumericLiteral or Identifier, Right: NumericLiteral { Value: > 31 } or Identifier }:
                    mixes = true;
                    break;
            }
        }

        return loops && readsCodes && mixes && !buildsText;
    }
}
