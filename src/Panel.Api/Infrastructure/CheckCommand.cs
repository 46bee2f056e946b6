using JasperFx.CommandLine;
using JasperFx.Environment;

namespace Panel.Infrastructure;

/// <summary>
/// <c>dotnet Panel.Api.dll check</c>: the environment checks of <c>check-env</c> (the database answers,
/// the configuration holds), printing which one failed and why instead of only that one did.
/// </summary>
[Description("Check the environment (database, configuration) and say which check failed", Name = "check")]
public sealed class CheckCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var results = await EnvironmentChecker.ExecuteAllEnvironmentChecks(host.Services);
        foreach (var success in results.Successes) Console.WriteLine($"ok      {success}");
        foreach (var failure in results.Failures)
        {
            Console.WriteLine($"FAILED  {failure.Description}");
            for (var e = failure.Exception; e is not null; e = e.InnerException) Console.WriteLine($"        {e.Message}");
        }
        Console.WriteLine(results.Failures.Length == 0 ? "All checks passed." : $"{results.Failures.Length} check(s) failed.");
        return results.Failures.Length == 0;
    }
}
