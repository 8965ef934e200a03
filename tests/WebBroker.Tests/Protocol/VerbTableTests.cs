using System.Text;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Protocol;

/// <summary>Which verbs each connection kind may send, and how the parser names them (the client's side is
/// played against both servers in the protocol tests' ConnectionKindVerbTests).</summary>
public class VerbTableTests
{
    [Theory]
    [InlineData("PUB a 1", Verb.Pub)]
    [InlineData("hpub a 1 2", Verb.Hpub)]
    [InlineData("RS+ $G foo", Verb.RouteSub)]
    [InlineData("rs- $G foo", Verb.RouteUnsub)]
    [InlineData("RMSG $G foo 2", Verb.RouteMsg)]
    [InlineData("HMSG $G foo 2 4", Verb.Hmsg)]
    [InlineData("LS+ foo", Verb.LeafSub)]
    [InlineData("LS- foo", Verb.LeafUnsub)]
    [InlineData("LMSG foo 2", Verb.LeafMsg)]
    [InlineData("A+ $G", Verb.AccountSub)]
    [InlineData("A- $G", Verb.AccountUnsub)]
    [InlineData("RS+", Verb.Unknown)]
    [InlineData("RSX foo", Verb.Unknown)]
    public void Every_kinds_verbs_are_named(string line, Verb expected) =>
        Assert.Equal(expected, ProtocolParser.Classify(Encoding.ASCII.GetBytes(line), out _));

    [Fact]
    public void A_client_may_send_the_client_verbs_only()
    {
        var client = VerbTable.For(ConnectionKind.Client);
        foreach (var verb in new[] { Verb.Connect, Verb.Pub, Verb.Hpub, Verb.Sub, Verb.Unsub, Verb.Ping, Verb.Pong, Verb.Ok, Verb.Err, Verb.Info })
            Assert.True(VerbTable.Allows(client, verb), verb.ToString());
        foreach (var verb in new[] { Verb.RouteSub, Verb.RouteUnsub, Verb.RouteMsg, Verb.Hmsg, Verb.LeafSub, Verb.LeafUnsub, Verb.LeafMsg, Verb.AccountSub, Verb.AccountUnsub, Verb.Unknown })
            Assert.False(VerbTable.Allows(client, verb), verb.ToString());
    }

    [Fact]
    public void Routes_gateways_and_leaf_nodes_have_their_own_verbs_and_not_the_clients()
    {
        var router = VerbTable.For(ConnectionKind.Router);
        var gateway = VerbTable.For(ConnectionKind.Gateway);
        var leaf = VerbTable.For(ConnectionKind.Leaf);
        Assert.True(VerbTable.Allows(router, Verb.RouteSub) && VerbTable.Allows(router, Verb.RouteMsg) && VerbTable.Allows(router, Verb.LeafSub));
        Assert.True(VerbTable.Allows(gateway, Verb.RouteSub) && VerbTable.Allows(gateway, Verb.AccountSub));
        Assert.False(VerbTable.Allows(gateway, Verb.LeafSub));
        Assert.True(VerbTable.Allows(leaf, Verb.LeafSub) && VerbTable.Allows(leaf, Verb.LeafMsg) && VerbTable.Allows(leaf, Verb.Hmsg));
        Assert.False(VerbTable.Allows(leaf, Verb.RouteSub));
        foreach (var kind in new[] { router, gateway, leaf })
        {
            Assert.False(VerbTable.Allows(kind, Verb.Pub));
            Assert.True(VerbTable.Allows(kind, Verb.Connect) && VerbTable.Allows(kind, Verb.Ping));
        }
    }

    [Theory]
    [InlineData(ConnectionKind.System)]
    [InlineData(ConnectionKind.JetStream)]
    [InlineData(ConnectionKind.Account)]
    public void Internal_clients_have_no_verbs(ConnectionKind kind) => Assert.Equal(0u, VerbTable.For(kind));

    [Theory]
    [InlineData(ConnectionKind.Client, "P", true)]
    [InlineData(ConnectionKind.Client, "pub\t", true)]
    [InlineData(ConnectionKind.Client, "CONNECT{", true)]
    [InlineData(ConnectionKind.Client, "PINGX", true)]
    [InlineData(ConnectionKind.Client, "HM", true)]
    [InlineData(ConnectionKind.Client, "PUBX", false)]
    [InlineData(ConnectionKind.Client, "R", false)]
    [InlineData(ConnectionKind.Client, "LS+", false)]
    [InlineData(ConnectionKind.Router, "RS+ ", true)]
    [InlineData(ConnectionKind.Router, "LMSG", true)]
    [InlineData(ConnectionKind.Router, "PU", false)]
    [InlineData(ConnectionKind.Leaf, "R", false)]
    [InlineData(ConnectionKind.Leaf, "ls-", true)]
    public void An_unfinished_line_may_begin_only_an_allowed_verb(ConnectionKind kind, string start, bool expected) =>
        Assert.Equal(expected, VerbTable.CouldBegin(VerbTable.For(kind), Encoding.ASCII.GetBytes(start)));
}
