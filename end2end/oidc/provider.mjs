// A real OpenID Connect provider for RMC's browser tests, built on the
// certified `oidc-provider` package. It runs on loopback over plain http,
// keeps everything in memory and uses the package's built-in development
// interactions: a login page that accepts any login and password, then a
// consent page with a "Continue" button.
//
// Usage:
//   RMC_OIDC_REDIRECT_URI=http://127.0.0.1:3000/auth/oidc/callback \
//     node oidc/provider.mjs [port]
// The port comes from argv[2], else env OIDC_PORT, else 4010. Once it
// listens it prints one line: `oidc ready <issuer>`.
//
// Env: OIDC_QUIET=1 silences the per-request log on stderr;
//      OIDC_ID_TOKEN_CLAIMS=1 puts email/name into the ID token too.
//
// Accounts: any login `x` becomes the account `x` with the claims
//   sub=x, email=x@idp.example, email_verified=true, name=x.

import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? process.env.OIDC_PORT ?? 4010);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`oidc: bad port ${process.argv[2] ?? process.env.OIDC_PORT}`);
  process.exit(2);
}
const host = '127.0.0.1';
const issuer = `http://${host}:${port}`;

const redirectUris = (process.env.RMC_OIDC_REDIRECT_URI ?? `http://127.0.0.1:3000/auth/oidc/callback`)
  .split(/[\s,]+/)
  .filter(Boolean);

const configuration = {
  clients: [
    {
      client_id: 'rmc-e2e',
      client_secret: 'rmc-e2e-secret',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@idp.example`, email_verified: true, name: id };
      },
    };
  },
  // Cookies are signed with this key. oidc-provider only marks cookies
  // `Secure` when the request itself is https, so plain http on loopback works.
  cookies: { keys: ['e2e-key'] },
  features: {
    devInteractions: { enabled: true },
  },
  // Spec-conformant default: with a `code` flow the ID token carries only
  // `sub` (plus protocol claims); e-mail and name come from the userinfo
  // endpoint. Set OIDC_ID_TOKEN_CLAIMS=1 to also put them in the ID token,
  // as many hosted providers do.
  conformIdTokenClaims: process.env.OIDC_ID_TOKEN_CLAIMS !== '1',
};

const provider = new Provider(issuer, configuration);

// The built-in interaction pages @import a web font from the internet. The
// test machine has no internet, so drop that line to keep pages hermetic
// (and fast: nothing waits on a lookup that can never succeed).
provider.use(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.body.includes('@import url(https://fonts.googleapis.com')) {
    ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
  }
});

// Log each request on stderr in one short line; helps when a test fails.
provider.use(async (ctx, next) => {
  await next();
  if (process.env.OIDC_QUIET !== '1') {
    console.error(`oidc: ${ctx.method} ${ctx.path} -> ${ctx.status}`);
  }
});

provider.on('server_error', (_ctx, err) => console.error('oidc server_error:', err));
provider.on('grant.error', (_ctx, err) => console.error('oidc grant.error:', err.message, err.error_description ?? ''));
provider.on('authorization.error', (_ctx, err) => console.error('oidc authorization.error:', err.message, err.error_description ?? ''));

const server = provider.listen(port, host, () => {
  console.log(`oidc ready ${issuer}`);
});
server.on('error', (err) => {
  console.error(`oidc: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    process.exit(0);
  });
}
