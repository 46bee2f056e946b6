using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Panel.Comparisons;
using Panel.Evidence;
using Panel.Scorecards;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// Scheme panel-2: each publication seals its chain and its released content, is signed, and every stored
/// piece edited behind the service's back (the published document, the event, an earlier event, the
/// signature) is named by verification.
/// </summary>
public class EvidenceTests(AppFixture fixture) : ApiTest(fixture)
{
    private static async Task<int> Sql(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("doc", $"{id}/1");
        return await command.ExecuteNonQueryAsync();
    }

    private Task<JsonNode> Verification(Guid id, int version = 1) => Api.Get($"/api/scorecards/{id}/versions/{version}/verification");

    private static List<(string Part, string Where)> Mismatches(JsonNode check) =>
        check["mismatches"]!.AsArray().Select(m => ((string)m!["part"]!, (string)m["where"]!)).ToList();

    [Fact]
    public async Task an_untouched_publication_is_sealed_signed_and_valid()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        var check = await Verification(panel.Id);
        Assert.True((bool)check["valid"]!);
        Assert.Equal("panel-2", (string)check["scheme"]!);
        Assert.Equal("valid", (string)check["signature"]!);
        Assert.Empty(check["mismatches"]!.AsArray());

        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal((string)check["digest"]!, (string)card["seal"]!["digest"]!);
        Assert.Equal((string)check["keyId"]!, (string)card["seal"]!["keyId"]!);
        Assert.Equal($"/api/scorecards/{panel.Id}/versions/1/evidence", (string)card["seal"]!["evidence"]!);
    }

    [Fact]
    public async Task the_evidence_recomputes_to_the_signed_digest_without_any_credential()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var evidence = await Api.Get($"/api/scorecards/{panel.Id}/versions/1/evidence");

        // Recompute the chain and the digest from the evidence alone, as an outside verifier would.
        string previous = "";
        foreach (var e in evidence["events"]!.AsArray())
        {
            previous = CanonicalJson.Sha256(new JsonObject
            {
                ["previous"] = previous,
                ["version"] = (long)e!["version"]!,
                ["type"] = (string)e["type"]!,
                ["data"] = e["data"]!.DeepClone()
            });
            Assert.Equal((string)e["link"]!, previous);
        }
        var statement = evidence["statement"]!;
        Assert.Equal(previous, (string)statement["events"]!["chain"]!);
        Assert.Equal(CanonicalJson.Sha256(evidence["release"]), (string)statement["release"]!);
        Assert.Equal(CanonicalJson.Sha256(evidence["eventRelease"]), (string)statement["release"]!);
        Assert.Equal((string)evidence["digest"]!, CanonicalJson.Sha256(statement));

        // The signature verifies with the public key from /.well-known/panel-keys alone.
        var keys = await Api.Get("/.well-known/panel-keys");
        var signature = evidence["signature"]!;
        Assert.Equal("ES256", (string)signature["alg"]!);
        var jwk = keys["keys"]!.AsArray().Single(k => (string)k!["kid"]! == (string)signature["keyId"]!)!;
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Signer.FromBase64Url((string)jwk["x"]!), Y = Signer.FromBase64Url((string)jwk["y"]!) }
        });
        Assert.True(key.VerifyData(CanonicalJson.Bytes(statement), Signer.FromBase64Url((string)signature["value"]!),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task private_notes_reach_the_evidence_only_as_salted_hashes()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        foreach (var tool in panel.Tools)
            await Api.Json(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{tool}", panel.Reviewers[0].Token,
                new { decision = "Ship", quote = "Public words.", note = "SECRET-NOTE: the vendor is my cousin" }, 200);
        await Api.Publish(panel.Editor, panel.Id);

        var text = (await Host.Scenario(s => s.Get.Url($"/api/scorecards/{panel.Id}/versions/1/evidence"))).ReadAsText();
        Assert.DoesNotContain("SECRET-NOTE", text);
        var verdict = JsonNode.Parse(text)!["events"]!.AsArray().First(e => (string)e!["type"]! == "VerdictSubmitted")!["data"]!;
        Assert.Null(verdict["note"]);
        Assert.Matches("^[0-9a-f]{64}$", (string)verdict["noteHash"]!);
        // The unsalted hash of the note is not what is published: guessing notes does not find them.
        Assert.NotEqual(CanonicalJson.Sha256(JsonValue.Create("SECRET-NOTE: the vendor is my cousin")), (string)verdict["noteHash"]!);
        Assert.True((bool)(await Verification(panel.Id))["valid"]!);
    }

    [Fact]
    public async Task an_edited_published_document_is_named_field_by_field_and_never_served()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        Assert.Equal(1, await Sql("update panel.mt_doc_publishedscorecard set data = jsonb_set(data, '{Content,Tools,0,ShipPercent}', '7') where id = @doc", panel.Id));

        var check = await Verification(panel.Id);
        Assert.False((bool)check["valid"]!);
        Assert.Equal([("content", "published document: content.tools[0].shipPercent")], Mismatches(check));
        Assert.Contains("holds 7", (string)check["mismatches"]![0]!["detail"]!);

        // Readers get the sealed figure (the event's copy still matches), never the edited one: in the
        // scorecard, the list (whose own document is edited too) and the feed.
        Assert.Equal(1, await Sql("update panel.mt_doc_scorecardlisting set data = jsonb_set(data, '{Tools,0,ShipPercent}', '7') where id = @id", panel.Id));
        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(100, (int)card["tools"]![0]!["shipPercent"]!);
        Assert.Equal(100, (int)(await Api.Get("/api/scorecards")).AsArray().Single()!["tools"]![0]!["shipPercent"]!);
        var feed = (await Host.Scenario(s => s.Get.Url("/feed.atom"))).ReadAsText();
        Assert.Contains("100% panel ship", feed);
        Assert.DoesNotContain("7% panel ship", feed);
    }

    [Fact]
    public async Task an_edited_publication_event_is_named_and_both_copies_edited_are_refused()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        Assert.Equal(1, await Sql("update panel.mt_events set data = jsonb_set(data, '{Content,Quotes,1,Quote}', '\"Changed words.\"') where stream_id = @id and type = 'scorecard_published'", panel.Id));

        var check = await Verification(panel.Id);
        Assert.False((bool)check["valid"]!);
        Assert.Equal([("content", "ScorecardPublished event: content.quotes[1].quote")], Mismatches(check));

        // With the document edited the same way no stored copy matches the seal: nothing is served.
        Assert.Equal(1, await Sql("update panel.mt_doc_publishedscorecard set data = jsonb_set(data, '{Content,Quotes,1,Quote}', '\"Changed words.\"') where id = @doc", panel.Id));
        var result = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/scorecards/{panel.Id}");
            s.StatusCodeShouldBe(500);
        });
        var problem = await Problem.Read(result, 500);
        Assert.Equal(Problem.Type("record-mismatch"), (string)problem["type"]!);
        Assert.Empty((await Api.Get("/api/scorecards")).AsArray());
        Assert.DoesNotContain("Changed words.", (await Host.Scenario(s => s.Get.Url("/feed.atom"))).ReadAsText());
        var both = Mismatches(await Verification(panel.Id));
        Assert.Contains(("content", "ScorecardPublished event"), both);
        Assert.Contains(("content", "published document"), both);
    }

    [Fact]
    public async Task an_edited_earlier_event_names_its_link()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        // Event 5 is reviewer 1's verdict on tool 2.
        Assert.Equal(1, await Sql("update panel.mt_events set data = jsonb_set(data, '{Quote}', '\"Words never said.\"') where stream_id = @id and version = 5", panel.Id));

        var check = await Verification(panel.Id);
        Assert.False((bool)check["valid"]!);
        Assert.Equal([("link", "event 5 (VerdictSubmitted)")], Mismatches(check));
        Assert.NotEqual((string)check["publishedDigest"]!, (string)check["recomputedDigest"]!);
    }

    [Fact]
    public async Task a_forged_signature_is_named()
    {
        var panel = await Api.PublishedPanel("SS");
        var evidence = await Api.Get($"/api/scorecards/{panel.Id}/versions/1/evidence");
        // A valid-looking ES256 signature over the same statement, by a key that is not Panel's.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Signer.Base64Url(other.SignData(CanonicalJson.Bytes(evidence["statement"]), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var set = $"jsonb_set(data, '{{Seal,Signature}}', '\"{forged}\"')";
        Assert.Equal(1, await Sql($"update panel.mt_events set data = {set} where stream_id = @id and type = 'scorecard_published'", panel.Id));
        Assert.Equal(1, await Sql($"update panel.mt_doc_publishedscorecard set data = {set} where id = @doc", panel.Id));

        var check = await Verification(panel.Id);
        Assert.False((bool)check["valid"]!);
        Assert.Equal("invalid", (string)check["signature"]!);
        Assert.Equal([("signature", (string)check["keyId"]!)], Mismatches(check));
    }

    [Fact]
    public async Task keys_are_a_public_cacheable_jwk_set_whose_ids_are_thumbprints()
    {
        var result = await Host.Scenario(s => s.Get.Url("/.well-known/panel-keys"));
        Assert.StartsWith("application/jwk-set+json", result.Context.Response.ContentType);
        Assert.Contains("max-age", result.Context.Response.Headers.CacheControl.ToString());
        var key = JsonNode.Parse(result.ReadAsText())!["keys"]!.AsArray().Single()!;
        Assert.Equal("EC", (string)key["kty"]!);
        Assert.Equal("P-256", (string)key["crv"]!);
        Assert.Equal("current", (string)key["status"]!);
        Assert.Null(key["d"]);
        Assert.Equal(Signer.Thumbprint((string)key["x"]!, (string)key["y"]!), (string)key["kid"]!);
    }

    [Fact]
    public async Task feed_entries_carry_each_publications_digest_and_key_id()
    {
        var panel = await Api.PublishedPanel("SS");
        var check = await Verification(panel.Id);

        var feed = XDocument.Parse((await Host.Scenario(s => s.Get.Url("/feed.atom"))).ReadAsText());
        XNamespace atom = "http://www.w3.org/2005/Atom", evidence = "https://panel.dev/ns/evidence";
        var entry = feed.Root!.Element(atom + "entry")!;
        Assert.Equal((string)check["digest"]!, entry.Element(evidence + "digest")!.Value);
        Assert.Equal((string)check["keyId"]!, entry.Element(evidence + "keyId")!.Value);
        Assert.Contains(entry.Elements(atom + "link"), l => (string?)l.Attribute("href") is { } href && href.EndsWith($"/api/scorecards/{panel.Id}/versions/1/evidence"));
        Assert.Contains(feed.Root!.Elements(atom + "link"), l => (string?)l.Attribute("href") is { } href && href.EndsWith("/.well-known/panel-keys"));
    }

    [Fact]
    public async Task a_correction_chains_over_the_first_publication_and_both_stay_valid()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Re-tested.", reason: "New release");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 2 re-tested tool B.");

        var second = await Api.Get($"/api/scorecards/{panel.Id}/versions/2/evidence");
        var types = second["events"]!.AsArray().Select(e => (string)e!["type"]!).ToList();
        Assert.Equal(["ComparisonOpened", "ReviewerSeated", "ReviewerSeated", "VerdictSubmitted", "VerdictSubmitted",
            "VerdictSubmitted", "VerdictSubmitted", "PanelCompleted", "EditorsVerdictWritten", "ScorecardPublished", "VerdictRevised"], types);
        // The first publication is in the second's chain by its digest and signature.
        var first = await Verification(panel.Id);
        Assert.Equal((string)first["digest"]!, (string)second["events"]![9]!["data"]!["seal"]!["digest"]!);
        Assert.True((bool)first["valid"]!);
        Assert.True((bool)(await Verification(panel.Id, 2))["valid"]!);
    }

    [Fact]
    public async Task a_panel_1_publication_still_verifies_under_its_own_scheme_and_has_no_public_evidence()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        // Published as the service did before scheme panel-2: a v1 digest in the content, no seal.
        await using (var session = Store.LightweightSession())
        {
            // Appended the way the service appends (FetchForWriting), so the inline projection sees its version.
            var stream = await session.Events.FetchForWriting<Comparison>(panel.Id);
            stream.AppendOne(new ScorecardPublished(panel.Id, 1, null, false, ScorecardCalculator.Freeze(stream.Aggregate!),
                panel.Editor.Id, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var check = await Verification(panel.Id);
        Assert.True((bool)check["valid"]!, check.ToJsonString());
        Assert.Equal("panel-1", (string)check["scheme"]!);
        Assert.Equal("unsigned", (string)check["signature"]!);
        Assert.Equal(Problem.Type("not-verifiable"),
            (string)(await Api.Get($"/api/scorecards/{panel.Id}/versions/1/evidence", status: 409))["type"]!);
        Assert.Null((await Api.Get($"/api/scorecards/{panel.Id}"))["seal"]);

        // A correction after it is sealed under panel-2 and chains over the old publication.
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Re-tested.", reason: "New release");
        await Api.Publish(panel.Editor, panel.Id, "Re-tested.");
        var second = await Verification(panel.Id, 2);
        Assert.True((bool)second["valid"]!, second.ToJsonString());
        Assert.Equal("panel-2", (string)second["scheme"]!);
        Assert.True((bool)(await Verification(panel.Id))["valid"]!);
    }

    [Fact]
    public async Task comparisons_stored_before_the_canonical_chain_get_it_folded_on_start()
    {
        var panel = await Api.CompletedPanel("SS");
        string head;
        await using (var session = Store.QuerySession())
            head = (await session.LoadAsync<Comparison>(panel.Id))!.ChainHead!;
        Assert.Equal(1, await Sql("update panel.mt_doc_comparison set data = data - 'ChainHead' where id = @id", panel.Id));
        await using (var session = Store.QuerySession())
            Assert.Null((await session.LoadAsync<Comparison>(panel.Id))!.ChainHead);

        await new ChainBackfill(Microsoft.Extensions.Logging.Abstractions.NullLogger<ChainBackfill>.Instance).Populate(Store, CancellationToken.None);

        await using (var session = Store.QuerySession())
            Assert.Equal(head, (await session.LoadAsync<Comparison>(panel.Id))!.ChainHead);
        await Api.Publish(panel.Editor, panel.Id);
        Assert.True((bool)(await Verification(panel.Id))["valid"]!);
    }

    [Fact]
    public async Task event_ids_that_salt_the_notes_are_distinct_and_never_empty()
    {
        var panel = await Api.CompletedPanel("SS");
        await using var session = Store.QuerySession();
        var ids = (await session.Events.FetchStreamAsync(panel.Id)).Select(e => e.Id).ToList();
        Assert.DoesNotContain(Guid.Empty, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task rotating_the_key_keeps_old_signatures_valid_and_without_a_key_publications_say_they_are_unsigned()
    {
        var panel = await Api.PublishedPanel("SS");
        var oldKeyId = (string)(await Verification(panel.Id))["keyId"]!;

        // A new current key; the suite's key retired.
        await using (var rotated = await AppFixture.StartAsync(demo: false, new Dictionary<string, string>
        {
            ["Panel:Signing:KeyPath"] = AppFixture.NewSigningKey(),
            ["Panel:Signing:RetiredKeyPaths:0"] = AppFixture.SigningKeyPath
        }))
        {
            var api = new Scenarios(rotated);
            var keys = (await api.Get("/.well-known/panel-keys"))["keys"]!.AsArray();
            Assert.Equal(["current", "retired"], keys.Select(k => (string)k!["status"]!).ToList());
            Assert.Equal(oldKeyId, (string)keys[1]!["kid"]!);

            var old = await api.Get($"/api/scorecards/{panel.Id}/versions/1/verification");
            Assert.True((bool)old["valid"]!);
            Assert.Equal("valid", (string)old["signature"]!);

            await api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Skip", "Changed my mind.", reason: "Re-tested");
            await api.Publish(panel.Editor, panel.Id, "Reviewer 1 changed their verdict.");
            var second = await api.Get($"/api/scorecards/{panel.Id}/versions/2/verification");
            Assert.Equal((string)keys[0]!["kid"]!, (string)second["keyId"]!);
            Assert.Equal("valid", (string)second["signature"]!);
        }

        // No key at all: the service starts, publishes unsigned, and its verification says so.
        await using var unsigned = await AppFixture.StartAsync(demo: false, new Dictionary<string, string> { ["Panel:Signing:KeyPath"] = "" });
        var plain = new Scenarios(unsigned);
        Assert.Empty((await plain.Get("/.well-known/panel-keys"))["keys"]!.AsArray());
        await plain.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", "Back to ship.", reason: "Re-tested again");
        await plain.Publish(panel.Editor, panel.Id, "Reviewer 1 changed back.");
        var third = await plain.Get($"/api/scorecards/{panel.Id}/versions/3/verification");
        Assert.True((bool)third["valid"]!);
        Assert.Equal("unsigned", (string)third["signature"]!);
        Assert.Null(third["keyId"]);
        // Keys the service no longer knows: an old signature is reported, not silently accepted.
        var first = await plain.Get($"/api/scorecards/{panel.Id}/versions/1/verification");
        Assert.Equal("unknown-key", (string)first["signature"]!);
        Assert.False((bool)first["valid"]!);
    }

    [Fact]
    public void a_key_given_as_pem_text_or_only_its_public_half_as_retired_is_the_same_key()
    {
        using var fromFile = new Signer(new SigningOptions { KeyPath = AppFixture.SigningKeyPath });
        using var fromText = new Signer(new SigningOptions { KeyPem = File.ReadAllText(AppFixture.SigningKeyPath) });
        Assert.Equal(fromFile.CurrentKeyId, fromText.CurrentKeyId);
        var signed = fromText.Sign("statement"u8.ToArray())!.Value;
        Assert.True(fromFile.Verify(signed.KeyId, "statement"u8.ToArray(), signed.Signature));
        Assert.False(fromFile.Verify(signed.KeyId, "statemenT"u8.ToArray(), signed.Signature));

        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(AppFixture.SigningKeyPath));
        var publicHalf = Path.GetTempFileName();
        File.WriteAllText(publicHalf, key.ExportSubjectPublicKeyInfoPem());
        using var verifierOnly = new Signer(new SigningOptions { RetiredKeyPaths = [publicHalf] });
        Assert.False(verifierOnly.CanSign);
        Assert.Equal(fromFile.CurrentKeyId, verifierOnly.Keys.Single(k => !k.Current).KeyId);
        Assert.True(verifierOnly.Verify(signed.KeyId, "statement"u8.ToArray(), signed.Signature));
        Assert.Null(verifierOnly.Sign("statement"u8.ToArray()));
        File.Delete(publicHalf);

        // A public key alone cannot be the signing key.
        File.WriteAllText(publicHalf, key.ExportSubjectPublicKeyInfoPem());
        Assert.Throws<InvalidOperationException>(() => new Signer(new SigningOptions { KeyPath = publicHalf }));
        File.Delete(publicHalf);
    }

    [Fact]
    public void a_configured_key_that_cannot_be_read_stops_the_start()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        Assert.Throws<InvalidOperationException>(() => new Signer(new SigningOptions { KeyPath = path }));
        Assert.Throws<InvalidOperationException>(() => new Signer(new SigningOptions { KeyPath = "/nonexistent/key.pem" }));
        using var rsa = RSA.Create();
        File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        Assert.Throws<InvalidOperationException>(() => new Signer(new SigningOptions { KeyPath = path }));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(path, p384.ExportECPrivateKeyPem());
        Assert.Throws<InvalidOperationException>(() => new Signer(new SigningOptions { KeyPath = path }));
        Assert.Throws<InvalidOperationException>(() => new Signer(new SigningOptions { Required = true }));
        File.Delete(path);
    }
}
