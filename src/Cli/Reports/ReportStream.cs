namespace Tpsim.Cli.Reports;

/// <summary>
/// A report's destination (a file or standard output) whose write failures (a full disk, a closed or broken stdout)
/// become one usage error naming the destination, instead of an internal error with a trace.
/// </summary>
internal sealed class ReportStream(Stream inner, string destination) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            throw Failed(ex);
        }
    }

    public override void Flush() => Guard(inner.Flush);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // A file system may only report a full disk when the last buffer goes out.
            Guard(inner.Dispose);
        }
        base.Dispose(disposing);
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            throw Failed(ex);
        }
    }

    private static bool IsWriteFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or ObjectDisposedException;

    private UsageException Failed(Exception ex) => CliErrors.ReportUnwritable(destination, ex.InnerException as IOException ?? ex);
}
