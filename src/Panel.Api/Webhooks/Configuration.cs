using System.Net;
using System.Net.Http;
using Panel.Webhooks.Notices;

namespace Panel.Webhooks;

public static class Configuration
{
    public static void AddWebhooks(this StoreOptions options)
    {
        options.Schema.For<WebhookDelivery>().Index(x => x.WebhookId);
    }

    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Panel:Webhooks");
        var options = section.Get<WebhookOptions>() ?? new WebhookOptions();
        options.Validate();
        services.Configure<WebhookOptions>(section);
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The receiver is who the admin named: no proxy in between, no redirect elsewhere, no cookies.
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectCallback = Addresses.Connect(options.AllowPrivateNetworks),
                PooledConnectionLifetime = TimeSpan.FromMinutes(1)
            });
        return services;
    }
}
