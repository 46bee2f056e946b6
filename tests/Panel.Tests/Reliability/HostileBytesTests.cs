using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Panel.Demo;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// Bytes only a raw socket can send, against the built service on a real port: each gets a 4xx problem
/// that names no .NET type, and none of them is logged as an error.
/// </summary>
public class HostileBytesTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task malformed_framing_and_hosts_get_4xx_problems_that_name_no_types_and_log_no_errors_or_warnings()
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Panel__AdminKey"] = AppFixture.AdminKey,
            ["Panel__Signing__KeyPath"] = AppFixture.SigningKeyPath,
            ["Panel__Demo"] = "true"
        });
        var votes = $"/api/scorecards/{DemoData.ComparisonId}/votes";
        var cases = new (string Name, string Request, int Status, string Type)[]
        {
            ("chunk size overflowing 64 bits",
                $"POST {votes} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab",
                400, "unreadable-body"),
            ("chunk size that is not hex",
                $"POST {votes} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
                400, "unreadable-body"),
            ("two dots in the host", "GET / HTTP/1.1\r\nHost: x..y\r\n\r\n", 400, "bad-host"),
            ("a port above 65535", "GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n", 400, "bad-host"),
            ("a 257-character host", $"GET /scorecards/{DemoData.ComparisonId} HTTP/1.1\r\nHost: {new string('a', 257)}\r\n\r\n", 400, "bad-host"),
            ("a bad host on the feed", "GET /feed.atom HTTP/1.1\r\nHost: x..y\r\n\r\n", 400, "bad-host"),
        };

        foreach (var (name, request, status, type) in cases)
        {
            var (code, body) = await Raw(service.BaseUrl, request);
            Assert.True(code == status, $"{name}: {code} {body}");
            var problem = JsonNode.Parse(body)!;
            Assert.Equal(Problem.Type(type), (string)problem["type"]!);
            Assert.DoesNotContain("System.", body);
            Assert.DoesNotContain("Exception", body);
            Assert.DoesNotContain("Panel.", body);
        }

        // A JSON body a client got wrong: a 400 problem, an Information line at most.
        using var http = new HttpClient();
        var bad = await http.PostAsync(service.BaseUrl + votes, new StringContent("{\"toolId\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)bad.StatusCode);

        // Configured as run.sh configures it, the service starts and serves pages without a single warning.
        Assert.Equal(200, (int)(await http.GetAsync(service.BaseUrl + "/sign-in")).StatusCode);

        // A sign-in link whose return address is not ASCII: Kestrel refuses such a Location header (a 500
        // before), so the target is percent-encoded, or the workspace when it could be read two ways.
        foreach (var (returnUrl, location) in new[] { ("/café", "/caf%C3%A9"), ("/\u2028x", "/workspace"), ("/ｘ", "/%EF%BD%98") })
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() });
            var form = await browser.GetStringAsync(service.BaseUrl + "/sign-in");
            var csrf = System.Text.RegularExpressions.Regex.Match(form, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value;
            var signedIn = await browser.PostAsync(service.BaseUrl + "/sign-in", new FormUrlEncodedContent(
                [new("token", AppFixture.AdminKey), new("returnUrl", returnUrl), new("__csrf", csrf)]));
            Assert.True(303 == (int)signedIn.StatusCode, $"{returnUrl}: {(int)signedIn.StatusCode}");
            Assert.Equal(location, signedIn.Headers.Location?.OriginalString);
        }

        var log = service.Log;
        Assert.DoesNotContain("fail:", log);
        Assert.DoesNotContain("warn:", log);
        Assert.DoesNotContain("   at ", log);
    }

    /// <summary>Sends bytes as they are and reads the status and the (de-chunked) body.</summary>
    private static async Task<(int Status, string Body)> Raw(string baseUrl, string request)
    {
        var uri = new Uri(baseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync() ?? "";
        var status = int.Parse(statusLine.Split(' ')[1]);
        var chunked = false;
        long length = -1;
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            if (line.StartsWith("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = long.Parse(line[15..].Trim());
        }
        var body = new StringBuilder();
        if (chunked)
        {
            for (var size = Convert.ToInt32(await reader.ReadLineAsync(), 16); size > 0; size = Convert.ToInt32(await reader.ReadLineAsync(), 16))
            {
                var buffer = new char[size];
                await reader.ReadBlockAsync(buffer, 0, size);
                body.Append(buffer);
                await reader.ReadLineAsync();
            }
        }
        else if (length > 0)
        {
            var buffer = new char[length];
            await reader.ReadBlockAsync(buffer, 0, (int)length);
            body.Append(buffer);
        }
        return (status, body.ToString());
    }
}
