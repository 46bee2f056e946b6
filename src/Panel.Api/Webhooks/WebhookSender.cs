using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Panel.Webhooks;

/// <summary>What one attempt came to.</summary>
public sealed record Attempt(bool Delivered, int? StatusCode, string? Error);

/// <summary>Signs a delivery with its webhook's secret and POSTs it.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    public const string SecretPurpose = "Panel.Webhooks.Secret.v1";

    public string Protect(string secret) => protection.CreateProtector(SecretPurpose).Protect(secret);

    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;"&gt;</c>.</summary>
    public static string Signature(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    public async Task<Attempt> SendAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken ct)
    {
        string secret;
        try
        {
            secret = protection.CreateProtector(SecretPurpose).Unprotect(webhook.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return new Attempt(false, null, "The webhook's secret can no longer be read (its key is gone); set a new secret.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url);
        request.Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json");
        request.Headers.Add("Panel-Delivery", delivery.Id.ToString());
        request.Headers.Add("Panel-Event", delivery.Type);
        request.Headers.Add("Panel-Signature", Signature(secret, clock.GetUtcNow().ToUnixTimeSeconds(), delivery.Body));
        request.Headers.UserAgent.ParseAdd("Panel-Webhooks/1");

        var client = clients.CreateClient(ClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new Attempt(true, status, null)
                : new Attempt(false, status, $"The receiver answered {status} {response.ReasonPhrase}.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Attempt(false, null, $"No answer within {client.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            return new Attempt(false, null, e.InnerException is { } inner && !e.Message.Contains(inner.Message) ? $"{e.Message} {inner.Message}" : e.Message);
        }
    }
}
