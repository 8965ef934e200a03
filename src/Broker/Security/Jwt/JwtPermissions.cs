using System.Text.Json;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>The <c>pub</c>, <c>sub</c> and <c>resp</c> fields of user claims (and of scoped signing key
/// templates and account default permissions), as the permission options the config also produces.</summary>
internal static class JwtPermissions
{
    public static PermissionOptions? Read(JsonElement nats)
    {
        var pub = Subjects(nats.Obj("pub"));
        var sub = Subjects(nats.Obj("sub"));
        var resp = nats.Obj("resp");
        ResponsePermission? responses = resp.ValueKind == JsonValueKind.Object
            ? new ResponsePermission
            {
                MaxMsgs = (int)Math.Clamp(resp.Long("max", 1), -1, int.MaxValue),
                Expires = TimeSpan.FromTicks(Math.Max(0, resp.Long("ttl", 0)) / 100), // nanoseconds
            }
            : null;
        return pub is null && sub is null && responses is null ? null
            : new PermissionOptions { Publish = pub, Subscribe = sub, AllowResponses = responses };
    }

    private static SubjectPermission? Subjects(JsonElement e)
    {
        var allow = e.Strings("allow");
        var deny = e.Strings("deny");
        return allow.Count == 0 && deny.Count == 0 ? null : new SubjectPermission { Allow = [.. allow], Deny = [.. deny] };
    }
}
