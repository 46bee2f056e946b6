using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Panel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Panel.Tests.Verifier;

/// <summary>
/// scripts/verify.py (Python's standard library, no Panel code) against the built service running as its
/// own process: an untouched publication is VALID; an edited published document, an edited event and a
/// forged signature are each named, with a non-zero exit.
/// </summary>
public class IndependentVerifierTests(AppFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    [Fact]
    public async Task the_python_verifier_says_valid_and_names_each_tampered_piece()
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Panel__AdminKey"] = AppFixture.AdminKey,
            ["Panel__Signing__KeyPath"] = AppFixture.SigningKeyPath
        });
        using var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        var untouched = await PublishAsync(http);
        var editedDocument = await PublishAsync(http);
        var editedEvent = await PublishAsync(http);
        var forged = await PublishAsync(http);

        var valid = await VerifyAsync(service.BaseUrl, untouched);
        Assert.Equal(0, valid.ExitCode);
        Assert.Equal("VALID", valid.Lines[^1]);

        await Sql(service, "update panel.mt_doc_publishedscorecard set data = jsonb_set(data, '{Content,Tools,0,ShipPercent}', '7') where id = @doc", editedDocument);
        // Event 4 is reviewer 1's verdict on tool 1 (opened, two seats, then verdicts).
        await Sql(service, "update panel.mt_events set data = jsonb_set(data, '{Decision}', '\"Skip\"') where stream_id = @id and version = 4", editedEvent);
        // A well-formed signature by another key, over the same statement.
        await Sql(service, "update panel.mt_events set data = jsonb_set(data, '{Seal,Signature}', to_jsonb(@forged::text)) where stream_id = @id and type = 'scorecard_published'", forged);

        var document = await VerifyAsync(service.BaseUrl, editedDocument);
        Assert.Equal(1, document.ExitCode);
        Assert.Contains("FAIL v1 content: published document: content.tools[0].shipPercent holds 7, the other stored copy 100", document.Lines);
        Assert.Equal("INVALID", document.Lines[^1]);

        var earlier = await VerifyAsync(service.BaseUrl, editedEvent);
        Assert.Equal(1, earlier.ExitCode);
        Assert.Contains(earlier.Lines, l => l.StartsWith("FAIL v1 link: event 4 (VerdictSubmitted) recomputes to "));

        var signature = await VerifyAsync(service.BaseUrl, forged);
        Assert.Equal(1, signature.ExitCode);
        Assert.Contains(signature.Lines, l => l.StartsWith("FAIL v1 signature: does not verify with key "));
        Assert.Single(signature.Lines, l => l.StartsWith("FAIL"));

        Assert.Contains("Publications are signed with key", service.Log);
    }

    [Fact]
    public async Task without_a_key_the_service_says_so_and_the_verifier_fails_an_unsigned_publication_unless_allowed()
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string> { ["Panel__AdminKey"] = AppFixture.AdminKey });
        Assert.Contains("new publications will be UNSIGNED", service.Log);
        using var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        var unsigned = await PublishAsync(http);

        var strict = await VerifyAsync(service.BaseUrl, unsigned);
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal(["FAIL v1 signature: the publication is unsigned (published without a signing key)", "INVALID"], strict.Lines);
        var allowed = await VerifyAsync(service.BaseUrl, unsigned, "--allow-unsigned");
        Assert.Equal(0, allowed.ExitCode);
        Assert.EndsWith("key unsigned", allowed.Lines[0]);
    }

    private static async Task Sql(ServiceProcess service, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("doc", $"{id}/1");
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        command.Parameters.AddWithValue("forged", Panel.Evidence.Signer.Base64Url(other.SignData("statement"u8.ToArray(),
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private sealed record Run(int ExitCode, IReadOnlyList<string> Lines);

    private async Task<Run> VerifyAsync(string baseUrl, Guid comparison, params string[] options)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "verify.py");
        var info = new ProcessStartInfo("python3", [script, baseUrl, comparison.ToString(), .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"verify.py {comparison} → {process.ExitCode}\n{stdout}{stderr}");
        return new Run(process.ExitCode, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) return dir.FullName;
        throw new InvalidOperationException("Panel.sln not found above the test output.");
    }

    /// <summary>Two tools, two reviewers, four verdicts, published: all over HTTP, as a client would.</summary>
    private static async Task<Guid> PublishAsync(HttpClient http)
    {
        async Task<JsonNode> Send(HttpMethod method, string url, string token, object body)
        {
            using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }

        var editor = await Send(HttpMethod.Post, "/api/users", AppFixture.AdminKey, new { name = "Editor", role = "Editor" });
        var token = (string)editor["token"]!;
        var tools = new List<string>();
        foreach (var name in new[] { "Alpha", "Beta" })
        {
            var tool = await Send(HttpMethod.Post, "/api/tools", token, new
            {
                name = $"{name} {Guid.NewGuid():N}"[..20],
                vendor = "Vendor",
                category = "Developer Tools",
                tagline = "Does things",
                description = "Does things, described.",
                entryTier = "Free",
                pricingRead = "Free to start."
            });
            tools.Add((string)tool["id"]!);
        }
        var id = (string)(await Send(HttpMethod.Post, "/api/comparisons", token, new { title = "Alpha vs Beta — l'essai", toolIds = tools }))["id"]!;
        foreach (var r in new[] { "Zoë", "Renée" })
        {
            var reviewer = await Send(HttpMethod.Post, "/api/users", AppFixture.AdminKey, new { name = r, role = "Reviewer" });
            await Send(HttpMethod.Post, $"/api/comparisons/{id}/seats", token, new { reviewerId = (string)reviewer["id"]!, angle = "user's view" });
            // Declarations are part of the release: the verifier hashes them with everything else.
            await Send(HttpMethod.Put, $"/api/comparisons/{id}/seats/{(string)reviewer["id"]!}/conflicts", (string)reviewer["token"]!,
                new { conflicts = r == "Zoë" ? new object[] { new { description = "Conseillère du fournisseur de Beta — 2025 ✓", toolId = tools[1] } } : [] });
            foreach (var tool in tools)
                await Send(HttpMethod.Put, $"/api/comparisons/{id}/verdicts/{tool}", (string)reviewer["token"]!,
                    new { decision = "Ship", quote = $"“{r}” says ship: it's fast ✓", note = "private: do not publish" });
        }
        await Send(HttpMethod.Put, $"/api/comparisons/{id}/editors-verdict", token,
            new { bottomLine = "Beta, d'après l'éditeur — the figures tie ✓", recommendedToolId = tools[1] });
        await Send(HttpMethod.Post, $"/api/comparisons/{id}/publications", token, new { note = (string?)null });
        return Guid.Parse(id);
    }
}
