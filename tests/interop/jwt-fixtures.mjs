// Operator-mode fixtures made with the official @nats-io/jwt and @nats-io/nkeys packages: an operator
// with a system account, accounts and users, and the config text both servers start from.
import { createAccount, createOperator, createUser } from "@nats-io/nkeys";
import { encodeAccount, encodeOperator, encodeUser, fmtCreds } from "@nats-io/jwt";
import { credsAuthenticator } from "@nats-io/nats-core";

/** A fresh operator (with a system account) able to sign accounts. */
export async function newOperator(name = "OP") {
  const okp = createOperator();
  const sys = createAccount();
  const jwt = await encodeOperator(name, okp, { system_account: sys.getPublicKey() });
  const op = { okp, jwt, accounts: new Map() };
  op.sys = await addAccount(op, "SYS", sys);
  return op;
}

/** nats-server reads a limit the JWT leaves out as zero, so accounts say "unlimited" (-1) explicitly, as nsc does. */
export const unlimited = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 };

/** The same for a scoped signing key's template. */
export const unlimitedUser = { subs: -1, data: -1, payload: -1 };

/** Signs an account JWT for `akp` (a new key unless given) with the operator's key. */
export async function addAccount(op, name, akp = createAccount(), account = {}, opts = {}) {
  const jwt = await encodeAccount(name, akp, { ...account, limits: { ...unlimited, ...account.limits } }, { signer: op.okp, ...opts });
  const a = { name, akp, jwt, id: akp.getPublicKey() };
  op.accounts.set(a.id, a);
  return a;
}

/** A user of `account`, signed by the account (or `opts.signer`), as a creds authenticator plus its parts. */
export async function newUser(account, name = "user", user = {}, opts = {}) {
  const ukp = createUser();
  const jwt = await encodeUser(name, ukp, account.akp, user, opts);
  const creds = fmtCreds(jwt, ukp);
  return { ukp, jwt, creds, authenticator: credsAuthenticator(creds) };
}

/** The config text: the operator inline, a resolver, and every account preloaded unless excluded. */
export function operatorConfig(op, { resolver = "MEMORY", preload = [...op.accounts.values()] } = {}) {
  const lines = [`operator: ${op.jwt}`, `system_account: ${op.sys.id}`, `resolver: ${resolver}`];
  lines.push("resolver_preload: {");
  for (const a of preload) lines.push(`  ${a.id}: ${a.jwt}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Seconds since the epoch, as JWT dates are written. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);
