using System.Diagnostics;
using Panel.Infrastructure;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Operations;

/// <summary>The service's command line, run as an operator would: secrets never printed, failures named.</summary>
public class CommandLineTests
{
    private const string Secret = "operator-secret-admin-key-000111";

    private static async Task<(int Code, string Output)> Run(string command, string connectionString)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Panel.Api.dll"), .. command.Split(' ')])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["Panel__AdminKey"] = Secret;
        info.Environment["Panel__KeyEncryptionKey"] = AppFixture.KeyEncryptionKey;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task describe_masks_every_secret()
    {
        var (code, output) = await Run("describe", AppFixture.ConnectionString + ";Password=db-password-never-shown");

        Assert.Equal(0, code);
        Assert.Contains("AdminKey", output);
        Assert.Contains(Redaction.Mask, output);
        Assert.DoesNotContain(Secret, output);
        Assert.DoesNotContain(AppFixture.KeyEncryptionKey[..20], output);
        Assert.DoesNotContain("db-password-never-shown", output);
    }

    [Fact]
    public async Task check_names_the_check_that_failed_and_exits_non_zero()
    {
        var (code, output) = await Run("check", "Host=127.0.0.1;Port=1;Database=panel;Username=postgres;Timeout=2");

        Assert.NotEqual(0, code);
        Assert.Contains("FAILED  marten://", output);
        Assert.Contains("Failed to connect to 127.0.0.1:1", output);
    }

    [Theory]
    [InlineData("Panel:AdminKey", "anything-secret", true)]
    [InlineData("Panel:KeyEncryptionKey", "abc", true)]
    [InlineData("Panel:Webhooks:Secret", "abc", true)]
    [InlineData("Panel:Demo", "true", false)]
    [InlineData("ConnectionStrings:Marten", "Host=db;Password=p;Database=panel", true)]
    [InlineData("ConnectionStrings:Marten", "Host=db;Database=panel", false)]
    public void secrets_are_recognised_by_their_names(string key, string value, bool masked)
    {
        var shown = Redaction.Masked(key, value);
        Assert.Equal(masked, shown is not null);
        if (shown is not null) Assert.DoesNotContain(key.StartsWith("Connection") ? "Password=p;" : value, shown);
    }
}
