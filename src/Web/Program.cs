using WebBroker.Web;

// The standalone broker: nats-server's flags, then the same two calls any ASP.NET Core application makes to host it.
try
{
    var commandLine = CommandLine.Parse(args);
    if (commandLine.ShowHelp)
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }
    if (commandLine.ShowVersion)
    {
        Console.WriteLine($"webbroker: v{BrokerVersion.Current} (nats-server {WebBroker.Broker.Server.NatsServer.ProtocolVersion} compatible)");
        return 0;
    }
    if (commandLine.Signal is { } signal)
        return WebBroker.Web.Operations.SignalCommand.Run(signal, commandLine.PidFile);

    // The slim builder leaves out what a broker does not use (IIS integration, HTTP/3 over QUIC, host filtering),
    // which the full one loads at start; HTTPS is added back for the TLS of the monitoring and WebSocket ports.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        // nats-server's flags are ours to read; ASP.NET's own command-line provider would misread them.
        Args = [],
        ContentRootPath = AppContext.BaseDirectory,
    });
    builder.WebHost.UseKestrelHttpsConfiguration();
    builder.Services.AddWebBroker(builder.Configuration, o =>
    {
        o.CommandLine = commandLine;
        o.NatsLogging = true;
    });
    if (commandLine.TestConfig)
    {
        Console.WriteLine("webbroker: configuration is valid");
        return 0;
    }
    var app = builder.Build();
    app.MapWebBroker();
    await app.RunAsync();
    return 0;
}
catch (WebBroker.Broker.Configuration.ConfigException ex)
{
    Console.Error.WriteLine($"webbroker: configuration error: {ex.Message}");
    return 1;
}
catch (CommandLineException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 1;
}
