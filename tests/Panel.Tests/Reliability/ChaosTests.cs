using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Panel.Tests.Reliability;

/// <summary>
/// scripts/chaos --short: verdict load through a PostgreSQL crash and a SIGKILL of the service, on a durable
/// cluster of its own, with the service built for this run. No acknowledged write may be lost or made twice.
/// </summary>
[Collection(ServiceProcesses.Name)]
public class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task a_short_chaos_run_loses_and_duplicates_no_acknowledged_write()
    {
        var root = RepositoryRoot();
        var info = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "chaos"), "--short", "--no-build"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        info.Environment["PANEL_CHAOS_SERVICE_DIR"] = AppContext.BaseDirectory;
        // The chaos cluster is its own; the suite's connection string must not replace it.
        info.Environment.Remove("ConnectionStrings__Marten");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // About a minute alone on two cores; far longer when the machine is shared.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"scripts/chaos --short did not end within 15 minutes:\n{await stdout}\n{await stderr}");
        }
        output.WriteLine($"{await stdout}\n{await stderr}");

        var summary = Regex.Match(await stdout, @"^ACKED (\d+) LOST (\d+) DUPLICATED (\d+)$", RegexOptions.Multiline);
        Assert.True(summary.Success, "no ACKED line");
        Assert.True(int.Parse(summary.Groups[1].Value) > 20, "too few writes were acknowledged to mean anything");
        Assert.Equal("0", summary.Groups[2].Value);
        Assert.Equal("0", summary.Groups[3].Value);
        Assert.Matches(@"DURING-OUTAGE .*\d", await stdout);
        Assert.Equal(0, process.ExitCode);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) return dir.FullName;
        throw new InvalidOperationException("Panel.sln not found above the test output.");
    }
}

/// <summary>The reliability tests that start whole services (and a database cluster) take turns: together they would starve each other.</summary>
[CollectionDefinition(Name)]
public sealed class ServiceProcesses
{
    public const string Name = "service processes";
}
