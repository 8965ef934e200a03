namespace WebBroker.Broker.Events;

public sealed partial class SystemService
{
    /// <summary>The subject of the authentication failure summaries (WebBroker's own, in the server's $SYS space).</summary>
    public string AuthSummarySubject => $"$SYS.SERVER.{_server.ServerId}.CLIENT.AUTH.SUMMARY";

    internal void AuthenticationFailureSummary(DateTime start, int failures, int notLogged,
        AuthFailureCount[] users, int otherUsers, AuthFailureCount[] addresses, int otherAddresses) =>
        Publish(AuthSummarySubject, new AuthFailureSummaryEvent
        {
            Id = NewId(), Timestamp = Now(), Server = Who(), Start = Monitoring.GoFormat.Time(start),
            Failures = failures, NotLogged = notLogged,
            Users = users, OtherUsers = otherUsers, Addresses = addresses, OtherAddresses = otherAddresses,
        }, EventJsonContext.Default.AuthFailureSummaryEvent);
}
