namespace Panel.Email;

public static class Configuration
{
    public static void AddEmail(this StoreOptions options)
    {
        options.Schema.For<OutgoingEmail>().Index(x => x.CreatedAt);
    }

    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Panel:Smtp");
        var smtp = section.Get<SmtpOptions>() ?? new SmtpOptions();
        smtp.Validate();
        if (smtp.Enabled && string.IsNullOrWhiteSpace(configuration["Panel:PublicUrl"]))
            throw new InvalidOperationException(
                "Panel:Smtp:Host is set but Panel:PublicUrl is not: links in emails are built only from the configured public address.");
        var signIn = configuration.GetSection("Panel:SignIn").Get<People.SignInLinks.SignInOptions>() ?? new People.SignInLinks.SignInOptions();
        signIn.Validate();
        services.Configure<People.SignInLinks.SignInOptions>(configuration.GetSection("Panel:SignIn"));
        services.Configure<SmtpOptions>(section);
        services.AddSingleton<Mailer>();
        services.AddSingleton<SmtpSender>();
        return services;
    }
}
