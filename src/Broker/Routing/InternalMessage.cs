using WebBroker.Broker.Clients;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Routing;

/// <summary>A message for one of the server's internal subscribers, copied out of the publisher's buffer
/// so that it can wait in the internal receive queue. <see cref="From"/> is the publishing connection.</summary>
public sealed record InternalMessage(Connection From, string Subject, string? Reply, byte[] Headers, byte[] Payload);

/// <summary>An internal subscription's callback: it gets the subject, reply, headers and payload.</summary>
public delegate void InternalMessageHandler(InternalMessage message);
