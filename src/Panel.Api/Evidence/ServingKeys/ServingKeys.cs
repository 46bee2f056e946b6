namespace Panel.Evidence.ServingKeys;

public static class ServingKeysEndpoint
{
    /// <summary>
    /// The public keys that sign publications, current and retired, as a JWK Set (RFC 7517). Public and
    /// cacheable: verifiers and feed subscribers keep their own copy.
    /// </summary>
    [WolverineGet("/.well-known/panel-keys", OperationId = "getSigningKeys")]
    [EndpointSummary("The keys that sign publications (JWKS)")]
    [Produces("application/jwk-set+json")]
    public static IResult Get(Signer signer, HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(signer.Jwks().ToJsonString(), "application/jwk-set+json; charset=utf-8");
    }
}
