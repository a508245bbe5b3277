using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Server-side sessions as files (SESSION_TYPE "filesystem"):
/// <c>app.SessionInterface = new FileSystemSessionInterface("/var/lib/myapp/sessions");</c>
/// </summary>
public sealed class FileSystemSessionInterface : ServerSideSessionInterface
{
    /// <summary>
    /// Sessions in <paramref name="directory"/>, at most <paramref name="threshold"/> files (see <see cref="FileSystemSessionStore"/>);
    /// <paramref name="logger"/> hears when live sessions had to be evicted.
    /// </summary>
    public FileSystemSessionInterface(string directory, int threshold = 500, ServerSideSessionOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(new FileSystemSessionStore(directory, threshold, timeProvider) { Logger = logger ?? NullLogger.Instance }, options)
    {
    }

    /// <summary>Sessions in <paramref name="store"/>, for settings the other constructor does not take (<see cref="FileSystemSessionStore.FilePermissions"/>).</summary>
    public FileSystemSessionInterface(FileSystemSessionStore store, ServerSideSessionOptions? options = null)
        : base(store, options)
    {
    }
}
