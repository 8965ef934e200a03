// An application of its own that also hosts the broker: options from its configuration (section "WebBroker",
// here given on the command line as --WebBroker:Port=-1 and so on), no dashboard, one endpoint of its own.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddWebBroker(builder.Configuration, broker => broker.Dashboard = false);

var app = builder.Build();
app.MapWebBroker();
app.MapGet("/hello", () => "hello from the host application");
app.Run();
