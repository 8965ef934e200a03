namespace WebBroker.TestSupport;

/// <summary>The servers a test can start. The same test code drives both.</summary>
public enum ServerKind
{
    /// <summary>Debian's real nats-server, the reference: a test that fails here is a wrong test.</summary>
    NatsServer,

    /// <summary>WebBroker, started as <c>dotnet WebBroker.Web.dll</c> (<see cref="WebBrokerLauncher"/>).</summary>
    WebBroker,
}
