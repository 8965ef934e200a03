using System.Text.Json;
using System.Text.RegularExpressions;
using WebBroker.Broker.Subjects;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>
/// A scoped signing key's template applied to one user: the user gets the template's permissions and
/// limits, with <c>{{name()}}</c>, <c>{{subject()}}</c>, <c>{{account-name()}}</c>,
/// <c>{{account-subject()}}</c>, <c>{{tag(x)}}</c> and <c>{{account-tag(x)}}</c> replaced by the user's and
/// account's values (a tag with several values yields one subject per value).
/// </summary>
internal static partial class ScopedTemplate
{
    [GeneratedRegex(@"{{2}([^}]+)}{2}")]
    private static partial Regex Mustache();

    /// <summary>Gives <paramref name="user"/> the scope's permissions and limits; false when the template
    /// names something undefined or yields an invalid subject (the user is then refused).</summary>
    public static bool Apply(UserScope scope, UserClaims user, AccountClaims account)
    {
        var template = scope.Template;
        var permissions = JwtPermissions.Read(template);
        if (permissions is not null)
        {
            if (!Expand(permissions.Publish, user, account) || !Expand(permissions.Subscribe, user, account)) return false;
        }
        user.Permissions = permissions;
        user.Subs = template.Long("subs", 0);
        user.Payload = template.Long("payload", 0);
        user.Data = template.Long("data", 0);
        user.Sources = template.Strings("src");
        user.AllowedConnectionTypes = template.Strings("allowed_connection_types");
        return true;
    }

    private static bool Expand(SubjectPermission? permission, UserClaims user, AccountClaims account)
    {
        if (permission is null) return true;
        return Expand(permission.Allow, user, account) && Expand(permission.Deny, user, account);
    }

    private static bool Expand(List<string> subjects, UserClaims user, AccountClaims account)
    {
        var result = new List<string>();
        foreach (var entry in subjects)
        {
            var expansions = new List<string> { entry };
            foreach (Match m in Mustache().Matches(entry))
            {
                var values = Values(m.Groups[1].Value.Trim(), user, account);
                if (values is null || values.Count == 0) return false;
                expansions = [.. expansions.SelectMany(e => values.Select(v => e.Replace(m.Value, v, StringComparison.Ordinal)))];
            }
            foreach (var e in expansions)
            {
                var subject = e.Split(' ', 2)[0]; // a subscribe entry may name a queue after a space
                if (!SubjectValidator.IsValidSubject(System.Text.Encoding.UTF8.GetBytes(subject))) return false;
                result.Add(e);
            }
        }
        subjects.Clear();
        subjects.AddRange(result);
        return true;
    }

    private static List<string>? Values(string op, UserClaims user, AccountClaims account)
    {
        if (op.Equals("name()", StringComparison.OrdinalIgnoreCase)) return [user.Name];
        if (op.Equals("subject()", StringComparison.OrdinalIgnoreCase)) return [user.Subject];
        if (op.Equals("account-name()", StringComparison.OrdinalIgnoreCase)) return [account.Name];
        if (op.Equals("account-subject()", StringComparison.OrdinalIgnoreCase)) return [account.Subject];
        if (Tag(op, "tag(") is { } tag) return TagValues(user.Tags, tag);
        if (Tag(op, "account-tag(") is { } accountTag) return TagValues(account.Tags, accountTag);
        return null;
    }

    private static string? Tag(string op, string prefix) =>
        op.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && op.EndsWith(')') ? op[prefix.Length..^1] : null;

    /// <summary>Tags are "name:value"; the name compares case-insensitively.</summary>
    private static List<string> TagValues(IReadOnlyList<string> tags, string name)
    {
        var prefix = name.ToLowerInvariant() + ":";
        return [.. tags.Where(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(t => t[prefix.Length..])];
    }
}
