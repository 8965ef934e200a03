namespace WebBroker.Web;

public static class BrokerVersion
{
    /// <summary>This build's version, as <c>--version</c> and the start-up banner give it.</summary>
    public static string Current => typeof(BrokerVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
