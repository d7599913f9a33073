using System;
using System.IO;
using System.Threading;

namespace IamInsights.Checkpoints;

/// <summary>
/// An exclusive lock on a checkpoint, held for a whole run: a lock file beside it, opened with no sharing, so a second
/// run on the same checkpoint (in this or another process) waits for the first.
/// </summary>
public sealed class CheckpointLock : IDisposable
{
    private readonly FileStream stream;

    private CheckpointLock(FileStream stream) => this.stream = stream;

    public static CheckpointLock Acquire(string checkpointPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string lockPath = Path.GetFullPath(checkpointPath) + ".lock";
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                return new CheckpointLock(stream);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new CheckpointException(CheckpointException.UnwritableId, checkpointPath,
                    $"Cannot use the checkpoint '{checkpointPath}': its folder does not exist.", e);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (IOException e)
            {
                throw new CheckpointException(CheckpointException.LockedId, checkpointPath,
                    $"The checkpoint '{checkpointPath}' is in use by another run; waited {timeout.TotalSeconds:0.#} s for it. Try again when that run ends, or raise -CheckpointLockTimeout.", e);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
