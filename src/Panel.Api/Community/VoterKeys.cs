using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Panel.Community;

/// <summary>A Data Protection key, kept in PostgreSQL beside everything else.</summary>
public sealed record VoterKey(string Id, string Xml) : IHousekeeping;

/// <summary>
/// Keeps the keys that sign voter cookies in the database, so a restart, a new container or a second
/// instance still recognises yesterday's voters (on local disk they would vote again as new people).
/// </summary>
public sealed class VoterKeys(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // IXmlRepository is synchronous, Marten 9 only asynchronous; keys are read a few times a day.
        using var session = store.QuerySession();
        var keys = session.Query<VoterKey>().ToListAsync().GetAwaiter().GetResult();
        return keys.Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new VoterKey(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        // A key is written about once every 90 days.
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
