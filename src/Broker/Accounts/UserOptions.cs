namespace WebBroker.Broker.Accounts;

/// <summary>A user from the config file: <c>authorization { users: [...] }</c> (account $G) or an account's users.
/// The password is plain or a bcrypt hash.</summary>
public sealed class UserOptions
{
    public string User { get; set; } = "";
    /// <summary>A user identified by a public NKey ("U..."), who proves it by signing the INFO nonce.</summary>
    public string? Nkey { get; set; }
    public string Password { get; set; } = "";
    /// <summary>The account the user belongs to; null for $G.</summary>
    public string? Account { get; set; }
    /// <summary>What the user may publish and subscribe to; null: the default permissions, if any.</summary>
    public Security.PermissionOptions? Permissions { get; set; }
}

/// <summary>An account from the config file's <c>accounts {}</c> block.</summary>
public sealed class AccountOptions
{
    public string Name { get; set; } = "";
    public List<Subjects.MappingOptions> Mappings { get; set; } = [];
    public List<ExportOptions> Exports { get; set; } = [];
    public List<ImportOptions> Imports { get; set; } = [];
}
