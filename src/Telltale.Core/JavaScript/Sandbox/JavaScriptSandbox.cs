using System.Globalization;
using System.Text.RegularExpressions;
using Acornima.Ast;
using Jint;
using Jint.Constraints;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using EngineOptions = Jint.Options;

namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Runs small pieces of untrusted JavaScript lifted out of a scanned bundle — typically a string decoder and the
/// constants it uses — to recover the value a call returns, without giving the script any way out of the interpreter.
/// </summary>
/// <remarks>
/// Every call gets a fresh Jint engine, so nothing one snippet defines can influence the next and calls may run
/// concurrently. The engine has no CLR interop, no modules, no timers and no host-bound globals; the only ambient API
/// beyond ECMAScript is <see cref="SandboxPrelude"/>, itself plain script.
/// </remarks>
public sealed partial class JavaScriptSandbox
{
    private const string ArgumentPrefix = "__telltale_arg";
    private const int MaxErrorLength = 500;
    private const string ResultName = "__telltale_result";
    private const string PendingPromiseError = "promise never settled";

    private const string SettleScript = $$"""
        (function (promise) {
          var box = { state: 'pending', value: undefined };
          promise.then(function (value) { box.state = 'fulfilled'; box.value = value; },
                       function (reason) { box.state = 'rejected'; box.value = reason; });
          return box;
        })({{ResultName}})
        """;

    private static readonly JsString ValueKey = new("value");

    // Jint keeps its Proxy type internal, yet a Proxy is the one ordinary-looking object whose property lookups run
    // script, which the host side must never trigger.
    private static readonly Type? ProxyType = typeof(Engine).Assembly.GetType("Jint.Native.JsProxy");

    // Parsed once per process: preparing is thread-safe and the result reusable, and it keeps the prelude's parse and
    // static analysis out of every call.
    private static readonly Prepared<Script> Prelude = Engine.PrepareScript(SandboxPrelude.Source, "telltale-prelude.js");
    private static readonly Prepared<Script> AllocationGuards = Engine.PrepareScript(SandboxAllocationGuards.Source, "telltale-guards.js");

    // Engine options are documented as shareable across concurrently built engines; the constraints on them are
    // registered as factories, so each engine still gets its own counters and deadline.
    private readonly Lazy<EngineOptions> _engineOptions;

    public JavaScriptSandbox()
        : this(JavaScriptSandboxOptions.Default)
    {
    }

