using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panel.Tests.Infrastructure;
using Panel.Webhooks;

namespace Panel.Tests.Domain;

/// <summary>Server-side request forgery: by default webhooks reach only public addresses, checked at registration and on connecting.</summary>
public class WebhookAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("::ffff:0:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::8.8.8.8")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")] // Teredo for client 127.0.0.1
    [InlineData("2001:db8::1")]
    [InlineData("100::1")]
    [InlineData("192.0.2.1")]
    public void private_loopback_link_local_and_unspecified_addresses_are_not_public(string address) =>
        Assert.False(Addresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::ffff:0:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void public_addresses_are_public(string address) => Assert.True(Addresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://api.localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:0:127.0.0.1]/")]
    [InlineData("http://[::127.0.0.1]/")]
    [InlineData("http://[64:ff9b::127.0.0.1]/")]
    [InlineData("http://localhost./hook")]
    [InlineData("http://LocalHost./hook")]
    [InlineData("http://api.localhost./hook")]
    [InlineData("http://127.0.0.1./hook")]
    [InlineData("http://127.1./hook")]
    [InlineData("http://2130706433./hook")]
    [InlineData("http://ｌｏｃａｌｈｏｓｔ/hook")]
    [InlineData("http://localhost。/hook")]
    [InlineData("http://[fe80::1%25eth0]/hook")]
    public async Task registration_refuses_private_targets_unless_private_networks_are_allowed(string url)
    {
        Assert.NotNull(await Addresses.RefusalAsync(new Uri(url), allowPrivateNetworks: false, CancellationToken.None));
        Assert.Null(await Addresses.RefusalAsync(new Uri(url), allowPrivateNetworks: true, CancellationToken.None));
    }

    /// <summary>Digits of another script (or fullwidth ones) spell no address every resolver agrees on: not a host at all, whatever the setting.</summary>
    [Theory]
    [InlineData("http://١٢٧.٠.٠.١/hook")]
    [InlineData("http://۱۲۷.۰.۰.۱/hook")]
    [InlineData("http://127.0.0.१/hook")]
    [InlineData("http://１２７.０.０.１/hook")]
    public async Task a_host_with_digits_of_another_script_is_refused_even_where_private_networks_are_allowed(string url)
    {
        Assert.Null(Addresses.Normalize(new Uri(url).Host));
        Assert.NotNull(await Addresses.RefusalAsync(new Uri(url), allowPrivateNetworks: true, CancellationToken.None));
    }

    [Theory]
    [InlineData("LocalHost.", "localhost", null)]
    [InlineData("127.0.0.1.", "127.0.0.1", "127.0.0.1")]
    [InlineData("0x7f.1", "127.0.0.1", "127.0.0.1")]
    [InlineData("ｌｏｃａｌｈｏｓｔ。", "localhost", null)]
    [InlineData("[::ffff:0:127.0.0.1]", "::ffff:0:127.0.0.1", "::ffff:0:127.0.0.1")]
    [InlineData("Bücher.example.", "xn--bcher-kva.example", null)]
    public void a_host_has_one_spelling(string host, string name, string? literal)
    {
        var normal = Addresses.Normalize(host)!;
        Assert.Equal(name, normal.Name);
        Assert.Equal(literal, normal.Literal?.ToString());
    }

    [Fact]
    public async Task registration_accepts_a_public_address() =>
        Assert.Null(await Addresses.RefusalAsync(new Uri("https://93.184.216.34/hook"), allowPrivateNetworks: false, CancellationToken.None));

    /// <summary>The sender as the service builds it, with its connection check and timeout.</summary>
    private static WebhookSender Sender(bool allowPrivateNetworks, string timeoutSeconds = "10")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Panel:Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
            ["Panel:Webhooks:TimeoutSeconds"] = timeoutSeconds
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddWebhooks(configuration);
        return services.BuildServiceProvider().GetRequiredService<WebhookSender>();
    }

    private static (Webhook, WebhookDelivery) Delivery(WebhookSender sender, string url)
    {
        var at = DateTimeOffset.UtcNow;
        var webhook = new Webhook(Guid.NewGuid(), url, sender.Protect(Receiver.Secret), ["panel.completed"], Guid.NewGuid(), at, null);
        var delivery = new WebhookDelivery(Guid.NewGuid(), webhook.Id, Guid.NewGuid(), "panel.completed", """{"id":"x"}""", at, at,
            DeliveryStatus.Pending, 0, 1, at, null, null, null, null);
        return (webhook, delivery);
    }

    [Fact]
    public async Task a_connection_to_a_private_address_is_refused_when_it_is_made_and_the_receiver_gets_nothing()
    {
        await using var receiver = await Receiver.StartAsync();
        // A name, not a literal: what counts is the address the connection would reach.
        var url = receiver.Url.Replace("127.0.0.1", "localhost");

        var refused = Sender(allowPrivateNetworks: false);
        var (webhook, delivery) = Delivery(refused, url);
        var attempt = await refused.SendAsync(webhook, delivery, CancellationToken.None);
        Assert.False(attempt.Delivered);
        Assert.Contains("Refused", attempt.Error);
        Assert.Empty(receiver.Requests);

        var allowed = Sender(allowPrivateNetworks: true);
        (webhook, delivery) = Delivery(allowed, url);
        Assert.True((await allowed.SendAsync(webhook, delivery, CancellationToken.None)).Delivered);
        Assert.True(Receiver.SignatureIsValid(Assert.Single(receiver.Requests)));
    }

    /// <summary>A delivery judges the host it connects to by the same one spelling: a trailing dot or an IPv4-in-IPv6 form changes nothing.</summary>
    [Theory]
    [InlineData("localhost.")]
    [InlineData("127.0.0.1.")]
    [InlineData("[::ffff:0:127.0.0.1]")]
    [InlineData("[::127.0.0.1]")]
    public async Task a_delivery_to_another_spelling_of_a_private_address_is_refused_on_connecting(string host)
    {
        await using var receiver = await Receiver.StartAsync();
        var url = receiver.Url.Replace("127.0.0.1", host);
        var sender = Sender(allowPrivateNetworks: false);
        var (webhook, delivery) = Delivery(sender, url);
        var attempt = await sender.SendAsync(webhook, delivery, CancellationToken.None);
        Assert.False(attempt.Delivered);
        Assert.Contains("Refused to connect", attempt.Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task a_receiver_slower_than_the_timeout_is_a_failed_attempt()
    {
        await using var receiver = await Receiver.StartAsync(_ => { Thread.Sleep(1500); return 200; });
        var sender = Sender(allowPrivateNetworks: true, timeoutSeconds: "0.3");
        var (webhook, delivery) = Delivery(sender, receiver.Url);

        var attempt = await sender.SendAsync(webhook, delivery, CancellationToken.None);

        Assert.False(attempt.Delivered);
        Assert.Contains("No answer within 0.3 s", attempt.Error);
    }
}
