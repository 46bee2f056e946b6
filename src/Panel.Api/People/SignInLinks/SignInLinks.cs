using System.Net;
using System.Security.Cryptography;
using Panel.Email;
using Wolverine;

namespace Panel.People.SignInLinks;

/// <summary>Configuration section <c>Panel:SignIn</c>.</summary>
public sealed class SignInOptions
{
    /// <summary>How long an invitation's link works.</summary>
    public double InvitationHours { get; set; } = 72;

    /// <summary>How long a link the person asked for works.</summary>
    public double LinkMinutes { get; set; } = 15;

    public void Validate()
    {
        if (InvitationHours <= 0 || LinkMinutes <= 0)
            throw new InvalidOperationException("Panel:SignIn: InvitationHours and LinkMinutes must be positive.");
    }
}

/// <summary>Why a code does not sign anyone in, in the words the page uses.</summary>
public enum LinkRefusal { Unknown, Used, Expired, Superseded, Ended }

/// <summary>
/// One-time sign-in links. A code is the person's id and 256 random bits, base64url: the id finds the person's
/// record, and only the SHA-256 of the whole code is kept there, so the database never holds a working link.
/// </summary>
public static class SignInLinkCodes
{
    public static string New(Guid userId)
    {
        Span<byte> bytes = stackalloc byte[48];
        userId.TryWriteBytes(bytes[..16]);
        RandomNumberGenerator.Fill(bytes[16..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The person a code names, if it has the shape of a code at all.</summary>
    public static Guid? UserOf(string code)
    {
        if (code.Length != 64 || code.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return null;
        var bytes = Convert.FromBase64String(code.Replace('-', '+').Replace('_', '/'));
        return new Guid(bytes.AsSpan(0, 16));
    }

    /// <summary>The state of the link a code belongs to: null if it signs in now, else why not.</summary>
    public static (SignInLink? Link, LinkRefusal? Refusal) Check(User? user, string code, DateTimeOffset at)
    {
        if (user is null) return (null, LinkRefusal.Unknown);
        var hash = Tokens.Hash(code);
        var link = user.Links.FirstOrDefault(l => CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(l.CodeHash), System.Text.Encoding.ASCII.GetBytes(hash)));
        if (link is null) return (null, LinkRefusal.Unknown);
        if (link.UsedAt is not null) return (link, LinkRefusal.Used);
        if (link.EndedAt is not null || user.Revoked) return (link, LinkRefusal.Ended);
        if (link.SupersededAt is not null) return (link, LinkRefusal.Superseded);
        if (link.ExpiresAt <= at) return (link, LinkRefusal.Expired);
        return (link, null);
    }
}

/// <summary>Issues a link and queues its email, in the caller's transaction (outboxed session and bus).</summary>
public static class SignInLinkMail
{
    public static async Task<(SignInLinkIssued Issued, OutgoingEmail Email)> IssueAsync(IDocumentSession session, IMessageBus bus, Mailer mailer,
        User user, LinkPurpose purpose, TimeSpan validFor, string siteUrl, Guid by, DateTimeOffset at)
    {
        var code = SignInLinkCodes.New(user.Id);
        var issued = new SignInLinkIssued(user.Id, Guid.CreateVersion7(), purpose, Tokens.Hash(code), user.Email!, at + validFor, by, at);
        session.Events.Append(user.Id, issued);
        var email = await mailer.QueueAsync(session, bus, Draft(user, purpose, $"{siteUrl}/sign-in/link/{code}", issued.ExpiresAt, validFor), at);
        return (issued, email);
    }

    /// <summary>Short, in the product's words, plain text with the same in HTML.</summary>
    public static EmailDraft Draft(User user, LinkPurpose purpose, string link, DateTimeOffset expiresAt, TimeSpan validFor)
    {
        var until = expiresAt.ToUniversalTime().ToString("d MMMM yyyy, HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var duration = validFor.TotalHours >= 1 ? $"{validFor.TotalHours:0.#} hours" : $"{validFor.TotalMinutes:0} minutes";
        var (kind, subject, lead) = purpose == LinkPurpose.Invitation
            ? (EmailKinds.Invitation, "You are invited to Panel",
                $"You have been invited to Panel as {Article(user.Role)} {user.Role.ToString().ToLowerInvariant()}. Follow this link to sign in and open your workspace:")
            : (EmailKinds.SignInLink, "Your Panel sign-in link", "Follow this link to sign in to Panel:");
        var text = $"""
            Hello {user.Name},

            {lead}

            {link}

            The link works once, until {until} ({duration}). If you did not expect this email, ignore it: nothing happens unless the link is followed.

            Panel
            """;
        var e = (Func<string, string>)WebUtility.HtmlEncode;
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{e(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem">
            <p>Hello {e(user.Name)},</p>
            <p>{e(lead)}</p>
            <p><a href="{e(link)}">{(purpose == LinkPurpose.Invitation ? "Accept the invitation" : "Sign in to Panel")}</a></p>
            <p style="color: #555">The link works once, until {e(until)} ({e(duration)}). If you did not expect this email, ignore it: nothing happens unless the link is followed.</p>
            <p>Panel</p>
            </body></html>
            """;
        return new EmailDraft(kind, user.Id, user.Email!, subject, text, html);
    }

    private static string Article(Role role) => role == Role.Admin || role == Role.Editor ? "an" : "a";
}
