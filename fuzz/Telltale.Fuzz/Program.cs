using Telltale.Fuzz;
using Telltale.Fuzz.Engine;

// First: in an instrumented copy every Telltale.Core method writes to this map.
CoverageMap.Initialize();

FuzzArguments arguments;
try
{
    arguments = FuzzArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Commands.Usage);
    return 2;
}

try
{
    return arguments.Verb switch
    {
        "list" => Commands.List(),
        "run" => Commands.Run(arguments),
        "seed" => SeedCommand.Run(arguments),
        "repro" => Commands.Repro(arguments),
        "instrument" => InstrumentCommand.Run(arguments),
        _ => throw new ArgumentException($"unknown verb '{arguments.Verb}'"),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Commands.Usage);
    return 2;
}
