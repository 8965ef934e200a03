namespace WebBroker.Broker.Security;

/// <summary>A user's permissions as the config gives them (<c>permissions {}</c>, <c>default_permissions {}</c>).</summary>
public sealed class PermissionOptions
{
    public SubjectPermission? Publish { get; set; }
    public SubjectPermission? Subscribe { get; set; }
    /// <summary>allow_responses: the user may publish to the reply subjects of requests it received.</summary>
    public ResponsePermission? AllowResponses { get; set; }
}

/// <summary>Allow and deny lists of subjects (with wildcards). Subscribe entries may name a queue
/// after a space ("orders.* workers"): allowed only in that queue group.</summary>
public sealed class SubjectPermission
{
    public List<string> Allow { get; set; } = [];
    public List<string> Deny { get; set; } = [];
}

/// <summary>How many replies per received request (max, default 1) and for how long (expires; zero: no limit).</summary>
public sealed class ResponsePermission
{
    public int MaxMsgs { get; set; } = 1;
    public TimeSpan Expires { get; set; }
}
