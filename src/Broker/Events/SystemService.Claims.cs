using System.Text;
using Microsoft.Extensions.Logging;

namespace WebBroker.Broker.Events;

/// <summary>
/// Operator mode's account JWT requests, as nats-server answers them: updates pushed by an operator's
/// tooling (<c>$SYS.REQ.CLAIMS.UPDATE</c>, <c>$SYS.REQ.ACCOUNT.&lt;id&gt;.CLAIMS.UPDATE</c> and the older
/// <c>$SYS.ACCOUNT.&lt;id&gt;.CLAIMS.UPDATE</c>), lookups, the list of held accounts, and the full resolver's
/// deletes and packs. Only users of the system account can reach these subjects.
/// </summary>
public sealed partial class SystemService
{
    private void SubscribeClaims()
    {
        Subscribe("$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE", (_, subject, reply, body) => UpdateNamed(subject, 3, reply, body));
        Subscribe("$SYS.ACCOUNT.*.CLAIMS.UPDATE", (_, subject, reply, body) => UpdateNamed(subject, 2, reply, body));
        // Like nats-server, only the resolvers that keep tokens take updates that name no account, and answer
        // lookups and lists (MEMORY and URL have nothing to share).
        if (_server.Resolver?.TracksUpdates != true) return;
        Subscribe("$SYS.REQ.CLAIMS.UPDATE", (_, _, reply, body) => RespondToUpdate(reply, _server.UpdateAccountJwt(Encoding.UTF8.GetString(body).Trim(), null)));
        Subscribe("$SYS.REQ.ACCOUNT.*.CLAIMS.LOOKUP", (_, subject, reply, _) =>
        {
            if (reply is null) return;
            var account = subject.Split('.')[3];
            // An unknown account gets no answer (as from nats-server 2.9; the asker times out).
            var jwt = _server.Resolver?.Fetch(account);
            if (jwt is not null) PublishBytes(reply, Encoding.UTF8.GetBytes(jwt));
        });
        Subscribe("$SYS.REQ.CLAIMS.LIST", (_, _, reply, _) =>
            Reply(reply, new ServerApiResponse<string[]> { Server = Who(), Data = [.. _server.Resolver.List()] },
                EventJsonContext.Default.ServerApiResponseStringArray));
        Subscribe("$SYS.REQ.CLAIMS.DELETE", (_, _, reply, body) =>
        {
            var (message, error) = _server.DeleteAccounts(Encoding.UTF8.GetString(body).Trim());
            RespondToUpdate(reply, (null, message, error));
        });
        // Like nats-server, the cache resolver does not share its tokens.
        if (_server.Options.Operator?.Resolver?.Kind != Server.ResolverKind.Full) return;
        Subscribe("$SYS.REQ.CLAIMS.PACK", (_, _, reply, body) =>
        {
            if (reply is null) return;
            foreach (var message in _server.PackAccounts(body)) PublishBytes(reply, message);
        });
    }

    private void UpdateNamed(string subject, int accountToken, string? reply, byte[] body)
    {
        var account = subject.Split('.')[accountToken];
        if (body.Length == 0)
        {
            RespondToUpdate(reply, (account, "jwt update error", "request body is empty"));
            return;
        }
        RespondToUpdate(reply, _server.UpdateAccountJwt(Encoding.UTF8.GetString(body).Trim(), account));
    }

    /// <summary>nats-server's answer to claims requests; a delete names no account.</summary>
    private void RespondToUpdate(string? reply, (string? Account, string Message, string? Error) outcome)
    {
        if (outcome.Error is { } error)
        {
            if (outcome.Account is null) _server.Logger.LogWarning("{Message} - {Error}", outcome.Message, error);
            else _server.Logger.LogWarning("{Message} - {Account} - {Error}", outcome.Message, outcome.Account, error);
        }
        if (reply is null) return;
        if (outcome.Error is null)
            Reply(reply, new ServerApiResponse<ClaimUpdateStatus>
            {
                Server = Who(),
                Data = new ClaimUpdateStatus { Account = outcome.Account, Code = 200, Message = outcome.Message },
            }, EventJsonContext.Default.ServerApiResponseClaimUpdateStatus);
        else
            Reply(reply, new ServerApiResponse<ClaimUpdateStatus>
            {
                Server = Who(),
                Error = new ApiError { Account = outcome.Account, Code = 500, Description = $"{outcome.Message} - {outcome.Error}" },
            }, EventJsonContext.Default.ServerApiResponseClaimUpdateStatus);
    }
}
