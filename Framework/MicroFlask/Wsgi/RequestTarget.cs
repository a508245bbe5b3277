using MicroFlask.Http;

namespace MicroFlask.Wsgi;

/// <summary>
/// PATH_INFO from the raw request target, by one rule for the Kestrel adapter and the test client, so that the test
/// client runs the server's code: the path is percent-decoded strictly, and a malformed escape makes the request a 400.
/// </summary>
internal static class RequestTarget
{
    /// <summary>Why a request whose path cannot be decoded is a 400.</summary>
    internal const string MalformedPathReason = "The request path has a malformed percent-escape.";

    /// <summary>The raw path of <paramref name="target"/> and its query string (without the '?').</summary>
    public static (string Path, string Query) Split(string target)
    {
        var question = target.IndexOf('?');
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }

    /// <summary>
    /// Sets PATH_INFO to <paramref name="rawPath"/> decoded, less the <paramref name="pathBase"/> (SCRIPT_NAME) it starts
    /// with. A malformed escape keeps the raw text and sets <see cref="Environ.BadRequestReason"/>.
    /// </summary>
    public static void SetPathInfo(Environ environ, string rawPath, string pathBase = "")
    {
        if (!UrlEncoding.TryDecodePath(rawPath, out var path))
        {
            environ.PathInfo = rawPath;
            environ.BadRequestReason = MalformedPathReason;
            return;
        }
        environ.PathInfo = pathBase.Length > 0 && path.StartsWith(pathBase, StringComparison.Ordinal) ? path[pathBase.Length..] : path;
    }
}
