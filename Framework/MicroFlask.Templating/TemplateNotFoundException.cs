namespace MicroFlask.Templating;

/// <summary>A template that no template folder holds (Jinja's <c>TemplateNotFound</c>); the message lists the folders searched.</summary>
public sealed class TemplateNotFoundException : Exception
{
    /// <summary>Creates the error for <paramref name="name"/>, searched in <paramref name="searchPath"/>.</summary>
    public TemplateNotFoundException(string name, IReadOnlyList<string> searchPath)
        : base(searchPath.Count == 0
            ? $"Template '{name}' not found: the app has no template folder (set app.TemplateFolder)."
            : $"Template '{name}' not found. Searched: {string.Join(", ", searchPath)}. " +
              "Put the file in one of these folders, or set app.RootPath / app.TemplateFolder to where it is.")
    {
        Name = name;
        SearchPath = searchPath;
    }

    /// <summary>The template name asked for, e.g. "index.html".</summary>
    public string Name { get; }

    /// <summary>The folders that were searched, in order.</summary>
    public IReadOnlyList<string> SearchPath { get; }
}