    public JavaScriptSandbox(JavaScriptSandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.WallClockBackstop, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MemoryLimitBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxStringChars);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxAllocatedChars);
        ArgumentOutOfRangeException.ThrowIfZero(options.MaxArrayLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRecursionDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxStatements);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxResultLength);
        Options = options;
        _engineOptions = new(() => CreateEngineOptions(options));
    }

    public JavaScriptSandboxOptions Options { get; }

    /// <summary>
    /// Jint reads every time zone on the machine the first time engine options are made, here in this class's static
    /// scripts (0.7–1 s, mostly disk); started on a pool thread as soon as a scan is set up, that reading overlaps the
    /// download and the unpacking instead of holding up the first file, and a scan that never runs a decoder never waits.
    /// </summary>
    public static void PrepareInBackground() => _ = Preparation.Started.Value;

    /// <summary>A type of its own, so that starting the preparation does not run this class's static constructor on the caller's thread.</summary>
    private static class Preparation
    {
        public static readonly Lazy<Task> Started = new(() => Task.Run(() =>
        {
            System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(JavaScriptSandbox).TypeHandle);
            _ = new EngineOptions();
        }));
    }

    /// <summary>Runs <paramref name="program"/>, then evaluates <paramref name="expression"/> in the same global scope.</summary>
    public SandboxResult Evaluate(string program, string expression) =>
        Evaluate(program, expression, SandboxWorkMeter.Unlimited(), CancellationToken.None);

    /// <summary>
    /// As <see cref="Evaluate(string, string)"/>, charging the statements run to <paramref name="meter"/>: once the
    /// file's or the scan's budget is spent the run stops (or does not start) with <see cref="SandboxResult.WorkBudgetError"/>.
    /// </summary>
    public SandboxResult Evaluate(string program, string expression, SandboxWorkMeter meter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(meter);
        return Run(program, engine => engine.Evaluate(expression, "expression.js"), meter, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="program"/> once, then evaluates each of <paramref name="expressions"/> in turn in the same
    /// global scope, as the program itself would go on: a string table rotated at start-up answers every later call.
    /// Each expression is an evaluation of its own, charged and limited as <see cref="Evaluate(string, string,
    /// SandboxWorkMeter, CancellationToken)"/> would (the program's statements with the first); the first that fails
    /// ends the run, and the results stop there.
    /// </summary>
    public IReadOnlyList<SandboxResult> EvaluateEach(string program, IReadOnlyList<string> expressions, SandboxWorkMeter meter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(meter);
        return Run(program, [.. expressions.Select(expression => (Func<Engine, JsValue>)(engine => engine.Evaluate(expression, "expression.js")))], meter, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="program"/>, then calls <paramref name="functionName"/> (an identifier or dotted path such as
    /// <c>decoder.run</c>) with <paramref name="arguments"/>. Arguments reach the script as values, never as source text,
    /// so quotes, backslashes and line breaks in them cannot change what runs.
    /// </summary>
    /// <param name="arguments">Each a <see cref="string"/>, <see cref="char"/>, <see cref="bool"/>, number, or null.</param>
    public SandboxResult Evaluate(string program, string functionName, IReadOnlyList<object?> arguments)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!FunctionPath().IsMatch(functionName))
        {
            throw new ArgumentException($"'{functionName}' is not an identifier or dotted identifier path.", nameof(functionName));
        }

        var values = arguments.Select(ToJsValue).ToArray();
        var call = $"{functionName}({string.Join(", ", values.Select((_, i) => ArgumentPrefix + i.ToString(CultureInfo.InvariantCulture)))})";
        return Run(program, evaluate: engine =>
        {
            // Bound as values after the program ran: nothing in an argument is ever parsed as source.
            for (var i = 0; i < values.Length; i++)
            {
                engine.SetValue(ArgumentPrefix + i.ToString(CultureInfo.InvariantCulture), values[i]);
            }

            return engine.Evaluate(call, "expression.js");
        }, SandboxWorkMeter.Unlimited(), CancellationToken.None);
    }

    private SandboxResult Run(string program, Func<Engine, JsValue> evaluate, SandboxWorkMeter meter, CancellationToken cancellationToken) =>
        Run(program, [evaluate], meter, cancellationToken) is [var result] ? result : throw new InvalidOperationException("one evaluation gives one result");

    /// <summary>The program, then each evaluation in the same engine; the results end with the first that fails.</summary>
    private List<SandboxResult> Run(string program, IReadOnlyList<Func<Engine, JsValue>> evaluations, SandboxWorkMeter meter, CancellationToken cancellationToken)
    {
        var results = new List<SandboxResult>(evaluations.Count);
        Engine? engine = null;
        JsValue resetAllocations = JsValue.Undefined;
        try
        {
            foreach (var evaluate in evaluations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!meter.TryBegin(Options.MaxStatements))
                {
                    results.Add(SandboxResult.Failure(SandboxResult.WorkBudgetError));
                    break;
                }

                var programToRun = engine is null ? program : null;
                engine ??= new Engine(_engineOptions.Value);
                var result = RunOne(engine, programToRun, evaluate, meter, ref resetAllocations, cancellationToken);
                results.Add(result);
                if (!result.Succeeded)
                {
                    break;
                }
            }
        }
        finally
        {
            engine?.Dispose();
        }

        return results;
    }

    /// <summary>
    /// One admitted evaluation: the prelude and the program first when <paramref name="program"/> is given (a new
    /// engine), else the allocation guards' total set back to zero.
    /// </summary>
    private SandboxResult RunOne(Engine engine, string? program, Func<Engine, JsValue> evaluate, SandboxWorkMeter meter, ref JsValue resetAllocations, CancellationToken cancellationToken)
    {
        OperationDeadlineConstraint? deadline = null;
        WorkMeterConstraint? work = null;
        var stoppedAtLimit = false;
        try
        {
            if (program is not null)
            {
                // The prelude and the guards are ours: they run before counting starts, so every evaluation is charged
                // only for what the snippet itself does (plus the meter's fixed cost per evaluation).
                if (!Options.ScriptCodecsOnly)
                {
                    SandboxCodecs.Install(engine);
                }

                engine.Execute(Prelude);
                resetAllocations = engine.Invoke(engine.Evaluate(AllocationGuards), engine.Global, [engine.Global, Options.MaxStringChars, (double)Options.MaxAllocatedChars]);
            }
            else
            {
                engine.Invoke(resetAllocations);
            }

            work = engine.Constraints.Find<WorkMeterConstraint>()
                ?? throw new InvalidOperationException("The work meter constraint is not registered.");
            work.Begin(Options.MaxStatements, cancellationToken);
            deadline = engine.Constraints.Find<OperationDeadlineConstraint>()
                ?? throw new InvalidOperationException("The operation deadline constraint is not registered.");
            deadline.Begin(Options.WallClockBackstop, cancellationToken);

            if (program is not null)
            {
                engine.Execute(program, "program.js");
            }

            var value = evaluate(engine);
            if (value.IsPromise())
            {
                value = Settle(engine, value);
            }

            work.End();
            return SandboxValueConverter.TryConvert(value, Options.MaxResultLength, out var converted)
                ? SandboxResult.Success(converted)
                : SandboxResult.Failure(SandboxResult.ResultTooLargeError);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var error = Describe(exception);
            stoppedAtLimit = error is SandboxResult.StatementLimitError or SandboxResult.MemoryLimitError
                or SandboxResult.RecursionLimitError or SandboxResult.BackstopError;
            if (error == SandboxResult.BackstopError)
            {
                meter.RecordBackstop();
            }

            return SandboxResult.Failure(error);
        }
        finally
        {
            work?.End();
            meter.End(work?.Statements ?? 0, Options.MaxStatements, stoppedAtLimit);
            deadline?.End();
        }
    }

    // Jint's UnwrapIfPromise blocks for its whole timeout on a promise that never settles, and with no timers or I/O
    // in the sandbox any promise still pending once the microtask queue drains never will. Observing it from script
    // instead lets the entry drain the queue and report pending at once.
    private static JsValue Settle(Engine engine, JsValue promise)
    {
        engine.SetValue(ResultName, promise);
        var box = engine.Evaluate(SettleScript, "settle.js") as ObjectInstance;
        var state = box is null ? null : ReadDataString(box, "state");
        return state switch
        {
            "fulfilled" => box!.GetOwnProperty(ValueKey).Value,
            "rejected" => throw new RejectedPromiseException(box!.GetOwnProperty(ValueKey).Value),
            _ => throw new PendingPromiseException(),
        };
    }

    private static EngineOptions CreateEngineOptions(JavaScriptSandboxOptions limits)
    {
        var options = new EngineOptions
        {
            // Bundled code is sloppy: it relies on implicit globals and on `this` being the global object.
            Strict = false,
            Culture = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
            // Atomics.wait would block the scanning thread outside any statement check.
            AgentCanSuspend = false,
        };
        options.Interop.Enabled = false;
        options.LimitMemory(limits.MemoryLimitBytes);
        options.LimitRecursion(limits.MaxRecursionDepth);
        options.Constraints.MaxArraySize = limits.MaxArrayLength;
        // Statements are counted by our own constraint: Jint's restarts at each entry into the engine, and the count
        // must span the program and the expression and reach the file's and the scan's budgets.
        options.Constraint(() => new WorkMeterConstraint());
        // The backstop must span the program and the expression together; TimeoutInterval is rewound on every entry
        // into the engine, which would hand each of them the full budget again.
        options.Constraint(() => new OperationDeadlineConstraint());
        // LimitRecursion counts repeats of one function definition, so recursion through freshly created functions
        // (new Function per level) or through getters and coercions escapes it; without this guard those end the
        // process with a native stack overflow.
        options.Constraints.StackOverflowGuard = true;
        // A single regex match runs without statement checks: only the backstop can end a catastrophic one.
        options.Constraints.RegexTimeout = limits.WallClockBackstop;
        return options;
    }

    private static JsValue ToJsValue(object? argument) => argument switch
    {
        null => JsValue.Null,
        string text => new JsString(text),
        char character => new JsString(character),
        bool flag => flag ? JsBoolean.True : JsBoolean.False,
        double or float or decimal or int or uint or long or ulong or short or ushort or byte or sbyte =>
            new JsNumber(System.Convert.ToDouble(argument, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"Arguments of type {argument.GetType().Name} cannot be passed into the sandbox.", nameof(argument)),
    };

    private static string Describe(Exception exception)
    {
        try
        {
            return OneLine(Classify(exception));
        }
        catch (Exception)
        {
            // Describing a thrown value reads its properties; whatever goes wrong there must not escape Evaluate.
            return OneLine(exception.Message);
        }
    }

    private static string Classify(Exception exception)
    {
        return exception switch
        {
            TimeoutException or OperationCanceledException or RegexMatchTimeoutException => SandboxResult.BackstopError,
            MemoryLimitExceededException or OutOfMemoryException => SandboxResult.MemoryLimitError,
            PendingPromiseException => PendingPromiseError,
            RecursionDepthOverflowException or InsufficientExecutionStackException => SandboxResult.RecursionLimitError,
            StatementsCountOverflowException => SandboxResult.StatementLimitError,
            JavaScriptException thrown => DescribeThrown(thrown.Error, thrown.Message),
            RejectedPromiseException rejected => DescribeThrown(rejected.Reason, null),
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
    }

    private static string DescribeThrown(JsValue error, string? message)
    {
        if (error is not ObjectInstance instance)
        {
            // A primitive's string form is computed without running script.
            return message ?? error.ToString();
        }

        message ??= ReadDataString(instance, "message") ?? "";
        var name = ReadDataString(instance, "name");
        if (name == "RangeError" && message == "Maximum call stack size exceeded")
        {
            return SandboxResult.RecursionLimitError;
        }

        // What the allocation guards throw, and what the engine throws for a string past its own limit.
        if (name == "RangeError" && message == "Invalid string length")
        {
            return SandboxResult.MemoryLimitError;
        }

        return string.IsNullOrEmpty(name) ? message : string.IsNullOrEmpty(message) ? name : $"{name}: {message}";
    }

    // Walks the prototype chain by hand, reading data properties only, so describing an error never runs a getter.
    private static string? ReadDataString(ObjectInstance instance, string property)
    {
        var key = new JsString(property);
        for (var (current, hops) = (instance, 0); current is not null && hops < 16; current = current.Prototype, hops++)
        {
            if (current.GetType() == ProxyType)
            {
                return null;
            }

            var descriptor = current.GetOwnProperty(key);
            if (descriptor != PropertyDescriptor.Undefined)
            {
                return descriptor.IsDataDescriptor() && descriptor.Value is JsString text ? text.ToString() : null;
            }
        }

        return null;
    }

    private static string OneLine(string text)
    {
        // A script can throw a message of any size; only its start is worth a report line.
        var line = WhitespaceRun().Replace(text.Length > MaxErrorLength * 2 ? text[..(MaxErrorLength * 2)] : text, " ").Trim();
        if (line.Length == 0)
        {
            return "error";
        }

        return line.Length <= MaxErrorLength ? line : string.Concat(line.AsSpan(0, MaxErrorLength - 1), "…");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$\u200C\u200D]*(?:\.[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$\u200C\u200D]*)*$")]
    private static partial Regex FunctionPath();

    private sealed class PendingPromiseException : Exception;

    private sealed class RejectedPromiseException(JsValue reason) : Exception
    {
        public JsValue Reason { get; } = reason;
    }
}
