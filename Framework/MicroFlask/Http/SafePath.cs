namespace MicroFlask.Http;

/// <summary>
/// Joins an untrusted relative path onto a trusted directory (Werkzeug's <c>safe_join</c>), and then checks that
/// the real file, with every symbolic link followed, is still inside the directory's real path.
/// </summary>
internal static class SafePath
{
    private const int MaxLinkHops = 40;

    /// <summary>The full path of <paramref name="untrusted"/> under <paramref name="directory"/>, or null when it would leave it.</summary>
    internal static string? Join(string directory, string untrusted)
    {
        if (string.IsNullOrEmpty(untrusted) || untrusted.Contains('\0') || untrusted.Contains('\\')) return null;
        if (untrusted.StartsWith('/') || Path.IsPathRooted(untrusted)) return null;
        foreach (var segment in untrusted.Split('/'))
        {
            if (segment == "..") return null;
        }

        var root = RealPath(Path.GetFullPath(directory));
        var candidate = RealPath(Path.GetFullPath(Path.Combine(directory, untrusted)));
        if (root is null || candidate is null) return null;
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return candidate.StartsWith(rootWithSeparator, StringComparison.Ordinal) ? candidate : null;
    }

    /// <summary>
    /// <paramref name="fullPath"/> with every symbolic link along it resolved, component by component (.NET has no
    /// realpath); null for a link loop. Components that do not exist are kept as written.
    /// </summary>
    internal static string? RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new Stack<string>(Components(fullPath[root.Length..]).Reverse());
        var current = root;
        var hops = 0;
        while (pending.TryPop(out var part))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++hops > MaxLinkHops) return null;
            // The link's target is read from `current`, which is already real, so GetFullPath's lexical ".." is right here.
            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            foreach (var component in Components(resolved[(Path.GetPathRoot(resolved) ?? "/").Length..]).Reverse()) pending.Push(component);
            current = Path.GetPathRoot(resolved) ?? "/";
        }
        return current;
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Where(c => c.Length > 0);
}
