using WebBroker.Web;

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
        Console.WriteLine($"webbroker: v{BrokerHost.Version} (nats-server {WebBroker.Broker.Server.NatsServer.ProtocolVersion} compatible)");
        return 0;
    }
    if (commandLine.Signal is { } signal)
        return WebBroker.Web.Operations.SignalCommand.Run(signal, commandLine.PidFile);
    return await BrokerHost.RunAsync(commandLine);
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
