using Microsoft.AspNetCore.DataProtection;

namespace Panel.Community;

/// <summary>
/// The anonymous identity of a member of the public: a random id in a cookie the server signs and
/// encrypts (ASP.NET Data Protection), so nobody can vote as someone else by editing the cookie.
/// </summary>
public sealed class Voters(IDataProtectionProvider protection)
{
    public const string Cookie = "panel_voter";
    private readonly IDataProtector _protector = protection.CreateProtector("Panel.Community.Voter.v1");

    public Guid IdentifyOrIssue(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(Cookie, out var value) && TryRead(value, out var id)) return id;

        id = Guid.NewGuid();
        http.Response.Cookies.Append(Cookie, _protector.Protect(id.ToString("N")), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
            Path = "/"
        });
        return id;
    }

    private bool TryRead(string value, out Guid id)
    {
        id = Guid.Empty;
        try
        {
            return Guid.TryParseExact(_protector.Unprotect(value), "N", out id);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return false; // tampered with, or signed by keys this server no longer has: a new voter
        }
    }
}
