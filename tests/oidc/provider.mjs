// A real OpenID Connect provider (panva's oidc-provider, OpenID certified) for Panel's single sign-on tests.
// One confidential client, accounts whose email and email_verified claims the test chooses, and the
// package's own development login page (any password signs in as the login typed; consent is granted).
//
// Environment:
//   OIDC_PORT           port to listen on (127.0.0.1); the issuer is http://127.0.0.1:{port}
//   OIDC_CLIENT_ID      the client's id
//   OIDC_CLIENT_SECRET  the client's secret
//   OIDC_REDIRECT_URI   the client's one redirect URI (Panel's {PublicUrl}/sign-in/sso/callback)
//   OIDC_ACCOUNTS       JSON: { "<login>": { "email": "...", "email_verified": true, "name": "..." }, ... }
//
// Prints "oidc-provider listening on <issuer>" once it answers; stops on SIGTERM or SIGINT.
import Provider from 'oidc-provider';

const need = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`provider.mjs: ${name} is required`);
    process.exit(2);
  }
  return value;
};

const port = Number(need('OIDC_PORT'));
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');

const provider = new Provider(issuer, {
  clients: [{
    client_id: need('OIDC_CLIENT_ID'),
    client_secret: need('OIDC_CLIENT_SECRET'),
    redirect_uris: [need('OIDC_REDIRECT_URI')],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    // ASP.NET Core's handler sends the secret in the form body.
    token_endpoint_auth_method: 'client_secret_post',
  }],
  // Authorization code flow with PKCE, for every client (by default only public clients must use it).
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // The ID token carries the scopes' claims, as Google's, Microsoft's and Keycloak's do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  // A first-party client, as an organisation's own apps are: no consent screen, the scopes are granted at sign-in
  // (oidc-provider's recipe for skipping consent).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  cookies: { keys: ['panel-test-oidc-provider-cookie-key'] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...account };
      },
    };
  },
});

provider.on('server_error', (_ctx, error) => console.error('provider.mjs: server_error', error));

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
