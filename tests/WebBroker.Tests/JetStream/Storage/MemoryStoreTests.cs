using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

public sealed class MemoryStoreTests : StreamStoreContract
{
    protected override IStreamStore CreateStore(StreamStoreConfig config) => new MemoryStore(config, Clock);

    [Fact]
    public void It_is_memory_storage()
    {
        Assert.Equal(StorageType.Memory, NewStore().Type);
    }
}
