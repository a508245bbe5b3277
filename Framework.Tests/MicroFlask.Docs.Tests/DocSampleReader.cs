namespace MicroFlask.Docs.Tests;

/// <summary>Finds the ```csharp blocks of README.md and of every Markdown file under docs/.</summary>
public static class DocSampleReader
{
    /// <summary>Every block, in file order: README.md first, then docs/ sorted by path.</summary>
    public static IEnumerable<DocSample> ReadAll(string root)
    {
        var docs = Path.Combine(root, "docs");
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.Exists(docs) ? Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : []);
        return files.SelectMany(file => Read(Path.GetRelativePath(root, file).Replace('\\', '/'), File.ReadAllLines(file)));
    }

    /// <summary>The blocks of one file's <paramref name="lines"/>; only a fence that says csharp (or cs, c#) opens one.</summary>
    public static IEnumerable<DocSample> Read(string file, IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var fence = lines[i].TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal)) continue;
            var language = fence[3..].Trim();
            var end = i + 1;
            while (end < lines.Count && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal)) end++;
            if (language is "csharp" or "cs" or "c#")
            {
                yield return new DocSample(file, i + 1, string.Join('\n', lines.Skip(i + 1).Take(end - i - 1)));
            }

            i = end;
        }
    }
}
