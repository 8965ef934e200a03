using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace WebBroker.Tests.Support;

/// <summary>
/// The server's input for an in-memory connection that hands it the written segments one at a time: a read returns
/// what the last one left unconsumed plus at most one new segment. An operation written in two parts is therefore
/// always read in two parts, whatever the timing (no sleeping between writes to hope for it).
/// </summary>
internal sealed class SegmentedPipeReader : PipeReader
{
    private readonly Channel<byte[]> _segments = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private TaskCompletionSource _cancelPending = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = [];
    private bool _unexamined;
    private bool _writerDone;

    public void Write(ReadOnlySpan<byte> segment) => _segments.Writer.TryWrite(segment.ToArray());

    public void CompleteWriter() => _segments.Writer.TryComplete();

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!_unexamined && !_writerDone)
        {
            var more = _segments.Reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(more, _cancelPending.Task) == _cancelPending.Task)
            {
                _cancelPending = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return new ReadResult(new ReadOnlySequence<byte>(_buffer), isCanceled: true, isCompleted: false);
            }
            if (!await more || !TakeSegment()) _writerDone = true;
        }
        _unexamined = false;
        return new ReadResult(new ReadOnlySequence<byte>(_buffer), isCanceled: false, isCompleted: _writerDone);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (_unexamined || TakeSegment())
        {
            _unexamined = false;
            result = new ReadResult(new ReadOnlySequence<byte>(_buffer), isCanceled: false, isCompleted: false);
            return true;
        }
        result = default;
        return false;
    }

    private bool TakeSegment()
    {
        if (!_segments.Reader.TryRead(out var next)) return false;
        _buffer = [.. _buffer, .. next];
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var returned = new ReadOnlySequence<byte>(_buffer);
        _unexamined = returned.Slice(0, examined).Length < _buffer.Length;
        _buffer = _buffer[(int)returned.Slice(0, consumed).Length..];
    }

    public override void CancelPendingRead() => _cancelPending.TrySetResult();

    public override void Complete(Exception? exception = null) => _segments.Writer.TryComplete();
}
