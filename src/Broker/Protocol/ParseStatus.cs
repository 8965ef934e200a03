namespace WebBroker.Broker.Protocol;

/// <summary>Where a parse of one read batch stopped: the input ran out (the rest is an incomplete
/// operation), the batch budget was spent, or the connection must close.</summary>
internal enum ParseStatus { NeedMore, Budget, Close }
