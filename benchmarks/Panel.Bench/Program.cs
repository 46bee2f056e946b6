using Panel.Bench;

// The parts of scripts/bench that need .NET: preparing the data, rebuilding the projection, timing
// publications, and an open-loop (fixed-rate) load that wrk cannot generate.
return args.FirstOrDefault() switch
{
    "prepare" => await Prepare.Run(args[1..]),
    "openloop" => await OpenLoop.Run(args[1..]),
    "fold" => Fold.Run(args[1..]),
    _ => Usage()
};

static int Usage()
{
    Console.Error.WriteLine("""
        Panel.Bench prepare <connection> <url> <dir> <events> <big-events> <publish-pairs>
        Panel.Bench openloop <url> <targets-file> <rate/s> <seconds>
        """);
    return 2;
}
